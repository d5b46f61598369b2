"""Both docks on a laptop screen (issue 18 item 5): real QGIS under Xvfb on 1366 x 768, installed from
the ZIP, with QGIS's Browser and Layers panels on the left; what a planner needs is asserted from the
widgets themselves (visibleRegion), not from the window size alone."""
import os
import shutil

import pytest

from test_plugin_zip import WRITE_RESULT, _installed_profile, _start_desktop

FIT_SCRIPT = WRITE_RESULT + """
from qgis.PyQt.QtCore import QRect, Qt, QTimer
from qgis.PyQt.QtGui import QRegion
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QStyle
from qgis.utils import iface, plugins

window = iface.mainWindow()
screen = QApplication.primaryScreen().availableGeometry()

def shown(widget, rect=None):
    # every pixel of ``rect`` (widget coordinates; the whole widget when None) is on screen and not
    # clipped by a parent (a scroll viewport, the dock's edge)
    rect = widget.rect() if rect is None else rect
    hidden = QRegion(rect).subtracted(widget.visibleRegion())
    top_left = widget.mapTo(window, rect.topLeft()) + window.geometry().topLeft()
    on_screen = screen.contains(QRect(top_left, rect.size()))
    return widget.isVisible() and hidden.isEmpty() and on_screen

def check_ledger(result):
    dock = plugins["urban_carbon_ledger"].gui.ledger_dock
    tree, header = dock.tree, dock.tree.header()
    row = tree.visualItemRect(tree.topLevelItem(0)) if tree.topLevelItemCount() else QRect(0, 0, 1, 1)
    columns = {}
    for column in (0, 1, 2):  # name, t CO2e/yr, interval
        cell = QRect(header.sectionViewportPosition(column), row.top(), header.sectionSize(column), row.height())
        columns[column] = shown(tree.viewport(), cell) and cell.right() < tree.viewport().width()
    result["ledger"] = {"dock": [dock.width(), dock.height()], "columns": columns,
                        "scrolled_sideways": tree.horizontalScrollBar().value(), "rows": tree.topLevelItemCount(),
                        "cut": cut_cells(tree), "cut_millions": cut_cells(tree, MILLIONS)}
    from qgis.PyQt.QtCore import QCoreApplication
    from urban_carbon_ledger.ui import i18n
    translator = i18n.install_translator("zh")  # the same district in Chinese (names break between characters)
    result["ledger"]["cut_millions_zh"] = cut_cells(tree, MILLIONS)
    result["ledger"]["names_zh"] = [tree.topLevelItem(0).child(row).text(0)
                                    for row in range(tree.topLevelItem(0).childCount())]
    QCoreApplication.removeTranslator(translator)

MILLIONS = {  # a district of the 100,000-parcel city: sources of millions of t CO2e/yr, long sector names
    "flow": ["source", "source", "source", "sink"],
    "sector": ["road_traffic", "residential", "industry_combustion", "sequestration"],
    "co2e_t": [6514581.5, 1992865.1, 889604.9, -82160.5], "low_t": [5502390.3, 1818050.6, 728170.4, -101218.1],
    "high_t": [8181234.0, 2194321.0, 1257011.0, -63102.9], "entries": [3, 2, 1, 1]}

def cut_cells(tree, groups=None):
    # sector rows' name, t CO2e/yr and interval cells whose text does not fit whole (wrapped at its
    # spaces) in the cell: [text, ...]; a word wider than the cell or more lines than the row holds is cut.
    # groups: sums by flow and sector to show instead (the tree filled as the dock fills it)
    if groups is not None:
        import pandas as pd
        from urban_carbon_ledger.ui import ledger_tree
        entries = pd.DataFrame(columns=["flow", "sector", *ledger_tree.COLUMNS])
        ledger_tree.fill(tree, ledger_tree.ordered_groups(pd.DataFrame(groups)), entries, None)
        QApplication.processEvents()
    metrics, header, cut = tree.fontMetrics(), tree.header(), []
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)  # Qt's
    for flow in range(tree.topLevelItemCount()):
        for row in range(tree.topLevelItem(flow).childCount()):
            item = tree.topLevelItem(flow).child(row)
            for column in (0, 1, 2):
                width = header.sectionSize(column) - margin - (2 * tree.indentation() if column == 0 else 0)
                needed = metrics.boundingRect(QRect(0, 0, max(width, 1), 10000), Qt.TextFlag.TextWordWrap,
                                              item.text(column))
                if needed.width() > width or needed.height() > tree.visualItemRect(item).height():
                    cut.append([item.text(column), width, needed.width(), needed.height()])
    return cut

def check_chessboard(result):
    dock = plugins["urban_carbon_ledger"].gui.chessboard_dock
    dock.set_measure("land_use_conversion")
    QApplication.processEvents()
    bar = dock.tabs.tabBar()
    tabs = [bar.rect().contains(bar.tabRect(i)) and shown(bar, bar.tabRect(i)) for i in range(bar.count())]
    rows = sum(1 for r in range(dock.form.rowCount())
               if dock.form.itemAt(r, dock.form.ItemRole.LabelRole) is not None
               and shown(dock.form.itemAt(r, dock.form.ItemRole.FieldRole).widget()))
    buttons = {"apply_button": shown(dock.apply_button)}
    for tab, name in ((1, "save_button"), (2, "compare_button")):  # Save on the Edits tab, Compare on its own
        dock.tabs.setCurrentIndex(min(tab, bar.count() - 1))
        QApplication.processEvents()
        buttons[name] = shown(getattr(dock, name)) if hasattr(dock, name) else False
    dock.tabs.setCurrentIndex(0)
    result["chessboard"] = {"dock": [dock.width(), dock.height()], "tabs": tabs, "rows": rows,
                            "form_rows": dock.form.rowCount(), "buttons": buttons}

def measure_stacked():
    # the worst case: both docks stacked on the right, each with about half the height
    gui = plugins["urban_carbon_ledger"].gui
    for dock in (gui.ledger_dock, gui.chessboard_dock):
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Vertical)
        dock.show()
    QTimer.singleShot(1500, finish)

def finish():
    QApplication.processEvents()
    result = {"window": [window.frameGeometry().width(), window.frameGeometry().height()],
              "screen": [screen.width(), screen.height()], "default": default}
    check_ledger(result)
    check_chessboard(result)
    shots = os.environ.get("UCL_SHOTS")
    window.grab().save(os.path.join(shots, "desktop_both_docks.png"))
    write(result)

default = {}

def measure_default():
    # as the plugin leaves them on a laptop screen: with the Browser and Layers panels on the left
    gui = plugins["urban_carbon_ledger"].gui
    default["tabified"] = gui.chessboard_dock in window.tabifiedDockWidgets(gui.ledger_dock)
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    default["left"] = [window.dockWidgetArea(window.findChild(QDockWidget, name)) == left
                       for name in ("Browser", "Layers")]
    measure_stacked()

def start():
    gui = plugins["urban_carbon_ledger"].gui
    window.setGeometry(screen)  # the whole 1366 x 768 screen (Xvfb has no window manager to maximise it)
    for name in ("Browser", "Layers"):  # a fresh profile shows both on the left
        panel = window.findChild(QDockWidget, name)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panel)
        panel.show()
    gui.open_ledger(path=os.environ["UCL_LEDGER"])
    gui.chessboard_dock.show()
    QTimer.singleShot(4000, measure_default)

QTimer.singleShot(1000, start)
"""


@pytest.mark.desktop
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_both_docks_fit_a_laptop_screen(qgis_app, tmp_path):
    """Installed from the ZIP, QGIS on a 1366 x 768 screen with QGIS's Browser and Layers panels on
    the left, a ledger open and both docks stacked on the right (each about 300 x 330 px): the window
    fits the screen, and what a planner needs is on screen and not clipped by a scroll viewport, as
    the widgets themselves report it (visibleRegion): the ledger's name, t CO2e/yr and interval
    columns without scrolling sideways, each sector's name, value and interval whole (wrapped, not
    elided; also for a district of millions of t CO2e/yr), every chessboard tab, at least 3 parameter
    rows, Apply, Save and Compare. Before, the right dock area got about 298 px, the ledger's columns and
    the chessboard's tabs and form lay outside the dock's viewport, and only the window size was checked;
    sector names were elided ('electri…').
    On a screen up to 1400 px wide the plugin tabifies its two docks. The screenshot goes to
    $UCL_SCREENSHOTS (docs/images for the README) or tmp_path."""
    from ui_ledger_builder import build_ledger

    ledger = tmp_path / "ledger.gpkg"
    build_ledger(str(ledger))
    settings = _installed_profile(tmp_path)
    shots = os.environ.get("UCL_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    result = _start_desktop(tmp_path, settings, FIT_SCRIPT, UCL_LEDGER=str(ledger), UCL_SHOTS=shots)
    width, height = result["window"]
    assert width <= 1366 and height <= 768, result
    assert result["default"] == {"tabified": True, "left": [True, True]}, result
    ledger_dock, board = result["ledger"], result["chessboard"]
    assert ledger_dock["rows"] >= 2 and ledger_dock["scrolled_sideways"] == 0, result
    assert ledger_dock["columns"] == {"0": True, "1": True, "2": True}, result
    assert ledger_dock["cut"] == [], result  # sector names whole (wrapped), not 'electri…'
    assert ledger_dock["cut_millions"] == [], result  # 'residential buildings', '5.502 M to 8.181 M' whole
    assert ledger_dock["names_zh"][:2] == ["道路交通", "居住建筑"] and ledger_dock["cut_millions_zh"] == [], result
    assert board["tabs"] == [True, True, True], result
    assert board["rows"] >= 3 and board["form_rows"] >= 4, result
    assert board["buttons"] == {"apply_button": True, "save_button": True, "compare_button": True}, result
    assert ledger_dock["dock"][0] <= 400 and ledger_dock["dock"][1] <= 420, result  # the layout tested is the laptop's
