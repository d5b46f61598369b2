"""segmentunits into a fresh ledger batch by batch with the batches cut in threads (issue 22): the same rows
whatever the number of threads, and a batch failing in its thread refuses the run with the ledger's bytes
unchanged and no thread left running."""
import hashlib
import sqlite3
import threading

import pytest

from test_district_batches import CRS, FIELDS, X0, layers
from urban_carbon_ledger.algorithms.core import ahead
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.units import batch_writes, district_batches, segment_units as segmentation

TABLES = ("units", "links", "seal_buckets", "rtree_units_geom_node", "rtree_units_geom_rowid",
          "rtree_links_geom_node", "rtree_links_geom_rowid")
"""The tables a fresh segmentunits run fills, besides runs (whose run id and times differ from run to run)."""


def written(path):
    """Run id and summary of segmentunits written into the new ledger ``path``, one district a batch."""
    ledger.create_ledger(str(path), CRS)
    return batch_writes.write_batches(ledger.Ledger(str(path)), lambda digits: segmentation.segment_batches(
        *layers(), crs=CRS, fields=FIELDS, batch_size=1, digits=digits))


def row_digests(path, table):
    with sqlite3.connect(str(path)) as connection:
        return [hashlib.sha256(repr(row).encode()).hexdigest()
                for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]


def test_one_thread_and_two_write_the_same_rows_row_for_row(tmp_path, monkeypatch):
    """Three batches (one district each) cut by one thread, then by two with one more queued: every row of the
    units, links, their packed R*-trees and the seal's buckets is the same, in the same order."""
    counts = {}
    for workers in (1, 2):
        monkeypatch.setattr(ahead, "WORKERS", workers)
        _, summary = written(tmp_path / f"{workers}.gpkg")
        counts[workers] = summary.counts
    assert counts[1] == counts[2] and counts[1]["parcel"] == 15 and counts[1]["link"] > 0
    for table in TABLES:
        one, two = (row_digests(tmp_path / f"{workers}.gpkg", table) for workers in (1, 2))
        assert one == two and len(one) > 0, table


def test_a_batch_failing_in_its_thread_refuses_the_run_leaving_the_ledger_bytes(tmp_path, monkeypatch):
    """D02's parcels (the second batch, x 100-200 m) fail in their thread after D01's units were written into the
    transaction and while D03's are cut: the run is refused with that error, the file keeps its bytes, and no
    thread of the run is left."""
    path = tmp_path / "ledger.gpkg"
    ledger.create_ledger(str(path), CRS)
    before = path.read_bytes()
    cut, appended = district_batches.batch_parcels, []

    def failing(*arguments):
        boxes = arguments[5]  # batch_parcels(packed_blocks, in_batch, packed_landuse, priority, min_area, boxes, snap)
        if X0 + 50 < boxes[0, 0] < X0 + 150:
            raise LedgerInputError("D02 failed in its thread", layer="LANDUSE")
        return cut(*arguments)

    def append_parts(writer, name, parts, count, append=ledger.LedgerWriter.append_parts):
        appended.append(name)
        return append(writer, name, parts, count)

    monkeypatch.setattr(district_batches, "batch_parcels", failing)
    monkeypatch.setattr(ledger.LedgerWriter, "append_parts", append_parts)
    threads = threading.active_count()
    with pytest.raises(LedgerInputError, match="D02 failed in its thread"):
        batch_writes.write_batches(ledger.Ledger(str(path)), lambda digits: segmentation.segment_batches(
            *layers(), crs=CRS, fields=FIELDS, batch_size=1, digits=digits))
    assert appended.count("links") == 3 and appended.count("units") >= 1  # D01's units went in, then rolled back
    assert path.read_bytes() == before
    assert threading.active_count() == threads
