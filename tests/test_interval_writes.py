"""The entries' new intervals written part by part (issue 22): ``interval_updates.write_intervals`` reads each part
once and sets it by one UPDATE from a temporary table that finds each entry by fid; the rows written and the unit
totals are those of ``changed_parts`` and ``update_columns`` part by part, to the bit."""
import hashlib
import sqlite3

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import interval_updates, totals

from mrv_ledger import build

MATCH = {"scenario": "baseline"}


def new_intervals(ledger):
    """(fids, low, high) of the baseline entries with a new interval for all but the third (t CO2e/yr)."""
    stored = ledger.read_table("entries", ["fid", "low_t", "high_t"], MATCH)
    fids = stored["fid"].to_numpy()
    low, high = stored["low_t"].to_numpy() * 0.5, stored["high_t"].to_numpy() * 1.5
    low[2], high[2] = stored.at[2, "low_t"], stored.at[2, "high_t"]
    return fids, low, high


def rows(path, table):
    """SHA-256 of each row of ``table`` (every column but run_id and computed_at), in fid order."""
    with sqlite3.connect(path) as connection:
        columns = [r[1] for r in connection.execute(f"PRAGMA table_info({table})") if r[1] not in
                   ("run_id", "computed_at")]
        return [hashlib.sha256(repr(row).encode()).hexdigest() for row in connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY fid")]


def test_threads_write_what_one_thread_writes(tmp_path):
    """write_intervals (parts read and fingerprinted ahead, each written as one UPDATE, the entries rolled up behind
    the writes) leaves the entries, units, links and year totals of a run part by part in one thread, and its
    roll-up gives the totals ``write_unit_totals`` reads from the entries as written."""
    written = {}
    for way in ("threads", "one thread"):
        ledger = build(tmp_path / f"{way}.gpkg")
        fids, low, high = new_intervals(ledger)
        with ledger.transaction("test:intervals") as writer:
            if way == "threads":
                tree = totals.unit_tree(writer)
                rolled = interval_updates.write_intervals(writer, MATCH, fids, low, high, 2, tree)
                totals.write_unit_totals(writer, rolled, tree=tree)
            else:
                for part in interval_updates.changed_parts(writer, MATCH, fids, low, high, 2):
                    writer.update_columns("entries", part, key="fid")
                totals.write_unit_totals(writer)
        written[way] = {table: rows(ledger.path, table) for table in ("entries", "units", "links", "year_totals")}
    assert written["threads"] == written["one thread"]
    assert len(written["threads"]["entries"]) == 6


def test_each_part_is_read_once_and_written_in_one_statement(tmp_path):
    """A part's stored rows are read once (compared, checked and fingerprinted from that read; main read them twice)
    and its changed entries are set by one UPDATE from a temporary table (main: an UPDATE per entry)."""
    ledger = build(tmp_path / "l.gpkg")
    fids, low, high = new_intervals(ledger)
    with ledger.transaction("test:intervals") as writer:
        queries = []
        writer.connection.set_trace_callback(queries.append)
        interval_updates.write_intervals(writer, MATCH, fids, low, high, 2)
        writer.connection.set_trace_callback(None)
    assert len([q for q in queries if q.startswith("SELECT") and "fingerprint" in q]) == 3
    updates = [q for q in queries if q.startswith('UPDATE "entries"')]  # (the trace names a statement again as
    assert updates and all(" FROM temp." in q for q in updates)  # each trigger of its rows starts)
    stored = ledger.read_table("entries", ["fid", "low_t", "high_t"], MATCH)
    assert np.array_equal(stored["low_t"].to_numpy(), low) and np.array_equal(stored["high_t"].to_numpy(), high)


def test_an_entry_not_drawn_leaves_the_file_as_it_was(tmp_path):
    """An entry added since the intervals were computed (its fid not among them) stops the threaded writes when its
    part's turn comes, parts before it already written: the run is rolled back and the file keeps its bytes."""
    ledger = build(tmp_path / "l.gpkg")
    fids, low, high = new_intervals(ledger)
    before = open(ledger.path, "rb").read()
    with pytest.raises(LedgerInputError, match="changed while their intervals were computed"):
        with ledger.transaction("test:intervals") as writer:
            tree = totals.unit_tree(writer)
            interval_updates.write_intervals(writer, MATCH, np.delete(fids, 4), np.delete(low, 4),
                                             np.delete(high, 4), 2, tree)
    assert open(ledger.path, "rb").read() == before


def test_the_parts_cover_every_fid_once():
    """fid_parts: each stored fid falls in one part, the first unbounded below and the last above."""
    parts = interval_updates.fid_parts(np.array([3, 5, 8, 9, 12]), 2)
    assert [(after, upto, (held.start, held.stop)) for after, upto, held in parts] == [
        (None, 5, (0, 2)), (5, 9, (2, 4)), (9, None, (4, 5))]
    assert interval_updates.fid_parts(np.array([3]), 2)[0][:2] == (None, None)
    assert pd.Series([len(range(*p[2].indices(5))) for p in parts]).sum() == 5


def test_a_parts_update_looks_up_its_rows_by_fid_rather_than_scanning_the_table(tmp_path):
    """The UPDATE of a part from its temporary table goes through the part's rows and finds each entry by fid.
    Without a hint SQLite took the entries (through their covering scenario index) as the outer loop: every entry of
    the ledger visited for every part, 7.3 M entries x 146 parts at 1,000,000 parcels (+168 CPU s measured)."""
    from urban_carbon_ledger.algorithms.ledger.sql_values import rows_update

    ledger = build(tmp_path / "plan.gpkg")
    with sqlite3.connect(ledger.path) as connection:
        connection.execute("CREATE TEMP TABLE part (fid INTEGER PRIMARY KEY, low_t, high_t)")
        plan = [row[3] for row in connection.execute(
            "EXPLAIN QUERY PLAN " + rows_update("entries", ["low_t", "high_t"], "temp.part"))]
    assert plan == ["SCAN rows", "SEARCH entries USING INTEGER PRIMARY KEY (rowid=?)"]
