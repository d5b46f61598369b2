"""The geometry of segmentunits a batch of districts at a time (issue 22: memory that does not grow with
the city).

Blocks tile their district and parcels their block, so the faces, links, parcels and buildings of a
district need only the roads, land use and buildings that reach it. ``batch_blocks`` nodes the roads
meeting a batch's districts with those districts' boundaries (a road is taken whole, so every crossing
inside the batch is there) and keeps the faces and road edges whose interior point lies in the batch;
``batch_parcels`` cuts the batch's blocks by the land use meeting them. A land-use polygon housed in a
block of another batch is treated as the whole-city cut treats it (``parcels.cut_parcels``): left out
when it lies in that block up to ``min_area``, else cut by every block it meets; the city's blocks wait packed
(WKB) and a batch decodes its own and those whose bounds hold a point where its land use could be housed
(``PackedGeometry.holding``), never all of them. Counts of faces, links
and dangling edges outside every district are taken once per feature (by their interior or middle point,
rounded to 1 mm).
"""
import numpy as np
import shapely

from . import blocks as block_ops, parcels as parcel_ops
from .packed_geometry import PackedGeometry

BATCH_DISTRICTS = 4
"""Districts segmented together: the synthetic city has about 5,000 parcels a district, so a batch
holds about 20,000 parcels (about 0.25 GB of geometry) whatever the size of the city; up to
``ahead.WORKERS`` batches are cut in threads, and one more waits done, beside the one being numbered and written
(``ahead.results_in_order(..., queued=1)``)."""


def batches(count, size=BATCH_DISTRICTS):
    """Positions 0..count-1 in consecutive batches of ``size``: a list of int arrays."""
    return [np.arange(start, min(start + size, count)) for start in range(0, count, size)]


def point_keys(points):
    """Hashable keys (coordinates rounded to 1 mm) of point geometries, to count a feature once."""
    return set(map(tuple, np.round(shapely.get_coordinates(points), 3)))


def batch_blocks(district_geometry, district_tree, batch, packed_roads, min_area, grid):
    """Blocks and road links of the districts at positions ``batch``.

    district_tree: STRtree of all districts; packed_roads: packed_geometry.PackedGeometry of all roads;
    grid: the inputs' snap grid (m), the noding's too (``blocks.node_network``).
    Returns a dict: ``geometry`` (packed: a PackedGeometry) and ``district`` (global district position) of the
    blocks, ``dangles`` (dangling edges in the batch), ``merged`` and ``dropped`` (slivers merged into a neighbour,
    and without one), ``links``: (geometry, global road position, global district position), and ``outside``: a dict of
    sets ('faces', 'links', 'dangles') of the keys (``point_keys``) of the features met outside every
    district, for the caller to count once over all batches."""
    area = district_geometry[batch]
    roads = packed_roads.intersecting(area, shapely.bounds(area))
    road_geometry = packed_roads.take(roads)
    edges = block_ops.node_network(road_geometry, area, grid)
    polygons, _, dangling, _ = shapely.polygonize_full(edges)
    polygons = shapely.get_parts(polygons)
    district = block_ops.assign_to_areas(polygons, district_geometry, district_tree)
    outside = {"faces": point_keys(shapely.point_on_surface(polygons[district < 0]))}
    mine = np.isin(district, batch)
    polygons, district = polygons[mine], district[mine]
    small = int((shapely.area(polygons) < min_area).sum())
    polygons, keep, dropped = block_ops.merge_slivers(polygons, district, min_area)
    dangling = shapely.get_parts(dangling)
    middle = shapely.line_interpolate_point(dangling, 0.5, normalized=True)
    link_geometry, road, link_district, middle_out = block_ops.build_links(
        edges, road_geometry, district_geometry, district_tree)
    outside["links"] = point_keys(middle_out)
    dangle_district = block_ops.assign_to_areas(middle, district_geometry, district_tree)
    outside["dangles"] = point_keys(middle[dangle_district < 0])
    mine = np.isin(link_district, batch)
    return {
        "geometry": PackedGeometry(polygons[keep]), "district": district[keep], "dropped": dropped,
        "merged": small - dropped,
        "dangles": int(np.isin(dangle_district, batch).sum()),
        "links": (link_geometry[mine], roads[road[mine]], link_district[mine]), "outside": outside,
    }


def batch_parcels(packed_blocks, in_batch, packed_landuse, priority, min_area, boxes, snap=0.0):
    """Parcels of the blocks marked ``in_batch`` (bool per block of the whole city).

    packed_blocks: packed_geometry.PackedGeometry of all blocks (only the batch's and those that may hold a
    land-use polygon's interior point are decoded); packed_landuse: PackedGeometry of all land-use polygons;
    priority: per land-use polygon; boxes: (n, 4) bounds holding every block of the batch; snap (m, 0: none): each
    land-use polygon is first snapped to its home block (``parcels.snapped_to_home``: a corner within the inputs'
    grid of a block's corner is that corner, not a 0.1 mm sliver).
    Returns (geometry, block position among the batch's blocks, global land-use position or -1, stats) as
    ``parcels.cut_parcels``, then the batch's blocks (their geometry, in the order of their positions).
    """
    local = np.flatnonzero(in_batch)
    batch_geometry = packed_blocks.take(local)
    landuse = packed_landuse.intersecting(batch_geometry, boxes)
    landuse_geometry = packed_landuse.take(landuse)
    # every block holding a land-use polygon's interior point is among those whose bounds hold that point
    points = shapely.point_on_surface(landuse_geometry)
    near = np.setdiff1d(packed_blocks.holding(shapely.get_coordinates(points)), local)
    near = np.concatenate([local, near])  # the batch's blocks first, as positions among the blocks below
    order = np.argsort(near, kind="stable")
    block_geometry = np.concatenate([batch_geometry, packed_blocks.take(near[len(local):])])
    home = block_ops.assign_to_areas(points, block_geometry[order])  # the first block of the city wins
    home = np.where(home >= 0, order[np.maximum(home, 0)], -1)
    if snap > 0:
        landuse_geometry = parcel_ops.snapped_to_home(landuse_geometry, block_geometry, home, snap)
    foreign = np.flatnonzero(home >= len(local))
    inside = shapely.area(shapely.intersection(landuse_geometry[foreign], block_geometry[home[foreign]]))
    housed_elsewhere = foreign[inside >= shapely.area(landuse_geometry[foreign]) - min_area]
    kept = np.setdiff1d(np.arange(len(landuse)), housed_elsewhere)
    local_home = np.where(home < len(local), home, -1)[kept]
    landuse, landuse_geometry = landuse[kept], landuse_geometry[kept]
    geometry, block, owner, stats = parcel_ops.cut_parcels(
        batch_geometry, landuse_geometry, min_area,
        None if priority is None else np.asarray(priority)[landuse], home=local_home)
    return geometry, block, np.where(owner >= 0, landuse[np.maximum(owner, 0)], -1), stats, batch_geometry


def batch_boxes(bounds, group, batch):
    """(len(batch), 4) bounds (min x, min y, max x, max y) of the geometries of each group in ``batch``, from
    their ``bounds`` ((n, 4)) and ``group`` (group of each); a group without geometries gets NaN bounds."""
    boxes = np.full((len(batch), 4), np.nan)
    for row, member in enumerate(batch):
        mine = bounds[group == member]
        if len(mine):
            boxes[row] = (*mine[:, :2].min(axis=0), *mine[:, 2:].max(axis=0))
    return boxes


def building_batches(building_geometry, district_tree):
    """Global district position whose batch places each building (-1: none, outside every district): the
    district holding most of its footprint (the first of equals), where the parcel holding most of it lies
    but when a building straddles districts and its largest piece in one district is split between parcels
    (then the building goes to the best parcel of that district)."""
    which, hit = district_tree.query(building_geometry, predicate="intersects")
    overlap = np.ones(len(which))
    several = np.bincount(which, minlength=len(building_geometry))[which] > 1
    overlap[several] = shapely.area(shapely.intersection(building_geometry[which[several]],
                                                         district_tree.geometries[hit[several]]))
    order = np.lexsort((hit, -overlap, which))
    which, hit = which[order], hit[order]
    first = np.r_[True, which[1:] != which[:-1]] if len(which) else np.zeros(0, bool)
    district = np.full(len(building_geometry), -1)
    district[which[first]] = hit[first]
    return district
