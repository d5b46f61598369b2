"""UnitIndex lookups of a source_id that names several units (a building cut by parcel boundaries), and of unit ids."""
import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.sources.downscaling import UnitIndex, split_bottom_up

# codes: 0 P1, 1 P2, 2 Ba (building B7, piece in P1), 3 Bb (B7 in P2), 4 Bc (B9, whole), 5 Bd (B3 in P2),
# 6 Be (B3 in P1), 7 Bf (B7 again, a third piece), then links 8 L1 (road R1), 9 L2 (road R1, cut)
UNITS = pd.DataFrame({
    "unit_id": ["P1", "P2", "Ba", "Bb", "Bc", "Bd", "Be", "Bf"],
    "parent_id": [None, None, "P1", "P2", "P1", "P2", "P1", "P2"],
    "level": ["parcel", "parcel"] + ["building"] * 6,
    "land_use": [""] * 8,
    "source_id": [None, None, "B7", "B7", "B9", "B3", "B3", "B7"],
    "floor_area_m2": [np.nan, np.nan, 300.0, 100.0, 50.0, 0.0, 0.0, 600.0],
    "area_m2": [1000.0, 2000.0, 150.0, 50.0, 25.0, 0.0, 0.0, 300.0],
    "floors": [np.nan] * 8,
    "population": [0.0] * 8,
})
LINKS = pd.DataFrame({
    "unit_id": ["L1", "L2"], "parent_id": ["P1", "P2"], "source_id": ["R1", "R1"],
    "road_class": ["primary", "primary"], "length_m": [40.0, 60.0], "aadt": [1000.0, 1000.0],
})


def test_repeated_source_ids_map_to_all_their_pieces_in_order():
    index = UnitIndex(UNITS, LINKS)
    # by hand: B7 -> Ba, Bb, Bf; B3 -> Bd, Be; R1 -> L1, L2; B9 is unique (by_source, not by_sources)
    assert {key: codes.tolist() for key, codes in index.by_sources.items()} == {
        "B7": [2, 3, 7], "B3": [5, 6], "R1": [8, 9]}
    assert index.by_source.to_dict() == {"B9": 4}
    # the straightforward per-group computation gives the same lookup
    source = pd.Series(np.arange(10), index=pd.concat([UNITS["source_id"], LINKS["source_id"]]).astype(str).to_numpy())
    source = source[source.index != "None"]
    repeated = source[source.index.duplicated(keep=False)]
    plain = {key: group.to_numpy().tolist() for key, group in repeated.groupby(level=0)}
    assert {key: codes.tolist() for key, codes in index.by_sources.items()} == plain


def test_bottom_up_amount_of_a_cut_building_split_by_floor_area():
    index = UnitIndex(UNITS, LINKS)
    rows = pd.DataFrame({"target": ["B7", "B3", "R1", "B9"], "row_id": ["a", "b", "c", "d"]})
    resolved = index.resolve(rows)
    assert [codes.tolist() for codes in resolved] == [[2, 3, 7], [5, 6], [8, 9], [4]]
    # B7: floor areas 300, 100, 600 of 1000; B3: no floor area -> equal halves; R1: lengths 40, 60 of 100
    assert np.allclose(split_bottom_up(index, resolved[0]), [0.3, 0.1, 0.6])
    assert np.allclose(split_bottom_up(index, resolved[1]), [0.5, 0.5])
    assert np.allclose(split_bottom_up(index, resolved[2]), [0.4, 0.6])


def test_unit_ids_held_in_one_hash_table():
    """The unit_id lookup of targets and facilities is the Hierarchy's own index of the ids (a city's ids hashed
    once, not twice: benchmarks/RESULTS.md), and still gives each unit and link its code by hand."""
    index = UnitIndex(UNITS, LINKS)
    assert index.codes.index is index.tree.ids
    assert index.codes[["P2", "Bf", "L2"]].tolist() == [1, 7, 9]
    rows = pd.DataFrame({"target": ["Bb", "L1"], "row_id": ["a", "b"]})
    assert [codes.tolist() for codes in index.resolve(rows)] == [[3], [8]]
