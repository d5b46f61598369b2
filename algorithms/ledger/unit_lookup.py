"""Units and links of a ledger read by id through its indexes: what a dock asks on a click, without
reading the whole hierarchy (4.4 M units and 3 M links hold about 20 CPU s of strings at 1,000,000 parcels).

Each function takes a ledger (``store.Ledger``) and ``columns`` of the units and links layers (unit_id
among them; a column the links lack is NaN on theirs) and returns a DataFrame, units then links, each
in fid order. The unit_id UNIQUE index and the
parent_id indexes make each read grow with the rows it returns, not with the ledger.
"""
import contextlib

import pandas as pd

from . import schema


def rows_of(ledger, columns, unit_ids):
    """The rows of the units and links whose unit_id is one of ``unit_ids`` (a list of str)."""
    marks = ", ".join("?" * len(unit_ids))
    return _rows(ledger, columns, f"unit_id IN ({marks})", f"unit_id IN ({marks})", [str(u) for u in unit_ids])


def children_of(ledger, columns, unit_ids):
    """The rows of the units and links whose parent is one of ``unit_ids`` (a list of str)."""
    marks = ", ".join("?" * len(unit_ids))
    return _rows(ledger, columns, f"parent_id IN ({marks})", f"parent_id IN ({marks})", [str(u) for u in unit_ids])


def _rows(ledger, columns, unit_where, link_where, params):
    """``columns`` of the units matching ``unit_where`` then of the links matching ``link_where`` (SQL conditions
    taking ``params``), each in fid order: a DataFrame built from the rows as SQLite gives them (a click reads
    a handful; pandas' SQL reader costs more than the read), REAL columns float64 (NULL as NaN)."""
    real = set(schema.real_columns("units")) | set(schema.real_columns("links"))
    records = []
    with contextlib.closing(ledger.connect()) as connection:
        for name, where in (("units", unit_where), ("links", link_where)):
            present = [c for c in columns if c in schema.columns(name)]
            selected = ", ".join(f'"{c}"' for c in present)
            cursor = connection.execute(f'SELECT {selected} FROM "{name}" WHERE {where} ORDER BY fid', params)
            records.extend(dict(zip(present, row, strict=True)) for row in cursor)
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    for column in real.intersection(columns):
        frame[column] = frame[column].astype(float)
    return frame


def units_below(ledger, columns, unit_ids, limit):
    """The first ``limit`` units (no links), in fid order, whose parent is one of ``unit_ids`` (a list of str):
    a walk down the units that the links hanging from a district (thousands each) do not weigh on."""
    columns = [c for c in columns if c in schema.columns("units")]
    marks = ", ".join("?" * len(unit_ids))
    selected = ", ".join(f'"{c}"' for c in columns)
    with contextlib.closing(ledger.connect()) as connection:
        return pd.read_sql_query(f"SELECT {selected} FROM units WHERE parent_id IN ({marks}) ORDER BY fid LIMIT ?",
                                 connection, params=(*[str(u) for u in unit_ids], int(limit)),
                                 dtype={c: "float64" for c in schema.real_columns("units") if c in columns} or None)


def tops(ledger, columns):
    """The rows of the units and links without a parent (the city first in a ledger made by segmentunits)."""
    return _rows(ledger, columns, "parent_id IS NULL", "parent_id IS NULL", ())


def subtree_rows(ledger, columns, unit_id):
    """The rows of ``unit_id`` (a unit or a link) and of every unit below it, then of the links hanging from
    them: a pick's subtree, walked down the parent_id indexes in one read."""
    walk = ("WITH RECURSIVE below(id) AS (SELECT ?1 UNION ALL SELECT u.unit_id FROM units u "
            "JOIN below b ON u.parent_id = b.id) SELECT id FROM below")
    return _rows(ledger, columns, f"unit_id IN ({walk})", f"(unit_id = ?1 OR parent_id IN ({walk}))", (str(unit_id),))


def rows_at_most(ledger):
    """An upper bound of the units and links of ``ledger``: the sum of their largest fids (no pass over them)."""
    with contextlib.closing(ledger.connect()) as connection:
        return sum(connection.execute(f'SELECT COALESCE(MAX(fid), 0) FROM "{name}"').fetchone()[0]
                   for name in ("units", "links"))


def subtree_size(ledger, unit_id, cap):
    """Units and links in the subtree of ``unit_id`` (itself included), counted up to ``cap``: the walk
    down the parent_id indexes goes depth first (one district's units lie together in the file) and
    stops there, so a city's count costs no more than a district's (0.2 s at 1,000,000 parcels)."""
    walk = ("WITH RECURSIVE below(id, depth) AS (SELECT ?, 0 UNION ALL SELECT u.unit_id, b.depth + 1 FROM units u "
            "JOIN below b ON u.parent_id = b.id ORDER BY 2 DESC LIMIT ?) SELECT id FROM below")
    with contextlib.closing(ledger.connect()) as connection:
        units = connection.execute(f"SELECT COUNT(*) FROM ({walk})", (str(unit_id), int(cap))).fetchone()[0]
        links = connection.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM links WHERE parent_id IN ({walk}) LIMIT ?)",
            (str(unit_id), int(cap), int(cap))).fetchone()[0]
    return min(units + links, int(cap))
