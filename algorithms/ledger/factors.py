"""Factor tables: read, validate, override by id, and pick the rows a run used.

A factor table is a CSV with at least ``factor_id, value, unit, low, high, distribution,
source, year, region`` (see ``schema.FACTORS``); ``low`` and ``high`` are the 2.5th and
97.5th percentiles. Users override shipped rows by passing their own table with the same ids.
"""
import glob
import os

import numpy as np
import pandas as pd

from . import schema
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path, shipped, shipped_table
from ..core.tables import read_table

REQUIRED = ("factor_id", "value", "unit", "low", "high", "distribution", "source", "year", "region")
DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")
def validate_factor_table(table, layer):
    """Check columns, numbers, ranges and citations; return the table indexed by factor_id.

    Raises LedgerInputError naming the layer, field and row of the first problem.
    """
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise LedgerInputError(tr("missing columns {columns}").format(columns=missing), layer=layer)
    table = table.reset_index(drop=True)
    for field in ("value", "low", "high", "year"):
        numbers = pd.to_numeric(table[field], errors="coerce")
        bad = numbers.isna() & table[field].notna() & (table[field].astype(str).str.strip() != "")
        if field == "value":
            bad |= numbers.isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise LedgerInputError(tr("'{value}' is not a number").format(value=table.at[row, field]), layer=layer,
                                   field=field, row=row + 1)
        table[field] = numbers
    ids = table["factor_id"].astype(str).str.strip()
    if (ids == "").any() or ids.duplicated().any():
        row = int(np.flatnonzero(((ids == "") | ids.duplicated()).to_numpy())[0])
        raise LedgerInputError(
            tr("factor_id '{factor_id}' is empty or repeated").format(factor_id=ids[row]), layer=layer,
            field="factor_id", row=row + 1
        )
    table["factor_id"] = ids
    wrong_order = (table["low"] > table["value"]) | (table["value"] > table["high"])
    if wrong_order.any():
        row = int(np.flatnonzero(wrong_order.to_numpy())[0])
        raise LedgerInputError(
            tr("factor '{factor_id}' needs low <= value <= high, got {low} / {value} / {high}").format(
                factor_id=ids[row], low=table.at[row, "low"], value=table.at[row, "value"], high=table.at[row, "high"]),
            layer=layer, field="low", row=row + 1,
        )
    unknown = ~table["distribution"].isin(DISTRIBUTIONS)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise LedgerInputError(
            tr("distribution '{distribution}' is not one of {distributions}").format(
                distribution=table.at[row, "distribution"], distributions=", ".join(DISTRIBUTIONS)),
            layer=layer, field="distribution", row=row + 1,
        )
    uncited = table["source"].isna() | (table["source"].astype(str).str.strip() == "")
    if uncited.any():
        row = int(np.flatnonzero(uncited.to_numpy())[0])
        raise LedgerInputError(tr("factor '{factor_id}' has no source").format(factor_id=ids[row]), layer=layer,
                               field="source", row=row + 1)
    return table.set_index("factor_id", drop=False)


def read_factor_table(path, layer=None):
    """Read and validate one factor CSV; returns it indexed by factor_id."""
    layer = layer or os.path.basename(path)
    return validate_factor_table(read_table(path, layer, dtype={"factor_id": str}), layer)


@shipped
def shipped_factors(folder="factors"):
    """All factor CSVs under ``resources/<folder>/``, concatenated and validated (once per process: ``shipped``)."""
    paths = sorted(glob.glob(resource_path(folder, "*.csv")))
    tables = [shipped_table(folder, os.path.basename(p), dtype={"factor_id": str}) for p in paths]
    return validate_factor_table(pd.concat(tables, ignore_index=True), f"resources/{folder}")


def override_factors(base, override):
    """Rows of ``override`` replace rows of ``base`` with the same factor_id; new ids are added."""
    if override is None or len(override) == 0:
        return base
    kept = base[~base.index.isin(override.index)]
    return pd.concat([kept, override]).sort_index()


def factor_rows_for_ledger(table, used_ids):
    """The rows of ``table`` whose id was used, with the ledger's ``factors`` columns."""
    used = table.loc[sorted(set(used_ids))]
    columns = [c for c in schema.columns("factors") if c in used.columns]
    return used[columns].reset_index(drop=True)
