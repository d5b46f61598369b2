"""The desktop wiring (ui/desktop.py) in a real QMainWindow with a real map canvas, and the translator."""
import contextlib
import os
import time

import pytest
from qgis.core import QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QMainWindow, QMenu

from ui_ledger_builder import X0, Y0, build_ledger, save_screenshot, wait_for
from urban_carbon_ledger.ui import i18n
from urban_carbon_ledger.ui.desktop import DesktopGui, show_dock


class WindowInterface(QObject):
    """The part of QgisInterface that DesktopGui uses, over a real main window and canvas."""

    initializationCompleted = pyqtSignal()

    def __init__(self):
        super().__init__()
        self.window = QMainWindow()
        self.canvas = QgsMapCanvas(self.window)
        self.window.setCentralWidget(self.canvas)
        self.menu = QMenu("Plugins", self.window)
        self.menu_names = []  # the plugin menu entries the actions went under

    def mainWindow(self):  # noqa: N802 (QgisInterface name)
        return self.window

    def mapCanvas(self):  # noqa: N802 (QgisInterface name)
        return self.canvas

    def addDockWidget(self, area, dock):  # noqa: N802 (QgisInterface name)
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):  # noqa: N802 (QgisInterface name)
        self.window.removeDockWidget(dock)

    def addToolBar(self, name):  # noqa: N802 (QgisInterface name)
        return self.window.addToolBar(name)

    def addPluginToMenu(self, menu, action):  # noqa: N802 (QgisInterface name)
        self.menu_names.append(menu)
        self.menu.addAction(action)

    def removePluginMenu(self, _menu, action):  # noqa: N802 (QgisInterface name)
        self.menu.removeAction(action)


@pytest.fixture
def gui(qgis_app):
    iface = WindowInterface()
    desktop = DesktopGui()
    desktop.start(iface)
    yield desktop, iface
    desktop.stop(iface)
    QgsProject.instance().clear()


def test_start_open_and_stop(gui, tmp_path):
    desktop, iface = gui
    assert len(iface.menu.actions()) == 5
    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    layers = desktop.open_ledger(path=path)
    assert layers["group"].name() == "Carbon ledger: ledger"
    assert {layer.name() for layer in QgsProject.instance().mapLayers().values()} == {"Units (net flux)",
                                                                                       "Road links (net per km)"}
    wait_for(lambda: desktop.ledger_dock.current_view() is not None)
    assert not desktop.chessboard_dock.tasks  # its session is read once the dock is shown, not at the open
    iface.window.resize(1400, 760)
    iface.window.show()
    show_dock(desktop.chessboard_dock)
    wait_for(lambda: desktop.chessboard_dock.board is not None)
    show_dock(desktop.ledger_dock)
    wait_for(lambda: "classes" in desktop.opened)  # the data classes' read starts once the canvas has drawn
    desktop.ledger_dock.show_unit("D01-B01-P01-G01")
    assert "Net <b>500</b>" in desktop.ledger_dock.summary_label.text()
    desktop.pick_unit()
    assert iface.canvas.mapTool() is desktop.ledger_dock.pick_tool
    iface.window.resizeDocks([desktop.ledger_dock], [560], Qt.Orientation.Horizontal)
    QCoreApplication.processEvents()
    iface.canvas.setLayers([layers["links"], layers["units"]])
    iface.canvas.setDestinationCrs(layers["units"].crs())
    iface.canvas.setExtent(QgsRectangle(X0 - 50, Y0 - 50, X0 + 1250, Y0 + 1050))
    iface.canvas.refresh()
    iface.canvas.waitWhileRendering()
    QCoreApplication.processEvents()
    save_screenshot(iface.window, tmp_path, "desktop_window.png", size=(1400, 760))
    assert len(_outlines(iface.canvas)) == 8  # polygons and lines of four: two docks picked, edited, a scenario's edits
    assert desktop.ledger_dock.highlight.band.numberOfVertices() == 5  # the building's square, closed
    desktop.chessboard_dock.close()  # the session's outlines go with its dock (a tester saw them stay)
    QCoreApplication.processEvents()
    assert not any(outline.band.isVisible() for outline in (desktop.chessboard_dock.highlight,
                                                             desktop.chessboard_dock.edited_highlight))
    # a scenario's edits are drawn over the session's magenta outline of the same units (hidden under it before)
    assert desktop.ledger_dock.edited_highlight.band.zValue() > desktop.chessboard_dock.edited_highlight.band.zValue()
    # and wider than a picked unit's light blue drawn over it, so that it shows around it (a picked parcel hid it)
    assert desktop.ledger_dock.edited_highlight.band.width() > desktop.chessboard_dock.highlight.band.width()
    desktop.stop(iface)
    assert iface.menu.actions() == []
    assert iface.canvas.mapTool() is None
    assert _outlines(iface.canvas) == []  # unloading takes the outlines off the map


def _outlines(canvas):
    from qgis.gui import QgsRubberBand

    return [item for item in canvas.scene().items() if isinstance(item, QgsRubberBand)]


def test_chinese_translation_loads(qgis_app):
    translator = i18n.install_translator("zh")
    try:
        assert translator is not None
        assert i18n.tr("Carbon ledger") == "碳账本"
        assert QCoreApplication.translate("CarbonLedger", "District map atlas") == "分区地图集"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert i18n.tr("Carbon ledger") == "Carbon ledger"


def test_the_plugin_menu_entry_is_named_in_the_users_language(qgis_app):
    """In Chinese the Plugins menu's entry is 城市碳账本, as the toolbar is; a tester saw 'Urban Carbon Ledger'."""
    from test_ui_dock_text import _user_locale

    iface, desktop = WindowInterface(), DesktopGui()
    with _user_locale("zh_CN"):
        desktop.start(iface)
        try:
            assert set(iface.menu_names) == {"&城市碳账本"} and len(iface.menu_names) == 5
        finally:
            desktop.stop(iface)
            QgsProject.instance().clear()
    assert iface.menu.actions() == []


def test_reopening_adds_no_second_group_and_a_reload_reconnects(gui, tmp_path):
    """Opening the same ledger again reuses its layers; a desktop started on a project that already
    holds a ledger (a saved project reopened, the plugin reloaded) points its docks at it."""
    desktop, iface = gui
    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    first = desktop.open_ledger(path=path)
    again = desktop.open_ledger(path=path)
    assert again["units"] is first["units"] and len(QgsProject.instance().mapLayers()) == 2
    assert len(QgsProject.instance().layerTreeRoot().children()) == 1
    desktop.stop(iface)
    reloaded = DesktopGui()
    reloaded.start(iface)
    try:
        assert reloaded.ledger_dock.ledger is not None
        assert os.path.realpath(reloaded.ledger_dock.ledger.path) == os.path.realpath(path)
        wait_for(lambda: reloaded.ledger_dock.current_view() is not None)
    finally:
        reloaded.stop(iface)


def test_a_project_holding_another_tools_units_layer_still_starts(gui, tmp_path):
    """A saved project whose 'units' layer comes from a GeoPackage that is not a ledger (another tool's):
    starting the desktop must not fail (it runs while QGIS loads the plugin); the ledger dock names it."""
    import geopandas as gpd
    import shapely
    from qgis.core import QgsVectorLayer

    desktop, iface = gui
    path = str(tmp_path / "other_tool.gpkg")
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[shapely.box(0, 0, 1, 1)], crs="EPSG:4547").to_file(
        path, layer="units", driver="GPKG")
    QgsProject.instance().addMapLayer(QgsVectorLayer(f"{path}|layername=units", "units", "ogr"))
    desktop.stop(iface)
    started = DesktopGui()
    started.start(iface)
    try:
        assert started.ledger_dock.ledger is None
        assert "is not a ledger this plugin can open" in started.ledger_dock.ledger_label.text()
        # named as another tool's GeoPackage before any migration is tried on it (issue 17 item 5)
        assert "is a GeoPackage from another tool" in started.ledger_dock.ledger_label.text()
    finally:
        started.stop(iface)


def test_docks_are_tabbed_on_a_laptop_unless_qgis_restored_an_arrangement(gui):
    """On a screen up to 1,400 px wide (the offscreen screen is 800 x 600) the two docks are tabbed
    once QGIS says it is ready (after it restored its window state); a saved window state that holds
    the docks is the user's arrangement and stays."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtGui import QGuiApplication

    desktop, iface = gui
    assert QGuiApplication.primaryScreen().availableGeometry().width() <= 1400
    window, ledger, board = iface.window, desktop.ledger_dock, desktop.chessboard_dock
    settings = QgsSettings()
    saved = settings.value("UI/state")
    settings.remove("UI/state")
    try:
        iface.initializationCompleted.emit()
        ledger.show()
        board.show()
        assert board in window.tabifiedDockWidgets(ledger)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, board, Qt.Orientation.Vertical)  # stacked
        assert board not in window.tabifiedDockWidgets(ledger)
        settings.setValue("UI/state", window.saveState())  # as QGIS saves it on exit
        assert desktop.arrange_docks() is False and board not in window.tabifiedDockWidgets(ledger)
    finally:
        settings.remove("UI/state") if saved is None else settings.setValue("UI/state", saved)


def settle():
    """Let Qt lay out a tab switch for 0.3 s, as a user's next click would find it."""
    deadline = time.time() + 0.3
    while time.time() < deadline:
        QCoreApplication.processEvents()


@contextlib.contextmanager
def _no_saved_window_state():
    """QGIS's saved window state (UI/state) removed for the block, as after an unclean quit or in a fresh
    profile, and put back after it."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    saved = settings.value("UI/state")
    settings.remove("UI/state")
    try:
        yield
    finally:
        settings.remove("UI/state") if saved is None else settings.setValue("UI/state", saved)


def test_the_dock_buttons_bring_tabbed_docks_forward_and_keep_both_open(gui):
    """With the two docks tabbed (a laptop screen), the Chessboard dock button brings the chessboard in
    front and the ledger dock stays open behind it, both buttons ticked; the Ledger dock button brings the
    ledger back; a click on the dock in front closes it. Before, Qt's 'not visible' for the tab put behind
    unticked its button, whose untick closed it, and the chessboard's button could not show it at all."""
    desktop, iface = gui
    window, ledger, board = iface.window, desktop.ledger_dock, desktop.chessboard_dock
    with _no_saved_window_state():
        window.show()
        iface.initializationCompleted.emit()  # tabs the docks on this 800 px screen
        ledger_button, board_button = (a for a in iface.menu.actions() if a.isCheckable())
        ledger_button.trigger()
        settle()
        assert ledger.isVisible() and board in window.tabifiedDockWidgets(ledger)
        board_button.trigger()
        settle()
        assert board.isVisible() and not ledger.isHidden()  # in front; the ledger open behind it
        assert board_button.isChecked() and ledger_button.isChecked()
        ledger_button.trigger()
        settle()
        assert ledger.isVisible() and not board.isHidden() and board_button.isChecked()
        ledger_button.trigger()
        settle()
        assert ledger.isHidden() and not ledger_button.isChecked() and board.isVisible()


def test_a_saved_project_reopens_with_the_docks_it_was_saved_with(gui, tmp_path):
    """Reading a saved project that holds a ledger opens the docks that were open when it was saved
    (saved in the project: QGIS's window state is one for every project, and a session in between may
    have closed them); a project saved with both docks closed keeps them closed. Before, the docks were
    reconnected but stayed closed until their toolbar buttons were clicked."""
    desktop, iface = gui
    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    from qgis.core import QgsApplication

    def settled():  # the docks' reads of the ledger done (as before a user saves or opens a project)
        wait_for(lambda: desktop.ledger_dock.current_view() is not None
                 and QgsApplication.taskManager().countActiveTasks() == 0)

    desktop.open_ledger(path=path)
    iface.window.show()
    show_dock(desktop.chessboard_dock)
    show_dock(desktop.ledger_dock)
    settled()
    project = QgsProject.instance()
    both, none = str(tmp_path / "both.qgs"), str(tmp_path / "none.qgs")
    assert project.write(both)
    for dock in (desktop.ledger_dock, desktop.chessboard_dock):
        dock.hide()
    assert project.write(none)
    assert project.read(both)
    settled()
    assert not desktop.ledger_dock.isHidden() and not desktop.chessboard_dock.isHidden()
    assert desktop.ledger_dock.ledger is not None
    assert project.read(none)
    settled()
    assert desktop.ledger_dock.isHidden() and desktop.chessboard_dock.isHidden()


def test_a_project_read_before_qgis_is_ready_keeps_the_ledger_dock_in_front(gui):
    """QGIS started with a project reads it (the plugin opens both docks, the ledger in front) before it says it
    is ready; with no window state of these docks saved (QGIS did not quit cleanly, a fresh profile) the docks
    are tabbed then, on this 800 px screen. The ledger dock stays in front, as ``show_docks`` says; before, the
    tabbing put the chessboard in front (desktop tester, a restart under Xvfb)."""
    desktop, iface = gui
    window, ledger, board = iface.window, desktop.ledger_dock, desktop.chessboard_dock
    with _no_saved_window_state():
        window.show()
        desktop.show_docks(["ledger", "chessboard"])  # what reading the project does
        iface.initializationCompleted.emit()
        settle()
        assert board in window.tabifiedDockWidgets(ledger) and not board.isHidden()
        assert not ledger.visibleRegion().isEmpty() and board.visibleRegion().isEmpty()
