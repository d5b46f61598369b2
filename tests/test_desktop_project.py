"""A saved project reopened in real QGIS (Xvfb, 1366 x 768, the plugin installed from the ZIP): the docks
come back as they were when the project was saved, whatever the QGIS session in between left in QGIS's
window state. Each start quits QGIS as a user does (File > Exit), so that QGIS saves its window state."""
import os
import shutil

import pytest

from test_plugin_zip import WRITE_RESULT, _installed_profile, _start_desktop

QUIT = WRITE_RESULT + """
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins

def docks():
    gui = plugins["urban_carbon_ledger"].gui
    return {"ledger": not gui.ledger_dock.isHidden(), "chessboard": not gui.chessboard_dock.isHidden(),
            "connected": gui.ledger_dock.ledger is not None}

def quit_qgis(result):
    # as a user quits: QGIS saves its window state (the docks closed or open) in the profile
    with open(os.environ["UCL_RESULT"], "w") as handle:
        json.dump(result, handle)
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(10000, lambda: os._exit(3))  # a dialog left open: the test sees the state unsaved
    iface.actionExit().trigger()
"""

SAVE_SCRIPT = QUIT + """
def start():
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())
    plugins["urban_carbon_ledger"].gui.open_ledger(path=os.environ["UCL_LEDGER"])
    QTimer.singleShot(3000, save)

def save():
    QgsProject.instance().write(os.environ["UCL_PROJECT"])
    quit_qgis(docks())

QTimer.singleShot(1000, start)
"""

CLOSE_SCRIPT = QUIT + """
def close():
    gui = plugins["urban_carbon_ledger"].gui
    result = docks()
    gui.ledger_dock.hide()  # no ledger in this session: the user closes the empty docks
    gui.chessboard_dock.hide()
    quit_qgis(result)

QTimer.singleShot(3000, close)
"""

CHECK_SCRIPT = QUIT + """
def check():
    iface.mainWindow().grab().save(os.path.join(os.environ["UCL_SHOTS"], "desktop_project_reopened.png"))
    quit_qgis(docks())

QTimer.singleShot(5000, check)
"""


@pytest.mark.desktop
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_reopened_project_shows_the_docks_it_was_saved_with(tmp_path):
    """First start: a ledger opened (its dock open), the project saved, QGIS quit. Second start without
    a project: the user closes the empty docks and quits. Third start with the project: the ledger is
    reconnected and its dock open, as when the project was saved. Before, the docks stayed closed until
    their toolbar buttons were clicked (QGIS's window state from the second start closed them)."""
    settings, environment = _desktop_with_ledger(tmp_path)
    saved = _start_desktop(tmp_path, settings, SAVE_SCRIPT, **environment)
    assert saved == {"ledger": True, "chessboard": False, "connected": True}, saved
    between = _start_desktop(tmp_path, settings, CLOSE_SCRIPT, **environment)
    assert between["ledger"] and not between["connected"], between  # QGIS restored the open dock
    reopened = _start_desktop(tmp_path, settings, CHECK_SCRIPT, project=tmp_path / "city.qgz", **environment)
    assert reopened == {"ledger": True, "chessboard": False, "connected": True}, reopened


FRONT_SAVE_SCRIPT = QUIT + """
from qgis.core import QgsApplication
from urban_carbon_ledger.ui.desktop import show_dock

def start():  # once the plugin has started (a second or more on a loaded machine)
    if getattr(plugins.get("urban_carbon_ledger"), "gui", None) is None:
        QTimer.singleShot(500, start)
        return
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())
    plugins["urban_carbon_ledger"].gui.open_ledger(path=os.environ["UCL_LEDGER"])
    QTimer.singleShot(3000, save)

def save():
    show_dock(plugins["urban_carbon_ledger"].gui.chessboard_dock)  # in front when QGIS saves its window state
    QTimer.singleShot(500, when_read)

def when_read():  # QGIS asks before quitting while a task runs: the chessboard's session read first
    if plugins["urban_carbon_ledger"].gui.chessboard_dock.board is None or QgsApplication.taskManager().count():
        QTimer.singleShot(500, when_read)
        return
    QgsProject.instance().write(os.environ["UCL_PROJECT"])
    quit_qgis(docks())

QTimer.singleShot(1000, start)
"""

FRONT_CHECK_SCRIPT = QUIT + """
from qgis.core import QgsApplication

def when_read():  # the project read, the docks connected and their reads done, as a user would look
    gui = getattr(plugins.get("urban_carbon_ledger"), "gui", None)
    if gui is None or gui.ledger_dock.ledger is None or QgsApplication.taskManager().count():
        QTimer.singleShot(500, when_read)
        return
    QTimer.singleShot(1000, check)

def check():
    gui = plugins["urban_carbon_ledger"].gui
    iface.mainWindow().grab().save(os.path.join(os.environ["UCL_SHOTS"], "desktop_project_front.png"))
    result = docks()
    result["in front"] = [name for name, dock in gui.docks().items() if not dock.visibleRegion().isEmpty()]
    quit_qgis(result)

QTimer.singleShot(3000, when_read)
"""


@pytest.mark.desktop
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_a_reopened_project_shows_the_ledger_dock_in_front(tmp_path):
    """A project saved with both docks open (tabbed on a 1366 px screen, the chessboard in front) reopens with both
    open and the ledger dock in front, as ``DesktopGui.show_docks`` says, whether QGIS saved its window state
    or not (it did not quit cleanly): then the plugin tabs the docks once QGIS is ready, after the project was
    read. Before, that tabbing put the chessboard in front (desktop tester, a restart under Xvfb)."""
    settings, environment = _desktop_with_ledger(tmp_path)
    saved = _start_desktop(tmp_path, settings, FRONT_SAVE_SCRIPT, **environment)
    assert saved == {"ledger": True, "chessboard": True, "connected": True}, saved
    front = {"ledger": True, "chessboard": True, "connected": True, "in front": ["ledger"]}
    reopened = _start_desktop(tmp_path, settings, FRONT_CHECK_SCRIPT, project=tmp_path / "city.qgz", **environment)
    assert reopened == front, reopened  # QGIS restored the docks tabbed, the chessboard in front
    ini = settings / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.write_text("".join(line for line in ini.read_text(encoding="latin-1").splitlines(keepends=True)
                           if not line.startswith("state=")), encoding="latin-1")  # no window state saved
    reopened = _start_desktop(tmp_path, settings, FRONT_CHECK_SCRIPT, project=tmp_path / "city.qgz", **environment)
    assert reopened == front, reopened


def _desktop_with_ledger(tmp_path):
    """A fresh QGIS profile with the plugin installed and the environment of the desktop scripts: a built ledger,
    the project's path, the screenshots' folder and a temp folder of their own (QGIS asks before quitting with
    layers in its temp folder: not these). Returns (settings, environment)."""
    from ui_ledger_builder import build_ledger

    ledger = tmp_path / "ledger.gpkg"
    build_ledger(str(ledger))
    temporary = tmp_path / "qgis_tmp"
    temporary.mkdir()
    shots = os.environ.get("UCL_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    return _installed_profile(tmp_path), {"UCL_LEDGER": str(ledger), "UCL_PROJECT": str(tmp_path / "city.qgz"),
                                          "UCL_SHOTS": shots, "TMPDIR": str(temporary)}
