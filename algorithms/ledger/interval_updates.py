"""New 95% intervals of entries (low_t, high_t, t CO2e/yr) against the stored ones: only those that differ are written.

A run that gives every entry of a city a new interval compares them with the stored ones part by part inside its
transaction (``changed_parts``): the stored intervals of the whole city are never held, and the rows of a part are
read only once the previous part's changes are written (each part a query of its own, by fid, not one cursor left
open across the writes).
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from .queries import match_clause


def unchanged(low, high, stored_low, stored_high):
    """Boolean per entry: its new interval (``low``, ``high``) is the stored one (float arrays; NULL as NaN equals
    NaN)."""
    return ((low == stored_low) | (np.isnan(low) & np.isnan(stored_low))) & (
        (high == stored_high) | (np.isnan(high) & np.isnan(stored_high)))


def changed_parts(writer, match, fids, low, high, rows):
    """The entries of ``match`` (a ``match_clause`` dict) whose new interval differs from the stored one, as frames
    fid, low_t, high_t of the changed among ``rows`` entries at a time, read in fid order inside ``writer``'s
    transaction. fids (ascending), low, high: the entries the new intervals were computed for, and their intervals
    (t CO2e/yr). LedgerInputError when the stored entries of ``match`` are not ``fids`` (the ledger changed since
    they were read; the caller's transaction then writes nothing)."""
    where, params = match_clause(match)
    done, last = 0, None
    while True:
        after = "" if last is None else " AND fid > ?"
        stored = writer.connection.execute(
            f"SELECT fid, low_t, high_t FROM entries WHERE {where or '1'}{after} ORDER BY fid LIMIT {int(rows)}",
            (*params, *(() if last is None else (last,)))).fetchall()
        if not stored:
            break
        fid, stored_low, stored_high = (np.array(column, dtype=dtype) for column, dtype in zip(
            zip(*stored, strict=True), (np.int64, float, float), strict=True))
        held = slice(done, done + len(fid))
        if done + len(fid) > len(fids) or not np.array_equal(fid, fids[held]):
            break
        same = unchanged(low[held], high[held], stored_low, stored_high)
        yield pd.DataFrame({"fid": fid[~same], "low_t": low[held][~same], "high_t": high[held][~same]})
        done, last = done + len(fid), int(fid[-1])
    if done != len(fids) or stored:
        raise LedgerInputError(tr("the ledger's entries changed while their intervals were computed: nothing was "
                                  "written; run carbonledger:uncertainty again"), layer="entries")
