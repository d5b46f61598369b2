"""The chessboard dock's preview in a QgsTask under real QGIS: superseded, waited for, named; no ledger, no actions."""
import re

import pytest
from qgis.core import QgsApplication
from qgis.gui import QgsMapCanvas

from ui_ledger_builder import previewed, styled_ledger, tasks_done, wait_for
from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock


@pytest.fixture
def dock(qgis_app, tmp_path):
    path, _project, layers = styled_ledger(tmp_path)
    widget = ChessboardDock(QgsMapCanvas())
    ready = []
    widget.sessionReady.connect(ready.append)
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: ready)
    yield widget
    widget.close()
    tasks_done()


def test_a_second_preview_supersedes_the_first_whose_result_never_lands(dock):
    """The session busy (its lock held here, as by a long preview): a preview of D01-L01 waits, a second one of
    D02-L01 supersedes it. Only the second is shown, and the first, once it has the lock, makes no edit.
    By hand: a countdown cuts 4.4% of the link's road traffic, D01-L01 400 t -> -17.6, D02-L01 100 t -> -4.4."""
    shown = []
    dock.previewShown.connect(lambda: shown.append(dock.preview_label.text()))
    dock.set_measure("signal_countdown")
    dock.previews.lock.acquire()
    try:
        dock.set_units(["D01-L01"])
        first = dock.previews.pending
        assert dock.preview_label.text() == "Previewing D01-L01…"
        dock.set_units(["D02-L01"])
        assert first.isCanceled() and dock.previews.pending is not first
    finally:
        dock.previews.lock.release()
    text = previewed(dock)
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0)  # the first one too
    assert len(shown) == 1 and "change \u22124.4 t CO2e/yr" in text and "D02-L01" in text and "D01" not in text
    assert [result.unit_id for result in dock.last_preview] == ["D02-L01"]
    assert dock.board.results() == []  # both previews' edits taken back


def test_apply_waits_for_the_preview(dock):
    """While the preview is computed Apply is disabled, says why, and a call keeps nothing; once it is shown,
    Apply keeps the edit (-17.6 t CO2e/yr on D01-L01, by hand above)."""
    dock.set_measure("signal_countdown")
    dock.set_units(["D01-L01"])
    assert dock.previews.busy() and not dock.apply_button.isEnabled() and not dock.undo_button.isEnabled()
    assert "preview" in dock.apply_button.toolTip()
    assert dock.apply_edit() == [] and dock.board.results() == []
    previewed(dock)
    assert dock.apply_button.isEnabled() and dock.apply_button.toolTip() == ""
    assert not dock.undo_button.isEnabled() and dock.undo_button.toolTip() == "No edit to undo yet."
    assert [r.delta["net_t"] for r in dock.apply_edit()] == pytest.approx([-17.6])
    assert dock.edits_table.rowCount() == 1 and dock.undo_button.isEnabled()
    dock.undo_edit()  # the one edit taken back: nothing left to undo
    assert dock.edits_table.rowCount() == 0 and not dock.undo_button.isEnabled()


def test_a_preview_of_several_units_names_them_all(dock):
    """Four parcels converted to a pocket park: the preview names the four (not only the last) and their two
    districts; five or more: three named and the rest counted."""
    dock.set_measure("land_use_conversion")
    parcels = ["D01-B01-P01", "D01-B01-P02", "D02-B01-P01", "D02-B02-P02"]
    dock.set_units(parcels)
    text = previewed(dock)
    assert "4 units: D01-B01-P01, D01-B01-P02, D02-B01-P01, D02-B02-P02" in text
    assert "District D01: net 1,063" in text and "District D02: net" in text
    dock.set_units(parcels + ["D01-B02-P01"])
    assert "5 units: D01-B01-P01, D01-B01-P02, D02-B01-P01 and 2 more" in previewed(dock)
    assert dock.preview_label.text().count("District D0") == 2


def test_without_a_ledger_the_actions_are_disabled_and_say_so(qgis_app):
    """No ledger connected: Apply, Undo, Save and Compare are disabled, their tooltip says to open one."""
    widget = ChessboardDock()
    for button in (widget.apply_button, widget.undo_button, widget.save_button, widget.compare_button):
        assert not button.isEnabled()
        assert "Open a ledger" in button.toolTip()
    widget.close()



def test_a_conversion_says_what_its_change_is_made_of(dock):
    """A pocket park on the 25 ha park parcel D01-B01-P02 (net -36.67 t CO2e/yr: a sink only) raises the net: the
    preview says why. Its sources (the new park's upkeep) and sinks add up to the change, the sinks are those planted
    plus those lost, and what is lost is the old park's whole sink, +36.67 (the ledger's -1.4667 t/ha x 25 ha)."""
    dock.set_measure("land_use_conversion")
    dock.set_units(["D01-B01-P02"])
    text = previewed(dock)
    line = next(part for part in text.split("<br>") if part.startswith("Of which sources "))
    numbers = [float(n.replace("\u2212", "-").replace(",", "")) for n in re.findall(r"[+\u2212][\d,]+(?:\.\d+)?", line)]
    sources, sinks, planted, lost, lifecycle = numbers
    change = float(re.search(r"change ([+\u2212][\d,.]+) t", text).group(1).replace("\u2212", "-"))
    assert sources > 0 > sinks and sources + sinks == pytest.approx(change, abs=0.1)  # each shown to 4 digits
    assert planted + lost == pytest.approx(sinks, abs=0.1) and lost == pytest.approx(36.67)
    assert lifecycle > 0 and line.endswith("t CO2e/yr, not in the net")
    assert "nothing avoided: no cost per t CO2e" in text  # the net rises: no cost per t avoided
