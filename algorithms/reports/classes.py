"""Map classes from the data: quantile breaks of a signed intensity, diverging around zero.

Sinks (negative values) and sources (positive values) are classed separately, each side into
quantiles of its own values, so zero is always a break and a map with a few huge sources still
shows its small ones in several colours. Breaks are rounded to two significant digits so the legend
reads '30 to 120 t/ha' (finer where the values lie close together: 10.2 to 10.4 t/ha). Colours come
from ColorBrewer's RdYlGn ramp (red half for sources, green half for sinks), darker further from zero;
road links use their own purple ramp.
"""
import numpy as np

from .labels import text

SOURCE_RAMP = ("#fee08b", "#fdae61", "#f46d43", "#d73027", "#a50026")
"""Sources, near zero to largest (ColorBrewer RdYlGn, red half)."""
SINK_RAMP = ("#d9f0a3", "#a6d96a", "#66bd63", "#1a9850", "#006837")
"""Sinks, near zero to largest uptake (ColorBrewer RdYlGn, green half)."""
LINK_RAMP = ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")
"""Road link sources, smallest to largest (ColorBrewer Purples): a ramp of their own beside the units'."""
LINK_SINK = "#35978f"
"""Road links that are net sinks (teal)."""


def nice(value, spread=0.0, classes=1):
    """``value`` rounded to two significant digits, or finer when the values it splits lie close together:
    to the power of ten below ``spread`` / ``classes`` (0 stays 0)."""
    if not value:
        return 0.0
    step = 10.0 ** (np.floor(np.log10(abs(value))) - 1)
    if spread > 0:
        step = min(step, 10.0 ** np.floor(np.log10(spread / classes)))
    return float(f"{round(value / step) * step:.12g}")


def side_breaks(magnitudes, classes):
    """Inner breaks (ascending, > 0) splitting positive ``magnitudes`` into up to ``classes`` quantile
    classes, rounded by :func:`nice` (finer for close values), without duplicates or a break at or above
    the largest value (which would leave an empty class)."""
    if len(magnitudes) == 0 or classes < 2:
        return []
    largest, spread = float(np.max(magnitudes)), float(np.ptp(magnitudes))
    quantiles = np.quantile(magnitudes, np.arange(1, classes) / classes)
    rounded = (nice(q, spread, classes) for q in quantiles if q > 0)
    return sorted({q for q in rounded if q < largest})


def diverging_classes(values, per_side=4):
    """Classes of a signed intensity: list of (lower, upper, side, rank) from the data.

    ``values``: array (NaN ignored). Sinks (< 0) get up to ``per_side`` quantile classes, sources
    (>= 0) likewise; zero is a break. The outer classes are open (-inf, inf). ``side`` is 'sink' or
    'source', ``rank`` counts from zero outward (0 = the class next to zero).
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    negative, positive = -values[values < 0], values[values >= 0]
    classes = []
    if len(negative):
        edges = [-np.inf] + [-b for b in reversed(side_breaks(negative, per_side))] + [0.0]
        count = len(edges) - 1
        classes += [(edges[i], edges[i + 1], "sink", count - 1 - i) for i in range(count)]
    if len(positive) or not classes:
        edges = [0.0] + side_breaks(positive, per_side) + [np.inf]
        classes += [(edges[i], edges[i + 1], "source", i) for i in range(len(edges) - 1)]
    return classes


def ramp_colour(ramp, rank, count):
    """Colour of class ``rank`` (0 = lightest) of ``count`` classes, spread over the whole ``ramp``."""
    if count <= 1:
        return ramp[len(ramp) // 2]
    return ramp[round(rank * (len(ramp) - 1) / (count - 1))]


def coloured(classes, source_ramp=SOURCE_RAMP, sink_ramp=SINK_RAMP):
    """(lower, upper, colour, side, rank) for classes of :func:`diverging_classes`."""
    counts = {side: sum(1 for c in classes if c[2] == side) for side in ("sink", "source")}
    ramps = {"sink": sink_ramp, "source": source_ramp}
    return [(lower, upper, ramp_colour(ramps[side], rank, counts[side]), side, rank)
            for lower, upper, side, rank in classes]


def number(value):
    """A class edge for a legend: thousands separators, no trailing zeros (1,200; 3.4; 0.05)."""
    magnitude = abs(value)
    return f"{magnitude:,.0f}" if magnitude >= 100 else f"{magnitude:,.3g}"


def class_label(lower, upper, side, unit, language="en", change=False, sources_named=True):
    """Legend text of a class, e.g. 'source, 12 to 40 t CO2e/ha/yr' or 'sink, more than 3.4 t CO2e/ha/yr'; with
    ``change`` (a difference between scenarios) 'increase' and 'decrease' name the sides; without
    ``sources_named`` a source class is its span alone ('12 to 40 t CO2e/km/yr': road links, sources
    but for the odd net sink, in a legend kept narrow)."""
    zh = language == "zh"
    key = {"source": "increase", "sink": "decrease"}[side] if change else side
    word = text(key, language) if zh else key
    low, high = sorted((abs(lower), abs(upper)))
    if np.isinf(high):
        span = f"大于{number(low)}" if zh else f"more than {number(low)}"
    elif low == 0:
        span = f"0至{number(high)}" if zh else f"up to {number(high)}"
    else:
        span = f"{number(low)}至{number(high)}" if zh else f"{number(low)} to {number(high)}"
    if side == "source" and not sources_named and not change:
        return f"{span} {unit}"
    return f"{word}，{span} {unit}" if zh else f"{word}, {span} {unit}"
