"""Large reads of a ledger table through SQLite in batches, where OGR's Arrow stream is not used (``arrow_read``).

Each batch is {column: numpy array} of up to a given number of rows in fid order, typed as ``Ledger.read_table``
types a whole read (REAL columns float64 with NaN for NULL), so that a caller holds one batch of a table at a time
on every GDAL (GDAL 3.10's Arrow stream is not trusted: ``core.gdal_arrow``).
"""
import contextlib

import pandas as pd

from . import faults, schema


def read(ledger, name, columns, where, params, rows):
    """The ``columns`` of the rows of table or layer ``name`` meeting the SQL condition ``where`` (with ``params``;
    every row when None), ``rows`` at a time in fid order, on a connection of ``ledger`` held while the batches
    are read (an SQLite fault is LedgerInputError naming its cause, as ``Ledger.read_table`` raises it). An INTEGER
    column that is NULL on every row of a batch comes as float64 NaN, as the Arrow read gives it (pandas: None)."""
    selected = ", ".join(f'"{c}"' for c in columns)
    real = {c: "float64" for c in schema.real_columns(name) if c in columns}
    integer = [c for c in schema.integer_columns(name) if c in columns]
    with faults.sqlite_faults(ledger.path), contextlib.closing(ledger.connect()) as connection:
        for chunk in pd.read_sql_query(f'SELECT {selected} FROM "{name}"{" WHERE " + where if where else ""} '
                                       "ORDER BY fid", connection, params=params, dtype=real or None, chunksize=rows):
            nulls = [c for c in integer if chunk[c].dtype == object and chunk[c].isna().all()]
            chunk = chunk.astype(dict.fromkeys(nulls, float)) if nulls else chunk
            yield {column: chunk[column].to_numpy() for column in columns}
