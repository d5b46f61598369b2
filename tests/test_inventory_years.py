"""Inventory years side by side (issue 21 item 1): a new year is added beside the others, a sealed year
changes only by a new version with its reason, and every read selects one year."""
import os

import pandas as pd
import pytest

from test_scenarios import make_ledger
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import store, years
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from ledger_bytes import file_bytes

BUILDING = "D1-B1-P1-G1"
GRID = {2021: 0.5354, 2022: 0.5395, 2023: 0.5271}
"""china_grid_central_<year> of resources/factors, kg CO2/kWh."""


def activity(year, kwh):
    return pd.DataFrame([("A1", BUILDING, "commercial", "electricity", kwh, "kWh", 5, year, "")],
                        columns=["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct", "year",
                                 "proxy"])



@pytest.fixture
def two_years(tmp_path):
    """The test city accounted for 2022 (40,000 kWh) and then 2023 (50,000 kWh)."""
    path = make_ledger(str(tmp_path / "years.gpkg"))
    account_sources(path, activity(2022, 40000), 2022)
    account_sources(path, activity(2023, 50000), 2023)
    return path


def electricity(frame):
    """The building's electricity entries written by accountsources (not the test city's hand-made one)."""
    return frame[(frame["unit_id"] == BUILDING) & (frame["carrier"] == "electricity") & (frame["method"] != "test")]


def test_a_new_year_is_added_beside_the_earlier_one(two_years):
    book = store.Ledger(two_years)
    assert book.inventory_years()[["inventory_year", "year_version", "reason"]].values.tolist() == [
        [2022, 1, "first accounting"], [2023, 1, "first accounting"]]
    for year, kwh in ((2022, 40000), (2023, 50000)):
        mine = electricity(book.scenario_entries("baseline", year))
        # kWh x the grid factor of the year / 1000 (t CO2e/yr)
        assert mine["co2e_t"].tolist() == pytest.approx([kwh * GRID[year] / 1000])
        assert set(mine["inventory_year"]) == {year} and mine["entry_id"].str.endswith(f"@{year}v1").all()
    latest = book.scenario_entries("baseline")  # default: the latest year, never both
    assert set(latest["inventory_year"]) == {2023}
    # the hand-made entries of the test city were adopted by the first year and copied into none other
    assert book.count("entries", {"method": "test", "inventory_year": 2022}) > 0
    assert book.count("entries", {"method": "test", "inventory_year": 2023}) == 0
    totals = book.read_table("year_totals").set_index(["inventory_year", "unit_id"])
    units = book.read_table("units", ["unit_id", "source_t"]).set_index("unit_id")["source_t"]
    assert units[BUILDING] == pytest.approx(totals.loc[(2023, BUILDING), "source_t"]) == pytest.approx(26.355)


def test_a_sealed_year_changes_only_by_a_new_version_with_its_reason(two_years):
    before = file_bytes(two_years)
    with pytest.raises(LedgerInputError, match="2022 is sealed: 2023 follows it.*REASON.*version 2"):
        account_sources(two_years, activity(2022, 41000), 2022)
    assert file_bytes(two_years) == before
    first = store.Ledger(two_years).read_table("entries", match={"inventory_year": 2022})
    account_sources(two_years, activity(2022, 40000), 2022, grid_year=2021, reason="grid factor corrected")
    book = store.Ledger(two_years)
    versions = book.inventory_years().set_index(["inventory_year", "year_version"])
    assert versions.loc[(2022, 2), "reason"] == "grid factor corrected" and versions.loc[(2022, 2), "based_on"] == 1
    pd.testing.assert_frame_equal(book.read_table("entries", match={"inventory_year": 2022, "year_version": 1}),
                                  first)  # version 1 as it was
    again = book.scenario_entries("baseline", 2022)
    assert set(again["year_version"]) == {2}
    assert electricity(again)["co2e_t"].tolist() == pytest.approx([40000 * GRID[2021] / 1000])
    # version 2 holds version 1's other entries too (copied, then the sources replaced)
    assert len(again) == len(first)
    # the same reason continues the same version; the latest year's totals stay on the units layer
    account_sources(two_years, activity(2022, 40000), 2022, grid_year=2021, reason="grid factor corrected")
    assert len(store.Ledger(two_years).inventory_years()) == 3
    units = store.Ledger(two_years).read_table("units", ["unit_id", "source_t"]).set_index("unit_id")["source_t"]
    assert units[BUILDING] == pytest.approx(50000 * GRID[2023] / 1000)


def test_reading_a_year_not_in_the_ledger_names_the_years_there_are(two_years):
    with pytest.raises(LedgerInputError, match="2019 is not in the ledger: it holds 2022, 2023"):
        store.Ledger(two_years).scenario_entries("baseline", 2019)


def test_yearchange_separates_the_grid_factor_from_the_activity(run_alg, two_years, tmp_path):
    output = str(tmp_path / "change.csv")
    result = run_alg("carbonledger:yearchange", {"LEDGER": two_years, "FROM_YEAR": 2022, "TO_YEAR": 2023,
                                                 "LEVEL": "building", "OUTPUT": output})
    table = pd.read_csv(output).set_index(["unit_id", "sector"])
    row = table.loc[(BUILDING, "commercial")]
    # activity (50,000 - 40,000) kWh x (0.5395 + 0.5271) / 2 / 1000, less the test city's hand-made 20 t of
    # 2022 (adopted by 2022, in no other year); factor (0.5271 - 0.5395) x 45,000 / 1000
    assert row["activity_t"] == pytest.approx(10000 * (0.5395 + 0.5271) / 2 / 1000 - 20)
    assert row["factor_t"] == pytest.approx(-0.0124 * 45000 / 1000)
    assert row["method_t"] == pytest.approx(0.0, abs=1e-12)
    assert row["change_t"] == pytest.approx((50000 * 0.5271 - 40000 * 0.5395) / 1000 - 20)
    assert result["UNITS"] == 1 and os.path.exists(output)


def test_the_ledger_dock_shows_one_year_at_a_time(qgis_app, two_years):
    from ui_ledger_builder import wait_for
    from urban_carbon_ledger.ui.ledger_dock import LedgerDock

    dock = LedgerDock()
    try:
        dock.set_ledger(two_years, ())
        assert [dock.year_box.itemText(i) for i in range(dock.year_box.count())] == ["2023", "2022"]
        wait_for(lambda: dock.current_view() is not None)
        # the latest year opens from the stored totals; a unit's entries are read when it is shown
        assert dock.current_view().unit_entries(BUILDING)["entry_id"].str.endswith("@2023v1").all()
        dock.year_box.setCurrentText("2022")
        wait_for(lambda: dock.current_view() is not None)
        assert dock.current_view().entries["entry_id"].str.endswith("@2022v1").all()
    finally:
        dock.close()


def test_both_years_verify_against_their_own_activity_tables(two_years, tmp_path):
    from urban_carbon_ledger.algorithms.mrv import verification

    assert verification.verify_ledger(two_years)[1]["mismatches"] == 0
    table = tmp_path / "activity_2023.csv"
    activity(2023, 50000).to_csv(table, index=False)
    # the 2022 row of the same row_id is another year's: checked against its hash, not against this table
    assert verification.verify_ledger(two_years, inputs=str(table))[1]["mismatches"] == 0
    activity(2023, 51000).to_csv(table, index=False)
    mismatches = verification.verify_ledger(two_years, inputs=str(table))[0]
    assert set(mismatches["entry_id"].str.extract(r"@(\d+)v", expand=False)) == {"2023"}


def test_a_scenario_names_the_year_it_starts_from_and_composes_on_it(two_years):
    from test_scenarios import edits
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario

    apply_scenario(two_years, "corridor", edits((BUILDING, "building_retrofit", {})))
    book = store.Ledger(two_years)
    assert book.scenarios().at["corridor", "inventory_year"] == 2023
    composed = book.scenario_entries("corridor")
    # 2023 holds the building's electricity only (the test city's hand-made entries are 2022's): the
    # retrofit replaces it, and nothing of 2022 comes in
    assert set(composed["inventory_year"]) == {2023}
    own = composed[composed["scenario"] == "corridor"]
    assert len(own) and own["entry_id"].str.endswith("@2023v1").all()


def test_a_scenario_counts_its_own_entries_once_after_a_new_version_of_its_year(two_years):
    """A new version of 2023 copies every entry of version 1, the scenario's own too: the composed
    scenario takes one copy, so its change against the baseline stays what it was (the demo's corridor
    showed +7,817 t instead of -377 t before)."""
    from test_scenarios import edits
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario

    apply_scenario(two_years, "corridor", edits((BUILDING, "building_retrofit", {})))
    book = store.Ledger(two_years)
    before = book.scenario_entries("corridor")["co2e_t"].sum()
    with book.transaction("test:recalculate") as writer:
        writer.open_year(2023, "a corrected factor")  # version 2: version 1 copied, the scenario's entries too
    composed = store.Ledger(two_years).scenario_entries("corridor")
    assert composed["co2e_t"].sum() == pytest.approx(before)
    assert set(composed["year_version"]) == {2}
    assert composed["entry_id"].is_unique


def test_the_chessboard_dock_starts_from_the_year_chosen_and_saves_it(qgis_app, two_years):
    from ui_ledger_builder import previewed, wait_for
    from urban_carbon_ledger.algorithms.scenarios.session_units import StoredUnits
    from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock

    dock = ChessboardDock()
    ready, saved = [], []
    dock.sessionReady.connect(ready.append)
    dock.scenarioSaved.connect(saved.append)
    try:
        dock.set_ledger(two_years, ())
        wait_for(lambda: ready)
        assert [dock.year_box.itemText(i) for i in range(dock.year_box.count())] == ["2023", "2022"]
        # 2023: the building holds its electricity only, 50,000 kWh x 0.5271 kg/kWh = 26.355 t
        assert dock.board.units.base_net(BUILDING) == pytest.approx(50000 * GRID[2023] / 1000)
        assert isinstance(dock.board.units, StoredUnits)  # the latest year's totals stored on the units
        ready.clear()
        dock.year_box.setCurrentText("2022")
        dock.year_box.activated.emit(dock.year_box.currentIndex())
        wait_for(lambda: ready)
        # 2022: 40,000 kWh x 0.5395 = 21.58 t plus the test city's hand-made 20 t of the building
        assert set(dock.board.current_entries([BUILDING])["inventory_year"]) == {2022}
        assert dock.board.units.base_net(BUILDING) == pytest.approx(40000 * GRID[2022] / 1000 + 20)
        assert isinstance(dock.board.units, StoredUnits)  # 2022's totals read from year_totals, by id
        dock.set_measure("building_retrofit")
        dock.set_units([BUILDING])
        previewed(dock)
        dock.apply_edit()
        dock.save_scenario("retrofit_2022")
        wait_for(lambda: saved)
        book = store.Ledger(two_years)
        assert book.scenarios().at["retrofit_2022", "inventory_year"] == 2022
        own = book.scenario_entries("retrofit_2022")
        assert set(own["inventory_year"]) == {2022}
    finally:
        dock.close()


def test_the_district_atlas_adds_a_change_page_with_yearchanges_numbers(run_alg, two_years, tmp_path):
    import re

    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    from test_district_maps import pdf_pages
    from urban_carbon_ledger.algorithms.mrv import year_change
    from urban_carbon_ledger.processing_provider.change_page import NOTE_ID

    pdf, pngs = str(tmp_path / "atlas.pdf"), str(tmp_path / "pages")
    result = run_alg("carbonledger:districtmaps", {"LEDGER": two_years, "OUTPUT": pdf, "PNG_FOLDER": pngs,
                                                   "FROM_YEAR": 2022})
    # one district (D1): its page and its change page
    assert result["PAGES"] == 2 and pdf_pages(pdf) == 2
    assert len(os.listdir(pngs)) == 2
    algorithm = QgsApplication.processingRegistry().algorithmById("carbonledger:districtmaps").create()
    layout, _project = algorithm.prepared_layout({"LEDGER": two_years, "FROM_YEAR": 2022, "LANGUAGE": "en"},
                                                 QgsProcessingContext(), QgsProcessingFeedback())
    atlas = layout.atlas()
    assert atlas.updateFeatures() == 1 and layout.pageCollection().pageCount() == 2
    atlas.beginRender()
    atlas.seekTo(0)
    note = layout.itemById(NOTE_ID).currentText().replace("\u2212", "-")  # intervals print U+2212 minus signs
    title = layout.itemById("title").currentText()
    atlas.endRender()
    assert title.endswith(" · inventory year 2023, version 1")  # the page names the year it maps
    table, _summary = year_change.read_year_change(two_years, 2022, 2023, "district")
    row = table[(table["unit_id"] == "D1") & (table["sector"] == year_change.ALL_SECTORS)].iloc[0]
    shown = [float(text.replace(",", "")) for text in re.findall(r"-?[\d,]+\.\d", note)]
    expected = [row[c] for c in ("change_t", "change_low_t", "change_high_t", "activity_t", "factor_t", "method_t")]
    assert shown == pytest.approx(expected, abs=0.051)  # one decimal on the page
    # by hand: the only entry in both years is the building's electricity, 45,000 kWh on average; its factor
    # part (0.5271 - 0.5395) x 45,000 / 1000 = -0.558 t -> "-0.6"
    assert shown[4] == pytest.approx(-0.6)


def test_a_rerun_sets_only_the_year_totals_it_changes(two_years):
    """Accounting 2023 again with 60,000 kWh: the building's total becomes 60,000 x 0.5271 / 1000 = 31.626
    t CO2e/yr (it has no other 2023 entry); the rows of year_totals whose five totals changed carry the new
    run's id, every other row keeps the id of the run that wrote it, and the units layer agrees with them."""
    book = store.Ledger(two_years)
    before = book.read_table("year_totals", match={"inventory_year": 2023}).set_index("unit_id")
    account_sources(two_years, activity(2023, 60000), 2023)
    after = book.read_table("year_totals", match={"inventory_year": 2023}).set_index("unit_id").loc[before.index]
    rerun = book.read_table("runs")["run_id"].iloc[-1]
    assert after.loc[BUILDING, "source_t"] == pytest.approx(60000 * GRID[2023] / 1000)
    columns = ["source_t", "sink_t", "net_t", "net_low_t", "net_high_t"]
    changed = (after[columns] != before[columns]).any(axis=1)
    assert changed[BUILDING] and (~changed).any()
    assert (after.loc[changed, "run_id"] == rerun).all()
    assert after.loc[~changed, "run_id"].tolist() == before.loc[~changed, "run_id"].tolist() and rerun not in set(
        before["run_id"])
    units = book.read_table("units", ["unit_id", *columns]).set_index("unit_id")
    pd.testing.assert_frame_equal(units, after.loc[units.index, columns], check_names=False)


def test_dated_gives_a_year_tail_only_to_ids_without_one_by_hand():
    # ids: tailed (kept), bare (gets its row's year: 2024v2, or 2023v1 where the row has one), a tail not at the
    # end (bare), a line break inside an id (searched on its own), a tail after a line break (kept)
    frame = pd.DataFrame({"entry_id": ["a@2024v1", "b", "c@2024v1/x", "d\ne", "f\n@2023v1"],
                          "inventory_year": [None, None, 2023, None, None],
                          "year_version": [None, None, 1, None, None]})
    dated = years.dated("entries", frame, years.InventoryYear(2024, 2))
    assert dated["entry_id"].tolist() == ["a@2024v1", "b@2024v2", "c@2024v1/x@2023v1", "d\ne@2024v2", "f\n@2023v1"]
    assert dated["inventory_year"].tolist() == [2024, 2024, 2023, 2024, 2024]
    without_breaks = years.dated("entries", frame.iloc[:3], years.InventoryYear(2024, 2))  # one search over all ids
    assert without_breaks["entry_id"].tolist() == ["a@2024v1", "b@2024v2", "c@2024v1/x@2023v1"]
