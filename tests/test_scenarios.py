"""Chessboard scenarios on a small hand-made ledger: a city, one district, one block, one bare
parcel of 2,000 m2 with a building, and three road links, with entries and factors worked by hand.
Test factor values are chosen for the arithmetic, not the shipped ones."""
import json
import math
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, box

from urban_carbon_ledger.algorithms.ledger import entries, factors as factor_tables, store as ledger
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.scenarios.scenario_store import (
    apply_scenario,
    edits_from_frame,
    read_edits_file,
    scenario_entries,
)

T_PER_T_C = 44 / 12

# A pocket park (design pocket_park, intensive regime, resources/greenspace/) on the 2,000 m2 parcel with
# canopy 0.5 (1,000 m2 urban_trees), lawn 0.3 (600 m2), paving 0.2, at the shipped rows:
# irrigation (1,000 x 0.4 + 600 x 1.0) m3 x 0.45 kWh/m3 x 0.5271 kg/kWh / 1000 = 0.237195 (new pumps: scope 2)
# mowing 600 x 0.08 L x 2.27 kg/L / 1000 = 0.10896; fertiliser (1,000 x 0.005 + 600 x 0.02) kg N x 0.01
# x 44/28 x 265 / 1000 = 0.07079286; pruning (1,000 x 0.002 + 600 x 0.0015) t x 191.5 kg/t (main's composting
# N2O 0.3 g/kg; the branch had 175.6) / 1000 = 0.55535; in all 0.9722979
PARK_MAINTENANCE_T = 0.237195 + 0.10896 + 17 * 0.01 * 44 / 28 * 265 / 1000 + 0.55535
# life cycle, outside the net: construction 2,000 m2 x (10 + 45 + 10) kg/m2 / 25 yr / 1000 = 5.2; replanting
# (1,000 x 0.02 + 600 x 0.05) m2 x 1.5 kg/m2 / 1000 = 0.075
PARK_LIFECYCLE_T = 5.2 + 0.075
# net of the park (merge of m16green and main): main's sinks give lawn IPCC Tier 1's zero rate (no lawn sink
# entry, where the branch had 0.06 ha x 0.5 t C), the branch adds the park's territorial maintenance:
# -(0.28 - 0.015) x 44/12 + 0.9722979 = -0.9716667 + 0.9722979 = +0.0006312 t CO2e/yr
PARK_T = -(0.28 - 0.015) * T_PER_T_C + PARK_MAINTENANCE_T

FACTORS = pd.DataFrame([
    # t C/ha/yr: hand-picked test values, not the shipped ones
    ("sink_rate_urban_trees", 2.8, "t C/ha/yr", 1.8, 3.4),
    ("sink_rate_lawn", 0.5, "t C/ha/yr", 0.3, 0.7),
    ("sink_rate_paved", 0.0, "t C/ha/yr", 0.0, 0.0),
    ("sink_rate_bare_land", 0.0, "t C/ha/yr", 0.0, 0.0),
    ("sink_rate_grassland", 0.3, "t C/ha/yr", 0.2, 0.4),
    ("test_vkm", 0.25, "kg CO2e/vkm", 0.2, 0.3),
    ("test_grid", 0.5, "kg CO2/kWh", 0.45, 0.55),
], columns=["factor_id", "value", "unit", "low", "high"]).assign(
    distribution="normal", source="test value", year=2024, region="test", description="test")

UNITS = [
    # unit_id, parent_id, level, land_use, area_m2, floors, floor_area_m2
    ("C", None, "city", None, 1e6, None, None),
    ("D1", "C", "district", None, 1e6, None, None),
    ("D1-B1", "D1", "block", None, 1e4, None, None),
    ("D1-B1-P1", "D1-B1", "parcel", "bare_land", 2000.0, None, None),
    ("D1-B1-P1-G1", "D1-B1-P1", "building", "commercial", 400.0, 5, 2000.0),
]
LINKS = [("D1-L1", 2000.0), ("D1-L2", 1000.0), ("D1-L3", 1600.0)]


def _rows(records):
    base = dict(gpc_sector="II.1", scope=1, activity_low=None, activity_high=None, conversion_note="",
                method="test")
    return pd.DataFrame([dict(base, **r) for r in records])


def accounting_rows():
    """Baseline: links 100, 50 and 80 t CO2e/yr of road traffic (vkm x 0.25 kg/vkm / 1000); the
    parcel 0.05 ha of grassland (-0.055 t CO2e/yr); the building 40,000 kWh (20 t CO2e/yr)."""
    records = [
        dict(unit_id=link, flow="source", sector="road_traffic", carrier="gasoline", activity=t / 0.25 * 1000,
             activity_unit="vkm", factor_id="test_vkm", conversion=1e-3)
        for link, t in (("D1-L1", 100.0), ("D1-L2", 50.0), ("D1-L3", 80.0))
    ]
    records.append(dict(unit_id="D1-B1-P1", flow="sink", sector="grassland", gpc_sector="V", carrier="grassland",
                        activity=0.05, activity_unit="ha", factor_id="sink_rate_grassland", conversion=-44 / 12))
    records.append(dict(unit_id="D1-B1-P1-G1", flow="source", sector="commercial", gpc_sector="I.2", scope=2,
                        carrier="electricity", activity=40000.0, activity_unit="kWh", factor_id="test_grid",
                        conversion=1e-3))
    return _rows(records)


def make_ledger(path):
    """Create the test ledger at ``path`` (EPSG:4547) and return its path."""
    ledger.create_ledger(path, "EPSG:4547")
    book = ledger.Ledger(path)
    crs = book.crs_wkt
    units = gpd.GeoDataFrame(
        pd.DataFrame(UNITS, columns=["unit_id", "parent_id", "level", "land_use", "area_m2", "floors",
                                     "floor_area_m2"]),
        geometry=[box(500000 + i, 3380000, 500010 + i, 3380010) for i in range(len(UNITS))], crs=crs)
    links = gpd.GeoDataFrame(
        pd.DataFrame([(lid, "D1", "link", length) for lid, length in LINKS],
                     columns=["unit_id", "parent_id", "level", "length_m"]),
        geometry=[LineString([(500000, 3380000 + i), (500100, 3380000 + i)]) for i in range(len(LINKS))], crs=crs)
    table = factor_tables.validate_factor_table(FACTORS, "test")
    with book.transaction("test:build") as writer:
        writer.append_rows("units", units)
        writer.append_rows("links", links)
        writer.append_rows("factors", factor_tables.factor_rows_for_ledger(table, table.index))
        rows = entries.finalize_entries(accounting_rows(), table, "baseline", writer.run_id, ledger.utc_now())
        writer.append_rows("entries", rows)
    return path


def edits(*records):
    """Edits frame from (unit_id, measure_id, parameters) tuples."""
    frame = pd.DataFrame([{"unit_id": u, "measure_id": m, "parameters": json.dumps(p)} for u, m, p in records])
    frame["row"] = range(1, len(frame) + 1)
    return edits_from_frame(frame)


def net_by_unit(frame):
    direct = frame[frame["flow"].isin(["source", "sink"])]
    return direct.groupby("unit_id")["co2e_t"].sum()


@pytest.fixture
def book(tmp_path):
    return make_ledger(str(tmp_path / "ledger.gpkg"))


def test_pocket_park_gives_the_hand_worked_delta(book):
    # 2,000 m2: canopy 0.5 -> 0.1 ha x 2.8 t C/ha/yr = 0.28 t C; lawn 0.3 -> 0.06 ha, no entry (the shipped
    # class table gives lawn IPCC Tier 1's zero rate); paving 0.2 -> 0.04 ha x 0; old sink 0.05 ha grassland x
    # 0.3 = 0.015 t C removed. sinks: -(0.28 - 0.015) x 44/12 = -0.9716667 t CO2e/yr, plus the park's
    # territorial maintenance 0.9722979 (PARK_MAINTENANCE_T) = +0.0006312 t CO2e/yr
    summary = apply_scenario(book, "park", edits(
        ("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2})))
    expected = PARK_T
    assert expected == pytest.approx(0.0006312, abs=1e-7)
    assert summary["city_delta_t"] == pytest.approx(expected, rel=1e-9)
    result = summary["results"][0]
    assert result.district["net_t"] == pytest.approx(expected, rel=1e-9)
    assert result.sink_removed_t == pytest.approx(0.015 * T_PER_T_C)
    assert result.lifecycle_t == pytest.approx(PARK_LIFECYCLE_T)
    # with its construction the park emits 0.0006312 + 5.275 = 5.28 t CO2e/yr net over its life: it avoids nothing
    assert math.isnan(result.cost["cost_per_t"])
    park = scenario_entries(book, "park")
    stored = set(ledger.Ledger(book).read_table("factors")["factor_id"])
    assert {"gs_lifetime_pocket_park", "gs_pumping_energy", "gs_irrigation_water_intensive_lawn"} <= stored
    lifecycle = park[park["flow"] == "lifecycle"].groupby("sector")["co2e_t"].sum()
    assert lifecycle["greenspace_construction"] == pytest.approx(5.2)
    assert lifecycle["greenspace_replanting"] == pytest.approx(0.075)
    parcel = park[(park["unit_id"] == "D1-B1-P1") & (park["flow"] == "sink")].set_index("carrier")
    assert sorted(parcel.index) == ["urban_trees"]  # lawn and paving have a zero rate: no entry
    assert parcel.at["urban_trees", "activity"] == pytest.approx(0.1)
    assert parcel.at["urban_trees", "co2e_t"] == pytest.approx(-0.28 * T_PER_T_C)
    assert parcel.at["urban_trees", "factor_id"] == "sink_rate_urban_trees"
    # interval from the factor's range: 0.1 ha x [1.8, 3.4] t C/ha/yr
    assert parcel.at["urban_trees", "low_t"] == pytest.approx(-0.34 * T_PER_T_C)
    assert parcel.at["urban_trees", "high_t"] == pytest.approx(-0.18 * T_PER_T_C)
    assert (park["scenario"][park["unit_id"] == "D1-B1-P1"] == "park").all()
    # the building under the parcel keeps its electricity entry; baseline untouched
    base = scenario_entries(book, "baseline")
    assert net_by_unit(park)["D1-B1-P1-G1"] == pytest.approx(20.0)
    assert net_by_unit(base)["D1-B1-P1"] == pytest.approx(-0.015 * T_PER_T_C)
    assert net_by_unit(park).sum() - net_by_unit(base).sum() == pytest.approx(expected)


def test_countdown_cuts_exactly_4_4_percent_of_two_links_and_nothing_else(book):
    apply_scenario(book, "corridor", edits(("D1-L1", "signal_countdown", {}), ("D1-L2", "signal_countdown", {})))
    base = net_by_unit(scenario_entries(book, "baseline"))
    corridor = scenario_entries(book, "corridor")
    after = net_by_unit(corridor)
    assert after["D1-L1"] == pytest.approx(100.0 * (1 - 0.044), rel=1e-12)
    assert after["D1-L2"] == pytest.approx(50.0 * (1 - 0.044), rel=1e-12)
    for unit in ("D1-L3", "D1-B1-P1", "D1-B1-P1-G1"):
        assert after[unit] == base[unit]
    adjustment = corridor[(corridor["unit_id"] == "D1-L1")
                          & (corridor["method"] == "scenario:signal_countdown")].iloc[0]
    assert (adjustment["sector"], adjustment["carrier"], adjustment["gpc_sector"]) == ("road_traffic", "gasoline",
                                                                                        "II.1")
    assert adjustment["factor_id"] == "measure_signal_countdown_cut"
    assert adjustment["activity"] == pytest.approx(100.0)
    factors = ledger.Ledger(book).read_table("factors").set_index("factor_id")
    assert factors.at["measure_signal_countdown_cut", "value"] == 0.044
    assert "Environ. Res. Commun. 7 031007" in factors.at["measure_signal_countdown_cut", "source"]
    # only the two links were stored for the scenario: the rest comes from the base
    stored = ledger.Ledger(book).read_table("entries", match={"scenario": "corridor"})
    assert set(stored["unit_id"]) == {"D1-L1", "D1-L2"}


def test_scenario_on_a_scenario_composes(book):
    apply_scenario(book, "corridor", edits(("D1-L1", "signal_countdown", {})))
    apply_scenario(book, "corridor_plus", edits(
        ("D1-L1", "signal_countdown", {}), ("D1-B1-P1-G1", "building_retrofit", {"cut_electricity": 0.25})),
        base="corridor")
    first = net_by_unit(scenario_entries(book, "corridor"))
    both = net_by_unit(scenario_entries(book, "corridor_plus"))
    assert first["D1-L1"] == pytest.approx(100.0 * 0.956)
    assert both["D1-L1"] == pytest.approx(100.0 * 0.956 * 0.956)
    assert both["D1-B1-P1-G1"] == pytest.approx(20.0 * 0.75)
    assert both["D1-L2"] == pytest.approx(50.0)
    assert first["D1-B1-P1-G1"] == pytest.approx(20.0)
    # a user-set effect size is its own factor row, cited by the entry
    factors = ledger.Ledger(book).read_table("factors").set_index("factor_id")
    assert factors.at["measure_retrofit_electricity_cut@corridor_plus#2", "value"] == 0.25


@pytest.mark.parametrize("record, message", [
    (("D1-B1-P9", "land_use_conversion", {}), "not in the ledger"),
    (("D1-B1-P1", "moon_base", {}), "not in the measures library"),
    (("D1-B1-P1", "land_use_conversion", {"canopy_share": 1.5}), "outside"),
    (("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.8, "lawn_share": 0.3}), "planting plan"),
    (("D1-B1-P1", "land_use_conversion", {"to_land_use": "airport"}), "no sink or source rule"),
    (("D1-B1-P1", "land_use_conversion", {"capital_cost": -5}), "outside"),
    (("D1-L1", "land_use_conversion", {}), "applies to parcel"),
])
def test_bad_edits_name_the_row_and_write_nothing(book, record, message):
    book_ledger = ledger.Ledger(book)
    before = book_ledger.summary()["counts"]
    good = ("D1-L1", "signal_countdown", {})
    with pytest.raises(LedgerInputError) as caught:
        apply_scenario(book, "bad", edits(good, record))
    assert message in str(caught.value)
    assert caught.value.row == 2
    assert book_ledger.summary()["counts"] == before


def test_edits_file_csv_and_json(tmp_path):
    csv_path = tmp_path / "edits.csv"
    csv_path.write_text('unit_id,measure_id,parameters,canopy_share\n'
                        'P1,land_use_conversion,"{""lawn_share"": 0.2}",0.6\n'
                        'L1,signal_countdown,,\n', encoding="utf-8")
    frame = read_edits_file(str(csv_path))
    assert frame.at[0, "parameters"] == {"lawn_share": 0.2, "canopy_share": "0.6"}
    assert frame.at[1, "parameters"] == {}
    assert list(frame["row"]) == [1, 2]
    json_path = tmp_path / "edits.json"
    json_path.write_text(json.dumps({"edits": [{"unit_id": "L1", "measure_id": "signal_countdown",
                                                "parameters": {"cut_road_traffic": 0.05}}]}))
    assert read_edits_file(str(json_path)).at[0, "parameters"] == {"cut_road_traffic": 0.05}
    bad = tmp_path / "bad.csv"
    bad.write_text('unit_id,measure_id,parameters\nP1,tree_planting,{trees: 3}\n', encoding="utf-8")
    with pytest.raises(LedgerInputError, match="row 1"):
        read_edits_file(str(bad))


@pytest.mark.slow
def test_comparison_deltas_costs_and_outputs(book, tmp_path):
    from urban_carbon_ledger.algorithms.reports.scenario_comparison import compare_scenarios, write_comparison

    apply_scenario(book, "corridor", edits(
        ("D1-L1", "signal_countdown", {"capital_cost": 500, "om_cost": 10, "lifetime_years": 10}),
        ("D1-L2", "signal_countdown", {"capital_cost": 500, "om_cost": 10, "lifetime_years": 10})))
    apply_scenario(book, "park", edits(("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3})))
    result = compare_scenarios(book, "baseline", ["corridor", "park"], discount_rate=8, start_year=2025,
                               end_year=2060, source_growth=0)
    units = result["units"].set_index(["scenario", "unit_id"])
    assert units.at[("corridor", "D1-L1"), "delta_net_t"] == pytest.approx(-4.4)
    assert units.at[("corridor", "D1"), "delta_net_t"] == pytest.approx(-6.6)
    assert units.at[("corridor", "C"), "delta_net_t"] == pytest.approx(-6.6)
    assert ("corridor", "D1-L3") not in units.index
    # The two cuts cite one factor, 0.044 (0.022-0.066: +-50%), applied once to their sum (IPCC 2006 Vol 1
    # Ch 3 3.2.3.1): 6.6 x 0.5 = 3.3; their activities (the links' 100 and 50 t, +-20% from test_vkm)
    # 4.4 x 0.2 = 0.88 and 2.2 x 0.2 = 0.44: -6.6 -/+ sqrt(3.3^2 + 0.88^2 + 0.44^2) = 3.4436, at least +-50%
    # (the cuts independent gave -/+ 2.65)
    deviation = math.sqrt(3.3 ** 2 + 0.88 ** 2 + 0.44 ** 2)
    for table, key in ((units, ("corridor", "D1")), (units, ("corridor", "C"))):
        assert (table.at[key, "delta_low_t"], table.at[key, "delta_high_t"]) == pytest.approx(
            (-6.6 - deviation, -6.6 + deviation))
    measures = result["measures"].set_index(["scenario", "measure_id"])
    # 2 links x (500 x CRF(8%, 10) + 10) / 6.6 t avoided
    assert measures.at[("corridor", "signal_countdown"), "cost_per_t"] == pytest.approx(
        2 * (500 * 0.1490295 + 10) / 6.6, rel=1e-6)
    sectors = result["sectors"].set_index(["scenario", "flow", "sector"])
    assert sectors.at[("corridor", "source", "road_traffic"), "co2e_t"] == pytest.approx(-6.6)
    assert sectors.at[("corridor", "source", "road_traffic"), "low_t"] == pytest.approx(-6.6 - deviation)
    timetable = result["timetable"].set_index("scenario")
    assert timetable.at["baseline", "neutral_year"] == "not before 2060"
    written = write_comparison(result, str(tmp_path / "out"), "baseline")
    for key in ("html", "mac_png", "mac_svg", "units", "timetable", "measures"):
        assert (tmp_path / "out" / written[key].split("/")[-1]).stat().st_size > 0
    summary = pd.read_csv(written["summary"]).set_index("scenario")
    assert summary.at["corridor", "delta_net_t"] == pytest.approx(-6.6)
    assert summary.at["corridor", "cost_per_t"] == pytest.approx(2 * (500 * 0.1490295 + 10) / 6.6, rel=1e-6)
    # the park's construction and replanting (GPC VI) are reported beside its net, and with them it
    # avoids nothing over its life: no cost per t
    assert summary.at["park", "delta_net_t"] == pytest.approx(PARK_T)
    assert summary.at["park", "delta_lifecycle_t"] == pytest.approx(PARK_LIFECYCLE_T)
    assert math.isnan(summary.at["park", "cost_per_t"])
    # signed as emissions on the page: the corridor's levelised change -6.6 t like its net (the CSV's avoided_t +6.6)
    page = open(written["html"], encoding="utf-8").read()
    table = page.split("<h2>Summary</h2>")[1].split("</table>")[0]
    assert "Change in emissions, levelised, life cycle included (t CO2e/yr)" in table and "Avoided (t" not in page
    corridor = re.search(r'<tr><td class="text">corridor</td>(.*?)</tr>', table).group(1)
    assert re.findall(r'<td class="number">([^<]*)</td>', corridor)[::4] == ["\u22126.6", "\u22126.6"]  # net, levelised
    assert "Signs in every table: positive" in page and "inventory year not recorded" in page.split("</h1>")[0]


@pytest.mark.slow
def test_processing_apply_and_compare(book, tmp_path, run_alg):
    edits_path = tmp_path / "edits.csv"
    edits_path.write_text("unit_id,measure_id,parameters\nD1-L1,signal_countdown,\nD1-L2,signal_countdown,\n",
                          encoding="utf-8")
    applied = run_alg("carbonledger:applyscenario", {
        "LEDGER": book, "SCENARIO": "corridor", "BASE": "baseline", "EDITS": str(edits_path),
        "DESCRIPTION": "countdown on two links"})
    assert applied["EDITS_APPLIED"] == 2
    assert applied["CITY_DELTA_T"] == pytest.approx(-6.6)
    compared = run_alg("carbonledger:comparescenarios", {
        "LEDGER": book, "BASE": "baseline", "SCENARIOS": "corridor", "OUTPUT": str(tmp_path / "cmp.html"),
        "DISCOUNT_RATE": 8, "START_YEAR": 2025, "END_YEAR": 2060, "SOURCE_GROWTH": 0})
    assert json.loads(compared["TIMETABLE"]) == {"baseline": "not before 2060", "corridor": "not before 2060"}
    assert (tmp_path / "cmp.html").stat().st_size > 0
    assert (tmp_path / "cmp_mac.svg").exists()


def test_processing_bad_edit_names_the_row(book, tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    edits_path = tmp_path / "edits.json"
    edits_path.write_text(json.dumps([{"unit_id": "D1-L1", "measure_id": "signal_countdown"},
                                      {"unit_id": "NOPE", "measure_id": "signal_countdown"}]), encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="row 2"):
        run_alg("carbonledger:applyscenario", {"LEDGER": book, "SCENARIO": "bad", "EDITS": str(edits_path)})
    assert ledger.Ledger(book).count("scenarios") == 0


def test_processing_edits_from_a_layer(book, tmp_path, run_alg):
    from qgis.core import QgsVectorLayer

    table = tmp_path / "selected.csv"
    table.write_text('unit_id,level,measure_id,parameters,canopy_share\n'
                     'D1-B1-P1,parcel,land_use_conversion,"{""lawn_share"": 0.3, ""paving_share"": 0.2}",0.5\n',
                     encoding="utf-8")
    layer = QgsVectorLayer(str(table), "selected", "ogr")
    assert layer.isValid()
    applied = run_alg("carbonledger:applyscenario", {"LEDGER": book, "SCENARIO": "park", "EDITS_LAYER": layer})
    assert applied["CITY_DELTA_T"] == pytest.approx(PARK_T)


def test_rooftop_pv_displaces_grid_electricity_then_exports(book):
    # footprint 400 m2 x roof share 0.5 = 200 m2 x 150 kWh/m2 = 30,000 kWh <= 40,000 kWh used:
    # all displaced at 0.5 kg/kWh -> -15 t CO2e/yr. With 300 kWh/m2: 60,000 kWh, 40,000 displaced
    # (-20 t) and 20,000 kWh exported (avoided flow, -10 t, not in the net).
    small = apply_scenario(book, "pv", edits(("D1-B1-P1-G1", "rooftop_pv", {"yield_kwh_m2": 150})))
    assert small["city_delta_t"] == pytest.approx(-15.0)
    big = apply_scenario(book, "pv_big", edits(("D1-B1-P1-G1", "rooftop_pv", {"yield_kwh_m2": 300})))
    assert big["city_delta_t"] == pytest.approx(-20.0)
    assert big["results"][0].avoided_t == pytest.approx(-10.0)
    stored = scenario_entries(book, "pv_big").set_index("carrier")
    assert stored.at["rooftop_pv_export", "flow"] == "avoided"
    assert stored.at["rooftop_pv", "sector"] == "commercial"
    assert stored.at["rooftop_pv", "factor_id"] == "test_grid"


def test_live_session_matches_the_stored_scenario_and_undoes(book):
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import board_edits, open_chessboard

    board = open_chessboard(book, scenario="live")
    first = board.apply("D1-L1", "signal_countdown", {})
    assert first.unit["net_t"] == pytest.approx(-4.4)
    assert first.district["unit_id"] == "D1" and first.city["unit_id"] == "C"
    second = board.apply("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3})
    park = PARK_T
    assert second.city["net_t"] == pytest.approx(-4.4 + park)
    assert second.district["scenario_net_t"] == pytest.approx(230.0 + 20.0 - 0.015 * T_PER_T_C - 4.4 + park)
    board.undo()
    assert board.level_delta("C")["net_t"] == pytest.approx(-4.4)
    assert board.touched_units() == ["D1-L1"]
    board.apply("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3})
    summary = apply_scenario(book, "live", board_edits(board))
    assert summary["city_delta_t"] == pytest.approx(-4.4 + park)
    stored = net_by_unit(scenario_entries(book, "live"))
    assert stored.sum() == pytest.approx(230.0 + 20.0 - 0.015 * T_PER_T_C - 4.4 + park)


def test_qgis_process_applies_a_scenario(book, tmp_path, qgis_process):
    edits_path = tmp_path / "edits.csv"
    edits_path.write_text("unit_id,measure_id,parameters\nD1-L3,signal_countdown,\n", encoding="utf-8")
    completed = qgis_process("run", "carbonledger:applyscenario", "--json", "--", f"LEDGER={book}",
                             "SCENARIO=cli", f"EDITS={edits_path}")
    assert completed.json["results"]["CITY_DELTA_T"] == pytest.approx(-80.0 * 0.044)


def test_tree_planting_adds_crown_cover_and_refuses_too_many_trees(book):
    # 10 trees x 30 m2 crown = 300 m2 = 0.03 ha crown x 2.8 t C/ha/yr x 44/12 = -0.308 t CO2e/yr
    summary = apply_scenario(book, "trees", edits(("D1-B1-P1", "tree_planting",
                                                   {"trees": 10, "crown_m2_per_tree": 30})))
    assert summary["city_delta_t"] == pytest.approx(-0.03 * 2.8 * T_PER_T_C)
    planted = scenario_entries(book, "trees").query("unit_id == 'D1-B1-P1' and carrier == 'urban_trees'").iloc[0]
    assert planted["activity_unit"] == "ha crown"
    with pytest.raises(LedgerInputError, match="exceed the unit's area"):
        apply_scenario(book, "trees", edits(("D1-B1-P1", "tree_planting", {"trees": 100, "crown_m2_per_tree": 30})),
                       replace=True)


def test_conversion_keeps_the_historic_land_conversion_entries(book):
    # a stock loss written by the sink accounting (sector land_conversion, a source of 0.5 t CO2e/yr
    # here) happened between the two land-cover maps: a conversion now does not undo it
    table = factor_tables.validate_factor_table(FACTORS, "test")
    book_ledger = ledger.Ledger(book)
    with book_ledger.transaction("test:stock_change") as writer:
        row = _rows([dict(unit_id="D1-B1-P1", flow="source", sector="land_conversion", gpc_sector="V",
                          carrier="grassland", activity=1000.0, activity_unit="kWh", factor_id="test_grid",
                          conversion=1e-3)])
        writer.append_rows("entries", entries.finalize_entries(row, table, "baseline", writer.run_id, ledger.utc_now()))
    summary = apply_scenario(book, "park", edits(("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5,
                                                                                      "lawn_share": 0.3})))
    assert summary["city_delta_t"] == pytest.approx(PARK_T)
    kept = scenario_entries(book, "park").query("sector == 'land_conversion'")
    assert list(kept["co2e_t"]) == [pytest.approx(0.5)]
    # the timetable counts that past average through LAND_CONVERSION_UNTIL only: baseline net
    # 230 + 20 - 0.055 + 0.5 = 250.445 t CO2e/yr in 2025 when carried to 2030, 249.945 by default (2024)
    from urban_carbon_ledger.algorithms.reports.scenario_comparison import compare_scenarios

    base = 230.0 + 20.0 - 0.015 * T_PER_T_C
    default = compare_scenarios(book, "baseline", ["park"], start_year=2025, end_year=2060)["timetable"]
    carried = compare_scenarios(book, "baseline", ["park"], start_year=2025, end_year=2060,
                                conversion_until=2030)["trajectories"]
    assert default.set_index("scenario").at["baseline", "net_start_t"] == pytest.approx(base)
    baseline = carried[carried["scenario"] == "baseline"].set_index("year")["net_t"]
    assert baseline[2030] == pytest.approx(base + 0.5) and baseline[2031] == pytest.approx(base)


def test_tree_planting_costs_per_levelised_tonne(book):
    """10 trees x 30 m2 = 0.03 ha crown x 2.8 t C/ha/yr x 44/12 = 0.308 t CO2e/yr at maturity. Over a
    40-yr life with a 20-yr ramp at 8%: share = [(1/20) (Ia)_20 + a_40 - a_20] / a_40 with a_20 =
    9.818147, a_40 = 11.924613, (Ia)_20 = (1.08 a_20 - 20 x 1.08^-20) / 0.08 = 78.90794, so
    (3.945397 + 2.106466) / 11.924613 = 0.507510: 0.156313 t CO2e/yr levelised. Cost: 10 x 1,500 CNY
    x CRF(8%, 40) 0.0838602 + 10 x 80 CNY/yr = 2,057.90 CNY/yr / 0.156313 t = 13,165 CNY/t (the mature
    uptake would give 6,681)."""
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import open_chessboard

    board = open_chessboard(book, scenario="trees")
    result = board.apply("D1-B1-P1", "tree_planting", {"trees": 10, "crown_m2_per_tree": 30})
    assert result.delta["net_t"] == pytest.approx(-0.308, rel=1e-9)
    assert result.cost["avoided_t"] == pytest.approx(0.308 * 0.507510, rel=1e-5)
    assert result.cost["cost_per_t"] == pytest.approx((15000 * 0.0838602 + 800) / (0.308 * 0.507510), rel=1e-5)


@pytest.mark.parametrize("in_buildings, gpc", [(1, "I.1"), (0, "II.1")])
def test_electrification_cuts_combustion_vkm_and_counts_the_charging(book, in_buildings, gpc):
    """Link D1-L1: 400,000 vkm x 0.25 kg/vkm = 100 t CO2e/yr. With 20% of the vkm electric, the per-vkm
    fuel factor applies to the 320,000 combustion vkm: -0.2 x 100 = -20 t. The charging electricity is
    counted, never dropped: 400,000 x 0.2 x 0.16 kWh/vkm = 12,800 kWh x 0.5271 kg/kWh (shipped
    china_grid_central_2023) / 1000 = 6.74688 t, scope 2, in buildings' electricity (GPC I.1) or on
    the link (GPC II.1). Net delta -13.25312 t CO2e/yr."""
    summary = apply_scenario(book, "ev", edits(("D1-L1", "vehicle_electrification",
                                                {"charging_in_buildings": in_buildings})))
    assert summary["city_delta_t"] == pytest.approx(-20.0 + 6.74688, rel=1e-9)
    link = scenario_entries(book, "ev").query("unit_id == 'D1-L1'").set_index("carrier")
    charging = link.loc["electricity"]
    assert charging["activity"] == pytest.approx(12800.0)
    assert (charging["gpc_sector"], charging["scope"], charging["factor_id"]) == (gpc, 2, "china_grid_central_2023")
    # kWh/vkm range 0.12-0.22: activity 9,600-17,600 kWh
    assert (charging["activity_low"], charging["activity_high"]) == (pytest.approx(9600.0), pytest.approx(17600.0))
