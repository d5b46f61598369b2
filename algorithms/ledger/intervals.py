"""The interval algebra: how the 95% intervals of entries combine into the interval of their sum.

Every entry has a central estimate ``co2e_t`` and its 2.5th and 97.5th percentiles ``low_t`` and
``high_t`` (t CO2e/yr). The rule used for every sum in the plugin (unit totals and their roll-up,
the docks' groups, the chessboard's deltas, scenario comparison, the green-space budget) is IPCC
2006 Vol 1 Ch 3 Approach 1 (Eq. 3.1) with the correlations of 3.2.3.1: where entries share a
factor, their amounts are summed first and that factor's uncertainty applies once (fully
correlated); activities that are shares of one input amount are correlated the same way.

Each entry's deviation is split into two *parts* (:func:`parts`): its factor part, shared by all
entries that cite the same ``factor_id``, and its activity part, shared by the entries with the same
``inputs_hash`` and the same relative activity bounds (the gases of one fuel row, the downscaled
shares of one district total; the Monte Carlo of ``mrv.monte_carlo`` draws these together too),
else its own. The activity part's relative deviations ``a`` are those of ``activity_low/high``
about ``activity``; the factor part's are the rest of the entry's relative deviation ``U`` in
quadrature, ``f = sqrt(U^2 - a^2)``, which for an Approach 1 entry is exactly the factor row's (Eq. 3.1).
A part moves an entry E by ``E x f-`` when it sits at its 2.5th percentile and by ``E x f+`` at its
97.5th (*shifts*, signed: negative for a sink). Shifts add linearly within a part, in any grouping
(per group, up the hierarchy, edit by edit); a sum's deviation below from one part is its summed
shift below, or minus its summed shift above where the part's entries are net negative, and the
parts add in quadrature, each side on its own (:func:`spread`)::

    S-_p = sum of E_i x f-_i over the entries i of part p        (likewise S+_p)
    low(sum)  = sum - sqrt(sum over parts p of max(S-_p, -S+_p, 0)^2)
    high(sum) = sum + sqrt(sum over parts p of max(S+_p, -S-_p, 0)^2)

One entry alone keeps its own interval. A removed entry counts negated with its bounds swapped
(:func:`negated`): its shifts change sign, so what an edit removes and adds under one factor cancels
before that factor's deviation applies. Frames without the correlation columns (``CORRELATED``)
count each entry as its own part.

A third kind of deviation is the *proxy error* of downscaled activities (:func:`proxy_variances`).
A total T spread over units by a proxy gives unit v the share s_v; its true share is
s_v (1 + r z_v) renormalised, with r the proxy's relative 95% deviation (``proxy_error``) and z_v
independent, so unit v's activity deviates by ``T s_v r (z_v - W)`` with ``W = sum_u s_u z_u``: the
deviations cancel over all units of T. A sum holding amounts a_v (t CO2e/yr) of the entries of
units v from one input (``inputs_hash``), G = sum_v a_v, deviates by

    var = r^2 (sum_v a_v^2 - 2 G sum_v a_v s_v + G^2 H),     H = sum over all u of s_u^2

(``proxy_concentration``), 0 when the sum holds all of T and r^2 a^2 (1 - 2 s + H) for one entry
(:func:`proxy_deviation`). The three sums add over disjoint sets of units, so they roll up the
hierarchy as shifts do; the proxy deviation adds to the others in quadrature on both sides.

An entry's own interval comes from its inputs (IPCC 2006 Vol 1 Ch 3 Eq. 3.1 for a product): the
relative deviations of its factors add in quadrature (:func:`quadrature`), below and above
separately, and apply to the magnitude of the product (:func:`relative_bounds`,
:func:`product_bounds`).
"""
import functools

import numpy as np
import pandas as pd

from . import part_keys


PROXY = ("unit_id", "proxy_error", "proxy_share", "proxy_concentration")
"""Entry columns of the proxy error of a downscaled activity (see :func:`proxy_variances`)."""
CORRELATED = ("factor_id", "activity", "activity_low", "activity_high", "inputs_hash") + PROXY[1:]
"""Entry columns that say which entries share a factor (``factor_id``) or an input amount
(``inputs_hash`` with the same relative activity bounds) and carry a proxy error; ``co2e_t``, ``low_t``,
``high_t`` are always needed (and ``unit_id`` for the proxy error)."""


def bounds(total, var_below, var_above):
    """(low, high) of a sum (t CO2e/yr) from its total and summed squared deviations ((t CO2e/yr)^2).

    Sums of squares that rounding left slightly negative count 0.
    """
    return (total - np.sqrt(np.maximum(var_below, 0.0)),
            total + np.sqrt(np.maximum(var_above, 0.0)))


def negated(entries):
    """Entries taken away: a copy with co2e_t negated and low_t, high_t negated and swapped, so
    every shift of its parts changes sign (activity and factor columns stay as they are)."""
    gone = entries.copy()
    gone["co2e_t"], gone["low_t"], gone["high_t"] = (
        -entries["co2e_t"].to_numpy(dtype=float), -entries["high_t"].to_numpy(dtype=float),
        -entries["low_t"].to_numpy(dtype=float))
    return gone


def spread(shift_below, shift_above):
    """Deviations (below, above) of a sum from one part's summed shifts (t CO2e/yr, >= 0).

    shift_below / shift_above: how far the part's entries fall when it sits at its 2.5th percentile
    and rise at its 97.5th (signed; both negative where the part's entries are net sinks).
    """
    shift_below, shift_above = np.asarray(shift_below, dtype=float), np.asarray(shift_above, dtype=float)
    return (np.maximum(np.maximum(shift_below, -shift_above), 0.0),
            np.maximum(np.maximum(shift_above, -shift_below), 0.0))


def _magnitude_deviations(value, low, high):
    """Relative deviations (below, above) of each entry's magnitude (a sink's bounds swapped)."""
    below, above = relative_deviation(value, low), relative_deviation(value, high)
    negative = value < 0
    return np.where(negative, above, below), np.where(negative, below, above)


def parts(entries):
    """The factor part and the activity part of each entry's deviation (t CO2e/yr).

    entries: DataFrame with co2e_t, low_t, high_t and, where known, the ``CORRELATED`` columns.
    Returns a DataFrame of 2 x len(entries) rows (factor parts, then activity parts, in entry
    order): ``entry`` (position), ``part`` (key shared by correlated parts, None for a part of its
    own), ``below`` and ``above`` (signed shifts E x f-, E x f+). The relative deviations are those of
    the magnitude, as ``product_bounds`` applies them: the activity's low end lowers |E|.
    """
    factor_keys, activity, below, above = part_shifts(entries, part_keys.activity_keys)
    return pd.DataFrame({"entry": np.tile(np.arange(len(entries)), 2), "part": np.concatenate([factor_keys, activity]),
                         "below": below, "above": above})


def part_shifts(entries, keyed):
    """(factor keys, activity keys, below, above) of :func:`parts`: the keys of the entries' factor parts ('factor:'
    and the factor id, None for none), ``keyed(hashes, below, above)`` of their activity parts
    (``part_keys.activity_keys``, or ``part_keys.activity_key_codes``), and the shifts of the factor parts then of
    the activity parts (t CO2e/yr)."""
    hashes, measured, below, above = _shifts(entries)
    return part_keys.factor_keys(entries), keyed(hashes, *measured), below, above


def _shifts(entries):
    """(inputs_hash per entry or None, relative activity deviations (below, above), shifts below, shifts above):
    the shifts of the factor parts then of the activity parts, as :func:`parts` lists them."""
    value = entries["co2e_t"].to_numpy(dtype=float)
    total = _magnitude_deviations(value, entries["low_t"].to_numpy(dtype=float),
                                  entries["high_t"].to_numpy(dtype=float))
    count = len(entries)
    if all(column in entries.columns for column in CORRELATED[1:4]):
        activity = entries["activity"].to_numpy(dtype=float)
        measured = tuple(relative_deviation(activity, entries[c].to_numpy(dtype=float))
                         for c in ("activity_low", "activity_high"))
    else:
        measured = (np.zeros(count), np.zeros(count))
    hashes = entries["inputs_hash"].to_numpy(dtype=object) if "inputs_hash" in entries.columns else None
    proxy = proxy_deviation(entries)
    factor = tuple(np.sqrt(np.maximum(t ** 2 - m ** 2 - proxy ** 2, 0.0))
                   for t, m in zip(total, measured, strict=False))
    activity_share = tuple(np.minimum(t, m) for t, m in zip(total, measured, strict=False))
    return (hashes, measured, np.concatenate([value * factor[0], value * activity_share[0]]),
            np.concatenate([value * factor[1], value * activity_share[1]]))


def variances(groups, count, codes, below, above):
    """Summed squared deviations (below, above) of each group's sum, (t CO2e/yr)^2.

    groups: group code (0 .. count - 1) of each part row; codes: its part code (``part_keys.part_codes``);
    below, above: its shifts. Shifts are summed per (group, part) first, then spread and squared.
    """
    groups, codes = np.asarray(groups, dtype=np.int64), np.asarray(codes, dtype=np.int64)
    if len(groups) == 0:
        return np.zeros(count), np.zeros(count)
    key = groups * (int(codes.max()) + 1) + codes
    unique, inverse = np.unique(key, return_inverse=True)
    owner = unique // (int(codes.max()) + 1)
    below, above = spread(np.bincount(inverse, weights=below, minlength=len(unique)),
                          np.bincount(inverse, weights=above, minlength=len(unique)))
    return (np.bincount(owner, weights=below ** 2, minlength=count),
            np.bincount(owner, weights=above ** 2, minlength=count))


def proxy_deviation(entries):
    """Relative 95% deviation of each entry from the proxy error of its unit's share:
    ``r sqrt(1 - 2 s + H)`` (0 for entries without a proxy error or without the ``PROXY`` columns)."""
    error, share, concentration = proxy_columns(entries)
    return error * np.sqrt(np.maximum(1.0 - 2.0 * share + concentration, 0.0))


def proxy_columns(entries):
    """(proxy_error, proxy_share, proxy_concentration) arrays of ``entries``, empty values as 0."""
    if not all(column in entries.columns for column in PROXY[1:]):
        return tuple(np.zeros(len(entries)) for _ in PROXY[1:])
    return tuple(pd.to_numeric(entries[c], errors="coerce").fillna(0.0).to_numpy(dtype=float) for c in PROXY[1:])


def proxy_frame(entries, groups=None):
    """One row per entry with a proxy error: ``input`` (inputs_hash), ``unit``, ``error`` (r), ``share``
    (s), ``concentration`` (H), ``amount`` (co2e_t, t CO2e/yr) and, given ``groups`` (a code per
    entry), ``group``. The unit is the entry's unit_id (the entry itself without one)."""
    error, share, concentration = proxy_columns(entries)
    chosen = np.flatnonzero(error > 0)
    frame = pd.DataFrame({
        "input": entries["inputs_hash"].to_numpy(dtype=object)[chosen] if len(chosen) else np.empty(0, dtype=object),
        "unit": entries["unit_id"].to_numpy(dtype=object)[chosen] if "unit_id" in entries.columns else chosen,
        "error": error[chosen], "share": share[chosen], "concentration": concentration[chosen],
        "amount": entries["co2e_t"].to_numpy(dtype=float)[chosen]})
    if groups is not None:
        frame["group"] = np.asarray(groups, dtype=np.int64)[chosen]
    return frame


def unit_amounts(frame, by=()):
    """``proxy_frame`` rows of one (by..., input, unit) merged: amounts summed (a_v), the rest kept."""
    return frame.groupby([*by, "input", "unit"], sort=False).agg(
        error=("error", "first"), share=("share", "first"), concentration=("concentration", "first"),
        amount=("amount", "sum")).reset_index()


@functools.cache
def _no_proxy():
    """``unit_amounts`` of no proxy rows (shared, never changed in place: a Shifts without proxy errors)."""
    return unit_amounts(proxy_frame(pd.DataFrame({"co2e_t": []})))


def _merged(frame):
    """``unit_amounts`` of ``proxy_frame`` rows, without a groupby when there are none (most sums)."""
    return unit_amounts(frame) if len(frame) else _no_proxy()


def input_variances(amounts, by=()):
    """Squared proxy deviation per (by..., input) of ``unit_amounts`` rows: a DataFrame with ``by``
    and ``variance`` ((t CO2e/yr)^2)."""
    sums = amounts.assign(squares=amounts["amount"] ** 2, weighted=amounts["amount"] * amounts["share"]).groupby(
        [*by, "input"], sort=False).agg(error=("error", "first"), concentration=("concentration", "first"),
                                         amount=("amount", "sum"), squares=("squares", "sum"),
                                         weighted=("weighted", "sum")).reset_index()
    sums["variance"] = proxy_variance(sums["error"], sums["concentration"], sums["amount"], sums["squares"],
                                      sums["weighted"])
    return sums[[*by, "variance"]]


def proxy_variance(error, concentration, amount, squares, weighted):
    """Squared proxy deviation of one input's part of a sum, (t CO2e/yr)^2 (arrays, one per (sum, input)):
    r^2 (sum a_v^2 - 2 G sum a_v s_v + G^2 H), rounding below 0 counting 0."""
    error, amount = np.asarray(error, dtype=float), np.asarray(amount, dtype=float)
    spread_sq = np.asarray(squares, dtype=float) - 2.0 * amount * np.asarray(weighted, dtype=float) \
        + amount ** 2 * np.asarray(concentration, dtype=float)
    return np.maximum(error ** 2 * spread_sq, 0.0)


def proxy_variances(groups, count, entries):
    """Squared proxy deviation of each group's sum ((t CO2e/yr)^2, array of length ``count``)."""
    frame = proxy_frame(entries, groups)
    if not len(frame):  # no entry with a proxy error: zeros, without two groupbys (a pick shows several sums)
        return np.zeros(count)
    coded = {c: pd.factorize(frame[c].to_numpy())[0] for c in ("input", "unit")}  # grouped by numbers, not text
    frame = frame.assign(**coded)[(coded["input"] >= 0) & (coded["unit"] >= 0)]  # a missing key: no group
    sums = input_variances(unit_amounts(frame, ("group",)), ("group",))
    return np.bincount(sums["group"].to_numpy(dtype=np.int64), weights=sums["variance"].to_numpy(dtype=float),
                       minlength=count)


def group_sums(groups, count, entries):
    """The sum of the entries of each group with its interval (vectorised).

    groups: group code (0 .. count - 1) of each entry; entries: DataFrame with co2e_t, low_t,
    high_t and the ``CORRELATED`` columns (t CO2e/yr). Returns (total, low, high) float arrays of
    length ``count`` (t CO2e/yr; 0 for empty groups).
    """
    groups = np.asarray(groups, dtype=np.int64)
    total = np.bincount(groups, weights=entries["co2e_t"].to_numpy(dtype=float), minlength=count)
    hashes, measured, below, above = _shifts(entries)
    numbers = part_keys.part_numbers(entries, hashes, measured)
    var_below, var_above = variances(np.tile(groups, 2), count, numbers, below, above)
    proxy = proxy_variances(groups, count, entries)
    return (total, *bounds(total, var_below + proxy, var_above + proxy))


def difference_sums(groups_after, groups_before, count, after, before):
    """The change of each group's sum from ``before`` to ``after`` (e.g. two inventory years) with its
    interval: (change, low, high) float arrays of length ``count`` (t CO2e/yr).

    groups_after / groups_before: group code (0 .. count - 1) of each entry of ``after`` / ``before``
    (entries as for :func:`group_sums`). The entries of ``before`` count negated (:func:`negated`), so
    a factor row both sides cite moves both sums together and only the change of the amounts it
    multiplies carries its uncertainty (a factor used in both years is fully correlated between them,
    as IPCC 2006 Vol 1 Ch 3 assumes for trend uncertainty); a factor row of one side only stays independent.
    """
    both = pd.concat([after, negated(before)], ignore_index=True)
    groups = np.concatenate([np.asarray(groups_after, dtype=np.int64), np.asarray(groups_before, dtype=np.int64)])
    return group_sums(groups, count, both)


def sum_interval(entries):
    """(total, low, high) of one sum of entries (t CO2e/yr, Python floats); entries as for group_sums."""
    total, low, high = group_sums(np.zeros(len(entries), dtype=np.int64), 1, entries)
    return float(total[0]), float(low[0]), float(high[0])


def sum_per_group(entries, by):
    """Sum co2e_t per group of the columns ``by`` of ``entries`` with the interval of each sum.

    entries: DataFrame with ``by``, co2e_t, low_t, high_t and the ``CORRELATED`` columns (t CO2e/yr).
    Returns columns ``by`` + co2e_t, low_t, high_t, entries (count), sorted by ``by`` (rows with a
    missing ``by`` value are left out, as pandas' groupby leaves them).
    """
    keys = pd.DataFrame({column: entries[column].to_numpy() for column in by})
    codes = keys.groupby(list(by), sort=True).ngroup().fillna(-1).to_numpy(dtype=np.int64)
    grouped = codes >= 0
    keys, codes = keys[grouped].reset_index(drop=True), codes[grouped]
    sums = keys.drop_duplicates().assign(code=codes[~keys.duplicated().to_numpy()]).sort_values("code")
    total, low, high = group_sums(codes, len(sums), entries[grouped].reset_index(drop=True))
    sums = sums.drop(columns="code").reset_index(drop=True)
    sums["co2e_t"], sums["low_t"], sums["high_t"] = total, low, high
    sums["entries"] = np.bincount(codes, minlength=len(sums))
    return sums


class Shifts:
    """The deviation of a sum kept open, so that sums of sums (edit by edit) still correlate.

    own_below, own_above: summed squared deviations of the parts of their own ((t CO2e/yr)^2);
    shared: DataFrame indexed by part key with the summed shifts ``below``, ``above`` (t CO2e/yr);
    proxy: ``unit_amounts`` rows (input, unit, error, share, concentration, amount a_v in t CO2e/yr)
    of the entries with a proxy error (:func:`proxy_variances`).
    ``+`` adds two sums, ``-`` takes one back; :meth:`bounds` closes the sum.
    """

    def __init__(self, own_below=0.0, own_above=0.0, shared=None, proxy=None):
        self.own_below, self.own_above = float(own_below), float(own_above)
        self.shared = pd.DataFrame({"below": [], "above": []}, dtype=float) if shared is None else shared
        self.proxy = _no_proxy() if proxy is None else proxy

    @classmethod
    def of(cls, entries):
        """The Shifts of the sum of ``entries`` (as for :func:`group_sums`)."""
        split = parts(entries) if len(entries) else pd.DataFrame({"part": [], "below": [], "above": []})
        own = split["part"].isna().to_numpy()
        below, above = spread(split.loc[own, "below"], split.loc[own, "above"])
        shared = split.loc[~own, ["part", "below", "above"]].groupby("part", sort=False).sum()
        return cls(float((below ** 2).sum()), float((above ** 2).sum()), shared, _merged(proxy_frame(entries)))

    def __add__(self, other):
        shared = self.shared.add(other.shared, fill_value=0.0)
        # merged rows stay as they are when the other side has none (no groupby of the same rows again)
        proxy = other.proxy if not len(self.proxy) else self.proxy if not len(other.proxy) else \
            unit_amounts(pd.concat([self.proxy, other.proxy], ignore_index=True))
        return Shifts(self.own_below + other.own_below, self.own_above + other.own_above, shared, proxy)

    def __neg__(self):
        return Shifts(-self.own_below, -self.own_above, -self.shared, self.proxy.assign(amount=-self.proxy["amount"]))

    def __sub__(self, other):
        return self + (-other)

    def bounds(self, total):
        """(low, high) of a sum whose central value is ``total`` (t CO2e/yr)."""
        below, above = spread(self.shared["below"].to_numpy(), self.shared["above"].to_numpy())
        proxy = float(input_variances(self.proxy)["variance"].sum()) if len(self.proxy) else 0.0
        return bounds(total, self.own_below + (below ** 2).sum() + proxy,
                      self.own_above + (above ** 2).sum() + proxy)


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


def product_bounds(activity, activity_low, activity_high, factor, factor_low, factor_high, conversion, proxy=0.0):
    """Approach 1 interval of activity x factor x conversion (t CO2e/yr): (value, low, high).

    The relative deviations of activity, factor and the proxy (``proxy_deviation``, symmetric; 0
    for an activity not downscaled) add in quadrature, separately below and above; the conversion
    is exact. Deviations apply to the magnitude, so for a sink (negative conversion) the factor's
    high end gives the most negative bound.
    """
    value = np.asarray(activity, dtype=float) * np.asarray(factor, dtype=float) * np.asarray(conversion, dtype=float)
    relative_low = quadrature((relative_deviation(activity, activity_low), relative_deviation(factor, factor_low),
                               proxy))
    relative_high = quadrature((relative_deviation(activity, activity_high),
                                relative_deviation(factor, factor_high), proxy))
    low, high = relative_bounds(value, relative_low, relative_high)
    return value, low, high
