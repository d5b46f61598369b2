"""Progress, cancellation and log messages for long work, with no QGIS dependency.

Every long function in ``algorithms/`` takes a ``progress`` argument (a :class:`Progress`).
Calling it reports a fraction done (0..1) and raises :class:`Cancelled` when the caller has
asked to stop, so a loop stops at its next report and the ledger transaction rolls back.
The Processing wrappers bridge it to ``QgsProcessingFeedback``; a notebook can pass
``Progress(report=print)`` or nothing at all. Messages are ``messages.tr`` messages (English ``str`` that a front
end can say in the user's language, ``messages.said``).
"""
from .messages import tr


class Cancelled(Exception):
    """Raised inside a long computation when the caller asked it to stop."""


class Progress:
    """Report progress as a fraction of the work, check for cancel, and log messages.

    report: callable(fraction 0..1, message or None), optional.
    cancelled: callable() -> bool, optional; when it returns True the next call raises Cancelled.
    log: callable(message), optional. warning: callable(message), optional, for ``warn``; without it a warning goes to
    ``log`` prefixed with "Warning: ". Messages are passed on as given (a ``messages.Message`` keeps its template for
    translation).
    """

    def __init__(self, report=None, cancelled=None, log=None, start=0.0, end=1.0, warning=None):
        self._report = report
        self._cancelled = cancelled
        self._log = log
        self._warning = warning
        self._start = start
        self._end = end

    def __call__(self, fraction, message=None):
        """Report ``fraction`` (0..1) of this span done; raise Cancelled if asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("cancelled by the user")
        if self._report is not None:
            clamped = min(max(float(fraction), 0.0), 1.0)
            self._report(self._start + clamped * (self._end - self._start), message)

    def check(self):
        """Raise Cancelled if the caller asked to stop, without reporting progress."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("cancelled by the user")

    def log(self, message):
        """Pass an information message to the caller's log."""
        if self._log is not None:
            self._log(message if isinstance(message, str) else str(message))

    def warn(self, message):
        """Pass a warning to the caller's warnings, else to its log."""
        if self._warning is not None:
            self._warning(message)
        else:
            self.log(tr("Warning: {message}").format(message=message))

    def quiet(self):
        """A child Progress that checks for cancel and passes logs and warnings on, but reports no fraction: for work
        in a thread beside the one that reports (``ahead``), whose fractions and texts would interleave with its."""
        return Progress(None, self._cancelled, self._log, self._start, self._end, self._warning)

    def span(self, start, end):
        """A child Progress covering [start, end] of this one's range (fractions 0..1)."""
        width = self._end - self._start
        return Progress(
            self._report,
            self._cancelled,
            self._log,
            self._start + start * width,
            self._start + end * width,
            self._warning,
        )


NO_PROGRESS = Progress()
