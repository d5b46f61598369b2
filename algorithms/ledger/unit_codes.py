"""The units and links of a ledger as integer codes read in SQL (issue 22): no unit_id text held per unit.

Code i is the i-th of the units in fid order, then of the links in fid order (the order of ``Hierarchy`` built
from ``Ledger.units_and_links`` and of ``totals``' roll-up). Only the fids are held (8 bytes a unit); parents,
ranks and levels are answered by SQL (joins on the unit_id indexes, a sort), and unit_id texts are looked up for
the units a caller names, a part at a time. A report's tree held each unit_id as a str with its hash index (about
90 bytes a unit more: 0.7 GB at 1,000,000 parcels, 7.7 M units and links) and read parent_id and level whole.
"""
import collections
import contextlib

import numpy as np
import pandas as pd

from . import faults, schema
from .seal_state import json_ids

LAYERS = ("units", "links")
ROWS_PER_READ = 100_000
"""Rows fetched at a time (one part's tuples are let go before the next)."""
IDS_PER_LOOKUP = 50_000
"""unit_id texts looked up per statement (one JSON list for ``json_each``)."""


class UnitCodes:
    """The units and links of ``ledger`` (a ``store.Ledger``) numbered in tree order (see the module docstring)."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.fids = {layer: self._integers(f'SELECT fid FROM "{layer}" ORDER BY fid')[:, 0] for layer in LAYERS}

    def __len__(self):
        return sum(len(fids) for fids in self.fids.values())

    def parents(self):
        """The code of every unit's parent, in code order (int64, -1 at the top or for a parent_id that is no unit
        or link)."""
        return np.concatenate([self._coded(self._integers(
            f'SELECT coalesce(p.fid, -1), coalesce(q.fid, -1) FROM "{layer}" c LEFT JOIN units p ON p.unit_id = '
            "c.parent_id LEFT JOIN links q ON q.unit_id = c.parent_id ORDER BY c.fid")) for layer in LAYERS])

    def codes(self, unit_ids):
        """The codes of ``unit_ids`` (texts; int64, -1 for a text that is no unit or link, or None)."""
        inverse, distinct = pd.factorize(np.asarray(unit_ids, dtype=object))  # -1 for None
        found = np.full(len(distinct) + 1, -1, dtype=np.int64)  # the last for None
        for first in range(0, len(distinct), IDS_PER_LOOKUP):
            rows = self._integers("SELECT j.key, coalesce(u.fid, -1), coalesce(l.fid, -1) FROM json_each(?) j LEFT "
                                  "JOIN units u ON u.unit_id = j.value LEFT JOIN links l ON l.unit_id = j.value",
                                  (json_ids(distinct[first:first + IDS_PER_LOOKUP]),))
            found[first + rows[:, 0]] = self._coded(rows[:, 1:])
        return found[inverse]

    def unit_ids(self, codes):
        """The unit_id texts of ``codes`` (an object array)."""
        return self.values(codes, "unit_id")

    def values(self, codes, column):
        """``column`` of the units and links ``codes`` (an object array, None for NULL), read by fid."""
        codes = np.asarray(codes, dtype=np.int64)
        found, first = np.full(len(codes), None, dtype=object), 0
        with contextlib.closing(self.ledger.connect()) as connection:
            for layer, fids in self.fids.items():
                inside = np.flatnonzero((codes >= first) & (codes < first + len(fids)))
                wanted, read = np.unique(fids[codes[inside] - first]), {}
                for start in range(0, len(wanted), IDS_PER_LOOKUP):
                    read.update(connection.execute(
                        f'SELECT fid, "{column}" FROM "{layer}" WHERE fid IN (SELECT value FROM json_each(?))',
                        (json_ids(wanted[start:start + IDS_PER_LOOKUP]),)).fetchall())
                found[inside] = [read[int(fid)] for fid in fids[codes[inside] - first]]
                first += len(fids)
        return found

    def ranks(self):
        """The rank of every unit's unit_id among all of them in sorted order (int64 per code): SQLite's BINARY
        order of UTF-8 texts is Python's order of str, so sorting by rank sorts by unit_id."""
        rows = self._integers("SELECT fid, layer FROM (SELECT unit_id, fid, 0 AS layer FROM units UNION ALL "
                              "SELECT unit_id, fid, 1 FROM links) ORDER BY unit_id")
        codes = np.where(rows[:, 1] == 0, np.searchsorted(self.fids["units"], rows[:, 0]),
                         len(self.fids["units"]) + np.searchsorted(self.fids["links"], rows[:, 0]))
        ranks = np.empty(len(codes), dtype=np.int64)
        ranks[codes] = np.arange(len(codes))
        return ranks

    def levels(self):
        """(the code of every unit's level in ``distinct``, int8 with -1 for NULL; the distinct level texts)."""
        distinct = []
        with contextlib.closing(self.ledger.connect()) as connection:
            for layer in LAYERS:
                distinct += [row[0] for row in connection.execute(f'SELECT DISTINCT level FROM "{layer}"')
                             if row[0] is not None and row[0] not in distinct]
        cases = " ".join(f"WHEN ? THEN {code}" for code in range(len(distinct)))
        case = f"CASE level {cases} ELSE -1 END" if distinct else "-1"  # NULL matches no WHEN
        codes = np.concatenate([self._integers(f'SELECT {case} FROM "{layer}" ORDER BY fid', tuple(distinct))[:, 0]
                                for layer in LAYERS])
        return codes.astype(np.int8), distinct

    def _coded(self, fids):
        """Codes of rows of (fid in units, fid in links), -1 for none: -1 where both are."""
        units, links = fids[:, 0], fids[:, 1]
        return np.where(units >= 0, np.searchsorted(self.fids["units"], units),
                        np.where(links >= 0, len(self.fids["units"]) + np.searchsorted(self.fids["links"], links), -1))

    def _integers(self, sql, parameters=()):
        """The rows of ``sql`` (integer columns, no NULL) as an int64 array (rows, columns), read ROWS_PER_READ rows
        at a time."""
        parts = []
        with contextlib.closing(self.ledger.connect()) as connection:
            cursor = connection.execute(sql, parameters)
            width = len(cursor.description)
            while rows := cursor.fetchmany(ROWS_PER_READ):
                parts.append(np.array(rows, dtype=np.int64))
        return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


UnitTree = collections.namedtuple("UnitTree", "fid parent level")
"""Every unit in fid order: fid (int64), parent (int64: position of the parent in this order, -1 for a unit
whose parent_id names no unit) and level (int8: position in ``schema.LEVELS``, -1 for a level not in it)."""

_TREE = ("SELECT u.fid, coalesce(p.fid, -1), CASE u.level {levels} ELSE -1 END FROM units u "
         "LEFT JOIN units p ON p.unit_id = u.parent_id ORDER BY u.fid")


def level_code(level):
    """The code of ``level`` in UnitTree.level (its position in ``schema.LEVELS``)."""
    return schema.LEVELS.index(level)


def read_unit_codes(ledger):
    """The UnitTree of every unit of ``ledger`` (a Ledger): about 17 bytes a unit, never a unit's text."""
    levels = " ".join(f"WHEN '{level}' THEN {code}" for code, level in enumerate(schema.LEVELS))
    parts = []
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as connection:
        cursor = connection.execute(_TREE.format(levels=levels))
        while rows := cursor.fetchmany(ROWS_PER_READ):
            parts.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    table = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    fid = table[:, 0].copy()
    parent = np.where(table[:, 1] >= 0, np.searchsorted(fid, table[:, 1]), -1)
    return UnitTree(fid, parent, table[:, 2].astype(np.int8))
