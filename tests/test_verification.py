"""Verification: a fresh ledger passes; one altered factor, activity or input row fails exactly where it acts."""
import contextlib
import json
import sqlite3
import threading

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.sources import accounting as sources
from urban_carbon_ledger.algorithms.mrv import uncertainty, verification
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import seal_state

from mrv_ledger import build
from test_seals import edit_unit

# Metered building G1, a D1 total downscaled by floor area (to G2, the only other building in
# D1), a city total downscaled to what is left (D2-G1), and metered gas on D2-G1 (3 gases).
ACTIVITY = pd.DataFrame([
    ("m1", "D1_B1_G1", "residential", "electricity", "500000", "kWh", ""),
    ("d1", "D1", "residential", "electricity", "2000000", "kWh", "floor_area"),
    ("c1", "", "residential", "electricity", "5000000", "kWh", "floor_area"),
    ("g1", "D2-G1", "residential", "natural_gas", "100000", "m3", ""),
], columns=["row_id", "target", "sector", "carrier", "amount", "unit", "proxy"]).assign(year="2023")


def execute(path, sql, params=()):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(sql, params)
        connection.commit()


def entry_id(path, unit_id, carrier, flow="source"):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT entry_id FROM entries WHERE unit_id = ? AND carrier = ? AND flow = ? ORDER BY entry_id",
            (unit_id, carrier, flow),
        ).fetchall()


def ids(rows):
    return sorted(r[0] for r in rows)


@pytest.fixture
def accounted(tmp_path):
    """A ledger accounted by carbonledger:accountsources' code from ACTIVITY, and the CSV it read."""
    path = str(tmp_path / "l.gpkg")
    build(path, rows=[])
    csv = tmp_path / "activity.csv"
    ACTIVITY.to_csv(csv, index=False)
    sources.account_sources(path, pd.read_csv(csv, dtype=str, keep_default_na=False), 2023)
    return path, str(csv)


def test_fresh_ledgers_pass(tmp_path, accounted):
    hand_made = build(tmp_path / "hand.gpkg")
    assert verification.verify_ledger(hand_made.path)[1]["mismatches"] == 0
    path, csv = accounted
    mismatches, summary = verification.verify_ledger(path, inputs=csv)
    assert summary == {"entries": 6, "activity_rows": 4, "mismatches": 0, "fields": [], "units": 0, "budget_rows": 0,
                       "budget": 0, "budget_fields": [], "links": 0, "first_broken_link": "", "problems": 0}
    assert list(mismatches.columns) == verification.MISMATCH_COLUMNS
    for method in ("montecarlo", "approach1"):
        uncertainty.run_uncertainty(path, method=method, iterations=200)
        assert verification.verify_ledger(path, inputs=csv)[1]["mismatches"] == 0


def test_altered_factor_value_fails_at_the_entries_using_it(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    execute(ledger.path, "UPDATE factors SET value = 0.51 WHERE factor_id = 'grid'")
    mismatches, summary = verification.verify_ledger(ledger.path)
    grid_entries = ids(entry_id(ledger.path, "D1-B1-G1", "electricity")
                       + entry_id(ledger.path, "D1-B1-G2", "electricity")
                       + entry_id(ledger.path, "D2-G1", "electricity", "avoided"))
    assert sorted(mismatches.loc[mismatches["entry_id"] != "", "entry_id"].unique()) == grid_entries
    assert summary["mismatches"] == 3
    # and the factor rows no longer are those the last run sealed (schema 9)
    assert mismatches.loc[mismatches["entry_id"] == "", "field"].tolist() == ["factors_root"]
    g1 = mismatches[mismatches["unit_id"] == "D1-B1-G1"].set_index("field")
    assert set(g1.index) == {"factor", "co2e_t", "low_t", "high_t"}
    assert float(g1.at["co2e_t", "stored"]) == pytest.approx(500.0)
    assert float(g1.at["co2e_t", "recomputed"]) == pytest.approx(510.0)


def test_entries_checked_in_batches_find_what_one_batch_finds(tmp_path, monkeypatch):
    """The entries are read and checked in batches (verification.BATCH_ROWS) and the units' digests read in
    parts (seal_state.DIGEST_ROWS), each folded into seal buckets and unit sums: batches of two entries and two
    units find the same mismatches, unit totals and seal links, in the same order, as one batch of each."""
    ledger = build(tmp_path / "l.gpkg")
    execute(ledger.path, "UPDATE factors SET value = 0.51 WHERE factor_id = 'grid'")
    (target,) = entry_id(ledger.path, "D2-L1", "gasoline")
    execute(ledger.path, "UPDATE entries SET low_t = 365 WHERE entry_id = ?", target)
    edit_unit(ledger.path, "D1", lambda feature: feature.SetField("net_t", feature.GetField("net_t") + 1))
    edit_unit(ledger.path, "D2-G1", lambda feature: feature.SetField("name", "renamed"))  # its digest changes
    whole, summary = verification.verify_ledger(ledger.path)
    monkeypatch.setattr(verification, "BATCH_ROWS", 2)
    monkeypatch.setattr(seal_state, "DIGEST_ROWS", 2)
    batched, batched_summary = verification.verify_ledger(ledger.path)
    # the 3 grid entries, the gasoline one and the entries of D2-G1 (their content digests cover its digest):
    # D2-G1's natural gas and its avoided electricity, a grid entry already counted
    assert summary["entries"] > 4 and summary["mismatches"] == 5
    assert summary["units"] == 1 and "units_root" in set(whole["field"])  # D1's net_t; the renamed unit
    assert batched_summary == summary
    pd.testing.assert_frame_equal(batched, whole)


def test_altered_entry_activity_fails_at_that_entry_only(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    (target,) = entry_id(ledger.path, "D1-B1-G2", "electricity")
    execute(ledger.path, "UPDATE entries SET activity = 401 WHERE entry_id = ?", target)
    mismatches, summary = verification.verify_ledger(ledger.path)
    assert summary["mismatches"] == 1
    assert set(mismatches["entry_id"]) == {target[0]}
    assert set(mismatches["field"]) == {"co2e_t", "content_digest", "fingerprint", "low_t", "high_t"}


def test_altered_interval_is_found_under_approach1(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    (target,) = entry_id(ledger.path, "D2-L1", "gasoline")
    execute(ledger.path, "UPDATE entries SET low_t = 365 WHERE entry_id = ?", target)
    mismatches = verification.verify_ledger(ledger.path)[0]
    # the interval is inside the fingerprint too (outside the content digest)
    assert mismatches[["entry_id", "field"]].values.tolist() == [[target[0], "fingerprint"], [target[0], "low_t"]]


def test_an_interval_leaving_out_its_estimate_is_spelled_as_plain_numbers(tmp_path):
    """The stored bounds read '366.0 .. <high>' (floats as Python spells them; numpy 2 would write np.float64(...))."""
    ledger = build(tmp_path / "l.gpkg")
    (target,) = entry_id(ledger.path, "D2-L1", "gasoline")
    execute(ledger.path, "UPDATE entries SET low_t = co2e_t + 1, high_t = co2e_t + 2 WHERE entry_id = ?", target)
    mismatches = verification.verify_ledger(ledger.path)[0]
    (spelled,) = mismatches.loc[mismatches["field"] == "interval", "stored"]
    low, high = (float(bound) for bound in spelled.split(" .. "))
    assert high == low + 1


def alter_content(path, row_id, amount):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (content,) = connection.execute("SELECT content FROM activities WHERE row_id = ?", (row_id,)).fetchone()
        changed = json.loads(content)
        changed["amount"] = amount
        connection.execute("UPDATE activities SET content = ? WHERE row_id = ?",
                           (json.dumps(changed, sort_keys=True), row_id))
        connection.commit()


def test_altered_metered_amount_fails_at_its_entries_and_the_total_it_was_subtracted_from(accounted):
    path, _ = accounted
    alter_content(path, "m1", "600000")
    mismatches, summary = verification.verify_ledger(path)
    # m1's own entry, and the D1 total's remainder on G2; the city total (c1) subtracts d1, not m1
    assert sorted(mismatches["entry_id"].unique()) == ids(
        entry_id(path, "D1-B1-G1", "electricity") + entry_id(path, "D1-B1-G2", "electricity"))
    assert set(mismatches["field"]) == {"inputs_hash"}


def test_altered_district_total_fails_at_its_entries_and_the_city_remainder(accounted):
    path, _ = accounted
    alter_content(path, "d1", "2100000")
    mismatches = verification.verify_ledger(path)[0]
    assert sorted(mismatches["entry_id"].unique()) == ids(
        entry_id(path, "D1-B1-G2", "electricity") + entry_id(path, "D2-G1", "electricity"))


def test_input_row_that_differs_from_the_original_fails_at_its_entries(accounted, tmp_path):
    path, csv = accounted
    original = pd.read_csv(csv, dtype=str, keep_default_na=False)
    original.loc[original["row_id"] == "g1", "amount"] = "100001"
    changed = tmp_path / "inputs"
    changed.mkdir()
    original.to_csv(changed / "activity.csv", index=False)
    mismatches, summary = verification.verify_ledger(path, inputs=str(changed))
    gas = ids(entry_id(path, "D2-G1", "natural_gas"))
    assert len(gas) == 3  # CO2, CH4, N2O
    assert sorted(mismatches["entry_id"].unique()) == gas
    assert set(mismatches["field"]) == {"input_row"}
    assert summary["mismatches"] == 3


def test_inputs_without_an_activity_table_are_refused(accounted, tmp_path):
    path, _ = accounted
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(LedgerInputError, match="INPUTS"):
        verification.verify_ledger(path, inputs=str(tmp_path / "other.csv"))


def test_qgis_process_reports_the_mismatches(tmp_path, qgis_process):
    ledger = build(tmp_path / "l.gpkg")
    clean = qgis_process("run", "carbonledger:verifyledger", "--json", "--", f"LEDGER={ledger.path}",
                         f"OUTPUT={tmp_path / 'clean.csv'}")
    assert clean.json["results"]["MISMATCHES"] == 0
    execute(ledger.path, "UPDATE factors SET value = 2.6 WHERE factor_id = 'canopy'")
    altered = qgis_process("run", "carbonledger:verifyledger", "--json", "--", f"LEDGER={ledger.path}",
                           f"OUTPUT={tmp_path / 'altered.csv'}")
    assert altered.json["results"]["MISMATCHES"] == 2  # the entry, and the factors root of the last seal
    table = pd.read_csv(tmp_path / "altered.csv", keep_default_na=False)
    assert set(table["unit_id"]) == {"D1-B1-P1", ""} and table.loc[table["unit_id"] == "", "field"].tolist() == [
        "factors_root"]
    # the activity is exact, so the interval (4 ha x 2.0..3.0 t C/ha x -44/12) does not move with the value
    assert set(table.loc[table["unit_id"] != "", "field"]) == {"factor", "co2e_t"}


def test_processing_algorithm_takes_a_folder_of_inputs(accounted, tmp_path, run_alg):
    path, csv = accounted
    folder = tmp_path / "originals"
    folder.mkdir()
    pd.read_csv(csv, dtype=str, keep_default_na=False).to_csv(folder / "activity.csv", index=False)
    result = run_alg("carbonledger:verifyledger", {"LEDGER": path, "INPUTS_FOLDER": str(folder),
                                                 "OUTPUT": "TEMPORARY_OUTPUT"})
    assert result["MISMATCHES"] == 0
    assert result["OUTPUT"].featureCount() == 0


def test_entries_read_ahead_and_the_budget_beside_find_what_one_thread_finds(tmp_path, monkeypatch):
    """The next batch of entries is read in a thread while one is checked, and the green-space budget is checked in
    another (issue 22: both cores): with everything in the caller's thread, batches of two entries find the same
    mismatches, unit totals and seal links, in the same order."""
    ledger = build(tmp_path / "l.gpkg")
    execute(ledger.path, "UPDATE factors SET value = 0.51 WHERE factor_id = 'grid'")
    (target,) = entry_id(ledger.path, "D2-L1", "gasoline")
    execute(ledger.path, "UPDATE entries SET low_t = 365 WHERE entry_id = ?", target)
    edit_unit(ledger.path, "D1", lambda feature: feature.SetField("net_t", feature.GetField("net_t") + 1))
    monkeypatch.setattr(verification, "BATCH_ROWS", 2)
    threaded, threaded_summary = verification.verify_ledger(ledger.path)

    @contextlib.contextmanager
    def serial(work, *args):
        result = work(*args, threading.Event())
        yield lambda: result

    monkeypatch.setattr(verification, "read_ahead", iter)
    monkeypatch.setattr(verification, "beside", serial)
    alone, summary = verification.verify_ledger(ledger.path)
    assert summary["mismatches"] == 4 and summary["units"] == 1
    assert threaded_summary == summary
    pd.testing.assert_frame_equal(threaded, alone)
