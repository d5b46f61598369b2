"""Two-stage entry fingerprints (schema 8, issue 22): an entry's content digest covers every column but the interval
and its units, its fingerprint the content digest and the interval, so that a new interval rehashes only the
interval. Recomputed here by hand with hashlib from the rows as SQLite holds them (docs/mrv.md, "What a fingerprint
covers"), not with the plugin's helpers."""
import contextlib
import hashlib
import os
import shutil
import sqlite3

import numpy as np
import pandas as pd
import pytest

from mrv_ledger import baseline_texts, build
from urban_carbon_ledger.algorithms.ledger import migrations, schema, seals
from urban_carbon_ledger.algorithms.ledger.queries import SCHEMA_VERSION_KEY
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv import monte_carlo, uncertainty, verification

UNIT_TOTALS = {"source_t", "sink_t", "net_t", "net_low_t", "net_high_t"}
"""Unit columns outside a unit's digest (docs/mrv.md)."""
SCHEMA_7 = ["entry_id", "unit_id", "scenario", "flow", "sector", "gpc_sector", "scope", "carrier", "activity",
            "activity_unit", "activity_low", "activity_high", "factor_id", "factor", "factor_unit", "conversion",
            "conversion_note", "co2e_t", "low_t", "high_t", "method", "source", "profile", "related_unit_id",
            "inputs_hash", "proxy_error", "proxy_share", "proxy_concentration", "algorithm_version", "inventory_year",
            "year_version"]
"""The entry columns a fingerprint covered in one stage in schemas 6 and 7, in order (docs/mrv.md)."""
CONTENT = [c for c in SCHEMA_7 if c not in ("low_t", "high_t")]
"""The entry columns of the content digest of schema 8, in order (docs/mrv.md): the interval left out."""


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spelled(value, declared):
    """A value as the canonical line spells it: numbers as repr of the float, NULL as empty text."""
    if value is None:
        return ""
    return repr(float(value)) if declared.split()[0] in ("REAL", "INTEGER") else str(value)


def table_columns(connection, table):
    """(name, declared type) of a table's columns, in table order."""
    return [(row[1], row[2]) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def unit_digest(connection, unit_id):
    """SHA-256 of a unit's (or link's) canonical line over every column but fid, the geometry and the totals, then
    0x1E and the geometry blob as stored; '' for no unit."""
    for layer in ("units", "links"):
        geometry = connection.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                      (layer,)).fetchone()[0]
        columns = [(c, t) for c, t in table_columns(connection, layer) if c not in {"fid", geometry} | UNIT_TOTALS]
        row = connection.execute(f'SELECT {", ".join(c for c, _ in columns)}, "{geometry}" FROM "{layer}" '
                                 "WHERE unit_id = ?", (unit_id,)).fetchone()
        if row is not None:
            text = "\x1f".join(spelled(v, t) for v, (_, t) in zip(row[:-1], columns, strict=True))
            return hashlib.sha256(text.encode("utf-8") + b"\x1e" + (row[-1] or b"")).hexdigest()
    return ""


def by_hand(connection, fid, fields=CONTENT):
    """(content digest, fingerprint) of entry ``fid`` by hand: the content over ``fields`` and its unit digests,
    the fingerprint over the content digest and the stored interval."""
    declared = dict(table_columns(connection, "entries"))
    row = dict(zip(["content_digest", "low_t", "high_t", *fields], connection.execute(
        f'SELECT content_digest, low_t, high_t, {", ".join(fields)} FROM entries WHERE fid = ?', (fid,)).fetchone(),
        strict=True))
    line = [spelled(row[c], declared[c]) for c in fields]
    line += [unit_digest(connection, row["unit_id"]), unit_digest(connection, row["related_unit_id"])]
    content = sha256("\x1f".join(line))
    return content, sha256(f"{content}\x1f{spelled(row['low_t'], 'REAL')}\x1f{spelled(row['high_t'], 'REAL')}")


def stored_digests(path):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return pd.read_sql_query("SELECT fid, entry_id, content_digest, fingerprint, low_t, high_t FROM entries "
                                 "ORDER BY fid", connection).set_index("fid")


def test_content_digest_and_fingerprint_recomputed_by_hand(tmp_path):
    """Every entry of the hand-made ledger, the avoided entry's related unit and the link's entry included."""
    ledger = build(str(tmp_path / "l.gpkg"))
    stored = stored_digests(ledger.path)
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        outside = {"fid", "content_digest", "fingerprint", "run_id", "computed_at", "low_t", "high_t"}
        assert [c for c, _ in table_columns(connection, "entries") if c not in outside] == CONTENT
        hand = [by_hand(connection, fid) for fid in stored.index]
    assert [h[0] for h in hand] == stored["content_digest"].tolist()
    assert [h[1] for h in hand] == stored["fingerprint"].tolist()
    assert stored["content_digest"].nunique() == len(stored)


def test_an_interval_update_rehashes_only_the_interval(tmp_path, monkeypatch):
    """update_columns of low_t and high_t by entry_id: the content digest stays, the fingerprint is SHA-256 of
    ``content_digest 0x1F low_t 0x1F high_t`` with the new bounds (a NULL bound spelled empty), the other entries
    are untouched, and no unit digest is read (seals.unit_digests made to fail)."""
    ledger = build(str(tmp_path / "l.gpkg"))
    before = stored_digests(ledger.path)
    first, second = before["entry_id"].iloc[0], before["entry_id"].iloc[3]

    def no_unit_digests(*_):
        raise AssertionError("a new interval read the units' digests")

    monkeypatch.setattr(seals, "unit_digests", no_unit_digests)
    with ledger.transaction("test:interval") as writer:
        writer.update_columns("entries", pd.DataFrame({"entry_id": [first, second], "low_t": [1.25, np.nan],
                                                       "high_t": [-0.0, 7e-17]}), key="entry_id")
    after = stored_digests(ledger.path)
    assert after["content_digest"].tolist() == before["content_digest"].tolist()
    hand = {first: sha256(f"{before['content_digest'].iloc[0]}\x1f1.25\x1f-0.0"),
            second: sha256(f"{before['content_digest'].iloc[3]}\x1f\x1f7e-17")}
    expected = [hand.get(e, f) for e, f in zip(before["entry_id"], before["fingerprint"], strict=True)]
    assert after["fingerprint"].tolist() == expected
    assert (after["fingerprint"] != before["fingerprint"]).sum() == 2


def test_an_update_of_another_column_rehashes_both_stages(tmp_path):
    """update_columns of a column inside the content (with the interval, by unit_id): both digests of the
    unit's entries are those recomputed by hand from the rows as stored afterwards; the others are untouched."""
    ledger = build(str(tmp_path / "l.gpkg"))
    before = stored_digests(ledger.path)
    with ledger.transaction("test:scope") as writer:
        writer.update_columns("entries", pd.DataFrame({"unit_id": ["D2-G1"], "scope": [3], "low_t": [0.5]}))
    after = stored_digests(ledger.path)
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        hand = [by_hand(connection, fid) for fid in after.index]
        touched = [row[0] for row in connection.execute("SELECT fid FROM entries WHERE unit_id = 'D2-G1'")]
    assert list(zip(after["content_digest"], after["fingerprint"], strict=True)) == hand
    changed = after.index[(after["content_digest"] != before["content_digest"]).to_numpy()].tolist()
    assert changed == sorted(touched) and len(touched) == 2


def test_uncertainty_writes_the_same_intervals_with_fingerprints_over_them(tmp_path):
    """A Monte Carlo run writes the intervals monte_carlo computes, keeps every content digest and sets every
    fingerprint over the content digest and the new interval; the ledger verifies."""
    ledger = build(str(tmp_path / "l.gpkg"))
    before = stored_digests(ledger.path)
    inputs = baseline_texts(ledger)
    result = monte_carlo.monte_carlo(*inputs, 300, 4)
    uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    after = stored_digests(ledger.path)
    order = pd.Series(np.arange(len(inputs[0])), index=inputs[0]["fid"].to_numpy())[after.index].to_numpy()
    np.testing.assert_array_equal(after["low_t"].to_numpy(), result["entry_low_t"][order])
    np.testing.assert_array_equal(after["high_t"].to_numpy(), result["entry_high_t"][order])
    assert (after["low_t"] != before["low_t"]).all()
    assert after["content_digest"].tolist() == before["content_digest"].tolist()
    assert after["fingerprint"].tolist() == [sha256(f"{c}\x1f{low!r}\x1f{high!r}") for c, low, high in zip(
        after["content_digest"], after["low_t"], after["high_t"], strict=True)]
    assert verification.verify_ledger(ledger.path)[1]["problems"] == 0


def test_a_column_altered_before_an_interval_update_stays_caught(tmp_path):
    """A new interval does not launder an altered column: the content digest is not recomputed from it."""
    ledger = build(str(tmp_path / "l.gpkg"))
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        entry_id = connection.execute("SELECT entry_id FROM entries ORDER BY fid LIMIT 1").fetchone()[0]
        connection.execute("UPDATE entries SET scope = 3 WHERE entry_id = ?", (entry_id,))
        connection.commit()
    uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    mismatches = verification.verify_ledger(ledger.path)[0]
    assert set(mismatches.loc[mismatches["entry_id"] == entry_id, "field"]) == {"content_digest", "fingerprint"}


FIXTURE = os.path.join(os.path.dirname(__file__), "data", "ledger_v0_1_0.gpkg")


def ledger_of_schema(path, version):
    """The 0.1.0 ledger carried to schema ``version`` by the migration steps (committed there)."""
    shutil.copyfile(FIXTURE, path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("BEGIN")
        for target in range(2, version + 1):
            migrations.STEPS[target](connection)
        connection.execute('DELETE FROM ledger_info WHERE "key" = ?', (SCHEMA_VERSION_KEY,))
        connection.execute('INSERT INTO ledger_info ("key", "value") VALUES (?, ?)', (SCHEMA_VERSION_KEY, str(version)))
        connection.commit()
    return path


@pytest.mark.parametrize("version", [2, 5, 6])
def test_a_ledger_of_an_older_schema_migrates_to_a_ledger_that_verifies(tmp_path, version):
    """The steps from schema 2, 5 or 6 in sequence (step 6 fingerprints as schema 7 did, step 8 renews those):
    every entry's content digest and fingerprint by hand, the last run re-sealed at migration, no problem."""
    path = ledger_of_schema(str(tmp_path / "old.gpkg"), version)
    assert migrations.migrate(path) == list(range(version + 1, schema.SCHEMA_VERSION + 1))
    assert verification.verify_ledger(path)[1]["problems"] == 0
    assert Ledger(path).read_table("runs")["sealed"].iloc[-1] == seals.AT_MIGRATION
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT fid, content_digest, fingerprint FROM entries ORDER BY fid").fetchall()
        assert len(rows) > 3 and [by_hand(connection, fid) for fid, *_ in rows] == [tuple(r[1:]) for r in rows]


@pytest.mark.parametrize("attack", ["none", "column", "column and fingerprint"])
def test_migrating_to_8_keeps_an_entry_altered_before_it_failing(tmp_path, attack):
    """The schema-7 fingerprints (by hand, over SCHEMA_7 and the units) hold on the ledger of schema 7; an entry
    altered before the migration keeps failing after it: a column altered alone keeps its old fingerprint (the
    migration's info counts it), a column altered with its schema-7 fingerprint recomputed breaks the roots the
    last run sealed, so that run is not re-sealed."""
    path = ledger_of_schema(str(tmp_path / "seven.gpkg"), 7)
    assert Ledger(path).schema_version() == 7
    with contextlib.closing(sqlite3.connect(path)) as connection:
        fids = [row[0] for row in connection.execute("SELECT fid FROM entries ORDER BY fid")]
        stored = dict(connection.execute("SELECT fid, fingerprint FROM entries"))
        assert {fid: by_hand(connection, fid, SCHEMA_7)[0] for fid in fids} == stored
        target, entry_id = connection.execute("SELECT fid, entry_id FROM entries ORDER BY fid LIMIT 1").fetchone()
        if attack != "none":
            connection.execute("UPDATE entries SET activity = activity / 5 WHERE fid = ?", (target,))
        if attack == "column and fingerprint":
            connection.execute("UPDATE entries SET fingerprint = ? WHERE fid = ?",
                               (by_hand(connection, target, SCHEMA_7)[0], target))
        connection.commit()
    assert migrations.migrate(path) == list(range(8, schema.SCHEMA_VERSION + 1))
    mismatches, summary = verification.verify_ledger(path)
    info = dict(Ledger(path).read_table("ledger_info").itertuples(index=False, name=None))
    last = Ledger(path).read_table("runs").iloc[-1]
    entries = set(mismatches.loc[mismatches["entry_id"] != "", "entry_id"])
    if attack == "none":
        assert summary["problems"] == 0 and last["sealed"] == seals.AT_MIGRATION
        assert "did not hold" not in info["migrated_to_8"]
    elif attack == "column":
        assert entries == {entry_id} and summary["links"] == 0 and last["sealed"] == seals.AT_MIGRATION
        assert {"content_digest", "fingerprint"} <= set(mismatches.loc[mismatches["entry_id"] == entry_id, "field"])
        assert info["migrated_to_8"].endswith("; 1 entries whose schema-7 fingerprint did not hold kept it "
                                              "(verification reports them)")
    else:
        assert summary["first_broken_link"].startswith("entries_root: run ")
        assert "did not hold" not in info["migrated_to_8"]
    with contextlib.closing(sqlite3.connect(path)) as connection:
        renewed = [fid for fid in fids if attack == "none" or fid != target]
        assert [by_hand(connection, fid) for fid in renewed] == [tuple(connection.execute(
            "SELECT content_digest, fingerprint FROM entries WHERE fid = ?", (fid,)).fetchone()) for fid in renewed]
