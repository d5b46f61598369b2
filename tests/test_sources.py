"""Source accounting on a tiny hand-made ledger: every expected number is worked out by hand."""
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from source_city import CRS, GRID, activity, entries

def test_natural_gas_m3_to_tonnes(ledger_path):
    # 1,000,000 m3 x 38.931 MJ/m3 (GB/T 2589-2020) = 38.931 TJ, the entries' activity;
    # CO2 38.931 x 56,100 kg = 2,184.0291 t; CH4 38.931 x 1 kg x 28 = 1,090.068 kg;
    # N2O 38.931 x 0.1 kg x 265 = 1,031.6715 kg (stationary rows)
    written, total = account_sources(ledger_path, activity(
        ("A1", "B4", "industry_combustion", "natural_gas", 1_000_000, "m3", 5, 2024, ""),
    ), 2024, grid_year=2023)
    table = entries(ledger_path)
    assert written == 3
    by_factor = table.set_index("factor_id")["co2e_t"]
    assert by_factor["ipcc2006_natural_gas_co2"] == pytest.approx(2184.0291, rel=1e-12)
    assert by_factor["ipcc2006_natural_gas_ch4_stationary"] == pytest.approx(1.090068, rel=1e-12)
    assert by_factor["ipcc2006_natural_gas_n2o_stationary"] == pytest.approx(1.0316715, rel=1e-12)
    assert total == pytest.approx(2184.0291 + 1.090068 + 1.0316715)
    co2 = table[table["factor_id"] == "ipcc2006_natural_gas_co2"].iloc[0]
    assert co2["unit_id"] == "D01-G4" and co2["scope"] == 1 and co2["gpc_sector"] == "I.3"
    assert co2["activity"] == pytest.approx(38.931, rel=1e-12) and co2["activity_unit"] == "TJ"
    assert "ncv_natural_gas" in co2["conversion_note"]
    # The calorific value's range (32,238-38,931 kJ/m3: -17.19%, +0%) joins the amount's +-5% in the
    # activity's interval; Approach 1 adds the factor's -3.21% / +3.92% (54,300 / 58,300 of 56,100)
    ncv_below = (38.931 - 32.238) / 38.931
    assert co2["activity_low"] == pytest.approx(38.931 * (1 - (0.05 ** 2 + ncv_below ** 2) ** 0.5), rel=1e-9)
    assert co2["activity_high"] == pytest.approx(38.931 * 1.05, rel=1e-9)
    low = (1 - ((0.05 ** 2 + ncv_below ** 2 + (1800 / 56100) ** 2) ** 0.5)) * 2184.0291
    assert co2["low_t"] == pytest.approx(low, rel=1e-9)
    assert co2["high_t"] == pytest.approx((1 + ((0.05 ** 2 + (2200 / 56100) ** 2) ** 0.5)) * 2184.0291, rel=1e-9)
    used = set(Ledger(ledger_path).read_table("factors")["factor_id"])
    assert {"ncv_natural_gas", "gwp_ar5_ch4", "gwp_ar5_n2o", "ipcc2006_natural_gas_co2"} <= used
    units = Ledger(ledger_path).read_table("units").set_index("unit_id")
    assert units.loc["C", "source_t"] == pytest.approx(total)


def test_district_electricity_split_by_floor_area(ledger_path):
    # 1,000,000 kWh over 1000 : 3000 : 6000 m2 -> 100,000 / 300,000 / 600,000 kWh; the industrial
    # building gets nothing (residential sector); x 0.5271 kg/kWh
    account_sources(ledger_path, activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024,
                                           "floor_area")), 2024, grid_year=2023)
    table = entries(ledger_path).set_index("unit_id")
    assert table["activity"].to_dict() == pytest.approx({"D01-G1": 1e5, "D01-G2": 3e5, "D01-G3": 6e5}, rel=1e-12)
    assert table["co2e_t"].to_dict() == pytest.approx({"D01-G1": 52.71, "D01-G2": 158.13, "D01-G3": 316.26}, rel=1e-12)
    assert table["activity"].sum() == pytest.approx(1_000_000, rel=1e-12)
    assert set(table["method"]) == {"downscaled_floor_area"} and set(table["scope"]) == {2}
    assert set(table["factor_id"]) == {"china_grid_central_2023"}


def test_metered_building_is_subtracted_before_downscaling(ledger_path):
    # the metered 200,000 kWh of G2 are taken off: 800,000 kWh over 1000 : 6000 m2
    account_sources(ledger_path, activity(
        ("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024, "floor_area"),
        ("M2", "B2", "residential", "electricity", 200, "MWh", 2, 2024, ""),
    ), 2024, grid_year=2023)
    table = entries(ledger_path)
    kwh = {(u, m): a * (1000 if m == "metered" else 1)
           for u, m, a in zip(table["unit_id"], table["method"], table["activity"], strict=False)}
    assert kwh == pytest.approx({("D01-G1", "downscaled_floor_area"): 800_000 / 7,
                                 ("D01-G3", "downscaled_floor_area"): 800_000 * 6 / 7,
                                 ("D01-G2", "metered"): 200_000})
    assert table["co2e_t"].sum() == pytest.approx(1_000_000 * GRID / 1000)
    rows = Ledger(ledger_path).read_table("activities")
    assert sorted(rows["row_id"]) == ["E1", "M2"]
    downscaled = table[table["method"] == "downscaled_floor_area"]["inputs_hash"].unique()
    assert len(downscaled) == 1 and downscaled[0] not in set(rows["row_hash"])


def test_nested_city_and_district_totals(ledger_path):
    # city 1,500,000 kWh contains D01's 1,000,000 kWh (which contains the metered 200,000 kWh of G2):
    # the city subtracts D01 only, so 500,000 kWh go to D02's one building; D01 splits 800,000 kWh
    account_sources(ledger_path, activity(
        ("CITY-E", "", "residential", "electricity", 1_500_000, "kWh", None, 2024, "floor_area"),
        ("E1", "D01", "residential", "electricity", 1_000_000, "kWh", None, 2024, "floor_area"),
        ("M2", "B2", "residential", "electricity", 200_000, "kWh", None, 2024, ""),
    ), 2024, grid_year=2023)
    kwh = entries(ledger_path).groupby("unit_id")["activity"].sum()
    assert kwh.to_dict() == pytest.approx({"D01-G1": 800_000 / 7, "D01-G2": 200_000, "D01-G3": 800_000 * 6 / 7,
                                           "D02-G5": 500_000})


def test_waste_downscaled_by_population(ledger_path):
    # 1000 t landfilled in D01 over 30 : 30 : 40 residents (the industrial building has none)
    # -> 300, 300, 400 t x 1.158780 t CO2e/t (waste_landfill_msw, computed: 1.0 x 0.13795 x 0.5 x 0.5
    # x 16/12 x 0.9 x 28, see test_sources_fuels_waste) = 347.634, 347.634, 463.512 t;
    # GPC III.1, scope 3: no landfill inside the boundary (no FACILITIES)
    account_sources(ledger_path, activity(("W1", "D01", "waste", "msw_landfill", 1000, "t", 20, 2024, "population")),
                    2024)
    table = entries(ledger_path).set_index("unit_id")
    assert table["co2e_t"].to_dict() == pytest.approx({"D01-G1": 347.634, "D01-G2": 347.634, "D01-G3": 463.512},
                                                      rel=1e-12)
    assert set(table["gpc_sector"]) == {"III.1"} and set(table["profile"]) == {"flat"}
    assert set(table["scope"]) == {3}


def test_facilities_by_building_id_or_location(ledger_path):
    # F1 names building B4; F2 has no building id but lies inside G1's footprint (10..20, 10..20).
    # A city coal total of 3000 t with F1 reporting 1000 t: 2000 t go to F2 (the only other coal site).
    facilities = gpd.GeoDataFrame({"facility_id": ["F1", "F2"], "building_id": ["B4", None],
                                   "carrier": ["coal", "coal"]},
                                  geometry=[shapely.Point(75, 15), shapely.Point(15, 15)], crs=CRS)
    account_sources(ledger_path, activity(
        ("C1", "F1", "industry_combustion", "coal", 1000, "t", None, 2024, ""),
        ("CT", "", "industry_combustion", "coal", 3000, "t", None, 2024, "facilities"),
    ), 2024, facilities=facilities, grid_year=2023)
    table = entries(ledger_path)
    # activities in TJ at 20.908 MJ/kg (GB/T 2589-2020 raw coal): 1000 t -> 20.908 TJ, 2000 t -> 41.816 TJ
    energy = table[table["factor_id"] == "ipcc2006_coal_co2"].set_index("unit_id")["activity"]
    assert energy.to_dict() == pytest.approx({"D01-G4": 20.908, "D01-G1": 41.816}, rel=1e-12)
    # 20.908 TJ x 94,600 kg/TJ = 1,977.8968 t CO2 (with IPCC's bituminous 25.8 MJ/kg it was 2,440.68 t)
    co2 = table[(table["factor_id"] == "ipcc2006_coal_co2") & (table["unit_id"] == "D01-G4")]["co2e_t"].iat[0]
    assert co2 == pytest.approx(1977.8968, rel=1e-12)


def test_traffic_city_total_and_link_count(ledger_path):
    # city 1,000,000 vkm over links with equal vkm weights (1 km x 10,000 and 0.5 km x 20,000);
    # a traffic count of 10,000 veh/day on R1 would give 1 km x 10,000 x 366 days (2024) vkm
    account_sources(ledger_path, activity(
        ("T1", "", "road_traffic", "vkm", 1_000_000, "vkm", 20, 2024, "traffic"),
    ), 2024, grid_year=2023)
    table = entries(ledger_path).set_index("unit_id")
    assert table.loc["D01-L1", "co2e_t"] == pytest.approx(500_000 * 0.25 / 1000)
    assert table.loc["D01-L2", "co2e_t"] == pytest.approx(500_000 * 0.28 / 1000)
    account_sources(ledger_path, activity(("T2", "R1", "road_traffic", "vkm", 10_000, "veh/day", None, 2024, "")), 2024)
    counted = entries(ledger_path).iloc[0]
    assert counted["activity"] == pytest.approx(3_660_000) and counted["method"] == "traffic_count"


def test_diesel_litres_and_waste_per_person(ledger_path):
    # 1000 L x 0.84 kg/L x 42.652 MJ/kg (GB/T 2589-2020) = 0.03582768 TJ x 74,100 kg/TJ = 2.654831088 t CO2
    # 100 residents x 0.365 t/person x 1.158780 t CO2e/t = 42.295470 t (waste_landfill_per_capita, computed)
    account_sources(ledger_path, activity(
        ("F1", "B4", "industry_combustion", "diesel", 1000, "L", None, 2024, ""),
        ("W1", "D01", "waste", "msw_landfill", 100, "person", None, 2024, ""),
    ), 2024, grid_year=2023)
    by_factor = entries(ledger_path).set_index("factor_id")["co2e_t"]
    assert by_factor["ipcc2006_diesel_co2"] == pytest.approx(2.654831088, rel=1e-12)
    assert by_factor["waste_landfill_per_capita"] == pytest.approx(100 * 0.365 * 1.15878, rel=1e-6)


def test_rerun_gives_same_fingerprints(ledger_path):
    rows = activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024, "floor_area"),
                    ("G1", "B1", "residential", "natural_gas", 5000, "m3", 5, 2024, ""))
    account_sources(ledger_path, rows, 2024, grid_year=2023)
    first = entries(ledger_path)[["fingerprint", "co2e_t"]]
    account_sources(ledger_path, rows, 2024, grid_year=2023)
    second = entries(ledger_path)[["fingerprint", "co2e_t"]]
    assert len(second) == len(first) == 6
    pd.testing.assert_frame_equal(first.sort_index(), second.sort_index())


@pytest.mark.parametrize("row, field, message", [
    (("X1", "B1", "farming", "electricity", 1, "kWh", None, 2024, ""), "sector", "unknown sector"),
    (("X1", "B1", "residential", "biogas", 1, "m3", None, 2024, ""), "carrier", "unknown carrier"),
    (("X1", "B1", "residential", "electricity", -5, "kWh", None, 2024, ""), "amount", "negative"),
    (("X1", "B1", "residential", "electricity", "lots", "kWh", None, 2024, ""), "amount", "not a number"),
    (("X1", "B9", "residential", "electricity", 1, "kWh", None, 2024, ""), "target", "not a unit_id"),
    (("X1", "B1", "residential", "electricity", 1, "m3", None, 2024, ""), "unit", "does not match"),
])
def test_bad_rows_name_the_row_and_write_nothing(ledger_path, row, field, message):
    good = ("OK", "B2", "residential", "electricity", 10, "kWh", None, 2024, "")
    with pytest.raises(LedgerInputError, match=message) as raised:
        account_sources(ledger_path, activity(good, row), 2024, grid_year=2023)
    assert raised.value.row == "X1" and raised.value.field == field
    assert Ledger(ledger_path).count("entries") == 0 and Ledger(ledger_path).count("runs") == 1


def test_district_total_below_metered_is_refused(ledger_path):
    with pytest.raises(LedgerInputError, match="smaller than") as raised:
        account_sources(ledger_path, activity(
            ("E1", "D01", "residential", "electricity", 100, "MWh", None, 2024, "floor_area"),
            ("M1", "B1", "residential", "electricity", 60_000, "kWh", None, 2024, ""),
            ("M2", "B2", "residential", "electricity", 50_000, "kWh", None, 2024, ""),
        ), 2024, grid_year=2023)
    assert raised.value.row == "E1" and "M1, M2" in str(raised.value)
    assert Ledger(ledger_path).count("entries") == 0


@pytest.mark.slow
def test_processing_account_then_hourly_year_sums_to_ledger(ledger_path, tmp_path, run_alg):
    csv = tmp_path / "activity.csv"
    activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024, "floor_area"),
             ("M2", "B2", "residential", "electricity", 200, "MWh", 2, 2024, ""),
             ("T1", "", "road_traffic", "vkm", 1_000_000, "vkm", 20, 2024, "traffic")).to_csv(csv, index=False)
    result = run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": str(csv), "YEAR": 2024,
                                                     "GRID_YEAR": 2023})
    expected = 1_000_000 * GRID / 1000 + 500_000 * (0.25 + 0.28) / 1000
    assert result["ENTRIES"] == 5 and result["TOTAL_T"] == pytest.approx(expected, rel=1e-12)
    hourly = run_alg("carbonledger:hourlyemissions", {
        "LEDGER": ledger_path, "START_DATE": "2024-01-01", "END_DATE": "2024-12-31", "OUTPUT": "TEMPORARY_OUTPUT",
    })
    assert hourly["ROWS"] == 5 * 366 * 24
    assert hourly["TOTAL_T"] == pytest.approx(expected, rel=1e-9)
    day = run_alg("carbonledger:hourlyemissions", {
        "LEDGER": ledger_path, "START_DATE": "2024-01-03", "END_DATE": "2024-01-03", "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_LAYER": "TEMPORARY_OUTPUT", "OUTPUT_LINKS": "TEMPORARY_OUTPUT",
    })
    links = {f["unit_id"]: f for f in day["OUTPUT_LINKS"].getFeatures()}
    assert day["OUTPUT_LAYER"].featureCount() == 3 and set(links) == {"D01-L1", "D01-L2"}
    assert links["D01-L1"]["h08"] > links["D01-L1"]["h03"] * 20  # the morning peak on a Wednesday


def test_processing_bad_row_is_reported_and_ledger_unchanged(ledger_path, tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    csv = tmp_path / "activity.csv"
    activity(("E1", "D01", "residential", "electricity", 100, "MWh", None, 2024, "floor_area"),
             ("M1", "B1", "residential", "electricity", 150, "MWh", None, 2024, "")).to_csv(csv, index=False)
    with pytest.raises(QgsProcessingException, match="row E1"):
        run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": str(csv), "YEAR": 2024,
                                                "GRID_YEAR": 2023})
    assert Ledger(ledger_path).count("entries") == 0


def test_factor_override_replaces_rows_by_id(ledger_path):
    # a local grid factor of 0.6 kg CO2/kWh replaces the shipped central 2023 row: 1000 kWh -> 0.6 t
    from urban_carbon_ledger.algorithms.ledger.factors import validate_factor_table

    override = validate_factor_table(pd.DataFrame([{
        "factor_id": "china_grid_central_2023", "value": 0.6, "unit": "kg CO2/kWh", "low": 0.5, "high": 0.7,
        "distribution": "normal", "source": "assumption: local utility figure", "year": 2023,
        "region": "central"}]), "FACTORS")
    account_sources(ledger_path, activity(("E", "B1", "residential", "electricity", 1000, "kWh", None, 2024, "")), 2024,
                    grid_year=2023, factors_override=override)
    assert entries(ledger_path)["co2e_t"].iat[0] == pytest.approx(0.6)
    stored = Ledger(ledger_path).read_table("factors").set_index("factor_id")
    assert stored.loc["china_grid_central_2023", "source"] == "assumption: local utility figure"


def test_processing_hourly_refuses_a_bad_date(ledger_path, run_alg):
    from qgis.core import QgsProcessingException

    empty = run_alg("carbonledger:hourlyemissions", {"LEDGER": ledger_path, "START_DATE": "2024-01-15",
                                                     "END_DATE": "2024-01-16", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert empty["ROWS"] == 0 and empty["TOTAL_T"] == 0

    with pytest.raises(QgsProcessingException, match="START_DATE"):
        run_alg("carbonledger:hourlyemissions", {"LEDGER": ledger_path, "START_DATE": "mid-January",
                                                 "END_DATE": "2024-01-16", "OUTPUT": "TEMPORARY_OUTPUT"})
