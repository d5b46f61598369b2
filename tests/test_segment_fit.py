"""Image segments fit their parcels (issue 19 item 6): on pixels that do not line up with the parcel
edges, segments are cut to their parcel and tile it exactly; small SCALE warns; NDVI needs reflectance."""
import numpy as np
import pyproj
import pytest
import shapely

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.units import (
    segment_fit, segment_imagery as image_segments, segment_units as segmentation,
)
from urban_carbon_ledger.algorithms.units.blocks import merge_slivers

from test_segment_imagery import write_raster
from test_segment_units import CRS, FIELDS, layers

PIXEL = 3.0  # m: parcel edges at 50, 100 and 150 m fall inside pixels (not multiples of 3)


@pytest.fixture
def book(tmp_path):
    """The five parcels of test_segment_units (park 50 x 100 m, residential, four 100 x 100 m blocks)."""
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, CRS)
    segmentation.write_units(ledger.Ledger(path), segmentation.segment_units(*layers(), crs=CRS, fields=FIELDS))
    return ledger.Ledger(path)


def image(tmp_path, red=300, nir=100):
    """A 67 x 67 px image of 3 m pixels (201 x 201 m) over the district, with a west-east gradient."""
    cols = np.arange(67)[None, :].repeat(67, axis=0)
    bands = np.stack([100 + cols, np.full(cols.shape, 150), np.full(cols.shape, red), np.full(cols.shape, nir)])
    return write_raster(tmp_path / "image.tif", bands.astype(np.uint16), PIXEL)


def test_segments_on_misaligned_pixels_tile_each_parcel_exactly(book, tmp_path):
    units, _, counts = image_segments.segment_imagery(book, image(tmp_path), 900.0, nir_band=4, window=64)
    parcels = book.read_layer("units", match={"level": "parcel"}).set_index("unit_id")
    parent = parcels.geometry[units["parent_id"]].values
    # inside their parcel (no spill into the neighbour) ...
    assert (shapely.area(shapely.difference(units.geometry.values, parent)) < 1e-6).all()
    # ... covering it all (pixel staircases would leave up to half a pixel along every edge) ...
    sums = units.groupby("parent_id")["area_m2"].sum()
    assert np.abs(sums / parcels["area_m2"][sums.index] - 1.0).max() < 1e-9
    assert counts["unsegmented_m2"] < 1e-6 and counts["parcels_without_segment"] == 0
    # ... without overlapping each other: the union is as large as the sum (40,000 m2, the district)
    assert shapely.area(shapely.union_all(units.geometry.values)) == pytest.approx(40_000.0, rel=1e-9)
    assert units["area_m2"].sum() == pytest.approx(40_000.0, rel=1e-9)


def test_a_nodata_hole_inside_a_parcel_goes_to_its_segments(book, tmp_path):
    cols = np.arange(67)[None, :].repeat(67, axis=0)
    bands = np.stack([100 + cols, np.full(cols.shape, 150), np.full(cols.shape, 300), np.full(cols.shape, 100)])
    bands[:, 5:11, 55:61] = 0  # nodata, x 165..183 m, 15..33 m below the top: inside a parcel, off its edges
    path = write_raster(tmp_path / "hole.tif", bands.astype(np.uint16), PIXEL, nodata=0)
    units, _, counts = image_segments.segment_imagery(book, path, 900.0, nir_band=4, window=64)
    parcels = book.read_layer("units", match={"level": "parcel"}).set_index("unit_id")
    # no segment holds a nodata pixel, and the hole is no parcel edge: the pixels and their claims leave
    # 18 x 18 m = 324 m2 open, which goes to the segments around it, so the parcel is still tiled exactly
    sums = units.groupby("parent_id")["area_m2"].sum()
    assert np.abs(sums / parcels["area_m2"][sums.index] - 1.0).max() < 1e-9
    assert counts["unsegmented_m2"] < 1e-6


def test_gaps_merge_into_the_segment_sharing_most_edge_in_the_same_parcel():
    # two segments of parcel 0 side by side, a 1 x 2 m gap along segment 1 only, another parcel's segment beside it
    segments = [shapely.box(0, 0, 2, 2), shapely.box(2, 0, 4, 2), shapely.box(5, 0, 7, 2)]
    gap = shapely.box(4, 0, 5, 2)
    merged, keep, dropped = merge_slivers(np.array(segments + [gap], dtype=object), np.array([0, 0, 1, 0]),
                                          np.array([0.0, 0.0, 0.0, np.inf]))
    assert keep.tolist() == [True, True, True, False] and dropped == 0
    assert shapely.area(merged[:3]).tolist() == [4.0, 6.0, 4.0]  # the gap (2 m2) went to segment 1, same parcel


def test_a_scale_under_twenty_pixels_warns(book, tmp_path):
    messages = []
    image_segments.segment_imagery(book, image(tmp_path), 100.0, window=64, progress=Progress(log=messages.append))
    # 100 m2 / 9 m2 per pixel = 11.1 pixels; 20 pixels = 180 m2
    assert any("SCALE 100 m2 is 11.1 pixels of 9 m2" in m and "at least 180 m2" in m for m in messages)


def test_ndvi_from_digital_numbers_is_refused(book, tmp_path):
    with pytest.raises(LedgerInputError, match="field 'NIR_BAND': band 4 reaches 30,000 .* not digital numbers"):
        image_segments.segment_imagery(book, image(tmp_path, red=12_000, nir=30_000), 900.0, red_band=1,
                                       nir_band=4, window=64)


def test_gap_targets_pick_the_segment_of_the_same_parcel_sharing_most_edge():
    # segments 0 and 1 of parcel 0 side by side (2 x 2 m each), segment 2 of parcel 1 at x = 5..7
    segments = np.array([shapely.box(0, 0, 2, 2), shapely.box(2, 0, 4, 2), shapely.box(5, 0, 7, 2)], dtype=object)
    gaps = np.array([
        shapely.box(4, 0, 5, 2),  # touches segment 1 (edge x = 4, 2 m) and segment 2 of the other parcel: 1
        shapely.box(1, 2, 4, 3),  # edge 1 m along segment 0 (x 1..2), 2 m along segment 1 (x 2..4): 1
        shapely.box(0, 2, 1, 3),  # edge 1 m along segment 0 only: 0
    ], dtype=object)
    gap, target = segment_fit.gap_targets(segments, np.array([0, 0, 1]), gaps, np.array([0, 0, 0]))
    assert gap.tolist() == [0, 1, 2] and target.tolist() == [1, 1, 0]
    fitted, unsegmented = segment_fit.fit_to_parcels(segments[:2], np.array([0, 0]),
                                                     [shapely.box(0, 0, 5, 3)])
    # parcel 5 x 3 = 15 m2 minus segments 0 and 1 (4 m2 each) leaves one L-shaped gap of 7 m2 (row y 2..3,
    # 5 m2, and column x 4..5 below it, 2 m2): it touches segment 0 along 2 m (top) and segment 1 along
    # 2 m (top) + 2 m (right) = 4 m, so segment 1 takes it: 4 + 7 = 11 m2; 4 + 11 = 15 m2, nothing left out
    assert shapely.area(fitted).tolist() == [4.0, 11.0] and unsegmented == 0.0
    # the same segments as territories: they do not cover the parcel, so it is fitted by its gap the same way
    fitted, unsegmented = segment_fit.fit_territories(segments[:2], np.array([0, 0]), [shapely.box(0, 0, 5, 3)])
    assert shapely.area(fitted).tolist() == [4.0, 11.0] and unsegmented == 0.0


# 3 x 4 pixels: parcel 1 (segments 1, 2) in columns 0-1, parcel 2 (segment 3) in columns 2-3, no parcel in row 2
IDS = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [0, 0, 0, 0]])
LABELS = np.array([[1, 2, 3, 3], [1, 2, 3, 3], [0, 0, 0, 0]], dtype=np.int32)


def test_ring_claims_give_each_pixel_beside_a_parcel_the_segment_next_to_it():
    pixel, label, parcel = segment_fit.ring_claims(LABELS, IDS)
    # pixel (row 0, col 1) = 1: its east neighbour (0, 2) is segment 3 of parcel 2; (0, 2) = 2: west is
    # segment 2 of parcel 1; 5 and 6 likewise; (2, 0) = 8: north is segment 1; (2, 1) = 9: north is
    # segment 2 (parcel 1), and only the corner (1, 2) reaches parcel 2: segment 3; (2, 2) = 10: north is
    # segment 3 (parcel 2), the corner (1, 1) segment 2 (parcel 1); (2, 3) = 11: north is segment 3; no
    # pixel of a parcel is claimed for its own parcel
    assert pixel.tolist() == [1, 2, 5, 6, 8, 9, 9, 10, 10, 11]
    assert label.tolist() == [3, 2, 3, 2, 1, 2, 3, 2, 3, 3]
    assert parcel.tolist() == [2, 1, 2, 1, 1, 1, 2, 1, 2, 2]


def test_colours_never_give_neighbours_one_colour():
    # a triangle 0-1-2 and a node 3 touching 2 only: the triangle needs three colours, 3 one of the others
    colour = segment_fit.colours(4, np.array([0, 1, 2, 2]), np.array([1, 2, 0, 3]))
    assert len(set(colour[:3].tolist())) == 3 and colour[3] != colour[2] and colour.max() <= 2


def test_territories_tile_each_parcel_and_are_cut_to_it():
    # 10 m pixels, top-left corner (100, 200): rows 0..2 span y 200..170
    keys, territory = segment_fit.territories(LABELS, IDS, (100.0, 10.0, 0.0, 200.0, 0.0, -10.0),
                                                  pyproj.CRS(CRS).to_wkt())
    assert keys.tolist() == [1, 2, 3]
    # from the claims above: segment 1 = column 0, rows 0-2; segment 2 = columns 1-2 (its 2 pixels and
    # claims 2, 6, 9, 10); segment 3 = columns 1-3 (its 4 pixels and claims 1, 5, 9, 10, 11); one ring each,
    # no corner left inside a straight edge
    boxes = [shapely.box(100, 170, 110, 200), shapely.box(110, 170, 130, 200), shapely.box(110, 170, 140, 200)]
    assert all(shapely.equals(territory, boxes)) and shapely.get_num_coordinates(territory).tolist() == [5, 5, 5]
    # parcel edges inside pixels (x = 125, y = 172): parcel 1 = 25 x 28 = 700 m2 = 10 x 28 (segment 1) +
    # 15 x 28 (segment 2); parcel 2 = 15 x 28 = 420 m2, all segment 3
    parcels = [shapely.box(100, 172, 125, 200), shapely.box(125, 172, 140, 200)]
    fitted, unsegmented = segment_fit.fit_territories(territory, np.array([0, 0, 1]), parcels)
    assert shapely.area(fitted).tolist() == [280.0, 420.0, 420.0] and unsegmented == 0.0


def test_union_by_group_unions_each_group_once():
    boxes = np.array([shapely.box(0, 0, 1, 1), shapely.box(5, 5, 6, 6), shapely.box(1, 0, 2, 1)], dtype=object)
    keys, unions = segment_fit.union_by_group(boxes, np.array([7, 3, 7]))
    assert keys.tolist() == [3, 7] and shapely.area(unions).tolist() == [1.0, 2.0]
    assert shapely.equals(unions[1], shapely.box(0, 0, 2, 1))
