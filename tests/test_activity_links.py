"""The entries verification keeps for the check of the activities rows, and the stored year totals compared part by
part: what a pass over a million entries holds must not grow with the untouched entries (issue 22)."""
import contextlib
import sqlite3

import pandas as pd

from urban_carbon_ledger.algorithms.ledger import queries
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv import verification
from urban_carbon_ledger.algorithms.mrv.activity_links import ActivityRows

from test_verification import accounted, alter_content, entry_id, execute, ids  # noqa: F401 (a fixture)


def _affected(path, csv):
    """(entry_ids ActivityRows.affected keeps, sorted; the row_id and field of each altered row)."""
    ledger = Ledger(path)
    entries = ledger.read_table("entries")
    rows = ActivityRows(ledger.read_table("activities"))
    altered = rows.altered(pd.read_csv(csv, dtype=str, keep_default_na=False))
    kept = sorted(entries.loc[rows.affected(entries, altered), "entry_id"])
    return kept, sorted((rows.fields["row_id"].iat[p], field) for p, (field, _, _) in altered.items())


def test_only_the_entries_an_altered_activity_row_acts_on_are_kept(accounted):  # noqa: F811
    """Untouched: no row altered, no entry kept. d1 (the D1 total, downscaled to G2) altered: its entry on G2 and the
    city total's remainder on D2-G1 (c1: the same sector, carrier, scenario and year, so d1 changed it), not m1's
    metered entry nor the gas; g1 (metered gas on D2-G1) altered too: its three gas entries (CO2, CH4, N2O) besides."""
    path, csv = accounted
    assert _affected(path, csv) == ([], [])
    alter_content(path, "d1", "2100000")
    electricity = ids(entry_id(path, "D1-B1-G2", "electricity") + entry_id(path, "D2-G1", "electricity"))
    assert len(electricity) == 2
    assert _affected(path, csv) == (electricity, [("d1", "inputs_hash")])
    alter_content(path, "g1", "100001")
    gas = ids(entry_id(path, "D2-G1", "natural_gas"))
    assert len(gas) == 3
    assert _affected(path, csv) == (sorted(electricity + gas), [("d1", "inputs_hash"), ("g1", "inputs_hash")])


def test_year_totals_compared_part_by_part_find_what_one_read_finds(accounted, monkeypatch):  # noqa: F811
    """The year_totals rows are read and compared with the entries' roll-up a part at a time: parts of one row find
    the same units, fields and values, in the same order, as one part; D2-G1's stored 2023 source_t, raised by 5 t
    by hand, is reported against the sum of its entries: the value it held before."""
    path, _ = accounted
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (stored,) = connection.execute("SELECT source_t FROM year_totals WHERE unit_id = 'D2-G1'").fetchone()
    execute(path, "UPDATE year_totals SET source_t = source_t + 5 WHERE unit_id = 'D2-G1'")
    whole, summary = verification.verify_ledger(path)
    monkeypatch.setattr(queries, "ENTRY_BATCH_ROWS", 1)
    parts, parts_summary = verification.verify_ledger(path)
    pd.testing.assert_frame_equal(parts, whole)
    assert parts_summary == summary and summary["units"] == 1
    row = whole[whole["field"] == "source_t"].iloc[0]
    assert (row["unit_id"], float(row["stored"])) == ("D2-G1", stored + 5)
    assert row["recomputed"] == f"{stored!r} (sum of its entries of 2023 v1)"
