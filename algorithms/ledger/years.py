"""Inventory years side by side: which year and version a run writes, and which one a read selects.

A ledger holds several inventory years (``schema.INVENTORY_YEARS``); every baseline entry, stock and
unit total carries its ``inventory_year`` and ``year_version``. The rules (GPC 2014 Ch 11 and IPCC
2006 Vol 1 Ch 5 ask for a consistent time series, with recalculations explained):

- accounting a year that is not in the ledger adds it as version 1 and leaves the others as they were;
- a year is *sealed* once a later year is in the ledger: without a reason, accounting into it is
  refused; the latest year stays open, and accounting it again replaces that algorithm's rows of its
  latest version (as before years existed);
- a reason opens a new version of the year (its latest version's entries and stocks copied, then the
  run replaces its own); runs with the same reason as the latest version continue that version, so
  sources and sinks can be recalculated under one reason;
- every read selects one year (default the latest) and of it the latest version; rows of two years
  are never mixed. Entry ids end in ``@<year>v<version>``, so the same entry of two years has two ids.
"""
import collections
import re

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr

InventoryYear = collections.namedtuple("InventoryYear", "year version")
"""An inventory year and its version (ints)."""
YEARED = ("entries", "stocks")
"""Tables whose rows carry inventory_year and year_version."""
FIRST_REASON = "first accounting"
TAIL = r"@\d+v\d+$"
"""Pattern of the year tail of an entry id."""


def id_suffixes(year):
    """'@<year>v<version>': the tail of the ids of the entries of ``year`` (an InventoryYear)."""
    return f"@{int(year.year)}v{int(year.version)}"


def dated(name, frame, year):
    """``frame`` (rows for table ``name``) with ``year``'s inventory_year and year_version on rows that
    have none, and, for entries, every id without a year tail given that of its row (id_suffixes);
    unchanged for other tables or no year."""
    if name not in YEARED or year is None or len(frame) == 0:
        return frame
    bare = frame["inventory_year"].isna().to_numpy() if "inventory_year" in frame.columns else np.ones(len(frame), bool)
    ids = frame["entry_id"].astype(str).to_numpy(dtype=object) if name == "entries" and "entry_id" in frame.columns \
        else None
    untailed = np.zeros(len(frame), bool) if ids is None else ~_tailed(ids)
    if not bare.any() and not untailed.any():
        return frame
    frame = frame.copy()
    frame["inventory_year"] = np.where(bare, year.year, frame.get("inventory_year", year.year)).astype("int64")
    frame["year_version"] = np.where(bare, year.version, frame.get("year_version", year.version)).astype("int64")
    if untailed.any():  # each (year, version) spelled once
        at, pairs = pd.MultiIndex.from_arrays([frame[c].to_numpy()[untailed]
                                               for c in ("inventory_year", "year_version")]).factorize()
        tails = np.array([id_suffixes(InventoryYear(*pair)) for pair in pairs.tolist()], dtype=object)
        ids[untailed] = ids[untailed] + tails[at]
        frame["entry_id"] = ids
    return frame


_TAILED = re.compile(TAIL)


def _tailed(ids):
    """Boolean per id (an object array of str): it ends in a year tail (TAIL). The ids are searched as one text,
    a line each, so that only the tailed ones cost a Python step (one search per id when an id holds a line break)."""
    text = "\n".join(ids.tolist())
    if text.count("\n") != max(len(ids) - 1, 0):
        return np.fromiter((_TAILED.search(each) is not None for each in ids), dtype=bool, count=len(ids))
    lengths = np.fromiter(map(len, ids.tolist()), dtype=np.int64, count=len(ids))
    starts = np.cumsum(lengths + 1) - lengths - 1  # where each id's line begins in ``text``
    found = np.zeros(len(ids), dtype=bool)
    found[np.searchsorted(starts, [m.start() for m in _LINE_TAILED.finditer(text)], side="right") - 1] = True
    return found


_LINE_TAILED = re.compile(TAIL, re.MULTILINE)


def restricted(name, where, params, year):
    """(where, params) of a delete on table ``name`` narrowed to ``year``'s rows: a run never
    deletes rows of another year or version."""
    if name not in YEARED or year is None:
        return where, params
    clause = "inventory_year = ? AND year_version = ?"
    return (f"({where}) AND {clause}" if where else clause), tuple(params) + (int(year.year), int(year.version))


def latest(table, year=None):
    """The InventoryYear a read selects from ``table`` (the inventory_years rows): the latest version
    of ``year``, or of the latest year when None; None when the ledger has no inventory year yet.
    Raises LedgerInputError naming the years there are when ``year`` is not in the ledger."""
    if len(table) == 0:
        if year is None:
            return None
        raise LedgerInputError(tr("inventory year {year} is not in the ledger: it holds no inventory year yet").format(
            year=int(year)), layer="LEDGER", field="inventory_year")
    years = table["inventory_year"].astype(int)
    chosen = int(years.max()) if year is None else int(year)
    if chosen not in set(years):
        raise LedgerInputError(
            tr("inventory year {year} is not in the ledger: it holds {years}").format(
                year=chosen, years=", ".join(map(str, sorted(set(years))))),
            layer="LEDGER", field="inventory_year")
    return InventoryYear(chosen, int(table.loc[years == chosen, "year_version"].astype(int).max()))


def match(year):
    """{column: value} selecting the rows of ``year`` (an InventoryYear; {} for None)."""
    return {} if year is None else {"inventory_year": int(year.year), "year_version": int(year.version)}


def to_write(table, year, reason):
    """(InventoryYear, new: whether a new version must be opened, based_on: version to copy or None)
    for a run accounting ``year`` with ``reason`` ('' or None: no recalculation), from ``table``
    (the inventory_years rows). Raises LedgerInputError for a sealed year without a reason."""
    year, reason = int(year), (reason or "").strip()
    mine = table[table["inventory_year"].astype(int) == year] if len(table) else table
    if len(mine) == 0:
        return InventoryYear(year, 1), True, None
    last = mine.loc[mine["year_version"].astype(int).idxmax()]
    version = int(last["year_version"])
    if not reason:
        later = sorted(set(table["inventory_year"].astype(int)) - set(range(0, year + 1)))
        if later:
            raise LedgerInputError(
                tr("inventory year {year} is sealed: {later} follows it. To recalculate it, give a REASON (a "
                   "corrected factor, a new method): the run becomes version {version} of {year}").format(
                    year=year, later=", ".join(map(str, later)), version=version + 1),
                layer="LEDGER", field="REASON")
        return InventoryYear(year, version), False, None
    if reason == (last["reason"] or ""):
        return InventoryYear(year, version), False, None
    return InventoryYear(year, version + 1), True, version


def version_row(year, reason, based_on, run_id, created_at):
    """The inventory_years row (a one-row DataFrame) of a new version."""
    return pd.DataFrame([{
        "inventory_year": int(year.year), "year_version": int(year.version),
        "reason": (reason or "").strip() or FIRST_REASON, "based_on": based_on, "created_at": created_at,
        "run_id": run_id,
    }])


def carried_over(frame, name, year):
    """Rows of an earlier version copied into ``year`` (a new version): the year columns set and, for
    entries, the ids re-suffixed (the store sets their content digests and fingerprints when it writes them)."""
    frame = frame.copy()
    if name == "entries":
        old = frame["entry_id"].astype(str).str.replace(TAIL, "", regex=True)
        frame["entry_id"] = old + id_suffixes(year)
    frame["inventory_year"], frame["year_version"] = int(year.year), int(year.version)
    return frame
