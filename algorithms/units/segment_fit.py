"""Image segments fitted to their parcels: cut to the parcel, and the parcel area no segment covers
given to the segment of the same parcel sharing most edge with it, so the segments of a parcel tile it.

Segments come out of the image as pixel staircases (pixels go to the parcel holding their centre). All
the work is done on whole arrays (shapely 2): one intersection per segment crossing its parcel edge, one
difference per parcel for the uncovered pieces (gaps), one intersection of boundaries only for a gap
touching two or more segments of its parcel, and one union per segment with all its gaps at once (as one
multi-polygon, not a union per gap); the clipped segments of a parcel are unioned in a padded table so
GEOS unions each row in one call.
"""
import numpy as np
import pandas as pd
import shapely

from .blocks import polygonal


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
