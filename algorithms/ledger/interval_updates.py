"""New 95% intervals of entries (low_t, high_t, t CO2e/yr) against the stored ones: only those that differ are written.

A run that gives every entry of a city a new interval compares them with the stored ones part by part inside its
transaction (``changed_part``): the stored intervals of the whole city are never held. ``write_intervals`` writes the
parts in fid order, each read once, compared, given its new fingerprints and set by one UPDATE, and rolls up the
entries a part wrote as soon as they are written (``totals.RollUp``, in fid order).
"""

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from .queries import match_clause
from .seals import INTERVAL_HELD_FIELDS, updated
from .totals import RollUp, source_and_sink_entries


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
    the stored ones with their new fingerprints, ``rows`` entries at a time in fid order (``changed_part``: each part
    read once, set by one UPDATE). With ``tree`` (the Hierarchy of the units and links as codes), returns the
    ``totals.RollUp`` of the source and sink entries of ``match`` as written, part by part (else None). All in the
    caller's thread: threads reading through the writer's connection deadlocked on Python 3.13 (QGIS 3.40/3.44) and
    were no faster at 1,000,000 parcels (benchmarks/RESULTS.md)."""
    gathered = None if tree is None else RollUp()
    for after, upto, positions in fid_parts(fids, rows):
        stored, same = stored_part(writer.connection, match, fids, low, high, (after, upto, positions))
        changed = stored.loc[~same, ["fid"]].reset_index(drop=True).assign(
            low_t=low[positions][~same], high_t=high[positions][~same])
        writer.update_columns("entries", updated(writer.connection, changed, "fid", stored[~same].reset_index(
            drop=True)), key="fid", fingerprinted=True)
        if gathered is not None:
            _add_written(writer, tree, gathered, match, after, upto)
    return gathered


def _add_written(writer, tree, gathered, match, after, upto):
    """Add to ``gathered`` (a RollUp on ``tree``) the source and sink entries of ``match`` with after < fid <= upto,
    as written (read inside ``writer``'s transaction). Returns None."""
    for entries in source_and_sink_entries(writer, match, fid_range(after, upto)):
        gathered.add(tree.ids.codes(entries["unit_id"].to_numpy()), entries)
