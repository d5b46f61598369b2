"""Dock bodies that fit a laptop screen (1366 x 768 with the Layers panel): the content scrolls
inside the dock instead of forcing its size on the QGIS main window."""
from qgis.PyQt.QtCore import QEvent, QObject, QSize, Qt, QTimer
from qgis.PyQt.QtWidgets import QComboBox, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget


def scrolled(body):
    """``body`` in a frameless scroll area that resizes it to the dock's width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


def with_footer(area, footer):
    """``area`` (a ``scrolled`` body) above ``footer``, which stays in view (the live result and the
    actions)."""
    outer = QWidget()
    layout = QVBoxLayout(outer)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area, 1)
    layout.addWidget(footer)
    return outer


class TextArea(QScrollArea):
    """A word-wrapped QLabel scrolling when the dock is short: it asks for the height its text needs
    at the width it has (at most its maximum height), gets it where there is room and shrinks to its
    minimum where there is none."""

    def sizeHint(self):  # noqa: N802 (Qt API name)
        hint = super().sizeHint()
        needed = self.widget().heightForWidth(max(self.viewport().width(), 100)) + 4
        return QSize(hint.width(), min(needed, self.maximumHeight()))

    def viewportEvent(self, event):  # noqa: N802 (Qt API name)
        if event.type() == QEvent.Type.LayoutRequest:  # the label's text changed
            self.updateGeometry()
        return super().viewportEvent(event)


def text_area(label, least_lines=3, most_lines=None):
    """``label`` (a word-wrapped QLabel) in a TextArea never shorter than ``least_lines`` lines nor
    taller than ``most_lines`` (None: any)."""
    area = TextArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(label)
    line = label.fontMetrics().lineSpacing()
    area.setMinimumHeight(least_lines * line + 4)
    if most_lines is not None:
        area.setMaximumHeight(most_lines * line + 4)
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    return area


def narrow_combo(box, characters=18):
    """Let a combo box with long item names shrink to about ``characters`` wide; each item keeps its
    full name as a tooltip."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLength)
    box.setMinimumContentsLength(characters)
    for index in range(box.count()):
        box.setItemData(index, box.itemText(index), Qt.ItemDataRole.ToolTipRole)
    return box


SNUG_PADDING_PX = 14
"""Room a snug button leaves each side of its text (px): a style's bevel and margin (Fusion's are about 8)."""


def snug(button):
    """Let a push button be as wide as its text and SNUG_PADDING_PX a side: styles make every button at least about
    80 px wide, which a 298 px dock cannot spare ('复制' is 26 px of text)."""
    button.setFixedWidth(button.fontMetrics().horizontalAdvance(button.text()) + 2 * SNUG_PADDING_PX)
    return button


def fit_rows(table, most=8):
    """Make a QTableWidget as tall as its header and rows, each as tall as its wrapped text (at most ``most`` rows;
    more scroll), and its sideways scroll bar when its columns need one (the bar had hidden the last row)."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), most)))
    header = table.horizontalHeader()
    bar = table.horizontalScrollBar().sizeHint().height() if header.length() > table.viewport().width() else 0
    table.setFixedHeight(header.sizeHint().height() + rows + bar + 2 * table.frameWidth())


class FittedRows(QObject):
    """Fits a table to its rows again (``fit_rows``) whenever its width changes: wrapped rows grow in a narrower dock.
    The fit waits for the event loop's next turn, once the columns have their new widths."""

    def __init__(self, table, most):
        super().__init__(table)
        self.table, self.most = table, most
        self.later = QTimer(self)
        self.later.setSingleShot(True)
        self.later.timeout.connect(lambda: fit_rows(self.table, self.most))

    def eventFilter(self, viewport, event):  # noqa: N802 (Qt API name)
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            self.later.start(0)
        return False


def fitted_rows(table, most=8):
    """``table`` (a QTableWidget) kept as tall as its rows at whatever width it has (``FittedRows``)."""
    table.viewport().installEventFilter(FittedRows(table, most))
    return table


class WrappedLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its text needs at the width it has, not for a height
    to be worked out for some width. A QFormLayout worked out a wrapped label's height for another width than it then
    gave it: lines were cut off ('Share of industrial combustion emissions cut (ratio)' lost '(ratio)' in a 298 px
    dock), or a row got a blank line."""

    def __init__(self, text):
        super().__init__(text)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # level with its field

    def hasHeightForWidth(self):  # noqa: N802 (Qt API name)
        return False

    def sizeHint(self):  # noqa: N802 (Qt API name)
        return QSize(super().sizeHint().width(), self.heightForWidth(self.width()))

    def minimumSizeHint(self):  # noqa: N802 (Qt API name)
        return QSize(super().minimumSizeHint().width(), self.heightForWidth(self.width()))

    def resizeEvent(self, event):  # noqa: N802 (Qt API name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # another width, another height: the layout asks again
