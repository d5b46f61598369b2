"""A ledger's entries read as codes and numbers (issue 22): no str held per entry or per unit.

An entry's unit_id becomes ``unit``, the code of its unit or link in a ``unit_codes.UnitCodes`` (units, then links,
each in fid order: the roll-up's numbering), found in SQL for the distinct texts of each batch; the ``CODED_TEXT``
columns become Categoricals (a small integer per entry, each distinct text held once, in order of first appearance);
the numbers stay float64 as read. Each batch of the read (``Ledger.matching_batches``, in fid order) is made codes
before the next is read, so the texts of one batch only are ever held. The Monte Carlo of a city held a str pointer
per entry for four text columns and a str per unit and link with its hash index (about 1.4 GB at 1,000,000 parcels).
"""
import contextlib

import numpy as np
import pandas as pd

from . import faults
from ..core.errors import LedgerInputError
from ..core.messages import tr

CODED_TEXT = ("flow", "factor_id", "inputs_hash")
"""Entry text columns of few distinct values (a flow, a factor, one input amount's shares), read as Categoricals."""


def unknown_unit(unit_id, count, row):
    """The LedgerInputError of entries whose unit_id names no unit or link: the first, ``unit_id`` (its ``row``,
    1-based in the entries read), and how many (``count``)."""
    return LedgerInputError(tr("unit '{unit_id}' is not in the units or links ({count} entries)").format(
        unit_id=unit_id, count=count), layer="entries", field="unit_id", row=row)


def check_distinct_unit_ids(ledger):
    """LedgerInputError when some unit_id is both a unit's and a link's (each layer's are UNIQUE): the codes of a
    UnitCodes would then name two rows by one text. One lookup per link through the units' unit_id index."""
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as connection:
        repeated = connection.execute(
            "SELECT 1 FROM links JOIN units ON units.unit_id = links.unit_id LIMIT 1").fetchone()
    if repeated:
        raise LedgerInputError(tr("unit_id is repeated across units and links"), layer="units", field="unit_id")


def coded_entries(ledger, match, columns, units, refuse_unknown=False):
    """The entries of ``match`` (a ``match_clause`` dict) in fid order as one frame of ``columns`` (unit_id among them),
    each batch made codes as it is read: unit_id as ``unit`` (the code of the unit or link in ``units``, a UnitCodes:
    int32, int64 only beyond 2^31 units; -1 for a text that is none), the CODED_TEXT columns as Categoricals (NULL: code
    -1), the others as read. With ``refuse_unknown``, an entry whose unit_id is no unit or link refuses the read
    (``unknown_unit``). The frame keeps the joined arrays (no copy into blocks)."""
    code_type = np.int32 if len(units) < np.iinfo(np.int32).max else np.int64
    parts = {column: [] for column in columns}
    pools = {column: {} for column in CODED_TEXT if column in columns}
    unknown, count, read = None, 0, 0  # the first entry whose unit_id is no unit or link (text, row); how many
    for batch in ledger.matching_batches("entries", list(columns), match):
        rows = len(batch["unit_id"])
        for column in columns:
            values = batch.pop(column)
            if column == "unit_id":
                texts, values = values, units.codes(values)
                missing = np.flatnonzero(values < 0)
                if refuse_unknown and len(missing):
                    unknown = unknown or (texts[missing[0]], read + int(missing[0]) + 1)
                    count += len(missing)
                del texts
                values = values.astype(code_type)
            elif column in pools:
                values = _pooled(values, pools[column])
            parts[column].append(values)
        read += rows
    if unknown:
        raise unknown_unit(unknown[0], count, unknown[1])
    joined = {}
    for column in columns:
        arrays = parts.pop(column)
        name = "unit" if column == "unit_id" else column
        if column in pools:
            codes = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
            joined[name] = pd.Categorical.from_codes(codes, categories=pd.Index(list(pools[column]), dtype=object))
        else:
            empty = np.zeros(0, dtype=code_type if name == "unit" else float)
            joined[name] = np.concatenate(arrays) if arrays else empty
        del arrays
    return pd.DataFrame(joined, columns=list(joined), copy=False)


def _pooled(values, pool):
    """Codes (int32, -1 for NULL) of the texts ``values`` (an object array) in ``pool`` ({text: code}, codes in order
    of first appearance over every batch; new texts are added)."""
    codes, distinct = pd.factorize(values)
    numbers = np.array([pool.setdefault(value, len(pool)) for value in distinct] + [-1], dtype=np.int32)
    return numbers[codes]
