"""Long GUI work in a QgsTask: progress in the QGIS task bar, cancel, result back on the GUI thread."""
from qgis.core import QgsApplication, QgsTask

from ..algorithms.core.progress import Progress


def start_task(description, work, on_done, on_error):
    """Run ``work(progress)`` in a QgsTask; call ``on_done(result)`` or ``on_error(exception)``.

    work: callable taking an algorithms.progress.Progress (fraction 0..1; raises Cancelled when
    the user cancels the task in the QGIS task manager). The callbacks run on the GUI thread.
    Returns the task (keep a reference while it runs).
    """

    def run(task):
        progress = Progress(report=lambda fraction, _message: task.setProgress(100.0 * fraction),
                            cancelled=task.isCanceled)
        # wrapped: QgsTask.fromFunction tests the returned value's truth, which a DataFrame refuses
        return {"result": work(progress)}

    def finished(exception, returned=None):
        if exception is not None:
            on_error(exception)
        else:
            on_done(returned["result"])

    task = QgsTask.fromFunction(description, run, on_finished=finished)
    QgsApplication.taskManager().addTask(task)
    return task
