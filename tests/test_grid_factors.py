"""Grid electricity factors: national, regional and provincial rows of the MEE/NBS announcements, and
the year rule (the inventory year's factor, or the year the user chooses with GRID_YEAR)."""
import pytest
from source_city import activity, entries
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger.factors import shipped_factors
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.sources.accounting import GRID_REGIONS, account_sources

PROVINCES = GRID_REGIONS[8:]
METERED = ("E", "B1", "residential", "electricity", 1_000_000, "kWh", None, None, "")  # of any year


def grid_rows():
    factors = shipped_factors()
    return factors[factors["factor_id"].str.startswith("china_grid_")]


@pytest.mark.parametrize("year, announcement", [
    (2021, "Announcement 2024 No. 12 (公告2024年第12号) of 2024-04-12"),
    (2022, "Announcement 2024 No. 33 (公告2024年第33号) of 2024-12-20"),
    (2023, "Announcement 2025 No. 47 (公告2025年第47号) of 2025-12-31"),
])
def test_library_holds_national_regional_and_30_provincial_factors_with_their_announcement(year, announcement):
    rows = grid_rows()
    of_year = rows[rows["year"] == year]
    assert set(of_year["region"]) == set(GRID_REGIONS)  # national, 7 grids, 30 provinces (no Xizang row published)
    assert len(PROVINCES) == 30 and "xizang" not in GRID_REGIONS
    for source in of_year["source"]:
        assert announcement in source and "unconfirmed" in source and "assumption: 95% interval" in source


def test_values_worked_with():
    # the shipped values the hand calculations below rest on (kg CO2/kWh)
    rows = grid_rows().set_index("factor_id")
    assert rows.loc["china_grid_hubei_2022", "value"] == 0.4364
    assert rows.loc["china_grid_central_2022", "value"] == 0.5395
    assert rows.loc["china_grid_national_2022", "value"] == 0.5366
    assert rows.loc["china_grid_yunnan_2022", "value"] == 0.1073
    assert rows.loc["china_grid_hubei_2023", "value"] == 0.4044


def test_a_provincial_factor_for_a_city_inventory(ledger_path):  # noqa: F811
    # 1,000,000 kWh metered in Hubei, 2022 factor 0.4364 kg CO2/kWh: 1e6 x 0.4364 / 1000 = 436.4 t CO2;
    # the metered amount is exact, so the 95% interval is the factor's: +-10% rounded to the published 4 decimals,
    # 0.3928 .. 0.4800 kg/kWh -> 392.8 .. 480.0 t
    account_sources(ledger_path, activity(METERED), 2022, grid_region="hubei")
    entry = entries(ledger_path).iloc[0]
    assert entry["factor_id"] == "china_grid_hubei_2022" and entry["scope"] == 2
    assert entry["co2e_t"] == pytest.approx(436.4, rel=1e-12)
    assert (entry["low_t"], entry["high_t"]) == pytest.approx((392.8, 480.0), rel=1e-9)


def test_a_year_without_a_grid_factor_stops_naming_the_years_there_are(ledger_path):  # noqa: F811
    message = "factors exist for 2021, 2022, 2023; choose one with GRID_YEAR"
    with pytest.raises(LedgerInputError, match=message) as raised:
        account_sources(ledger_path, activity(METERED), 2024, grid_region="central")
    assert raised.value.field == "YEAR"
    assert Ledger(ledger_path).count("entries") == 0
    with pytest.raises(LedgerInputError, match="no grid factor of hubei for 2020: factors exist for 2021") as raised:
        account_sources(ledger_path, activity(METERED), 2024, grid_region="hubei", grid_year=2020)
    assert raised.value.field == "GRID_YEAR"


@pytest.mark.parametrize("region, grid_year, expected_t", [
    ("central", 2022, 539.5),  # 1e6 kWh x 0.5395 kg/kWh (Central China grid 2022) / 1000
    ("hubei", 2023, 404.4),  # 1e6 kWh x 0.4044 kg/kWh (Hubei 2023) / 1000
])
def test_grid_year_chosen_explicitly(ledger_path, region, grid_year, expected_t):  # noqa: F811
    # a 2024 inventory with the grid factor of an earlier year, chosen with GRID_YEAR
    account_sources(ledger_path, activity(METERED), 2024, grid_region=region, grid_year=grid_year)
    entry = entries(ledger_path).iloc[0]
    assert entry["factor_id"] == f"china_grid_{region}_{grid_year}"
    assert entry["co2e_t"] == pytest.approx(expected_t, rel=1e-12)


def test_no_grid_factor_needed_without_electricity(ledger_path):  # noqa: F811
    # natural gas only: a 2024 inventory runs without a grid factor of 2024 (3 entries: CO2, CH4, N2O)
    written, _ = account_sources(ledger_path, activity(("G", "B4", "industry_combustion", "natural_gas", 1000, "m3",
                                                        None, 2024, "")), 2024)
    assert written == 3


def test_processing_takes_grid_year(ledger_path, tmp_path, run_alg):  # noqa: F811
    csv = tmp_path / "activity.csv"
    activity(METERED).to_csv(csv, index=False)
    result = run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": str(csv), "YEAR": 2024,
                                                     "GRID_REGION": "hubei", "GRID_YEAR": 2022})
    assert result["TOTAL_T"] == pytest.approx(436.4, rel=1e-12)
