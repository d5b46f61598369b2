"""The chessboard session on the stored baseline (``session_units.StoredUnits``): it reads the units an edit
touches by id, not the city, and gives the results of the session that reads the whole base in memory.

Values of the hand-made ledger in ui_ledger_builder.py: district D01 = 500 + 200 (electricity) + 400 (link
D01-L01) - 36.6667 (canopy) = 1,063.3333 t CO2e/yr; D02 = 1,000 + 100 - 91.6667 = 1,008.3333; the city
2,071.6667.
"""
import contextlib
import sqlite3

import pytest
from osgeo import ogr

from ui_ledger_builder import build_ledger
from urban_carbon_ledger.algorithms.ledger.schema import BASELINE
from urban_carbon_ledger.algorithms.scenarios import scenario_store
from urban_carbon_ledger.algorithms.scenarios.chessboard import Chessboard
from urban_carbon_ledger.algorithms.scenarios.session_units import StoredUnits

D01 = 500.0 + 200.0 + 400.0 - 4.0 * 2.5 * 44 / 12
CITY = D01 + 1000.0 + 100.0 - 10.0 * 2.5 * 44 / 12
EDITS = [  # (unit, measure, parameters): a cut on a link, a retrofit, PV, a conversion of a parcel with a building
    ("D01-L01", "signal_countdown", {}),
    ("D01-B02-P01-G01", "building_retrofit", {"cut_electricity": 0.2}),
    ("D02-B01-P01-G01", "rooftop_pv", {}),
    ("D01-B01-P01", "land_use_conversion", {"canopy_share": 0.4, "lawn_share": 0.3}),
    ("D01-B01-P02", "land_use_conversion", {"canopy_share": 0.2, "lawn_share": 0.5}),
]
FIELDS = ("unit_id", "measure_id", "parameters", "touched", "delta", "avoided_t", "lifecycle_t", "sink_added_t",
          "sink_removed_t", "cost", "unit", "district", "city", "warnings")


@pytest.fixture
def ledger(tmp_path):
    return build_ledger(str(tmp_path / "ledger.gpkg"))


def _eager(ledger):
    """The session that reads every unit and the whole base (as main's did when a stored total was NULL)."""
    return Chessboard(scenario_store.scenario_entries(ledger, BASELINE), scenario_store.read_units(ledger),
                      scenario_store.factor_table(ledger))


def test_a_countdown_on_the_stored_baseline_by_hand(ledger):
    """4.4% of the link's 400 t = -17.6 t CO2e/yr, in the link, D01 and the city, on their stored nets."""
    board = scenario_store.open_chessboard(ledger)
    assert isinstance(board.units, StoredUnits) and len(board.base) == 0  # nothing read but the city's row
    result = board.apply("D01-L01", "signal_countdown", {})
    assert result.delta["net_t"] == pytest.approx(-17.6)
    assert result.unit["base_net_t"] == pytest.approx(400.0) and result.unit["net_t"] == pytest.approx(-17.6)
    assert result.district["unit_id"] == "D01" and result.district["base_net_t"] == pytest.approx(D01)
    assert result.city["unit_id"] == "C" and result.city["scenario_net_t"] == pytest.approx(CITY - 17.6)


def test_the_stored_session_gives_the_in_memory_sessions_results(ledger):
    """Every edit's delta, cumulative deltas of unit, district and city, intervals and cost, and after an undo,
    are those of the session holding the whole base, to the last digit; so are the entries it would store."""
    lazy, eager = scenario_store.open_chessboard(ledger), _eager(ledger)
    assert isinstance(lazy.units, StoredUnits) and not isinstance(eager.units, StoredUnits)
    for count, (unit, measure, parameters) in enumerate(EDITS):
        mine, theirs = lazy.apply(unit, measure, parameters), eager.apply(unit, measure, parameters)
        for field in FIELDS:
            assert getattr(mine, field) == getattr(theirs, field), (unit, measure, field)
        if count == 2:
            assert lazy.undo().unit_id == eager.undo().unit_id == "D02-B01-P01-G01"
    assert lazy.touched_units() == eager.touched_units()
    assert lazy.touched_units()[-3:] == ["D01-B01-P01", "D01-B01-P01-G01", "D01-B01-P02"]  # breadth first
    for unit in ("C", "D01", "D02", "D01-B01", "D01-B01-P01"):
        assert lazy.level_delta(unit) == eager.level_delta(unit)
    assert lazy.combined(lazy.results()) == eager.combined(eager.results())
    mine, theirs = lazy.scenario_rows(), eager.scenario_rows()
    assert mine.drop(columns="computed_at").equals(theirs.drop(columns="computed_at"))
    assert lazy.meant_unit("D01-B01-P01-G01", ["parcel"]) == eager.meant_unit("D01-B01-P01-G01", ["parcel"]) \
        == "D01-B01-P01"


def _break_district_d02(ledger):
    """Make D02 unreadable as a whole: its entries' co2e_t text, its link's id that of one of its blocks (through
    OGR, whose SQL functions the layer's R*-tree triggers call)."""
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection, connection:
        connection.execute("UPDATE entries SET co2e_t = 'broken' WHERE unit_id LIKE 'D02%'")
    source = ogr.Open(ledger.path, 1)
    links = source.GetLayerByName("links")
    links.SetAttributeFilter("unit_id = 'D02-L01'")
    link = links.GetNextFeature()
    link.SetField("unit_id", "D02-B01")
    assert links.SetFeature(link) == 0
    source = None


def test_a_session_opens_and_edits_beside_a_broken_district(ledger):
    """With district D02's entries and ids broken, a session still starts, edits D01 with the hand-worked
    values and stores the scenario: neither reads a unit or an entry of D02 (main read every unit and link)."""
    _break_district_d02(ledger)
    board = scenario_store.open_chessboard(ledger)
    result = board.apply("D01-L01", "signal_countdown", {})
    assert result.district["scenario_net_t"] == pytest.approx(D01 - 17.6)
    assert result.city["scenario_net_t"] == pytest.approx(CITY - 17.6)
    edits = scenario_store.board_edits(board)
    summary = scenario_store.apply_scenario(ledger.path, "countdown", edits)
    assert summary["city_delta_t"] == pytest.approx(-17.6) and summary["touched_units"] == 1
    stored = ledger.read_table("entries", ["unit_id", "co2e_t"], {"scenario": "countdown"})
    assert stored["co2e_t"].sum() == pytest.approx(400.0 - 17.6)


def test_a_session_on_a_stored_scenario_reads_its_touched_units_not_the_city(ledger):
    """On scenario s1 (a countdown on D01-L01, a conversion of D01-B01-P01): the session reads by id, its base
    nets are the stored ones plus s1's changes (D01 - 17.6 t and the conversion's change), and its edits give
    the results of the session holding s1 whole (base nets to rounding: summed in another order)."""
    first = EDITS[0], EDITS[3]
    board = scenario_store.open_chessboard(ledger)
    conversion = [board.apply(*edit) for edit in first][-1].delta["net_t"]
    scenario_store.apply_scenario(ledger.path, "s1", scenario_store.board_edits(board))
    lazy = scenario_store.open_chessboard(ledger, "s1")
    eager = Chessboard(scenario_store.scenario_entries(ledger, "s1"), scenario_store.read_units(ledger),
                       scenario_store.factor_table(ledger))
    assert isinstance(lazy.units, StoredUnits) and len(lazy.base) == 0
    assert lazy.units.base_net("D01") == pytest.approx(D01 - 17.6 + conversion, rel=1e-12)
    assert lazy.units.base_net("D02") == pytest.approx(CITY - D01, rel=1e-12)
    for unit, measure, parameters in (EDITS[1], EDITS[4], EDITS[0]):
        mine, theirs = lazy.apply(unit, measure, parameters), eager.apply(unit, measure, parameters)
        for field in ("touched", "delta", "cost", "warnings"):
            assert getattr(mine, field) == getattr(theirs, field), (unit, measure, field)
        for level in ("unit", "district", "city"):
            assert getattr(mine, level) == pytest.approx(getattr(theirs, level), rel=1e-12, abs=1e-9)
    assert lazy.results()[-1].delta["net_t"] == pytest.approx(-17.6 * 0.956)  # 4.4% of the 382.4 t left
    assert lazy.scenario_rows().drop(columns="computed_at").equals(eager.scenario_rows().drop(columns="computed_at"))
