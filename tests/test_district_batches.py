"""segmentunits a batch of districts at a time (issue 22): the same units and links whatever the batch size,
features crossing district boundaries treated as the whole-city cut treats them, and the batches written
into a fresh ledger with one packed spatial index."""
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.units import batch_writes, district_batches, parcels, unit_frames
from urban_carbon_ledger.algorithms.units import segment_units as segmentation
from urban_carbon_ledger.algorithms.units.packed_geometry import PackedGeometry

CRS = "EPSG:4547"
X0, Y0 = 500_000.0, 3_380_000.0
FIELDS = segmentation.UnitFields(road_id="road_id", building_id="building_id")


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def line(*points):
    return shapely.LineString([(X0 + x, Y0 + y) for x, y in points])


def layers():
    """Three 100 x 100 m districts in a row; one road along y 50 through all, one across each at x 50, 150,
    250 (overshooting by 10 m): four 50 x 50 m blocks a district. Residential everywhere; park A
    (x 60-100.5, y 60-90) lies in D01's north-east block and spills 0.5 x 30 = 15 m2 into D02 (over MIN_AREA
    1 m2: cut there too); park B (x 160-200.01, y 10-40) lies in D02's south-east block and spills
    0.01 x 30 = 0.3 m2 into D03 (under MIN_AREA: left out there). A building (x 90-120, y 20-30) has
    10 x 10 = 100 m2 in D01 and 20 x 10 = 200 m2 in D02."""
    districts = gpd.GeoDataFrame({"code": ["D01", "D02", "D03"]},
                                 geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)], crs=CRS)
    roads = gpd.GeoDataFrame(
        {"road_id": ["h", "v1", "v2", "v3"], "road_class": "local", "aadt": 1000},
        geometry=[line((-10, 50), (310, 50))] + [line((x, -10), (x, 110)) for x in (50, 150, 250)], crs=CRS)
    landuse = gpd.GeoDataFrame({"land_use": ["residential", "park", "park"]},
                               geometry=[box(0, 0, 300, 100), box(60, 60, 100.5, 90), box(160, 10, 200.01, 40)],
                               crs=CRS)
    buildings = gpd.GeoDataFrame({"building_id": ["b1"]}, geometry=[box(90, 20, 120, 30)], crs=CRS)
    for frame in (districts, roads, landuse, buildings):
        frame["row"] = np.arange(1, len(frame) + 1)
    return districts, roads, landuse, buildings


def segmented(batch_size):
    return segmentation.segment_units(*layers(), crs=CRS, fields=FIELDS, batch_size=batch_size)


def test_one_district_a_batch_gives_the_units_and_links_of_the_whole_city():
    whole, apart = segmented(8), segmented(1)
    for kind in ("units", "links"):
        one, other = getattr(whole, kind), getattr(apart, kind)
        assert one["unit_id"].tolist() == getattr(apart, kind)["unit_id"].tolist()
        assert one["parent_id"].tolist() == other["parent_id"].tolist()
        assert np.allclose(shapely.area(one.geometry.values) + shapely.length(one.geometry.values),
                           shapely.area(other.geometry.values) + shapely.length(other.geometry.values), atol=1e-6)
    assert whole.counts == apart.counts
    assert whole.residuals == pytest.approx(apart.residuals)


def test_land_use_and_buildings_across_district_boundaries_by_hand():
    units = segmented(1).units.set_index("unit_id")
    parcels = units[units["level"] == "parcel"]
    # 12 blocks, one parcel each, plus park A in D01 (1,200 m2), its 15 m2 spill in D02, park B in D02;
    # park B's 0.3 m2 spill into D03 is left out: D03's four blocks stay one residential parcel each.
    assert (units["level"] == "block").sum() == 12
    assert len(parcels) == 15
    assert sorted(parcels.loc[parcels["land_use"] == "park", "area_m2"].round(3)) == [15.0, 1200.0, 1200.0]
    assert (parcels["parent_id"].str[:3] == "D03").sum() == 4
    assert parcels.loc[parcels["parent_id"].str[:3] == "D03", "land_use"].eq("residential").all()
    # The building goes to D02's parcel, holding 200 of its 300 m2.
    building = units[units["level"] == "building"]
    assert len(building) == 1 and building.index[0].startswith("D02-")
    # Units tile: the parcels hold the 30,000 m2 of the city less nothing (the 0.3 m2 spill is park B's).
    assert parcels["area_m2"].sum() == pytest.approx(30_000.0, abs=1e-6)


def test_ids_padding_a_later_batch_widens_asks_for_a_restart():
    digits = {}
    assert unit_frames.numbered(["D01"], [7], "parcel", digits, set()).tolist() == ["D01-P07"]
    assert unit_frames.numbered(["D02"], [120], "parcel", digits, set()).tolist() == ["D02-P120"]
    with pytest.raises(unit_frames.Wider) as wider:
        unit_frames.numbered(["D03"], [1234], "parcel", digits, {"parcel"})
    assert wider.value.digits == {"parcel": 4}


def test_batches_written_into_a_fresh_ledger_equal_the_whole_write_with_a_packed_index(tmp_path):
    paths = tmp_path / "whole.gpkg", tmp_path / "batches.gpkg"
    for path in paths:
        ledger.create_ledger(str(path), CRS)
    segmentation.write_units(ledger.Ledger(str(paths[0])), segmented(8))
    book = ledger.Ledger(str(paths[1]))
    assert batch_writes.is_fresh(book)
    _, summary = batch_writes.write_batches(book, lambda digits: segmentation.segment_batches(
        *layers(), crs=CRS, fields=FIELDS, batch_size=1, digits=digits))
    assert summary.counts["parcel"] == 15 and not batch_writes.is_fresh(book)
    for table in ("units", "links"):
        one, other = (ledger.Ledger(str(path)).read_layer(table).sort_values("unit_id") for path in paths)
        assert one["unit_id"].tolist() == other["unit_id"].tolist()
        with sqlite3.connect(str(paths[1])) as connection:
            assert connection.execute(f"SELECT count(*) FROM rtree_{table}_geom").fetchone()[0] == len(other)
            assert connection.execute(f"SELECT rtreecheck('rtree_{table}_geom')").fetchone()[0] == "ok"


def test_a_later_batch_numbering_wider_restarts_the_fresh_write_in_one_run(tmp_path):
    """D03's south-east block (x 250-300, y 0-50) cut by 100 park strips 0.5 m wide: its parcels are numbered
    1..100, 3 digits, after D01 and D02 (one district a batch) were written with 2 (P01..P05): the transaction is
    rolled back and written again with 3 digits everywhere, the ids those of the whole city cut at once; one run,
    one packed index."""
    def strips():
        districts, roads, landuse, buildings = layers()
        extra = gpd.GeoDataFrame({"land_use": "park"}, index=range(100), crs=CRS,
                                 geometry=[box(250 + 0.5 * i, 0, 250.5 + 0.5 * i, 50) for i in range(100)])
        landuse = pd.concat([landuse, extra], ignore_index=True)
        landuse["row"] = np.arange(1, len(landuse) + 1)
        return districts, roads, landuse, buildings

    whole = segmentation.segment_units(*strips(), crs=CRS, fields=FIELDS, batch_size=8)
    path = str(tmp_path / "batches.gpkg")
    ledger.create_ledger(path, CRS)
    book = ledger.Ledger(path)
    run_id, _ = batch_writes.write_batches(book, lambda digits: segmentation.segment_batches(
        *strips(), crs=CRS, fields=FIELDS, batch_size=1, digits=digits))
    units = book.read_layer("units").sort_values("unit_id")
    parcels = units.loc[units["level"] == "parcel", "unit_id"]
    assert len(parcels) == 15 - 1 + 100  # D03's south-east block: 1 residential parcel became 100 strips
    assert parcels.str.len().eq(len("D01-B0001-P001")).all() and "D03-B0004-P100" in set(parcels)
    assert units["unit_id"].tolist() == whole.units["unit_id"].tolist()
    assert book.read_table("runs")["run_id"].tolist() == [run_id]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM rtree_units_geom").fetchone()[0] == len(units)
        assert connection.execute("SELECT rtreecheck('rtree_units_geom')").fetchone()[0] == "ok"


@pytest.mark.parametrize("batch_size", [1, 8])
def test_overshoots_beyond_the_city_are_counted_as_dangling_edges_by_hand(batch_size):
    """Road h overshoots the city by 10 m at both ends and v1, v2, v3 at both theirs: 2 + 3 x 2 = 8 dangling
    edges, all outside every district, counted once whatever the batches (as the whole-city noding counted them)."""
    notes = segmented(batch_size).notes
    assert "8 road edges are dead ends or overshoots: they bound no block" in notes
    assert "8 road edges lie outside every district (left out of links)" in notes


def near_t_junction():
    """One 100 x 100 m district; a road from (0, 60) to (100, 61.3) across it, a lane from (10, 60.13) south
    to (10, -10): 60.13 is where the road crosses x 10 (60 + 0.013 x 10), on the 1 mm grid, but the road
    passes a hair north of that point in floating point (as at 59 of the 91 whole metres x 5-95). The lane cuts
    the land south of the road in two."""
    districts = gpd.GeoDataFrame({"code": ["D01"]}, geometry=[box(0, 0, 100, 100)], crs=CRS)
    roads = gpd.GeoDataFrame({"road_id": ["road", "lane"], "road_class": "local", "aadt": 1000},
                             geometry=[line((0, 60), (100, 61.3)), line((10, 60.13), (10, -10))], crs=CRS)
    landuse = gpd.GeoDataFrame({"land_use": ["residential"]}, geometry=[box(0, 0, 100, 100)], crs=CRS)
    for frame in (districts, roads, landuse):
        frame["row"] = np.arange(1, len(frame) + 1)
    return districts, roads, landuse


def test_a_road_ending_a_hair_beside_another_meets_it_at_the_snap_grid():
    districts, roads, landuse = near_t_junction()
    lane_end, road = shapely.get_point(roads.geometry.values[1], 0), roads.geometry.values[0]
    assert 0.0 < shapely.distance(lane_end, road) < 1e-9  # the near miss GEOS's floating noder leaves open
    units = segmentation.segment_units(districts, roads, landuse, crs=CRS, fields=FIELDS).units
    blocks = units.loc[units["level"] == "block", "area_m2"].sort_values().to_numpy()
    # By hand: west of the lane 60 x 10 + 0.0065 x 10^2 = 600.65 m2; east 60 x 90 + 0.0065 x (100^2 - 10^2)
    # = 5,464.35 m2; north of the road 10,000 - 6,065 = 3,935 m2.
    assert blocks == pytest.approx([600.65, 3_935.0, 5_464.35], abs=1e-3)


def test_a_batch_leaves_out_the_land_use_housed_in_a_far_block_of_another_batch():
    """Block A (x 0-10, y 0-10) is the batch; block B (x 10-1000, y 0-10) beside it is not. Park L1 (x 9.5-1000,
    y 0-2, 1,981 m2) has its interior point at x 504.75, far outside A's box, and lies in B but for 0.5 x 2 = 1 m2
    in A (MIN_AREA 1 m2): housed in B, it is left out of A, whose south-east 1 m2 stays unclassified. Residential
    L0 covers the rest of A (99 m2). The whole-city cut gives A the same parcels."""
    blocks = np.array([box(0, 0, 10, 10), box(10, 0, 1000, 10)], dtype=object)
    landuse = np.array([shapely.Polygon([(X0 + x, Y0 + y) for x, y in ((0, 0), (9.5, 0), (9.5, 2), (10, 2), (10, 10),
                                                                          (0, 10))]),
                        box(9.5, 0, 1000, 2)], dtype=object)
    in_batch = np.array([True, False])
    geometry, block, owner, _, batch_blocks = district_batches.batch_parcels(
        PackedGeometry(blocks), in_batch, PackedGeometry(landuse), None, 1.0, shapely.bounds(blocks[:1]))
    assert list(shapely.to_wkb(batch_blocks)) == list(shapely.to_wkb(blocks[:1]))
    assert block.tolist() == [0, 0]
    areas = np.round(shapely.area(geometry), 9).tolist()
    assert sorted(zip(owner.tolist(), areas, strict=True)) == [(-1, 1.0), (0, 99.0)]
    whole, whole_block, whole_owner, _ = parcels.cut_parcels(blocks, landuse, 1.0)
    assert shapely.to_wkb(geometry).tolist() == shapely.to_wkb(whole[whole_block == 0]).tolist()
    assert owner.tolist() == whole_owner[whole_block == 0].tolist()
