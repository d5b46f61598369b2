"""The three green-space algorithms through Processing and the real qgis_process binary."""
import json

import pandas as pd
import pytest

from greenspace_layouts import box, grid_parameters, make_ledger, unit


def _ledger(tmp_path):
    return make_ledger(
        tmp_path / "p.gpkg",
        [
            unit("D1", box(0, -100, 300, 300), level="district"),
            unit("D2", box(300, -100, 2000, 300), level="district"),
            unit("D1-G1", box(0, 0, 100, 100), parent_id="D1", land_use="grassland"),
            unit("D1-B1", box(200, 0, 20, 20), level="building", parent_id="D1", land_use="residential",
                 population=100),
            unit("D2-B2", box(500, 0, 20, 20), level="building", parent_id="D2", land_use="commercial", population=300),
        ],
        cover={"D1-G1": {"lawn": 10000.0}},
        sinks={"D1-G1": -1.0},
    )


def test_budget_and_benefits_through_processing(tmp_path, run_alg):
    ledger = _ledger(tmp_path)
    parameters_csv = tmp_path / "parameters.csv"
    grid_parameters(
        gs_cooling_distance=100, gs_green_area_threshold=0, gs_albedo_built_up=0, gs_kc_built_up=0,
    ).to_csv(parameters_csv, index=False)
    green_units = tmp_path / "green_units.csv"
    pd.DataFrame({"unit_id": ["D1-G1"], "design_type": ["lawn"], "regime": ["intensive"],
                  "built_year": [2015]}).to_csv(green_units, index=False)
    budget = run_alg("carbonledger:greenspacebudget", {
        "LEDGER": ledger.path, "PARAMETERS": str(parameters_csv), "GREEN_UNITS": str(green_units),
    })
    assert budget["UNITS"] == 1 and budget["NET_SOURCES"] == 1
    assert budget["GROSS_UPTAKE_T"] == pytest.approx(-1.0)
    # built 2015 (GREEN_UNITS), inventory 2024: within the lawn's 20-yr design life, so charged
    assert budget["CONSTRUCTION_T"] == pytest.approx(8.0)  # 10,000 m2 x 16 kg/m2 / 20 yr
    benefits = run_alg("carbonledger:indirectbenefits", {
        "LEDGER": ledger.path, "PARAMETERS": str(parameters_csv), "SOIL_GROUP": "C",
    })
    assert benefits["COOLING_T"] < 0 and benefits["STORMWATER_T"] < 0
    assert json.loads(benefits["POLLUTANTS_KG"]) == {}  # lawn only: no canopy


def test_refusal_becomes_a_processing_error(tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    ledger = make_ledger(tmp_path / "e.gpkg", [unit("P", box(0, 0, 10, 10), land_use="park")])
    with pytest.raises(QgsProcessingException, match="run carbonledger:accountsinks first"):
        run_alg("carbonledger:greenspacebudget", {"LEDGER": ledger.path})


def test_serviceflows_in_qgis_process(tmp_path, qgis_process):
    ledger = _ledger(tmp_path)
    result = qgis_process(
        "run", "carbonledger:serviceflows", "--json", "--", f"LEDGER={ledger.path}", "SUPPLY=area",
        "KERNEL=dichotomy", "MAX_LINES=10",
    ).json["results"]
    # one grassland of 10,000 m2 reaches 400 people within 1000 m: 25 m2 each, 75% to D2
    assert result["POPULATION"] == 400
    assert result["UNDER_SERVED"] == 0
    assert result["CROSS_DISTRICT_SHARE"] == pytest.approx(0.75)
    assert result["LINES"] == 2
