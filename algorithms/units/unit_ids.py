"""Readable, hierarchical, stable unit ids: D01-B0001-P01-G001, D01-L00001, <parcel>-S0001.

Children are numbered inside their parent by position, not by input order: rows of height
sqrt(parent extent / number of children) from north to south, west to east inside a row
(ties broken by the exact centroid). The inputs are first snapped to a grid (``snapped``) and put
in a canonical order (``canonical_order``: source id where the input has one, then the snapped
geometry), so the same features in any order, or moved by less than half the grid, give the
same units and the same ids.
"""
import numpy as np
import shapely

PREFIX = {"block": "B", "parcel": "P", "building": "G", "link": "L", "segment": "S"}
"""Letter before the number of each level's id part."""

MIN_DIGITS = {"block": 4, "parcel": 2, "building": 3, "link": 5, "segment": 4}
"""Zero padding of each level's number (widened when a parent has more children)."""


def snapped(geometry, grid):
    """``geometry`` (array) with every coordinate rounded to a ``grid`` (m; 0 leaves it as it is).

    Coordinates are rounded one by one as GEOS's fixed precision model does (issue 22: a tenth of
    the time of ``set_precision``); only the features this leaves invalid (a ring or line collapsing,
    a polygon folding onto itself) or that carry Z are snapped by ``set_precision``, which keeps
    polygons valid (a part collapsing below the grid is dropped; a feature may become empty).
    The result keeps GEOS's floating precision model: a geometry carrying the grid as its precision
    model would snap-round every later overlay it is the first operand of, and pieces cut with and
    without that rounding no longer tile their block (issue 22)."""
    geometry = np.asarray(geometry, dtype=object)
    if grid <= 0:
        return geometry
    result = geometry.copy()
    flat = ~shapely.has_z(geometry) & ~shapely.is_missing(geometry)
    coordinates = shapely.get_coordinates(geometry[flat])
    result[flat] = shapely.set_coordinates(geometry[flat].copy(), _rounded(coordinates, grid))
    redo = ~flat | ~shapely.is_valid(result)
    result[redo] = shapely.set_precision(shapely.set_precision(geometry[redo], grid), 0.0, mode="pointwise")
    return result


def _rounded(coordinates, grid):
    """Coordinates (m) rounded to ``grid`` (m) as GEOS's fixed precision model rounds them (half up,
    ``round(value / grid) * grid``, bit for bit as ``set_precision`` in pointwise mode)."""
    return np.floor(coordinates / grid + 0.5) * grid


def canonical_order(geometry, *keys):
    """Positions that sort features by ``keys`` (arrays, first the most significant; None skipped), then by
    their geometry (bounds, area, length, vertex count, and the normalized WKB where all of those tie):
    an order that does not depend on the input order."""
    geometry = np.asarray(geometry, dtype=object)
    columns = [np.unique(key.astype(str), return_inverse=True)[1] if key.dtype == object else key
               for key in (np.asarray(k) for k in keys if k is not None)]
    columns += list(shapely.bounds(geometry).T) + [shapely.area(geometry), shapely.length(geometry),
                                                   shapely.get_num_coordinates(geometry)]
    order = np.lexsort(columns[::-1])
    table = np.column_stack(columns)[order]
    same = np.r_[False, (table[1:] == table[:-1]).all(axis=1)] if len(order) else np.zeros(0, bool)
    tied = order[same | np.r_[same[1:], False]]
    if len(tied):
        shape = np.full(len(geometry), "", dtype=object)
        shape[tied] = shapely.to_wkb(shapely.normalize(geometry[tied]), hex=True)
        # ranked as Python strings: a fixed-width copy (astype(str)) takes 4 bytes per character of the
        # longest WKB for every feature (0.3 GB for the roads of 100,000 parcels; issue 22)
        order = np.lexsort([np.unique(shape, return_inverse=True)[1]] + columns[::-1])
    return order


def reading_order_rank(geometry, group):
    """1-based rank of each geometry inside its group, in reading order of the centroids.

    Rows of height sqrt(group extent (m2) / count) from the group's top, then x, y (m), then input position:
    numpy over whole arrays (issue 22), the groups' extents by ``reduceat`` over the rows sorted by group."""
    centre = shapely.get_coordinates(shapely.centroid(np.asarray(geometry, dtype=object)))
    x, y = centre[:, 0], centre[:, 1]
    _, group = np.unique(np.asarray(group), return_inverse=True)
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    by_group = np.argsort(group, kind="stable")
    start = np.flatnonzero(np.r_[True, group[by_group][1:] != group[by_group][:-1]])
    x0, x1 = np.fmin.reduceat(x[by_group], start), np.fmax.reduceat(x[by_group], start)  # NaN skipped as pandas
    y0, y1 = np.fmin.reduceat(y[by_group], start), np.fmax.reduceat(y[by_group], start)
    height = np.sqrt(np.maximum((x1 - x0) * (y1 - y0), 1e-6) / np.diff(np.r_[start, len(group)]))
    row = np.floor((y1[group] - y) / height[group])
    order = np.lexsort((np.arange(len(group)), y, x, row, group))
    first = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - np.repeat(first, np.diff(np.r_[first, len(group)])) + 1
    return rank


def child_ids(parent_ids, rank, level, digits=0):
    """Ids '<parent>-<letter><number>' with the level's zero padding, at least ``digits`` wide."""
    rank = np.asarray(rank)
    digits = max(MIN_DIGITS[level], digits, len(str(int(rank.max()))) if len(rank) else 0)
    spelled = f"{{}}-{PREFIX[level]}{{:0{digits}d}}".format
    return np.array(list(map(spelled, map(str, np.asarray(parent_ids, dtype=object).tolist()), rank.tolist())),
                    dtype=object)
