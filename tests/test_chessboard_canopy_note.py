"""A pocket park planned on a parcel that is already treed (issue 18, user test): the chessboard dock
says so in an amber note naming the parcel and both canopy shares; the number stays as accounted."""
import os

import pytest

from conftest import demo_parameters, run_algorithm
from ui_ledger_builder import previewed, wait_for
from urban_carbon_ledger.algorithms.ledger import store as ledger_module
from urban_carbon_ledger.algorithms.scenarios import existing_cover
from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock

TREED = "D01-B0019-P04"
"""A parcel of the teaching district whose 2023 land cover (landcover_2023_10m.tif, as the sink
accounting stores it in unit_stats) is, by hand: urban_trees 171,400.1 m2, lawn 121,414.2, paved
5,938.1, wetland 3,139.4, water 270.2 = 302,161.9 m2, its whole area (area_m2 302,161.9): tree canopy
171,400.1 / 302,161.9 = 56.7%, above the pocket park's default canopy share of 40%."""

OPEN = "D01-B0001-P01"
"""A parcel with urban_trees 109,702.5 m2 of its 417,735.7 m2 (26.3%): below the park's 40%."""


@pytest.fixture
def accounted(teaching_ledger):
    """The teaching district with its sinks accounted (land cover per unit in unit_stats)."""
    parameters = demo_parameters("carbonledger:accountsinks", os.path.dirname(teaching_ledger))
    parameters["LEDGER"] = teaching_ledger
    run_algorithm("carbonledger:accountsinks", parameters)
    return teaching_ledger


def test_canopy_shares_from_the_stored_land_cover(accounted):
    ledger = ledger_module.Ledger(accounted)
    shares = existing_cover.canopy_shares(ledger, [TREED, OPEN, "D01"])
    assert shares[TREED] == pytest.approx(171400.1 / 302161.9, abs=1e-4)  # 0.567
    assert shares[OPEN] == pytest.approx(109702.5 / 417735.7, abs=1e-4)  # 0.263
    assert "D01" not in shares  # a district: no land cover stored, no share guessed
    assert existing_cover.already_green(shares, 0.4) == {TREED: shares[TREED]}
    assert existing_cover.already_green(shares, 0.6) == {}


def test_a_park_on_a_treed_parcel_gets_an_amber_note(accounted):
    dock = ChessboardDock()
    ready = []
    dock.sessionReady.connect(ready.append)
    dock.set_ledger(accounted)
    wait_for(lambda: ready)
    dock.set_measure("land_use_conversion")
    dock.set_parameter("to_land_use", "pocket_park")
    dock.set_units([TREED])
    text = previewed(dock)
    assert "<b>Preview</b>" in text and dock.last_preview  # the edit is previewed and counted as before
    note = f"Parcel {TREED} is already green: its land cover has 57% tree canopy, the plan 40%"
    assert f"<span style='color:#8c6d1f'>{note}" in text, text
    assert dock.apply_edit() and note in dock.preview_label.text()  # Apply keeps the note
    dock.undo_edit()
    dock.set_units([OPEN])  # 26% of trees: a park of 40% adds canopy, no note
    assert "<b>Preview</b>" in previewed(dock) and "already green" not in dock.preview_label.text()
    dock.set_units([TREED])
    dock.set_parameter("lawn_share", 0.2)
    dock.set_parameter("canopy_share", 0.6)  # the plan's 60% is above the parcel's 57%
    assert "<b>Preview</b>" in previewed(dock) and "already green" not in dock.preview_label.text()
    dock.close()
