"""The chessboard dock's comparison table: the city's net in every scenario, one row each."""
from qgis.PyQt.QtWidgets import QTableWidgetItem

from ..algorithms.reports import ledger_view as ledger_queries
from .formatting import interval, number, signed
from .i18n import method_label, tr
from .scrolling import fit_rows


def fill_comparison(widget, table):
    """Fill QTableWidget ``widget`` with ``table`` (ledger_view.scenario_comparison: scenario, delta_t,
    net_t, net_low_t, net_high_t in t CO2e/yr, interval_method), the interval method as each cell's tooltip."""
    widget.setRowCount(len(table))
    for r, row in enumerate(table.itertuples(index=False)):
        method = tr("Intervals: {method}").format(method=method_label(row.interval_method))
        change = "" if row.scenario == ledger_queries.BASELINE else signed(row.delta_t)
        values = [row.scenario, change, number(row.net_t), interval(row.net_low_t, row.net_high_t)]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(method)
            widget.setItem(r, c, item)
    fit_rows(widget)
