"""The chessboard dock in a 298 px dock beside the map: every line of a form label shows (a QFormLayout cut the first
and last lines off a label wider than its column), a Chinese unit wraps whole (not '（元/平方米建' then '筑面积）'), and
the Edits and Compare tables read whole without sideways scrolling (six and four columns needed it)."""
import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QTextLayout, QTextOption
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtWidgets import QApplication, QFormLayout

from test_ui_dock_text import _chessboard, chinese, english  # noqa: F401 (fixtures)
from ui_ledger_builder import previewed, styled_ledger, wait_for
from urban_carbon_ledger.ui import comparison_table, i18n
from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock

MEASURES = ("land_use_conversion", "tree_planting", "building_retrofit", "rooftop_pv", "vehicle_electrification",
            "signal_countdown", "waste_heat_recovery")


def _form_labels(dock, measure):
    """The form's labels of ``measure`` in a dock 298 px wide, shown."""
    dock.set_measure(measure)
    dock.resize(298, 760)
    dock.show()
    for _ in range(10):
        QApplication.processEvents()
    return [dock.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget() for row in range(dock.form.rowCount())]


def _lines(label):
    """The lines of ``label``'s text as Qt wraps it at the label's width."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("measure", MEASURES)
def test_every_line_of_a_label_shows(tmp_path, measure):
    """Each label is as tall as its text at its width. Before, 'Share of industrial combustion emissions cut (ratio)'
    had 71 px of the 101 it needs: '(ratio)' was cut off."""
    dock = _chessboard(tmp_path)
    labels = _form_labels(dock, measure)
    short = {label.text(): (label.height(), label.heightForWidth(label.width()))
             for label in labels if label.height() < label.heightForWidth(label.width())}
    assert short == {}
    assert all(label.alignment() & Qt.AlignmentFlag.AlignTop for label in labels)  # level with its field
    # a line never ends at a hyphen between letters ('vehicle-' then 'km', a tester's screenshot)
    assert [label.text() for label in labels if any(line.rstrip().endswith(("-", "\u2011"))
                                                    for line in _lines(label)[:-1])] == []
    dock.close()


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("measure", MEASURES)
def test_a_chinese_unit_wraps_after_a_slash_only(tmp_path, measure):
    """A wrapped line ends before the unit's '（', after a '/' or at a space; never inside a word of the unit."""
    dock = _chessboard(tmp_path)
    broken = []
    for label in _form_labels(dock, measure):
        text = label.text()
        if "（" not in text:
            continue
        unit_starts = text.index("（")
        position = 0
        for line in _lines(label)[:-1]:
            position += len(line)
            if position > unit_starts and not (text[position - 1] in "/ " or text[position] == "（"):
                broken.append(text.replace("\u2060", ""))
    assert broken == []
    dock.close()


def _saved_and_compared(tmp_path):
    """A chessboard dock with two edits (a retrofit, a land-use conversion) saved as a scenario and compared."""
    path, _project, layers = styled_ledger(tmp_path)
    dock, ready, saved, compared = ChessboardDock(QgsMapCanvas()), [], [], []
    dock.sessionReady.connect(ready.append)
    dock.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: ready)
    for measure, unit in (("building_retrofit", "D01-B01-P01-G01"), ("land_use_conversion", "D01-B01-P02")):
        dock.set_measure(measure)
        dock.set_units([unit])
        previewed(dock)
        dock.apply_edit()
    dock.scenarioSaved.connect(saved.append)
    dock.save_scenario("retrofit")
    wait_for(lambda: saved)
    dock.comparisonReady.connect(lambda: compared.append(1))
    dock.compare_scenarios()
    wait_for(lambda: compared)
    return dock


def _cut_cells(table):
    """Rows of ``table`` shorter than their wrapped text, and whether it scrolls sideways."""
    short = [r for r in range(table.rowCount()) if table.rowHeight(r) < table.sizeHintForRow(r)]
    return short, table.horizontalScrollBar().maximum() > 0


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_the_edits_and_the_comparison_read_whole(request, tmp_path, language):
    """Each edit (unit, measure, change, interval, cost) and each scenario (change, net, interval) shows whole in a
    298 px dock, and the comparison table is as tall as its rows."""
    request.getfixturevalue(language)
    dock = _saved_and_compared(tmp_path)
    dock.resize(298, 760)
    dock.show()
    for tab, table in ((1, dock.edits_table), (2, dock.compare_table)):
        dock.tabs.setCurrentIndex(tab)
        for _ in range(10):
            QApplication.processEvents()
        assert _cut_cells(table) == ([], False), tab
    rows = sum(dock.compare_table.rowHeight(r) for r in range(dock.compare_table.rowCount()))
    assert dock.compare_table.viewport().height() >= rows
    dock.resize(298, 420)  # a short dock: the tab scrolls, the chart keeps its height (it was squeezed to 30 px)
    for _ in range(10):
        QApplication.processEvents()
    assert dock.compare_chart.height() >= comparison_table.CHART_PX
    assert dock.edits_table.item(1, 1).text().startswith("D01-B01-P02 · ")
    dock.close()


def test_a_unit_keeps_its_last_short_part_and_its_one_letter_symbols():
    """'元/棵/年' may break after '元/' only ('年）' alone on a line read badly); 't CO2e', 'CNY/link' never break."""
    joiner = i18n.WORD_JOINER
    assert i18n.unbroken("元/棵/年") == f"元{joiner}/棵{joiner}/{joiner}年"
    assert i18n.unbroken("元/平方米") == f"元{joiner}/平{joiner}方{joiner}米"
    assert i18n.unbroken("CNY per t CO2e/yr") == f"CNY per t\u00a0CO2e/{joiner}yr"
    assert i18n.unbroken("CNY/link") == f"CNY/{joiner}link"  # '(CNY/' then 'link)' read badly
