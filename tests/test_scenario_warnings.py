"""An edit that changes nothing (a measure's target the unit has no source entries of) is worded with readable names,
in Processing's log and in the chessboard dock alike, in English and in Chinese. Before, applyscenario's log gave the
ids ('sector industry_combustion: waste_heat_recovery', 'sector 为 industry_combustion') where the dock said
'industry, fuel combustion'."""
import contextlib
import sqlite3

import pytest

from test_messages_in_chinese import Said, chinese  # noqa: F401 (chinese: a fixture)
from test_scenarios import edits, make_ledger
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.scenarios.measure_effects import NothingToCut
from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario
from urban_carbon_ledger.ui.chessboard_preview import warning_text

RECOVERY_ON_AN_OFFICE = ("D1-B1-P1-G1", "waste_heat_recovery", {})
"""Industrial waste-heat recovery (target sector:industry_combustion) on the test ledger's commercial building, whose
only source entry is electricity (test_scenarios.accounting_rows)."""
ENGLISH = ("D1-B1-P1-G1 has no source entries of industry, fuel combustion: Industrial waste-heat recovery changes "
           "nothing there.")
CHINESE = "D1-B1-P1-G1 没有工业燃料燃烧的排放源条目：工业余热回收在此不产生任何变化。"


@pytest.fixture
def book(tmp_path):
    return make_ledger(str(tmp_path / "ledger.gpkg"))


def test_the_science_words_a_sector_the_unit_has_none_of_by_its_name(book):
    warned = []
    apply_scenario(book, "recovery", edits(RECOVERY_ON_AN_OFFICE), progress=Progress(warning=warned.append))
    assert [str(warning) for warning in warned] == [ENGLISH]
    assert warning_text(warned[0]) == ENGLISH  # the dock's words


def test_a_link_without_traffic_is_worded_by_its_sector_name_too(book):
    """Electrifying the vehicles of a link with no road traffic entries (D1-L3's removed, as a ledger accounted
    without them would be): the same sentence, its sector named."""
    with contextlib.closing(sqlite3.connect(book)) as connection, connection:
        connection.execute("DELETE FROM entries WHERE unit_id = 'D1-L3'")
    warned = []
    apply_scenario(book, "ev", edits(("D1-L3", "vehicle_electrification", {})), progress=Progress(
        warning=warned.append))
    assert [str(warning) for warning in warned] == [
        "D1-L3 has no source entries of road traffic: Vehicle electrification on road links changes nothing there."]


def test_processing_and_the_dock_say_it_in_the_same_chinese(book, run_alg, chinese, tmp_path):  # noqa: F811
    path = tmp_path / "edits.csv"
    path.write_text("unit_id,measure_id,parameters\nD1-B1-P1-G1,waste_heat_recovery,\n", encoding="utf-8")
    said = Said()
    run_alg("carbonledger:applyscenario", {"LEDGER": book, "SCENARIO": "recovery", "EDITS": str(path)}, feedback=said)
    assert said.warned == [CHINESE]
    warning = NothingToCut("D1-B1-P1-G1", "sector", "industry_combustion", "Industrial waste-heat recovery")
    assert warning_text(warning) == CHINESE
