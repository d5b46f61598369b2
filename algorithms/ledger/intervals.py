"""The interval algebra: how the 95% intervals of entries combine into the interval of their sum.

Every entry has a central estimate ``co2e_t`` and its 2.5th and 97.5th percentiles ``low_t`` and
``high_t`` (t CO2e/yr). The rule used for every sum in the plugin (unit totals and their roll-up,
the docks' groups, the chessboard's deltas, the green-space budget) is IPCC 2006 Vol 1 Ch 3
Approach 1 (Eq. 3.1) with every entry independent of every other: the deviations below
(co2e_t - low_t) and above (high_t - co2e_t) add in quadrature, each side on its own::

    low(sum)  = sum - sqrt(sum of (co2e_t - low_t)^2)
    high(sum) = sum + sqrt(sum of (high_t - co2e_t)^2)

So a sum is carried as three additive *moments* per entry (:func:`moments`: value, squared
deviation below, squared deviation above, in t CO2e/yr and (t CO2e/yr)^2). Moments add in any
grouping (per group, up the hierarchy, as cumulative sums, edit by edit) and become bounds once
(:func:`bounds`). A removed entry counts negated with its bounds swapped (:func:`negated`), so the
interval of a change adds the deviations of what goes and what comes in quadrature.

Another correlation rule belongs here and nowhere else. For entries that share a factor (IPCC
2006 Vol 1 Ch 3, 3.2.3.1: one grid factor for the whole city), the deviations of the entries that
cite one factor add linearly first, and those per-factor sums then add in quadrature: the moments
would be summed per (group, factor) before squaring, i.e. :func:`group_sums` would take the
factor code of each entry as well. The Monte Carlo of ``mrv.monte_carlo`` draws such correlations
instead of adding moments.

An entry's own interval comes from its inputs (IPCC 2006 Vol 1 Ch 3 Eq. 3.1 for a product): the
relative deviations of its factors add in quadrature (:func:`quadrature`), below and above
separately, and apply to the magnitude of the product (:func:`relative_bounds`,
:func:`product_bounds`).
"""
import functools

import numpy as np
import pandas as pd


def moments(value, low, high):
    """(value, squared deviation below, squared deviation above) of each entry, as float arrays.

    value, low, high: t CO2e/yr (arrays or Series, aligned). Returns t CO2e/yr and (t CO2e/yr)^2.
    """
    value = np.asarray(value, dtype=float)
    return value, (value - np.asarray(low, dtype=float)) ** 2, (np.asarray(high, dtype=float) - value) ** 2


def negated(value, low, high):
    """An entry taken away: (-value, -high, -low), so its deviation below becomes the one above."""
    return -np.asarray(value, dtype=float), -np.asarray(high, dtype=float), -np.asarray(low, dtype=float)


def bounds(total, var_below, var_above):
    """(low, high) of a sum (t CO2e/yr) from its total and summed squared deviations ((t CO2e/yr)^2).

    Sums of squares that rounding left slightly negative (differences of cumulative sums) count 0.
    """
    return (total - np.sqrt(np.maximum(var_below, 0.0)),
            total + np.sqrt(np.maximum(var_above, 0.0)))


def group_sums(groups, count, value, low, high):
    """The sum of the entries of each group with its interval (vectorised).

    groups: group code (0 .. count - 1) of each entry; value, low, high: t CO2e/yr per entry.
    Returns (total, low, high) float arrays of length ``count`` (t CO2e/yr; 0 for empty groups).
    """
    groups = np.asarray(groups, dtype=np.int64)
    total, var_below, var_above = (np.bincount(groups, weights=m, minlength=count)
                                   for m in moments(value, low, high))
    return (total, *bounds(total, var_below, var_above))


def sum_interval(value, low, high):
    """(total, low, high) of one sum of entries (t CO2e/yr, Python floats)."""
    total, var_below, var_above = (float(m.sum()) for m in moments(value, low, high))
    below, above = bounds(total, var_below, var_above)
    return total, float(below), float(above)


def sum_per_group(entries, by):
    """Sum co2e_t per group of the columns ``by`` of ``entries`` with the interval of each sum.

    entries: DataFrame with ``by``, co2e_t, low_t, high_t (t CO2e/yr). Returns columns ``by`` +
    co2e_t, low_t, high_t, entries (count), sorted by ``by`` (pandas' compensated group sums).
    """
    frame = pd.DataFrame({column: entries[column].to_numpy() for column in by})
    frame["co2e_t"], frame["var_below"], frame["var_above"] = moments(entries["co2e_t"], entries["low_t"],
                                                                       entries["high_t"])
    frame["entries"] = 1
    sums = frame.groupby(list(by), sort=True).sum().reset_index()
    sums["low_t"], sums["high_t"] = bounds(sums["co2e_t"].to_numpy(), sums.pop("var_below").to_numpy(),
                                           sums.pop("var_above").to_numpy())
    return sums[list(by) + ["co2e_t", "low_t", "high_t", "entries"]]


def relative_deviation(central, bound):
    """|bound - central| / |central|, 0 where the central value is 0 or the bound is missing."""
    central = np.asarray(central, dtype=float)
    bound = np.asarray(bound, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        deviation = np.abs(bound - central) / np.abs(central)
    return np.where(np.isfinite(deviation), deviation, 0.0)


def quadrature(relatives):
    """Relative deviation of a product from those of its factors (an iterable of arrays or
    numbers, e.g. 0.05 for 5%): the square root of the sum of their squares (0 for none)."""
    return functools.reduce(np.hypot, relatives, 0.0)


def relative_bounds(value, relative_low, relative_high):
    """2.5th and 97.5th percentiles of ``value`` given relative half-widths below and above.

    value: estimate (array, any sign); relative_low/high: combined relative deviations of the
    magnitude below and above (e.g. 0.05 for 5%). A positive estimate never drops below 0 and a negative one never
    rises above 0 (Approach 1 is not valid past 100%; the bound stops at zero).
    """
    value = np.asarray(value, dtype=float)
    below = value * (1.0 - np.asarray(relative_low, dtype=float))
    above = value * (1.0 + np.asarray(relative_high, dtype=float))
    positive = value >= 0
    low = np.where(positive, np.maximum(below, 0.0), above)
    high = np.where(positive, above, np.minimum(below, 0.0))
    return low, high


def product_bounds(activity, activity_low, activity_high, factor, factor_low, factor_high, conversion):
    """Approach 1 interval of activity x factor x conversion (t CO2e/yr): (value, low, high).

    The relative deviations of activity and factor add in quadrature, separately below and
    above; the conversion is exact. Deviations apply to the magnitude, so for a sink (negative
    conversion) the factor's high end gives the most negative bound.
    """
    value = np.asarray(activity, dtype=float) * np.asarray(factor, dtype=float) * np.asarray(conversion, dtype=float)
    relative_low = quadrature((relative_deviation(activity, activity_low), relative_deviation(factor, factor_low)))
    relative_high = quadrature((relative_deviation(activity, activity_high), relative_deviation(factor, factor_high)))
    low, high = relative_bounds(value, relative_low, relative_high)
    return value, low, high
