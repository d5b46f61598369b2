"""A pocket park on the chessboard, as a verifier and a planner read it: the upkeep worked by hand from
the shipped factor rows (why a park can be a net source), the pruning waste booked as waste (GPC III.2,
scope 3, in the net), the old trees' pruning loss leaving with them, and the buildings a conversion keeps.

The 8.9 ha example is parcel D15-B0387-P01 of the 100,000-parcel test city (bare land, 88,538.04 m2),
converted with the default plan: canopy 0.4, lawn 0.4, paving 0.2, pocket_park (intensive maintenance).
"""
import pandas as pd
import pytest

from test_scenarios import FACTORS, T_PER_T_C, edits, make_ledger
from ui_ledger_builder import build_ledger
from urban_carbon_ledger.algorithms.ledger import entries, factors as factor_tables, store as ledger
from urban_carbon_ledger.algorithms.ledger.factors import shipped_factors
from urban_carbon_ledger.algorithms.ledger.schema import BASELINE
from urban_carbon_ledger.algorithms.scenarios import scenario_store
from urban_carbon_ledger.algorithms.scenarios.chessboard import Chessboard
from urban_carbon_ledger.algorithms.sinks.class_table import class_factors, read_class_table

AREA_M2 = 88538.03885906443
PLANTED_M2 = 0.4 * AREA_M2  # canopy (urban_trees) and lawn each: 35,415.2155 m2
# the shipped rows, intensive regime (resources/greenspace/maintenance.csv, conversions.csv):
# irrigation (0.4 trees + 1.0 lawn) m3/m2 x 35,415.2155 m2 = 49,581.30 m3 x 0.45 kWh/m3 = 22,311.59 kWh
#   x 0.5271 kg CO2/kWh (china_grid_central_2023) / 1000 = 11.7604
IRRIGATION_T = PLANTED_M2 * 1.4 * 0.45 * 0.5271 / 1000
# mowing 0.08 L/m2 x 35,415.2155 m2 of lawn = 2,833.22 L x 2.27 kg CO2/L / 1000 = 6.4314
MOWING_T = PLANTED_M2 * 0.08 * 2.27 / 1000
# fertiliser (0.005 trees + 0.02 lawn) kg N/m2 = 885.38 kg N x 0.01 N2O-N/N x 44/28 x 265 / 1000 = 3.6870
FERTILISER_T = PLANTED_M2 * 0.025 * 0.01 * 44 / 28 * 265 / 1000
# pruning waste (0.002 trees + 0.0015 lawn) t/m2 = 123.953 t fresh x 191.5 kg CO2e/t (composting, IPCC 2006
# Vol 5 Ch 4 Table 4.1 wet weight: 4 g CH4 x 28 + 0.3 g N2O x 265) / 1000 = 23.7370
PRUNING_T = PLANTED_M2 * 0.0035 * (4 * 28 + 0.3 * 265) / 1000
# the trees: 3.54152 ha of crown x 2.9 t C/ha/yr (IPCC Tier 2a) x 44/12 = 37.6582 taken up; lawn IPCC Tier 1: 0
TREES_T = -PLANTED_M2 / 10_000 * 2.9 * T_PER_T_C


def _bare_parcel_board():
    """A session on a city with one bare 8.85 ha parcel and no entries, at the shipped factor rows."""
    units = pd.DataFrame([("C", None, "city", None, 1e7), ("D15", "C", "district", None, 1e7),
                          ("D15-B0387", "D15", "block", None, 2e5),
                          ("D15-B0387-P01", "D15-B0387", "parcel", "bare_land", AREA_M2)],
                         columns=["unit_id", "parent_id", "level", "land_use", "area_m2"])
    factors = pd.concat([shipped_factors(), class_factors(read_class_table()).set_index("factor_id", drop=False)])
    return Chessboard(pd.DataFrame(columns=[c for c, _, _ in ledger.schema.ENTRIES]), units, factors)


def test_the_8_9_ha_pocket_park_is_a_net_source_by_hand():
    assert (IRRIGATION_T, MOWING_T, FERTILISER_T, PRUNING_T) == pytest.approx((11.7604, 6.4314, 3.6870, 23.7370),
                                                                             abs=1e-4)
    assert TREES_T == pytest.approx(-37.6582, abs=1e-4)
    board = _bare_parcel_board()
    result = board.apply("D15-B0387-P01", "land_use_conversion", {})
    park = board.current_entries(["D15-B0387-P01"])
    direct = park[park["flow"].isin(("source", "sink"))].groupby("sector")["co2e_t"].sum()
    assert direct["greenspace_irrigation"] == pytest.approx(IRRIGATION_T, rel=1e-9)
    assert direct["greenspace_mowing"] == pytest.approx(MOWING_T, rel=1e-9)
    assert direct["greenspace_fertiliser"] == pytest.approx(FERTILISER_T, rel=1e-9)
    assert direct["greenspace_pruning_waste"] == pytest.approx(PRUNING_T, rel=1e-9)
    assert direct["sequestration"] == pytest.approx(TREES_T, rel=1e-9)
    upkeep = IRRIGATION_T + MOWING_T + FERTILISER_T + PRUNING_T
    assert upkeep == pytest.approx(45.6159, abs=1e-4)
    assert result.delta["net_t"] == pytest.approx(upkeep + TREES_T, rel=1e-9)  # +7.9577: a net source
    # the composting of the prunings is waste (GPC III.2), generated in the city and treated at a site the
    # budget does not place: scope 3, which GPC BASIC counts, so it stays in the net
    waste = park[park["sector"] == "greenspace_pruning_waste"]
    assert set(zip(waste["flow"], waste["gpc_sector"], waste["scope"], strict=True)) == {("source", "III.2", 3)}
    # lawn has no sink entry (IPCC Tier 1: grass in settlements, no net change)
    assert set(park.loc[park["flow"] == "sink", "carrier"]) == {"urban_trees"}


def test_the_old_trees_pruning_loss_leaves_with_them(tmp_path):
    """The parcel's trees, 0.1 ha x 2.8 t C/ha/yr x -44/12 = -1.026667, were booked net of their pruning,
    1 t fresh x 0.196 t C/t x 44/12 = +0.718667 (IPCC Eq 8.1); a conversion that removes the trees removes
    both. Delta: the park of test_scenarios (canopy 0.5, lawn 0.3) -0.9716667 + 0.9722979 (it also removes the
    0.05 ha of grassland) + 1.026667 - 0.718667 = +0.3086312 t CO2e/yr (main kept the pruning: +1.0272979)."""
    from test_scenarios import PARK_T

    book = make_ledger(str(tmp_path / "ledger.gpkg"))
    table = factor_tables.validate_factor_table(pd.concat([FACTORS, pd.DataFrame([{
        "factor_id": "test_pruning_c", "value": 0.196, "unit": "t C/t", "low": 0.135, "high": 0.275,
        "distribution": "normal", "source": "test value", "year": 2024, "region": "test",
        "description": "test"}])]), "test")
    rows = pd.DataFrame([
        dict(unit_id="D1-B1-P1", flow="sink", sector="sequestration", gpc_sector="V.2", scope=1, carrier="urban_trees",
             activity=0.1, activity_unit="ha", factor_id="sink_rate_urban_trees", conversion=-T_PER_T_C,
             conversion_note="", method="test", activity_low=None, activity_high=None),
        dict(unit_id="D1-B1-P1", flow="source", sector="sequestration", gpc_sector="V.2", scope=1,
             carrier="urban_trees_pruning", activity=1.0, activity_unit="t", factor_id="test_pruning_c",
             conversion=T_PER_T_C, conversion_note="", method="pruning_removal", activity_low=None,
             activity_high=None),
    ])
    store = ledger.Ledger(book)
    with store.transaction("test:trees") as writer:
        writer.append_rows("factors", factor_tables.factor_rows_for_ledger(table, ["test_pruning_c"]))
        writer.append_rows("entries", entries.finalize_entries(rows, table, BASELINE, writer.run_id, ledger.utc_now()))
    summary = scenario_store.apply_scenario(book, "park", edits(
        ("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2})))
    expected = PARK_T + 0.1 * 2.8 * T_PER_T_C - 0.196 * T_PER_T_C
    assert expected == pytest.approx(0.3086312, abs=1e-7)
    assert summary["city_delta_t"] == pytest.approx(expected, rel=1e-9)
    park = scenario_store.scenario_entries(book, "park")
    assert not (park["carrier"] == "urban_trees_pruning").any()


def test_a_conversion_keeps_the_buildings_and_says_how_much_they_emit(tmp_path):
    """Parcel D01-B01-P01 holds building G01, 1,000,000 kWh x 0.5 kg/kWh = 500 t CO2e/yr (ui_ledger_builder):
    the park keeps it and its entry, and the edit says so, on the stored baseline and in memory alike."""
    path = build_ledger(str(tmp_path / "ledger.gpkg"))
    eager = Chessboard(scenario_store.scenario_entries(path, BASELINE), scenario_store.read_units(path),
                       scenario_store.factor_table(path))
    for board in (scenario_store.open_chessboard(path), eager):
        park = board.apply("D01-B01-P01", "land_use_conversion", {"canopy_share": 0.4, "lawn_share": 0.3})
        assert (park.buildings_kept, park.buildings_kept_t) == (1, pytest.approx(500.0, rel=1e-12))
        assert board.current_entries(["D01-B01-P01-G01"])["co2e_t"].sum() == pytest.approx(500.0, rel=1e-12)
        second = board.apply("D01-B01-P02", "land_use_conversion", {})  # the park parcel: no building
        assert (second.buildings_kept, second.buildings_kept_t) == (0, 0.0)
        cut = board.apply("D01-L01", "signal_countdown", {})
        assert (cut.buildings_kept, cut.buildings_kept_t) == (0, 0.0)
        combined = board.combined([park, second, cut])
        assert (combined["buildings_kept"], combined["buildings_kept_t"]) == (1, pytest.approx(500.0, rel=1e-12))
