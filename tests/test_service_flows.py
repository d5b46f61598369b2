"""Service flows: a district whose park serves its neighbour, worked by hand."""
import math

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.greenspace.green_units import select_green_units
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.greenspace.service_flows import (
    account_service_flows,
    kernel,
    weighted_gini,
)

from greenspace_layouts import X0, Y0, box, make_ledger, unit


def _two_districts(tmp_path, populations=(100, 300, 50)):
    """D1 holds park G1 (100 m x 100 m of lawn, search radius 1000 m) and B1 100 m from it;
    D2 holds B2 at 400 m and B3 at 1500 m from G1, and a pocket park G2 far from everyone."""
    p1, p2, p3 = populations
    return make_ledger(
        tmp_path / "f.gpkg",
        [
            unit("D1", box(0, -100, 300, 300), level="district"),
            unit("D2", box(300, -100, 6000, 300), level="district"),
            unit("D1-G1", box(0, 0, 100, 100), parent_id="D1", land_use="park"),
            unit("D2-G2", box(5000, 0, 10, 10), parent_id="D2", land_use="pocket_park"),
            unit("D1-B1", box(200, 0, 20, 20), level="building", parent_id="D1", population=p1),
            unit("D2-B2", box(500, 0, 20, 20), level="building", parent_id="D2", population=p2),
            unit("D2-B3", box(1600, 0, 20, 20), level="building", parent_id="D2", population=p3),
        ],
        cover={"D1-G1": {"lawn": 10000.0}, "D2-G2": {"lawn": 100.0}},
        sinks={"D1-G1": -5.0},
    )


def test_kernels_and_gini_by_hand():
    distances = [0.0, 500.0, 1000.0, 1001.0]
    assert kernel(distances, 1000.0, "dichotomy").tolist() == [1, 1, 1, 0]
    assert kernel(distances, 1000.0, "exponential") == pytest.approx([1, math.exp(-0.5), math.exp(-1), 0])
    gauss = (math.exp(-0.125) - math.exp(-0.5)) / (1 - math.exp(-0.5))
    assert kernel(distances, 1000.0, "gaussian") == pytest.approx([1, gauss, 0, 0])
    assert kernel(distances, 1000.0, "density") == pytest.approx([0.75, 0.5625, 0, 0])
    assert weighted_gini([0.0, 25.0], [50, 300]) == pytest.approx(1 / 7)
    assert weighted_gini([4.0, 4.0, 4.0], [1, 2, 3]) == pytest.approx(0.0)
    with pytest.raises(LedgerInputError, match="triangle"):
        kernel(distances, 1000.0, "triangle")


def test_park_serves_its_neighbour_dichotomy(tmp_path):
    ledger = _two_districts(tmp_path)
    messages = []
    summary = account_service_flows(ledger, "area", "dichotomy", progress=Progress(log=messages.append))
    access = ledger.read_table("service_access").set_index("unit_id")
    # P'_G1 = 100 + 300 (B3 is beyond 1000 m); R = 10000 m2 / 400 persons = 25 m2/person
    assert access.loc["D1-G1", "population"] == pytest.approx(400)
    assert access.loc["D1-G1", "supply_per_person"] == pytest.approx(25)
    assert access.loc["D2-B2", "supply_per_person"] == pytest.approx(25)
    assert access.loc["D2-B2", "balance"] == pytest.approx(25 - 9)
    assert access.loc["D2-B3", "supply_per_person"] == 0
    assert access.loc["D2-B3", "status"] == "under_served"
    assert access.loc["D2-G2", "status"] == "no_population_in_reach"
    assert any("1 green units have no residents" in m and "D2-G2" in m for m in messages)
    matrix = ledger.read_table("service_flow_matrix").set_index(["from_district", "to_district"])
    assert matrix.loc[("D1", "D1"), "flow"] == pytest.approx(2500)
    assert matrix.loc[("D1", "D2"), "flow"] == pytest.approx(7500)
    assert matrix.loc[("D1", "D2"), "share_of_supply"] == pytest.approx(0.75)
    districts = ledger.read_table("service_districts").set_index("district_id")
    assert districts.loc["D2", "under_served_population"] == 50
    assert districts.loc["D2", "gini"] == pytest.approx(1 / 7)
    assert districts.loc["D1", "gini"] == pytest.approx(0)
    assert districts.loc["D1", "supply_own"] == pytest.approx(10000)
    assert districts.loc["D2", "supply_received"] == pytest.approx(7500)
    assert summary["cross_district_share"] == pytest.approx(0.75)
    lines = ledger.read_layer("service_flows").set_index("to_district")
    assert len(lines) == 2
    end = lines.loc["D2"].geometry.geoms[0].coords[-1]
    assert end == pytest.approx((X0 + 510, Y0 + 10))  # the only served resident of D2
    assert lines.loc["D2", "green_unit_id"] == "D1-G1" and lines.loc["D2", "flow"] == pytest.approx(7500)


def test_exponential_flows_conserve_supply_and_sink_kind(tmp_path):
    ledger = _two_districts(tmp_path)
    account_service_flows(ledger, "sink", "exponential")
    f1, f2 = math.exp(-0.1), math.exp(-0.4)
    ratio = 5.0 / (100 * f1 + 300 * f2)  # t CO2e/yr per person reached
    access = ledger.read_table("service_access").set_index("unit_id")
    assert access.loc["D1-B1", "supply_per_person"] == pytest.approx(ratio * f1)
    assert access.loc["D2-B2", "supply_per_person"] == pytest.approx(ratio * f2)
    assert access["balance"].dropna().empty  # no demand standard for sink supply
    assert access.loc["D2-B2", "status"] == "no_standard"
    matrix = ledger.read_table("service_flow_matrix")
    assert matrix["flow"].sum() == pytest.approx(5.0)
    assert matrix.set_index("to_district").loc["D2", "flow"] == pytest.approx(300 * f2 * ratio)
    # a second kind is stored beside the first, a re-run replaces it
    account_service_flows(ledger, "area", "exponential")
    account_service_flows(ledger, "area", "exponential")
    assert sorted(ledger.read_table("service_flow_matrix")["supply_kind"].unique()) == ["area", "sink"]
    assert ledger.count("service_flow_matrix", {"supply_kind": "area"}) == 2


def test_no_population_is_refused_and_negative_population_named(tmp_path):
    ledger = _two_districts(tmp_path, populations=(0, 0, 0))
    with pytest.raises(LedgerInputError, match="no building unit has population > 0"):
        account_service_flows(ledger)
    assert ledger.count("runs", {"algorithm": "carbonledger:serviceflows"}) == 0
    (tmp_path / "n").mkdir()
    ledger = _two_districts(tmp_path / "n", populations=(10, -3, 0))
    with pytest.raises(LedgerInputError, match="row D2-B2.*-3"):
        account_service_flows(ledger)


def test_cooling_supply_is_capacity_weighted_green_area(tmp_path):
    ledger = _two_districts(tmp_path)
    account_service_flows(ledger, "cooling", "dichotomy")
    cc_lawn = 0.2 * 0.22 + 0.2 * 0.8  # shipped albedo and Kc of lawn, no shade
    access = ledger.read_table("service_access").set_index("unit_id")
    assert access.loc["D1-G1", "supply"] == pytest.approx(cc_lawn * 10000)
    assert access.loc["D1-B1", "supply_per_person"] == pytest.approx(cc_lawn * 10000 / 400)
    assert ledger.read_table("service_flow_matrix")["flow"].sum() == pytest.approx(cc_lawn * 10000)


def test_a_green_unit_that_is_not_a_polygon_is_named():
    park = box(0, 0, 100, 100)
    collection = shapely.GeometryCollection([park, shapely.LineString([(X0, Y0 - 10), (X0 + 50, Y0 - 10)])])
    units = gpd.GeoDataFrame(pd.DataFrame([unit("D1-P1", park, land_use="park"),
                                           unit("D1-P2", collection, land_use="park")]), geometry="geometry")
    with pytest.raises(LedgerInputError, match="D1-P2.*GeometryCollection, not a polygon"):
        select_green_units(units)
    assert len(select_green_units(units.iloc[:1])) == 1
