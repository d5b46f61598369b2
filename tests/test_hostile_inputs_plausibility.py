"""Hostile inputs, plausibility (issue 17 item 4): values that parse but cannot be right are refused naming
layer, field and row (or, when plausible but extreme, accepted only with ACCEPT_EXTREME), and the ledger's
bytes are the same before and after each refused run."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from osgeo import gdal, osr

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.plausibility import check_range, plausible_ranges
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.ledger.factors import validate_factor_table
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario
from urban_carbon_ledger.algorithms.sinks.accounting import account_sinks
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from urban_carbon_ledger.algorithms.units import segment_units as segmentation
from source_city import activity
from test_scenarios import edits, make_ledger
from test_segment_units import CRS, FIELDS, X0, Y0, box, layers
from ledger_bytes import refused

ELECTRICITY = [("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2023, "floor_area")]




def test_every_range_has_a_source_and_ordered_bounds():
    table = plausible_ranges()
    assert table["source"].str.len().min() > 40
    for quantity, row in table.iterrows():
        bounds = [row[b] for b in ("refuse_below", "extreme_below", "extreme_above", "refuse_above")]
        present = [b for b in bounds if not np.isnan(b)]
        assert present == sorted(present), quantity


def test_check_range_refuses_warns_and_returns_the_extreme_rows():
    messages = []
    progress = Progress(log=messages.append)
    values, rows = [3, np.nan, 150, 120], ["a", "b", "c", "d"]
    with pytest.raises(LedgerInputError, match="layer 'B', field 'floors', row c: 150 is plausible but extreme"):
        check_range(values, rows, "floors", "B", "floors")
    assert check_range(values, rows, "floors", "B", "floors", accept_extreme=True, progress=progress).tolist() == [2, 3]
    assert messages == ["Warning: B: 2 extreme values of floors accepted (ACCEPT_EXTREME): rows c, d"]
    with pytest.raises(LedgerInputError, match="row b: 0 is outside the plausible range 1 .. 200"):
        check_range([5, 0, 2e9], rows[:3], "floors", "B", "floors", accept_extreme=True)


# --- the tape measure -------------------------------------------------------------------------------

def _segment(districts, roads, landuse, buildings=None, **options):
    messages = []
    result = segmentation.segment_units(districts, roads, landuse, buildings, crs=CRS, fields=FIELDS,
                                        progress=Progress(log=messages.append), **options)
    return result, messages


def _buildings(floors, ids=("b1", "b2")):
    return gpd.GeoDataFrame({"building_id": list(ids), "floors": floors, "row": [5, 6]},
                            geometry=[box(40, 120, 70, 140), box(120, 20, 150, 40)], crs=CRS)


@pytest.mark.parametrize("floors, match", [
    ([3, 0], "field 'floors', row 6: 0 is outside the plausible range 1 .. 200"),
    ([2_000_000_000, 3], "row 5: 2e\\+09 is outside the plausible range 1 .. 200"),
    ([3, 150], "row 6: 150 is plausible but extreme .* set ACCEPT_EXTREME to yes"),
])
def test_implausible_floors_are_refused(floors, match):
    districts, roads, landuse, _ = layers()
    with pytest.raises(LedgerInputError, match="layer 'BUILDINGS', " + match if match[0] == "f" else match):
        _segment(districts, roads, landuse, _buildings(floors))


def test_extreme_floors_go_through_with_accept_extreme_and_missing_floors_are_listed():
    districts, roads, landuse, _ = layers()
    result, messages = _segment(districts, roads, landuse, _buildings([150, None]), accept_extreme=True)
    buildings = result.units[result.units["level"] == "building"].set_index("source_id")
    assert buildings.at["b1", "floor_area_m2"] == pytest.approx(30 * 20 * 150)  # footprint 600 m2 x 150 floors
    assert any("1 extreme values of floors accepted" in m and "rows 5" in m for m in messages)
    assert any("1 buildings have no floors (feature ids 6)" in m for m in messages)


def test_repeated_building_ids_are_refused_naming_both_features():
    districts, roads, landuse, _ = layers()
    with pytest.raises(LedgerInputError, match="field 'building_id', row 6: building id 'b1' is repeated "
                                               "\\(feature ids 5, 6"):
        _segment(districts, roads, landuse, _buildings([3, 4], ids=("b1", "b1")))


def test_self_intersecting_district_and_null_geometry_district_are_refused():
    districts, roads, landuse, _ = layers()
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 200, Y0 + 200), (X0 + 200, Y0), (X0, Y0 + 200)])
    broken = districts.assign(row=[4]).set_geometry([bowtie])
    with pytest.raises(LedgerInputError, match="layer 'BOUNDARIES', row 4: the polygon is invalid \\(Self-inters"):
        _segment(broken, roads, landuse)
    two = gpd.GeoDataFrame({"code": ["D01", "D02"], "name": ["a", "b"], "row": [1, 2]},
                           geometry=[box(0, 0, 200, 200), None], crs=CRS)
    with pytest.raises(LedgerInputError, match="layer 'BOUNDARIES', row 2: 1 features have no geometry"):
        _segment(two, roads, landuse)


# --- sources ----------------------------------------------------------------------------------------

def _grid_override(value):
    return validate_factor_table(pd.DataFrame([{
        "factor_id": "china_grid_central_2023", "value": value, "unit": "kg CO2/kWh",
        "low": min(value * 0.9, value * 1.1), "high": max(value * 0.9, value * 1.1), "distribution": "normal",
        "source": "hostile test",
        "year": 2023, "region": "central", "description": "altered grid factor"}]), "FACTORS")


@pytest.mark.parametrize("value, match", [
    (-0.5, "layer 'FACTORS', field 'value', row china_grid_central_2023: -0.5 kg CO2/kWh is outside the "
           "plausible range 0 .. 1.5"),
    (5271, "5271 kg CO2/kWh is outside the plausible range 0 .. 1.5"),
    (1.3, "1.3 kg CO2/kWh is plausible but extreme"),
])
def test_implausible_grid_factors_are_refused(ledger_path, value, match):
    refused(ledger_path, lambda: account_sources(ledger_path, activity(*ELECTRICITY), 2023, _grid_override(value)),
            match)


def test_an_extreme_grid_factor_and_amount_are_accounted_with_accept_extreme(ledger_path):
    huge = [("E1", "D01", "residential", "electricity", 3e11, "kWh", 10, 2023, "floor_area")]
    refused(ledger_path, lambda: account_sources(ledger_path, activity(*huge), 2023),
            "layer 'ACTIVITY', field 'amount', row E1: 3e\\+11 kWh is plausible but extreme")
    written, total = account_sources(ledger_path, activity(*huge), 2023, _grid_override(1.3), accept_extreme=True)
    # 3e11 kWh x 1.3 kg/kWh = 3.9e11 kg = 390,000,000 t CO2, downscaled over D01's residential floor area
    assert written > 0 and total == pytest.approx(3.9e8, rel=1e-9)


@pytest.mark.parametrize("amount, unit, match", [
    (3e8, "MWh", "row E1: 3e\\+11 kWh is plausible but extreme"),  # 300,000,000 MWh = 3e11 kWh: above 2e11
    (1.08e9, "GJ", "row E1: 3e\\+11 kWh is plausible but extreme"),  # 1.08e9 GJ / 3.6e-3 GJ per kWh = 3e11 kWh
    (2e7, "GWh", "row E1: 2e\\+13 kWh is outside the plausible range"),  # 2e7 GWh = 2e13 kWh: above 1e13
])
def test_electricity_in_any_energy_unit_is_checked_as_kwh(ledger_path, amount, unit, match):
    """The sample tables give electricity in MWh: an amount is checked in kWh whatever energy unit carries it (the
    check once looked at kWh rows only, and a 300 TWh row in MWh went through unchecked)."""
    row = [("E1", "D01", "residential", "electricity", amount, unit, 10, 2023, "floor_area")]
    refused(ledger_path, lambda: account_sources(ledger_path, activity(*row), 2023), match)


# --- sinks ------------------------------------------------------------------------------------------

def _raster(path, values):
    driver = gdal.GetDriverByName("GTiff")
    data = np.asarray(values, dtype=np.float32)
    dataset = driver.Create(str(path), data.shape[1], data.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500_000.0, 10.0, 0.0, 3_380_100.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(data)
    dataset = None
    return str(path)


def test_an_ndvi_scaled_by_10000_is_refused(ledger_path, tmp_path):
    landcover = _raster(tmp_path / "landcover.tif", np.full((10, 10), 1.0))
    scaled = _raster(tmp_path / "ndvi.tif", np.linspace(-500.0, 6500.0, 100).reshape(10, 10))  # MODIS-like
    message = refused(ledger_path, lambda: account_sinks(ledger_path, landcover, ndvi=scaled, method="lue"),
                      "layer 'NDVI', field 'band 1', row minimum: -500 is outside the plausible range -1 .. 1")
    assert "x10000" in message
    assert Ledger(ledger_path).count("entries") == 0


# --- scenarios --------------------------------------------------------------------------------------

def test_an_existing_scenario_name_is_refused_unless_replace(tmp_path):
    path = make_ledger(str(tmp_path / "ledger.gpkg"))
    apply_scenario(path, "corridor", edits(("D1-L1", "signal_countdown", {})))
    refused(path, lambda: apply_scenario(path, "corridor", edits(("D1-L2", "signal_countdown", {}))),
            "layer 'SCENARIO': scenario 'corridor' exists already .* set REPLACE to yes")
    apply_scenario(path, "corridor", edits(("D1-L2", "signal_countdown", {})), replace=True)
    stored = Ledger(path).read_table("edits", match={"scenario": "corridor"})
    assert stored["unit_id"].tolist() == ["D1-L2"]


@pytest.mark.parametrize("records, match", [
    ([("D1-L1", "signal_countdown", {})] * 3,
     "unit 'D1-L1' gets measure 'signal_countdown' 3 times \\(rows 1, 2, 3\\)"),
    ([("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3}),
      ("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.2, "lawn_share": 0.2})],
     "unit 'D1-B1-P1' gets measure 'land_use_conversion' 2 times"),
])
def test_one_unit_given_the_same_measure_twice_is_refused(tmp_path, records, match):
    path = make_ledger(str(tmp_path / "ledger.gpkg"))
    refused(path, lambda: apply_scenario(path, "twice", edits(*records)), "layer 'EDITS', field 'measure_id', "
            "row \\d: " + match)
