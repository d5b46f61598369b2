"""ledger.owned_entries: the entries below chosen units, each with the nearest chosen unit at or above it (by hand)."""
import pandas as pd

from urban_carbon_ledger.algorithms.ledger.owned_entries import owned_entries

from greenspace_layouts import box, make_ledger, unit


def _district(tmp_path):
    """District D1 > block B1 > parcels P1, P2, each with a segment S1; a sink entry on every unit, then a source
    entry on P1-S1 and a sink entry of scenario 'other' on P2-S1 (t CO2e/yr)."""
    ledger = make_ledger(tmp_path / "o.gpkg", [
        unit("D1", box(0, 0, 400, 400), level="district"),
        unit("D1-B1", box(0, 0, 300, 100), level="block", parent_id="D1"),
        unit("D1-B1-P1", box(0, 0, 100, 100), parent_id="D1-B1"),
        unit("D1-B1-P1-S1", box(0, 0, 50, 100), level="segment", parent_id="D1-B1-P1"),
        unit("D1-B1-P2", box(200, 0, 100, 100), parent_id="D1-B1"),
        unit("D1-B1-P2-S1", box(200, 0, 50, 100), level="segment", parent_id="D1-B1-P2"),
    ], sinks={"D1": -16.0, "D1-B1": -8.0, "D1-B1-P1": -1.0, "D1-B1-P1-S1": -2.0, "D1-B1-P2": -3.0,
              "D1-B1-P2-S1": -4.0})
    more = pd.DataFrame([
        {"entry_id": "baseline/D1-B1-P1-S1/source", "unit_id": "D1-B1-P1-S1", "scenario": "baseline",
         "flow": "source", "sector": "residential", "co2e_t": 9.0, "low_t": 8.0, "high_t": 10.0},
        {"entry_id": "other/D1-B1-P2-S1/sink", "unit_id": "D1-B1-P2-S1", "scenario": "other",
         "flow": "sink", "sector": "sequestration", "co2e_t": -7.0, "low_t": -8.0, "high_t": -6.0},
    ])
    with ledger.transaction("test:more") as writer:
        writer.append_rows("entries", more)
    return ledger


def test_each_entry_goes_to_the_nearest_owner_at_or_above_its_unit(tmp_path):
    """Owners B1 and P1 (P1 inside B1): P1 owns itself and its segment; B1 owns itself, P2 and P2's segment (the
    walk from B1 stops at P1); D1, above every owner, is owned by none. Only the entries matching: the baseline
    sinks, in fid order."""
    ledger = _district(tmp_path)
    owned = owned_entries(ledger, ["D1-B1", "D1-B1-P1"], ["co2e_t", "flow"], {"scenario": "baseline", "flow": "sink"})
    assert list(owned.columns) == ["owner", "co2e_t", "flow"]
    assert list(zip(owned["owner"], owned["co2e_t"], strict=True)) == [
        ("D1-B1", -8.0), ("D1-B1-P1", -1.0), ("D1-B1-P1", -2.0), ("D1-B1", -3.0), ("D1-B1", -4.0)]
    assert owned["co2e_t"].dtype == float


def test_an_owner_below_none_and_no_owner_find_their_own_entries_only(tmp_path):
    """A leaf owner (P2-S1) owns only its own sink; no owners, no entries (the columns still there)."""
    ledger = _district(tmp_path)
    leaf = owned_entries(ledger, ["D1-B1-P2-S1"], ["co2e_t"], {"flow": "sink"})
    assert list(zip(leaf["owner"], leaf["co2e_t"], strict=True)) == [("D1-B1-P2-S1", -4.0), ("D1-B1-P2-S1", -7.0)]
    none = owned_entries(ledger, [], ["co2e_t"], {"flow": "sink"})
    assert len(none) == 0 and list(none.columns) == ["owner", "co2e_t"]
