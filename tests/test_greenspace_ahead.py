"""greenspacebudget on both cores (issue 22): GEOS measures the green units' overlaps in a thread while the ledger's
unit_stats, the irrigation check and the sink entries' count are read; the budget is the same."""
import threading

import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.greenspace import green_units
from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget

from greenspace_layouts import box, grid_parameters, make_ledger, unit


def _overlapping_lawns(tmp_path):
    """P1 (10,000 m2) and P2 (its right half over P1's), lawns of 2020 with -1 t each."""
    return make_ledger(
        tmp_path / "o.gpkg",
        [unit("P1", box(0, 0, 100, 100), land_use="lawn", built_year=2020),
         unit("P2", box(50, 0, 100, 100), land_use="lawn", built_year=2020)],
        cover={"P1": {"lawn": 10000.0}, "P2": {"lawn": 10000.0}},
        sinks={"P1": -1.0, "P2": -1.0},
    )


def test_the_overlays_run_in_a_thread_while_the_reads_are_made(tmp_path, monkeypatch):
    """A read the caller passes starts while ``effective_areas`` is still running, in another thread: the read waits
    for the overlays to have started and they wait for the read to have started (one after the other: a timeout)."""
    ledger = _overlapping_lawns(tmp_path)
    overlays_started, read_started, threads = threading.Event(), threading.Event(), {}
    measure = green_units.effective_areas

    def overlays(green, progress):
        threads["overlays"] = threading.get_ident()
        overlays_started.set()
        assert read_started.wait(timeout=10)
        return measure(green, progress)

    def read():
        threads["read"] = threading.get_ident()
        read_started.set()
        return overlays_started.wait(timeout=10)

    monkeypatch.setattr(green_units, "effective_areas", overlays)
    context = green_units.read_green_context(ledger, all_units=False, reads=(read, lambda: "second"))
    assert context["read"] == [True, "second"]
    assert threads["read"] == threading.get_ident() != threads["overlays"]
    assert context["effective_m2"].tolist() == pytest.approx([10000.0, 5000.0])  # P2's half is P1's


def test_the_budget_with_its_reads_beside_the_overlays_is_worked_out_by_hand(tmp_path):
    """P2's area and uptake are halved (its right half is P1's ground, as before the reads moved beside GEOS)."""
    ledger = _overlapping_lawns(tmp_path)
    summary = account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["area_m2"].to_dict() == pytest.approx({"P1": 10000.0, "P2": 5000.0})
    assert budget["gross_uptake_t"].to_dict() == pytest.approx({"P1": -1.0, "P2": -0.5})
    assert summary["overlaps"] == 1 and summary["irrigation_ie"] is False


def test_a_bad_irrigation_option_made_beside_the_overlays_is_still_refused(tmp_path):
    ledger = _overlapping_lawns(tmp_path)
    with pytest.raises(LedgerInputError, match="'sometimes' is not one of auto, included, separate"):
        account_greenspace_budget(ledger, grid_parameters(), irrigation="sometimes")
    assert len(ledger.read_table("greenspace_budget")) == 0
