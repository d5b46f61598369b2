"""Tape measure, image side: segments inside hand-drawn parcels of a hand-made image."""
import pathlib

import numpy as np
import pytest
import shapely
from osgeo import gdal, osr

from urban_carbon_ledger.algorithms.units import (
    segment_imagery as image_segments,
    segment_units as segmentation,
    superpixels,
)
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError

from test_segment_units import CRS, FIELDS, X0, Y0, layers

PIXEL = 1.0  # m


def write_raster(path, bands, pixel, dtype=gdal.GDT_UInt16, nodata=None):
    """Write (k, rows, cols) arrays as a GeoTIFF whose top-left corner is (X0, Y0 + rows x pixel)."""
    count, rows, cols = bands.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, count, dtype)
    dataset.SetGeoTransform((X0, pixel, 0.0, Y0 + rows * pixel, 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    dataset.SetProjection(srs.ExportToWkt())
    for index in range(count):
        band = dataset.GetRasterBand(index + 1)
        band.WriteArray(bands[index])
        if nodata is not None:
            band.SetNoDataValue(nodata)
    dataset = None
    return str(path)


@pytest.fixture
def scene(tmp_path):
    """A ledger with the five parcels of test_segment_units (200 x 200 m), a 1 m 4-band image and
    a 10 m land cover. Band 1: 100 west of x = 100 m, 200 east. Red/NIR: 100/300 in the park
    (x < 50, y > 100: NDVI 0.5), 300/100 elsewhere (NDVI -0.5). Land cover: 3 west, 8 east."""
    result = segmentation.segment_units(*layers(), crs=CRS, fields=FIELDS)
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, CRS)
    book = ledger.Ledger(path)
    segmentation.write_units(book, result)
    x = np.arange(200) + 0.5
    y = 200 - (np.arange(200) + 0.5)
    xx, yy = np.meshgrid(x, y)
    park = (xx < 50) & (yy > 100)
    bands = np.stack([
        np.where(xx < 100, 100, 200), np.full(xx.shape, 150),
        np.where(park, 100, 300), np.where(park, 300, 100),
    ]).astype(np.uint16)
    image = write_raster(tmp_path / "image.tif", bands, PIXEL)
    cover = np.where((np.arange(20) * 10 + 5) < 100, 3, 8)[None, :].repeat(20, axis=0)[None].astype(np.uint8)
    landcover = write_raster(tmp_path / "landcover.tif", cover, 10.0, gdal.GDT_Byte, nodata=0)
    return book, image, landcover


def by_parcel(units, stats, stat):
    values = stats[stats["stat"] == stat].set_index("unit_id")["value"]
    return units.assign(value=units["unit_id"].map(values)).groupby("parent_id")["value"]


@pytest.mark.parametrize("window", [64, 1024])
def test_segments_tile_their_parcels_and_never_cross_them(scene, window):
    book, image, landcover = scene
    units, stats, counts = image_segments.segment_imagery(book, image, 400.0, red_band=3, nir_band=4,
                                                          landcover_path=landcover, window=window)
    parcels = book.read_layer("units", match={"level": "parcel"}).set_index("unit_id")
    assert counts["parcels_without_segment"] == 0 and counts["segments"] == len(units) > len(parcels)
    parent = parcels.geometry[units["parent_id"]].values
    assert shapely.covers(shapely.buffer(parent, 1e-6), units.geometry.values).all()
    areas = units.groupby("parent_id")["area_m2"].sum()
    assert areas.to_dict() == pytest.approx(parcels["area_m2"].to_dict())
    assert units["unit_id"].str.match(r"^D01-B000\d-P0\d-S\d{4}$").all()


def test_band_means_ndvi_and_land_cover_areas_match_the_drawn_values(scene):
    book, image, landcover = scene
    units, stats, _ = image_segments.segment_imagery(book, image, 400.0, red_band=3, nir_band=4,
                                                     landcover_path=landcover, window=64)
    band_1 = by_parcel(units, stats, "mean:band_1")
    assert band_1.min()["D01-B0001-P01"] == band_1.max()["D01-B0001-P01"] == pytest.approx(100.0)
    assert band_1.min()["D01-B0002-P01"] == pytest.approx(200.0)
    ndvi = by_parcel(units, stats, "mean:ndvi")
    assert (ndvi.min()["D01-B0001-P01"], ndvi.max()["D01-B0001-P01"]) == pytest.approx((0.5, 0.5))
    assert (ndvi.min()["D01-B0004-P01"], ndvi.max()["D01-B0004-P01"]) == pytest.approx((-0.5, -0.5))
    grass = by_parcel(units, stats, "area_m2:lc_3").sum()
    water = by_parcel(units, stats, "area_m2:lc_8").sum()
    assert grass["D01-B0001-P01"] == pytest.approx(5_000.0) and grass["D01-B0003-P01"] == pytest.approx(10_000.0)
    assert water["D01-B0002-P01"] == pytest.approx(10_000.0) and water.get("D01-B0001-P02", 0.0) == 0.0
    assert set(stats.loc[stats["stat"] == "mean:ndvi", "value_unit"]) == {"ratio"}


def test_without_nir_band_there_is_no_ndvi(scene):
    book, image, _ = scene
    _, stats, _ = image_segments.segment_imagery(book, image, 400.0, red_band=3, nir_band=None, window=1024)
    assert "mean:ndvi" not in set(stats["stat"])
    assert {"mean:band_1", "mean:band_4"} <= set(stats["stat"])


def test_rerun_replaces_only_segments_and_their_stats(scene):
    book, image, landcover = scene
    others = book.read_table("units").query("level != 'segment'")
    for scale in (400.0, 2_500.0):
        units, stats, _ = image_segments.segment_imagery(book, image, scale, nir_band=4, landcover_path=landcover,
                                                         window=1024)
        image_segments.write_segments(book, units, stats)
    assert book.count("units", {"level": "segment"}) == len(units)
    assert book.count("unit_stats") == len(stats)
    assert book.read_table("units").query("level != 'segment'").equals(others)


def test_bad_band_and_empty_ledger_are_refused_before_writing(scene, tmp_path):
    book, image, _ = scene
    with pytest.raises(LedgerInputError, match="field 'RED_BAND': band 7 does not exist: the image has 4 bands"):
        image_segments.segment_imagery(book, image, 400.0, red_band=7)
    empty_path = str(tmp_path / "empty.gpkg")
    ledger.create_ledger(empty_path, CRS)
    with pytest.raises(LedgerInputError, match="has no parcels: run carbonledger:segmentunits first"):
        image_segments.segment_imagery(ledger.Ledger(empty_path), image, 400.0)


def test_wrapper_writes_segments_and_leaves_the_ledger_unchanged_on_error(run_alg, scene):
    from qgis.core import QgsProcessingException

    book, image, landcover = scene
    results = run_alg("carbonledger:segmentimagery", {
        "LEDGER": book.path, "IMAGE": image, "SCALE": 400.0, "RED_BAND": 3, "NIR_BAND": 4,
        "LANDCOVER": landcover, "WINDOW": 64,
    })
    assert results["N_SEGMENTS"] == book.count("units", {"level": "segment"}) > 5
    assert results["N_PARCELS_WITHOUT_SEGMENT"] == 0
    before = pathlib.Path(book.path).read_bytes()
    with pytest.raises(QgsProcessingException, match="band 7 does not exist"):
        run_alg("carbonledger:segmentimagery", {"LEDGER": book.path, "IMAGE": image, "SCALE": 400.0,
                                                "RED_BAND": 3, "NIR_BAND": 7})
    assert pathlib.Path(book.path).read_bytes() == before


def test_small_fragments_merge_into_their_parcel_neighbour_only():
    from urban_carbon_ledger.algorithms.units.superpixels import merge_small_segments

    labels = np.array([[1, 1, 1, 2], [1, 1, 1, 3], [4, 4, 4, 3]], dtype=np.int32)
    parcels = np.array([[1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 1, 2]])
    # 2 (1 px) joins 1, its only neighbour in parcel 1; 3 (2 px) is alone in parcel 2 and stays
    merged, count = merge_small_segments(labels, parcels, 4, min_px=2.5)
    assert count == 3
    assert merged.tolist() == [[1, 1, 1, 1], [1, 1, 1, 2], [3, 3, 3, 2]]


def test_segments_written_in_batches_get_the_ids_and_reconciliation_of_one_write(scene, tmp_path):
    book, image, landcover = scene
    units, stats, _ = image_segments.segment_imagery(book, image, 400.0, nir_band=4, window=64)
    image_segments.write_segments(book, units, stats)
    (tmp_path / "copy.gpkg").write_bytes(pathlib.Path(book.path).read_bytes())
    copy = ledger.Ledger(str(tmp_path / "copy.gpkg"))
    units, stats, _ = image_segments.segment_imagery(book, image, 400.0, nir_band=4, window=1024)
    image_segments.write_segments(book, units, stats)
    # the same segments, split by parcel into one batch per parcel and written one batch at a time: the
    # ids given (old ids kept per parcel) and the old segments' statuses depend only on each parcel's
    # segments, so both ledgers must hold the same rows
    batches = [(units[units["parent_id"] == parcel], stats[stats["unit_id"].isin(units.loc[
        units["parent_id"] == parcel, "unit_id"])]) for parcel in units["parent_id"].unique()]
    assert len(batches) == 5
    image_segments.write_segment_batches(copy, batches)
    for name, key in (("units", ["unit_id"]), ("unit_stats", ["unit_id", "stat"]), ("reconciliation", ["unit_id"])):
        one, split = (b.read_table(name).drop(columns=["fid", "run_id"], errors="ignore").sort_values(key)
                      .reset_index(drop=True) for b in (book, copy))
        assert len(one) > 0 and one.equals(split), name
    assert set(copy.read_table("reconciliation")["status"]) >= {"moved"}


def test_polygonized_labels_are_the_same_by_arrow_or_feature_by_feature(monkeypatch):
    """A 4 x 3 label grid (labels 1, 2 and 3; 0 is no polygon) polygonizes into one polygon per label with
    its pixel count as area (1 m pixels): 5, 3 and 2 m2, read feature by feature; where this GDAL's Arrow
    read is the checked one (core.gdal_arrow) it gives the same labels and geometries."""
    labels = np.array([[1, 1, 2, 2], [1, 1, 2, 0], [1, 3, 3, 0]], dtype=np.int32)
    transform = (X0, 1.0, 0.0, Y0, 0.0, -1.0)
    srs = osr.SpatialReference()
    srs.SetFromUserInput(CRS)
    wkt = srs.ExportToWkt()
    arrow = superpixels.numpy_arrow_reads()
    monkeypatch.setattr(superpixels, "numpy_arrow_reads", lambda: False)
    values, polygons = superpixels.polygonize(labels, transform, wkt)
    by_label = dict(zip(values.tolist(), shapely.area(polygons).tolist(), strict=True))
    assert by_label == {1: 5.0, 2: 3.0, 3: 2.0}
    if arrow:
        monkeypatch.setattr(superpixels, "numpy_arrow_reads", lambda: True)
        arrow_values, arrow_polygons = superpixels.polygonize(labels, transform, wkt)
        assert arrow_values.tolist() == values.tolist() and shapely.equals(arrow_polygons, polygons).all()
