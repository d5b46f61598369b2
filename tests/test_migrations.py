"""Explicit migrations, on tests/data/ledger_v0_1_0.gpkg: a ledger written by release 0.1.0 (schema 1,
no ledger_info), made by tests/data/make_ledger_v0_1_0.py. Its hand-made city and scenarios are
those of tests/test_scenarios.py: 'park' converts parcel D1-B1-P1 (above building D1-B1-P1-G1),
'corridor' on 'park' puts a signal countdown on link D1-L1."""
import os
import shutil
import sqlite3

import pandas as pd
import pytest

from test_scenarios import make_ledger
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import migrations, schema, store
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from ledger_bytes import file_bytes

FIXTURE = os.path.join(os.path.dirname(__file__), "data", "ledger_v0_1_0.gpkg")
T_PER_T_C = 44 / 12
ACTIVITY = pd.DataFrame([
    # 40,000 kWh of commercial electricity metered at the building, 1,000 m3 of gas at the building
    ("A1", "D1-B1-P1-G1", "commercial", "electricity", 40000, "kWh", 5, 2024, ""),
    ("A2", "D1-B1-P1-G1", "commercial", "natural_gas", 1000, "m3", 5, 2024, ""),
], columns=["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct", "year", "proxy"])
RUN_SPECIFIC = ["run_id", "computed_at"]


@pytest.fixture
def old(tmp_path):
    """A copy of the 0.1.0 ledger (the fixture itself is never written)."""
    path = str(tmp_path / "old.gpkg")
    shutil.copyfile(FIXTURE, path)
    return path



def test_the_fixture_is_a_schema_1_ledger():
    assert store.Ledger(FIXTURE).schema_version() == 1
    assert not store.Ledger(FIXTURE).has_table("ledger_info")


def test_writing_into_an_old_ledger_is_refused_until_it_is_migrated(old):
    before = file_bytes(old)
    with pytest.raises(LedgerInputError, match="schema 1.*open it through migrations.open_ledger"):
        account_sources(old, ACTIVITY, 2024, grid_year=2023)  # the accounting never upgrades a ledger
    assert file_bytes(old) == before


def test_migration_records_the_version_and_the_units_each_scenario_touched(old):
    assert migrations.migrate(old) == list(range(2, schema.SCHEMA_VERSION + 1))
    ledger = store.Ledger(old)
    info = ledger.read_table("ledger_info").set_index("key")["value"]
    assert info["schema_version"] == str(schema.SCHEMA_VERSION) and info["created_with"] == "0.1.0"
    assert info["migrated_to_2"].endswith("by plugin 0.1.0")
    touched = ledger.read_table("scenario_units").groupby("scenario")["unit_id"].apply(set).to_dict()
    # the land-use conversion touches the parcel and the building below it; the countdown its link only
    assert touched == {"park": {"D1-B1-P1", "D1-B1-P1-G1"}, "corridor": {"D1-L1"}}
    for name in ("reconciliation", "run_notices"):  # the step that added them: empty, with the schema's columns
        assert list(ledger.read_table(name).columns) == schema.columns(name) and ledger.count(name) == 0
    assert migrations.migrate(old) == []  # current: nothing to do
    assert ledger.read_table("ledger_info").set_index("key")["value"].equals(info)


def test_a_migrated_scenario_composes_as_release_0_1_0_composed_it(old):
    ledger = migrations.open_ledger(old)
    net = ledger.scenario_entries("corridor").groupby("unit_id")["co2e_t"].sum()
    # links 100, 50, 80 t of road traffic; D1-L1 cut by 4.4% in 'corridor'; the parcel's 0.05 ha of
    # grassland (0.015 t C) replaced in 'park' by 0.1 ha of trees x 2.8 + 0.06 ha of lawn x 0.5 t C/ha/yr;
    # the building keeps its 20 t of electricity
    assert net.to_dict() == pytest.approx({
        "D1-L1": 100 * (1 - 0.044), "D1-L2": 50.0, "D1-L3": 80.0,
        "D1-B1-P1": -(0.28 + 0.03) * T_PER_T_C, "D1-B1-P1-G1": 20.0,
    }, rel=1e-12)
    scenarios = ledger.scenario_entries("corridor").groupby("unit_id")["scenario"].first().to_dict()
    assert scenarios == {"D1-L1": "corridor", "D1-L2": "baseline", "D1-L3": "baseline",
                         "D1-B1-P1": "park", "D1-B1-P1-G1": "park"}


def test_accounting_on_a_migrated_ledger_equals_accounting_on_a_new_one(old, tmp_path):
    fresh = make_ledger(str(tmp_path / "fresh.gpkg"))
    migrations.migrate(old)
    results = [account_sources(path, ACTIVITY, 2024, grid_year=2023) for path in (old, fresh)]
    assert results[0] == results[1]
    # 40,000 kWh x 0.5271 kg/kWh; 1,000 m3 x 38.931 MJ/m3 (GB/T 2589-2020) = 0.038931 TJ
    # x (56,100 kg CO2 + 5 kg CH4 x 28 + 0.1 kg N2O x 265)
    assert results[0] == (4, pytest.approx(40000 * 0.5271 / 1000 + 0.038931 * (56100 + 5 * 28 + 0.1 * 265) / 1000))
    written = [store.Ledger(path).read_table("entries", match={"scenario": "baseline"}) for path in (old, fresh)]
    ours = [frame[frame["method"] != "test"].drop(columns=RUN_SPECIFIC).reset_index(drop=True) for frame in written]
    # the fixture's runs name no year: its entries stay without one until 2024 is accounted, which adopts them
    assert [set(frame["inventory_year"]) for frame in written] == [{2024}, {2024}]
    pd.testing.assert_frame_equal(ours[0], ours[1])
    totals = [store.Ledger(path).read_table("units", ["unit_id", "source_t", "sink_t", "net_t"])
              for path in (old, fresh)]
    pd.testing.assert_frame_equal(totals[0], totals[1])


def test_a_failed_migration_leaves_the_ledger_byte_identical(old):
    with sqlite3.connect(old) as connection:  # a table in the way of the migration's
        connection.execute("CREATE TABLE scenario_units (note TEXT)")
    before = file_bytes(old)
    with pytest.raises(LedgerInputError, match="left unchanged"):
        migrations.migrate(old)
    assert file_bytes(old) == before
    assert store.Ledger(old).schema_version() == 1


def test_a_ledger_of_a_newer_schema_is_refused(old):
    migrations.migrate(old)
    with sqlite3.connect(old) as connection:
        connection.execute("UPDATE ledger_info SET value = ? WHERE key = 'schema_version'",
                           (str(schema.SCHEMA_VERSION + 1),))
    before = file_bytes(old)
    for open_it in (store.Ledger, migrations.migrate, migrations.open_ledger):
        with pytest.raises(LedgerInputError, match=f"newer than the {schema.SCHEMA_VERSION} of this plugin.*update"):
            open_it(old)
    assert file_bytes(old) == before


def test_create_or_open_migrates_an_existing_ledger_and_keeps_its_crs(old, tmp_path):
    ledger = migrations.create_or_open_ledger(old, "EPSG:32650")
    assert ledger.crs_authid == "EPSG:4547" and ledger.schema_version() == schema.SCHEMA_VERSION
    new = migrations.create_or_open_ledger(str(tmp_path / "new.gpkg"), "EPSG:32650")
    assert new.crs_authid == "EPSG:32650" and new.count("units") == 0


def test_processing_migrates_the_ledger_before_it_runs(run_alg, old):
    results = run_alg("carbonledger:verifyledger", {"LEDGER": old, "OUTPUT": "memory:"})
    assert results["MISMATCHES"] == 0  # every entry, and the seal chain sealed at migration
    assert store.Ledger(old).schema_version() == schema.SCHEMA_VERSION


def test_createledger_on_an_old_ledger_migrates_it_and_keeps_its_units(run_alg, old):
    results = run_alg("carbonledger:createledger", {"LEDGER": old, "CRS": "EPSG:4326"})
    assert results["UNITS"] == 5 and results["LINKS"] == 3
    ledger = store.Ledger(old)
    assert ledger.schema_version() == schema.SCHEMA_VERSION and ledger.crs_authid == "EPSG:4547"
    assert ledger.read_table("runs")["algorithm"].tolist()[-1] == "carbonledger:createledger"


def test_the_docks_migrate_the_ledger_they_open(qgis_app, old, tmp_path):
    from qgis.gui import QgsMapCanvas
    from ui_ledger_builder import wait_for
    from urban_carbon_ledger.ui.chessboard_dock import ChessboardDock
    from urban_carbon_ledger.ui.ledger_dock import LedgerDock

    dock = LedgerDock()
    try:
        dock.set_ledger(old, ())
        wait_for(lambda: dock.current_view() is not None)
        assert store.Ledger(old).schema_version() == schema.SCHEMA_VERSION
        assert [dock.scenario_box.itemText(i) for i in range(dock.scenario_box.count())] == ["baseline", "park",
                                                                                             "corridor"]
    finally:
        dock.close()
    other = str(tmp_path / "other.gpkg")
    shutil.copyfile(FIXTURE, other)
    board = ChessboardDock(QgsMapCanvas())
    try:
        ready = []
        board.sessionReady.connect(ready.append)
        board.set_ledger(other, ())
        wait_for(lambda: ready)
        assert store.Ledger(other).schema_version() == schema.SCHEMA_VERSION
    finally:
        board.close()


def test_qgis_opens_the_tables_a_migration_adds(qgis_app, old):
    from qgis.core import QgsVectorLayer

    migrations.migrate(old)
    with sqlite3.connect(old) as connection:  # schema_version, created_with, migrated_to_<n>, last_seal, sealed_runs
        info = connection.execute("SELECT count(*) FROM ledger_info").fetchone()[0]
    assert info == 2 + len(migrations.STEPS) + 2
    # run_notices and reconciliation (schema 4) start empty
    for name, rows in (("ledger_info", info), ("scenario_units", 3), ("reconciliation", 0), ("run_notices", 0)):
        layer = QgsVectorLayer(f"{old}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        assert [f.name() for f in layer.fields()] == ["fid"] + schema.columns(name)
        assert layer.featureCount() == rows


def test_migration_seals_the_runs_at_migration_and_keeps_every_number(old):
    from urban_carbon_ledger.algorithms.ledger import seals
    from urban_carbon_ledger.algorithms.mrv import verification

    numbers = ["entry_id", "co2e_t", "low_t", "high_t", "activity", "factor"]
    with sqlite3.connect(old) as connection:
        before = pd.read_sql_query("SELECT * FROM entries ORDER BY entry_id", connection)
        runs_before = pd.read_sql_query("SELECT run_id FROM runs ORDER BY fid", connection)["run_id"].tolist()
    migrations.migrate(old)
    ledger = store.Ledger(old)
    after = ledger.read_table("entries").sort_values("entry_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(after[numbers], before[numbers])
    assert (after["fingerprint"] != before["fingerprint"]).all()  # now over every column and the units
    runs = ledger.read_table("runs")
    assert runs["run_id"].tolist() == runs_before and set(runs["sealed"]) == {seals.AT_MIGRATION}
    assert runs["previous_seal"].tolist() == [""] + runs["seal"].tolist()[:-1]
    assert runs["entries_count"].isna().tolist() == [True] * (len(runs) - 1) + [False]
    assert runs["entries_count"].iloc[-1] == len(after)
    assert verification.verify_ledger(old)[1]["problems"] == 0


def test_migrating_to_schema_10_adds_the_budget_columns_empty_and_keeps_every_other_value(tmp_path):
    """A schema-9 ledger with budget rows (two overlapping lawns; the table as schema 9 had it, without outline_m2 and
    counted_in) migrates to 10: each row's other values keep their value and storage class, the new ones are NULL
    (not '': nothing was recorded), the seals still verify, and the next budget run fills them."""
    from greenspace_layouts import box, grid_parameters, make_ledger, unit
    from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget

    lawns = [unit("P1", box(0, 0, 100, 100), land_use="lawn"), unit("P2", box(50, 0, 100, 100), land_use="lawn")]
    ledger = make_ledger(tmp_path / "nine.gpkg", lawns, sinks={"P1": -1.0, "P2": -1.0})
    account_greenspace_budget(ledger, grid_parameters())
    new = ["outline_m2", "counted_in"]
    old_columns = [c for c in schema.columns("greenspace_budget") if c not in new]
    spelled = ", ".join(f'"{c}", typeof("{c}")' for c in ["fid"] + old_columns)
    with sqlite3.connect(ledger.path) as connection:  # back to schema 9
        for column in new:
            connection.execute(f'ALTER TABLE greenspace_budget DROP COLUMN "{column}"')
        connection.execute("UPDATE ledger_info SET value = '9' WHERE key = 'schema_version'")
        before = connection.execute(f"SELECT {spelled} FROM greenspace_budget ORDER BY fid").fetchall()
    assert len(before) == 2 and store.Ledger(ledger.path).schema_version() == 9
    assert migrations.migrate(ledger.path) == [10]
    with sqlite3.connect(ledger.path) as connection:
        after = connection.execute(f"SELECT {spelled} FROM greenspace_budget ORDER BY fid").fetchall()
        added = connection.execute("SELECT outline_m2, counted_in FROM greenspace_budget").fetchall()
    assert repr(after) == repr(before)  # floats by repr: every bit, -0.0 included
    assert added == [(None, None), (None, None)]
    assert _verified_but_the_hand_made_sinks(ledger.path)
    account_greenspace_budget(ledger, grid_parameters())  # P2's 5,000 m2 shared with P1 counts in P1
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["counted_in"].to_dict() == {"P1": "", "P2": "P1 5000.00"}
    assert budget["outline_m2"].to_dict() == {"P1": 10000.0, "P2": 10000.0}
    assert _verified_but_the_hand_made_sinks(ledger.path)


def _verified_but_the_hand_made_sinks(path):
    """verifyledger finds the seal chain whole and every entry recomputed but the layout's two sink entries
    (greenspace_layouts writes them with neither factor nor run)."""
    from urban_carbon_ledger.algorithms.mrv import verification

    mismatches, summary = verification.verify_ledger(path)
    return summary["first_broken_link"] == "" and set(mismatches["entry_id"]) == {"baseline/P1/sink",
                                                                                  "baseline/P2/sink"}
