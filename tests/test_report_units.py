"""The report's units as integer codes read in SQL (issue 22): the tree holds no unit_id text per unit, and the
top flows are still ordered by their units' texts (the order of main's tables), not by the units' fids."""
import tracemalloc

import pytest

from urban_carbon_ledger.algorithms.reports import inventory_report, report_parts

from mrv_ledger import UNITS, build, row

BUILDINGS = 20_000
"""Buildings added under block D1-B1 (ids D1-B1-X00000 ...): enough that per-unit bytes outweigh fixed ones."""


def many_units():
    """The hand-made city's units plus BUILDINGS buildings under D1-B1, in an order that is not their texts'."""
    extra = [(f"D1-B1-X{i:05d}", "D1-B1", "building", (0, 600 + i % 100, 1, 1)) for i in reversed(range(BUILDINGS))]
    return UNITS + extra


def test_the_tree_holds_no_unit_id_text_per_unit(tmp_path):
    """What ``read_tree`` keeps: about 26 bytes a unit (fids, parent codes and depths as int64, a rooted flag, a
    level code); main held every unit_id as a str (about 60 bytes) with its hash index, about 110 bytes a unit."""
    ledger = build(tmp_path / "l.gpkg", units=many_units())
    count = len(UNITS) + BUILDINGS + 1  # and the link D2-L1
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        read = report_parts.read_tree(ledger)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 40 * count, f"{held / count:.0f} bytes a unit"
    tree, units, levels = read
    assert len(tree) == len(units) == count
    # by hand: code i is the i-th unit in fid order (C, D1, D2, D1-B1, ...; X19999 first of the added), then the link
    assert units.unit_ids([0, 3, 8, count - 2, count - 1]).tolist() == ["C", "D1-B1", "D1-B1-X19999", "D1-B1-X00000",
                                                                        "D2-L1"]
    assert units.codes(["D2-L1", "D1-B1-X00000", "nowhere", None, "C"]).tolist() == [count - 1, count - 2, -1, -1, 0]
    assert tree.parent[[0, 1, 3, 8, count - 1]].tolist() == [-1, 0, 1, 3, 2]  # the link's parent is D2
    ranks = units.ranks()  # C, D1, D1-B1, D1-B1-G1, D1-B1-G2, D1-B1-P1, D1-B1-X00000 ... X19999, D2, D2-G1, D2-L1
    assert ranks[[0, 1, 3, 4, 6, count - 2, 8, 2, 7, count - 1]].tolist() == [
        0, 1, 2, 3, 5, 6, 5 + BUILDINGS, 6 + BUILDINGS, 7 + BUILDINGS, 8 + BUILDINGS]
    codes, distinct = levels
    assert [distinct[c] for c in codes[[0, 1, 3, 6, 8, count - 1]]] == ["city", "district", "block", "parcel",
                                                                        "building", "link"]


@pytest.mark.parametrize("stray", [False, True])
def test_top_sources_are_ordered_by_their_units_texts(tmp_path, stray):
    """Twelve equal sources on buildings written in the reverse order of their ids (and, ``stray``, one on an id that
    is no unit, between two of them by its text): the top ten are the first ten groups in (unit_id, sector) order, as
    main sorted them by text, not by fid; the sums are the entries' (100 MWh x 0.5 t CO2/MWh = 50 t each)."""
    ids = [f"D1-B1-X{i:05d}" for i in range(12)]
    units = UNITS + [(unit_id, "D1-B1", "building", (0, 600, 1, 1)) for unit_id in reversed(ids)]
    grouped = [*ids[:3], *(["D1-B1-X00002a"] if stray else []), *ids[3:]]
    rows = [row(unit_id, "source", "residential", "I.1", 2, "electricity", 100.0, "MWh", 100.0, 100.0, "grid", 1.0)
            for unit_id in reversed(grouped)]
    ledger = build(tmp_path / "l.gpkg", rows=rows, units=units)
    tables = inventory_report.build_tables(ledger.path)
    top = tables["top_sources"]
    assert top["unit_id"].tolist() == grouped[:10]
    assert top["co2e_t"].tolist() == [50.0] * 10
    assert top["name"].isna().tolist() == [unit_id not in ids for unit_id in grouped[:10]]  # no unit: no name
    assert top["sector"].eq("residential").all() and top["entries"].eq(1).all()
    districts = tables["districts"].set_index("district")
    assert districts.at["D1", "source_t"] == 12 * 50.0 and districts.at["D2", "source_t"] == 0.0
