"""The units and links of a ledger as integer codes read in SQL (issue 22): no unit_id text held per unit.

Code i is the i-th of the units in fid order, then of the links in fid order (the order of ``Hierarchy`` built
from ``Ledger.units_and_links``, of ``totals``' roll-up and of ``coded_units``' table); a reader of the units only
numbers the units alone. Only the fids are held (8 bytes a unit). A unit_id text is found in SQL through the
unit_id UNIQUE indexes (``found_sql``: a row's parent, the ids a caller names through ``json_each``), and unit_id
texts (or another column) are read back for the codes a caller names, a part at a time. A report's tree held each
unit_id as a str with its hash index (about 90 bytes a unit more: 0.7 GB at 1,000,000 parcels, 7.7 M units and
links) and read parent_id and level whole.

:class:`UnitCodes` reads through a ``store.Ledger`` (a connection per read) or through an open connection (a
writer's, inside its transaction: the units it has written are found).
"""
import collections
import contextlib

import numpy as np
import pandas as pd

from . import faults, schema
from .sql_values import json_ids

LAYERS = ("units", "links")
ROWS_PER_READ = 100_000
"""Rows fetched at a time (one part's tuples are let go before the next)."""
IDS_PER_LOOKUP = 50_000
"""unit_id texts looked up per statement (one JSON list for ``json_each``)."""
_EMPTY = np.zeros(0, dtype=np.int64)


def found_sql(unit_id):
    """SQL of the unit or link whose unit_id is the SQL ``unit_id``, through the unit_id indexes: its fid in units,
    minus its fid in links, or 0 when there is none (fids are positive). :meth:`UnitCodes.coded` turns it into a
    code."""
    return (f"coalesce((SELECT fid FROM units WHERE unit_id = {unit_id}), "
            f"-(SELECT fid FROM links WHERE unit_id = {unit_id}), 0)")


class UnitCodes:
    """The rows of the layers of ``fids`` ({layer: sorted int64 fids}: units, then links, or the units alone) of a
    ledger numbered in that order (see the module docstring), read through ``ledger`` (a ``store.Ledger``) or through
    ``connection`` (an open sqlite3 connection) when given."""

    def __init__(self, fids, ledger=None, connection=None):
        self.fids, self.ledger, self.connection = fids, ledger, connection
        self.first = dict(zip(fids, np.cumsum([0] + [len(f) for f in fids.values()])[:-1].tolist(), strict=True))

    @classmethod
    def read(cls, ledger=None, connection=None, layers=LAYERS, levels=None):
        """(the UnitCodes of every row of ``layers``; the code of each one's parent in code order: int64, -1 at the
        top or for a parent_id that is no row of ``layers``; with ``levels`` (level texts), the position of each
        one's level in them, int8, -1 for NULL or a level not in them, else None), read ROWS_PER_READ rows at a time
        as integers in one pass: each row's fid and its parent's, found in SQL. No unit_id or parent_id text is
        held."""
        level = "" if levels is None else f", {_level_case(levels)}"
        fids, found, level_codes = {}, [], []
        with _connected(ledger, connection) as reading:
            for layer in layers:
                parts = [np.array(rows, dtype=np.int64).reshape(len(rows), -1) for rows in _fetched(reading.execute(
                    f'SELECT fid, {found_sql("child.parent_id")}{level} FROM "{layer}" AS child ORDER BY fid',
                    tuple(levels or ())))]
                fids[layer] = np.concatenate([part[:, 0] for part in parts] or [_EMPTY])
                found.append(np.concatenate([part[:, 1] for part in parts] or [_EMPTY]))
                if levels is not None:
                    level_codes.append(np.concatenate([part[:, 2] for part in parts] or [_EMPTY]).astype(np.int8))
                del parts  # the row tuples let go before the next layer is read
        codes = cls(fids, ledger, connection)
        return codes, codes.coded(np.concatenate(found)), None if levels is None else np.concatenate(level_codes)

    def __len__(self):
        return sum(len(fids) for fids in self.fids.values())

    def __getitem__(self, code):
        """The unit_id of the unit or link ``code`` (as an Index of the ids gives it: a message naming a unit)."""
        return self.unit_ids([code])[0]

    def at(self, layer, fids):
        """Codes of the rows ``fids`` (int array, all present) of ``layer``."""
        return self.first[layer] + np.searchsorted(self.fids[layer], np.asarray(fids, dtype=np.int64))

    def coded(self, found):
        """Codes of the rows ``found`` (int array as ``found_sql`` gives: a units fid, minus a links fid, or 0), -1
        for 0 and for a row of a layer not numbered."""
        found = np.asarray(found, dtype=np.int64)
        codes = np.full(len(found), -1, dtype=np.int64)
        for layer, sign in (("units", 1), ("links", -1)):
            if layer in self.fids:
                rows = np.flatnonzero(found * sign > 0)
                codes[rows] = self.at(layer, found[rows] * sign)
        return codes

    def codes(self, unit_ids):
        """The codes of ``unit_ids`` (texts; int64, -1 for a text that is no unit or link, or None): each distinct
        text is found once, in SQL."""
        inverse, distinct = pd.factorize(np.asarray(unit_ids, dtype=object))  # -1 for None
        found = np.full(len(distinct) + 1, -1, dtype=np.int64)  # the last for None
        with self._connected() as reading:
            for first in range(0, len(distinct), IDS_PER_LOOKUP):
                rows = reading.execute(f"SELECT {found_sql('id.value')} FROM json_each(?) AS id ORDER BY id.key",
                                       (json_ids(distinct[first:first + IDS_PER_LOOKUP]),)).fetchall()
                found[first:first + len(rows)] = self.coded([row[0] for row in rows])
        return found[inverse]

    def parts(self, rows):
        """(layer, code of the first row, fids) of the rows, ``rows`` at a time, in code order."""
        for layer, fids in self.fids.items():
            for first in range(0, len(fids), rows):
                yield layer, self.first[layer] + first, fids[first:first + rows]

    def part_values(self, layer, fids, column="unit_id"):
        """``column`` (an object array) of the rows ``fids`` of ``layer``, a part of :meth:`parts`."""
        with self._connected() as reading:
            rows = reading.execute(f'SELECT "{column}" FROM "{layer}" WHERE fid BETWEEN ? AND ? ORDER BY fid',
                                   (int(fids[0]), int(fids[-1]))).fetchall()
        return np.array([row[0] for row in rows], dtype=object)

    def unit_ids(self, codes):
        """The unit_id texts of ``codes`` (an object array)."""
        return self.values(codes, "unit_id")

    def values(self, codes, column):
        """``column`` of the units and links ``codes`` (an object array, None for NULL), read by fid."""
        codes = np.asarray(codes, dtype=np.int64)
        found = np.full(len(codes), None, dtype=object)
        with self._connected() as reading:
            for layer, fids in self.fids.items():
                first = self.first[layer]
                inside = np.flatnonzero((codes >= first) & (codes < first + len(fids)))
                wanted, read = np.unique(fids[codes[inside] - first]), {}
                for start in range(0, len(wanted), IDS_PER_LOOKUP):
                    read.update(reading.execute(
                        f'SELECT fid, "{column}" FROM "{layer}" WHERE fid IN (SELECT value FROM json_each(?))',
                        (json_ids(wanted[start:start + IDS_PER_LOOKUP]),)).fetchall())
                found[inside] = [read[int(fid)] for fid in fids[codes[inside] - first]]
        return found

    def ranks(self):
        """The rank of every row's unit_id among all of them in sorted order (int64 per code): SQLite's BINARY
        order of UTF-8 texts is Python's order of str, so sorting by rank sorts by unit_id."""
        layers = list(self.fids)
        union = " UNION ALL ".join(f'SELECT unit_id, fid, {position} AS layer FROM "{layer}"'
                                   for position, layer in enumerate(layers))
        rows = self._integers(f"SELECT fid, layer FROM ({union}) ORDER BY unit_id")
        codes = np.empty(len(rows), dtype=np.int64)
        for position, layer in enumerate(layers):
            chosen = rows[:, 1] == position
            codes[chosen] = self.at(layer, rows[chosen, 0])
        ranks = np.empty(len(codes), dtype=np.int64)
        ranks[codes] = np.arange(len(codes))
        return ranks

    def levels(self, distinct=None):
        """(the code of every row's level in ``distinct`` (int8, -1 for NULL or a level not in it); the level texts
        ``distinct``, by default the distinct levels of the rows in the order first read)."""
        if distinct is None:
            distinct = []
            with self._connected() as reading:
                for layer in self.fids:
                    distinct += [row[0] for row in reading.execute(f'SELECT DISTINCT level FROM "{layer}"')
                                 if row[0] is not None and row[0] not in distinct]
        case = _level_case(distinct)
        codes = np.concatenate([self._integers(f'SELECT {case} FROM "{layer}" ORDER BY fid', tuple(distinct))[:, 0]
                                for layer in self.fids] or [_EMPTY])
        return codes.astype(np.int8), list(distinct)

    def _connected(self):
        """The connection to read through (``_connected``)."""
        return _connected(self.ledger, self.connection)

    def _integers(self, sql, parameters=()):
        """The rows of ``sql`` (integer columns, no NULL) as an int64 array (rows, columns), read ROWS_PER_READ rows
        at a time."""
        with self._connected() as reading:
            cursor = reading.execute(sql, parameters)
            width = len(cursor.description)
            parts = [np.array(rows, dtype=np.int64) for rows in _fetched(cursor)]
        return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def _level_case(levels):
    """SQL of the position of a row's level in ``levels`` (one ``?`` parameter per level text), -1 for NULL or a level
    not in them."""
    cases = " ".join(f"WHEN ? THEN {code}" for code in range(len(levels)))
    return f"CASE level {cases} ELSE -1 END" if len(levels) else "-1"  # NULL matches no WHEN


@contextlib.contextmanager
def _connected(ledger, connection):
    """``connection`` when given (left open), else a new connection of ``ledger`` (closed after, its sqlite3 errors
    as LedgerInputError naming their cause)."""
    if connection is not None:
        yield connection
        return
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as opened:
        yield opened


def _fetched(cursor):
    """The rows of ``cursor``, ROWS_PER_READ at a time (lists of tuples)."""
    while rows := cursor.fetchmany(ROWS_PER_READ):
        yield rows


UnitTree = collections.namedtuple("UnitTree", "fid parent level")
"""Every unit in fid order: fid (int64), parent (int64: position of the parent in this order, -1 for a unit
whose parent_id names no unit) and level (int8: position in ``schema.LEVELS``, -1 for a level not in it)."""


def level_code(level):
    """The code of ``level`` in UnitTree.level (its position in ``schema.LEVELS``)."""
    return schema.LEVELS.index(level)


def read_unit_codes(ledger):
    """The UnitTree of every unit of ``ledger`` (a Ledger): about 17 bytes a unit, never a unit's text."""
    codes, parent, level = UnitCodes.read(ledger, layers=("units",), levels=schema.LEVELS)
    return UnitTree(codes.fids["units"], parent, level)
