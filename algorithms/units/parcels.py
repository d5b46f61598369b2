"""Parcels (blocks cut by land-use polygons) and the assignment of buildings to parcels.

A parcel is one connected piece of a block inside one land-use polygon, so it carries exactly
one land-use class. Where land-use polygons overlap (or nest), the overlap goes to the polygon of
higher class priority (``priority`` of resources/landuse_classes.csv: water over wetland over
forest over park over grass ... over residential), then to the smaller polygon, then to the one
listed first; block area that no land-use polygon covers becomes parcels of no polygon (the class
``unclassified``). Pieces below ``min_area`` (m2) are merged into the neighbour in the same block
sharing the longest edge, so parcels tile their block exactly, whatever the overlaps. Land use snapped to its
home block first (``snapped_to_home``) meets the block's corners without the sub-grid gaps and overlaps that
would each become a sliver.
"""
import numpy as np
import pandas as pd
import shapely

from .blocks import assign_to_areas, intersecting_pairs, merge_slivers

GAP_RATIO = 1e-9
"""Block area outside every land-use polygon (ratio of the block) below which no parcel is made for it."""
OVERLAP_TIE = 1e-5
"""Overlaps of a building within this share of its footprint of its largest overlap are ties: a building
split evenly between two parcels goes to the one preferred, whatever the noise of the two cuts."""


def cut_parcels(block_geometry, landuse_geometry, min_area, priority=None, home=None):
    """Parcels of every block: (geometry, block index, land-use index or -1, stats dict).

    priority: per land-use polygon, higher keeps an overlap (None: all equal); among equals the
    smaller polygon (m2), then the one listed first keeps it. home: per land-use polygon, the block
    holding its interior point (-1: none), when the caller knows it (None: found here).

    A land-use polygon lying in one block up to ``min_area`` (m2) is cut by that block only (its
    sub-``min_area`` spill into neighbours is digitising noise, left in the residual); the others
    are cut by every block they intersect. stats: ``overlaps`` (parcels cut because an earlier
    land-use polygon overlapped them), ``uncovered_m2`` (block area outside every land-use
    polygon), ``merged`` and ``dropped`` slivers.
    """
    block_geometry = np.asarray(block_geometry, dtype=object)
    landuse_geometry = np.asarray(landuse_geometry, dtype=object)
    home = assign_to_areas(landuse_geometry, block_geometry) if home is None else np.asarray(home)
    housed = np.flatnonzero(home >= 0)
    inside = shapely.intersection(landuse_geometry[housed], block_geometry[home[housed]])
    whole = shapely.area(inside) >= shapely.area(landuse_geometry[housed]) - min_area
    spanning = np.setdiff1d(np.arange(len(landuse_geometry)), housed[whole])
    block, hit = shapely.STRtree(landuse_geometry[spanning]).query(block_geometry, predicate="intersects")
    pieces = np.concatenate([inside[whole], shapely.intersection(block_geometry[block],
                                                                  landuse_geometry[spanning[hit]])])
    owners = np.concatenate([np.stack([home[housed[whole]], housed[whole]], axis=1),
                             np.stack([block, spanning[hit]], axis=1)]).astype(np.int64)
    parts, owner = _explode(pieces, owners)
    rank = _overlap_rank(landuse_geometry, priority)
    order = np.lexsort((rank[owner[:, 1]], owner[:, 0]))
    parts, owner = parts[order], owner[order]
    parts, overlaps = _resolve_overlaps(parts, owner[:, 0])
    present = ~shapely.is_empty(parts)
    parts, owner = _explode(parts[present], owner[present])
    covered = np.bincount(owner[:, 0], weights=shapely.area(parts), minlength=len(block_geometry))
    gap = shapely.area(block_geometry) - covered
    open_blocks = np.flatnonzero(gap > GAP_RATIO * shapely.area(block_geometry))
    uncovered_m2 = float(gap[open_blocks].sum())
    if len(open_blocks):
        rest = shapely.difference(block_geometry[open_blocks], _unions(parts, owner[:, 0], open_blocks))
        rest_parts, rest_block = _explode(rest, np.stack([open_blocks, np.full(len(open_blocks), -1)], axis=1))
        parts = np.concatenate([parts, rest_parts])
        owner = np.concatenate([owner, rest_block])
        uncovered_m2 = float(shapely.area(rest_parts).sum())
    order = np.lexsort((owner[:, 1], owner[:, 0]))
    parts, owner = parts[order], owner[order]
    small = int((shapely.area(parts) < min_area).sum())
    parts, keep, dropped = merge_slivers(parts, owner[:, 0], min_area)
    stats = {"overlaps": overlaps, "uncovered_m2": uncovered_m2, "merged": small - dropped, "dropped": dropped}
    return parts[keep], owner[keep, 0], owner[keep, 1], stats


def snapped_to_home(landuse_geometry, block_geometry, home, snap):
    """The land-use polygons (array), each snapped to its home block by GEOS snap within ``snap`` (m): its vertices
    move onto the block's vertices, and the block's vertices lying within ``snap`` of its edges go into them.

    home: per polygon, the position of the block holding its interior point (``assign_to_areas``) among all the
    city's blocks, so a batch snaps a polygon as the whole-city cut does; -1: none, the polygon is left as it is.
    A polygon that snapping would leave invalid, empty or of another type stays as it is too. With ``snap`` the
    inputs' grid no vertex moves by more than the precision the inputs are rounded to, and the sub-grid gaps and
    overlaps at the block's corners make no slivers (issue 22: at 20,000 synthetic parcels 10,000 slivers instead
    of 37,000, which took half of the cut's time). A vertex near a block's edge but not near its vertices stays.
    """
    home = np.asarray(home)
    housed = np.flatnonzero(home >= 0)
    before = landuse_geometry[housed]
    moved = shapely.snap(before, block_geometry[home[housed]], snap)
    kept = shapely.is_valid(moved) & ~shapely.is_empty(moved) & (shapely.get_type_id(moved) ==
                                                                   shapely.get_type_id(before))
    result = landuse_geometry.copy()
    result[housed[kept]] = moved[kept]
    return result


def _overlap_rank(landuse_geometry, priority):
    """Rank of each land-use polygon for overlaps (0 keeps all it covers): priority high to low,
    then area (m2) small to large, then input order."""
    priority = np.zeros(len(landuse_geometry)) if priority is None else np.asarray(priority, dtype=float)
    order = np.lexsort((np.arange(len(landuse_geometry)), shapely.area(landuse_geometry), -priority))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _resolve_overlaps(parts, block):
    """Cut each piece by the pieces ranked before it in its block that overlap it, so the pieces of
    a block are disjoint. parts are sorted by (block, rank). Returns (parts, count of pieces cut).
    """
    left, right = intersecting_pairs(shapely.STRtree(parts), parts, block, block)
    pair = left < right
    left, right = left[pair], right[pair]
    overlapping = shapely.area(shapely.intersection(parts[left], parts[right])) > 0.0
    left, right = left[overlapping], right[overlapping]
    if not len(right):
        return parts, 0
    parts = parts.copy()
    order = np.argsort(right, kind="stable")
    later, start = np.unique(right[order], return_index=True)
    for row, earlier in zip(later, np.split(left[order], start[1:]), strict=True):  # ascending: earlier ones cut
        parts[row] = shapely.difference(parts[row], shapely.union_all(parts[earlier]))
    return parts, len(later)


def _unions(parts, block, chosen):
    """The union of the parts of each block in ``chosen`` (parts sorted by ``block``, ascending)."""
    start = np.searchsorted(block, chosen, side="left")
    count = np.searchsorted(block, chosen, side="right") - start
    unions = np.empty(len(chosen), dtype=object)
    for size in np.unique(count):  # blocks of as many parts together: one row of a table each
        rows = np.flatnonzero(count == size)
        unions[rows] = shapely.union_all(parts[start[rows, None] + np.arange(size)], axis=1)
    return unions


def _explode(geometry, owners):
    """Polygon parts of ``geometry`` with the owner row of each part (owners: (n, k) int array)."""
    parts, index = shapely.get_parts(geometry, return_index=True)
    parts, inner = shapely.get_parts(parts, return_index=True)  # collections may hold multi-parts
    index = index[inner]
    keep = shapely.get_type_id(parts) == 3
    keep &= ~shapely.is_empty(parts)
    return parts[keep], owners[index[keep]]


def assign_buildings(building_geometry, parcel_geometry, preference=None):
    """For each building the parcel holding most of its footprint (index, -1 when none) and that share.

    Returns (parcel index, share of the footprint in that parcel 0..1). Buildings within one
    parcel skip the overlay. preference: per parcel, the lower takes a building split evenly between
    parcels (overlaps within ``OVERLAP_TIE`` of the footprint; default: the parcel listed first).
    """
    tree = shapely.STRtree(np.asarray(parcel_geometry, dtype=object))
    area = shapely.area(building_geometry)
    inside, home = tree.query(building_geometry, predicate="within")
    rest = np.setdiff1d(np.arange(len(building_geometry)), inside)
    building, parcel = tree.query(building_geometry[rest], predicate="intersects")
    building = rest[building]
    overlap = shapely.area(shapely.intersection(building_geometry[building], tree.geometries[parcel]))
    table = pd.DataFrame({"building": np.concatenate([inside, building]), "parcel": np.concatenate([home, parcel]),
                          "overlap": np.concatenate([area[inside], overlap])})
    table = table[table["overlap"] > 0]
    largest = table.groupby("building")["overlap"].transform("max")
    table = table[table["overlap"] >= largest - OVERLAP_TIE * area[table["building"].to_numpy()]]
    table = table.assign(preference=table["parcel"] if preference is None else
                         np.asarray(preference)[table["parcel"].to_numpy()])
    best = table.sort_values(["building", "preference"]).drop_duplicates("building")
    placed = best["building"].to_numpy()
    owner = np.full(len(building_geometry), -1)
    share = np.zeros(len(building_geometry))
    owner[placed] = best["parcel"].to_numpy()
    share[placed] = best["overlap"].to_numpy() / np.maximum(area[placed], 1e-12)
    return owner, share
