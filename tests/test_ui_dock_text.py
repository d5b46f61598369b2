"""The docks' words and numbers as a user reads them, in English and Chinese (desktop tester, 100,000-parcel
city): sector names readable at the city level in a 298 px dock, names instead of codes (carriers, land uses,
form units, how the intervals were made), one minus sign, four significant digits for costs, counts with
thousands separators, a unit without entries that says so, one time when its entries were computed once."""
import contextlib
import re

import pandas as pd
import pytest
from qgis.PyQt.QtCore import QCoreApplication, QRect, QSettings, Qt
from qgis.PyQt.QtWidgets import QApplication, QStyle

from ui_ledger_builder import styled_ledger, wait_for
from urban_carbon_ledger.ui import i18n, ledger_tree
from urban_carbon_ledger.ui.ledger_dock import LedgerDock

NBSP, MINUS = "\u00a0", "\u2212"

CITY = {  # the 100,000-parcel city's sources and sink by sector (t CO2e/yr), as the tester saw them
    "flow": ["source"] * 5 + ["sink"],
    "sector": ["road_traffic", "residential", "waste", "commercial", "public", "sequestration"],
    "co2e_t": [113_123_456.0, 37_341_234.0, 16_672_345.0, 6_094_321.0, 3_036_123.0, -1_583_210.0],
    "low_t": [95_881_234.0, 35_001_234.0, 13_612_345.0, 5_504_321.0, 2_741_123.0, -1_923_456.0],
    "high_t": [141_123_456.0, 40_934_567.0, 23_571_234.0, 6_947_654.0, 3_490_321.0, -1_245_678.0],
    "entries": [305_011, 101_376, 33_792, 51_321, 12_345, 164_728]}


@contextlib.contextmanager
def _user_locale(locale):
    """QGIS's user locale set to ``locale`` (the docks' numbers and words follow it), as it was afterwards: the
    tests' QSettings file is shared by every test process of the machine."""
    settings = QSettings()
    before = settings.value("locale/userLocale")
    settings.setValue("locale/userLocale", locale)
    try:
        yield
    finally:
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)
        settings.sync()


@pytest.fixture
def chinese(qgis_app):
    """QGIS in Chinese: the user locale zh_CN (numbers follow it) and the plugin's zh translation."""
    with _user_locale("zh_CN"):
        translator = i18n.install_translator("zh")
        yield
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def english(qgis_app):
    """QGIS in English (the user locale en_US), whatever the machine's."""
    with _user_locale("en_US"):
        yield


def _city_dock():
    """A ledger dock 298 px wide (QGIS's right dock area on a 1366 px laptop, 9 pt) whose entries tree shows CITY."""
    dock = LedgerDock()
    font = QApplication.font()
    font.setPointSize(9)  # QGIS's font on a fresh Linux desktop (offscreen Qt draws 12 pt)
    dock.setFont(font)
    dock.resize(298, 700)
    dock.show()
    QApplication.processEvents()
    entries = pd.DataFrame(columns=["flow", "sector", *ledger_tree.COLUMNS])
    ledger_tree.fill(dock.tree, ledger_tree.ordered_groups(pd.DataFrame(CITY)), entries, None)
    QApplication.processEvents()
    return dock


def _words(text):
    """The runs of a text a line never breaks (between spaces; a no-break space joins), Chinese characters one
    by one (a line may break between any two)."""
    return [part for chunk in text.split(" ") for part in
            (list(chunk) if all("\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in chunk) else [chunk])]


def _cut_words(tree):
    """Sector rows' name, t CO2e/yr and interval cells with a word (a run between spaces) wider than the cell
    (Qt elides it: 'reside…'), measured with the tree's font: [(text, cell px, word px)]."""
    metrics, header, cut = tree.fontMetrics(), tree.header(), []
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)  # Qt's
    for flow in range(tree.topLevelItemCount()):
        for row in range(tree.topLevelItem(flow).childCount()):
            item = tree.topLevelItem(flow).child(row)
            for column in (0, 1, 2):
                width = header.sectionSize(column) - margin - (2 * tree.indentation() if column == 0 else 0)
                for word in _words(item.text(column)):
                    needed = metrics.boundingRect(QRect(0, 0, 10000, 100), Qt.TextFlag.TextSingleLine, word).width()
                    if needed > width:
                        cut.append((item.text(column), width, needed))
    return cut


def test_city_sector_names_are_readable_in_a_298_px_dock(english):
    """At the city level the values are compact ('113.1 M', the interval's ends in one scale): each word of a
    sector's name fits its column. Before, '113,100,000' and '95,880,000 to 141,100,000' left the name about
    85 px and 'residential' was elided."""
    dock = _city_dock()
    tree = dock.tree
    assert dock.width() == 298 and tree.viewport().width() < 298
    assert _cut_words(tree) == []
    road = tree.topLevelItem(0).child(0)
    assert road.text(0) == "road traffic" and road.text(1) == f"113.1{NBSP}M"
    assert road.text(2) == f"95.88{NBSP}M to 141.1{NBSP}M"
    assert tree.topLevelItem(1).child(0).text(2) == f"{MINUS}1.923{NBSP}M to {MINUS}1.246{NBSP}M"
    dock.close()


def test_city_sector_names_are_readable_in_chinese(chinese):
    """In Chinese the values count in 万 and 亿 (1.131 亿 = 113,100,000), the names break between characters."""
    dock = _city_dock()
    tree = dock.tree
    assert _cut_words(tree) == []
    road = tree.topLevelItem(0).child(0)
    assert road.text(0) == "道路交通" and road.text(1) == f"1.131{NBSP}亿"
    assert tree.topLevelItem(0).child(3).text(1) == f"609.4{NBSP}万"  # commercial 6,094,321
    dock.close()


def test_entry_counts_have_thousands_separators(english):
    """101,376 entries, not 101376 (as every other number of the dock)."""
    dock = _city_dock()
    units = ledger_tree.COLUMNS.index("unit")
    assert dock.tree.topLevelItem(0).child(1).text(units) == "entries: 101,376"
    dock.close()


def test_an_entry_with_a_long_citation_keeps_a_short_row(english):
    """An entry's factor source (a citation of 300 characters) stays on one line, elided, its whole text the
    cell's tooltip; the row is as tall as its name and interval wrapped (two lines here). Before, the citation
    wrapped in its 220 px column: a row of 400 px at 9 pt, its name and value out of the dock's view."""
    dock = _city_dock()
    groups = pd.DataFrame({"flow": ["source"], "sector": ["residential"], "co2e_t": [318.2], "low_t": [120.3],
                           "high_t": [500.8], "entries": [1]})
    citation = "IPCC 2006 Guidelines Vol 2 Ch 2 Table 2.2, default CO2 factor and 95% interval; " * 4
    entries = pd.DataFrame([{
        "flow": "source", "sector": "residential", "carrier": "natural_gas", "co2e_t": 318.2, "low_t": 120.3,
        "high_t": 500.8, "unit_id": "D15-B0453-P01-G001", "activity": 5.67, "activity_unit": "TJ", "factor": 56100.0,
        "factor_unit": "kg CO2/TJ", "source": citation, "computed_at": "2026-12-07T04:12:35+00:00",
        "algorithm_version": "0.1.0"}])
    ledger_tree.fill(dock.tree, ledger_tree.ordered_groups(groups), entries, None)
    dock.tree.expandAll()
    QApplication.processEvents()
    entry = dock.tree.topLevelItem(0).child(0).child(0)
    source = ledger_tree.COLUMNS.index("source")
    assert entry.text(source) == citation and entry.toolTip(source) == citation
    assert dock.tree.visualItemRect(entry).height() <= 3 * dock.tree.fontMetrics().lineSpacing()
    dock.close()


@pytest.fixture
def ledger_dock(qgis_app, tmp_path):
    """A ledger dock on the hand-made ledger (tests/ui_ledger_builder.py), and its path."""
    path, _project, layers = styled_ledger(tmp_path)
    dock = LedgerDock()
    dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: dock.current_view() is not None)
    yield dock, path
    dock.close()


def _texts(dock):
    """Every text the ledger dock shows: its summary, the tree's cells, the Parent and children table's cells."""
    texts = [dock.summary_label.text()]
    stack = [dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        texts += [item.text(c) for c in range(item.columnCount())]
        stack += [item.child(i) for i in range(item.childCount())]
    table = dock.hierarchy
    texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
              if table.item(r, c) is not None]
    return texts


def test_carriers_show_their_names(english, ledger_dock):
    """An entry's row names its carrier ('Electricity', 'Gasoline'), not the ledger's code; the code is its
    tooltip. Before, 'electricity', 'vkm', 'natural_gas' were shown as stored."""
    dock = ledger_dock[0]
    dock.show_unit("D01")
    entries = {}
    for flow in range(dock.tree.topLevelItemCount()):
        for sector in range(dock.tree.topLevelItem(flow).childCount()):
            parent = dock.tree.topLevelItem(flow).child(sector)
            entries.update({parent.child(i).toolTip(0): parent.child(i).text(0) for i in range(parent.childCount())})
    assert entries == {"electricity": "Electricity", "gasoline": "Gasoline", "tree_canopy": "tree canopy"}


def test_carriers_show_their_names_in_chinese(chinese, ledger_dock):
    dock = ledger_dock[0]
    dock.show_unit("D01-L01")
    assert dock.tree.topLevelItem(0).child(0).child(0).text(0) == "汽油"


def test_negative_numbers_have_one_minus_sign(english, ledger_dock):
    """A sink's net, its interval and the Parent and children table write U+2212, as the reports' intervals do
    (report_format.MINUS). Before, the summary read 'Net -36.67' beside '(95%: −40.33 to −33)'."""
    dock = ledger_dock[0]
    dock.show_unit("D01-B01-P02")  # a sink only: 4 ha x 2.5 t C/ha/yr x 44/12 = 36.67 t CO2e/yr removed
    texts = _texts(dock)
    assert f"Net <b>{MINUS}36.67</b>" in texts[0]
    assert not [text for text in texts if re.search(r"(?<![\w-])-\d", text)]


def test_a_unit_without_entries_says_so(english, ledger_dock):
    """D01-B02-P02 has no entries in the inventory year: the tree says so, with the year. Before, it was empty."""
    dock = ledger_dock[0]
    year = dock.year_box.currentText()
    dock.show_unit("D01-B02-P02")
    assert dock.tree.topLevelItemCount() == 1
    expected = f"No entries for this unit in {year}." if year else "No entries for this unit."
    assert dock.tree.topLevelItem(0).text(0) == expected


def test_a_unit_without_entries_says_so_in_chinese(chinese, ledger_dock):
    dock = ledger_dock[0]
    dock.show_unit("D01-B02-P02")
    assert dock.tree.topLevelItem(0).text(0).startswith("该单元") and "没有条目" in dock.tree.topLevelItem(0).text(0)


def test_entries_computed_at_one_time_name_it_once(english, ledger_dock):
    """All the hand-made ledger's entries were computed at 2026-11-23T12:00:00+00:00: the summary names that time
    once, as a reader writes it. Before: 'Computed 2026-11-23T12:00:00+00:00 to 2026-11-23T12:00:00+00:00', then
    the stored text once (a tester: 'times shown as raw ISO strings')."""
    dock = ledger_dock[0]
    dock.show_unit("D01")
    summary = dock.summary_label.text()
    assert "Computed 2026-11-23 12:00:00 UTC; algorithm version" in summary
    assert " to 2026-11-23" not in summary and "T12:00" not in summary


def test_a_time_is_read_in_utc_whatever_zone_it_was_stored_in():
    from urban_carbon_ledger.ui.formatting import utc_time

    assert utc_time("2026-11-23T20:30:05+08:00") == "2026-11-23 12:30:05 UTC"  # Beijing time, 8 h ahead
    assert utc_time("2026-11-23T12:00:00") == "2026-11-23 12:00:00" and utc_time("not a time") == "not a time"


def test_costs_keep_four_significant_digits(english):
    """A cost per t CO2e as every dock number: 311.5 CNY and 31,150 CNY, not 311 (or 311.47) and 31,147 CNY."""
    from urban_carbon_ledger.ui.formatting import money

    measure = {"currency": "CNY", "price_year": "2024"}
    assert money(311.47, measure) == "311.5 CNY (2024 prices)"
    assert money(31_147.2, measure) == "31,150 CNY (2024 prices)"
    assert money(-12.345, measure) == f"{MINUS}12.35 CNY (2024 prices)"


def test_a_cost_in_chinese_names_yuan_as_the_form_does(chinese):
    """The chessboard's form says 元/m2; its cost per t CO2e said '15,800 CNY' beside it (desktop trial)."""
    from urban_carbon_ledger.ui.formatting import money

    assert money(15_800.0, {"currency": "CNY", "price_year": "2024"}) == "15,800 元（2024 年价格）"


@pytest.mark.slow
def test_the_interval_method_reads_in_chinese(chinese, tmp_path):
    """After a Monte Carlo run the summary says in Chinese how its intervals were made. Before, the run's
    parameters were shown in English ('iterations 200, method montecarlo, seed 7')."""
    from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty

    path, _project, layers = styled_ledger(tmp_path)
    run_uncertainty(path, "montecarlo", iterations=200, seed=7)
    dock = LedgerDock()
    dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: dock.current_view() is not None)
    dock.show_unit("D01")
    summary = dock.summary_label.text()
    run = "迭代次数 200，方法 蒙特卡洛（IPCC 方法 2），随机种子 7"
    assert f"95%，来自最近一次 carbonledger:uncertainty 运行（{run}）" in summary
    assert "montecarlo" not in summary and "iterations" not in summary
    dock.close()


def _chessboard(tmp_path):
    from qgis.gui import QgsMapCanvas

    from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock

    path, _project, layers = styled_ledger(tmp_path)
    dock, ready = ChessboardDock(QgsMapCanvas()), []
    dock.sessionReady.connect(ready.append)
    dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: ready)
    dock.set_measure("land_use_conversion")
    return dock


def test_the_parameter_form_names_land_uses(english, tmp_path):
    """The land use after a conversion is offered by name ('Pocket park'), its code kept for the edit."""
    dock = _chessboard(tmp_path)
    land_use = dock.inputs["to_land_use"]
    assert land_use.currentText() == "Pocket park" and dock.parameters()["to_land_use"] == "pocket_park"
    dock.set_parameter("to_land_use", "green_belt")
    assert land_use.currentText() == "Green belt" and dock.parameters()["to_land_use"] == "green_belt"
    assert _label(dock, "capital_cost") == "Capital cost (CNY/m2 of parcel)"
    assert dock.inputs["capital_cost"].text() == "600"
    assert _label(dock, "to_land_use") == "New land use"  # a land use by name: no unit
    dock.close()


def _field_px(box):
    """Width (px) of a combo box's text field (the box without its arrow and frame)."""
    from qgis.PyQt.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(box)
    return box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                      QStyle.SubControl.SC_ComboBoxEditField, box).width()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pick_level_box_reads_whole_in_a_298_px_dock(qgis_app, tmp_path, language):
    """The level a click picks ('as drawn', 按显示层级) reads whole beside Copy and Export in a 298 px dock at QGIS's
    9 pt, and the dock needs no sideways scrolling. Before, a tester read 'as drawr' and '按显示层纟': the buttons took
    the style's 80 px each."""
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtWidgets import QScrollArea

    before = QApplication.font()
    font = QApplication.font()
    font.setPointSize(9)
    QApplication.setFont(font)  # QGIS's font when the plugin builds its docks
    translator = i18n.install_translator("zh") if language == "zh" else None
    try:
        dock = LedgerDock(QgsMapCanvas())
        dock.resize(298, 700)
        dock.show()
        QApplication.processEvents()
        box = dock.level_box
        assert box.fontMetrics().horizontalAdvance(box.currentText()) <= _field_px(box), box.currentText()
        area = dock.findChildren(QScrollArea)[0]
        assert area.widget().minimumSizeHint().width() <= area.viewport().width()
        dock.close()
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
        QApplication.setFont(before)


def test_every_measure_name_fits_the_measure_box_of_a_298_px_dock(english, tmp_path):
    """Each measure's whole name fits the box's text field in a 298 px dock at QGIS's 9 pt. Before, 'Land-use
    conversion with a planting plan' needed 268 px of 261 and lost its last letters (a desktop tester)."""
    dock = _chessboard(tmp_path)
    font = QApplication.font()
    font.setPointSize(9)
    dock.setFont(font)
    dock.resize(298, 700)
    dock.show()
    QApplication.processEvents()
    box = dock.measure_box
    field = _field_px(box)
    needed = {box.itemText(i): box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count())}
    assert {name: px for name, px in needed.items() if px > field} == {}, field
    dock.close()


def _label(dock, parameter):
    """The text of the form's label of ``parameter`` as it reads (without the word joiners that keep a unit whole)."""
    return dock.form.labelForField(dock.inputs[parameter]).text().replace(i18n.WORD_JOINER, "")


def test_the_parameter_form_reads_in_chinese(chinese, tmp_path):
    """In Chinese the form's units and land uses are Chinese too. Before: '0.40 ratio of parcel area', '20 yr',
    '600 CNY/m2 of parcel', 'pocket_park'. The unit is in the label, which wraps: as the field's suffix it was cut
    off in a dock of 300 px ('600 CNY/m2 of', a desktop tester's screenshot). A share's label names what it is a
    share of once: '树冠覆盖占地块比例（占地块面积比例）' said it twice."""
    dock = _chessboard(tmp_path)
    assert dock.inputs["canopy_share"].text() == "0.40" and _label(dock, "canopy_share") == "树冠覆盖（占地块面积比例）"
    assert dock.inputs["maturity_years"].text() == "20" and _label(dock, "maturity_years").endswith("（年）")
    assert dock.inputs["capital_cost"].text() == "600" and _label(dock, "capital_cost").endswith("（元/平方米地块）")
    assert dock.inputs["to_land_use"].currentText() == "口袋公园" and dock.parameters()["to_land_use"] == "pocket_park"
    dock.close()


def test_a_target_the_unit_has_none_of_is_worded_in_chinese(chinese):
    """The warning of a retrofit on a building without heat entries names the carrier and the measure in the
    dock's language (a desktop tester read the algorithms' English ids, 'carrier heat: building_retrofit')."""
    from urban_carbon_ledger.algorithms.scenarios.measure_effects import NothingToCut
    from urban_carbon_ledger.ui.chessboard_preview import warning_text

    warning = NothingToCut("D01-B01-P01-G01", "carrier", "heat", "Building energy retrofit")
    assert str(warning) == ("D01-B01-P01-G01 has no source entries of heat: Building energy retrofit changes nothing "
                            "there.")  # the Processing log's words
    assert warning_text(warning) == "D01-B01-P01-G01 没有热力的排放源条目：建筑节能改造在此不产生任何变化。"


def test_the_baseline_is_named_in_chinese(chinese, tmp_path):
    """The scenario box, the ready line and the Compare table say 基准 for the baseline; the session still starts
    from the scenario whose id is 'baseline'. Before, a Chinese desktop read '情景 baseline 已就绪' (a desktop
    tester's screenshot)."""
    dock = _chessboard(tmp_path)
    assert dock.base_box.currentText() == "基准" and dock.base_box.currentData() == "baseline"
    dock.set_units([])
    assert dock.preview_label.text().startswith("情景“基准”已就绪：")
    from urban_carbon_ledger.ui.comparison_table import fill_comparison

    fill_comparison(dock.compare_table, pd.DataFrame({
        "scenario": ["baseline", "park"], "delta_t": [0.0, 0.466], "net_t": [609_154.6, 609_155.1],
        "net_low_t": [560_348.0, 575_800.0], "net_high_t": [655_212.0, 672_700.0],
        "interval_method": ["montecarlo", "approach1"]}))
    assert [dock.compare_table.item(r, 0).text() for r in (0, 1)] == ["基准", "park"]
    dock.close()
