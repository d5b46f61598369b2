"""Every unit and link of a ledger as integer codes read in SQL: no Python text per unit held.

A unit's code is its row among the units, then the links, each in fid order (the order of
``Ledger.read_columns`` of the units followed by the links'). ``coded_units`` reads a city's units
in parts of READ_ROWS rows and keeps, per unit: its unit_id as fixed-width UTF-8 bytes, its parent's code
(the parent_id found through the unit_id UNIQUE indexes in SQL, ``unit_codes.found_sql``), its texts of few
values as Categoricals and its numbers as float64; the codes are a ``unit_codes.UnitCodes``. At 100,000 parcels
(771,560 units and links) that is about 100 bytes a unit where frames of texts held about 500
(benchmarks/RESULTS.md). The lookups by text
(``target_codes``, ``buildings_of_sources``, ``UnitCodes.codes``) read only the rows they find.
"""
import contextlib

import numpy as np
import pandas as pd

from . import schema
from .sql_values import json_ids
from .unit_codes import LAYERS, UnitCodes, found_sql

READ_ROWS = 10_000
"""Units read at a time: their row tuples (about 500 bytes a unit) are held for one part only."""
_EMPTY = {"unit_id": "S1", "parent": np.int64}
LINK_LEVEL = "link"
"""The level every link is given (``level`` of the links layer is not read)."""


def coded_units(ledger, texts, numbers):
    """(table, UnitCodes) of every unit then link: {column: array} with unit_id (fixed-width UTF-8 bytes),
    parent (the parent's code; -1 at the top or for a parent_id that is no unit_id of the ledger), the
    text columns ``texts`` as Categoricals (a links' level is LINK_LEVEL; a column a layer lacks is NaN
    on its rows) and ``numbers`` as float64 (NULL and a column a layer lacks: NaN)."""
    fids, parts = {}, []
    with contextlib.closing(ledger.connect()) as connection:
        for layer in LAYERS:
            own = schema.columns(layer)
            selected = [f't."{c}"' if c in own and not (layer == "links" and c == "level") else "NULL"
                        for c in (*texts, *numbers)]
            cursor = connection.execute(
                f'SELECT t.fid, t.unit_id, {found_sql("t.parent_id")}{"".join(f", {c}" for c in selected)} '
                f'FROM "{layer}" t ORDER BY t.fid')
            layer_parts = list(_parts(cursor, texts, numbers, LINK_LEVEL if layer == "links" else None))
            fids[layer] = np.concatenate([p.pop("fid") for p in layer_parts]) if layer_parts else \
                np.zeros(0, dtype=np.int64)
            parts.extend(layer_parts)
    codes = UnitCodes(fids, ledger)
    for part in parts:
        part["parent"] = codes.coded(part.pop("parent"))
    table = {}  # not a DataFrame: it would hold the ids as Python bytes
    for column in ("unit_id", "parent", *texts, *numbers):  # each column's parts let go once joined
        pieces = [part.pop(column) for part in parts]
        if column in texts:
            table[column] = pd.api.types.union_categoricals(pieces) if pieces else pd.Categorical([])
        else:
            table[column] = np.concatenate(pieces) if pieces else np.zeros(0, dtype=_EMPTY.get(column, float))
    return table, codes


def _parts(cursor, texts, numbers, level):
    """``_part`` of every READ_ROWS rows of ``cursor``: one part's row tuples held at a time."""
    while rows := cursor.fetchmany(READ_ROWS):
        columns = list(zip(*rows, strict=True))
        del rows
        part = _part(columns, texts, numbers, level)
        del columns
        yield part


def _part(columns, texts, numbers, level):
    """One part of ``coded_units``'s read as arrays: fid, unit_id, the parent as ``found_sql`` finds it, texts,
    numbers."""
    part = {"fid": np.array(columns[0], dtype=np.int64),
            "unit_id": np.array([text.encode("utf-8") for text in columns[1]], dtype=bytes),  # 4x np.char.encode
            "parent": np.array(columns[2], dtype=np.int64)}
    for position, column in enumerate(texts, 3):
        values = np.full(len(part["fid"]), level, dtype=object) if column == "level" and level else \
            np.array(columns[position], dtype=object)
        part[column] = pd.Categorical(values, categories=pd.Index(pd.unique(values[pd.notna(values)]), dtype=object))
    for position, column in enumerate(numbers, 3 + len(texts)):
        part[column] = np.array(columns[position], dtype=float)
    return part


def target_codes(ledger, codes, targets):
    """{target: int64 codes} of the texts ``targets`` that name units (``codes``, a ``unit_codes.UnitCodes``): a
    unit_id names its unit or link, else a source_id names every unit and link that carries it (in code order);
    targets naming nothing are left out."""
    texts = sorted({str(t) for t in targets if t != ""})
    found = {text: np.array([code], dtype=np.int64) for text, code in zip(texts, codes.codes(texts), strict=True)
             if code >= 0}
    carried = {}
    with contextlib.closing(ledger.connect()) as connection:
        for layer in LAYERS:
            rows = connection.execute(f'SELECT source_id, fid FROM "{layer}" WHERE source_id IN (SELECT value FROM '
                                      "json_each(?)) ORDER BY fid",
                                      (json_ids([t for t in texts if t not in found]),)).fetchall()
            for text, code in zip([row[0] for row in rows], codes.at(layer, [row[1] for row in rows]), strict=True):
                carried.setdefault(text, []).append(code)
    return found | {text: np.array(found_codes, dtype=np.int64) for text, found_codes in carried.items()}


def buildings_of_sources(ledger, source_ids):
    """{source_id: unit_id} of the first building unit (in fid order) carrying each of ``source_ids``."""
    with contextlib.closing(ledger.connect()) as connection:
        rows = connection.execute(
            "SELECT source_id, unit_id FROM units WHERE level = 'building' AND source_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY fid", (json_ids(set(source_ids)),)).fetchall()
    first = {}
    for source_id, unit_id in rows:
        first.setdefault(source_id, unit_id)
    return first
