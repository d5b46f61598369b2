"""accountsinks on both cores (issue 22): the next partition is accounted in a thread while the one before is written
(``partitions.map_ahead``); the rows written are those of one partition after the other, to the bit, and a cancel
still stops the run and leaves the ledger as it was."""
import hashlib
import sqlite3
import threading

import pytest

from urban_carbon_ledger.algorithms.core.progress import Cancelled, Progress
from urban_carbon_ledger.algorithms.ledger import partitions
from urban_carbon_ledger.algorithms.sinks import accounting as sinks

from test_sinks_memory import two_districts

WRITTEN = ("entries", "stocks", "unit_stats", "year_totals", "units")
"""Tables the sink accounting writes (units: their totals)."""


def row_digests(path):
    """{table: SHA-256 of each row in fid order, every column but run_id and computed_at, values by repr}."""
    with sqlite3.connect(path) as connection:
        digests = {}
        for table in WRITTEN:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                       if row[1] not in ("run_id", "computed_at")]
            rows = connection.execute(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY fid').fetchall()
            digests[table] = [hashlib.sha256("\x1f".join(map(repr, row)).encode()).hexdigest() for row in rows]
    return digests


def test_the_next_task_is_worked_on_while_a_result_is_consumed():
    """Task 1 starts while the consumer still holds result 0 (map_here would work on it only when asked for it)."""
    second_started = threading.Event()

    def work(item, scale):
        if item == 1:
            second_started.set()
        return item * scale

    results = partitions.map_ahead(work, ((item,) for item in range(3)), {"scale": 10})
    assert next(results) == 0
    assert second_started.wait(timeout=10)
    assert list(results) == [10, 20]


def test_partitions_worked_ahead_write_the_rows_of_one_partition_after_the_other(tmp_path):
    """Partitions of two units (three of them: D1's parcel and building, D2's): every row the run writes equals,
    to the bit, the rows of the partitions accounted one after the other (``partitions.map_here``)."""
    written = {}
    for mapper in ("ahead", "here"):
        (tmp_path / mapper).mkdir()
        path, now = two_districts(tmp_path / mapper)
        sinks.account_sinks(path, now, year=2024, levels=("parcel", "building"), pruning="none", max_units=2,
                            map_partitions=None if mapper == "ahead" else partitions.map_here)
        written[mapper] = row_digests(path)
    assert len(written["ahead"]["entries"]) == 4 and len(written["ahead"]["unit_stats"]) > 4
    assert written["ahead"] == written["here"]


def test_a_cancel_while_a_partition_is_worked_ahead_leaves_the_ledger_as_it_was(tmp_path):
    """The user cancels after the first partition is written, while the next is accounted in its thread: the run
    stops (Cancelled), no thread is left running and the ledger's bytes are those before the run."""
    path, now = two_districts(tmp_path)
    with open(path, "rb") as handle:
        before = handle.read()
    reports, threads = [], threading.active_count()

    def cancelled():
        return any("1 of" in str(message) for _, message in reports)

    with pytest.raises(Cancelled):
        sinks.account_sinks(path, now, year=2024, levels=("parcel", "building"), pruning="none", max_units=2,
                            progress=Progress(report=lambda fraction, message: reports.append((fraction, message)),
                                              cancelled=cancelled))
    assert threading.active_count() == threads
    with open(path, "rb") as handle:
        assert handle.read() == before
    fractions = [fraction for fraction, _ in reports]
    assert fractions == sorted(fractions)  # the partitions' threads report no fraction: it never goes back
