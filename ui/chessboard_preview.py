"""The chessboard dock's preview, off the GUI thread: the edit on every selected unit, described, then taken back.

A session (``algorithms.scenarios.chessboard.Chessboard``) is not thread-safe: :class:`PreviewRunner` holds one
lock around it, which a preview task holds while it applies and takes back its edits, and which the GUI thread
takes to apply or undo an edit, to read what the selection means or to save. A new preview supersedes the pending
one: that one is cancelled (its edits are taken back before the next unit) and its result, should it arrive
anyway, is dropped unseen. The preview's text is built in the task; every number in it comes from the session.
"""
import threading

from qgis.PyQt import sip

from ..algorithms.core.messages import said
from ..algorithms.core.progress import Cancelled
from ..algorithms.scenarios.measure_effects import NothingToCut
from .conversion_note import kept_buildings_note
from .formatting import cost_phrase, interval, number, signed
from .i18n import code_name, in_sentence, tr
from .tasks import start_task

NAMED_UNITS = 3
"""Units a text names of a larger selection before it counts the rest ('20 units: A, B, C and 17 more')."""


def unit_names(unit_ids, named=NAMED_UNITS):
    """The selected units in words: 'D01-L01'; '3 units: A, B, C'; '20 units: A, B, C and 17 more'."""
    if len(unit_ids) == 1:
        return unit_ids[0]
    if len(unit_ids) <= named + 1:  # "and 1 more" would be as long as naming it
        return tr("{count} units: {names}").format(count=len(unit_ids), names=", ".join(unit_ids))
    return tr("{count} units: {names} and {more} more").format(
        count=len(unit_ids), names=", ".join(unit_ids[:named]), more=len(unit_ids) - named)


def describe(board, results, heading, library, note=""):
    """Rich text of edits just made (one measure on each selected unit) in ``board``: their combined change
    (t CO2e/yr, 95% interval) and cost per t CO2e, the unit's net before and after (several units: named), the
    net of each district they lie in, the warnings. ``note``: a line (rich text) to lead with, or ''."""
    combined = board.combined(results)
    last = results[-1]
    lines = [note] if note else []
    lines += [tr(
        "<b>{heading}</b>: change {change} t CO2e/yr (95%: {interval}); {cost}"
    ).format(
        heading=heading, change=signed(combined["net_t"]),
        interval=interval(combined["net_low_t"], combined["net_high_t"], sign=True),
        cost=cost_phrase(combined["cost_per_t"], library.measure(last.measure_id)),
    )]
    lines += filter(None, [change_parts(combined, results)])
    if len(results) == 1:
        unit = last.unit
        lines.append(tr("Unit {unit}: net {base} → {net} t CO2e/yr").format(
            unit=unit["unit_id"], base=number(unit['base_net_t']), net=number(unit['scenario_net_t']),
        ))
    else:
        lines.append(unit_names([result.unit_id for result in results]))
    lines += filter(None, [kept_buildings_note(combined, len(results))])  # buildings a conversion keeps
    districts = {}  # the last edit in a district holds its cumulative change, the edits before it included
    for result in results:
        if result.district is not None:
            districts[result.district["unit_id"]] = result.district
    for district in districts.values():
        lines.append(tr("District {unit}: net {base} → {net} t CO2e/yr ({change})").format(
            unit=district["unit_id"], base=number(district['base_net_t']),
            net=number(district['scenario_net_t']), change=signed(district["net_t"]),
        ))
    for warning in {w for r in results for w in r.warnings}:
        lines.append(f"<i>{warning_text(warning)}</i>")
    return "<br>".join(lines)


def change_parts(combined, results):
    """The line saying what an edit's change is made of when it plants or removes sinks or has life-cycle emissions
    (a conversion, a planting): its sources (the green space's upkeep among them), its sinks planted and lost, and
    its life-cycle emissions kept out of the net, t CO2e/yr (``combined``: ``Chessboard.combined`` of ``results``).
    Empty for an edit of sources only (its change is theirs)."""
    planted = sum(result.sink_added_t for result in results)
    lost = sum(result.sink_removed_t for result in results)
    if not (planted or lost or combined["lifecycle_t"]):
        return ""
    return tr("Of which sources {sources}, sinks {sinks} ({planted} planted, {lost} lost) t CO2e/yr; life cycle "
              "{lifecycle} t CO2e/yr, not in the net").format(
        sources=signed(combined["source_t"]), sinks=signed(combined["sink_t"]), planted=signed(planted),
        lost=signed(lost), lifecycle=signed(combined["lifecycle_t"]))


def warning_text(warning):
    """An edit's warning in the dock's language, in the words of Processing's log; a measure's target the unit has
    none of (``NothingToCut``) that is a carrier is named in the dock's own carrier names (``code_name``)."""
    if isinstance(warning, NothingToCut) and warning.column == "carrier":
        warning = warning.message(in_sentence(code_name(warning.name)))
    return said(warning, tr)


class PreviewRunner:
    """Previews of one dock, one at a time, in QgsTasks; ``lock`` guards the session against two threads."""

    def __init__(self, tasks):
        self.lock = threading.RLock()  # the GUI thread takes it again to show the edits it applied
        self.tasks = tasks  # the dock's task list: dropped with it when its ledger is replaced
        self.pending = None

    def busy(self):
        """True while a preview is computed (its result not yet shown)."""
        return self.pending is not None

    def cancel(self):
        """Drop the pending preview: it stops before its next unit, takes its edits back, and is never shown."""
        task, self.pending = self.pending, None
        if task is not None:
            task.dropped = True
            task.cancel()

    def _finished(self, task):
        """True when ``task``, finished, was the pending preview (its result is to be shown); it is no longer."""
        latest, self.pending = self.pending is task, None if self.pending is task else self.pending
        return latest

    def start(self, board, units, measure_id, parameters, heading, note, on_done, on_error):
        """Preview ``measure_id`` with ``parameters`` (a dict) on each of ``units`` in ``board``, in a task that
        supersedes the pending one. ``note()`` (called in the task, under the lock) gives a line to lead the text
        with. ``on_done((results, text))`` or ``on_error(exception)`` runs on the GUI thread, unless superseded."""
        self.cancel()
        self.tasks[:] = [kept for kept in self.tasks if not sip.isdeleted(kept)]  # QGIS deletes the finished ones

        def work(progress):
            with self.lock:
                progress.check()
                results = []
                try:
                    for i, unit in enumerate(units):
                        results.append(board.apply(unit, measure_id, parameters))
                        progress((i + 1) / (len(units) + 1))
                    return results, describe(board, results, heading, board.library, note())
                finally:
                    for _ in results:
                        board.undo()

        def done(read):
            if self._finished(task):
                on_done(read)

        def failed(error):
            if self._finished(task) and not isinstance(error, Cancelled):
                on_error(error)

        task = start_task(tr("Previewing the edit of {units}").format(units=unit_names(units)), work, done, failed)
        self.pending = task
        self.tasks.append(task)
        return task
