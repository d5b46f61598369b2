"""Blocks and road links: the areas enclosed by roads inside each district, and the roads cut there.

Blocks are the faces of the road network noded together with the district boundaries
(``shapely.polygonize`` over the ``union_all`` of both), so they tile each district exactly.
Faces below ``min_area`` (m2) are slivers: they are merged into the neighbour of the same
district with which they share the longest edge, or dropped (and counted) when they have none.
Links are the noded road edges, i.e. roads split at every crossing (block corners) and at
district boundaries, each traced back to the road it lies on.
"""
import numpy as np
import pandas as pd
import shapely

_SNAP = 1e-3
"""Distance (m) within which a noded edge is taken to lie on an input road."""


def node_network(road_geometry, district_geometry, grid=0.0):
    """Roads and district boundaries noded at every crossing: an array of line edges.

    grid (m, 0: none): the noding snap-rounds to this grid (GEOS's snap-rounding noder), so a road ending
    within half a grid cell of another (a T-junction the inputs' rounding to the grid left 1e-10 m short)
    is noded on it, whatever other roads are noded together. Without it GEOS's floating noder leaves such
    a road a dead end unless some other crossing makes it fall back to snapping: the blocks then depended on
    the districts noded together (a batch, issue 22)."""
    boundaries = shapely.boundary(np.asarray(district_geometry, dtype=object))
    lines = np.concatenate([np.asarray(road_geometry, dtype=object), boundaries])
    return shapely.get_parts(shapely.union_all(lines, grid_size=grid if grid > 0 else None))


def assign_to_areas(geometry, areas, tree=None):
    """Index of the area (polygon) holding each geometry's interior point, -1 when none; first wins.
    tree: an STRtree of ``areas`` already built (None: built here)."""
    points = shapely.point_on_surface(geometry)
    tree = shapely.STRtree(areas) if tree is None else tree
    which, hit = tree.query(points, predicate="intersects")
    owner = np.full(len(geometry), -1)
    order = np.lexsort((hit, which))
    which, hit = which[order], hit[order]
    first = np.r_[True, which[1:] != which[:-1]] if len(which) else np.zeros(0, bool)
    owner[which[first]] = hit[first]
    return owner


def intersecting_pairs(tree, geometry, group, tree_group):
    """Pairs (position in ``geometry``, position in ``tree``) of intersecting geometries of the same group
    (int arrays ``group`` and ``tree_group``), in the order of ``tree.query(geometry, "intersects")``: the
    predicate is tested only on the boxes that meet within a group (a third of the time at 100,000 parcels,
    where most boxes meet across roads), on prepared geometries as the query tests them."""
    which, hit = tree.query(geometry)
    same = group[which] == tree_group[hit]
    which, hit = which[same], hit[same]
    shapely.prepare(geometry)
    meet = shapely.intersects(geometry[which], tree.geometries[hit])
    return which[meet], hit[meet]


def polygonal(geometry):
    """The polygonal part of each geometry in an array: a union with a sliver of nearly zero area can
    leave the collapsed sliver as a line beside the polygon (a GeometryCollection); the line goes."""
    geometry = np.asarray(geometry, dtype=object)
    for position in np.flatnonzero(shapely.get_type_id(geometry) == shapely.GeometryType.GEOMETRYCOLLECTION):
        parts = shapely.get_parts(geometry[position])
        geometry[position] = shapely.union_all(parts[shapely.area(parts) > 0])
    return geometry


def merge_slivers(geometry, group, min_area):
    """Merge polygons under ``min_area`` (m2) into the neighbour of the same group sharing most edge.

    geometry: array of polygons; group: array of group keys (int); min_area: one area (m2) or one
    per polygon (np.inf marks a polygon to merge whatever its size, 0 one to keep). Returns (geometry, keep,
    dropped): the geometries with the slivers unioned into their neighbours, a mask of the
    polygons that remain (not slivers), and the count of slivers that had no neighbour.
    """
    geometry = np.asarray(geometry, dtype=object).copy()
    area = shapely.area(geometry)
    small = area < min_area
    if not small.any():
        return geometry, np.ones(len(geometry), bool), 0
    large = np.flatnonzero(~small)
    sliver, hit = intersecting_pairs(shapely.STRtree(geometry[large]), geometry[small], group[small], group[large])
    candidate = large[hit]
    sliver = np.flatnonzero(small)[sliver]
    shared = shapely.length(shapely.intersection(shapely.boundary(geometry[sliver]), geometry[candidate]))
    best = pd.DataFrame({"sliver": sliver, "target": candidate, "shared": shared})
    best = best.sort_values(["sliver", "shared", "target"], ascending=[True, False, True])
    best = best.drop_duplicates("sliver")
    best = best[best["shared"] > 0]
    rank = best.groupby("target").cumcount().to_numpy()
    targets, slivers = best["target"].to_numpy(), best["sliver"].to_numpy()
    for round_ in range(int(rank.max()) + 1 if len(rank) else 0):
        chosen = rank == round_
        geometry[targets[chosen]] = polygonal(shapely.union(geometry[targets[chosen]], geometry[slivers[chosen]]))
    keep = ~small
    return geometry, keep, int(small.sum() - len(best))


def build_links(edges, road_geometry, district_geometry, district_tree=None):
    """Road links: noded edges lying on an input road, with that road's index and their district.

    Returns (link geometry, road index, district index, middle points of the links outside every
    district); edges on no road (district boundaries) and links outside every district are left out.
    district_tree: an STRtree of ``district_geometry`` already built (None: built here).
    """
    tree = shapely.STRtree(np.asarray(road_geometry, dtype=object))
    middle = shapely.line_interpolate_point(edges, 0.5, normalized=True)
    which, road = tree.query(middle, predicate="dwithin", distance=_SNAP)
    gap = shapely.distance(middle[which], tree.geometries[road])
    order = np.lexsort((road, gap, which))
    which, road = which[order], road[order]
    first = np.r_[True, which[1:] != which[:-1]] if len(which) else np.zeros(0, bool)
    which, road = which[first], road[first]
    geometry = edges[which]
    district = assign_to_areas(middle[which], district_geometry, district_tree)
    inside = district >= 0
    return geometry[inside], road[inside], district[inside], middle[which][~inside]
