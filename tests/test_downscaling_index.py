"""Units and links as codes read in SQL (``ledger.coded_units``): targets naming a unit_id or a source_id that
names several units (a building cut by parcel boundaries), parents, sizes, and what the codes hold per unit."""
import geopandas as gpd
import numpy as np
import shapely

from urban_carbon_ledger.algorithms.ledger import coded_units
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.algorithms.sources.accounting import UNIT_NUMBERS, UNIT_TEXTS
from urban_carbon_ledger.algorithms.sources.downscaling import UnitIndex, split_bottom_up

CRS = "EPSG:4547"
# codes: 0 P1, 1 P2, 2 Ba (building B7, piece in P1), 3 Bb (B7 in P2), 4 Bc (B9, whole), 5 Bd (B3 in P2),
# 6 Be (B3 in P1), 7 Bf (B7 again, a third piece), then links 8 L1 (road R1), 9 L2 (road R1, cut)
UNITS = {
    "unit_id": ["P1", "P2", "Ba", "Bb", "Bc", "Bd", "Be", "Bf"],
    "parent_id": [None, None, "P1", "P2", "P1", "P2", "P1", "P2"],
    "level": ["parcel", "parcel"] + ["building"] * 6,
    "land_use": [None] * 2 + ["residential"] * 6,
    "source_id": [None, None, "B7", "B7", "B9", "B3", "B3", "B7"],
    "floor_area_m2": [None, None, 300.0, 100.0, 50.0, 0.0, 0.0, 600.0],
    "area_m2": [1000.0, 2000.0, 150.0, 50.0, 25.0, 0.0, 0.0, 300.0],
    "population": [0.0] * 8,
}
LINKS = {
    "unit_id": ["L1", "L2"], "parent_id": ["P1", "P2"], "level": ["link", "link"], "source_id": ["R1", "R1"],
    "road_class": ["primary", "primary"], "length_m": [40.0, 60.0], "aadt": [1000.0, 1000.0],
}


def _ledger(tmp_path, units, links):
    path = str(tmp_path / "ledger.gpkg")
    create_ledger(path, CRS)
    with Ledger(path).transaction("test:setup") as writer:
        writer.append_rows("units", gpd.GeoDataFrame(
            units, geometry=[shapely.box(i, 0, i + 1, 1) for i in range(len(units["unit_id"]))], crs=CRS))
        writer.append_rows("links", gpd.GeoDataFrame(
            links, geometry=[shapely.LineString([(i, 0), (i, 1)]) for i in range(len(links["unit_id"]))], crs=CRS))
    return Ledger(path)


def test_codes_parents_and_targets_by_hand(tmp_path):
    ledger = _ledger(tmp_path, UNITS, LINKS)
    table, codes = coded_units.coded_units(ledger, UNIT_TEXTS, UNIT_NUMBERS)
    assert table["unit_id"].dtype.kind == "S"  # bytes, not a Python text per unit
    assert np.char.decode(table["unit_id"], "utf-8").tolist() == UNITS["unit_id"] + LINKS["unit_id"]
    assert table["parent"].tolist() == [-1, -1, 0, 1, 0, 1, 0, 1, 0, 1]
    assert list(table["level"]) == ["parcel"] * 2 + ["building"] * 6 + ["link"] * 2
    assert np.isnan(table["length_m"][:8]).all() and table["length_m"][8:].tolist() == [40.0, 60.0]
    # by hand: B7 -> Ba, Bb, Bf; B3 -> Bd, Be; R1 -> L1, L2; B9 -> Bc; a unit_id names its unit; X names nothing
    targets = coded_units.target_codes(ledger, codes, ["B7", "B3", "R1", "B9", "Bb", "L1", "X", ""])
    assert {key: value.tolist() for key, value in targets.items()} == {
        "B7": [2, 3, 7], "B3": [5, 6], "R1": [8, 9], "B9": [4], "Bb": [3], "L1": [8]}
    assert codes.codes(["L2", "Bf", "nope", "P1"]).tolist() == [9, 7, -1, 0]
    assert coded_units.buildings_of_sources(ledger, ["B3", "B7", "R1"]) == {"B3": "Bd", "B7": "Ba"}


def test_a_unit_id_named_as_another_units_source_id_is_that_unit(tmp_path):
    units = {**UNITS, "source_id": [None, None, "B7", "B7", "Bf", "B3", "B3", "B7"]}  # Bc carries source_id "Bf"
    ledger = _ledger(tmp_path, units, LINKS)
    _, codes = coded_units.coded_units(ledger, UNIT_TEXTS, UNIT_NUMBERS)
    assert coded_units.target_codes(ledger, codes, ["Bf"])["Bf"].tolist() == [7]


def test_bottom_up_amount_of_a_cut_building_split_by_floor_area(tmp_path):
    ledger = _ledger(tmp_path, UNITS, LINKS)
    table, codes = coded_units.coded_units(ledger, UNIT_TEXTS, UNIT_NUMBERS)
    index = UnitIndex(table, coded_units.target_codes(ledger, codes, ["B7", "B3", "R1", "B9"]))
    rows = {"target": ["B7", "B3", "R1", "B9"], "row_id": ["a", "b", "c", "d"]}
    resolved = index.resolve(rows)
    assert [codes.tolist() for codes in resolved] == [[2, 3, 7], [5, 6], [8, 9], [4]]
    # B7: floor areas 300, 100, 600 of 1000; B3: no floor area -> equal halves; R1: lengths 40, 60 of 100
    assert np.allclose(split_bottom_up(index, resolved[0]), [0.3, 0.1, 0.6])
    assert np.allclose(split_bottom_up(index, resolved[1]), [0.5, 0.5])
    assert np.allclose(split_bottom_up(index, resolved[2]), [0.4, 0.6])
    assert index.unit_ids(np.array([9, 0])).tolist() == ["L2", "P1"]
    assert index.tree.below([1]).tolist() == [1, 3, 5, 7, 9]
