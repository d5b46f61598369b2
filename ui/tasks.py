"""Long GUI work in a QgsTask: progress in the QGIS task bar, cancel, result back on the GUI thread."""
import traceback

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt import sip

from ..algorithms.core.progress import Progress
from .i18n import tr


def start_task(description, work, on_done, on_error, writes=False):
    """Run ``work(progress)`` in a QgsTask; call ``on_done(result)`` or ``on_error(exception)``.

    work: callable taking an algorithms.progress.Progress (fraction 0..1; raises Cancelled when
    the user cancels the task in the QGIS task manager). The callbacks run on the GUI thread; an
    exception they raise is written to the QGIS message log under the task's description, never
    let out of the task. writes: True for work that writes the ledger (``drop_tasks`` lets it finish).
    Returns the task (keep a reference while it runs).
    """

    def run(task):
        progress = Progress(report=lambda fraction, _message: task.setProgress(100.0 * fraction),
                            cancelled=task.isCanceled)
        # wrapped: QgsTask.fromFunction tests the returned value's truth, which a DataFrame refuses
        return {"result": work(progress)}

    def finished(exception, returned=None):
        if task.dropped:  # its ledger or dock was replaced while it ran: nothing of it is shown
            return
        try:
            if exception is not None:
                on_error(exception)
            else:
                on_done(returned["result"])
        except Exception:  # noqa: BLE001 (QGIS's task wrapper would swallow it unseen)
            QgsMessageLog.logMessage(f"{description}: {traceback.format_exc()}", tr("Urban Carbon Ledger"),
                                     Qgis.MessageLevel.Critical)

    task = QgsTask.fromFunction(description, run, on_finished=finished)
    task.dropped, task.writes = False, writes
    QgsApplication.taskManager().addTask(task)
    return task


def drop_tasks(tasks):
    """Forget the tasks of ``tasks`` (a dock's list, emptied) whose ledger or dock was replaced: their results
    are dropped unseen; those still reading are cancelled, those writing the ledger left to finish."""
    for task in tasks:
        task.dropped = True
        if not task.writes and not sip.isdeleted(task) and task.status() not in (
                QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated):
            task.cancel()
    tasks.clear()
