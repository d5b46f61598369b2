"""Land use snapped to its home block before the cut (``parcels.snapped_to_home``): land use drawn to the block's
corners within the snap grid makes no sliver. Areas worked out by hand."""
import numpy as np
import pytest
import shapely

from urban_carbon_ledger.algorithms.units import parcels

X0, Y0 = 500_000.0, 3_380_000.0


def polygon(*points):
    return shapely.Polygon([(X0 + x, Y0 + y) for x, y in points])


def block_and_strips():
    """A 100 x 100 m block with a vertex at (50, 0) on its south edge (where a road piece ends), cut by two land-use
    strips whose dividing line starts 0.4 mm east and 0.3 mm north of that vertex (the inputs' 1 mm rounding)."""
    block = polygon((0, 0), (50, 0), (100, 0), (100, 100), (0, 100))
    west = polygon((0, 0), (50.0004, 0.0003), (50, 100), (0, 100))
    east = polygon((50.0004, 0.0003), (100, 0), (100, 100), (50, 100))
    return np.array([block], dtype=object), np.array([west, east], dtype=object)


def test_land_use_within_the_snap_grid_of_its_block_cuts_it_without_slivers():
    blocks, landuse = block_and_strips()
    snapped = parcels.snapped_to_home(landuse, blocks, np.array([0, 0]), 0.001)
    geometry, block, owner, stats = parcels.cut_parcels(blocks, snapped, 1.0)
    # the strips' south corner moves onto the block's vertex (50, 0): two 50 x 100 m parcels, nothing left over
    assert list(block) == [0, 0] and list(owner) == [0, 1]
    assert shapely.area(geometry) == pytest.approx([5_000.0, 5_000.0], abs=1e-9)
    assert shapely.equals(geometry[0], polygon((0, 0), (50, 0), (50, 100), (0, 100)))
    assert shapely.equals(geometry[1], polygon((50, 0), (100, 0), (100, 100), (50, 100)))
    assert stats == {"overlaps": 0, "uncovered_m2": 0.0, "merged": 0, "dropped": 0}


def test_without_snap_the_sub_millimetre_gap_is_a_sliver_merged_into_the_neighbour_sharing_most_edge():
    blocks, landuse = block_and_strips()
    geometry, _, owner, stats = parcels.cut_parcels(blocks, landuse, 1.0)
    # the gap (0, 0) (50, 0) (100, 0) (50.0004, 0.0003): 100 m x 0.3 mm / 2 = 0.015 m2, merged into the west strip
    # (it shares 50.0004 m of edge with it, 49.9996 m with the east one); the parcels still tile the block
    assert stats["merged"] == 1 and stats["uncovered_m2"] == pytest.approx(0.015, rel=1e-6)
    assert list(owner) == [0, 1]
    assert shapely.area(geometry).sum() == pytest.approx(10_000.0, abs=1e-6)
    assert shapely.area(geometry[1]) == pytest.approx(5_000.0 - 0.5 * 50 * 0.0003 - 0.5 * 0.0004 * 100, abs=1e-6)


def test_snapping_moves_only_housed_land_use_and_never_leaves_it_invalid():
    blocks, landuse = block_and_strips()
    # a chevron whose tip (50, 0.0009) lies 0.9 mm above the block's vertex (50, 0) and 0.5 mm above its own edge
    # at y = 0.0004: moved onto (50, 0), the tip's edges would cross that edge (a self-intersecting ring)
    chevron = polygon((40, 10), (49.998, 0.0004), (50.002, 0.0004), (60, 10), (50, 0.0009))
    outside = polygon((200.0004, 0.0003), (250, 0), (250, 50))  # no home block
    landuse = np.array([landuse[0], chevron, outside], dtype=object)
    assert not shapely.is_valid(shapely.snap(chevron, blocks[0], 0.001))
    snapped = parcels.snapped_to_home(landuse, blocks, np.array([0, 0, -1]), 0.001)
    assert shapely.equals_exact(snapped[0], polygon((0, 0), (50, 0), (50, 100), (0, 100)), 0.0)
    assert snapped[1] is landuse[1] and snapped[2] is landuse[2]


def test_a_batch_snaps_its_land_use_as_segmentunits_asks():
    """``district_batches.batch_parcels`` with the SNAP grid (segmentunits passes its SNAP) gives the snapped cut:
    the two 5,000 m2 halves; with snap 0 the 0.015 m2 gap of the unsnapped cut is back (a merged sliver)."""
    from urban_carbon_ledger.algorithms.units import district_batches
    from urban_carbon_ledger.algorithms.units.packed_geometry import PackedGeometry

    blocks, landuse = block_and_strips()
    cut = {snap: district_batches.batch_parcels(PackedGeometry(blocks), np.array([True]), PackedGeometry(landuse),
                                                None, 1.0, shapely.bounds(blocks), snap) for snap in (0.001, 0.0)}
    geometry, _, owner, stats, _ = cut[0.001]
    assert list(owner) == [0, 1] and shapely.area(geometry) == pytest.approx([5_000.0, 5_000.0], abs=1e-9)
    assert stats == {"overlaps": 0, "uncovered_m2": 0.0, "merged": 0, "dropped": 0}
    assert cut[0.0][3]["merged"] == 1 and cut[0.0][3]["uncovered_m2"] == pytest.approx(0.015, rel=1e-6)
