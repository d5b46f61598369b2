"""Python values as SQLite takes them: pandas columns for the ledger writers' inserts and updates, ids as one JSON
parameter for ``json_each``."""
import json

import numpy as np
import pandas as pd


def sql_values(series):
    """A pandas column as a list of Python values SQLite accepts (NaN and NA become NULL)."""
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iub":
        return series.to_numpy().tolist()
    values = series.to_numpy(dtype=object) if not isinstance(series.dtype, np.dtype) or series.dtype.kind != "f" \
        else series.to_numpy()
    listed = values.tolist()
    if values.dtype.kind == "f":
        missing = np.isnan(values)
    elif pd.api.types.infer_dtype(values, skipna=False) == "string":
        return listed  # text without a missing value: as it is
    else:
        missing = pd.isna(values)
    for position in np.flatnonzero(missing).tolist():
        listed[position] = None
    if values.dtype.kind == "f" or pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        return listed
    return [v.item() if isinstance(v, np.generic) else v for v in listed]


def json_ids(ids):
    """``ids`` (unit ids, entry ids, fids) as a JSON list of texts, one SQL parameter for ``json_each``."""
    return json.dumps([str(i) for i in ids])
