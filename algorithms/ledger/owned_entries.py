"""Entries of the subtrees below chosen units, each with the nearest chosen unit at or above its unit.

The read of a green unit's uptake (``greenspace.green_units``): the sink entries of a green unit and of every
unit below it down to the next green unit, which owns its own. The subtrees are walked in SQL through the
parent_id index into a temporary table (unit_id -> owner) joined on the entries' unit_id index, so neither the
city's units nor its other entries are read into Python: only the entries asked for come back.
"""
import contextlib

import numpy as np
import pandas as pd

from . import faults, schema
from .sql_values import json_ids
from .hierarchy import MAX_DEPTH
from .queries import match_clause

ROWS_PER_READ = 50_000
"""Owned entries read at a time (their texts made to share one str per distinct value before the next part)."""
_OWNED = (
    "INSERT OR IGNORE INTO owned WITH RECURSIVE below(id, owner, depth) AS ("
    "SELECT unit_id, unit_id, 0 FROM owners UNION ALL "
    "SELECT u.unit_id, b.owner, b.depth + 1 FROM below b JOIN units u ON u.parent_id = b.id "
    "WHERE b.depth < ? AND u.unit_id NOT IN (SELECT unit_id FROM owners)) SELECT id, owner FROM below"
)
"""Every unit at or below an owner, with the nearest owner at or above it (an owner is its own): the walk from
an owner stops at the units that are owners themselves (and after MAX_DEPTH levels, below a parent cycle)."""


def owned_entries(ledger, owners, columns, match=None):
    """Entries (``columns``, unit_id not among them) with the values of ``match`` whose unit is one of the units
    ``owners`` or below one, in fid order, with a first column ``owner``: the unit_id of the nearest of ``owners``
    at or above the entry's unit (the unit itself first), as ``Hierarchy.nearest_ancestor_in(..., include_self=True)``
    finds it in the tree of the units (links are in no subtree). REAL columns are float64, as ``read_table`` reads
    them."""
    selected = ", ".join(["o.owner"] + [f'e."{c}"' for c in columns])
    real = {c: "float64" for c in schema.real_columns("entries") if c in columns}
    where, params = match_clause(match)
    where = " AND ".join(f"+e.{condition}" for condition in where.split(" AND ")) if where else ""  # no index
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as connection:
        connection.execute("CREATE TEMP TABLE owners (unit_id TEXT PRIMARY KEY)")
        connection.execute("CREATE TEMP TABLE owned (unit_id TEXT PRIMARY KEY, owner TEXT NOT NULL)")
        connection.execute("INSERT OR IGNORE INTO owners SELECT value FROM json_each(?)",
                           (json_ids(owners),))
        connection.execute(_OWNED, (MAX_DEPTH,))
        parts = [shared_texts(part) for part in pd.read_sql_query(
            f"SELECT {selected} FROM owned o CROSS JOIN entries e ON e.unit_id = o.unit_id"
            f"{' WHERE ' + where if where else ''} ORDER BY e.fid", connection, params=params, dtype=real or None,
            chunksize=ROWS_PER_READ)]
    owned = pd.concat(parts, ignore_index=True)
    return owned.astype(real) if real and not len(owned) else owned  # an empty read is not typed


def shared_texts(frame):
    """``frame`` with the repeats of each text column sharing one str object: SQLite hands every row its own copy
    of the owner's id, the factor id and the inputs hash, which repeat over a green unit's (and a run's) entries."""
    for column in frame.select_dtypes(include="object").columns:
        values = frame[column].to_numpy()
        codes, distinct = pd.factorize(values)
        named = codes >= 0
        values[named] = np.asarray(distinct, dtype=object)[codes[named]]
        frame[column] = values
    return frame
