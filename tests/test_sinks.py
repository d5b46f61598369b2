"""Sink accounting with hand-worked numbers: rates, stocks (InVEST-equivalent), LUE, nesting, the
vegetation profile, and bad input leaving the ledger unchanged (land conversion and pruning:
test_sinks_conversion.py)."""
import numpy as np
import pandas as pd
import pytest
import shapely
import geopandas as gpd
from osgeo import gdal

import raster_grids
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.sinks import light_use, accounting as sinks
from urban_carbon_ledger.algorithms.sources import temporal
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError

X0, Y0, PIXEL = 500000.0, 3380000.0, 10.0
EPSG = 4547
# 2 rows x 4 columns of 10 m pixels with codes of the shipped table: 1 forest, 2 urban_trees,
# 4 lawn, 5 cropland, 9 paved
NOW = np.array([[1, 2, 2, 4], [1, 2, 9, 4]], dtype=np.uint8)
THEN = np.array([[1, 5, 5, 4], [1, 5, 9, 4]], dtype=np.uint8)  # 3 cropland pixels became urban_trees


def write_raster(path, values, epsg=EPSG, nodata=None):
    return raster_grids.write_raster(path, values, (X0, Y0), PIXEL, epsg, nodata)


def box(col0, row0, col1, row1):
    return shapely.box(X0 + col0 * PIXEL, Y0 - row1 * PIXEL, X0 + col1 * PIXEL, Y0 - row0 * PIXEL)


@pytest.fixture
def city(tmp_path):
    """A ledger with one parcel over the whole 2 x 4 raster and one building on the paved pixel."""
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, f"EPSG:{EPSG}")
    units = gpd.GeoDataFrame({
        "unit_id": ["P1", "B1"], "parent_id": [None, "P1"], "level": ["parcel", "building"],
    }, geometry=[box(0, 0, 4, 2), box(2, 1, 3, 2)], crs=f"EPSG:{EPSG}")
    with ledger.Ledger(path).transaction("test") as writer:
        writer.append_rows("units", units)
    return {"ledger": path, "now": write_raster(tmp_path / "now.tif", NOW),
            "then": write_raster(tmp_path / "then.tif", THEN), "dir": tmp_path}


def test_rate_entries_are_area_times_rate_times_minus_44_over_12(city):
    summary = sinks.account_sinks(city["ledger"], city["now"], year=2024, pruning="none")
    entries = ledger.Ledger(city["ledger"]).read_table("entries").set_index("carrier")
    # 2 px forest, 3 px urban trees = 0.02, 0.03 ha: forest 0.02 x 2.5 x -44/12 = -0.18333,
    # urban trees 0.03 x 2.9 x -44/12 = -0.319; the 2 px of lawn get nothing (IPCC Tier 1: zero)
    assert entries.at["forest", "co2e_t"] == pytest.approx(-0.02 * 2.5 * 44 / 12)  # -0.18333
    assert entries.at["urban_trees", "co2e_t"] == pytest.approx(-0.319)
    for name in ("forest", "urban_trees"):
        assert entries.at[name, "profile"] == "vegetation"
        assert entries.at[name, "gpc_sector"] == "V.2"
    assert set(entries["factor_id"]) == {"sink_rate_forest", "sink_rate_urban_trees"}
    stored = ledger.Ledger(city["ledger"]).read_table("units").set_index("unit_id")
    assert stored.at["P1", "sink_t"] == pytest.approx(summary["sink_t_co2e"])
    stats = ledger.Ledger(city["ledger"]).read_table("unit_stats")
    assert stats.query("unit_id == 'P1' and stat == 'area_m2:urban_trees'")["value"].item() == pytest.approx(300.0)


def test_stock_total_equals_invest_sum_of_pools_times_class_area(city):
    sinks.account_sinks(city["ledger"], city["now"], year=2024, pruning="none")
    table = sinks.read_class_table().set_index("code")
    codes, counts = np.unique(NOW, return_counts=True)
    expected = sum(table.loc[c, list(sinks.POOLS)].sum() * n * 100.0 / 10_000
                   for c, n in zip(codes, counts, strict=True))
    stocks = ledger.Ledger(city["ledger"]).read_table("stocks")
    assert stocks["stock_t_c"].sum() == pytest.approx(expected, rel=1e-3)
    assert (stocks["stock_t_co2e"] / stocks["stock_t_c"]).to_numpy() == pytest.approx(44 / 12)
    # stocks never enter the annual net: only the two rate entries do
    assert ledger.Ledger(city["ledger"]).count("entries") == 2


def test_class_table_without_a_stock_range_says_no_uncertainty_and_a_bad_range_is_refused(tmp_path):
    path = tmp_path / "classes.csv"
    sinks.read_class_table().drop(columns=["stock_low", "stock_high", "stock_distribution"]).to_csv(path, index=False)
    bare = sinks.read_class_table(path).set_index("class")
    # urban_trees: 62 + 15 + 60 + 2 = 139 t C/ha, the interval is the value itself (nothing invented)
    assert bare.loc["urban_trees", ["stock_low", "stock_high"]].tolist() == [139.0, 139.0]
    assert bare["source"].str.endswith("; no uncertainty given").all()
    for field, value, message in (("stock_low", 150.0, r"stock_low 150.0 > 139 t C/ha.*urban_trees"),
                                  ("stock_high", 100.0, r"stock_high 100.0 < 139 t C/ha.*urban_trees"),
                                  ("stock_distribution", "beta", "stock_distribution 'beta'")):
        table = sinks.read_class_table()
        table.loc[1, field] = value
        table.to_csv(path, index=False)
        with pytest.raises(LedgerInputError, match=message) as error:
            sinks.read_class_table(path, "CLASSES")
        assert (error.value.layer, error.value.field, error.value.row) == ("CLASSES", field, 2)


def test_buildings_nested_in_parcels_are_not_counted_twice(city):
    sinks.account_sinks(city["ledger"], city["now"], year=2024, levels=("parcel", "building"))
    stocks = ledger.Ledger(city["ledger"]).read_table("stocks")
    soil = sinks.read_class_table().set_index("class").at["paved", "c_soil"]
    # the building holds the paved pixel's soil (0.01 ha); the parcel's remainder has no paved area
    assert stocks.query("unit_id == 'B1' and pool == 'c_soil'")["stock_t_c"].item() == pytest.approx(0.01 * soil)
    table = sinks.read_class_table().set_index("code")
    codes, counts = np.unique(NOW, return_counts=True)
    expected = sum(table.loc[c, list(sinks.POOLS)].sum() * n / 100 for c, n in zip(codes, counts, strict=False))
    assert stocks["stock_t_c"].sum() == pytest.approx(expected)


def test_lue_uptake_follows_ndvi(city):
    ndvi = write_raster(city["dir"] / "ndvi.tif", np.full(NOW.shape, 0.5, dtype=np.float32))
    sinks.account_sinks(city["ledger"], city["now"], ndvi=ndvi, method="lue", year=2024)
    entry = ledger.Ledger(city["ledger"]).read_table("entries").iloc[0]
    p = light_use.read_parameters()["value"]
    fapar = p["lue_fapar_slope"] * 0.5 + p["lue_fapar_intercept"]  # 0.4393
    g_c = fapar * p["lue_par"] * 800.0 * p["lue_epsilon"] * p["lue_stress"] * (1 - p["lue_rh_share"])
    assert entry["co2e_t"] == pytest.approx(-g_c / 1e6 * 44 / 12)
    assert entry["factor_id"] == "lue_epsilon"
    factors = ledger.Ledger(city["ledger"]).read_table("factors")
    assert "lue_epsilon" in set(factors["factor_id"])


def test_vegetation_profile_summer_night_is_a_source_and_the_year_sums_to_the_rate():
    profiles = temporal.shipped_profiles()
    entry = pd.DataFrame({"unit_id": ["P1"], "co2e_t": [-10.0], "profile": ["vegetation"], "entry_id": ["e"]})
    hours = pd.concat(temporal.hourly_emissions(entry, profiles, "2024-01-01", "2024-12-31"))
    assert hours[temporal.HOUR_FIELDS].to_numpy().sum() == pytest.approx(-10.0, rel=1e-9)
    july = hours[hours["date"] == "2024-07-15"].iloc[0]
    assert july["h02"] > 0 > july["h13"]


def test_bad_input_is_refused_and_nothing_is_written(city, tmp_path):
    before = ledger.Ledger(city["ledger"]).summary()["counts"]
    unknown = write_raster(tmp_path / "unknown.tif", np.where(NOW == 9, 42, NOW).astype(np.uint8))
    with pytest.raises(LedgerInputError, match=r"\[42\]"):
        sinks.account_sinks(city["ledger"], unknown, year=2024)
    table = sinks.read_class_table()
    table.loc[0, "rate_low"] = 9.0
    path = tmp_path / "classes.csv"
    table.to_csv(path, index=False)
    with pytest.raises(LedgerInputError, match="rate_low") as error:
        sinks.read_class_table(path)
    assert error.value.row == 1
    degrees = write_raster(tmp_path / "degrees.tif", NOW, epsg=4326)
    with pytest.raises(LedgerInputError, match="geographic"):
        sinks.account_sinks(city["ledger"], degrees, year=2024)
    with pytest.raises(LedgerInputError, match="NDVI"):
        sinks.account_sinks(city["ledger"], city["now"], method="lue", year=2024)
    assert ledger.Ledger(city["ledger"]).summary()["counts"] == before


def test_raster_in_another_projected_crs_is_overlaid_after_reprojecting_units(city, tmp_path):
    # an all-forest raster in UTM 50N around the parcel: the units are reprojected to it
    parcel = gpd.GeoSeries([box(0, 0, 4, 2)], crs=f"EPSG:{EPSG}").to_crs("EPSG:32650")
    minx, miny, maxx, maxy = parcel.total_bounds
    forest = np.ones((12, 14), dtype=np.uint8)
    path = str(tmp_path / "utm.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(path, 14, 12, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((minx - 30, PIXEL, 0, maxy + 30, 0, -PIXEL))
    dataset.SetProjection(parcel.crs.to_wkt())
    dataset.GetRasterBand(1).WriteArray(forest)
    dataset = None
    summary = sinks.account_sinks(city["ledger"], path, year=2024)
    density = sinks.read_class_table().set_index("class").loc["forest", list(sinks.POOLS)].sum()
    # 800 m2 in the ledger CRS; the UTM area differs by the two projections' scale factors (< 0.2%)
    assert summary["stock_t_c"] == pytest.approx(0.08 * density, rel=2e-3)


def test_an_area_left_by_rounding_is_no_land_and_gets_no_entry_or_stock():
    # a parcel of 0.1 + 0.2 m2 of urban trees (0.30000000000000004 in binary floating point) wholly
    # covered by two segments of 0.1 and 0.2 m2 keeps 5.6e-17 m2 after the subtraction: rounding,
    # not land; a segment's 0.5 cm2 sliver (5e-5 m2, below 1 cm2) is rounding of the coverage too
    classes = sinks.read_class_table()
    trees = list(classes["class"]).index("urban_trees")
    areas = np.zeros((4, len(classes)))
    areas[:, trees] = [0.1 + 0.2, 0.1, 0.2, 5e-5]
    ancestor = pd.Series(["", "P1", "P1", ""], index=["P1", "S1", "S2", "S3"]).replace("", None)
    own, overdrawn = sinks.subtract_descendants(areas, ancestor.index.to_numpy(), ancestor,
                                                np.ones(len(classes), bool))
    assert own[:, trees].tolist() == [0.0, 0.1, 0.2, 0.0] and overdrawn == 0
    rows = sinks.rate_rows(ancestor.index.to_numpy(), own, classes)
    assert rows["unit_id"].tolist() == ["S1", "S2"]
    assert rows["activity"].tolist() == pytest.approx([1e-5, 2e-5])  # ha
    stocks = sinks.stock_rows(ancestor.index.to_numpy(), own, classes, 2024, "baseline")
    assert set(stocks["unit_id"]) == {"S1", "S2"}
