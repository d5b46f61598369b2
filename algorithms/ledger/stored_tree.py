"""The tree of units and links read from a ledger as integers (``totals.write_unit_totals``' roll-up of a city).

A unit or link is found through the unit_id index of its layer, in SQL (``found_sql``): the tree is read as each row's
fid and its parent's, and entries or stored rows name their unit by the code SQL finds for their unit_id. Code i is the
i-th of the units, then of the links, in fid order, as ``Hierarchy`` numbers the rows of its frame; the ids of a
whole city are never held as Python texts (7.7 M units and links at 1,000,000 parcels, about 100 bytes each with
their hash table), only those of a part when its rows are written.
"""
import numpy as np
import pandas as pd

from .hierarchy import Hierarchy
from .sql_values import json_ids


class LedgerUnitIds:
    """The ids of a Hierarchy read from a ledger as codes (``read_tree``): code i is the i-th of the units, then
    of the links, in fid order (``fids``: {layer: sorted int64 fids}). An id is read from the ledger only when it
    is asked for (a part's rows, a message naming a unit): the ids of a whole city are never held."""

    def __init__(self, connection, fids):
        self.connection, self.fids = connection, fids

    def __len__(self):
        return sum(len(fid) for fid in self.fids.values())

    def __getitem__(self, code):
        """The unit_id of the unit or link ``code`` (as an Index of the ids gives it)."""
        units = len(self.fids["units"])
        layer, row = ("units", code) if code < units else ("links", code - units)
        return self.connection.execute(f'SELECT unit_id FROM "{layer}" WHERE fid = ?',
                                       (int(self.fids[layer][row]),)).fetchone()[0]

    def parts(self, rows):
        """(layer, code of the first row, fids) of the rows, ``rows`` at a time, units then links, in fid order."""
        start = 0
        for layer, fid in self.fids.items():
            for first in range(0, len(fid), rows):
                yield layer, start + first, fid[first:first + rows]
            start += len(fid)

    def of(self, layer, fids):
        """The unit_id (object array) of the rows ``fids`` of ``layer``, a part of :meth:`parts`."""
        rows = self.connection.execute(f'SELECT unit_id FROM "{layer}" WHERE fid BETWEEN ? AND ? ORDER BY fid',
                                       (int(fids[0]), int(fids[-1]))).fetchall()
        return np.array([row[0] for row in rows], dtype=object)

    def codes(self, found):
        """Codes of the rows ``found`` (int array as ``found_sql`` gives: a units fid, minus a links fid, or 0),
        -1 for 0 (neither a unit nor a link)."""
        found = np.asarray(found, dtype=np.int64)
        units, links = self.fids["units"], self.fids["links"]
        return np.where(found > 0, np.searchsorted(units, found),
                        np.where(found < 0, len(units) + np.searchsorted(links, -found), -1))


def found_sql(unit_id):
    """SQL of the unit or link whose unit_id is the SQL ``unit_id``, through the unit_id indexes: its fid in units,
    minus its fid in links, or 0 when there is none."""
    return (f"coalesce((SELECT fid FROM units WHERE unit_id = {unit_id}), "
            f"-(SELECT fid FROM links WHERE unit_id = {unit_id}), 0)")


def read_tree(connection, rows):
    """The Hierarchy (without levels) of every unit and link (the units, then the links, each in fid order; its ids
    a LedgerUnitIds) read ``rows`` rows at a time through ``connection`` as integers: each row's fid and
    its parent's, found in SQL. No unit_id or parent_id text is held."""
    fids, found = {}, []
    for layer in ("units", "links"):
        parts = [np.array(part, dtype=np.int64).reshape(-1, 2) for part in _fetched(rows, connection.execute(
            f'SELECT fid, {found_sql("child.parent_id")} FROM "{layer}" AS child ORDER BY fid'))]
        fids[layer] = np.concatenate([part[:, 0] for part in parts] or [np.zeros(0, dtype=np.int64)])
        found.extend(part[:, 1] for part in parts)
    ids = LedgerUnitIds(connection, fids)
    return Hierarchy.of_codes(ids, ids.codes(np.concatenate(found or [np.zeros(0, dtype=np.int64)])))


def _fetched(rows, cursor):
    """The rows of ``cursor``, ``rows`` at a time (lists of tuples)."""
    while part := cursor.fetchmany(rows):
        yield part


def unit_codes(connection, ids, unit_ids):
    """Codes in the tree of ``ids`` (a LedgerUnitIds) of ``unit_ids`` (an array), -1 for an id that is neither a unit
    nor a link: each distinct id is found once, in SQL."""
    codes, distinct = pd.factorize(unit_ids)
    found = connection.execute(f"SELECT {found_sql('id.value')} FROM json_each(?) AS id ORDER BY id.key",
                               (json_ids(distinct),)).fetchall()
    return np.append(ids.codes([row[0] for row in found]), -1)[codes]
