"""The chessboard dock's Compare tab: the city's net in every scenario, one row each, and a chart."""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..algorithms.reports import ledger_view as ledger_queries
from .charts import ChartCanvas
from .formatting import interval, number, signed
from .i18n import method_label, tr
from .scenario_choice import scenario_label
from .scrolling import fit_rows, fitted_rows


def compare_tab():
    """(tab, its Compare button, the empty table, the chart) of the Compare tab."""
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
    layout.addWidget(fitted_rows(table), 1)
    chart = ChartCanvas(compare, height=2.0)
    chart.setMinimumHeight(80)
    layout.addWidget(chart, 2)
    return compare, button, table, chart


def fill_comparison(widget, table):
    """Fill QTableWidget ``widget`` with ``table`` (ledger_view.scenario_comparison: scenario, delta_t,
    net_t, net_low_t, net_high_t in t CO2e/yr, interval_method): the scenario, its change, its net over its 95%
    interval; the interval method as each cell's tooltip."""
    widget.setRowCount(len(table))
    for r, row in enumerate(table.itertuples(index=False)):
        method = tr("Intervals: {method}").format(method=method_label(row.interval_method))
        change = "" if row.scenario == ledger_queries.BASELINE else signed(row.delta_t)
        net = f"{number(row.net_t)}\n{interval(row.net_low_t, row.net_high_t)}"
        values = [scenario_label(row.scenario), change, net]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(method)
            widget.setItem(r, c, item)
    fit_rows(widget)
