"""Land conversion (IPCC 2006 Vol 4 Ch 2 and Ch 8, Tier 1), pruning losses (Eq 8.1) and the sink
sub-sector, with numbers worked out by hand from the shipped class table
(resources/sinks/landcover_classes.csv) and removal factors."""
import numpy as np
import pytest
import shapely
import geopandas as gpd

import raster_grids
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.sinks import accounting as sinks
from urban_carbon_ledger.algorithms.units import zonal

X0, Y0, PIXEL = 500000.0, 3380000.0, 10.0
EPSG = 4547
# codes: 1 forest, 2 urban_trees, 3 grassland, 4 lawn, 5 cropland, 7 water, 8 built_up, 9 paved, 10 bare_land
THEN = np.array([[5, 5, 7, 10], [1, 3, 5, 10]], dtype=np.uint8)
NOW = np.array([[9, 9, 9, 8], [1, 2, 2, 4]], dtype=np.uint8)
# transitions (1 px = 0.01 ha): cropland->paved 2 px, water->paved, bare_land->built_up, forest->forest,
# grassland->urban_trees, cropland->urban_trees, bare_land->lawn


@pytest.fixture
def city(tmp_path):
    """A ledger with one parcel over the whole 2 x 4 raster and the two maps, 2015 and 2024."""
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, f"EPSG:{EPSG}")
    units = gpd.GeoDataFrame({"unit_id": ["P1"], "parent_id": [None], "level": ["parcel"]},
                             geometry=[shapely.box(X0, Y0 - 2 * PIXEL, X0 + 4 * PIXEL, Y0)], crs=f"EPSG:{EPSG}")
    with ledger.Ledger(path).transaction("test") as writer:
        writer.append_rows("units", units)
    return {"ledger": path,
            "now": raster_grids.write_raster(tmp_path / "now.tif", NOW, (X0, Y0), PIXEL, EPSG, None),
            "then": raster_grids.write_raster(tmp_path / "then.tif", THEN, (X0, Y0), PIXEL, EPSG, None)}


def conversions(city, **options):
    sinks.account_sinks(city["ledger"], city["now"], landcover_alt=city["then"], alt_year=2015, year=2024, **options)
    entries = ledger.Ledger(city["ledger"]).read_table("entries")
    return entries[entries["sector"] == "land_conversion"].set_index("carrier")


def test_one_net_entry_per_transition_biomass_lost_at_conversion_soil_over_20_years(city):
    entries = conversions(city)
    # per ha converted and year: (c_above + c_below + c_dead of the old class) / 9 yr
    #                            + (c_soil old - c_soil new) / max(20, 9) yr, x 44/12
    # cropland -> paved:      (4 + 1 + 0) / 9 + (50 - 20) / 20 = 0.55556 + 1.5 = 2.05556; x 0.02 ha x 44/12 = 0.150741
    # bare_land -> built_up:  0 / 9 + (25 - 20) / 20 = 0.25;                     x 0.01 ha x 44/12 = 0.0091667
    # grassland -> urban_trees: (3 + 8 + 1) / 9 + (70 - 60) / 20 = 1.83333;      x 0.01 ha x 44/12 = 0.0672222
    # cropland -> urban_trees: 5 / 9 + (50 - 60) / 20 = 0.055556;                x 0.01 ha x 44/12 = 0.0020370
    # bare_land -> lawn:       0 + (25 - 55) / 20 = -1.5 (soil gain);            x 0.01 ha x 44/12 = -0.055
    # water -> paved:          0 + (0 - 20) / 20 = -1, a gain on sealed land: no entry
    expected = {"cropland_to_paved": 0.150741, "bare_land_to_built_up": 0.0091667,
                "grassland_to_urban_trees": 0.0672222, "cropland_to_urban_trees": 0.0020370,
                "bare_land_to_lawn": -0.055}
    assert sorted(entries.index) == sorted(expected)
    for carrier, value in expected.items():
        assert entries.at[carrier, "co2e_t"] == pytest.approx(value, rel=1e-4)
        assert entries.at[carrier, "flow"] == ("sink" if value < 0 else "source")
        assert entries.at[carrier, "gpc_sector"] == "V.2"
    # the old method credited the new trees their whole stock: 0.02 ha x 139 t C/ha x -44/12 / 9 = -1.1326
    assert entries["co2e_t"].sum() == pytest.approx(0.1740, abs=1e-3)


def test_land_sealed_from_any_class_is_never_a_sink(city):
    entries = conversions(city)
    table = sinks.read_class_table().set_index("class")
    sealed = table.index[table["sealed"]]
    assert set(sealed) == {"built_up", "paved"}
    into_sealed = entries[[c.split("_to_")[1] in set(sealed) for c in entries.index]]
    assert len(into_sealed) == 2 and (into_sealed["co2e_t"] > 0).all() and (into_sealed["low_t"] >= 0).all()


def test_soil_transition_period_is_a_parameter(city):
    entries = conversions(city, soil_years=40)
    # cropland -> paved with D = 40: 5 / 9 + 30 / 40 = 1.30556 t C/ha/yr x 0.02 ha x 44/12 = 0.0957407
    assert entries.at["cropland_to_paved", "co2e_t"] == pytest.approx(0.0957407, rel=1e-5)
    factors = ledger.Ledger(city["ledger"]).read_table("factors").set_index("factor_id")
    assert factors.at["land_conversion_cropland_to_paved_2015_2024", "value"] == pytest.approx(1.305556, rel=1e-5)
    assert "D = 40 yr" in factors.at["land_conversion_cropland_to_paved_2015_2024", "source"]
    # the pools each transition was derived from are kept in the ledger too
    assert {"stock_density_cropland", "stock_density_paved", "stock_density_bare_land"} <= set(factors.index)


def test_transition_interval_combines_both_classes_stock_ranges(city):
    entries = conversions(city)
    factors = ledger.Ledger(city["ledger"]).read_table("factors").set_index("factor_id")
    row = factors.loc["land_conversion_grassland_to_urban_trees_2015_2024"]
    # grassland: stock 82, range 18.5-145.5 -> -77.44% / +77.44%; urban trees: 139, 67.9-226.9 -> -51.15% / +63.24%
    # old-class term P = 12/9 + 70/20 = 4.83333, new-class term Q = 60/20 = 3
    # low  = 1.83333 - hypot(3.74289, 1.89712) = 1.83333 - sqrt(14.0092 + 3.5991) = 1.83333 - 4.19622 = -2.36289
    # high = 1.83333 + hypot(3.74289, 1.53453) = 1.83333 + sqrt(14.0092 + 2.3548) = 1.83333 + 4.04524 = 5.87857
    assert row["low"] == pytest.approx(-2.36289, rel=1e-4)
    assert row["high"] == pytest.approx(5.87857, rel=1e-4)
    # Approach 1 of the entry: relative deviation 4.04524 / 1.83333 = 2.20649 above; the bound below stops at 0
    assert entries.at["grassland_to_urban_trees", "high_t"] == pytest.approx(0.0672222 * 3.20649, rel=1e-4)
    assert entries.at["grassland_to_urban_trees", "low_t"] == 0.0


def test_urban_tree_growth_is_net_of_pruning(city):
    sinks.account_sinks(city["ledger"], city["now"], year=2024)
    entries = ledger.Ledger(city["ledger"]).read_table("entries").set_index("carrier")
    # growth: 2 px = 0.02 ha x 2.9 t C/ha/yr x -44/12 = -0.212667
    # pruning (standard maintenance): 200 m2 x 0.001 t fresh/m2/yr = 0.2 t x 0.196 t C/t x 44/12 = 0.143733
    assert entries.at["urban_trees", "co2e_t"] == pytest.approx(-0.212667, rel=1e-5)
    pruning = entries.loc["urban_trees_pruning"]
    assert pruning["co2e_t"] == pytest.approx(0.143733, rel=1e-5)
    assert (pruning["flow"], pruning["sector"], pruning["gpc_sector"]) == ("source", "sequestration", "V.2")
    # activity range from the maintenance table (0.0005-0.002 t/m2/yr), factor 0.135-0.275 t C/t:
    # relative deviations above 100% and 40.3% -> hypot = 1.0781; high = 0.143733 x 2.0781 = 0.29869
    assert pruning["high_t"] == pytest.approx(0.143733 * (1 + np.hypot(1.0, 0.079 / 0.196)), rel=1e-5)
    factors = set(ledger.Ledger(city["ledger"]).read_table("factors")["factor_id"])
    assert {"pruning_carbon_content", "gs_pruning_waste_standard_urban_trees"} <= factors
    # net of the trees: -0.212667 + 0.143733 = -0.068933 t CO2e/yr (Eq 8.1: gains minus losses)
    net = entries.loc[["urban_trees", "urban_trees_pruning"], "co2e_t"].sum()
    assert net == pytest.approx(-0.068933, rel=1e-4)


def test_no_sink_entry_carries_a_bare_gpc_v(city):
    sinks.account_sinks(city["ledger"], city["now"], landcover_alt=city["then"], alt_year=2015, year=2024)
    entries = ledger.Ledger(city["ledger"]).read_table("entries")
    assert set(entries["gpc_sector"]) == {"V.2"}


def test_transition_matrix_margins_are_the_class_areas_of_each_map(city):
    # a polygon cutting pixels: its pair areas sum to each map's class areas, pixel fractions included
    polygon = shapely.Polygon([(X0 + 3, Y0 - 1), (X0 + 37, Y0 - 4), (X0 + 25, Y0 - 19), (X0 + 6, Y0 - 15)])
    then, now = zonal.open_raster(city["then"], "THEN"), zonal.open_raster(city["now"], "NOW")
    codes = sinks.read_class_table()["code"].to_numpy()
    result = zonal.zonal_statistics([polygon], np.array([0]), 1, {"then": (then, codes), "now": (now, codes)},
                                    pairs={"pair": ("then", "now")})
    k = len(codes)
    matrix = result.classes["pair"].area.reshape(k, k)
    assert matrix.sum(axis=1) == pytest.approx(result.classes["then"].area[0])
    assert matrix.sum(axis=0) == pytest.approx(result.classes["now"].area[0])
    assert matrix.sum() == pytest.approx(polygon.area)


def test_lue_credits_no_cropland_no_negative_fapar_and_carries_stress_and_respiration(city, tmp_path):
    classes = np.array([[5, 5, 7, 1], [1, 2, 2, 4]], dtype=np.uint8)  # 2 px cropland, 1 px water
    ndvi = np.array([[0.8, 0.8, -0.4, 0.5], [0.5, 0.5, 0.5, 0.5]], dtype=np.float32)
    landcover = raster_grids.write_raster(tmp_path / "lc.tif", classes, (X0, Y0), PIXEL, EPSG, None)
    ndvi_path = raster_grids.write_raster(tmp_path / "ndvi.tif", ndvi, (X0, Y0), PIXEL, EPSG, None)
    sinks.account_sinks(city["ledger"], landcover, ndvi=ndvi_path, method="lue", year=2024)
    entry = ledger.Ledger(city["ledger"]).read_table("entries").iloc[0]
    # cropland left out (600 m2 remain); the water pixel's NDVI floored at 0.1426 / 1.1638 (fAPAR 0), so the
    # APAR is that of the five pixels at NDVI 0.5: fAPAR 1.1638 x 0.5 - 0.1426 = 0.4393,
    # 500 m2 x 0.4393 x 2100 MJ/m2 = 461,265 MJ x 0.389 g C/MJ x 0.6 stress x (1 - 0.7) = 32,297.8 g C
    # = 0.0322978 t C x -44/12 = -0.118425 t CO2e (the unit mean over all 8 px would give 0.4625 NDVI and
    # 800 m2 x 0.39566: -0.17063)
    assert entry["activity"] == pytest.approx(461_265.0, rel=1e-6)
    assert entry["co2e_t"] == pytest.approx(-0.118425, rel=1e-5)
    assert entry["gpc_sector"] == "V.2"
    # interval: PAR 1800-2400 (+-14.29%), stress 0.4-0.8 (+-33.33%), 1 - rh_share 0.1-0.5 (+-66.67%):
    # activity +-sqrt(0.020408 + 0.111111 + 0.444444) = +-75.892%; epsilon 0.3-0.55: -22.879% / +41.388%
    # below: sqrt(0.575964 + 0.052346) = 0.792660; above: sqrt(0.575964 + 0.171298) = 0.864443
    # a sink: low_t = value x (1 + 0.864443), high_t = value x (1 - 0.792660)
    assert entry["activity_high"] == pytest.approx(461_265.0 * 1.758923, rel=1e-5)
    assert entry["low_t"] == pytest.approx(-0.118425 * 1.864443, rel=1e-4)
    assert entry["high_t"] == pytest.approx(-0.118425 * 0.207340, rel=1e-4)


def test_grass_wetland_and_water_earn_nothing_at_tier_1(city, tmp_path):
    # grassland, lawn, wetland and water: IPCC Tier 1 zero; burial is not credited without its CH4
    classes = np.array([[3, 3, 4, 4], [6, 6, 7, 7]], dtype=np.uint8)
    landcover = raster_grids.write_raster(tmp_path / "grass.tif", classes, (X0, Y0), PIXEL, EPSG, None)
    summary = sinks.account_sinks(city["ledger"], landcover, year=2024)
    assert summary["entries"] == 0 and summary["sink_t_co2e"] == 0.0
    table = sinks.read_class_table().set_index("class")
    assert (table.loc[["grassland", "lawn", "wetland", "water"], ["rate_t_c_ha_yr", "rate_high"]] == 0).all().all()
