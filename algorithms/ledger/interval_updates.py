"""New 95% intervals of entries (low_t, high_t, t CO2e/yr) against the stored ones: only those that differ are written.

A run that gives every entry of a city a new interval compares them with the stored ones part by part inside its
transaction (``changed_part``): the stored intervals of the whole city are never held. ``write_intervals`` writes the
parts in fid order on both cores (issue 22): the next part is read, compared and given its new fingerprints in a
thread (``core.ahead``) while the UPDATE of a part runs (sqlite3 releases the GIL while it steps), and the entries a
part wrote are rolled up in another thread as soon as they are written (``totals.RollUp``, in fid order). The writes
themselves stay in the caller's thread, in the order of the parts, so the file holds what one thread would write.
"""
import contextlib
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from ..core.ahead import results_in_order
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .queries import match_clause
from .seals import INTERVAL_HELD_FIELDS, updated
from .totals import RollUp, source_and_sink_entries

THREADED = sqlite3.threadsafety == 3
"""Whether ``write_intervals`` works ahead and rolls up in threads, which read through the writer's connection: only
where SQLite is built serialized (threads may share a connection). False: the same work, in the same order, in the
caller's thread; the rows written are the same."""
AHEAD = 2
"""Parts handed to the thread beyond the one it works on: its reads wait while a part's UPDATE runs (one connection),
so it reads the next ones between the writes and the writer seldom waits (each part held ahead: about 25 MB at
50,000 entries)."""


def unchanged(low, high, stored_low, stored_high):
    """Boolean per entry: its new interval (``low``, ``high``) is the stored one (float arrays; NULL as NaN equals
    NaN)."""
    return ((low == stored_low) | (np.isnan(low) & np.isnan(stored_low))) & (
        (high == stored_high) | (np.isnan(high) & np.isnan(stored_high)))


def fid_parts(fids, rows):
    """The parts of ``rows`` entries of ``fids`` (ascending): (after, upto, held) each, the stored entries with
    after < fid <= upto (None: unbounded, the first part below, the last above) to be compared with fids[held]. Every
    stored fid falls in exactly one part, so an entry added or removed since ``fids`` were read is found."""
    ends = list(range(rows, len(fids), rows)) + [len(fids)]
    return [(int(fids[start - 1]) if start else None, int(fids[end - 1]) if end < len(fids) else None,
             slice(start, end)) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def fid_range(after, upto):
    """(SQL condition, parameters) of the fids of a part of ``fid_parts``: after < fid <= upto (None: unbounded)."""
    bounds = [(" AND fid > ?", after), (" AND fid <= ?", upto)]
    return "".join(sql for sql, value in bounds if value is not None), tuple(v for _, v in bounds if v is not None)


def stored_part(connection, match, fids, low, high, part):
    """(stored, same) of the entries of ``match`` (a ``match_clause`` dict) in ``part`` (of ``fid_parts``), read in
    one query in fid order: their fid and ``seals.INTERVAL_HELD_FIELDS`` (REAL as float64), and whether each one's
    new interval is the stored one. fids (ascending), low, high: the entries the new intervals were computed for, and
    their intervals (t CO2e/yr). LedgerInputError when the stored entries of the part are not fids[held] (the
    ledger changed since they were read; the caller's transaction then writes nothing)."""
    where, params = match_clause(match)
    after, upto, held = part
    bounds, values = fid_range(after, upto)
    stored = pd.read_sql_query(f"SELECT fid, {', '.join(INTERVAL_HELD_FIELDS)} FROM entries WHERE {where or '1'}"
                               f"{bounds} ORDER BY fid", connection, params=(*params, *values),
                               dtype={"low_t": "float64", "high_t": "float64"})
    if not np.array_equal(stored["fid"].to_numpy(dtype=np.int64), fids[held]):
        raise LedgerInputError(tr("the ledger's entries changed while their intervals were computed: nothing was "
                                  "written; run carbonledger:uncertainty again"), layer="entries")
    return stored, unchanged(low[held], high[held], *(stored[c].to_numpy(dtype=float) for c in ("low_t", "high_t")))


def changed_part(connection, match, fids, low, high, part):
    """The entries of ``part`` (as for ``stored_part``) whose new interval differs from the stored one, as a frame
    fid, low_t, high_t."""
    stored, same = stored_part(connection, match, fids, low, high, part)
    held = part[2]
    return pd.DataFrame({"fid": stored["fid"].to_numpy(dtype=np.int64)[~same], "low_t": low[held][~same],
                         "high_t": high[held][~same]})


def changed_parts(writer, match, fids, low, high, rows):
    """``changed_part`` of each part of ``rows`` entries (``fid_parts``) in turn, read inside ``writer``'s transaction
    (one query each)."""
    for part in fid_parts(fids, rows):
        yield changed_part(writer.connection, match, fids, low, high, part)


def write_intervals(writer, match, fids, low, high, rows, tree=None):
    """Write the new intervals (``low``, ``high``, t CO2e/yr, of the entries ``fids`` of ``match``) that differ from
    the stored ones with their new fingerprints, ``rows`` entries at a time in fid order (``changed_part``), the next
    part worked out in a thread while a part is written. With ``tree`` (the Hierarchy of the units and links as
    codes), returns the ``totals.RollUp`` of the source and sink entries of ``match`` as written, rolled up in a
    thread part by part behind the writes (else None)."""
    def work(part):  # the part's stored rows read once: compared, then checked and fingerprinted
        stored, same = stored_part(writer.connection, match, fids, low, high, part)
        changed = stored.loc[~same, ["fid"]].reset_index(drop=True).assign(
            low_t=low[part[2]][~same], high_t=high[part[2]][~same])
        return updated(writer.connection, changed, "fid", stored[~same].reset_index(drop=True))

    parts = fid_parts(fids, rows)
    gathered, added = (None if tree is None else RollUp()), []
    trailing = ThreadPoolExecutor(max_workers=1) if THREADED else None  # one thread: the parts add in fid order
    ahead = results_in_order(work, parts, workers=1, queued=AHEAD) if THREADED else (work(part) for part in parts)
    try:
        with contextlib.closing(ahead):
            for (after, upto, _), changed in zip(parts, ahead, strict=True):
                writer.update_columns("entries", changed, key="fid", fingerprinted=True)
                if gathered is not None and trailing is None:
                    _add_written(writer, tree, gathered, match, after, upto)
                elif gathered is not None:
                    added.append(trailing.submit(_add_written, writer, tree, gathered, match, after, upto))
        for future in added:  # an error of the roll-up is raised here
            future.result()
    finally:
        if trailing is not None:
            trailing.shutdown(wait=True, cancel_futures=True)
    return gathered


def _add_written(writer, tree, gathered, match, after, upto):
    """Add to ``gathered`` (a RollUp on ``tree``) the source and sink entries of ``match`` with after < fid <= upto,
    as written (read inside ``writer``'s transaction). Returns None."""
    for entries in source_and_sink_entries(writer, match, fid_range(after, upto)):
        gathered.add(tree.ids.codes(entries["unit_id"].to_numpy()), entries)
