"""Run seals over buckets of rows (issue 22): a run reads again only the buckets of rows it wrote into, yet the
roots it seals are those of every row; a row altered outside a run in a bucket no later run writes into stays
caught after later runs; the roots follow the definition in docs/mrv.md; migrating re-seals only a ledger whose
schema-6 roots still held."""
import contextlib
import hashlib
import os
import shutil
import sqlite3

import numpy as np
import pandas as pd
import pytest

from mrv_ledger import build
from urban_carbon_ledger.algorithms.ledger import entries, migrations, schema, seal_state, seals
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv import verification


def query(path, statement, params=()):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(statement, params).fetchall()


def last_state(path):
    """The state the last run sealed, and the state recomputed from every row now."""
    sealed = Ledger(path).read_table("runs").iloc[-1]
    with contextlib.closing(sqlite3.connect(path)) as connection:
        now = seals.ledger_state(connection)
    return {k: seals.plain(sealed[k]) for k in now}, now


def copies(ledger, writer, count, tag):
    """Append ``count`` copies of the ledger's first entry (ids ``tag-i``) in ``writer``'s run."""
    first = ledger.read_table("entries").iloc[[0]]
    frame = pd.concat([first] * count, ignore_index=True).assign(
        entry_id=[f"{tag}-{i}" for i in range(count)], run_id=writer.run_id)
    writer.append_rows("entries", frame)


@pytest.fixture
def spread(tmp_path):
    """The hand-made ledger (6 entries, fids 1-6) and 3,000 more entries: fids 7-3006 fill buckets 0 to 2 of
    1,024 fids (0-1023, 1024-2047, 2048-3071). Returns (ledger, path)."""
    ledger = build(str(tmp_path / "spread.gpkg"))
    with ledger.transaction("test:copies") as writer:
        copies(ledger, writer, 3000, "copy")
    return ledger, ledger.path


def test_the_roots_follow_their_definition_on_the_hand_made_ledger(tmp_path):
    path = build(str(tmp_path / "l.gpkg")).path
    # by hand from docs/mrv.md: the 6 entries (fids 1-6) are one bucket (0); its digest hashes each fid as 8 bytes
    # big-endian and SHA-256(fingerprint 0x1F run_id 0x1F computed_at); one leaf, so the root is its leaf hash
    rows = query(path, "SELECT fid, fingerprint, run_id, computed_at FROM entries ORDER BY fid")
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    digest = hashlib.sha256(b"".join(fid.to_bytes(8, "big") + hashlib.sha256("\x1f".join(leaf).encode()).digest()
                                     for fid, *leaf in rows)).hexdigest()
    leaf = f"entries\x1f0\x1f6\x1f{digest}".encode()
    runs = Ledger(path).read_table("runs")
    assert runs["entries_root"].iloc[-1] == hashlib.sha256(b"\x00" + leaf).hexdigest()
    assert runs["entries_count"].iloc[-1] == 6 and runs["run_entries"].iloc[-1] == 6
    # 8 units in bucket 0 of units and 1 link in bucket 0 of links: two leaves, one node
    assert runs["units_count"].iloc[-1] == 9
    # the factor rows (schema 9): each row's hash is SHA-256 of its columns joined by 0x1F, numbers by repr as
    # floats (the year too), NULL empty; a bucket per row (fids 1-4), so 4 leaves, 2 nodes and the root
    spelled = [[repr(float(v)) if isinstance(v, (int, float)) else "" if v is None else v for v in row]
               for row in query(path, "SELECT factor_id, value, unit, low, high, distribution, source, year, "
                                      "region, description FROM factors ORDER BY fid")]
    fids = [row[0] for row in query(path, "SELECT fid FROM factors ORDER BY fid")]
    assert fids == [1, 2, 3, 4]
    digests = [hashlib.sha256(fid.to_bytes(8, "big") + hashlib.sha256("\x1f".join(row).encode()).digest()).hexdigest()
               for fid, row in zip(fids, spelled, strict=True)]  # each bucket: its one row
    leaves = [hashlib.sha256(b"\x00" + f"factors\x1f{fid}\x1f1\x1f{digest}".encode()).digest()
              for fid, digest in zip(fids, digests, strict=True)]
    nodes = [hashlib.sha256(b"\x01" + leaves[i] + leaves[i + 1]).digest() for i in (0, 2)]
    assert runs["factors_root"].iloc[-1] == hashlib.sha256(b"\x01" + nodes[0] + nodes[1]).hexdigest()
    assert runs["factors_count"].iloc[-1] == 4
    assert query(path, "SELECT layer, bucket, rows FROM seal_buckets ORDER BY layer, bucket") == [
        ("entries", 0, 6), *[("factors", fid, 1) for fid in fids], ("links", 0, 1), ("units", 0, 8)]


def test_each_run_seals_the_roots_recomputed_from_every_row(spread):
    ledger, path = spread
    sealed, now = last_state(path)
    assert sealed == now and now["entries_count"] == 3006
    assert query(path, "SELECT bucket, rows FROM seal_buckets WHERE layer = 'entries' ORDER BY bucket") == [
        (0, 1023), (1, 1024), (2, 959)]  # fids 1-1023, 1024-2047, 2048-3006
    with ledger.transaction("test:mixed") as writer:
        writer.delete_rows("entries", {"entry_id": [f"copy-{i}" for i in range(1500, 2500)]})
        copies(ledger, writer, 10, "late")
        writer.update_columns("units", pd.DataFrame({"unit_id": ["D1-B1-G1"], "name": ["renamed"]}))
        writer.update_columns("units", pd.DataFrame({"unit_id": ["D2-G1"], "source_t": [1.0]}))
        writer.update_columns("entries", pd.DataFrame({"entry_id": ["copy-7"], "low_t": [1.0]}), key="entry_id")
    sealed, now = last_state(path)
    assert sealed == now and now["entries_count"] == 3006 - 1000 + 10
    assert Ledger(path).read_table("runs")["run_entries"].iloc[-1] == 10


def test_an_entry_altered_between_runs_stays_caught_after_a_later_run(spread):
    ledger, path = spread
    # computed_at is outside the fingerprint, inside the entry's row hash: only the root can catch it
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE entries SET computed_at = '2000-01-01' WHERE fid = 100")  # bucket 0
        connection.commit()
    with ledger.transaction("test:later") as writer:  # writes into bucket 2 only (fids 3007-3011)
        copies(ledger, writer, 5, "later")
    sealed, now = last_state(path)
    assert sealed["entries_count"] == now["entries_count"] == 3011
    assert sealed["entries_root"] != now["entries_root"]  # a seal over every row would have taken the change in
    mismatches, summary = verification.verify_ledger(path)
    assert summary["first_broken_link"].startswith("entries_root: run ") and "test:later" in \
        summary["first_broken_link"]
    # seal_buckets holds what the last run sealed, so the bucket of fid 100 is named (fids 1-1023 in it)
    assert summary["first_broken_link"].endswith(
        "rows that differ from the seal: entries fid 0-1023 (1,023 rows sealed, 1,023 now)")


def test_migrating_re_seals_only_a_ledger_whose_schema_6_roots_held(tmp_path):
    old = str(tmp_path / "old.gpkg")
    shutil.copyfile(os.path.join(os.path.dirname(__file__), "data", "ledger_v0_1_0.gpkg"), old)
    migrations.migrate(old)
    for tampered in (False, True):
        with contextlib.closing(sqlite3.connect(old)) as connection:
            seals.seal_existing_runs(connection)  # the chain as schema 6 sealed it (Merkle roots)
            if tampered:
                connection.execute("DELETE FROM entries WHERE fid = (SELECT min(fid) FROM entries)")
            schema_6 = seals.merkle_state(connection)
            migrations.to_schema_7(connection)
            connection.commit()
        last = Ledger(old).read_table("runs").iloc[-1]
        summary = verification.verify_ledger(old)[1]
        if tampered:  # the last run keeps its schema-6 roots, so the deletion is reported
            assert last["entries_root"] != schema_6["entries_root"] and summary["links"] >= 1
            assert summary["first_broken_link"].startswith("entries_count: run ")
        else:
            assert last["sealed"] == seals.AT_MIGRATION and summary["problems"] == 0
            assert last["entries_root"] == last_state(old)[1]["entries_root"] != schema_6["entries_root"]
    assert seal_state.BUCKET_ROWS == 1024


def updated_as_recomputed(ledger, before, touched, low_t):
    """The entries after an update of low_t to ``low_t`` on the ``touched`` rows (a boolean mask over
    ``before``), asserting the others kept theirs and every fingerprint is the one recomputed from the
    stored rows."""
    after = ledger.read_table("entries")
    assert after["low_t"][touched].tolist() == [low_t] * touched.sum()
    assert after["low_t"][~touched].tolist() == before["low_t"][~touched].tolist()
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        content, fingerprint = entries.digests(after, seals.unit_digests(connection))
    assert after["content_digest"].tolist() == content and after["fingerprint"].tolist() == fingerprint
    return after


def test_an_update_of_entries_writes_their_values_and_fingerprints(tmp_path):
    """update_columns on entries writes the values with each entry's new fingerprint (one UPDATE, seals.updated):
    matched by a key several entries share (unit_id), a repeated key taking its last row, every fingerprint is the
    one recomputed from the row as stored afterwards, the others unchanged; verification finds them sealed (it
    finds only the hand-set intervals, which are not Approach 1's)."""
    ledger = build(str(tmp_path / "l.gpkg"))
    before = ledger.read_table("entries")
    unit = before["unit_id"].value_counts().index[0]
    touched = (before["unit_id"] == unit).to_numpy()
    assert touched.sum() >= 2
    with ledger.transaction("test:update") as writer:
        writer.update_columns("entries", pd.DataFrame({"unit_id": [unit, unit], "low_t": [-5.0, -7.0]}))
    after = updated_as_recomputed(ledger, before, touched, -7.0)
    assert (after["fingerprint"] != before["fingerprint"]).to_numpy().tolist() == touched.tolist()
    mismatches, summary = verification.verify_ledger(ledger.path)
    assert set(mismatches["field"]) <= {"interval", "low_t"} and set(mismatches["entry_id"]) <= set(
        before["entry_id"][touched])  # no fingerprint, no seal
    assert not summary["first_broken_link"]


def test_an_update_of_entries_by_a_key_outside_the_fingerprint(tmp_path):
    """update_columns on entries matched by run_id (not fingerprinted: seals.updated reads the key beside the
    columns it hashes) sets the value on every entry of that run and their fingerprints as recomputed from the
    stored rows; the other entries keep theirs."""
    ledger = build(str(tmp_path / "l.gpkg"))
    with ledger.transaction("test:copies") as writer:
        copies(ledger, writer, 3, "copy")  # 3 entries of another run, left alone
    before = ledger.read_table("entries")
    run = before["run_id"].iloc[0]
    touched = (before["run_id"] == run).to_numpy()
    assert touched.sum() == len(before) - 3
    with ledger.transaction("test:update") as writer:
        writer.update_columns("entries", pd.DataFrame({"run_id": [run], "low_t": [-3.0]}), key="run_id")
    after = updated_as_recomputed(ledger, before, touched, -3.0)
    assert after["fingerprint"][~touched].tolist() == before["fingerprint"][~touched].tolist()


def test_unit_digests_read_a_few_rows_at_a_time_are_those_read_at_once(tmp_path, monkeypatch):
    """layer_digests reads DIGEST_ROWS units at a time: 2 at a time gives the digests of one read, row for row
    (and an empty selection an empty frame)."""
    ledger = build(str(tmp_path / "l.gpkg"))
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        whole = {layer: seal_state.layer_digests(connection, layer) for layer in seal_state.UNIT_LAYERS}
        monkeypatch.setattr(seal_state, "DIGEST_ROWS", 2)
        for layer, expected in whole.items():
            pd.testing.assert_frame_equal(seal_state.layer_digests(connection, layer), expected)
        none = seal_state.layer_digests(connection, "units", "unit_id = ?", ("no such unit",))
    assert len(whole["units"]) > 4 and len(none) == 0 and list(none.columns) == ["fid", "unit_id", "digest"]


def test_buckets_folded_part_by_part_are_those_of_all_rows_at_once():
    """BucketFold hashes each part's complete buckets as it comes: fids 1-3006 (buckets 0-2 of 1,024 fids) and
    some hashes given in parts of 1, 700, 1,023 rows and the rest (cutting buckets anywhere) give the buckets of
    bucket_digests over every row at once: 1,023, 1,024 and 959 rows."""
    fids = np.arange(1, 3007, dtype=np.int64)
    hashes = [hashlib.sha256(str(fid).encode()).digest() for fid in fids]
    fold = seal_state.BucketFold("entries")
    for start, end in ((0, 1), (1, 701), (701, 1724), (1724, len(fids))):
        fold.add(fids[start:end], b"".join(hashes[start:end]))
    folded = fold.buckets()
    assert folded["rows"].tolist() == [1023, 1024, 959]
    pd.testing.assert_frame_equal(folded, seal_state.bucket_digests("entries", fids, hashes))
    assert len(seal_state.BucketFold("links").buckets()) == 0


def test_a_run_touching_several_buckets_seals_them_a_part_at_a_time(spread, monkeypatch):
    """sealed_state reads the buckets a run touched BUCKETS_AT_ONCE at a time: with 1 at a time, a run writing into
    the three buckets seals the roots recomputed from every row, and run_entries counts its entries in every part:
    copy-0, copy-1500, copy-2900 (fids 7, 1507, 2907: buckets 0, 1, 2) given its run_id, and 5 new entries (fids
    3007-3011, bucket 2), 8 in all."""
    ledger, path = spread
    monkeypatch.setattr(seal_state, "BUCKETS_AT_ONCE", 1)
    with ledger.transaction("test:three buckets") as writer:
        ids = ["copy-0", "copy-1500", "copy-2900"]
        writer.update_columns("entries", pd.DataFrame({"entry_id": ids, "run_id": [writer.run_id] * 3}), key="entry_id")
        copies(ledger, writer, 5, "late")
    sealed, now = last_state(path)
    assert sealed == now and now["entries_count"] == 3006 + 5
    assert Ledger(path).read_table("runs")["run_entries"].iloc[-1] == 8


def test_a_run_moving_an_entry_to_another_bucket_seals_both(spread):
    """An UPDATE notes its row's bucket once, and the new bucket too when the fid changes: fid 100 (bucket 0,
    fids 1-1023: 1,023 rows) moved to fid 5000 (bucket 4, fids 4096-5119) leaves 1,022 rows in bucket 0 and 1 in
    bucket 4, and the run seals the roots recomputed from every row (without the new bucket it would seal 3,005
    entries of the 3,006)."""
    ledger, path = spread
    with ledger.transaction("test:move") as writer:
        writer.connection.execute("UPDATE entries SET fid = 5000 WHERE fid = 100")
    sealed, now = last_state(path)
    assert sealed == now and now["entries_count"] == 3006
    assert query(path, "SELECT bucket, rows FROM seal_buckets WHERE layer = 'entries' ORDER BY bucket") == [
        (0, 1022), (1, 1024), (2, 959), (4, 1)]


def as_schema_8(path):
    """Turn the ledger at ``path`` into the one schema 8 would have written: runs without the factors root, each
    sealed over the columns of schema 8 in a chain, no factor buckets; returns the seals."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for column in ("factors_count", "factors_root"):
            connection.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        runs = pd.read_sql_query("SELECT fid, * FROM runs ORDER BY fid", connection)
        previous, chain = "", []
        for row in runs.loc[:, ~runs.columns.duplicated()].to_dict("records"):
            row["previous_seal"] = previous
            previous = seals.seal_of(row)  # no factors columns in the row: what schema 8 sealed
            chain.append(previous)
            connection.execute("UPDATE runs SET previous_seal = ?, seal = ? WHERE fid = ?",
                               (row["previous_seal"], previous, int(row["fid"])))
        seals.record_last_seal(connection, previous)
        connection.execute("DELETE FROM seal_buckets WHERE layer = 'factors'")
        connection.execute("UPDATE ledger_info SET value = '8' WHERE key = 'schema_version'")
        connection.commit()
    return chain


def test_migrating_to_schema_9_seals_the_factor_rows_and_keeps_every_earlier_seal(tmp_path):
    path = build(str(tmp_path / "l.gpkg")).path
    with Ledger(path).transaction("test:later"):  # a second run: one seal before the last
        pass
    chain = as_schema_8(path)
    assert migrations.migrate(path) == list(range(9, schema.SCHEMA_VERSION + 1))  # 10 on: no seal changes
    runs = Ledger(path).read_table("runs")
    assert runs["seal"].tolist()[:-1] == chain[:-1]  # the runs before the last keep their seals, unsigned or signed
    assert runs["sealed"].iloc[-1] == seals.AT_MIGRATION and runs["factors_count"].iloc[-1] == 4
    assert runs["factors_count"].iloc[:-1].isna().all()
    assert verification.verify_ledger(path)[1]["problems"] == 0
    # from now on a hand edit of a factor row shows: the grid factor's range, which no entry copies
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE factors SET high = 0.95 WHERE factor_id = 'grid'")
        connection.commit()
    summary = verification.verify_ledger(path)[1]
    (fid,) = query(path, "SELECT fid FROM factors WHERE factor_id = 'grid'")[0]
    assert summary["first_broken_link"].startswith("factors_root: run ") and summary["first_broken_link"].endswith(
        f"rows that differ from the seal: factors fid {fid}-{fid} (1 rows sealed, 1 now)")
