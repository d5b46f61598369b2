"""The ledger dock's Parent and children table: the unit's parent, the unit, its children of largest |net| first.

``family`` reads and words the rows (a district of a large city has 15,000 children: the dock reads them in a
QgsTask with the district's entries); ``fill_family`` puts them in the table on the GUI thread.
"""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QTableWidgetItem

from .formatting import count, interval, number
from .i18n import level_label, tr

CHILDREN_SHOWN = 500
"""Children listed under a unit (those of largest |net| first) before a row that counts the rest."""


def family(view, unit_id, children=True):
    """The table's rows of ``unit_id`` in a LedgerView or StoredView: lists of texts (relation, unit, level, name,
    net t CO2e/yr, 95% interval); ``children`` False: its parent and itself only (read by id, at once)."""
    rows = []
    parent = view.parent(unit_id)
    if parent is not None:
        rows.append((tr("parent"), parent))
    rows.append((tr("this unit"), view.unit(unit_id)))
    if children:
        below = view.children(unit_id)  # the largest |net| first
        rows.extend((tr("child"), child) for child in below.iloc[:CHILDREN_SHOWN].to_dict("records"))
        if len(below) > CHILDREN_SHOWN:  # one row says the rest
            rows.append((tr("{count} more children").format(count=count(len(below) - CHILDREN_SHOWN)), None))
    return [[relation] + (["", "", "", "", ""] if unit is None else [
        unit["unit_id"], level_label(unit["level"]), unit.get("name") or "", number(unit["net_t"]),
        interval(unit["net_low_t"], unit["net_high_t"])]) for relation, unit in rows]


def fill_family(table, rows):
    """Show ``rows`` (of ``family``) in QTableWidget ``table``, the numbers right-aligned."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if c >= 4:
                item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(r, c, item)
