"""Class tables as users have them, brought to the columns of ``class_table.py`` before it checks them.

- InVEST's Carbon model table, exactly as InVEST ships it: ``lucode`` (or ``LULC``), ``C_above``,
  ``C_below``, ``C_soil``, ``C_dead`` (t C/ha, InVEST's Mg C/ha), a name or description column
  (``LULC_name``, ``LULC_desc``, ``description`` ...; any characters), in any letter case, with no
  rates, no ranges and no source. Codes become ``code``; class names are made from the description
  (lower case, other characters as '_', ``class_<code>`` when nothing is left or a name repeats).
- Missing rates (``rate_t_c_ha_yr`` absent or empty): no uptake is credited (0 t C/ha/yr).
- Missing ranges (``rate_low``/``rate_high``, ``stock_low``/``stock_high`` absent or empty): the
  interval is the value itself and the source says "no uncertainty given"; nothing is invented.
"""
import numpy as np
import pandas as pd

INVEST_POOLS = {"c_above": "c_above", "c_below": "c_below", "c_soil": "c_soil", "c_dead": "c_dead"}
INVEST_CODES = ("lucode", "lulc")
"""Column names (lower case) InVEST uses for the land-cover code."""
INVEST_NAMES = ("lulc_name", "lulc_desc", "lulc_description", "description", "desc", "name", "lulc_veg")
"""Column names (lower case) taken as the class description, first found."""
NO_UNCERTAINTY = "no uncertainty given"
NO_RATE = "no uptake rate given: none credited"


def as_class_table(table, source_name):
    """``table`` (as read) with the class table's columns; unchanged when it already has them.

    source_name: what the source column cites for rows without one (the file's name).
    """
    lower = {column.lower().strip(): column for column in table.columns}
    if "code" not in table.columns and any(code in lower for code in INVEST_CODES) and "c_above" in lower:
        table = _from_invest(table, lower, source_name)
    return _fill_missing_ranges(table)


def _from_invest(table, lower, source_name):
    """InVEST's carbon-pool table -> code, class, the four pools, description, source."""
    code = table[lower[next(c for c in INVEST_CODES if c in lower)]]
    name_column = next((lower[c] for c in INVEST_NAMES if c in lower), None)
    described = table[name_column].fillna("").astype(str) if name_column else pd.Series("", index=table.index)
    names = described.str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")
    fallback = "class_" + code.astype(str).str.strip()
    names = names.where((names != "") & ~names.duplicated(keep=False), fallback)
    converted = pd.DataFrame({"code": code, "class": names})
    for pool in INVEST_POOLS:
        if pool in lower:
            converted[pool] = table[lower[pool]]
    converted["description"] = described
    converted["source"] = (f"InVEST Carbon table {source_name}" + (": " + described).where(described != "", "")
                           + "; pools t C/ha as given")
    return converted


def _fill_missing_ranges(table):
    """Rates, their range and the stock range where absent or empty: rate 0, ranges of zero width,
    and "no uncertainty given" added to the source of those rows."""
    table = table.copy()
    if "source" not in table.columns:
        table["source"] = ""
    if "rate_t_c_ha_yr" not in table.columns:
        table["rate_t_c_ha_yr"] = np.nan
    no_rate = pd.to_numeric(table["rate_t_c_ha_yr"], errors="coerce").isna() & (
        table["rate_t_c_ha_yr"].isna() | (table["rate_t_c_ha_yr"].astype(str).str.strip() == ""))
    table["rate_t_c_ha_yr"] = table["rate_t_c_ha_yr"].where(~no_rate, 0.0)
    pools = [pool for pool in INVEST_POOLS if pool in table.columns]
    stock = table[pools].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=1)
    missing = pd.Series(False, index=table.index)
    for low, high, value, distribution in (("rate_low", "rate_high", table["rate_t_c_ha_yr"], "distribution"),
                                           ("stock_low", "stock_high", stock, "stock_distribution")):
        for column in (low, high, distribution):
            if column not in table.columns:
                table[column] = np.nan
        empty = table[low].isna() & table[high].isna()
        table[low] = table[low].where(~empty, value)
        table[high] = table[high].where(~empty, value)
        table[distribution] = table[distribution].where(~(empty & table[distribution].isna()), "triangular")
        missing |= empty
    notes = pd.Series(np.where(no_rate, f"; {NO_RATE}", ""), index=table.index) + np.where(
        missing, f"; {NO_UNCERTAINTY}", "")
    cited = table["source"].notna() & (table["source"].astype(str).str.strip() != "")
    table.loc[cited, "source"] = table.loc[cited, "source"].astype(str) + notes[cited]  # uncited rows still fail
    return table
