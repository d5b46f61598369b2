"""algorithms/reports/stored_view.py: the baseline from stored totals, entries per subtree, on the hand-made
ledger (values in ui_ledger_builder.py), against a full LedgerView of the same ledger."""
import pandas as pd
import pytest

from ui_ledger_builder import build_ledger, styled_ledger, wait_for
from urban_carbon_ledger.algorithms.reports import ledger_view, stored_view


@pytest.fixture
def ledger(tmp_path):
    return build_ledger(str(tmp_path / "ledger.gpkg"))


def test_a_stored_view_answers_every_unit_as_the_full_view(ledger):
    """Totals, family, groups, listed and top entries, factors, times and entries of every unit are
    those of the full LedgerView (its totals = the stored ones: the ledger's totals are up to date)."""
    full, stored = ledger_view.LedgerView.read(ledger), stored_view.StoredView.read(ledger)
    assert stored.interval_method == full.interval_method == ledger_view.APPROACH1_NOTE
    for unit_id in full.hierarchy["unit_id"]:
        mine, theirs = stored.unit(unit_id), full.unit(unit_id)
        assert mine.keys() == theirs.keys()
        numbers = [key for key, value in theirs.items() if isinstance(value, float)]
        assert [mine[key] for key in numbers] == pytest.approx([theirs[key] for key in numbers], rel=1e-12)
        pd.testing.assert_frame_equal(stored.children(unit_id), full.children(unit_id))
        for method, arguments in (("by_flow_and_sector", ()), ("listed_entries", (2,)), ("top_entries", (3,)),
                                  ("factor_sources", ()), ("unit_entries", ())):
            mine = getattr(stored, method)(unit_id, *arguments).reset_index(drop=True)
            theirs = getattr(full, method)(unit_id, *arguments).reset_index(drop=True)
            pd.testing.assert_frame_equal(mine, theirs, check_dtype=False, obj=f"{method}({unit_id})")
        assert stored.computed_range(unit_id) == full.computed_range(unit_id)


def test_a_picked_parcel_reads_only_its_subtree(ledger):
    """D01-B01-P01 and its building hold one entry (500 t, the building's electricity): the view of a
    pick reads that entry alone, not the ledger's."""
    stored = stored_view.StoredView.read(ledger)
    stored.by_flow_and_sector("D01-B01-P01")
    subtree = stored._views["D01-B01-P01"]
    assert subtree.entries["unit_id"].tolist() == ["D01-B01-P01-G01"]
    assert subtree.entries["co2e_t"].tolist() == [500.0]


def test_the_method_after_a_monte_carlo_run_is_named_once_the_city_is_read(ledger):
    """After carbonledger:uncertainty (Monte Carlo), reading the city's entries compares every unit
    and names the run, as the full view does."""
    from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty

    run_uncertainty(ledger.path, "montecarlo", iterations=200, seed=3)
    full, stored = ledger_view.LedgerView.read(ledger), stored_view.StoredView.read(ledger)
    stored.computed_range("C")
    assert stored.interval_method == full.interval_method
    assert "montecarlo" in stored.interval_method


def test_the_dock_shows_a_large_top_unit_first_and_its_entries_when_read(qgis_app, tmp_path, monkeypatch):
    """With every subtree counted as large, the dock shows the city's stored net at once and says it is
    reading its entries; the task then fills the tree: the city's sources are 1,100 (D01) + 1,100 (D02:
    1,000 electricity + 100 traffic) = 2,200 t CO2e/yr in 3 source sectors."""
    from urban_carbon_ledger.ui.ledger_dock import LedgerDock

    monkeypatch.setattr(stored_view, "SMALL_SUBTREE", 1)
    path, _project, layers = styled_ledger(tmp_path)
    widget = LedgerDock()
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: widget.current_view() is not None)
    assert widget.unit_id == "C"
    wait_for(lambda: ("baseline", "C") in widget.accounts)
    groups, _entries = widget.accounts[("baseline", "C")]
    assert groups.loc[groups["flow"] == "source", "co2e_t"].sum() == pytest.approx(2200.0)
    assert "Reading the entries" not in widget.summary_label.text()
    assert widget.tree.topLevelItemCount() > 0
    widget.close()


def test_the_dock_leaves_the_entries_of_a_very_large_ledgers_city_unread(qgis_app, tmp_path, monkeypatch):
    """Above WHOLE_READ_LIMIT units and links (the city of 1,000,000 parcels: 7.3 M, whose entries would hold
    more than 14 GB) the dock shows the city's stored net and its districts and says its entries are not read,
    with no task reading them; a district's entries are still read on a click: D02's sources are 1,000
    (electricity) + 100 (traffic) = 1,100 t CO2e/yr."""
    from urban_carbon_ledger.ui.ledger_dock import LedgerDock

    monkeypatch.setattr(stored_view, "WHOLE_READ_LIMIT", 1)
    path, _project, layers = styled_ledger(tmp_path)
    widget = LedgerDock()
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: widget.current_view() is not None and widget.unit_id == "C")
    assert "are not read" in widget.summary_label.text() and "Net <b>" in widget.summary_label.text()
    assert widget.tree.topLevelItemCount() == 0 and widget.hierarchy.rowCount() > 1  # the city and its children
    assert not widget._reading and ("baseline", "C") not in widget.accounts
    widget.show_unit("D02")
    wait_for(lambda: widget.tree.topLevelItemCount() > 0)
    groups, _entries = ledger_view_account(widget.current_view(), "D02")
    assert groups.loc[groups["flow"] == "source", "co2e_t"].sum() == pytest.approx(1100.0)
    widget.close()


def ledger_view_account(view, unit_id):
    from urban_carbon_ledger.ui.ledger_tree import account

    return account(view, unit_id)


def test_the_chessboard_on_stored_totals_edits_as_one_with_every_entry_in_memory(tmp_path):
    """open_chessboard on a baseline with stored totals reads only the entries an edit touches: the same
    two edits (a signal on a link, a park on a parcel with its buildings) give the same deltas at unit,
    district and city, and the same scenario rows, as a Chessboard holding every entry."""
    from test_scenarios import make_ledger
    from urban_carbon_ledger.algorithms.ledger import store, totals
    from urban_carbon_ledger.algorithms.scenarios.chessboard import Chessboard
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import (
        factor_table, open_chessboard, read_units, scenario_entries)

    path = make_ledger(str(tmp_path / "ledger.gpkg"))
    with store.Ledger(path).transaction("test:totals") as writer:
        totals.write_unit_totals(writer)
    ledger = store.Ledger(path)
    lazy = open_chessboard(ledger, scenario="s")
    assert lazy._read_base is not None and len(lazy.base) == 0  # nothing read yet
    eager = Chessboard(scenario_entries(ledger, "baseline"), read_units(ledger), factor_table(ledger), scenario="s")
    edits = (("D1-L1", "signal_countdown", {}),
             ("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3}))
    for unit_id, measure, parameters in edits:
        mine, theirs = lazy.apply(unit_id, measure, parameters), eager.apply(unit_id, measure, parameters)
        for level in ("delta", "unit", "district", "city"):
            expected = getattr(theirs, level)
            assert getattr(mine, level) == {k: pytest.approx(v) if isinstance(v, float) else v
                                            for k, v in expected.items()}
    columns = ["unit_id", "flow", "co2e_t", "factor_id"]
    pd.testing.assert_frame_equal(lazy.scenario_rows()[columns], eager.scenario_rows()[columns])


def test_columns_read_through_ogr_arrow_are_those_of_the_sql_read(ledger):
    """units and links through OGR's Arrow stream: the same values, NULL text as None, NULL reals as NaN,
    in fid order; UTF-8 text decoded (a Chinese name) and masked values as None."""
    import numpy as np
    from urban_carbon_ledger.algorithms.ledger import arrow_read

    columns = ["unit_id", "parent_id", "level", "name", "net_t", "net_low_t"]
    for layer in ("units", "links"):
        pd.testing.assert_frame_equal(ledger.read_columns(layer, columns), ledger.read_table(layer, columns=columns))
    if arrow_read.available():
        data = np.ma.array(["天河区".encode(), b"x"], mask=[False, True])
        assert arrow_read._values(data, False).tolist() == ["天河区", None]
        assert np.isnan(arrow_read._values(np.ma.array([1.5, 2.0], mask=[False, True]), True)).tolist() == [False, True]


def test_entries_of_units_with_a_further_match(ledger):
    """D01-B01's subtree holds the building's electricity (500 t) and the park's sink (-36.667 t): with
    flow 'sink' only the sink comes back."""
    ids = ["D01-B01", "D01-B01-P01", "D01-B01-P01-G01", "D01-B01-P02"]
    both = ledger.entries_of_units(ids, "baseline", ["unit_id", "flow", "co2e_t"])
    assert sorted(both["flow"]) == ["sink", "source"]
    sinks = ledger.entries_of_units(ids, "baseline", ["unit_id", "flow", "co2e_t"], {"flow": "sink"})
    assert sinks[["unit_id", "flow"]].values.tolist() == [["D01-B01-P02", "sink"]]
    assert sinks["co2e_t"].tolist() == pytest.approx([-110.0 / 3.0])
