"""Dock bodies that fit a laptop screen (1366 x 768 with the Layers panel): the content scrolls
inside the dock instead of forcing its size on the QGIS main window."""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox, QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolled(body):
    """``body`` in a frameless scroll area that resizes it to the dock's width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


def with_footer(body, footer):
    """``body`` scrolling above ``footer``, which stays in view (the live result and the actions)."""
    outer = QWidget()
    layout = QVBoxLayout(outer)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scrolled(body), 1)
    layout.addWidget(footer)
    return outer


def narrow_combo(box, characters=18):
    """Let a combo box with long item names shrink to about ``characters`` wide; each item keeps its
    full name as a tooltip."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLength)
    box.setMinimumContentsLength(characters)
    for index in range(box.count()):
        box.setItemData(index, box.itemText(index), Qt.ItemDataRole.ToolTipRole)
    return box


def fit_rows(table, most=8):
    """Make a QTableWidget as tall as its header and rows (at most ``most`` rows; more scroll)."""
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), most)))
    table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth())
