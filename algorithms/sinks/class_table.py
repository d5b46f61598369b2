"""The sink class table: land-cover classes with cited uptake rates and carbon pool densities.

A class table (default ``resources/sinks/landcover_classes.csv``) has one row per raster code:
``code, class``, the annual uptake ``rate_t_c_ha_yr`` (t C/ha/yr) with its 95% range and
distribution, the four pool densities ``c_above, c_below, c_soil, c_dead`` (t C/ha) with the 95%
range of their sum, and a ``source``; optional ``profile`` (hourly profile) and ``sealed`` (true for
sealed surfaces, paved and built-up: land converted to them never yields a sink, ``conversion.py``).
``class_factors`` turns it into factor rows. InVEST's Carbon table as shipped, and tables without
rates or ranges, are brought to these columns first (``class_table_formats.py``).
"""
import os

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path
from ..core.tables import read_table
from ..ledger.factors import DISTRIBUTIONS
from .class_table_formats import as_class_table

POOLS = ("c_above", "c_below", "c_soil", "c_dead")
STOCK_RANGE = ("stock_low", "stock_high", "stock_distribution")
"""2.5th and 97.5th percentiles (t C/ha) of the sum of the POOLS, and their distribution."""
CLASS_COLUMNS = (
    ("code", "class", "rate_t_c_ha_yr", "rate_low", "rate_high", "distribution") + POOLS + STOCK_RANGE + ("source",)
)
"""Required columns of a class table; ``profile`` (default ``vegetation``) and ``sealed`` (default
false) are optional."""


def read_class_table(path=None, layer="CLASSES"):
    """The class table (shipped one when ``path`` is None), validated; one row per code.

    Raises LedgerInputError naming the row (1 = first data row) for missing columns, repeated or
    non-integer codes, repeated class names, non-numeric or negative values, rate_low > rate,
    rate > rate_high, a stock range not around the sum of the pools, unknown distributions and
    rows without a source. Rates, their range and the stock range may be missing: no uptake is
    credited and the interval is the value itself, with "no uncertainty given" in the source.
    """
    table = read_table(path or resource_path("sinks", "landcover_classes.csv"), layer)
    table = as_class_table(table, os.path.basename(str(path)) if path else "landcover_classes.csv")
    missing = [c for c in CLASS_COLUMNS if c not in table.columns]
    if missing and set(missing) & set(STOCK_RANGE):
        raise LedgerInputError(tr(
            "missing columns {columns} (stock_low, stock_high: cited 95% interval of c_above + c_below + c_soil + "
            "c_dead in t C/ha, stock_distribution: one of {distributions})").format(
            columns=missing, distributions=", ".join(DISTRIBUTIONS)), layer=layer)
    if missing:
        raise LedgerInputError(tr("missing columns {columns}").format(columns=missing), layer=layer)
    table = table.reset_index(drop=True)

    def fail(mask, field, message):
        if np.asarray(mask).any():
            row = int(np.flatnonzero(np.asarray(mask))[0])
            raise LedgerInputError(message(row), layer=layer, field=field, row=row + 1)

    code = pd.to_numeric(table["code"], errors="coerce")
    fail(code.isna() | (code != code.round()), "code", lambda r: tr("code '{code}' is not an integer").format(
        code=table.at[r, "code"]))
    fail(code.duplicated(), "code", lambda r: tr("code {code} is repeated").format(code=int(code[r])))
    table["code"] = code.astype(np.int64)
    names = table["class"].astype(str).str.strip()
    fail((names == "") | table["class"].isna() | ~names.str.fullmatch(r"[A-Za-z0-9_]+"), "class",
         lambda r: tr("class name '{class_name}' must be letters, digits or _").format(class_name=table.at[r, "class"]))
    fail(names.duplicated(), "class", lambda r: tr("class '{class_name}' is repeated").format(class_name=names[r]))
    table["class"] = names
    for field in ("rate_t_c_ha_yr", "rate_low", "rate_high") + POOLS + STOCK_RANGE[:2]:
        numbers = pd.to_numeric(table[field], errors="coerce")
        fail(numbers.isna(), field, lambda r, f=field: tr("'{value}' is not a number").format(value=table.at[r, f]))
        table[field] = numbers
    for field in POOLS:
        fail(table[field] < 0, field, lambda r, f=field: tr("a carbon pool cannot be negative ({value} t C/ha)").format(
            value=table.at[r, f]))
    fail(table["rate_low"] > table["rate_high"], "rate_low",
         lambda r: tr("rate_low {rate_low} > rate_high {rate_high} for '{class_name}'").format(
             rate_low=table.at[r, "rate_low"], rate_high=table.at[r, "rate_high"], class_name=names[r]))
    fail(
        (table["rate_low"] > table["rate_t_c_ha_yr"]) | (table["rate_t_c_ha_yr"] > table["rate_high"]),
        "rate_t_c_ha_yr",
        lambda r: tr("'{class_name}' needs rate_low <= rate_t_c_ha_yr <= rate_high").format(class_name=names[r]),
    )
    stock = table[list(POOLS)].sum(axis=1)
    fail(
        table["stock_low"] < 0,
        "stock_low",
        lambda r: tr("stock_low {stock_low} of '{class_name}' is negative").format(
            stock_low=table.at[r, "stock_low"], class_name=names[r]),
    )
    fail(table["stock_low"] > stock + 1e-9, "stock_low",
         lambda r: tr("stock_low {stock_low} > {stock:g} t C/ha, the sum of the pools of '{class_name}'").format(
             stock_low=table.at[r, "stock_low"], stock=stock[r], class_name=names[r]))
    fail(
        table["stock_high"] < stock - 1e-9,
        "stock_high",
        lambda r: tr("stock_high {stock_high} < {stock:g} t C/ha, the sum of the pools of '{class_name}'").format(
            stock_high=table.at[r, "stock_high"], stock=stock[r], class_name=names[r]),
    )
    for field in ("distribution", "stock_distribution"):
        fail(~table[field].isin(DISTRIBUTIONS), field,
             lambda r, f=field: tr("{field} '{value}' is not one of {distributions}").format(
                 field=f, value=table.at[r, f], distributions=", ".join(DISTRIBUTIONS)))
    fail(table["source"].isna() | (table["source"].astype(str).str.strip() == ""), "source",
         lambda r: tr("class '{class_name}' has no source").format(class_name=names[r]))
    table["profile"] = table["profile"].fillna("vegetation") if "profile" in table.columns else "vegetation"
    sealed = table["sealed"].fillna(False).astype(str).str.strip().str.lower() if "sealed" in table.columns else None
    if sealed is not None:
        fail(~sealed.isin(("true", "false", "1", "0", "1.0", "0.0")), "sealed",
             lambda r: tr("sealed '{sealed}' of '{class_name}' is not true or false").format(
                 sealed=table.at[r, "sealed"], class_name=names[r]))
    table["sealed"] = sealed.isin(("true", "1", "1.0")) if sealed is not None else False
    return table


def class_factors(classes):
    """Factor rows (schema.FACTORS columns) for the class table: ``sink_rate_<class>`` (t C/ha/yr)
    and ``stock_density_<class>`` (sum of the four pools, t C/ha, with the table's stock range)."""
    rates = pd.DataFrame(
        {
            "factor_id": "sink_rate_" + classes["class"],
            "value": classes["rate_t_c_ha_yr"],
            "unit": "t C/ha/yr",
            "low": classes["rate_low"],
            "high": classes["rate_high"],
            "distribution": classes["distribution"],
            "source": classes["source"],
            "year": np.nan,
            "region": "default",
            "description": "annual carbon uptake per ha of "
            + classes["class"]
            + " (per ha of crown for urban_trees with CANOPY)",
        }
    )
    densities = pd.DataFrame({
        "factor_id": "stock_density_" + classes["class"], "value": classes[list(POOLS)].sum(axis=1),
        "unit": "t C/ha", "low": classes["stock_low"], "high": classes["stock_high"],
        "distribution": classes["stock_distribution"],
        "source": classes["source"], "year": np.nan, "region": "default",
        "description": "carbon stock c_above + c_below + c_soil + c_dead per ha of " + classes["class"],
    })
    return pd.concat([rates, densities], ignore_index=True).set_index("factor_id", drop=False)
