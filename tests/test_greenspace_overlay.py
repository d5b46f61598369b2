"""Shared ground of green units measured robustly: parcels with needle-thin spikes (a ring running out along an edge
and back), as segmentunits wrote them in the 100,000-parcel city of bench_city.py (tests/data/spiky_parcels.csv holds
four of its parcels as they are in its ledger). In floating precision GEOS returned garbage for their overlays:
D01-B2459-P02 (93,095 m2) came out covered by its neighbour D01-B2416-P01, with which it shares only an edge, and
through qgis_process (QGIS's own GEOS) D11-B0755-P01 (77,283 m2) by D11-B0737-P01, which it touches at one point;
their effective areas were 0 while their uptake was booked."""
import pandas as pd
import pytest
import shapely

from greenspace_layouts import box, grid_parameters, make_ledger, unit
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget
from urban_carbon_ledger.algorithms.greenspace.green_units import effective_areas, select_green_units

SPIKY = pd.read_csv(__import__("pathlib").Path(__file__).parent / "data" / "spiky_parcels.csv")


def _parcels(*unit_ids):
    """unit() rows of the named spiky parcels (geometries exactly as the city's ledger holds them)."""
    rows = SPIKY.set_index("unit_id").loc[list(unit_ids)]
    return [unit(unit_id, shapely.from_wkt(row.wkt), land_use=row.land_use) for unit_id, row in rows.iterrows()]


def _green(rows):
    import geopandas as gpd

    return select_green_units(gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry"))


def test_neighbours_sharing_only_their_boundary_keep_their_areas():
    # parcels of one block, which segmentunits tiles: at most a needle of their edges is shared, far below 0.01 m2
    green = _green(_parcels("D01-B2416-P01", "D01-B2459-P02"))
    effective, measured, overlaps = effective_areas(green)
    assert effective.tolist() == shapely.area(green.geometry.values).tolist()  # main: 0 for D01-B2459-P02
    assert len(overlaps) == 0


def test_shared_ground_beside_a_spike_is_counted_once():
    # D11-B0737-P01 with a second part: a 10 m x 10 m square inside D11-B0755-P01, whose id sorts after it
    rows = _parcels("D11-B0737-P01", "D11-B0755-P01")
    square = shapely.box(501440, 3419200, 501450, 3419210)
    assert shapely.contains_properly(rows[1]["geometry"], square)
    rows[0]["geometry"] = shapely.MultiPolygon([*rows[0]["geometry"].geoms, square])
    green = _green(rows)
    effective, measured, overlaps = effective_areas(green)
    area = shapely.area(green.geometry.values)
    assert overlaps["overlap_m2"].tolist() == pytest.approx([100.0], abs=1e-3)  # main: 77,379 m2
    assert overlaps[["unit_id", "other_unit_id"]].values.tolist() == [["D11-B0755-P01", "D11-B0737-P01"]]
    assert effective[0] == area[0]
    assert effective[1] == pytest.approx(area[1] - 100.0, abs=1e-3)


def test_budget_through_qgis_process_keeps_a_touching_parcel(tmp_path, qgis_process):
    # the path that failed: qgis_process runs QGIS's GEOS (3.11.1 here), which put 21,083 m2 of D11-B0755-P01 under
    # D11-B0737-P01 and then left it nothing (area_m2 0, uptake -2 t booked)
    rows = _parcels("D11-B0737-P01", "D11-B0755-P01")
    ledger = make_ledger(tmp_path / "spiky.gpkg", rows, sinks={"D11-B0737-P01": -3.0, "D11-B0755-P01": -2.0})
    parameters = tmp_path / "parameters.csv"
    grid_parameters().to_csv(parameters, index=False)
    result = qgis_process("run", "carbonledger:greenspacebudget", "--json", "--", f"LEDGER={ledger.path}",
                          f"PARAMETERS={parameters}")
    assert "overlap" not in result.stdout
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    for row in rows:
        assert budget.at[row["unit_id"], "area_m2"] == budget.at[row["unit_id"], "outline_m2"] == row["geometry"].area
    assert budget["counted_in"].tolist() == ["", ""]  # no ground given to the other
    assert budget["gross_uptake_t"].to_dict() == {"D11-B0737-P01": -3.0, "D11-B0755-P01": -2.0}


def test_the_in_process_budget_agrees(tmp_path):
    rows = _parcels("D01-B2416-P01", "D01-B2459-P02")
    ledger = make_ledger(tmp_path / "spiky.gpkg", rows, sinks={"D01-B2416-P01": -1.0, "D01-B2459-P02": -0.5})
    summary = account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert summary["overlaps"] == 0
    assert budget["area_m2"].to_dict() == {row["unit_id"]: row["geometry"].area for row in rows}


def test_a_wholly_covered_unit_books_no_uptake(tmp_path):
    # P2 lies on P1's ground (P1 sorts first): area 0 and none of its -1 t; P1 measured that ground itself
    ledger = make_ledger(
        tmp_path / "same.gpkg",
        [unit("P1", box(0, 0, 100, 100), land_use="lawn"), unit("P2", box(0, 0, 100, 100), land_use="lawn")],
        cover={"P1": {"lawn": 10000.0}, "P2": {"lawn": 10000.0}}, sinks={"P1": -1.0, "P2": -1.0},
    )
    messages = []
    account_greenspace_budget(ledger, grid_parameters(), progress=Progress(log=messages.append))
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["area_m2"].to_dict() == {"P1": 10000.0, "P2": 0.0}
    assert budget["outline_m2"].to_dict() == {"P1": 10000.0, "P2": 10000.0}
    assert budget["counted_in"].to_dict() == {"P1": "", "P2": "P1 10000.00"}  # all of P2's ground counts in P1
    assert budget["gross_uptake_t"].to_dict() == {"P1": -1.0, "P2": 0.0}  # main: -1.0 booked for P2's 0 m2
    assert budget.loc["P2", ["maintenance_t", "net_t", "net_low_t", "net_high_t"]].tolist() == [0.0] * 4
    assert any("1 units (e.g. P2) are wholly covered" in m for m in messages)
    assert not any("no sink entries" in m for m in messages)


def test_a_green_parcel_keeps_its_ground_in_a_green_block(tmp_path):
    # GREEN_UNITS makes the block B1 a park; its lawn parcel B1-P1 keeps its 10,000 m2 and the -1 t below it (its
    # owned entries), the block the rest: 10,000 m2 and the -0.3 t of its other parcel
    ledger = make_ledger(
        tmp_path / "block.gpkg",
        [
            unit("B1", box(0, 0, 200, 100), level="block"),
            unit("B1-P1", box(0, 0, 100, 100), parent_id="B1", land_use="lawn"),
            unit("B1-P2", box(100, 0, 100, 100), parent_id="B1", land_use="residential"),
        ],
        cover={"B1": {"lawn": 10000.0, "urban_trees": 10000.0}, "B1-P1": {"lawn": 10000.0}},
        sinks={"B1-P1": -1.0, "B1-P2": -0.3},
    )
    assignments = pd.DataFrame({"unit_id": ["B1"], "design_type": ["park"]})
    account_greenspace_budget(ledger, grid_parameters(), assignments=assignments)
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["area_m2"].to_dict() == {"B1": 10000.0, "B1-P1": 10000.0}  # main: 20,000 and 0 (B1 sorts first)
    # the block's 20,000 m2 as drawn, half of it counted in its parcel, which sorts after it but is nested in it
    assert budget["outline_m2"].to_dict() == {"B1": 20000.0, "B1-P1": 10000.0}
    assert budget["counted_in"].to_dict() == {"B1": "B1-P1 10000.00", "B1-P1": ""}
    assert budget["gross_uptake_t"].to_dict() == {"B1": -0.3, "B1-P1": -1.0}


def test_a_pair_snap_rounding_fails_on_is_measured_on_a_coarser_grid():
    # two wetland parcels of one block of the 1,000,000-parcel city, sharing an edge: GEOS's snap-rounding on the
    # micrometre grid fails for them ('TopologyException: Ring edge missing at 537258.644 3479737.517'), so
    # greenspacebudget failed on the whole city; on 0.1 mm they share nothing and keep their areas
    first, second = (shapely.from_wkt(wkt) for wkt in SPIKY.set_index("unit_id").loc[
        ["D007-B0050-P01", "D007-B0050-P02"], "wkt"])
    with pytest.raises(shapely.errors.GEOSException, match="Ring edge missing"):
        shapely.intersection(first, second, grid_size=1e-6)
    green = _green(_parcels("D007-B0050-P01", "D007-B0050-P02"))
    effective, measured, overlaps = effective_areas(green)
    assert effective.tolist() == measured.tolist() == shapely.area(green.geometry.values).tolist()
    assert len(overlaps) == 0


def _strips(tmp_path, *rows):
    """A ledger of lawn parcels ``rows`` (unit_id, geometry), each with its outline in lawn and -1 t of uptake."""
    units = [unit(unit_id, geometry, land_use="lawn", built_year=2020) for unit_id, geometry in rows]
    return make_ledger(tmp_path / "strips.gpkg", units, cover={u: {"lawn": g.area} for u, g in rows},
                       sinks={u: -1.0 for u, _ in rows})


def test_the_budget_says_which_unit_took_a_units_ground(tmp_path):
    # P1 is 30 m x 20 m (600 m2), P2 40 m x 20 m (800 m2) from x = 20: they share the strip x 20-30, 10 m x 20 m =
    # 200 m2, which counts in P1 (its id sorts first). P1 keeps its 600 m2; P2 counts 800 - 200 = 600 m2
    ledger = _strips(tmp_path, ("D1-P1", box(0, 0, 30, 20)), ("D1-P2", box(20, 0, 40, 20)))
    account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["D1-P1", ["outline_m2", "area_m2", "counted_in"]].tolist() == [600.0, 600.0, ""]
    assert budget.loc["D1-P2", "outline_m2"] == 800.0
    assert budget.loc["D1-P2", "counted_in"] == "D1-P1 200.00"  # main: no such column, only the overlap count
    assert budget.loc["D1-P2", "area_m2"] == pytest.approx(800.0 - 200.0, abs=1e-6)


def test_ground_under_two_takers_counts_in_the_first(tmp_path):
    # P3 (60 m x 20 m from y = 15, 1,200 m2) lies 5 m over P1 (x 0-30: 150 m2) and P2 (x 20-60: 200 m2); the 10 m x
    # 5 m = 50 m2 under both counts in P1, which takes it from P2 too: P3 gives 150 m2 to P1 and 200 - 50 = 150 m2
    # to P2, 300 m2 in all, and counts 1,200 - 300 = 900 m2 (P2 gives its 200 m2 shared with P1: 800 - 200 = 600)
    ledger = _strips(tmp_path, ("D1-P1", box(0, 0, 30, 20)), ("D1-P2", box(20, 0, 40, 20)),
                     ("D1-P3", box(0, 15, 60, 20)))
    account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["outline_m2"].to_dict() == {"D1-P1": 600.0, "D1-P2": 800.0, "D1-P3": 1200.0}
    assert budget["counted_in"].to_dict() == {"D1-P1": "", "D1-P2": "D1-P1 200.00",
                                              "D1-P3": "D1-P1 150.00;D1-P2 150.00"}
    assert budget["area_m2"].to_dict() == pytest.approx({"D1-P1": 600.0, "D1-P2": 600.0, "D1-P3": 900.0}, abs=1e-6)
    for unit_id, row in budget.iterrows():  # what the ledger alone says: outline - the m2 named = area
        named = sum(float(part.rsplit(" ", 1)[1]) for part in row["counted_in"].split(";") if part)
        assert row["outline_m2"] - named == pytest.approx(row["area_m2"], abs=0.01), unit_id
