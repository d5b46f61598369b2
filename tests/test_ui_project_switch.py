"""A project opened while the docks still read the previous ledger in their tasks (real QGIS, a real main
window): the stale tasks are cancelled or their results dropped, no exception leaves a task, and the docks
show the new project's ledger. Before, the previous ledger's read landed in the docks of the new one."""
import os
import shutil

import pytest
from qgis.core import QgsApplication, QgsProject

from test_plugin_zip import WRITE_RESULT, _installed_profile, _start_desktop
from test_ui_desktop import gui  # noqa: F401 (the fixture)
from ui_ledger_builder import build_ledger, wait_for
from urban_carbon_ledger.ui.desktop import show_dock


def _all_tasks_done():
    return QgsApplication.taskManager().countActiveTasks() == 0


def test_a_project_opened_while_the_docks_read_another_ledger(gui, tmp_path):  # noqa: F811 (the fixture)
    desktop, iface = gui
    ledger_dock, board_dock = desktop.ledger_dock, desktop.chessboard_dock
    project_ledger, previous = str(tmp_path / "project.gpkg"), str(tmp_path / "previous.gpkg")
    build_ledger(project_ledger)
    build_ledger(previous)
    desktop.open_ledger(path=project_ledger)
    project = str(tmp_path / "city.qgz")
    QgsProject.instance().write(project)
    QgsProject.instance().clear()
    wait_for(_all_tasks_done)
    iface.window.show()
    show_dock(board_dock)  # its session is read once it is shown
    desktop.open_ledger(path=previous)
    assert not _all_tasks_done()  # both docks are reading the previous ledger
    views, sessions = [], []
    ledger_dock.viewLoaded.connect(lambda _scenario: views.append(
        (ledger_dock.current_view().ledger.path, ledger_dock.ledger.path)))
    board_dock.sessionReady.connect(lambda _base: sessions.append(board_dock.path))
    QgsProject.instance().read(project)  # the user opens a project while they read
    wait_for(lambda: sessions and views and _all_tasks_done())
    same = os.path.realpath
    assert [(same(view), same(dock)) for view, dock in views] == [(same(project_ledger), same(project_ledger))]
    assert [same(path) for path in sessions] == [same(project_ledger)]
    assert same(ledger_dock.ledger.path) == same(project_ledger) == same(board_dock.path)
    assert "Net <b>2,072</b>" in ledger_dock.summary_label.text()  # the city of the hand-made ledger
    assert board_dock.board is not None


SWITCH_SCRIPT = WRITE_RESULT + """
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins

seen = {"views": [], "sessions": []}

def start():
    gui = plugins["urban_carbon_ledger"].gui
    gui.open_ledger(path=os.environ["UCL_LEDGER"])
    QgsProject.instance().write(os.environ["UCL_PROJECT"])
    QgsProject.instance().clear()
    QTimer.singleShot(3000, switch)

def switch():
    gui = plugins["urban_carbon_ledger"].gui
    ledger, board = gui.ledger_dock, gui.chessboard_dock
    board.show()
    gui.open_ledger(path=os.environ["UCL_PREVIOUS"])
    seen["reading"] = QgsApplication.taskManager().countActiveTasks()
    ledger.viewLoaded.connect(lambda _s: seen["views"].append([ledger.current_view().ledger.path, ledger.ledger.path]))
    board.sessionReady.connect(lambda _b: seen["sessions"].append(board.path))
    QgsProject.instance().setDirty(False)
    iface.addProject(os.environ["UCL_PROJECT"])  # as File > Open Project, while the docks read
    QTimer.singleShot(6000, check)

def check():
    gui = plugins["urban_carbon_ledger"].gui
    seen.update(ledger=gui.ledger_dock.ledger.path, board=gui.chessboard_dock.path,
                summary=gui.ledger_dock.summary_label.text(), ready=gui.chessboard_dock.board is not None,
                running=QgsApplication.taskManager().countActiveTasks())
    write(seen)

QTimer.singleShot(1000, start)
"""


@pytest.mark.desktop
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_qgis_opens_a_project_while_the_docks_read_and_stays_alive(tmp_path):
    """QGIS desktop (the plugin installed from the ZIP): File > Open Project while both docks read another
    ledger. QGIS lives on (the script's answer comes back) and the docks show only the project's ledger."""
    project_ledger, previous = str(tmp_path / "project.gpkg"), str(tmp_path / "previous.gpkg")
    build_ledger(project_ledger)
    build_ledger(previous)
    seen = _start_desktop(tmp_path, _installed_profile(tmp_path), SWITCH_SCRIPT, UCL_LEDGER=project_ledger,
                          UCL_PREVIOUS=previous, UCL_PROJECT=str(tmp_path / "city.qgz"))
    same = os.path.realpath
    assert seen["reading"] > 0 and seen["running"] == 0, seen
    assert [[same(path) for path in pair] for pair in seen["views"]] == [[same(project_ledger)] * 2], seen
    assert [same(path) for path in seen["sessions"]] == [same(project_ledger)], seen
    assert same(seen["ledger"]) == same(seen["board"]) == same(project_ledger) and seen["ready"], seen
    assert "Net <b>2,072</b>" in seen["summary"], seen
