"""The ledger dock's entries tree: totals by flow and sector, largest first, then the entries.

Sources and sinks lead, expanded; flows outside the territorial net (avoided, supplied to the
grid, life cycle) follow in their own collapsed sections. Every number comes from the
``LedgerView`` (sums and intervals of ``ledger.intervals``): the tree computes none.
"""
import re

import numpy as np
from qgis.PyQt.QtCore import QEvent, QRect, QSize, Qt
from qgis.PyQt.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
)

from .formatting import count, interval, number, signed
from .i18n import code_name, flow_label, sector_label, tr

NET_FLOWS = ("source", "sink")
"""Flows in the territorial net, shown first and expanded."""

COLUMNS = ("name", "t", "interval", "change", "unit", "activity", "factor", "source", "computed", "version")
"""Columns of the tree, in order (t CO2e/yr second, so that it is in view in a narrow dock)."""

WIDEST = {"name": 260, "unit": 170, "activity": 150, "factor": 150, "source": 220}
"""Widest a column is made, px: longer texts are elided (the whole text is the cell's tooltip)."""

RIGHT = ("t", "interval", "change")

NAME_LEAST = 60
"""Narrowest the name column is made, px, when the dock is narrow (its words wrap; tooltips hold them)."""

NAME_READABLE = 130
"""Most the name column claims, px, before the interval beside it gets its whole line (fit_name_column):
names wrap between whole words (Chinese between characters), intervals after 'to' and, in a narrow dock
with large values, after each end ('5,502,000' / 'to' / '8,181,000')."""

INDENTATION = 12
"""Indentation of a tree level, px (Qt's 20 leaves a sector's name 40 px less of a 300 px dock)."""


CJK = "\u2e80-\u9fff\uf900-\ufaff"
UNBROKEN = re.compile(rf"(?:[^\s{CJK}]+\u00a0)*(?:[^\s{CJK}]+|[{CJK}][\u3000-\u303f\uff00-\uffef]?)")
"""The parts of a text a wrapped line keeps together: a run of non-CJK letters (a word), or one Chinese
character with the full-width sign after it (a line may break between any two: '居住建筑' wraps as '居住'
over '建筑'; '：' stays at the end of its line); a no-break space joins a number to its scale word ('177.1 M',
'1.771 亿')."""


WRAPPED = ("name", "interval")
"""Columns whose texts wrap (rows grow); the others keep one line and elide (their tooltips hold the whole
text): a factor's citation wrapped in its 220 px made an entry's row taller than the dock."""


class WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped names and intervals in their columns' widths (Qt's tree measures a row's
    height for a text on one line, so a wrapped name would be cut to its first line); a column fitted to its
    contents is as wide as its texts on one line."""

    def initStyleOption(self, option, index):  # noqa: N802 (Qt API name)
        """Qt's options of a cell, without word wrap outside WRAPPED columns."""
        super().initStyleOption(option, index)
        if COLUMNS[index.column()] not in WRAPPED:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option, index):  # noqa: N802 (Qt API name)
        tree = self.parent()
        width = tree.columnWidth(index.column())
        if index.column() == 0:  # the name column: less its levels' indentation and the expand arrow
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= depth * tree.indentation()
        sized, natural = QStyleOptionViewItem(option), QStyleOptionViewItem(option)
        sized.rect, natural.rect = QRect(0, 0, max(width, 1), 1), QRect()
        # the text's width on one line (what fitting a column to its contents asks) and its height wrapped
        return QSize(super().sizeHint(natural, index).width(), super().sizeHint(sized, index).height())


class EntriesTree(QTreeWidget):
    """The entries tree; its name column takes what the viewport leaves beside t CO2e/yr and the
    interval, so that the three are in view without scrolling sideways in a narrow dock; long names
    and intervals wrap at their spaces (rows grow), never elided."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # a word wider than its column (rare)
        self.setIndentation(INDENTATION)
        self.setItemDelegate(WrappedRows(self))
        self.claims = []  # (column, px): what the name and interval columns need, in turn (fit_columns)

    def viewportEvent(self, event):  # noqa: N802 (Qt API name)
        """Fit the name column when the viewport changes width (the dock resized, a scroll bar shown)."""
        if event.type() == QEvent.Type.Resize:
            fit_name_column(self)
        return super().viewportEvent(event)


def headers(method):
    """Translated column headers; ``method`` names how the intervals were made."""
    labels = {
        "name": tr("Flow / sector / entry"), "t": tr("t CO2e/yr"), "interval": tr("95% interval"),
        "change": tr("Change vs baseline"), "unit": tr("Unit"), "activity": tr("Activity"), "factor": tr("Factor"),
        "source": tr("Factor source"), "computed": tr("Computed at"), "version": tr("Version"),
    }
    return [labels[c] for c in COLUMNS], tr("Intervals: {method}").format(method=method)


def ordered_groups(groups):
    """Flow and sector sums ordered as shown: sources, sinks, then the other flows; within a flow
    the largest |t CO2e/yr| first. groups: LedgerView.by_flow_and_sector()."""
    flows = list(NET_FLOWS) + sorted(set(groups["flow"]) - set(NET_FLOWS))
    rank = {flow: i for i, flow in enumerate(flows)}
    order = np.lexsort((-np.abs(groups["co2e_t"].to_numpy(dtype=float)), [rank[f] for f in groups["flow"]]))
    return groups.iloc[order]


def _item(parent, cells):
    item = QTreeWidgetItem(parent, [cells.get(c, "") for c in COLUMNS])
    for c, column in enumerate(COLUMNS):
        if column in RIGHT:
            item.setTextAlignment(c, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        if len(item.text(c)) > 12:
            item.setToolTip(c, item.text(c))
    return item


def fill(tree, groups, entries, deltas, year=""):
    """Fill ``tree`` with the account of a unit.

    groups: ``ordered_groups`` of its sums by flow and sector (LedgerView.by_flow_and_sector);
    entries: the entries listed (LedgerView.listed_entries; a 'more' line says how many are left);
    deltas: delta_by_flow_and_sector against the baseline indexed by (flow, sector), or None;
    year: the inventory year shown (text), named by the line that says a unit has no entries.
    """
    tree.clear()
    if groups.empty and (deltas is None or deltas.empty):
        nothing = _item(tree, {"name": tr("No entries for this unit in {year}.").format(year=year) if year else
                               tr("No entries for this unit.")})
        nothing.setFirstColumnSpanned(True)
    flow_items = {}
    for group in groups.itertuples(index=False):
        if group.flow not in flow_items:
            total = groups.loc[groups["flow"] == group.flow, "co2e_t"].sum()
            flow_items[group.flow] = _item(tree, {"name": flow_label(group.flow), "t": number(total)})
        change = "" if deltas is None else signed(deltas.at[(group.flow, group.sector), "delta_t"])
        sector_item = _item(flow_items[group.flow], {
            "name": sector_label(group.sector), "t": number(group.co2e_t),
            "interval": interval(group.low_t, group.high_t), "change": change,
            "unit": tr("entries: {n}").format(n=count(group.entries)),
        })
        sector_item.setToolTip(0, group.sector)
        rows = entries[(entries["flow"] == group.flow) & (entries["sector"] == group.sector)]
        for entry in rows.itertuples(index=False):
            entry_item = _item(sector_item, {
                "name": code_name(entry.carrier) if entry.carrier else "", "t": number(entry.co2e_t),
                "interval": interval(entry.low_t, entry.high_t),
                "unit": entry.unit_id, "activity": f"{number(entry.activity)} {entry.activity_unit or ''}",
                "factor": f"{entry.factor:g} {entry.factor_unit or ''}", "source": entry.source or "",
                "computed": entry.computed_at or "", "version": entry.algorithm_version or "",
            })
            entry_item.setToolTip(0, entry.carrier or "")  # the ledger's carrier, as a sector row's tooltip
        if group.entries > len(rows):
            _item(sector_item, {"name": tr("… {n} more (see Export)").format(n=count(group.entries - len(rows)))})
    for flow, item in flow_items.items():
        item.setExpanded(flow in NET_FLOWS)
    if deltas is not None:
        for (flow, sector), row in deltas.iterrows():
            if not ((groups["flow"] == flow) & (groups["sector"] == sector)).any():
                _item(tree, {"name": f"{sector_label(sector)} ({flow_label(flow)})", "t": number(0.0),
                             "change": signed(row["delta_t"])})
    fit_columns(tree)


def fit_columns(tree):
    """Columns as wide as their contents, but no wider than WIDEST (longer texts elide)."""
    header = tree.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    for c, column in enumerate(COLUMNS):
        tree.resizeColumnToContents(c)
        if column in WIDEST and tree.columnWidth(c) > WIDEST[column]:
            tree.setColumnWidth(c, WIDEST[column])
    name, spread = 0, COLUMNS.index("interval")
    tree.claims = [  # (column, px) in turn, of the room beside t CO2e/yr (see fit_name_column)
        (spread, widest(tree, spread, UNBROKEN.findall)),  # each end of an interval whole
        (name, min(NAME_READABLE, widest(tree, name, UNBROKEN.findall))),  # each word of a name whole
        (spread, widest(tree, spread, lambda text: text.rpartition(" ")[::2])),  # 'low to' over 'high'
        (name, min(NAME_READABLE, widest(tree, name, lambda text: [text]))),  # a name on one line
    ]
    fit_name_column(tree)


def widest(tree, column, parts):
    """Width, px, ``column`` needs to show each of the ``parts(text)`` of its flows' and sectors' texts on a
    line of its own (with the item's text margins and, in the name column, its level's indentation and
    expand arrow); the entries under a sector, shown when it is expanded, may wrap more."""
    metrics, most = tree.fontMetrics(), 0
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1) + 2
    iterator = QTreeWidgetItemIterator(tree)
    while (item := iterator.value()) is not None:
        depth, parent = 1, item.parent()
        while parent is not None:
            depth, parent = depth + 1, parent.parent()
        if depth <= 2:
            indent = depth * tree.indentation() if column == 0 else 0
            most = max([most] + [indent + metrics.horizontalAdvance(part) for part in parts(item.text(column))])
        iterator += 1
    return most + margin


def fit_name_column(tree):
    """Share the viewport beside t CO2e/yr between the name and the interval columns so that the three
    stay in view without scrolling sideways and no word is cut: in turn the interval's ends whole, the
    names' words whole, the interval on two lines ('low to' over 'high'), a name on one line (these two up
    to NAME_READABLE px), then the interval on one line; the name takes the rest (at least NAME_LEAST, at
    most WIDEST["name"] px). Longer texts wrap (rows grow)."""
    value, spread = COLUMNS.index("t"), COLUMNS.index("interval")
    tree.resizeColumnToContents(spread)
    room, whole = tree.viewport().width() - tree.columnWidth(value), tree.columnWidth(spread)
    widths = {0: NAME_LEAST, spread: 1}
    for column, wanted in tree.claims:
        widths[column] = max(widths[column], min(wanted, room - widths[spread if column == 0 else 0]))
    tree.setColumnWidth(spread, max(widths[spread], min(whole, room - widths[0])))
    tree.setColumnWidth(0, max(NAME_LEAST, min(WIDEST["name"], room - tree.columnWidth(spread))))
    tree.doItemsLayout()  # the rows' heights for the new widths (Qt keeps them from the old ones)


ENTRIES_SHOWN_PER_SECTOR = 200
"""Entry rows listed under one sector before a 'more' line (the sums cover all)."""


def account(view, unit_id):
    """(sums by flow and sector in the order shown, entries listed) of a unit in a LedgerView."""
    return ordered_groups(view.by_flow_and_sector(unit_id)), view.listed_entries(unit_id, ENTRIES_SHOWN_PER_SECTOR)
