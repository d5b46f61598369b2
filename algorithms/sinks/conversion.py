"""Land converted between classes: one net entry per unit and transition (from class -> to class).

IPCC 2006 Vol 4, Tier 1 stock-difference rules for land converted to another use (Ch 2 Eq 2.16 for
biomass, Eq 2.23 for dead organic matter, Eq 2.25 for mineral soils; Ch 8.3 for land converted to
settlements), on the area that went from class i in ALT_YEAR to class j in YEAR (ha, from the
per-pixel transition matrix of the two maps):

    biomass and DOM: the stock of i (c_above + c_below + c_dead, t C/ha) is lost in the year of
        conversion; the new land's biomass starts from zero (B_after = 0) and grows by its class
        rate in the ``rates`` entries, so nothing of j's mature stock is credited at conversion.
        The conversions are spread evenly over the Y = YEAR - ALT_YEAR years between the maps:
        ha converted per year = area / Y.
    soil: SOC moves linearly from c_soil_i to c_soil_j over D years (default 20, Eq 2.25); of the
        area converted evenly over Y years, min(D, Y) / Y is still in transition in YEAR, so the
        annual change is area x (c_soil_i - c_soil_j) / max(D, Y).

    factor (t C/ha/yr per ha converted, loss positive) = B_i / Y + (c_soil_i - c_soil_j) / max(D, Y)
    co2e_t = area converted (ha) x factor x 44/12

Sealed classes (``sealed`` true in the class table: paved, built-up) never yield a sink: a
transition into one whose factor is negative (a soil gain) gives no entry, and its low bound is
floored at 0. The factor's 95% range: the relative ranges of the two classes' stock sums
(stock_low, stock_high) applied to their terms (biomass and soil of one class fully correlated,
the two classes independent; an assumption), combined in quadrature.
"""
import numpy as np
import pandas as pd

from ..ledger import schema
from ..ledger.conversions import C_TO_CO2, M2_PER_HA
from ..ledger.intervals import quadrature
from ..units import zonal
from .class_table import POOLS

LOST_POOLS = ("c_above", "c_below", "c_dead")
"""Pools of the converted land lost at conversion (biomass and dead organic matter)."""
SOIL_YEARS = 20
"""IPCC 2006 Vol 4 Ch 2 (Eq 2.25) default time for soil carbon to reach its new equilibrium, years."""


def transition_id(source, target, maps=None):
    """Factor id of the transition from class ``source`` to class ``target``; maps: (ALT_YEAR, YEAR) of the
    two land-cover maps, which the value depends on, so that two inventory years keep a row each."""
    return f"land_conversion_{source}_to_{target}" + (f"_{int(maps[0])}_{int(maps[1])}" if maps else "")


def transition_factors(classes, years, soil_years=SOIL_YEARS, maps=None):
    """Factor rows (schema.FACTORS columns, indexed by factor_id) of every transition i -> j, i != j.

    years: Y, years between the two maps; soil_years: D; maps: (ALT_YEAR, YEAR) named in the ids
    (``transition_id``). Value in t C per ha converted per year (loss positive), low/high its 95%
    range, source naming the equations and the class rows.
    """
    table = classes.reset_index(drop=True)
    stock = table[list(POOLS)].sum(axis=1).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        below = np.where(stock > 0, (stock - table["stock_low"].to_numpy(dtype=float)) / stock, 0.0)
        above = np.where(stock > 0, (table["stock_high"].to_numpy(dtype=float) - stock) / stock, 0.0)
    lost = table[list(LOST_POOLS)].sum(axis=1).to_numpy(dtype=float) / years  # t C/ha/yr
    soil = table["c_soil"].to_numpy(dtype=float) / max(soil_years, years)
    sealed = table["sealed"].to_numpy(dtype=bool)
    first, second = (a.ravel() for a in np.meshgrid(np.arange(len(table)), np.arange(len(table)), indexing="ij"))
    keep = first != second
    first, second = first[keep], second[keep]
    value = lost[first] + soil[first] - soil[second]
    low = value - quadrature(((lost[first] + soil[first]) * below[first], soil[second] * above[second]))
    high = value + quadrature(((lost[first] + soil[first]) * above[first], soil[second] * below[second]))
    clip = sealed[second]
    value, low = np.where(clip, np.maximum(value, 0.0), value), np.where(clip, np.maximum(low, 0.0), low)
    high = np.maximum(high, value)
    names = table["class"].to_numpy(dtype=object)
    ids = [transition_id(a, b, maps) for a, b in zip(names[first], names[second], strict=False)]
    source = [
        f"IPCC 2006 GL Vol 4 Ch 2 Eq 2.16 (biomass lost at conversion, B_after = 0), Eq 2.23 (dead organic "
        f"matter) and Eq 2.25 (soil, linear over D = {soil_years} yr), Ch 8.3 (land converted to settlements), "
        f"Tier 1: c_above + c_below + c_dead of {a} / {years} yr between the maps + (c_soil of {a} - c_soil of "
        f"{b}) / max(D, {years}); pools and their ranges from the class table rows of {a} and {b}; "
        f"unconfirmed: B_after = 0 and dead organic matter lost at conversion as the Tier 1 reading of "
        f"Ch 8.3.1-8.3.2 (not checked against the text; Table 8.4 gives default stocks removed)"
        + (f"; {b} is sealed: a soil gain is not credited (value and low floored at 0)" if s else "")
        for a, b, s in zip(names[first], names[second], clip, strict=False)]
    return pd.DataFrame({
        "factor_id": ids, "value": value, "unit": "t C/ha converted/yr", "low": low, "high": high,
        "distribution": "normal", "source": source, "year": np.nan, "region": "default",
        "description": [f"annual carbon loss per ha converted from {a} to {b} (negative: gain)"
                        for a, b in zip(names[first], names[second], strict=False)],
        "from_class": names[first], "to_class": names[second],
    }).set_index("factor_id", drop=False)


def density_ids(factors, used):
    """Ids of the ``stock_density_<class>`` rows behind the transition factors among ``used``
    (factor ids), so that the ledger keeps the pools each transition was derived from."""
    rows = factors.loc[[f for f in set(used) if f in factors.index and f.startswith("land_conversion_")]]
    if not len(rows) or "from_class" not in rows.columns:
        return []
    return sorted({f"stock_density_{c}" for c in pd.concat([rows["from_class"], rows["to_class"]]).dropna()})


def transition_rows(ids, pair_m2, classes, factors, year, alt_year):
    """Accounting rows of land conversion: one per unit and transition with a non-zero factor.

    pair_m2: (n, k x k) own area per (class in ALT_YEAR, class in YEAR) pair, m2, column i x k + j
    in class-table order; factors: the table holding ``transition_factors``.
    """
    names = classes["class"].to_numpy(dtype=object)
    k = len(names)
    frames = []
    for i in range(k):
        for j in range(k):
            if i == j or factors.at[transition_id(names[i], names[j], (alt_year, year)), "value"] == 0:
                continue
            hectares = pair_m2[:, i * k + j] / M2_PER_HA
            keep = zonal.is_land(pair_m2[:, i * k + j])
            if not keep.any():
                continue
            factor_id = transition_id(names[i], names[j], (alt_year, year))
            loss = factors.at[factor_id, "value"] > 0
            frames.append(pd.DataFrame({
                "unit_id": np.asarray(ids)[keep], "flow": "source" if loss else "sink",
                "sector": schema.LAND_CONVERSION, "gpc_sector": "V.2", "scope": 1,
                "carrier": f"{names[i]}_to_{names[j]}", "activity": hectares[keep],
                "activity_unit": f"ha converted {alt_year}-{year}",
                "activity_low": hectares[keep], "activity_high": hectares[keep],
                "factor_id": factor_id, "conversion": C_TO_CO2,
                "conversion_note": "t C -> t CO2e (x 44/12), loss positive",
                "method": "transition_tier1", "profile": "flat",
            }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
