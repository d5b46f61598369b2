"""Image segments fitted to their parcels: cut to the parcel, and the parcel area no pixel centre of it
holds given to a segment of the same parcel beside it, so the segments of a parcel tile it.

Segments come out of the image as pixels (each pixel goes to the parcel holding its centre). A parcel's
edge also crosses pixels whose centre lies outside it; each such pixel is claimed, on the pixel grid, by
the segment of that parcel in the neighbouring pixel (``ring_claims``), so a segment's territory (its
pixels and the pixels it claims, ``territories``) reaches over the parcel edge, and the territories of a
parcel's segments tile its pixels and their one-pixel ring. Rings of neighbouring parcels overlap, so the
parcels are coloured and each colour polygonized on its own raster (``colours``). ``fit_territories``
cuts each territory to its parcel: one intersection per segment, and none for the only segment of a
parcel (it is the parcel). A parcel not covered that way (an edge more than a pixel from its pixels'
centres: a thin strip, a nodata hole) is fitted by ``fit_to_parcels``: the uncovered pieces (gaps) go to
the segment sharing most edge with them. All the work is done on whole arrays (shapely 2).
"""
import numpy as np
import pandas as pd
import shapely

from .blocks import polygonal
from .superpixels import polygonize


EDGE_FIRST = ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, -1), (-1, 1), (1, -1), (1, 1))
"""(row, column) steps to the pixel whose segment claims a pixel: the four sharing an edge first (west,
east, north, south), then the four sharing a corner."""
FITTED_RELATIVE = 1e-10
"""A parcel whose segments, cut to it, cover its area within this fraction is fitted; others are refitted
by their gaps (``fit_to_parcels``)."""


def ring_claims(labels, parcel_ids):
    """Pixels claimed by a segment of another parcel than theirs: (flat pixel index, label, parcel), by
    pixel then parcel.

    labels: (rows, cols) segment labels, 0 outside segments; parcel_ids: (rows, cols) parcel of each pixel
    centre, 0 for none. A pixel next to (edge or corner) a pixel of parcel p, with its centre not in p, is
    claimed for p by the segment of the first such neighbour in ``EDGE_FIRST`` order.
    """
    rows, cols = labels.shape
    parcels = int(parcel_ids.max()) + 1
    labelled = labels > 0
    flat_ids, flat_labels = parcel_ids.ravel(), labels.ravel()
    claimed = np.zeros((rows, cols), bool)  # pixels whose neighbour in one direction can claim them
    keys, values = [], []
    for order, (dr, dc) in enumerate(EDGE_FIRST):
        here = (slice(max(0, -dr), rows - max(0, dr)), slice(max(0, -dc), cols - max(0, dc)))
        there = (slice(max(0, dr), rows - max(0, -dr)), slice(max(0, dc), cols - max(0, -dc)))
        claimed[:] = False
        np.not_equal(parcel_ids[here], parcel_ids[there], out=claimed[here])
        claimed[here] &= labelled[there]
        pixel = np.flatnonzero(claimed)  # flat indices over the whole window: no 2-D nonzero and gathers
        neighbour = pixel + (dr * cols + dc)
        keys.append((pixel * parcels + flat_ids[neighbour]) * len(EDGE_FIRST) + order)
        values.append(flat_labels[neighbour])
    key = np.concatenate(keys)  # (pixel, parcel, neighbour order) in one int64
    order = np.argsort(key)
    pixel_parcel, label = key[order] // len(EDGE_FIRST), np.concatenate(values)[order]
    first = np.ones(len(key), bool)
    first[1:] = pixel_parcel[1:] != pixel_parcel[:-1]
    pixel_parcel, label = pixel_parcel[first], label[first]
    return pixel_parcel // parcels, label, pixel_parcel % parcels


def territories(labels, parcel_ids, transform, crs_wkt):
    """(labels, polygons): each segment's pixels and the pixels it claims (``ring_claims``), one polygon
    (or a multi-polygon of parts meeting at corners) per label, in the raster's CRS (``transform``, GDAL
    order); the territories of a parcel's segments tile its pixels and their ring.

    Territories of neighbouring parcels overlap in their rings, so parcels are coloured (``colours``: no
    two parcels whose pixels and rings share a pixel have one colour) and each colour is polygonized on
    its own raster.
    """
    pixel, label, parcel = ring_claims(labels, parcel_ids)
    own = parcel_ids.ravel()[pixel]
    pairs = [(parcel[own > 0], own[own > 0])]  # a parcel claims a pixel of another
    for step in range(1, 8):  # parcels claiming one pixel (at most eight: one per neighbour)
        same = np.flatnonzero(pixel[step:] == pixel[:-step])
        pairs.append((parcel[same], parcel[same + step]))
    colour = np.full(int(parcel_ids.max()) + 1, -1)
    colour[1:] = colours(len(colour) - 1, *(np.concatenate(side) - 1 for side in zip(*pairs, strict=True)))
    pieces = []
    pixel_colour = colour[parcel_ids]
    for value in range(int(colour.max()) + 1):
        raster = np.where(pixel_colour == value, labels, 0)
        mine = colour[parcel] == value
        raster.flat[pixel[mine]] = label[mine]
        pieces.append(polygonize(raster, transform, crs_wkt))
    values = np.concatenate([v for v, _ in pieces])
    geometry = np.concatenate([g for _, g in pieces])
    order = np.argsort(values, kind="stable")
    keys, member = np.unique(values[order], return_inverse=True)
    if len(keys) == len(values):
        return keys, geometry[order]
    return keys, shapely.multipolygons(geometry[order], indices=member)


def colours(count, a, b):
    """Colours 0, 1, ... of nodes 0..count-1 such that no edge (a[k], b[k]) joins two nodes of one colour.

    Greedy in rounds: a node takes the lowest colour none of its coloured neighbours has once every
    uncoloured neighbour ranks below it (nodes with most neighbours rank first, ties in a fixed random
    order), so the nodes coloured in a round are never neighbours.
    """
    edge = np.unique(np.concatenate([a * count + b, b * count + a]))  # both ways, once each
    a, b = edge // count, edge % count
    keep = a != b
    a, b = a[keep], b[keep]
    node, start = np.unique(a, return_index=True)
    rank = np.bincount(a, minlength=count) * count + np.random.default_rng(0).permutation(count)
    colour = np.full(count, -1, np.int64)
    while (colour < 0).any():
        waiting = np.zeros(count, bool)
        waiting[a[(colour[a] < 0) & (colour[b] < 0) & (rank[b] > rank[a])]] = True
        ready = (colour < 0) & ~waiting
        used = np.zeros(count, np.int64)
        if len(a):
            used[node] = np.bitwise_or.reduceat(np.where(colour[b] >= 0, np.left_shift(1, np.maximum(colour[b], 0)),
                                                         0), start)
        lowest = ~used & (used + 1)  # lowest colour not used, as a single bit
        colour[ready] = np.log2(lowest[ready]).round().astype(np.int64)
    return colour


def fit_territories(territory, parcel, parcel_geometry):
    """Territories (``territories``) cut to their parcel (the only segment of a parcel is the parcel);
    parcels they do not cover are fitted by their gaps (``fit_to_parcels``). Same arguments and result as
    ``fit_to_parcels``."""
    parcel_geometry = single_parts(np.asarray(parcel_geometry, dtype=object))
    shapely.prepare(parcel_geometry)
    fitted = np.asarray(territory, dtype=object).copy()
    alone = np.bincount(parcel, minlength=len(parcel_geometry))[parcel] == 1
    fitted[alone] = parcel_geometry[parcel[alone]]
    spilling = np.flatnonzero(~alone & ~shapely.covers(parcel_geometry[parcel], fitted))
    fitted[spilling] = polygonal(shapely.intersection(fitted[spilling], parcel_geometry[parcel[spilling]]))
    held = np.unique(parcel)
    short = shapely.area(parcel_geometry) - np.bincount(parcel, weights=shapely.area(fitted),
                                                        minlength=len(parcel_geometry))
    open_parcels = held[short[held] > FITTED_RELATIVE * shapely.area(parcel_geometry[held])]
    rows = np.flatnonzero(np.isin(parcel, open_parcels))
    if not len(rows):
        return fitted, float(np.abs(short[held]).sum())
    fitted[rows], unsegmented = fit_to_parcels(fitted[rows], np.searchsorted(open_parcels, parcel[rows]),
                                               parcel_geometry[open_parcels])
    return fitted, unsegmented + float(np.abs(short[np.setdiff1d(held, open_parcels)]).sum())


def fit_to_parcels(geometry, parcel, parcel_geometry):
    """Segments cut to their parcel, the parcel area no segment covers given to the segment of the
    same parcel sharing most edge with it, so the segments of each parcel tile it exactly.

    geometry: segment polygons; parcel: index of each segment's parcel in ``parcel_geometry``
    (same CRS). Returns (geometry, m2 of parcel area touching no segment of its parcel, left out).
    """
    parcel_geometry = single_parts(np.asarray(parcel_geometry, dtype=object))
    shapely.prepare(parcel_geometry)
    clipped = np.asarray(geometry, dtype=object).copy()
    spilling = np.flatnonzero(~shapely.covers(parcel_geometry[parcel], clipped))  # along parcel edges only
    clipped[spilling] = polygonal(shapely.intersection(clipped[spilling], parcel_geometry[parcel[spilling]]))
    covered_m2 = np.bincount(parcel, weights=shapely.area(clipped), minlength=len(parcel_geometry))
    open_parcels = np.flatnonzero(shapely.area(parcel_geometry) - covered_m2 > 0.0)
    rows = np.flatnonzero(np.isin(parcel, open_parcels))
    present, covered = union_by_group(clipped[rows], parcel[rows])
    gaps, owner = shapely.get_parts(polygonal(shapely.difference(parcel_geometry[present], covered)),
                                    return_index=True)
    real = shapely.area(gaps) > 0.0
    gaps, owner = gaps[real], present[owner[real]]
    gap, target = gap_targets(clipped, parcel, gaps, owner)
    fitted = clipped.copy()
    if len(gap):  # the gaps of one segment are parts of one parcel's difference: a valid multi-polygon
        order = np.argsort(target, kind="stable")
        grown, member = np.unique(target[order], return_inverse=True)
        fitted[grown] = polygonal(shapely.union(clipped[grown], shapely.multipolygons(gaps[gap[order]],
                                                                                      indices=member)))
    held = np.unique(parcel)
    left = np.bincount(parcel, weights=shapely.area(fitted), minlength=len(parcel_geometry))[held]
    return fitted, float(np.abs(shapely.area(parcel_geometry[held]) - left).sum())


def single_parts(geometry):
    """Multi-polygons of one part as that polygon (overlays with a polygon are several times faster)."""
    geometry = geometry.copy()
    one = (shapely.get_type_id(geometry) == shapely.GeometryType.MULTIPOLYGON) & (shapely.get_num_geometries(
        geometry) == 1)
    geometry[one] = shapely.get_geometry(geometry[one], 0)
    return geometry


def gap_targets(segments, parcel, gaps, owner):
    """(gap position, segment position) of each gap and the segment of its parcel (``owner``) sharing
    most edge with it (ties: the lower position). A gap touching one segment of its parcel goes to it
    without measuring the edge (a corner contact makes it a second part of that segment); a gap touching
    several, none of them along an edge, is left out."""
    gap, hit = shapely.STRtree(segments).query(gaps, predicate="intersects")
    same = parcel[hit] == owner[gap]
    gap, hit = gap[same], hit[same]
    shared = np.ones(len(gap))
    several = np.flatnonzero(np.bincount(gap, minlength=len(gaps))[gap] > 1)
    shared[several] = shapely.length(shapely.intersection(shapely.boundary(gaps[gap[several]]),
                                                          segments[hit[several]]))
    best = pd.DataFrame({"gap": gap, "target": hit, "shared": shared})
    best = best[best["shared"] > 0].sort_values(["gap", "shared", "target"], ascending=[True, False, True])
    best = best.drop_duplicates("gap")
    return best["gap"].to_numpy(), best["target"].to_numpy()


def union_by_group(geometry, group):
    """(groups, union of the geometries of each group): groups of one geometry keep it as it is; the
    others are unioned row by row of a table padded with None, rows of similar length together."""
    if not len(group):
        return np.zeros(0, np.int64), np.zeros(0, dtype=object)
    order = np.argsort(group, kind="stable")
    keys, start, counts = np.unique(group[order], return_index=True, return_counts=True)
    unions = geometry[order][start].copy()
    for low in 2 ** np.arange(int(np.log2(counts.max())) + 1):
        rows = np.flatnonzero((counts >= max(low, 2)) & (counts < 2 * low))
        if not len(rows):
            continue
        table = np.full((len(rows), int(counts[rows].max())), None, dtype=object)
        row = np.repeat(np.arange(len(rows)), counts[rows])
        column = np.arange(len(row)) - np.repeat(np.cumsum(counts[rows]) - counts[rows], counts[rows])
        table[row, column] = geometry[order][np.repeat(start[rows], counts[rows]) + column]
        unions[rows] = shapely.union_all(table, axis=1)
    return keys, unions
