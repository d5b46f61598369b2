"""Fuels and waste as a verifier reads them (issue 16 items 5, 6, 10b): Chinese calorific values with
their ranges, a site's measured value, commercial CH4, gasoline road factors, the computed landfill
factor and the scope of waste. Every expected number is worked out by hand in the comments."""
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.ledger.factors import shipped_factors, validate_factor_table
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.reports import inventory
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from urban_carbon_ledger.algorithms.sources.landfill import landfill_factor, with_landfill_factors
from source_city import CRS, activity, entries

COAL_CO2_DEVIATION = 5100 / 94600  # ipcc2006_coal_co2: 89,500-99,700 around 94,600 kg/TJ (+-5.39%)


def test_demo_coal_at_the_chinese_default_calorific_value(ledger_path):
    # The demo's reported coal, 12,000 + 8,500 = 20,500 t: x 20.908 MJ/kg (GB/T 2589-2020 raw coal) = 428.614 TJ
    # x 94,600 kg/TJ = 40,546.88 t CO2 (IPCC's bituminous 25.8 MJ/kg gave 20,500 x 25.8 x 94.6 = 50,031.3 t)
    account_sources(ledger_path, activity(
        ("C1", "B4", "industry_combustion", "coal", 12000, "t", 3, 2024, ""),
        ("C2", "B4", "industry_combustion", "coal", 8500, "t", 3, 2024, ""),
    ), 2024)
    table = entries(ledger_path)
    co2 = table[table["factor_id"] == "ipcc2006_coal_co2"]
    assert co2["activity"].sum() == pytest.approx(428.614, rel=1e-12)
    assert co2["co2e_t"].sum() == pytest.approx(40546.8844, rel=1e-12)
    # Each entry: amount +-3%, calorific value +-15% (assumption row: 17.772-24.044, i.e. 3.136 / 20.908),
    # factor +-5.39%, in quadrature: +-16.22%
    half = (0.03 ** 2 + (3.136 / 20.908) ** 2 + COAL_CO2_DEVIATION ** 2) ** 0.5
    assert half == pytest.approx(0.16219, abs=1e-5)
    first = co2.loc[(co2["activity"] - 12000 * 20.908 / 1000).abs().idxmin()]
    assert first["activity"] == pytest.approx(250.896, rel=1e-12)
    assert first["low_t"] == pytest.approx(first["co2e_t"] * (1 - half), rel=1e-9)
    assert first["high_t"] == pytest.approx(first["co2e_t"] * (1 + half), rel=1e-9)


def test_measured_calorific_value_of_a_reported_site(ledger_path):
    # The site behind target B4 measured 23.0 MJ/kg (22.77-23.23, +-1%), given as factor row ncv_coal_B4:
    # 1000 t -> 23.0 TJ x 94,600 kg/TJ = 2,175.8 t CO2; its interval: sqrt(3%^2 + 1%^2 + 5.39%^2) = 6.25%
    measured = validate_factor_table(pd.DataFrame([{
        "factor_id": "ncv_coal_B4", "value": 23.0, "unit": "MJ/kg", "low": 22.77, "high": 23.23,
        "distribution": "normal", "source": "B4 laboratory report 2024 (test)", "year": 2024, "region": "site",
    }]), "FACTORS")
    account_sources(ledger_path, activity(("C1", "B4", "industry_combustion", "coal", 1000, "t", 3, 2024, "")),
                    2024, factors_override=measured)
    co2 = entries(ledger_path).set_index("factor_id").loc["ipcc2006_coal_co2"]
    assert co2["activity"] == pytest.approx(23.0, rel=1e-12)
    assert co2["co2e_t"] == pytest.approx(2175.8, rel=1e-12)
    half = (0.03 ** 2 + 0.01 ** 2 + COAL_CO2_DEVIATION ** 2) ** 0.5
    assert half == pytest.approx(0.06251, abs=1e-5)
    assert co2["high_t"] == pytest.approx(2175.8 * (1 + half), rel=1e-9)
    assert "ncv_coal_B4" in co2["conversion_note"]
    assert "ncv_coal_B4" in set(Ledger(ledger_path).read_table("factors")["factor_id"])


def test_commercial_coal_methane_is_table_2_4_not_residential(ledger_path):
    # 1000 t of coal in a commercial building: 20.908 TJ x 10 kg CH4/TJ (IPCC 2006 Vol 2 Table 2.4) x 28
    # = 5.85424 t CO2e; in a home 300 kg/TJ (Table 2.5): 20.908 x 300 x 28 / 1000 = 175.6272 t CO2e
    account_sources(ledger_path, activity(
        ("K1", "B1", "commercial", "coal", 1000, "t", None, 2024, ""),
        ("K2", "B2", "public", "coal", 1000, "t", None, 2024, ""),
        ("R1", "B3", "residential", "coal", 1000, "t", None, 2024, ""),
    ), 2024)
    ch4 = entries(ledger_path).query("carrier == 'coal'").set_index("unit_id")
    ch4 = ch4[ch4["factor_id"].str.contains("_ch4_")]
    assert ch4["factor_id"].to_dict() == {"D01-G1": "ipcc2006_coal_ch4_commercial",
                                          "D01-G2": "ipcc2006_coal_ch4_commercial",
                                          "D01-G3": "ipcc2006_coal_ch4_buildings"}
    assert ch4["co2e_t"].to_dict() == pytest.approx({"D01-G1": 5.85424, "D01-G2": 5.85424, "D01-G3": 175.6272},
                                                    rel=1e-12)


def test_gasoline_road_factors_for_a_china_5_6_fleet(ledger_path):
    # 1000 L of gasoline on link R1: x 0.74 kg/L x 43.070 MJ/kg = 0.0318718 TJ; IPCC 2006 Vol 2 Table 3.2.2,
    # low-mileage LDV 1995+: CH4 3.8 kg/TJ x 28 = 0.0033911595 t; N2O 5.7 kg/TJ x 265 = 0.0481423539 t CO2e
    account_sources(ledger_path, activity(("G1", "R1", "road_traffic", "gasoline", 1000, "L", None, 2024, "")), 2024)
    by_factor = entries(ledger_path).set_index("factor_id")["co2e_t"]
    assert by_factor["ipcc2006_gasoline_ch4_road"] == pytest.approx(0.0318718 * 3.8 * 28 / 1000, rel=1e-12)
    assert by_factor["ipcc2006_gasoline_n2o_road"] == pytest.approx(0.0318718 * 5.7 * 265 / 1000, rel=1e-12)
    assert by_factor["ipcc2006_gasoline_n2o_road"] == pytest.approx(0.0481423539, rel=1e-9)


def test_landfill_factor_from_its_parameters():
    # IPCC 2006 Vol 5: DOC of the Eastern Asia mix (Table 2.3 shares x Table 2.4 wet DOC)
    #   = 0.262 x 0.15 + 0.188 x 0.40 + 0.035 x 0.43 + 0.035 x 0.24 = 0.13795 t C/t
    # methane commitment = MCF 1.0 x 0.13795 x DOCf 0.5 x F 0.5 x 16/12 x (1 - R 0) x (1 - OX 0.1) x GWP 28
    #   = 1.15878 t CO2e/t (the shipped row said 0.6)
    factors, computed = with_landfill_factors(shipped_factors())
    row = factors.loc["waste_landfill_msw"]
    assert row["value"] == pytest.approx(1.15878, rel=1e-12)
    # 95% range, Approach 1 for a product: DOC 0.10929-0.16710 (share x DOC lows / highs: -20.78% / +21.13%),
    # DOCf +-20%, MCF -10% / +0, F +-5%, (1 - OX) 0.9-1.0: -0 / +11.11%
    doc_below, doc_above = (0.13795 - 0.10929) / 0.13795, (0.16710 - 0.13795) / 0.13795
    below = (doc_below ** 2 + 0.2 ** 2 + 0.1 ** 2 + 0.05 ** 2) ** 0.5
    above = (doc_above ** 2 + 0.2 ** 2 + 0.05 ** 2 + (0.1 / 0.9) ** 2) ** 0.5
    assert row["low"] == pytest.approx(1.15878 * (1 - below), rel=1e-9)
    assert row["high"] == pytest.approx(1.15878 * (1 + above), rel=1e-9)
    assert row["source"].startswith("computed: IPCC 2006 Vol 5 Ch 3 methane commitment")
    assert "landfill_mcf" in computed["waste_landfill_msw"]
    # per resident: 0.365 t/person (0.18-0.73) x 1.15878 = 0.42295 t CO2e/person, deviations in quadrature
    per_capita = factors.loc["waste_landfill_per_capita"]
    assert per_capita["value"] == pytest.approx(0.365 * 1.15878, rel=1e-12)
    assert per_capita["low"] == pytest.approx(0.365 * 1.15878 * (1 - ((0.185 / 0.365) ** 2 + below ** 2) ** 0.5))
    # a site with gas recovery of 50% (a FACTORS override) halves it; a user's own factor row is kept
    recovery = factors.loc[["landfill_recovery"]].assign(value=0.5, low=0.4, high=0.6)
    assert landfill_factor(factors.drop(index="landfill_recovery").pipe(
        lambda f: pd.concat([f, recovery])))[0] == pytest.approx(1.15878 / 2, rel=1e-12)
    assert with_landfill_factors(factors)[1] == {}


def test_waste_is_scope_3_unless_treated_inside(ledger_path):
    # 1000 t landfilled from D01 with no landfill in FACILITIES: scope 3 (GPC Ch 8, treated outside);
    # with a landfill (carrier msw_landfill) inside the boundary: scope 1. Same tonnes x 1.15878 either way.
    rows = activity(("W1", "D01", "waste", "msw_landfill", 1000, "t", 20, 2024, "population"))
    account_sources(ledger_path, rows, 2024)
    outside = entries(ledger_path)
    assert set(outside["scope"]) == {3} and outside["co2e_t"].sum() == pytest.approx(1158.78, rel=1e-12)
    landfill = gpd.GeoDataFrame({"facility_id": ["L1"], "building_id": ["B4"], "carrier": ["msw_landfill"]},
                                geometry=[shapely.Point(75, 15)], crs=CRS)
    account_sources(ledger_path, rows, 2024, facilities=landfill)
    inside = entries(ledger_path)
    assert set(inside["scope"]) == {1} and inside["co2e_t"].sum() == pytest.approx(1158.78, rel=1e-12)
    # a coal kiln in FACILITIES is no landfill (scope 3 stays); 500 t reported at site S1 (no carrier) is scope 1,
    # and D01's 1000 t contain them: the other 500 t are downscaled, scope 3. 500 x 1.15878 = 579.39 t each
    sites = gpd.GeoDataFrame({"facility_id": ["K1", "S1"], "building_id": ["B4", "B4"], "carrier": ["coal", None]},
                             geometry=[shapely.Point(75, 15), shapely.Point(75, 15)], crs=CRS)
    account_sources(ledger_path, activity(*rows.itertuples(index=False, name=None),
                                          ("W2", "S1", "waste", "msw_landfill", 500, "t", None, 2024, "")),
                    2024, facilities=sites)
    scopes = entries(ledger_path).groupby("scope")["co2e_t"].sum()
    assert scopes.to_dict() == pytest.approx({1: 579.39, 3: 579.39}, rel=1e-12)


def test_gpc_table_books_waste_treated_outside_in_scope_3():
    # 1158.78 t CO2e of landfilled waste in scope 3 (no landfill inside): GPC III.1 scope 3 carries it and
    # counts in BASIC (waste: scopes 1 and 3); the empty scope 1 cell carries the shipped key NO
    flows = pd.DataFrame({"flow": ["source"], "gpc_sector": ["III.1"], "scope": [3], "co2e_t": [1158.78]})
    gpc = inventory.gpc_table(flows).set_index("gpc_sector")
    assert gpc.at["III.1", "scope_3"] == pytest.approx(1158.78)
    assert gpc.at["III.1", "scope_1"] == "NO"
    assert gpc.at["BASIC", "total_t"] == pytest.approx(1158.78)
