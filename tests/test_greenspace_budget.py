"""Life-cycle budget of green space against hand-worked numbers (shipped parameters, test grid row)."""
import math

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget
from urban_carbon_ledger.algorithms.ledger.store import Ledger

from greenspace_layouts import box, grid_parameters, make_ledger, unit

GRID = 0.5271  # kg CO2/kWh, test row
N2O = 0.01 * 44 / 28 * 265  # kg CO2e per kg N: EF1 x N2O/N2O-N x GWP100 (AR5)


def _lawn_and_park(tmp_path):
    return make_ledger(
        tmp_path / "l.gpkg",
        [
            unit("D1", box(0, 0, 400, 400), level="district"),
            unit("D1-P1", box(0, 0, 100, 100), parent_id="D1", land_use="lawn"),
            unit("D1-P2", box(200, 0, 200, 100), parent_id="D1", land_use="park", built_year=2010),
            unit("D1-P3", box(0, 200, 100, 100), parent_id="D1", land_use="residential"),
        ],
        cover={"D1-P1": {"lawn": 10000.0}, "D1-P2": {"urban_trees": 10000.0, "lawn": 10000.0}},
        sinks={"D1-P1": -1.0, "D1-P2": -20.0},
    )


def test_irrigated_lawn_is_a_net_source_and_park_pays_back(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    summary = account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert set(budget.index) == {"D1-P1", "D1-P2"}

    # Lawn, 10,000 m2, intensive: construction (5 + 8 + 3) kg/m2 / 20 yr
    lawn = budget.loc["D1-P1"]
    construction = 10000 * 16 / 1000 / 20
    irrigation = 10000 * 1.0 * 0.45 * GRID / 1000
    mowing = 10000 * 0.08 * 2.27 / 1000
    fertiliser = 10000 * 0.02 * N2O / 1000
    pruning = 10000 * 0.0015 * 175.6 / 1000
    replanting = 10000 * 0.05 * 1.5 / 1000
    maintenance = irrigation + mowing + fertiliser + pruning + replanting
    assert lawn["construction_amortised_t"] == pytest.approx(8.0)
    assert lawn["construction_total_t"] == pytest.approx(construction * 20)
    assert lawn["maintenance_t"] == pytest.approx(maintenance)
    assert irrigation == pytest.approx(2.371950)
    assert irrigation > 1.0  # the water alone outweighs the lawn's uptake
    assert lawn["net_t"] == pytest.approx(-1.0 + maintenance + construction)
    assert lawn["net_t"] > 0
    assert pd.isna(lawn["payback_years"]) and pd.isna(lawn["payback_year"])

    # Park, 20,000 m2 (half trees, half lawn), standard regime, built 2010
    park = budget.loc["D1-P2"]
    construction_total = 20000 * (8 + 30 + 10) / 1000
    maintenance = (
        (10000 * 0.5 + 10000 * 0.2) * 0.45 * GRID / 1000
        + 10000 * 0.04 * 2.27 / 1000
        + (10000 * 0.01 + 10000 * 0.002) * N2O / 1000
        + (10000 * 0.001 + 10000 * 0.0008) * 175.6 / 1000
        + (10000 * 0.03 + 10000 * 0.01) * 1.5 / 1000
    )
    assert park["construction_amortised_t"] == pytest.approx(construction_total / 30)
    assert park["maintenance_t"] == pytest.approx(maintenance)
    years = construction_total / (20.0 - maintenance)
    assert park["payback_years"] == pytest.approx(years)
    assert park["payback_year"] == 2010 + math.ceil(years)
    assert summary["net_sources"] == 2  # amortised construction outweighs the park's net uptake too
    assert summary["units"] == 2


def test_entries_are_traceable_sources(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    account_greenspace_budget(ledger, grid_parameters())
    entries = ledger.read_table("entries", match={"flow": "source"})
    irrigation = entries[(entries["unit_id"] == "D1-P1") & (entries["sector"] == "greenspace_irrigation")].iloc[0]
    assert irrigation["activity"] == pytest.approx(4500.0)  # kWh = 10,000 m2 x 1.0 m3/m2 x 0.45 kWh/m3
    assert irrigation["factor_id"] == "china_grid_central_2023"
    assert irrigation["co2e_t"] == pytest.approx(4500 * GRID / 1000)
    assert irrigation["low_t"] < irrigation["co2e_t"] < irrigation["high_t"]
    assert irrigation["scope"] == 2
    factors = set(ledger.read_table("factors")["factor_id"])
    assert {"gs_irrigation_water_intensive_lawn", "gs_pumping_energy", "gs_lifetime_lawn", "gwp_ar5_n2o"} <= factors
    units = ledger.read_table("units").set_index("unit_id")
    sources = entries.groupby("unit_id")["co2e_t"].sum()
    assert units.loc["D1", "source_t"] == pytest.approx(sources.sum())
    # running again replaces, never doubles
    account_greenspace_budget(ledger, grid_parameters())
    assert len(ledger.read_table("entries", match={"flow": "source"})) == len(entries)


def test_override_table_and_assignment_turn_a_park_into_an_extensive_meadow(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    assignment = pd.DataFrame({"unit_id": ["D1-P2"], "design_type": ["grassland"], "regime": ["extensive"]})
    account_greenspace_budget(ledger, grid_parameters(gs_lifetime_grassland=10), assignments=assignment)
    park = ledger.read_table("greenspace_budget").set_index("unit_id").loc["D1-P2"]
    assert park["design_type"] == "grassland"
    assert park["construction_amortised_t"] == pytest.approx(20000 * (3 + 4 + 2) / 1000 / 10)
    # extensive: only pruning of urban trees (0.0005 t/m2) applies to this cover
    assert park["maintenance_t"] == pytest.approx(10000 * 0.0005 * 175.6 / 1000)


def test_overlapping_green_units_are_counted_once(tmp_path):
    ledger = make_ledger(
        tmp_path / "o.gpkg",
        [
            unit("P1", box(0, 0, 100, 100), land_use="lawn"),
            unit("P2", box(50, 0, 100, 100), land_use="lawn"),
        ],
        cover={"P1": {"lawn": 10000.0}, "P2": {"lawn": 10000.0}},
        sinks={"P1": -1.0, "P2": -1.0},
    )
    messages = []
    from urban_carbon_ledger.algorithms.core.progress import Progress

    summary = account_greenspace_budget(ledger, grid_parameters(), progress=Progress(log=messages.append))
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["P1", "area_m2"] == pytest.approx(10000)
    assert budget.loc["P2", "area_m2"] == pytest.approx(5000)
    assert budget.loc["P2", "construction_amortised_t"] == pytest.approx(5000 * 16 / 1000 / 20)
    assert summary["overlaps"] == 1
    assert any("P2 and P1 share 5000.0 m2" in m for m in messages)


def test_no_sink_entries_is_refused_before_writing(tmp_path):
    path = tmp_path / "e.gpkg"
    ledger = make_ledger(path, [unit("P1", box(0, 0, 100, 100), land_use="lawn")])
    with pytest.raises(LedgerInputError, match="run carbonledger:accountsinks first"):
        account_greenspace_budget(ledger, grid_parameters())
    assert ledger.count("runs", {"algorithm": "carbonledger:greenspacebudget"}) == 0


def test_unknown_design_type_names_the_row(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    bad = pd.DataFrame({"unit_id": ["D1-P1", "D1-P2"], "design_type": ["lawn", "rooftop"]})
    with pytest.raises(LedgerInputError, match="row 2.*rooftop"):
        account_greenspace_budget(ledger, grid_parameters(), assignments=bad)


def test_missing_grid_factor_is_named(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    with pytest.raises(LedgerInputError, match="china_grid_mars_2023"):
        account_greenspace_budget(ledger, grid_parameters(), grid_factor_id="china_grid_mars_2023")
    assert Ledger(ledger.path).count("greenspace_budget") == 0


def test_land_conversion_is_not_gross_uptake(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    conversion = pd.DataFrame([{
        "entry_id": "baseline/D1-P1/land_conversion", "unit_id": "D1-P1", "scenario": "baseline", "flow": "sink",
        "sector": "land_conversion", "co2e_t": -50.0, "low_t": -60.0, "high_t": -40.0,
    }])
    with ledger.transaction("test:conversion") as writer:
        writer.append_rows("entries", conversion)
    account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["D1-P1", "gross_uptake_t"] == pytest.approx(-1.0)


def test_a_fresh_budget_verifies_clean(tmp_path):
    """Every factor a life-cycle entry names is copied into the ledger, so verification recomputes it."""
    from urban_carbon_ledger.algorithms.mrv.verification import verify_ledger

    ledger = _lawn_and_park(tmp_path)
    account_greenspace_budget(ledger, grid_parameters())
    mismatches, summary = verify_ledger(ledger.path)
    lifecycle = mismatches[mismatches["entry_id"].str.contains("/greenspace_")]
    assert lifecycle.empty, lifecycle[["entry_id", "field", "stored"]].to_string()
    sectors = set(ledger.read_table("entries", match={"flow": "source"})["sector"])
    assert {"greenspace_mowing", "greenspace_pruning_waste", "greenspace_fertiliser", "greenspace_replanting"} & sectors
