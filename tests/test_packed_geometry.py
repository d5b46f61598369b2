"""Geometries packed as WKB between batches come back bit for bit, and the search finds what an STRtree finds."""
import numpy as np
import shapely

from urban_carbon_ledger.algorithms.units import district_batches
from urban_carbon_ledger.algorithms.units.packed_geometry import PackedGeometry


def _geometries():
    """A road with coordinates needing all 64 bits, a polygon with a hole, a multi-line, a point."""
    return np.array([
        shapely.LineString([(0.1, 0.2), (1 / 3, 2 / 3)]),
        shapely.Polygon([(10, 10), (20, 10), (20, 20), (10, 20)], [[(12, 12), (14, 12), (14, 14)]]),
        shapely.MultiLineString([[(30, 0), (31, 0)], [(32, 0), (33, 1)]]),
        shapely.Point(50, 50),
    ], dtype=object)


def test_taken_geometries_are_those_packed():
    geometry = _geometries()
    packed = PackedGeometry(geometry)
    taken = packed.take(np.array([3, 0, 1, 2]))
    assert len(packed) == 4
    assert list(shapely.to_wkb(taken)) == list(shapely.to_wkb(geometry[[3, 0, 1, 2]]))
    assert shapely.get_coordinates(taken[1]).tolist() == [[0.1, 0.2], [1 / 3, 2 / 3]]
    assert len(packed.take(np.zeros(0, dtype=int))) == 0


def test_intersecting_is_the_strtree_query():
    geometry = _geometries()
    packed = PackedGeometry(geometry)
    # area 1: the square 0..15 meets the road (inside it) and the polygon (its corner x, y 10..15);
    # area 2: a square 40..60 holds the point. The multi-line (x 30..33) meets neither.
    areas = np.array([shapely.box(0, 0, 15, 15), shapely.box(40, 40, 60, 60)], dtype=object)
    found = packed.intersecting(areas, shapely.bounds(areas))
    assert found.tolist() == [0, 1, 3]
    assert found.tolist() == np.unique(shapely.STRtree(geometry).query(areas, predicate="intersects")[1]).tolist()
    # boxes far from everything (more than the 1 m margin) find nothing
    assert packed.intersecting(areas, np.array([[100.0, 100.0, 101.0, 101.0]])).tolist() == []


def test_batch_boxes_bound_each_districts_blocks():
    bounds = np.array([[0.0, 0.0, 1.0, 1.0], [2.0, -1.0, 3.0, 0.5], [5.0, 5.0, 6.0, 6.0]])
    group = np.array([7, 7, 8])
    boxes = district_batches.batch_boxes(bounds, group, np.array([7, 8, 9]))
    # district 7: x 0..3, y -1..1; district 8: its one block; district 9 has none (NaN)
    assert boxes[:2].tolist() == [[0.0, -1.0, 3.0, 1.0], [5.0, 5.0, 6.0, 6.0]]
    assert np.isnan(boxes[2]).all()


def test_parts_joined_are_the_geometries_packed_at_once():
    geometry = _geometries()
    parts = [PackedGeometry(geometry[:1]), PackedGeometry(geometry[1:1]), PackedGeometry(geometry[1:])]
    joined = PackedGeometry.joined(parts)
    assert parts == []  # let go as joined
    whole = PackedGeometry(geometry)
    assert joined.buffer == whole.buffer
    assert joined.offsets.tolist() == whole.offsets.tolist()
    assert joined.bounds.tolist() == whole.bounds.tolist()
    assert list(shapely.to_wkb(joined.take(np.arange(4)))) == list(shapely.to_wkb(geometry))


def test_holding_finds_every_geometry_whose_bounds_hold_a_point():
    # squares x 0..10, 20..30, 40..50, 60..70, 80..90 (y 0..10), and an empty polygon (NaN bounds)
    squares = [shapely.box(x, 0.0, x + 10.0, 10.0) for x in range(0, 100, 20)]
    packed = PackedGeometry(np.array([*squares, shapely.Polygon()], dtype=object))
    # (5, 5) in the first; (30, 10) on the corner of the second; (35, 5) in a gap; (85, 5) in the fifth
    assert packed.holding(np.array([[5.0, 5.0], [30.0, 10.0], [35.0, 5.0], [85.0, 5.0]])).tolist() == [0, 1, 4]
    assert packed.holding(np.array([[35.0, 5.0], [55.0, 5.0]])).tolist() == []
    assert packed.holding(np.array([[65.0, 5.0], [65.0, 5.0]])).tolist() == [3]  # one point (no extent)
    assert packed.holding(np.zeros((0, 2))).tolist() == []
    # a superset at worst: random points, random boxes
    generator = np.random.default_rng(1)
    corner = generator.uniform(0.0, 100.0, (300, 2))
    boxes = np.array(shapely.box(*corner.T, *(corner + generator.uniform(0.0, 8.0, (300, 2))).T), dtype=object)
    points = generator.uniform(0.0, 100.0, (40, 2))
    bounds = shapely.bounds(boxes)
    holds = ((bounds[:, None, :2] <= points[None]) & (bounds[:, None, 2:] >= points[None])).all(axis=2).any(axis=1)
    found = PackedGeometry(boxes).holding(points)
    assert set(np.flatnonzero(holds)) <= set(found.tolist())
