"""The plugin's desktop parts: translator, toolbar and menu actions, the two docks, the map tool.

``DesktopGui.start(iface)`` is called from ``UrbanCarbonLedgerPlugin.initGui`` and ``stop(iface)``
from ``unload``; iface is used only there. The actions work on what ``start`` took from iface
(the main window, the map canvas) and on ``QgsProject.instance()``.
"""
import os

from qgis.core import QgsCoordinateTransform, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QFileDialog, QMessageBox

from ..algorithms.core.messages import said
from ..algorithms.core.errors import LedgerInputError
from .chessboard_dock import ChessboardDock
from .i18n import install_translator, tr
from .layers import ledger_in_project, load_ledger_layers
from .ledger_dock import LedgerDock
from .tasks import drop_tasks

ICONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "icons")
SMALL_SCREEN_PX = 1400
"""Screens up to this wide (px; a 1366 x 768 laptop) get the two docks tabbed, not stacked."""
DOCKS_ELEMENT = "UrbanCarbonLedgerDocks"
"""Element of a saved project naming the plugin's docks open when it was saved (attribute ``open``:
'ledger', 'chessboard', comma-separated; empty when both were closed)."""


def show_dock(dock, visible=True):
    """Show ``dock`` in front of the docks tabbed with it (or hide it)."""
    dock.setVisible(visible)
    if visible:
        dock.raise_()


def toggle_dock(dock):
    """A dock's toolbar button: bring ``dock`` to the front when it is closed or behind another tab, else close it."""
    show_dock(dock, not (dock.isVisible() and not dock.visibleRegion().isEmpty()))  # behind a tab: visible, unseen


class DesktopGui:
    """Everything the plugin adds to the QGIS window, and its removal."""

    def __init__(self):
        self.translator = None
        self.toolbar = None
        self.actions = []
        self.ledger_dock = None
        self.chessboard_dock = None
        self.canvas = None
        self.window = None
        self.listening = False
        self.waiting_for = None
        self.opened = None  # the newly opened ledger's layers and the task classing its map from its data
        self.menu = None  # the Plugins menu's entry, in the language of the start

    def start(self, iface):
        """Install the translator, add the docks, the toolbar and the menu (called from initGui)."""
        self.translator = install_translator()
        self.menu = "&" + tr("Urban Carbon Ledger")
        self.window = iface.mainWindow()
        self.canvas = iface.mapCanvas()
        self.ledger_dock = LedgerDock(self.canvas, self.window)
        self.chessboard_dock = ChessboardDock(self.canvas, self.window)
        self.chessboard_dock.scenarioSaved.connect(lambda _name: self.ledger_dock.refresh_scenarios())
        for dock in (self.ledger_dock, self.chessboard_dock):
            iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
        if self.window.isVisible():  # enabled in the plugin manager: QGIS restored its window state long ago
            QTimer.singleShot(0, self.arrange_docks)
        else:  # QGIS starting: it restores its window state after the plugins start, then says so
            iface.initializationCompleted.connect(self.arrange_docks)
            self.waiting_for = iface
        self.toolbar = iface.addToolBar(tr("Urban Carbon Ledger"))
        self.toolbar.setObjectName("UrbanCarbonLedgerToolbar")
        self._add(iface, "open_ledger.svg", tr("Open carbon ledger…"), self.open_ledger)
        self._add(iface, "ledger_dock.svg", tr("Ledger dock"), lambda _on: toggle_dock(self.ledger_dock),
                  checkable=self.ledger_dock)
        self._add(iface, "chessboard.svg", tr("Chessboard dock"), lambda _on: toggle_dock(self.chessboard_dock),
                  checkable=self.chessboard_dock)
        self._add(iface, "pick_unit.svg", tr("Pick a unit on the map"), self.pick_unit)
        self._add(iface, "atlas.svg", tr("District map atlas…"), self.district_atlas)
        QgsProject.instance().readProject.connect(self._project_read)
        QgsProject.instance().writeProject.connect(self._project_write)
        self.listening = True
        self.reconnect()

    def arrange_docks(self):
        """Tab the two docks on a screen up to SMALL_SCREEN_PX wide (stacked, each would get about
        300 px of a 768 px screen), the ledger dock in front when open, unless QGIS's saved window state
        holds them: then the user's own arrangement stands, as QGIS restored it. Returns True when it tabbed them."""
        self._stop_waiting()
        if self.ledger_dock is None or self.window.screen().availableGeometry().width() > SMALL_SCREEN_PX:
            return False
        saved = QgsSettings().value("UI/state", QByteArray())
        if isinstance(saved, QByteArray) and self.ledger_dock.objectName().encode("utf-16-be") in bytes(saved):
            return False
        shown = [dock.isVisible() for dock in (self.ledger_dock, self.chessboard_dock)]
        for dock in (self.ledger_dock, self.chessboard_dock):
            dock.setVisible(True)  # Qt tabs visible docks only; hidden again below, before any paint
        self.window.tabifyDockWidget(self.ledger_dock, self.chessboard_dock)
        for dock, visible in zip((self.ledger_dock, self.chessboard_dock), shown, strict=True):
            dock.setVisible(visible)
        if shown[0]:  # Qt puts the dock tabbed on last in front: the ledger, as show_docks left it (a project read)
            self.ledger_dock.raise_()
        return True

    def _stop_waiting(self):
        if self.waiting_for is not None:
            self.waiting_for.initializationCompleted.disconnect(self.arrange_docks)
            self.waiting_for = None

    def docks(self):
        """{'ledger': dock, 'chessboard': dock}: the names a project saves its open docks under."""
        return {"ledger": self.ledger_dock, "chessboard": self.chessboard_dock}

    def show_docks(self, names):
        """Open the docks ``names`` (of ``docks()``) and close the others; the ledger dock in front."""
        if self.ledger_dock is None:
            return
        for name, dock in reversed(self.docks().items()):
            show_dock(dock, name in names)

    def _project_write(self, document):
        """Save in the project which docks are open, when a ledger is connected (QGIS's own window state
        is one for all projects, and lost when QGIS does not quit cleanly)."""
        if self.ledger_dock is None or self.ledger_dock.ledger is None:
            return
        element = document.createElement(DOCKS_ELEMENT)
        element.setAttribute("open", ",".join(name for name, dock in self.docks().items() if not dock.isHidden()))
        document.documentElement().appendChild(element)

    def _project_read(self, document):
        """Point the docks at the ledger of a project just read and open those its saved state names (the
        ledger dock for a project saved without one). QGIS started with a project reads it after restoring its
        window state, so these stand."""
        if self.reconnect() is None:
            return
        element = document.documentElement().firstChildElement(DOCKS_ELEMENT)
        names = element.attribute("open").split(",") if not element.isNull() else ["ledger"]
        self.show_docks(names)

    def _add(self, iface, icon, text, slot, checkable=None):
        action = QAction(QIcon(os.path.join(ICONS, icon)), text, self.window)
        if checkable is not None:  # ticked while the dock is open, in front or behind a tab (Qt calls that hidden)
            action.setCheckable(True)
            checkable.visibilityChanged.connect(lambda _visible: action.setChecked(not checkable.isHidden()))
        action.triggered.connect(slot)  # a click, not a tick set here: a tab put behind stays open
        self.toolbar.addAction(action)
        iface.addPluginToMenu(self.menu, action)
        self.actions.append(action)

    def stop(self, iface):
        """Remove everything ``start`` added (called from unload)."""
        self._stop_waiting()
        if self.listening:
            QgsProject.instance().readProject.disconnect(self._project_read)
            QgsProject.instance().writeProject.disconnect(self._project_write)
            self.listening = False
        for action in self.actions:
            iface.removePluginMenu(self.menu, action)
        self.actions = []
        if self.canvas is not None and self.ledger_dock is not None:
            for tool in (self.ledger_dock.pick_tool, self.chessboard_dock.pick_tool):
                if self.canvas.mapTool() is tool:
                    self.canvas.unsetMapTool(tool)
        for dock in (self.ledger_dock, self.chessboard_dock):
            if dock is not None:
                drop_tasks(dock.tasks)  # what they still read would land in a deleted dock
                for outline in (getattr(dock, "highlight", None), getattr(dock, "edited_highlight", None)):
                    if outline is not None:
                        outline.remove()  # the outlines belong to the canvas, not to the dock
                iface.removeDockWidget(dock)
                dock.deleteLater()
        self.ledger_dock = self.chessboard_dock = None
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    def open_ledger(self, _checked=False, path=None):
        """Ask for a ledger GeoPackage, add its styled layers in a group, and point both docks at it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, tr("Open carbon ledger"), "", tr("GeoPackage (*.gpkg)"))
        if not path:
            return None
        try:
            layers = load_ledger_layers(path, QgsProject.instance(), on_classed=self.canvas.refresh,
                                        after_signal=self.canvas.mapCanvasRefreshed)
            self.opened = layers  # holds the classes' task while it runs (a task made from a function)
        except ValueError as error:
            QMessageBox.warning(self.window, tr("Urban Carbon Ledger"), said(error, tr))
            return None
        self._connect_docks(path, layers)
        show_dock(self.ledger_dock)
        transform = QgsCoordinateTransform(layers["units"].crs(), self.canvas.mapSettings().destinationCrs(),
                                           QgsProject.instance())
        self.canvas.setExtent(transform.transformBoundingBox(layers["units"].extent()))
        self.canvas.refresh()
        return layers

    def _connect_docks(self, path, layers):
        """Point both docks at the ledger ``path`` whose layers (units, links) are in the project."""
        pair = (layers["units"], layers["links"])
        self.ledger_dock.set_ledger(path, pair)
        self.chessboard_dock.set_ledger(path, pair, start=False)

    def reconnect(self):
        """Point the docks at a ledger the project already holds (a saved project opened, the plugin
        reloaded), if any; returns its path or None. A GeoPackage that is not a ledger this plugin
        can open (another tool's, a newer schema) is named in the ledger dock, never raised: this runs
        while QGIS starts the plugin."""
        present = ledger_in_project(QgsProject.instance())
        if present is None or not os.path.exists(present["path"]):
            return None
        try:
            self._connect_docks(present["path"], present)
        except LedgerInputError as error:
            self.ledger_dock.ledger_label.setText(
                tr("The project's layer {path} is not a ledger this plugin can open: {error}").format(
                    path=present["path"], error=said(error, tr)))
            self.ledger_dock.ledger_label.show()
            return None
        return present["path"]

    def pick_unit(self):
        """Make the ledger dock's unit picker the active map tool."""
        show_dock(self.ledger_dock)
        self.canvas.setMapTool(self.ledger_dock.pick_tool)

    def district_atlas(self):
        """Open the Processing dialog of carbonledger:districtmaps (progress bar and cancel)."""
        import processing

        parameters = {"LEDGER": self.ledger_dock.ledger.path} if self.ledger_dock.ledger is not None else {}
        processing.execAlgorithmDialog("carbonledger:districtmaps", parameters)
