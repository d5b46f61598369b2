"""The chessboard dock under real QGIS: live preview, apply, undo, save a scenario, compare."""
import math

import pytest
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtWidgets import QFormLayout

from ui_ledger_builder import previewed, save_screenshot, styled_ledger, tasks_done, wait_for
from urban_carbon_ledger.algorithms.ledger import store as ledger_module
from urban_carbon_ledger.algorithms.reports import ledger_view as ledger_queries
from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock, signed
from urban_carbon_ledger.ui.i18n import WORD_JOINER
from urban_carbon_ledger.ui.ledger_dock import LedgerDock


@pytest.fixture
def setup(qgis_app, tmp_path):
    path, project, layers = styled_ledger(tmp_path)
    canvas = QgsMapCanvas()
    dock = ChessboardDock(canvas)
    ready = []
    dock.sessionReady.connect(ready.append)
    dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: ready)
    yield dock, path, layers, canvas
    dock.close()
    tasks_done()


def _row(table, r):
    return [table.item(r, c).text() for c in range(table.columnCount())]


def test_a_ready_session_says_what_to_do_next(setup):
    """Once the base scenario is read, the notice 'Reading scenario ...' gives way to what to do."""
    dock = setup[0]
    assert "Reading" not in dock.preview_label.text()
    assert dock.preview_label.text().startswith("Scenario baseline is ready")


def test_signal_countdown_preview_apply_undo(setup, tmp_path):
    dock, _path, _layers, _canvas = setup
    dock.set_measure("signal_countdown")
    dock.set_units(["D01-L01"])
    previewed(dock)
    # 400 t CO2e/yr of road traffic on D01-L01 x 4.4% = 17.6 t avoided.
    # cost: 20,000 CNY x CRF(8%, 8 yr) = 20,000 x 0.174015 = 3,480.3 + 2,000 O&M = 5,480.3 CNY/yr
    # over 17.6 t = 311.4 CNY per t CO2e
    text = dock.preview_label.text()
    assert "change \u221217.6 t CO2e/yr" in text
    assert "cost 311.4 CNY (2024 prices) per t CO2e" in text
    assert "District D01: net 1,063 → 1,046" in text
    assert dock.board.results() == []  # a preview is taken back
    dock.apply_edit()
    assert dock.edits_table.rowCount() == 1
    number, edit = _row(dock.edits_table, 0)
    assert number == "1"
    assert edit.startswith("D01-L01 · Traffic-signal countdown or timing\nchange \u221217.6 t CO2e/yr")
    assert edit.endswith("; cost 311.4 CNY (2024 prices) per t CO2e")  # four significant digits, as every dock number
    save_screenshot(dock, tmp_path, "chessboard_dock.png", size=(760, 760))
    dock.undo_edit()
    assert dock.edits_table.rowCount() == 0
    assert dock.board.results() == []


def test_parameter_change_updates_preview(setup):
    dock, *_ = setup
    dock.set_measure("building_retrofit")
    dock.set_units(["D01-B01-P01-G01"])
    dock.set_parameter("cut_electricity", 0.5)
    # 500 t CO2e/yr of electricity x 50% = 250 t avoided; the building has no heat entries, and says so in words
    text = previewed(dock)
    assert "change \u2212250 t CO2e/yr" in text
    assert "D01-B01-P01-G01 has no source entries of heat: Building energy retrofit changes nothing there." in text
    dock.set_parameter("cut_electricity", 1.5)  # the form holds the library's range: clamped to 1
    assert "change \u2212500 t CO2e/yr" in previewed(dock)
    dock.set_parameter("rollout_year", "1800")  # a free-text parameter out of [1990, 2100]: refused
    assert "outside" in previewed(dock)


@pytest.mark.slow
def test_save_scenario_and_compare(setup, tmp_path):
    dock, path, layers, canvas = setup
    dock.set_measure("building_retrofit")
    dock.set_units(["D01-B01-P01-G01"])
    dock.set_parameter("cut_electricity", 0.2)
    previewed(dock)
    dock.apply_edit()  # 500 t x 20% = -100 t
    saved = []
    dock.scenarioSaved.connect(saved.append)
    dock.save_scenario("retrofit")
    wait_for(lambda: saved)
    ledger = ledger_module.Ledger(path)
    assert ledger_queries.scenario_names(ledger) == ["baseline", "retrofit"]
    compared = []
    dock.comparisonReady.connect(lambda: compared.append(1))
    dock.compare_scenarios()
    wait_for(lambda: compared)
    # city 2,071.7 in the baseline, 2,071.7 - 100 = 1,971.7 with the retrofit; the change leads
    # each net over its 95% interval in the same cell
    assert [[*_row(dock.compare_table, r)[:2], _row(dock.compare_table, r)[2].split("\n")[0]] for r in range(2)] == [
        ["baseline", "", "2,072"], ["retrofit", "\u2212100", "1,972"]]
    # the chart shows the change against the baseline (one bar of -100 t), not two bars of about 2,000 t
    assert [round(bar.get_width(), 1) for bar in dock.compare_chart.figure.axes[0].patches] == [-100.0]
    assert "Approach 1" in dock.compare_table.item(1, 2).toolTip()
    dock.tabs.setCurrentIndex(2)
    save_screenshot(dock, tmp_path, "chessboard_compare.png", size=(760, 760))

    ledger_dock = LedgerDock(canvas)
    loaded = []
    ledger_dock.viewLoaded.connect(loaded.append)
    ledger_dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: "baseline" in loaded)
    ledger_dock.show_unit("D01")
    ledger_dock.set_scenario("retrofit")
    wait_for(lambda: "retrofit" in loaded)
    assert "Change vs baseline: <b>\u2212100</b>" in ledger_dock.summary_label.text()
    ledger_dock.tabs.setCurrentIndex(2)
    # the scenario's chart: the one sector that changed, electricity, by -100 t
    assert [round(bar.get_width(), 1) for bar in ledger_dock.chart.figure.axes[0].patches] == [-100.0]
    save_screenshot(ledger_dock, tmp_path, "ledger_dock_scenario.png")
    ledger_dock.close()


def test_preview_of_several_units_is_the_chessboards_combination(setup):
    """Two retrofitted buildings: the preview's interval is the chessboard's. Both edits cite one cut
    factor (0.2, 0.1-0.3: +-50%), which applies once to their summed cut (IPCC 2006 Vol 1 Ch 3 3.2.3.1):
    cuts 0.2 x 500 = 100 and 0.2 x 200 = 40 t; factor part (100 + 40) x 0.5 = 70, activity parts (the
    buildings' 500 and 200 t, +-10%) 10 and 4: -140 -/+ sqrt(70^2 + 10^2 + 4^2) = 70.82, i.e. -210.8 to
    -69.2 (the edits independent gave -194.9 to -85.1)."""
    dock, *_ = setup
    dock.set_measure("building_retrofit")
    dock.set_units(["D01-B01-P01-G01", "D01-B02-P01-G01"])
    previewed(dock)
    results = dock.last_preview
    change = sum(r.delta["net_t"] for r in results)
    assert change == pytest.approx(-140.0)
    deviation = math.sqrt(70.0 ** 2 + 10.0 ** 2 + 4.0 ** 2)
    text = dock.preview_label.text()
    # the interval's ends with a true minus sign (U+2212): -140 -/+ 70.82 -> "−210.8 to −69.18"
    assert f"(95%: {signed(change - deviation)} to {signed(change + deviation)})".replace("-", "\u2212") in text
    assert "(95%: \u2212210.8 to \u221269.18)" in text
    dock.apply_edit()  # both edits kept: the session's cumulative city delta has the same interval
    city = dock.board.results()[-1].city
    assert (city["net_t"], city["net_low_t"], city["net_high_t"]) == pytest.approx(
        (change, change - deviation, change + deviation))
    assert f"(95%: {signed(city['net_low_t'])} to {signed(city['net_high_t'])})".replace("-", "\u2212") in \
        dock.preview_label.text()


def test_form_reads_as_a_planner_writes(setup):
    """Parameter rows carry readable labels with their units and currency (the parameter name as tooltip) and
    numbers with as many decimals as they need: 20 and 600, not 20.000. The unit is in the label, which wraps (as
    the field's suffix it was cut off in a narrow dock: '600 CNY/m2 of')."""
    dock = setup[0]
    dock.set_measure("land_use_conversion")
    labels = [dock.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text().replace(WORD_JOINER, "")
              for row in range(dock.form.rowCount())]  # as it reads: the joiners keep a unit whole
    assert "Tree canopy (ratio of parcel area)" in labels and not any("canopy_share" in t for t in labels)
    assert {"Years to maturity (yr)", "Capital cost (CNY/m2 of parcel)"} <= set(labels)
    assert dock.inputs["maturity_years"].text() == "20"
    assert dock.inputs["capital_cost"].text() == "600"
    assert dock.inputs["canopy_share"].text() == "0.40"
    dock.set_measure("signal_countdown")
    assert dock.inputs["cut_road_traffic"].value() == 0.044
    assert dock.inputs["capital_cost"].text() == "20,000"
    assert dock.form.labelForField(dock.inputs["capital_cost"]).text().replace(WORD_JOINER, "").endswith("(CNY/link)")


def test_a_share_raised_before_another_is_lowered_is_a_hint_in_the_forms_words(setup):
    """Canopy 0.4 -> 0.6 while lawn 0.4 and paving 0.2 still stand: the plan covers 1.2 of the parcel.
    The dock says so by the form's labels, in a hint (not red), and Apply waits; lowering the lawn to
    0.2 (0.6 + 0.2 + 0.2 = 1.0) brings the preview back and Apply with it."""
    dock = setup[0]
    dock.set_measure("land_use_conversion")
    dock.set_units(["D01-B01-P02"])
    assert "Preview" in previewed(dock) and dock.apply_button.isEnabled()
    dock.set_parameter("canopy_share", 0.6)
    text = previewed(dock)
    assert "The preview waits for the form" in text and "#b2182b" not in text
    assert "layer 'EDITS'" not in text and "field 'parameters'" not in text
    assert "1.2" in text and not dock.apply_button.isEnabled()
    dock.set_parameter("lawn_share", 0.2)
    assert "Preview" in previewed(dock) and dock.apply_button.isEnabled()


def test_the_pick_tool_asks_for_the_measures_levels(setup):
    """A click picks units of the level the measure applies to: a parcel for a land-use conversion
    even where a building (finer, drawn at 1:2,000) is under the click, a building for a retrofit."""
    from qgis.core import QgsPointXY

    from ui_ledger_builder import X0, Y0

    dock, _path, layers, canvas = setup
    canvas.setDestinationCrs(layers["units"].crs())
    inside_building = QgsPointXY(X0 + 200, Y0 + 200)
    dock.set_measure("land_use_conversion")
    assert dock.pick_tool.pick(inside_building, 2000, 1.0) == "D01-B01-P01"
    assert "parcel" in dock.units_edit.placeholderText() and "parcel" in dock.form_area.toolTip()
    dock.set_measure("building_retrofit")
    assert dock.pick_tool.pick(inside_building, 2000, 1.0) == "D01-B01-P01-G01"
    assert dock.pick_tool.pick(inside_building, 50000, 1.0) == "D01-B01-P01-G01"
    dock.set_units(["D01-B01-P01-G01"])
    assert dock.highlight.unit_ids == ["D01-B01-P01-G01"]
    previewed(dock)
    dock.apply_edit()
    assert dock.edited_highlight.unit_ids == ["D01-B01-P01-G01"]
    assert dock.highlight.band.numberOfVertices() == 5  # the building's square outline, closed


def test_a_selection_with_qgis_select_tool_means_the_measures_level(setup):
    """Selecting the building D01-B01-P01-G01 in the units layer (QGIS's Select tool) for a land-use
    conversion, which applies to parcels, selects its parcel D01-B01-P01; for a retrofit, the building."""
    dock, _path, layers, _canvas = setup
    units = layers["units"]
    building = next(f.id() for f in units.getFeatures() if f["unit_id"] == "D01-B01-P01-G01")
    dock.set_measure("land_use_conversion")
    units.selectByIds([building])
    assert dock.units == ["D01-B01-P01"]
    assert "Preview" in previewed(dock)
    dock.set_measure("building_retrofit")
    units.selectByIds([building])
    assert dock.units == ["D01-B01-P01-G01"]


def test_a_cost_names_its_currency_or_says_nothing_was_avoided(qgis_app):
    from urban_carbon_ledger.ui.formatting import cost_phrase
    measure = {"currency": "CNY", "price_year": "2024"}
    assert cost_phrase(1234.4, measure) == "cost 1,234 CNY (2024 prices) per t CO2e"
    # a park whose upkeep outweighs its uptake: not 'cost – (nothing avoided) per t CO2e'
    assert cost_phrase(math.nan, measure) == "nothing avoided: no cost per t CO2e"
    assert cost_phrase(None, measure) == "nothing avoided: no cost per t CO2e"
