"""The units' tree as integers: each unit's fid, the position of its parent and a code of its level.

The accounting of a city's units (``sinks.accounting``) needs their tree, not their ids: SQLite resolves each
parent_id to its parent's fid (the unit_id index) and each level to its position in ``schema.LEVELS``, so no
unit_id or parent_id text of a city's units reaches Python; the rows come ROWS_PER_READ at a time, as integers.
A unit's id is read later, with the few units of one partition (``LedgerWriter.geometries_of``).
"""
import collections
import contextlib

import numpy as np

from . import faults, schema

ROWS_PER_READ = 100_000
"""Units read at a time (three integers each)."""

UnitCodes = collections.namedtuple("UnitCodes", "fid parent level")
"""Every unit in fid order: fid (int64), parent (int64: position of the parent in this order, -1 for a unit
whose parent_id names no unit) and level (int8: position in ``schema.LEVELS``, -1 for a level not in it)."""

_TREE = ("SELECT u.fid, coalesce(p.fid, -1), CASE u.level {levels} ELSE -1 END FROM units u "
         "LEFT JOIN units p ON p.unit_id = u.parent_id ORDER BY u.fid")


def level_code(level):
    """The code of ``level`` in UnitCodes.level (its position in ``schema.LEVELS``)."""
    return schema.LEVELS.index(level)


def read_unit_codes(ledger):
    """The UnitCodes of every unit of ``ledger`` (a Ledger): about 17 bytes a unit, never a unit's text."""
    levels = " ".join(f"WHEN '{level}' THEN {code}" for code, level in enumerate(schema.LEVELS))
    parts = []
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as connection:
        cursor = connection.execute(_TREE.format(levels=levels))
        while rows := cursor.fetchmany(ROWS_PER_READ):
            parts.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    table = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    fid = table[:, 0].copy()
    parent = np.where(table[:, 1] >= 0, np.searchsorted(fid, table[:, 1]), -1)
    return UnitCodes(fid, parent, table[:, 2].astype(np.int8))
