"""Re-segmenting a ledger reconciles (issue 17 items 2 and 3): units matched by overlap keep their ids, rows of
units that moved or vanished are kept and listed, image segments of unchanged parcels stay, and a run that would
leave much less is refused with the ledger's bytes unchanged."""
import pathlib

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import replacement, store as ledger
from urban_carbon_ledger.algorithms.units import segment_imagery as image_segments, segment_units as segmentation

from test_segment_imagery import scene  # noqa: F401 (fixture)
from test_segment_units import CRS, FIELDS, box, layers, line, wrapper_parameters, write_layers


def add_entries(book, unit_ids):
    """One baseline source entry of 1 t CO2e/yr on each of ``unit_ids`` (written by a test run)."""
    with book.transaction("test:entries") as writer:
        writer.append_rows("entries", pd.DataFrame({
            "entry_id": [f"baseline/{u}/test" for u in unit_ids], "unit_id": list(unit_ids), "scenario": "baseline",
            "flow": "source", "sector": "electricity", "co2e_t": 1.0, "low_t": 0.9, "high_t": 1.1,
            "run_id": "test"}))


def segmented(book, roads=None, districts=None, **options):
    base_districts, base_roads, landuse, buildings = layers()
    result = segmentation.segment_units(base_districts if districts is None else districts,
                                        base_roads if roads is None else roads, landuse, buildings, crs=CRS,
                                        fields=FIELDS)
    return segmentation.write_units(book, result, **options)


def test_identical_inputs_keep_every_unit_segment_and_entry(scene):  # noqa: F811 (fixture)
    book, image, landcover = scene
    units, stats, _ = image_segments.segment_imagery(book, image, 400.0, nir_band=4, window=1024)
    image_segments.write_segments(book, units, stats)
    ids = sorted(book.read_table("units", ["unit_id"])["unit_id"])
    segments = book.read_table("units", ["unit_id"], {"level": "segment"})["unit_id"]
    add_entries(book, list(segments[:10]) + ["D01-B0001", "D01-L00001"])
    before = book.read_table("entries")
    run_id = segmented(book)
    assert sorted(book.read_table("units", ["unit_id"])["unit_id"]) == ids
    assert book.read_table("entries").equals(before)
    report = book.read_table("reconciliation", match={"run_id": run_id})
    # every old unit and link is kept: city, district, 4 blocks, 5 parcels, 1 building, the segments, 4 links
    assert set(report["status"]) == {"kept"} and len(report) == 1 + 1 + 4 + 5 + 1 + len(segments) + 4
    assert report.set_index("unit_id")["entries"].sum() == 12


def test_a_moved_road_keeps_the_ids_it_can_and_lists_the_entries_it_orphans(tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, CRS)
    book = ledger.Ledger(path)
    segmented(book)
    old_links = book.read_table("links").set_index("unit_id")
    add_entries(book, ["D01-B0001", "D01-B0002", "D01-B0003", "D01-B0004"] + list(old_links.index))
    # r1 moves 20 m east, from x = 100 to x = 120: the west blocks grow to 120 x 100 m, the east ones shrink
    _, roads, _, _ = layers()
    moved = roads.set_geometry([line((120, -10), (120, 210)), roads.geometry.iloc[1]], crs=CRS)
    # the 4 blocks and 4 links that hold the entries change: refused, not a byte changed, unless REPLACE
    before = pathlib.Path(path).read_bytes()
    with pytest.raises(LedgerInputError, match=r"layer 'units', field 'geom', row D01-B0001: carbonledger:segmentunits "
                                               r"changes 8 units and links that 8 entries name \(no inventory year, "
                                               r"every scenario\): block 'D01-B0001' \(moved: its outline changes; "
                                               r".*nothing was written.*set REPLACE to yes"):
        segmented(book, roads=moved)
    assert pathlib.Path(path).read_bytes() == before
    run_id = segmented(book, roads=moved, policy=replacement.Policy(0.5, True))
    assert book.read_table("run_notices")[["run_id", "table_name", "replaced"]].values.tolist() == [
        [run_id, "entries", 8.0]]
    report = book.read_table("reconciliation", match={"run_id": run_id}).set_index("unit_id")
    blocks = report[report["level"] == "block"]
    # NW: 10,000 m2 old inside 12,000 m2 new, IoU 10,000 / 12,000 = 0.83; NE: 8,000 / 10,000 = 0.8: both keep ids
    assert blocks["status"].to_dict() == {f"D01-B000{i}": "moved" for i in range(1, 5)}
    assert blocks["overlap"].tolist() == pytest.approx([10 / 12, 0.8, 10 / 12, 0.8])
    # the park parcel (x < 50) and the building in it did not change
    assert report.loc["D01-B0001-P01", "status"] == "kept" and report.loc["D01-B0001-P02-G001", "status"] == "kept"
    # r1's two halves are 20 m from the new ones: orphaned, with their entry each; r2's halves moved
    links = report[report["level"] == "link"]
    r1 = old_links.index[old_links["source_id"] == "r1"]
    assert set(links.loc[r1, "status"]) == {"orphaned"} and links.loc[r1, "entries"].tolist() == [1, 1]
    assert set(links.drop(r1)["status"]) == {"moved"}
    # no entry was deleted, none re-attached: the orphaned ids are held by no link; the new r1 links are L00005-6
    assert book.count("entries") == 8
    new_links = book.read_table("links").set_index("unit_id")
    assert not set(r1) & set(new_links.index)
    assert sorted(new_links.index[new_links["source_id"] == "r1"]) == ["D01-L00005", "D01-L00006"]
    assert new_links.loc[new_links["source_id"] == "r2", "length_m"].sum() == pytest.approx(200.0)


def test_boundaries_covering_a_quarter_of_the_city_are_refused_unless_replace(tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, CRS)
    book = ledger.Ledger(path)
    segmented(book)
    before = pathlib.Path(path).read_bytes()
    quarter = gpd.GeoDataFrame({"code": ["D01"], "name": ["One"]}, geometry=[box(0, 0, 100, 100)], crs=CRS)
    # 10,000 m2 of districts in place of 40,000 m2: 25 % < COVERAGE 50 %
    with pytest.raises(LedgerInputError, match=r"districts: 40,000 m2 of units would be replaced by 10,000"):
        segmented(book, districts=quarter)
    assert pathlib.Path(path).read_bytes() == before
    run_id = segmented(book, districts=quarter, policy=replacement.Policy(0.5, True))
    notices = book.read_table("run_notices")
    assert notices["run_id"].tolist() == [run_id] and notices["replaced"].tolist() == [40_000.0]
    assert book.count("units", {"level": "block"}) == 1


@pytest.mark.slow
def test_wrapper_reports_the_reconciliation(run_alg, tmp_path):
    paths = write_layers(str(tmp_path), *layers())
    ledger_path = str(tmp_path / "ledger.gpkg")
    run_alg("carbonledger:segmentunits", wrapper_parameters(paths, ledger_path))
    again = run_alg("carbonledger:segmentunits", wrapper_parameters(paths, ledger_path))
    # city, district, 4 blocks, 5 parcels, 1 building and 4 links, all unchanged
    assert (again["N_KEPT"], again["N_MOVED"], again["N_ORPHANED"]) == (16, 0, 0)
    assert again["RECONCILIATION"] == f"{ledger_path}|layername=reconciliation"
    assert np.all(ledger.Ledger(ledger_path).read_table("reconciliation")["status"] == "kept")


def test_resegmenting_the_image_keeps_segment_ids_and_never_deletes_their_entries(scene):  # noqa: F811 (fixture)
    book, image, landcover = scene
    first = []  # the segments the first run made, each given an entry
    for scale in (400.0, 400.0, 10_000.0):
        units, stats, _ = image_segments.segment_imagery(book, image, scale, nir_band=4, window=1024)
        if scale == 10_000.0:  # every segment holding an entry goes: refused, not a byte changed, unless REPLACE
            before = pathlib.Path(book.path).read_bytes()
            with pytest.raises(LedgerInputError, match=rf"layer 'units', field 'unit_id', row {first[0]}: "
                                                       rf"carbonledger:segmentimagery changes {len(first)} units and "
                                                       rf"links that {len(first)} entries name .*REPLACE to yes"):
                image_segments.write_segments(book, units, stats)
            assert pathlib.Path(book.path).read_bytes() == before
        run_id = image_segments.write_segments(book, units, stats, policy=replacement.Policy(0.5, scale == 10_000.0))
        if book.count("entries") == 0:
            first = sorted(units["unit_id"])
            add_entries(book, first)
        report = book.read_table("reconciliation", match={"run_id": run_id})
        if scale == 400.0 and len(report):  # the same image and scale: the same segments, all kept with their entry
            assert sorted(book.read_table("units", ["unit_id"], {"level": "segment"})["unit_id"]) == first
            assert set(report["status"]) == {"kept"} and report["entries"].sum() == len(first)
    # 10,000 m2 segments: no old 400 m2 segment overlaps a new one by more than half their union; all orphaned,
    # each still holding its entry, none re-attached to a new segment
    assert set(report["status"]) == {"orphaned"} and report["entries"].tolist() == [1] * len(first)
    assert book.count("entries") == len(first)
    assert not set(first) & set(book.read_table("units", ["unit_id"], {"level": "segment"})["unit_id"])


def test_units_within_the_snap_grid_of_the_old_ones_are_kept(tmp_path):
    # a ledger segmented without snapping from layers 0.3 mm off the grid (as one made before SNAP existed):
    # re-segmenting the layers on the grid moves no vertex more than 0.3 mm, within SNAP 1 mm: all kept;
    # matched within 0.1 mm instead, all 16 units and links moved (same ids)
    import shapely

    shifted = [frame.set_geometry(shapely.transform(frame.geometry.values, lambda xy: xy + 0.0003))
               for frame in layers()]
    for snap, status in ((0.001, "kept"), (0.0001, "moved")):
        path = str(tmp_path / f"ledger_{snap}.gpkg")
        ledger.create_ledger(path, CRS)
        book = ledger.Ledger(path)
        segmentation.write_units(book, segmentation.segment_units(*shifted, crs=CRS, fields=FIELDS, snap=0.0))
        ids = sorted(book.read_table("units", ["unit_id"])["unit_id"])
        run_id = segmented(book, snap=snap)
        report = book.read_table("reconciliation", match={"run_id": run_id})
        assert report["status"].tolist() == [status] * 16
        assert sorted(book.read_table("units", ["unit_id"])["unit_id"]) == ids


def test_a_building_whose_floors_change_under_its_entries_is_refused_unless_replace(tmp_path):
    # same outlines, one attribute: the building is kept, but its digest (inside its entries' content digests) changes
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, CRS)
    book = ledger.Ledger(path)
    segmented(book)
    (building,) = book.read_table("units", ["unit_id"], {"level": "building"})["unit_id"]
    add_entries(book, [building])
    districts, roads, landuse, buildings = layers()
    taller = segmentation.segment_units(districts, roads, landuse, buildings.assign(floors=[4, 2]), crs=CRS,
                                        fields=FIELDS)
    before = pathlib.Path(path).read_bytes()
    with pytest.raises(LedgerInputError, match=rf"layer 'units', field 'attributes', row {building}: "
                                               rf"carbonledger:segmentunits changes 1 units and links that 1 entries "
                                               rf"name .*building '{building}' \(kept, but its attributes"):
        segmentation.write_units(book, taller)
    assert pathlib.Path(path).read_bytes() == before
    segmentation.write_units(book, taller, policy=replacement.Policy(0.5, True))
    assert book.read_table("units", ["floors"], {"unit_id": building})["floors"].tolist() == [4]
