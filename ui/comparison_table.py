"""The chessboard dock's Compare tab: the city's net in every scenario, one row each, and a chart."""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..algorithms.reports import ledger_view as ledger_queries
from .charts import ChartCanvas
from .formatting import interval, number, signed
from ..qgis_shared.translation import method_label
from .i18n import tr
from .scenario_choice import scenario_label
from .scrolling import fit_rows, fitted_rows, scrolled


CHART_PX = 160
"""The chart's least height (px): below it the tab scrolls (its bars were squeezed to 30 px under a tall table)."""
ROWS_SHOWN = 4
"""Scenario rows the table shows at once (more scroll inside it)."""


def compare_tab():
    """(tab, its Compare button, the empty table, the chart) of the Compare tab, which scrolls in a short dock."""
    compare = QWidget()
    layout = QVBoxLayout(compare)
    layout.setContentsMargins(4, 4, 4, 4)
    button = QPushButton(tr("Compare scenarios"))
    layout.addWidget(button)
    table = QTableWidget(0, 3)  # the net's interval under it: four columns needed sideways scrolling in a 298 px dock
    table.setHorizontalHeaderLabels([tr("Scenario"), tr("Change\nt CO2e/yr"), tr("Net, 95%\nt CO2e/yr")])
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)  # an interval wraps in a narrow dock, under its net
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setVisible(False)
    layout.addWidget(fitted_rows(table, ROWS_SHOWN))
    chart = ChartCanvas(compare, height=2.0)
    chart.setMinimumHeight(CHART_PX)
    layout.addWidget(chart, 1)
    return scrolled(compare), button, table, chart


def fill_comparison(widget, table):
    """Fill QTableWidget ``widget`` with ``table`` (ledger_view.scenario_comparison: scenario, delta_t,
    net_t, net_low_t, net_high_t in t CO2e/yr, interval_method): the scenario, its change, its net over its 95%
    interval; the interval method as each cell's tooltip."""
    widget.setRowCount(len(table))
    for r, row in enumerate(table.itertuples(index=False)):
        method = tr("Intervals: {method}").format(method=method_label(row.interval_method, tr))
        change = "" if row.scenario == ledger_queries.BASELINE else signed(row.delta_t)
        net = f"{number(row.net_t)}\n{interval(row.net_low_t, row.net_high_t)}"
        values = [scenario_label(row.scenario), change, net]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(method)
            widget.setItem(r, c, item)
    fit_rows(widget, ROWS_SHOWN)
