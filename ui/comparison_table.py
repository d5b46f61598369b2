"""The chessboard dock's Compare tab: the city's net in every scenario, one row each, and a chart."""
from qgis.PyQt.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..algorithms.reports import ledger_view as ledger_queries
from .charts import ChartCanvas
from .formatting import interval, number, signed
from .i18n import method_label, tr
from .scenario_choice import scenario_label
from .scrolling import fit_rows


def compare_tab():
    """(tab, its Compare button, the empty table, the chart) of the Compare tab."""
    compare = QWidget()
    layout = QVBoxLayout(compare)
    layout.setContentsMargins(4, 4, 4, 4)
    button = QPushButton(tr("Compare scenarios"))
    layout.addWidget(button)
    table = QTableWidget(0, 4)
    table.setHorizontalHeaderLabels([tr("Scenario"), tr("Change t CO2e/yr"), tr("Net t CO2e/yr"), tr("95% interval")])
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    layout.addWidget(table, 1)
    chart = ChartCanvas(compare, height=2.0)
    chart.setMinimumHeight(80)
    layout.addWidget(chart, 2)
    return compare, button, table, chart


def fill_comparison(widget, table):
    """Fill QTableWidget ``widget`` with ``table`` (ledger_view.scenario_comparison: scenario, delta_t,
    net_t, net_low_t, net_high_t in t CO2e/yr, interval_method), the interval method as each cell's tooltip."""
    widget.setRowCount(len(table))
    for r, row in enumerate(table.itertuples(index=False)):
        method = tr("Intervals: {method}").format(method=method_label(row.interval_method))
        change = "" if row.scenario == ledger_queries.BASELINE else signed(row.delta_t)
        values = [scenario_label(row.scenario), change, number(row.net_t), interval(row.net_low_t, row.net_high_t)]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(method)
            widget.setItem(r, c, item)
    fit_rows(widget)
