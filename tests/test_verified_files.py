"""A verifier's records of the ledger files it verified: the report quotes the verification of the very bytes
verified, and verifies again a file whose bytes differ by one, or that SQLite would read with a journal."""
import contextlib
import os
import sqlite3
import time

import pandas as pd

from urban_carbon_ledger.algorithms.mrv import verification, verified_files
from urban_carbon_ledger.algorithms.reports import inventory_report

from mrv_ledger import build


def verification_note(path, records):
    """The report's verification finding on the ledger at ``path``, verified or quoted from ``records``."""
    quality = inventory_report.build_tables(path, records=records)["quality"].set_index("topic")
    return quality.at["verification", "finding"]


def records_of(tmp_path):
    """The records in a folder of the test's (no file is too fresh to hash: ``settled_ns`` 0)."""
    return verified_files.VerificationRecords(str(tmp_path / "verified"), settled_ns=0)


def recorded(records, path, mismatches):
    """Record, for the bytes of the ledger at ``path``, a verification that found ``mismatches`` entries differing
    (none do: a record the report can only have quoted, not recomputed)."""
    _, summary = verification.verify_ledger(path)
    assert summary["mismatches"] == 0
    assert records.keep(path, records.hashed(path), {**summary, "mismatches": mismatches}, "2026-01-02T03:04:05+00:00")
    return summary


def test_the_report_quotes_the_verification_of_the_same_bytes(tmp_path):
    path = build(tmp_path / "l.gpkg").path
    records = records_of(tmp_path)
    summary = recorded(records, path, 7)
    before = verified_files.file_state(path)
    assert verification_note(path, records) == (f"7 of {summary['entries']:,} entries differ from their "
                                                "recomputation, 0 links of the run seal chain are broken "
                                                "(carbonledger:verifyledger on 2026-01-02T03:04:05+00:00)")
    assert verified_files.file_state(path) == before  # the report changed no byte: the record still serves


def test_a_byte_altered_after_the_verification_is_verified_again(tmp_path):
    path = build(tmp_path / "l.gpkg").path
    records = records_of(tmp_path)
    summary = recorded(records, path, 7)
    with contextlib.closing(sqlite3.connect(path)) as connection:  # a tamperer: one entry's method, nothing else
        connection.execute("UPDATE entries SET method = 'metered ' WHERE fid = (SELECT min(fid) FROM entries)")
        connection.commit()
    assert verification_note(path, records).startswith(f"1 of {summary['entries']:,} entries differ")
    assert records.find(records.hashed(path))[0]["mismatches"] == 1  # the new bytes' own verification, recorded


def test_a_ledger_with_a_journal_beside_it_is_verified(tmp_path):
    path = build(tmp_path / "l.gpkg").path
    records = records_of(tmp_path)
    summary = recorded(records, path, 7)
    with open(path + "-journal", "wb"):  # SQLite would read it (a hot journal is rolled back into the file)
        pass
    assert verification_note(path, records).startswith(f"0 of {summary['entries']:,} entries differ")
    os.remove(path + "-journal")
    assert verification_note(path, records).startswith(f"7 of {summary['entries']:,} entries differ")


def test_a_file_changed_while_it_was_verified_is_not_recorded(tmp_path):
    path = build(tmp_path / "l.gpkg").path
    records = records_of(tmp_path)
    hashed = records.hashed(path)
    _, summary = verification.verify_ledger(path)
    with open(path, "ab") as handle:  # a byte written after the hash: the verified bytes are not those hashed
        handle.write(b"\0")
    assert not records.keep(path, hashed, summary, "2026-01-02T03:04:05+00:00")
    assert records.find(hashed) is None
    assert records.find(records.hashed(path)) is None


def test_a_freshly_written_file_is_not_hashed_for_a_record(tmp_path):
    path = build(tmp_path / "l.gpkg").path
    assert verified_files.VerificationRecords(str(tmp_path / "verified")).hashed(path) is None


def test_verifyledger_records_in_the_profile_what_inventoryreport_quotes(tmp_path, run_alg):
    from urban_carbon_ledger.processing_provider.verify_ledger import verification_records

    path = build(tmp_path / "l.gpkg").path
    time.sleep(verified_files.SETTLED_NS / 1e9)  # a file written just now is not hashed (its times may not move)
    records = verification_records()
    hashed = records.hashed(path)
    with contextlib.suppress(OSError):  # a record left by an earlier run of this test
        os.remove(records._path(hashed[1]))
    try:
        run_alg("carbonledger:verifyledger", {"LEDGER": path, "OUTPUT": str(tmp_path / "mismatches.csv")})
        summary, _ = records.find(hashed)
        assert summary == verification.verify_ledger(path)[1]
        # marked (7 entries differ, a date of its own) so that only a quote can show it
        assert records.keep(path, hashed, {**summary, "mismatches": 7}, "2026-01-02T03:04:05+00:00")
        report = run_alg("carbonledger:inventoryreport", {"LEDGER": path, "OUTPUT": str(tmp_path / "r.html")})
        quality = pd.read_excel(report["XLSX"], sheet_name="quality").set_index("topic")
        assert quality.at["verification", "finding"] == (
            f"7 of {summary['entries']:,} entries differ from their recomputation, 0 links of the run seal chain are "
            "broken (carbonledger:verifyledger on 2026-01-02T03:04:05+00:00)")
    finally:
        with contextlib.suppress(OSError):
            os.remove(records._path(hashed[1]))


def test_a_missing_ledger_is_left_to_verification_to_name(tmp_path):
    records = records_of(tmp_path)
    missing = str(tmp_path / "none.gpkg")
    assert records.hashed(missing) is None
    assert not records.keep(missing, (verified_files.file_state(__file__), "0" * 64), {}, "")


def test_a_verifier_keeps_its_newest_records_only(tmp_path):
    records = verified_files.VerificationRecords(str(tmp_path / "verified"), settled_ns=0, kept=2)
    files = [tmp_path / f"ledger{number}.gpkg" for number in range(3)]
    hashed = []
    for number, path in enumerate(files):  # three files of other bytes, recorded one after another
        path.write_bytes(bytes([number]) * 10)
        hashed.append(records.hashed(str(path)))
        assert records.keep(str(path), hashed[-1], {"mismatches": number}, f"2026-01-0{number + 1}T00:00:00+00:00")
        time.sleep(0.01)  # the records' times follow the order they were kept in
    assert records.find(hashed[0]) is None  # the oldest went when the third was kept
    assert [records.find(found)[0]["mismatches"] for found in hashed[1:]] == [1, 2]
    assert sorted(os.listdir(tmp_path / "verified")) == sorted(f"{found[1]}.json" for found in hashed[1:])


def test_the_file_is_hashed_in_a_thread_from_its_state_before_the_block(tmp_path):
    """``hashing`` takes the file's state when the block starts and hashes its bytes in a thread beside the caller
    (issue 22: both cores): it gives what ``hashed`` gives; a file written during the block is not recorded (its state
    moved since); a hash stopped before the end gives no digest."""
    import threading

    from urban_carbon_ledger.algorithms.ledger.provenance import file_sha256

    path = build(tmp_path / "l.gpkg").path
    records = records_of(tmp_path)
    with records.hashing(path) as hashed:
        assert hashed() == records.hashed(path)
        with open(path, "ab") as handle:  # written while the block runs: the bytes verified may not be those hashed
            handle.write(b"\0")
        assert not records.keep(path, hashed(), {"mismatches": 0}, "2026-01-02T03:04:05+00:00")
    stop = threading.Event()
    stop.set()
    assert file_sha256(path, stop=stop) is None
