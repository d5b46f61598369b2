"""Parcels (blocks cut by land-use polygons) and the assignment of buildings to parcels.

A parcel is one connected piece of a block inside one land-use polygon, so it carries exactly
one land-use class. Where land-use polygons overlap, the one listed first keeps the overlap;
block area that no land-use polygon covers becomes parcels without a class. Pieces below
``min_area`` (m2) are merged into the neighbour in the same block sharing the longest edge, so
parcels keep tiling their block.
"""
import numpy as np
import pandas as pd
import shapely

from .blocks import assign_to_areas, merge_slivers


def cut_parcels(block_geometry, landuse_geometry, min_area):
    """Parcels of every block: (geometry, block index, land-use index or -1, stats dict).

    A land-use polygon lying in one block up to ``min_area`` (m2) is cut by that block only (its
    sub-``min_area`` spill into neighbours is digitising noise, left in the residual); the others
    are cut by every block they intersect. stats: ``overlaps`` (parcels cut because an earlier
    land-use polygon overlapped them), ``uncovered_m2`` (block area outside every land-use
    polygon), ``merged`` and ``dropped`` slivers.
    """
    block_geometry = np.asarray(block_geometry, dtype=object)
    landuse_geometry = np.asarray(landuse_geometry, dtype=object)
    home = assign_to_areas(landuse_geometry, block_geometry)
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
    order = np.lexsort((owner[:, 1], owner[:, 0]))
    parts, owner = parts[order], owner[order]
    parts, overlaps = _resolve_overlaps(parts, owner[:, 0], block_geometry, min_area)
    present = ~shapely.is_empty(parts)
    parts, owner = _explode(parts[present], owner[present])
    covered = np.bincount(owner[:, 0], weights=shapely.area(parts), minlength=len(block_geometry))
    gap = shapely.area(block_geometry) - covered
    open_blocks = np.flatnonzero(gap >= min_area)
    uncovered_m2 = float(gap[open_blocks].sum())
    if len(open_blocks):
        covered_union = [shapely.union_all(parts[owner[:, 0] == b]) for b in open_blocks]
        rest = shapely.difference(block_geometry[open_blocks], np.array(covered_union, dtype=object))
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


def _resolve_overlaps(parts, block, block_geometry, min_area):
    """In blocks whose pieces add up to more than the block, cut each piece by the earlier ones.

    parts are sorted by (block, land-use index), so the land-use polygon listed first keeps an
    overlap. Returns (parts, count of pieces cut).
    """
    covered = np.bincount(block, weights=shapely.area(parts), minlength=len(block_geometry))
    overfull = np.flatnonzero(covered - shapely.area(block_geometry) >= min_area)
    parts = parts.copy()
    cut = 0
    for b in overfull:
        rows = np.flatnonzero(block == b)
        for position, row in enumerate(rows[1:], start=1):
            earlier = shapely.union_all(parts[rows[:position]])
            if shapely.area(shapely.intersection(parts[row], earlier)) >= min_area:
                parts[row] = shapely.difference(parts[row], earlier)
                cut += 1
    return parts, cut


def _explode(geometry, owners):
    """Polygon parts of ``geometry`` with the owner row of each part (owners: (n, k) int array)."""
    parts, index = shapely.get_parts(geometry, return_index=True)
    parts, inner = shapely.get_parts(parts, return_index=True)  # collections may hold multi-parts
    index = index[inner]
    keep = shapely.get_type_id(parts) == 3
    keep &= ~shapely.is_empty(parts)
    return parts[keep], owners[index[keep]]


def assign_buildings(building_geometry, parcel_geometry):
    """For each building the parcel holding most of its footprint (index, -1 when none) and that share.

    Returns (parcel index, share of the footprint in that parcel 0..1). Buildings within one
    parcel skip the overlay.
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
    table = table[table["overlap"] > 0].sort_values(["building", "overlap", "parcel"], ascending=[True, False, True])
    best = table.drop_duplicates("building")
    placed = best["building"].to_numpy()
    owner = np.full(len(building_geometry), -1)
    share = np.zeros(len(building_geometry))
    owner[placed] = best["parcel"].to_numpy()
    share[placed] = best["overlap"].to_numpy() / np.maximum(area[placed], 1e-12)
    return owner, share
