"""GPC I.4 energy industries: a power plant in the city (I.4.4, reported in scope 1, kept out of the net
and BASIC) next to its own use (I.4, in BASIC) and the consumers' grid electricity (scope 2); and the
building rows of anthracite, lignite and gasoline. Amounts in TJ, so no calorific value enters."""
import pytest
from source_city import activity, entries
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.reports import inventory
from urban_carbon_ledger.algorithms.sources.accounting import account_sources

PLANT = (
    ("P1", "B4", "energy_generation", "coal", 100, "TJ", None, 2023, ""),
    ("P2", "B4", "energy_industries", "diesel", 2, "TJ", None, 2023, ""),
    ("E1", "B1", "residential", "electricity", 1_000_000, "kWh", None, 2023, ""),
)
# generation, IPCC 2006 Vol 2 Table 2.2 (energy industries), GWP100 AR5 CH4 28, N2O 265:
#   100 TJ coal: CO2 100 x 94,600 kg = 9,460 t; CH4 100 x 1 kg x 28 = 2.8 t; N2O 100 x 1.5 kg x 265 = 39.75 t
GENERATION_T = 9460 + 2.8 + 39.75  # 9,502.55 t CO2e, I.4.4, scope 1
# own use: 2 TJ diesel: CO2 2 x 74,100 kg = 148.2 t; CH4 2 x 3 kg x 28 = 0.168 t; N2O 2 x 0.6 kg x 265 = 0.318 t
OWN_USE_T = 148.2 + 0.168 + 0.318  # 148.686 t CO2e, I.4, scope 1
# consumers: 1,000,000 kWh x 0.5271 kg CO2/kWh (Central China grid 2023) = 527.1 t, I.1, scope 2
CONSUMERS_T = 527.1


def test_power_plant_is_reported_in_i44_and_kept_out_of_the_net_and_basic(ledger_path):  # noqa: F811
    written, total = account_sources(ledger_path, activity(*PLANT), 2023)
    assert written == 7 and total == pytest.approx(OWN_USE_T + CONSUMERS_T, rel=1e-12)  # 675.786 t
    table = entries(ledger_path)
    generation = table[table["sector"] == "energy_generation"].set_index("factor_id")["co2e_t"]
    assert generation.to_dict() == pytest.approx({"ipcc2006_coal_co2": 9460.0, "ipcc2006_coal_ch4_energy": 2.8,
                                                 "ipcc2006_coal_n2o_energy": 39.75}, rel=1e-12)
    assert set(table.loc[table["sector"] == "energy_generation", "flow"]) == {"grid_supply"}
    assert set(table.loc[table["sector"] == "energy_generation", "gpc_sector"]) == {"I.4.4"}
    own = table[table["sector"] == "energy_industries"]
    assert set(own["flow"]) == {"source"} and set(own["gpc_sector"]) == {"I.4"} and set(own["scope"]) == {1}
    assert own.set_index("factor_id")["co2e_t"]["ipcc2006_diesel_ch4_energy"] == pytest.approx(0.168, rel=1e-12)
    # the net of the city counts the plant's fuel once, through the consumers' electricity
    city = Ledger(ledger_path).read_table("units").set_index("unit_id").loc["C"]
    assert city["source_t"] == pytest.approx(OWN_USE_T + CONSUMERS_T, rel=1e-12)
    gpc = inventory.gpc_table(table.reset_index()).set_index("gpc_sector")
    assert gpc.loc["I.4.4", "scope_1"] == pytest.approx(GENERATION_T, rel=1e-12)
    assert gpc.loc["I.4.4", "basic_t"] == 0.0
    assert gpc.loc["I.4", "scope_1"] == pytest.approx(OWN_USE_T, rel=1e-12)
    assert gpc.loc["I.1", "scope_2"] == pytest.approx(CONSUMERS_T, rel=1e-12)
    for summary in ("BASIC", "BASIC+", "TOTAL"):
        assert gpc.loc[summary, "total_t"] == pytest.approx(OWN_USE_T + CONSUMERS_T, rel=1e-12)


def test_generation_takes_fuel_not_grid_energy(ledger_path):  # noqa: F811
    with pytest.raises(LedgerInputError, match="grid-supplied energy") as raised:
        account_sources(ledger_path, activity(("P", "B4", "energy_generation", "electricity", 1000, "kWh", None,
                                               2023, "")), 2023)
    assert raised.value.field == "carrier" and raised.value.row == "P"


def test_building_rows_of_anthracite_lignite_and_gasoline(ledger_path):  # noqa: F811
    # 1 TJ each in a residential building (IPCC 2006 Vol 2 Table 2.5, as the coal building rows):
    #   anthracite CO2 98,300 kg = 98.3 t; CH4 300 kg x 28 = 8.4 t; N2O 1.5 kg x 265 = 0.3975 t
    #   lignite CO2 101,000 kg = 101.0 t; CH4 8.4 t; N2O 0.3975 t
    #   gasoline CO2 69,300 kg = 69.3 t; CH4 10 kg x 28 = 0.28 t; N2O 0.6 kg x 265 = 0.159 t (Tables 2.4-2.5)
    account_sources(ledger_path, activity(
        ("A", "B1", "residential", "anthracite", 1, "TJ", None, 2023, ""),
        ("L", "B2", "residential", "lignite", 1, "TJ", None, 2023, ""),
        ("G", "B3", "residential", "gasoline", 1, "TJ", None, 2023, ""),
    ), 2023)
    by_factor = entries(ledger_path).set_index("factor_id")["co2e_t"]
    assert by_factor.to_dict() == pytest.approx({
        "ipcc2006_anthracite_co2": 98.3, "ipcc2006_anthracite_ch4_buildings": 8.4,
        "ipcc2006_anthracite_n2o_buildings": 0.3975, "ipcc2006_lignite_co2": 101.0,
        "ipcc2006_lignite_ch4_buildings": 8.4, "ipcc2006_lignite_n2o_buildings": 0.3975,
        "ipcc2006_gasoline_co2": 69.3, "ipcc2006_gasoline_ch4_buildings": 0.28,
        "ipcc2006_gasoline_n2o_buildings": 0.159}, rel=1e-12)
