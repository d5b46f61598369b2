"""Exact zonal statistics against areas worked out by hand (10 m pixels, 100 m2 each)."""
import numpy as np
import pytest
import shapely
from osgeo import gdal

import raster_grids
from urban_carbon_ledger.algorithms.units import zonal
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError

X0, Y0, PIXEL = 1000.0, 5000.0, 10.0
CODES = np.array([1, 2, 3])
# row 0 is the top row (y 4990..5000); column 0 the left column (x 1000..1010)
CLASSES = np.array([
    [1, 1, 2, 2],
    [1, 3, 3, 2],
    [3, 3, 1, 1],
], dtype=np.uint8)
NDVI = np.array([
    [0.1, 0.2, 0.3, 0.4],
    [0.5, 0.6, 0.7, 0.8],
    [0.9, 1.0, -0.1, -0.2],
], dtype=np.float32)


def raster(values, nodata=None, epsg=4547):
    """A real in-memory GDAL raster on the test grid."""
    return raster_grids.memory_raster(values, (X0, Y0), PIXEL, epsg, nodata)


def pixel_box(col0, row0, col1, row1):
    """Box in map coordinates from pixel coordinates (columns and rows may be fractional)."""
    return shapely.box(X0 + col0 * PIXEL, Y0 - row1 * PIXEL, X0 + col1 * PIXEL, Y0 - row0 * PIXEL)


def run(geometries, classes=CLASSES, ndvi=NDVI, nodata=None, ndvi_nodata=None, **options):
    return zonal.zonal_statistics(
        np.array(geometries, dtype=object), np.arange(len(geometries)), len(geometries),
        {"landcover": (raster(classes, nodata), CODES)}, {"ndvi": raster(ndvi, ndvi_nodata)}, **options)


def test_unit_exactly_covering_known_pixels():
    # columns 1-2, rows 0-1: classes 1, 2 / 3, 3 -> 100 m2 of 1, 100 of 2, 200 of 3
    result = run([pixel_box(1, 0, 3, 2)])
    np.testing.assert_allclose(result.classes["landcover"].area[0], [100.0, 100.0, 200.0], atol=1e-9)
    assert result.means["ndvi"].mean[0] == pytest.approx((0.2 + 0.3 + 0.6 + 0.7) / 4)
    assert result.unit_area[0] == pytest.approx(400.0)
    assert result.uncovered_share("landcover")[0] == pytest.approx(0.0, abs=1e-12)


def test_unit_cutting_pixels_in_half():
    # columns 0.5-2.5 of row 0: half of pixel 0 (class 1), pixel 1 (class 1), half of pixel 2 (class 2)
    result = run([pixel_box(0.5, 0, 2.5, 1)])
    np.testing.assert_allclose(result.classes["landcover"].area[0], [150.0, 50.0, 0.0], atol=1e-9)
    assert result.means["ndvi"].mean[0] == pytest.approx((0.5 * 0.1 + 0.2 + 0.5 * 0.3) / 2)
    # and rows 0.5-1.5 of column 1: halves of class 1 (row 0) and class 3 (row 1), a horizontal cut
    result = run([pixel_box(1, 0.5, 2, 1.5)])
    np.testing.assert_allclose(result.classes["landcover"].area[0], [50.0, 0.0, 50.0], atol=1e-9)


def test_diagonal_cut_and_hole():
    # triangle over pixel (row 1, col 1) cut along its diagonal: 50 m2 of class 3
    a, b = X0 + 10, Y0 - 20
    triangle = shapely.Polygon([(a, b), (a + 10, b), (a, b + 10)])
    # 3 x 3 pixel block (rows 0-2, cols 0-2) with the centre pixel (class 3) as a hole
    donut = pixel_box(0, 0, 3, 3).difference(pixel_box(1, 1, 2, 2))
    result = run([triangle, donut])
    np.testing.assert_allclose(result.classes["landcover"].area[0], [0.0, 0.0, 50.0], atol=1e-9)
    # block classes: 1 1 2 / 1 3 3 / 3 3 1, less the centre 3 -> 4 x class 1, 1 x 2, 3 x 3
    np.testing.assert_allclose(result.classes["landcover"].area[1], [400.0, 100.0, 300.0], atol=1e-9)


def test_parcel_with_no_pixel_centre_keeps_its_area():
    # 4 m x 4 m lot straddling four pixels' corners: no pixel centre inside, 16 m2 all the same
    lot = shapely.box(X0 + 8, Y0 - 12, X0 + 12, Y0 - 8)
    result = run([lot])
    # quarters: (r0,c0)=1, (r0,c1)=1, (r1,c0)=1, (r1,c1)=3 -> 12 m2 class 1, 4 m2 class 3
    np.testing.assert_allclose(result.classes["landcover"].area[0], [12.0, 0.0, 4.0], atol=1e-9)


def test_outside_raster_nodata_and_unknown_codes():
    classes = CLASSES.copy()
    classes[2, 3] = 0  # nodata
    classes[0, 0] = 9  # a code not in CODES
    # columns 2-6 of row 2: pixels 2 (class 1), 3 (nodata), then 3 pixels beyond the raster
    result = run([pixel_box(2, 2, 6, 3), pixel_box(0, 0, 1, 1)], classes=classes, nodata=0)
    areas = result.classes["landcover"]
    np.testing.assert_allclose(areas.area[0], [100.0, 0.0, 0.0], atol=1e-9)
    assert areas.nodata[0] == pytest.approx(100.0)
    assert result.in_raster[0] == pytest.approx(200.0)
    assert result.uncovered_share("landcover")[0] == pytest.approx(300.0 / 400.0)
    assert areas.unknown_codes == [9]
    assert areas.unknown[1] == pytest.approx(100.0)


def test_windows_overlaps_and_multipart_agree_with_brute_force():
    rng = np.random.default_rng(7)
    geometries = []
    for _ in range(60):
        centre = rng.uniform([X0 - 5, Y0 - 35], [X0 + 45, Y0 + 5])
        shape = shapely.Point(centre).buffer(rng.uniform(1, 12), quad_segs=int(rng.integers(1, 5)))
        geometries.append(shapely.affinity.rotate(shape, rng.uniform(0, 90)))
    geometries.append(shapely.MultiPolygon([pixel_box(0, 0, 1.5, 1.5), pixel_box(2.2, 1.1, 3.9, 2.7)]))
    whole = run(geometries)
    rows = run(geometries, window_pixels=4, chunk_cells=5)  # one raster row per strip, tiny chunks
    np.testing.assert_allclose(rows.classes["landcover"].area, whole.classes["landcover"].area, atol=1e-9)
    expected = np.zeros((len(geometries), 3))
    for i, geometry in enumerate(geometries):
        for r in range(CLASSES.shape[0]):
            for c in range(CLASSES.shape[1]):
                expected[i, CLASSES[r, c] - 1] += shapely.intersection(geometry, pixel_box(c, r, c + 1, r + 1)).area
    np.testing.assert_allclose(whole.classes["landcover"].area, expected, atol=1e-7)


def test_means_with_nodata_overlaps_and_ring_batches_agree_with_brute_force(monkeypatch):
    ndvi = NDVI.copy()
    ndvi[1, 2] = -9999.0  # nodata: left out of both the weighted sum and the valid area
    ndvi[0, 3] = np.nan  # NaN: likewise
    rng = np.random.default_rng(11)
    geometries = [shapely.affinity.rotate(shapely.Point(rng.uniform([X0, Y0 - 30], [X0 + 40, Y0])).buffer(
        rng.uniform(2, 15), quad_segs=2), rng.uniform(0, 90)) for _ in range(40)]
    geometries.append(pixel_box(0, 0, 4, 3))  # whole raster: interior runs over both invalid pixels
    monkeypatch.setattr(zonal, "RING_BATCH", 7)  # geometries turned into edges 7 at a time
    result = run(geometries, ndvi=ndvi, ndvi_nodata=-9999.0, window_pixels=8, chunk_cells=9)
    valid = np.isfinite(ndvi) & (ndvi != -9999.0)
    # The raster holds NDVI as Float32 (raster_grids.memory_raster): the brute force weighs the values the
    # raster stores (0.3 is 0.30000001192...), not the float64 literals, which differ by up to 2.4e-8
    # each; over up to 1,000 m2 that is 2.4e-5 NDVI x m2, more than any rounding of the sums (numpy 1.24
    # and 2.x sum in different orders, about 1e-12 here). What is left to compare is float64 summation
    # of the same numbers, pieces of at most 100 m2 cut at coordinates near X0, Y0 (1e-12 m rounding),
    # so the absolute tolerance alone (rtol=0; the default rtol of 1e-7 used to hide the float32 gap
    # except on means near zero) holds with room on both numpy versions.
    stored = ndvi.astype(np.float32).astype(np.float64)
    weight, weighted = np.zeros(len(geometries)), np.zeros(len(geometries))
    for i, geometry in enumerate(geometries):
        for r, c in zip(*np.nonzero(valid), strict=False):
            share = shapely.intersection(geometry, pixel_box(c, r, c + 1, r + 1)).area
            weight[i] += share
            weighted[i] += share * stored[r, c]
    np.testing.assert_allclose(result.means["ndvi"].valid_area, weight, atol=1e-7)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(result.means["ndvi"].mean, weighted / weight, rtol=0, atol=1e-9)
    # the whole raster: 10 valid pixels of 1,000 m2
    assert result.means["ndvi"].valid_area[-1] == pytest.approx(1000.0)
    assert result.means["ndvi"].mean[-1] == pytest.approx(ndvi[valid].mean())


def test_strips_tile_the_raster_blocks():
    assert zonal._strip_rows(100, 256) == 64  # largest divisor of the block height
    assert zonal._strip_rows(600, 256) == 512  # a multiple of it
    assert zonal._strip_rows(5, 1) == 5  # one-row blocks (strips, MEM rasters)
    assert zonal._strip_rows(0, 256) == 1
    assert zonal._strip_rows(100, 4999) == 100  # a prime block height: no 1-row strips


def test_grid_mismatch_and_geographic_rasters_are_refused(tmp_path):
    other = raster(NDVI)
    other.SetGeoTransform((X0 + 5, PIXEL, 0, Y0, 0, -PIXEL))
    with pytest.raises(LedgerInputError, match="grid"):
        zonal.zonal_statistics(np.array([pixel_box(0, 0, 1, 1)]), np.array([0]), 1,
                               {"landcover": (raster(CLASSES), CODES)}, {"ndvi": other})
    path = str(tmp_path / "degrees.tif")
    gdal.GetDriverByName("GTiff").CreateCopy(path, raster(CLASSES, epsg=4326))
    with pytest.raises(LedgerInputError, match="geographic"):
        zonal.open_raster(path, "LANDCOVER")
    aligned = zonal.align(other, raster(CLASSES), "near", "NDVI")
    assert zonal.Grid.of(aligned) == zonal.Grid.of(raster(CLASSES))


def test_a_strip_is_read_over_its_polygons_columns_only(tmp_path):
    # land cover 8 columns wide whose left half is a missing file: reading it fails, so units in the right half
    # are accounted only when each strip reads the columns its polygons span (a partition of a city's units)
    right = raster_grids.write_raster(tmp_path / "right.tif", CLASSES, (X0 + 4 * PIXEL, Y0), PIXEL)
    source = '<SimpleSource><SourceFilename relativeToVRT="1">{}</SourceFilename><SourceBand>1</SourceBand>' \
             '<SrcRect xOff="0" yOff="0" xSize="4" ySize="3"/><DstRect xOff="{}" yOff="0" xSize="4" ySize="3"/>' \
             '</SimpleSource>'
    (tmp_path / "half.vrt").write_text(
        f'<VRTDataset rasterXSize="8" rasterYSize="3"><SRS>{raster(CLASSES).GetProjection()}</SRS>'
        f'<GeoTransform>{X0}, {PIXEL}, 0, {Y0}, 0, {-PIXEL}</GeoTransform><VRTRasterBand dataType="Byte" band="1">'
        f'{source.format("missing.tif", 0)}{source.format(right, 4)}</VRTRasterBand></VRTDataset>')
    ndvi = raster(np.tile(NDVI, 2))  # means are summed along rows from column 0: a whole raster
    result = zonal.zonal_statistics(np.array([pixel_box(4.5, 0, 6, 2)]), np.array([0]), 1,
                                    {"landcover": (gdal.Open(str(tmp_path / "half.vrt")), CODES)}, {"ndvi": ndvi})
    # right half's columns 0.5-2 of rows 0-1: 50 + 100 of class 1 (row 0), 50 of class 1 + 100 of class 3 (row 1)
    np.testing.assert_allclose(result.classes["landcover"].area[0], [200.0, 0.0, 100.0], atol=1e-9)
    assert result.means["ndvi"].mean[0] == pytest.approx((0.5 * 0.1 + 0.2 + 0.5 * 0.5 + 0.6) / 3)
