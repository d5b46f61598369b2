"""Units and links digested as a run writes them (issue 22: segmentunits' seal read every row back): the seal is the
one reading them back gives, and a part SQLite would store otherwise than it is spelled, or a bucket holding rows the
run did not digest, is still read back."""
import contextlib
import sqlite3

import numpy as np
import pandas as pd

from mrv_ledger import build
from urban_carbon_ledger.algorithms.ledger import seal_state, seals
from urban_carbon_ledger.algorithms.ledger.store import Ledger


def more_units(ledger, count, start):
    """``count`` copies of the ledger's first parcel, ids P<start>, P<start+1> ..."""
    units = ledger.read_layer("units")
    parcel = units[units["level"] == "parcel"].iloc[[0]]
    return pd.concat([parcel] * count, ignore_index=True).assign(unit_id=[f"P{start + i}" for i in range(count)])


def sealed_and_recomputed(path):
    """The units count and root the last run sealed, and those recomputed from every row now."""
    sealed = Ledger(path).read_table("runs").iloc[-1]
    with contextlib.closing(sqlite3.connect(path)) as connection:
        now = seals.ledger_state(connection)
    return ({k: seals.plain(sealed[k]) for k in ("units_count", "units_root")},
            {k: now[k] for k in ("units_count", "units_root")})


def written(path, digested):
    """A run on the hand-made ledger at ``path`` (8 units, fids 1-8, in bucket 0 of 1,024 fids, and 1 link) appending
    2,600 units in two parts and updating one of them, its inserts digested or not; returns the writer's digests."""
    ledger = build(path)
    first, second = more_units(ledger, 1100, 0), more_units(ledger, 1500, 1100)
    with ledger.transaction("test:digested") as writer:
        if digested:
            seal_state.digest_inserts(writer, ("units", "links"))
        writer.append_rows("units", first)  # fids 9-1108: bucket 0 (with the 8 rows before the run) and 1
        writer.append_rows("units", second)  # fids 1109-2608: buckets 1 (begun by the first part) and 2
        writer.update_columns("units", pd.DataFrame({"unit_id": ["P2000"], "population": [7.0]}))  # fid 2009
    return writer.insert_digests


def test_a_run_digesting_its_inserts_seals_what_reading_every_row_back_seals(tmp_path):
    paths = [str(tmp_path / "digested.gpkg"), str(tmp_path / "read.gpkg")]
    digests = written(paths[0], True)["units"]
    assert written(paths[1], False) == {}
    assert digests.last == 2608 and len(digests.fold.buckets()) == 3  # buckets 0-2 digested
    sealed, recomputed = sealed_and_recomputed(paths[0])
    assert sealed == recomputed and sealed["units_count"] == 8 + 1 + 2600  # the units root covers the link too
    assert sealed == sealed_and_recomputed(paths[1])[0]
    rows = [query_all(path, "SELECT layer, bucket, rows, digest FROM seal_buckets WHERE layer IN ('units', 'links') "
                            "ORDER BY fid") for path in paths]
    assert rows[0] == rows[1] and len(rows[0]) == 1 + 3  # links' bucket 0, units' 0-2: row for row


def query_all(path, statement):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(statement).fetchall()


def test_only_the_buckets_the_digests_cannot_vouch_for_are_read_back(tmp_path):
    ledger = build(str(tmp_path / "l.gpkg"))
    units = more_units(ledger, 3, 0)
    blobs = [b"blob"] * 3
    with ledger.transaction("test:digested") as writer:
        digests = seal_state.InsertDigests("units")
        connection = writer.connection
        # fids 9-11 follow the 8 rows of bucket 0 that no digest holds: that bucket is read back
        assert digests.noted(connection, np.arange(9, 12), units, blobs).tolist() == [9]
        # fids 1030-1032 begin bucket 1: nothing to read back
        assert digests.noted(connection, np.arange(1030, 1033), units, blobs).tolist() == []
        # a -0.0 (SQLite may keep it as the integer 0) or a number in a TEXT column: the part is read back
        signed = units.assign(area_m2=[1.0, -0.0, 2.0])
        assert digests.noted(connection, np.arange(2050, 2053), signed, blobs).tolist() == [2050, 2051, 2052]
        numbered = units.assign(source_id=[1, 2, 3])
        assert digests.noted(connection, np.arange(2060, 2063), numbered, blobs).tolist() == [2060, 2061, 2062]
        # fids at or before those digested (rows deleted and their fids taken again): read back
        assert digests.noted(connection, np.arange(1031, 1034), units, blobs).tolist() == [1031, 1032, 1033]
        assert digests.last == 1032
