"""ui/tasks.py: work runs in a QgsTask, reports progress, and stops when the task is cancelled."""
import time

from ui_ledger_builder import wait_for
from urban_carbon_ledger.algorithms.core.progress import Cancelled
from urban_carbon_ledger.ui.tasks import start_task


def test_result_and_progress(qgis_app):
    outcome = []

    def work(progress):
        for i in range(5):
            progress(i / 5, None)
        return {"sum": 42}

    # the progress read as the result arrives: once finished, QGIS may delete the task (QGIS 3.40 did before a check)
    task = start_task("test", work, lambda result: outcome.append((result, task.progress())), outcome.append)
    wait_for(lambda: outcome)
    assert outcome[0][0] == {"sum": 42}
    assert outcome[0][1] >= 80.0


def test_cancel_stops_the_work(qgis_app):
    outcome, steps = [], []

    def work(progress):
        for i in range(1000):
            progress(i / 1000, None)
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    task = start_task("test", work, outcome.append, outcome.append)
    wait_for(lambda: len(steps) > 3)
    task.cancel()
    wait_for(lambda: outcome)
    assert isinstance(outcome[0], Cancelled)
    assert len(steps) < 1000


def test_an_exception_in_a_callback_is_logged_under_the_task_name(qgis_app):
    """An exception raised on the GUI thread by a task's callback stays in the task: the QGIS message log
    names the task and the error. Before, QGIS's task wrapper kept it unseen (or, outside that wrapper,
    it left the task and Qt aborted QGIS)."""
    from qgis.core import QgsApplication

    logged, called = [], []
    QgsApplication.messageLog().messageReceived.connect(lambda message, _tag, _level: logged.append(message))

    def shown(_result):
        called.append(True)
        raise KeyError("unit D01 not in this ledger")

    start_task("Reading the entries of D01", lambda _progress: 1, shown, shown)
    wait_for(lambda: called and any("unit D01 not in this ledger" in message for message in logged))
    assert [message for message in logged if "KeyError" in message][0].startswith("Reading the entries of D01: ")
