"""The uncertainty step in bounded memory (issue 22): the entries read are held about once, the Monte Carlo's set-up
keeps no view of them (so the step can let them go before the draws), and the unit totals read the source and sink
entries again in parts, each with its new interval."""
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.mrv import monte_carlo, uncertainty

from mrv_ledger import build

COLUMNS = ["fid", "unit_id", "flow", "activity", "co2e_t", "low_t", "high_t"]


def batches(count=10, rows=20_000):
    """``count`` batches of ``rows`` entries as an Arrow read gives them ({column: array}), made as they are read."""
    for batch in range(count):
        fid = np.arange(batch * rows, (batch + 1) * rows) + 1
        yield {"fid": fid, "unit_id": np.array([f"U{i % 100}" for i in fid], dtype=object),
               "flow": np.array(["source", "sink"] * (rows // 2), dtype=object), "activity": fid * 1.0,
               "co2e_t": fid * 2.0, "low_t": fid * 0.5, "high_t": fid * 3.0}


def test_entries_read_are_held_about_once():
    """Joining 200,000 entries peaks below twice the frame (the batches, then one column joined at a time): joining
    every column at once, then copying the floats into a block, held them almost four times."""
    units = np.array([f"U{i}" for i in range(100)], dtype=object)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        frame = uncertainty.compact_entries(batches(), units, COLUMNS)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    held = sum(frame[column].to_numpy().nbytes for column in COLUMNS)
    assert held == 200_000 * 8 * len(COLUMNS)
    assert peak < 2 * held
    assert frame["fid"].tolist() == list(range(1, 200_001))
    assert frame["co2e_t"].iloc[-1] == 400_000.0
    assert frame["unit_id"].iloc[123] is units[124 % 100]  # the hierarchy's own str, not one per row
    assert frame["flow"].iloc[2] is frame["flow"].iloc[40_002]  # one str per distinct flow


def hostile_frames():
    """Three source entries on one shared factor (+-10%) under district D of city C; the frames' float columns in
    one block, as a read gives them."""
    hierarchy = pd.DataFrame({"unit_id": ["C", "D", "G0", "G1", "G2"], "parent_id": [None, "C", "D", "D", "D"]})
    entries = pd.DataFrame({"unit_id": ["G0", "G1", "G2"], "flow": "source", "activity": [100.0, 200.0, 300.0],
                            "activity_low": [90.0, 180.0, 270.0], "activity_high": [110.0, 220.0, 330.0],
                            "factor_id": "grid", "conversion": 1.0, "co2e_t": [100.0, 200.0, 300.0]})
    factors = pd.DataFrame({"factor_id": ["grid"], "value": [1.0], "low": [0.9], "high": [1.1],
                            "distribution": ["normal"]})
    return entries, factors, hierarchy


def test_the_prepared_draws_keep_no_view_of_the_entries_and_draw_the_same_numbers():
    entries, factors, hierarchy = hostile_frames()
    stream = monte_carlo.prepared(entries, factors, hierarchy, 500, seed=5)
    held = [entries[c].to_numpy() for c in entries.columns] + [hierarchy[c].to_numpy() for c in hierarchy.columns]
    arrays = [value for value in vars(stream).values() if isinstance(value, np.ndarray)]
    assert len(arrays) > 10
    assert not any(np.shares_memory(array, column) for array in arrays for column in held)
    result, again = monte_carlo.drawn(stream), monte_carlo.monte_carlo(entries, factors, hierarchy, 500, seed=5)
    np.testing.assert_array_equal(result["entry_low_t"], again["entry_low_t"])
    np.testing.assert_array_equal(result["entry_high_t"], again["entry_high_t"])
    pd.testing.assert_frame_equal(result["units"], again["units"])
    assert result["units"].at["D", "net_t"] == 600.0  # 100 + 200 + 300 t CO2e/yr


def test_source_and_sink_entries_are_read_again_in_parts_with_their_new_interval(tmp_path, monkeypatch):
    ledger = build(tmp_path / "l.gpkg")
    stored = ledger.read_table("entries", ["fid", "unit_id", "flow", "co2e_t"], {"scenario": "baseline"})
    net = stored[stored["flow"].isin(["source", "sink"])].reset_index(drop=True)
    assert len(net) > 4 and len(net) < len(stored)  # the ledger has lifecycle or avoided entries too
    fids = stored["fid"].to_numpy()
    bounds = {"entry_low_t": fids + 0.25, "entry_high_t": fids * 2.0}  # by hand: each entry's from its fid
    unit_ids = uncertainty.compact_hierarchy(ledger)["unit_id"].to_numpy()
    monkeypatch.setattr(uncertainty, "ROWS_PER_WRITE", 2)
    parts = uncertainty.net_parts(ledger, unit_ids, fids, bounds)
    # parts of ROWS_PER_WRITE entries, whichever read this GDAL gets (core.gdal_arrow: on QGIS 3.40 and 3.44 SQLite's)
    assert all(len(part) <= 2 for part in parts) and len(parts) == -(-len(net) // 2)
    read = pd.concat(parts, ignore_index=True)
    assert read.columns.tolist() == uncertainty.NET_COLUMNS[1:] + ["low_t", "high_t"]
    assert read["unit_id"].tolist() == net["unit_id"].tolist()
    assert read["co2e_t"].tolist() == net["co2e_t"].tolist()
    assert read["low_t"].tolist() == (net["fid"] + 0.25).tolist()
    assert read["high_t"].tolist() == (net["fid"] * 2.0).tolist()
    at = pd.Index(unit_ids).get_indexer(read["unit_id"])
    assert all(unit is unit_ids[i] for unit, i in zip(read["unit_id"], at, strict=True))  # the hierarchy's own str
    assert list(uncertainty.drained(parts)) and parts == []  # each part taken out of the list as it is given


def test_an_entry_not_drawn_is_refused(tmp_path):
    """An entry the draws did not read (added since: its fid not among those drawn) stops the run before it writes."""
    ledger = build(tmp_path / "l.gpkg")
    fids = ledger.read_table("entries", ["fid", "flow"], {"scenario": "baseline"})
    drawn = fids.loc[fids["flow"] != "source", "fid"].to_numpy()  # the source entries were not drawn
    unit_ids = uncertainty.compact_hierarchy(ledger)["unit_id"].to_numpy()
    bounds = {"entry_low_t": np.zeros(len(drawn)), "entry_high_t": np.zeros(len(drawn))}
    with pytest.raises(LedgerInputError, match="changed while their intervals were drawn"):
        uncertainty.net_parts(ledger, unit_ids, drawn, bounds)
