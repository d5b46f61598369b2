"""Entry digests worked out one frame ahead in a thread while the frame before is written (issue 22: accountsources
on both cores): the same digests as the store's own ``seals.fingerprinted``, and frames appended as one append give
the rows of one append per frame, factor rows included, in the same fids."""
import contextlib
import functools
import shutil
import sqlite3

import pandas as pd

from mrv_ledger import COMPUTED_AT, FACTORS, ROWS, build
from urban_carbon_ledger.algorithms.ledger import digests_ahead, seals, years
from urban_carbon_ledger.algorithms.ledger import entries as entries_module
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv.verification import verify_ledger

TABLE = FACTORS.set_index("factor_id", drop=False)
FRAMES = (ROWS[:2], ROWS[2:5], ROWS[5:])
"""Three frames of accounting rows: buildings, a parcel, a road link, an entry with a related unit; the grid
factor in the first and the last."""


def finalized(writer):
    """The entries of FRAMES as ``finalize_entries`` makes them for ``writer``'s run, one frame each."""
    return [entries_module.finalize_entries(pd.DataFrame(rows), TABLE, "baseline", writer.run_id, COMPUTED_AT,
                                            fingerprint=False) for rows in FRAMES]


def test_digests_worked_out_ahead_are_the_stores_own(tmp_path):
    ledger = build(tmp_path / "ledger.gpkg", rows=[])
    with ledger.transaction("test:ahead") as writer:
        writer.open_year(2024, None)
        frames, dated = finalized(writer), functools.partial(years.dated, "entries", year=writer.year)
        ahead = list(digests_ahead.digested_frames(writer.connection, iter(frames), dated))
        own = [seals.fingerprinted(writer.connection, dated(frame)) for frame in frames]
    assert len(ahead) == 3
    for mine, theirs in zip(ahead, own, strict=True):
        assert mine["entry_id"].str.contains("2024").all() and mine["content_digest"].notna().all()
        assert mine["fingerprint"].str.len().eq(64).all()
        pd.testing.assert_frame_equal(mine, theirs)


def written(path, as_one):
    """The entries (fid and every column but run_id) and the factors of a run writing FRAMES on the ledger at ``path``:
    as one append of the three frames (``count``), or one append per frame."""
    ledger = Ledger(path)
    with ledger.transaction("test:frames") as writer:
        frames = finalized(writer)
        if as_one:
            writer.append_entries(iter(frames), TABLE, (), sum(len(f) for f in frames))
        else:
            for frame in frames:
                writer.append_entries(frame, TABLE)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        entries = pd.read_sql_query("SELECT * FROM entries ORDER BY fid", connection).drop(columns="run_id")
        factors = pd.read_sql_query("SELECT * FROM factors ORDER BY fid", connection)
    return entries, factors


def test_frames_appended_as_one_are_the_rows_of_one_append_each(tmp_path):
    build(tmp_path / "empty.gpkg", rows=[])
    shutil.copyfile(tmp_path / "empty.gpkg", tmp_path / "each.gpkg")
    entries, factors = written(tmp_path / "empty.gpkg", as_one=True)
    each_entries, each_factors = written(tmp_path / "each.gpkg", as_one=False)
    assert list(entries["fid"]) == list(range(1, 7)) and entries["fingerprint"].notna().all()
    pd.testing.assert_frame_equal(entries, each_entries)
    pd.testing.assert_frame_equal(factors, each_factors)
    mismatches, summary = verify_ledger(str(tmp_path / "empty.gpkg"))
    assert summary["problems"] == 0, mismatches.to_string()
