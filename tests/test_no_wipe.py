"""Nothing wiped by an empty input (issue 17 item 3): a run that would replace earlier results with nothing or
much less is refused, the ledger file keeps every byte; with REPLACE=yes it writes and says so in run_notices."""

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException

from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.units import segment_imagery as image_segments

from raster_grids import write_raster
from test_segment_imagery import scene  # noqa: F401 (fixture)
from test_sinks_processing import parcels_ledger, sample  # noqa: F401 (fixture)
from ledger_bytes import file_bytes


def sinks_in_place(path):
    """(entries, stocks, summed sink t CO2e/yr) of the ledger."""
    store = ledger.Ledger(path)
    entries = store.read_table("entries")
    return len(entries), store.count("stocks"), float(entries["co2e_t"].sum())


@pytest.fixture
def accounted(run_alg, parcels_ledger, sample_dir):  # noqa: F811 (fixture)
    """The teaching district's land-use parcels with their sinks accounted from the 2024 land cover."""
    results = run_alg("carbonledger:accountsinks", {
        "LEDGER": parcels_ledger, "LANDCOVER": sample(sample_dir, "landcover_2024_10m.tif"), "YEAR": 2024})
    assert results["ENTRIES"] > 0
    return parcels_ledger


def landcover_like_the_sample(tmp_path, name, values, shift_m=0.0):
    """A 400 x 300 raster of 10 m pixels on the sample land cover's grid (top-left 528000, 3383000, EPSG:4547)
    moved east by ``shift_m``, nodata 0."""
    grid = np.full((300, 400), values, dtype=np.uint8)
    return write_raster(tmp_path / name, grid, (528_000.0 + shift_m, 3_383_000.0), 10.0, nodata=0)


@pytest.mark.slow
@pytest.mark.parametrize("raster", ["all_nodata", "far_away"])
def test_accountsinks_refuses_a_land_cover_that_would_wipe_the_sinks(run_alg, accounted, tmp_path, raster):
    # all nodata: every pixel 0 (the nodata value); far away: valid pixels (3 = a vegetated class code), 100 km east
    path = landcover_like_the_sample(tmp_path, f"{raster}.tif", 0 if raster == "all_nodata" else 3,
                                     0.0 if raster == "all_nodata" else 100_000.0)
    before, sinks = file_bytes(accounted), sinks_in_place(accounted)
    with pytest.raises(QgsProcessingException, match=r"would be replaced by 0 .*COVERAGE 0\.5.*REPLACE"):
        run_alg("carbonledger:accountsinks", {"LEDGER": accounted, "LANDCOVER": path, "YEAR": 2024})
    assert file_bytes(accounted) == before
    assert sinks_in_place(accounted) == sinks and sinks[0] > 0 and sinks[2] < 0


@pytest.mark.slow
def test_accountsinks_with_replace_writes_and_records_what_it_replaced(run_alg, accounted, tmp_path):
    path = landcover_like_the_sample(tmp_path, "all_nodata.tif", 0)
    entries, stocks, _ = sinks_in_place(accounted)
    run_alg("carbonledger:accountsinks", {"LEDGER": accounted, "LANDCOVER": path, "YEAR": 2024, "REPLACE": "yes"})
    store = ledger.Ledger(accounted)
    assert store.count("entries") == 0 and store.count("stocks") == 0
    notices = store.read_table("run_notices").set_index("table_name")
    run_id = store.read_table("runs")["run_id"].iloc[-1]
    assert (notices["run_id"] == run_id).all()
    assert notices["replaced"].to_dict() == {"entries": entries, "stocks": stocks}
    assert notices["written"].to_dict() == {"entries": 0, "stocks": 0}
    assert notices["notice"].str.contains("REPLACE is yes").all()


def image_outside(tmp_path, path):
    """The scene's image moved 100 km east: it covers none of the parcels."""
    translated = str(tmp_path / "outside.tif")
    source = gdal.Open(path)
    x0, pixel, _, y0, _, height = source.GetGeoTransform()
    gdal.Translate(translated, source, outputBounds=[x0 + 100_000, y0, x0 + 100_000 + pixel * source.RasterXSize,
                                                     y0 + height * source.RasterYSize])
    return translated


def test_segmentimagery_refuses_an_image_outside_the_parcels(run_alg, scene, tmp_path):  # noqa: F811 (fixture)
    book, image, landcover = scene
    run_alg("carbonledger:segmentimagery", {"LEDGER": book.path, "IMAGE": image, "SCALE": 400, "NIR_BAND": 4})
    segments = book.count("units", {"level": "segment"})
    before = file_bytes(book.path)
    # the five parcels hold 40,000 m2 of segments; the moved image gives none: 0 % < COVERAGE 50 %
    with pytest.raises(QgsProcessingException, match=r"segments: 40,000 m2 of units would be replaced by 0"):
        run_alg("carbonledger:segmentimagery", {"LEDGER": book.path, "IMAGE": image_outside(tmp_path, image),
                                                "SCALE": 400, "NIR_BAND": 4})
    assert file_bytes(book.path) == before and segments > 5


def test_a_coarser_scale_is_not_taken_for_a_wipe(scene):  # noqa: F811 (fixture)
    book, image, landcover = scene
    for scale in (400.0, 10_000.0):  # 100 segments of 400 m2, then about 4 of 10,000 m2: the same 40,000 m2
        units, stats, _ = image_segments.segment_imagery(book, image, scale, nir_band=4, window=1024)
        image_segments.write_segments(book, units, stats)
    assert book.count("units", {"level": "segment"}) == len(units) and book.count("run_notices") == 0


@pytest.mark.slow
def test_accountsinks_again_on_a_year_counts_only_that_years_sinks_as_replaced(run_alg, accounted, sample_dir):
    """Three inventory years of the same sinks, then the last year again: 1x its rows replaced by 1x, not 3x (every
    year's rows) by 1x, which the coverage rule refused; the other years' rows stay as they were."""
    landcover = sample(sample_dir, "landcover_2024_10m.tif")
    for year in (2025, 2026, 2026):
        run_alg("carbonledger:accountsinks", {"LEDGER": accounted, "LANDCOVER": landcover, "YEAR": year})
    entries = ledger.Ledger(accounted).read_table("entries", ["inventory_year"])["inventory_year"]
    per_year = entries.value_counts().to_dict()
    assert set(per_year) == {2024, 2025, 2026} and len(set(per_year.values())) == 1
    notices = ledger.Ledger(accounted).read_table("run_notices")
    assert len(notices) == 0  # nothing refused or forced: the run replaced 2026's rows by as many
