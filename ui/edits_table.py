"""The chessboard dock's Edits table: one row per edit of the session, which reads whole in a 298 px dock.

Each row says, wrapped in one column, which unit took which measure, the change with its 95% interval and the cost
per t CO2e, in the preview's words; six columns of unit, measure, change, interval and cost needed sideways
scrolling in a dock beside the map.
"""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from .formatting import cost_phrase, interval, signed
from .i18n import tr


def edits_table():
    """An empty Edits table: the edit's number, and the edit in words (wrapped, as tall as its text)."""
    table = QTableWidget(0, 2)
    table.setHorizontalHeaderLabels([tr("#"), tr("Edit")])
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # rows follow the width
    table.verticalHeader().setVisible(False)
    return table


def edit_text(result, measure):
    """An edit in words: its unit and measure, then its change (t CO2e/yr, 95% interval) and cost per t CO2e.
    result: a chessboard EditResult; measure: its row of the measure library."""
    delta = result.delta
    return tr("{unit} · {measure}\nchange {change} t CO2e/yr (95%: {interval}); {cost}").format(
        unit=result.unit_id, measure=tr(measure["name"]), change=signed(delta["net_t"]),
        interval=interval(delta["net_low_t"], delta["net_high_t"], sign=True),
        cost=cost_phrase(result.cost["cost_per_t"], measure))


def fill_edits(table, results, library):
    """Fill the Edits ``table`` with the session's ``results`` (EditResults, in order; library: a MeasureLibrary)."""
    table.setRowCount(len(results))
    for row, result in enumerate(results):
        table.setItem(row, 0, QTableWidgetItem(str(result.seq)))
        table.setItem(row, 1, QTableWidgetItem(edit_text(result, library.measure(result.measure_id))))
