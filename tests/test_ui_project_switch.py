"""A project opened while the docks still read the previous ledger in their tasks (real QGIS, a real main
window): the stale tasks are cancelled or their results dropped, no exception leaves a task, and the docks
show the new project's ledger. Before, the previous ledger's read landed in the docks of the new one."""
import os

from qgis.core import QgsApplication, QgsProject

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
