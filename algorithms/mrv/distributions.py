"""Probability distributions fitted to a central value and its 95% interval, and their draws.

Every uncertain quantity in the ledger is a central value with a 2.5th and a 97.5th
percentile (``low``, ``high``). The distributions below are fitted so that these percentiles
are exactly the stated ones (p = 0.025 each side, z = 1.95996 the standard normal quantile):

- ``normal``: a two-piece (split) normal with median ``value`` and standard deviations
  (value - low) / z below and (high - value) / z above; an ordinary normal when symmetric.
- ``lognormal``: ln X a two-piece normal with median ln value and standard deviations
  (ln value - ln low) / z below and (ln high - ln value) / z above, so the median is the stated value
  (a lognormal centred on sqrt(low x high) would put it elsewhere: 5% low for the vehicle
  factors); an ordinary lognormal when value is the geometric mean of low and high; needs low > 0.
- ``uniform``: support widened beyond [low, high] by (high - low) x p / (1 - 2p) on each side.
- ``triangular``: mode ``value``, support [a, b] solved so that P(X < low) = P(X > high) = p.

A quantity without an interval (low or high missing, or equal to the value) is a constant. ``factor_rows`` gives the
factor rows some entries name, as ``draw_factors`` draws them.
"""
import numpy as np
import pandas as pd
from scipy.special import ndtri

from ..core.errors import LedgerInputError
from ..core.messages import tr

TAIL = 0.025
"""Probability below the 2.5th and above the 97.5th percentile."""

Z95 = float(ndtri(1.0 - TAIL))
"""Standard normal quantile of 0.975 (1.95996)."""

KINDS = ("normal", "lognormal", "triangular", "uniform")
PART_CELLS = 1 << 22
"""Draws made at once (factor rows x iterations) with their temporaries: bounds the memory of draw_factors
to its result plus a few 32 MB arrays at any number of iterations."""


def split_normal_scales(value, low, high):
    """Standard deviations below and above ``value`` of the two-piece normal (units of value)."""
    value = np.asarray(value, dtype=float)
    below = np.nan_to_num((value - np.asarray(low, dtype=float)) / Z95, nan=0.0)
    above = np.nan_to_num((np.asarray(high, dtype=float) - value) / Z95, nan=0.0)
    return np.maximum(below, 0.0), np.maximum(above, 0.0)


def triangular_support(value, low, high, steps=200):
    """Ends [a, b] of triangular distributions with mode ``value`` and 2.5/97.5 percentiles low, high.

    Solves (low - a)^2 = p (b - a)(c - a) and (b - high)^2 = p (b - a)(b - c) by fixed-point
    iteration (contraction about sqrt(2p) = 0.22 per step), vectorised over factors.
    """
    c = np.asarray(value, dtype=float)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    width = high - low
    a = low - 0.1 * width
    b = high + 0.1 * width
    for _ in range(steps):
        a, b = (
            low - np.sqrt(TAIL * (b - a) * np.maximum(c - a, 0.0)),
            high + np.sqrt(TAIL * (b - a) * np.maximum(b - c, 0.0)),
        )
    return a, b


def draw_factors(table, iterations, rng):
    """Draws of each factor row: array (rows, iterations), in the order of ``table``.

    table: DataFrame with factor_id, value, low, high, distribution (missing distribution
    means normal). Raises LedgerInputError for an unknown distribution or a lognormal factor
    whose low is not positive.
    """
    value = table["value"].to_numpy(dtype=float)
    low = table["low"].to_numpy(dtype=float)
    high = table["high"].to_numpy(dtype=float)
    kind = table["distribution"].fillna("normal").astype(str).str.strip().str.lower().to_numpy()
    for row in np.flatnonzero(~np.isin(kind, KINDS)):
        raise LedgerInputError(
            tr("distribution '{distribution}' of factor '{factor_id}' is not one of {options}").format(
                distribution=kind[row], factor_id=table["factor_id"].iloc[row], options=", ".join(KINDS)),
            layer="factors", field="distribution", row=table["factor_id"].iloc[row],
        )
    constant = np.isnan(low) | np.isnan(high) | (high <= low)
    draws = np.repeat(value[:, None], iterations, axis=1)
    for name in KINDS:
        rows = np.flatnonzero((kind == name) & ~constant)
        if name == "lognormal" and (low[rows] <= 0).any():
            bad = rows[low[rows] <= 0]
            raise LedgerInputError(
                tr("factor '{factor_id}' is lognormal but its low ({low}) is not positive; give a positive low or "
                   "use a normal distribution").format(factor_id=table["factor_id"].iloc[bad[0]], low=low[bad[0]]),
                layer="factors", field="low", row=table["factor_id"].iloc[bad[0]],
            )
        step = max(1, PART_CELLS // max(int(iterations), 1))
        for start in range(0, len(rows), step):  # consecutive parts draw the same numbers as one array
            part = rows[start:start + step]
            draws[part] = _draw(name, value[part, None], low[part, None], high[part, None],
                                (len(part), iterations), rng)
    return draws


def factor_rows(factors, entries):
    """(factor rows (factor_id, value, low, high, distribution) of the factor ids ``entries`` name, as text (``str``,
    NULL as 'None') in sorted order; the ids missing from ``factors``, taken as exact at the entries' own ``factor``
    (the first not NaN of each id's entries); the position of each entry's factor id among the rows). factor_id: a
    column of texts, or a Categorical (its categories spelled once, not a str per entry)."""
    ids, factor_of = _entry_factors(entries["factor_id"])
    table = factors.drop_duplicates("factor_id").set_index("factor_id")[["value", "low", "high", "distribution"]]
    rows = table.reindex(ids)
    missing = rows["value"].isna().to_numpy()
    if missing.any():
        stated = entries["factor"].to_numpy(dtype=float)
        valid = ~np.isnan(stated)
        named, first = np.unique(factor_of[valid], return_index=True)
        value = np.full(len(ids), np.nan)
        value[named] = stated[valid][first]
        rows.loc[missing, "value"] = value[missing]
        rows.loc[missing, "distribution"] = "normal"
    return rows.rename_axis("factor_id").reset_index(), [str(i) for i in np.asarray(ids)[missing]], factor_of


def _entry_factors(factor_id):
    """(the distinct texts of ``factor_id`` (a column of texts or a Categorical), as ``str`` in sorted order; the
    position of each entry's in them)."""
    if not isinstance(factor_id.dtype, pd.CategoricalDtype):
        return np.unique(factor_id.astype(str).to_numpy(), return_inverse=True)
    codes = factor_id.cat.codes.to_numpy()
    present = np.unique(codes)  # -1 (NULL) first, when some entry has it
    texts = np.array([str(value) for value in factor_id.cat.categories] + ["None"], dtype=object)[present]
    used, position = np.unique(texts, return_inverse=True)
    return used, position[np.searchsorted(present, codes)]


def _draw(name, v, lo, hi, shape, rng):
    """Draws (shape) of factor rows with values ``v`` and 95% bounds ``lo``, ``hi`` (columns) of one kind."""
    if name == "normal":
        below, above = split_normal_scales(v, lo, hi)
        z = rng.standard_normal(shape)
        return v + z * np.where(z < 0, below, above)
    if name == "lognormal":
        below, above = split_normal_scales(np.log(v), np.log(lo), np.log(hi))
        z = rng.standard_normal(shape)
        return v * np.exp(z * np.where(z < 0, below, above))
    if name == "uniform":
        pad = (hi - lo) * TAIL / (1.0 - 2.0 * TAIL)
        return rng.uniform(lo - pad, hi + pad, shape)
    a, b = triangular_support(v, lo, hi)
    return rng.triangular(np.broadcast_to(a, shape), np.broadcast_to(v, shape), np.broadcast_to(b, shape))


def split_normal_from_standard(standard, center, below, above, nonnegative, scratch):
    """Turn standard normal draws z (rows, iterations) into two-piece normals, in place.

    Row i gets median center[i] and standard deviations below[i] / above[i]:
    x = center + z x mid + |z| x half with mid, half = (above + below) / 2, (above - below) / 2,
    which is z x below for z < 0 and z x above for z > 0. Rows flagged ``nonnegative`` are cut
    at 0, which moves only draws below the 2.5th percentile when low >= 0, so the stated
    percentiles are kept. ``scratch`` is a work array of the same shape.
    """
    half = 0.5 * (above - below)
    if np.any(half != 0):
        np.abs(standard, out=scratch)
        scratch *= half[:, None]
        standard *= (0.5 * (above + below))[:, None]
        standard += scratch
    else:
        standard *= below[:, None]
    standard += center[:, None]
    if nonnegative.all():
        np.maximum(standard, 0.0, out=standard)
    elif nonnegative.any():
        rows = np.flatnonzero(nonnegative)
        standard[rows] = np.maximum(standard[rows], 0.0)
    return standard
