"""A run that sets an entry's digests again checks first that the stored ones hold (issue 22): an entry altered
outside the plugin after its run (here with sqlite3, as a database browser would) refuses the run, naming the
layer, the digest that does not hold and the entry, and the ledger keeps every byte (so that verification still
finds the alteration)."""
import contextlib
import sqlite3

import pandas as pd
import pytest

from mrv_ledger import build
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.mrv import uncertainty, verification


def altered(path, column, value):
    """Set ``column`` of the ledger's first entry (fid order) to ``value`` with sqlite3; return its entry_id and
    unit_id."""
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        entry_id, unit_id = connection.execute("SELECT entry_id, unit_id FROM entries ORDER BY fid LIMIT 1").fetchone()
        connection.execute(f'UPDATE entries SET "{column}" = ? WHERE entry_id = ?', (value, entry_id))
    return entry_id, unit_id


def file_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def test_an_update_of_another_column_refuses_an_altered_entry(tmp_path):
    """co2e_t altered, then an update of scope on the entry's unit: refused (content digest, 1 entry, its id),
    not one byte written; verification still reports the altered co2e_t."""
    ledger = build(str(tmp_path / "l.gpkg"))
    entry_id, unit_id = altered(ledger.path, "co2e_t", 9999.0)
    before = file_bytes(ledger.path)
    with pytest.raises(LedgerInputError) as refused:
        with ledger.transaction("test:scope") as writer:
            writer.update_columns("entries", pd.DataFrame({"unit_id": [unit_id], "scope": [3]}))
    message = str(refused.value)
    assert "layer 'entries'" in message and "field 'content_digest'" in message
    assert f"row {entry_id}" in message and "1 entry was altered" in message and "verifyledger" in message
    assert file_bytes(ledger.path) == before
    found = verification.verify_ledger(ledger.path)[0]
    assert {"co2e_t", "content_digest"} <= set(found.loc[found["entry_id"] == entry_id, "field"])


def test_uncertainty_refuses_an_altered_interval(tmp_path):
    """low_t altered, then a Monte Carlo run (which rewrites every interval): refused (fingerprint, the entry
    named), not one byte written."""
    ledger = build(str(tmp_path / "l.gpkg"))
    entry_id, _ = altered(ledger.path, "low_t", 1.0)
    before = file_bytes(ledger.path)
    with pytest.raises(LedgerInputError, match=rf"layer 'entries', field 'fingerprint', row {entry_id}: 1 entry"):
        uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    assert file_bytes(ledger.path) == before


def test_opening_a_year_refuses_altered_yearless_entries(tmp_path):
    """co2e_t of two entries without an inventory year altered (the first in fid order, and the last), then the
    run that opens the first year (which gives those entries the year and new digests): refused, naming the first
    and the count, not one byte written."""
    ledger = build(str(tmp_path / "l.gpkg"))
    entry_id, _ = altered(ledger.path, "co2e_t", 1.5)
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection, connection:
        connection.execute("UPDATE entries SET co2e_t = 2.5 WHERE fid = (SELECT max(fid) FROM entries)")
    before = file_bytes(ledger.path)
    with pytest.raises(LedgerInputError, match=rf"field 'content_digest', row {entry_id}: 2 entries were altered"):
        with ledger.transaction("test:year") as writer:
            writer.open_year(2024)
    assert file_bytes(ledger.path) == before


def test_processing_shows_the_refusal(tmp_path, run_alg):
    """carbonledger:uncertainty in Processing: the refusal is the QgsProcessingException's text."""
    from qgis.core import QgsProcessingException

    ledger = build(str(tmp_path / "l.gpkg"))
    entry_id, _ = altered(ledger.path, "high_t", 1e6)
    with pytest.raises(QgsProcessingException, match=rf"row {entry_id}: 1 entry was altered.*verifyledger"):
        run_alg("carbonledger:uncertainty", {"LEDGER": ledger.path, "METHOD": 1, "ITERATIONS": 300, "SEED": 4})
