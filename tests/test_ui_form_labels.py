"""The chessboard form's labels in a 298 px dock: every line of a label shows (a QFormLayout cut the first and last
lines off a label wider than its column) and a Chinese unit wraps whole (not '（元/平方米建' then '筑面积）')."""
import pytest
from qgis.PyQt.QtGui import QTextLayout, QTextOption
from qgis.PyQt.QtWidgets import QApplication, QFormLayout

from test_ui_dock_text import _chessboard, chinese, english  # noqa: F401 (fixtures)

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
    short = {label.text(): (label.height(), label.heightForWidth(label.width()))
             for label in _form_labels(dock, measure) if label.height() < label.heightForWidth(label.width())}
    assert short == {}
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
