"""Hostile inputs, system faults (issue 17 item 5): a ledger that is locked, on a full disk, read-only, in a
missing folder, not a GeoPackage or another tool's GeoPackage, and ACTIVITY tables that are empty, only a
header or without a row of the year, are refused with a message naming the cause, and the ledger's bytes
are the same before and after each refused run."""
import os
import stat
import subprocess
import sys
import textwrap

import pytest
from osgeo import ogr, osr

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import faults, migrations
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from source_city import COLUMNS, activity
from ledger_bytes import file_bytes, refused

ROWS = [("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2023, "floor_area")]
PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "plugins")




def test_not_a_geopackage_is_named(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_text("just some notes\n")
    refused(str(path), lambda: migrations.open_ledger(str(path)), "is not a GeoPackage")
    empty = tmp_path / "empty.gpkg"
    empty.write_bytes(b"")
    refused(str(empty), lambda: account_sources(str(empty), activity(*ROWS), 2023), "is not a GeoPackage")


def test_another_tools_geopackage_with_a_units_layer_is_not_migrated(tmp_path):
    # a GeoPackage that is not a ledger but has a 'units' layer (another tool's), of schema "1" by the
    # ledger's rule (no ledger_info): it must not be "migrated" into a half-ledger
    path = str(tmp_path / "other.gpkg")
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    layer = dataset.CreateLayer("units", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    dataset = layer = None
    message = refused(path, lambda: migrations.open_ledger(path), "GeoPackage from another tool")
    assert "no entries, runs table" in message


def test_a_missing_folder_is_named(tmp_path):
    path = str(tmp_path / "no such folder" / "ledger.gpkg")
    with pytest.raises(LedgerInputError, match="the folder '.*no such folder' does not exist"):
        create_ledger(path, "EPSG:4547")
    assert not os.path.exists(os.path.dirname(path))


def test_a_read_only_ledger_or_folder_is_refused_before_writing(ledger_path):
    mode = os.stat(ledger_path).st_mode
    os.chmod(ledger_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        refused(ledger_path, lambda: account_sources(ledger_path, activity(*ROWS), 2023), "is read-only")
    finally:
        os.chmod(ledger_path, mode)
    folder = os.path.dirname(ledger_path)
    mode = os.stat(folder).st_mode
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        refused(ledger_path, lambda: account_sources(ledger_path, activity(*ROWS), 2023), "folder .* is read-only")
    finally:
        os.chmod(folder, mode)


def test_a_locked_ledger_waits_the_stated_timeout_then_names_the_holder(ledger_path, monkeypatch):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, sys, time
        connection = sqlite3.connect({ledger_path!r}, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(faults, "BUSY_TIMEOUT_S", 0.2)
        message = refused(ledger_path, lambda: account_sources(ledger_path, activity(*ROWS), 2023), "is locked")
        assert f"held by process {holder.pid} (" in message and "stayed locked for 0.2 s" in message
    finally:
        holder.communicate("")
    assert account_sources(ledger_path, activity(*ROWS), 2023)[0] > 0  # released: the same run goes through


def test_a_full_disk_is_named_as_such_and_rolls_back(ledger_path):
    # a file size limit (RLIMIT_FSIZE) at the ledger's present size stands in for a full disk: the run's
    # first page beyond it fails; SIGXFSZ is ignored so that write() returns the error instead of killing
    size = os.path.getsize(ledger_path)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {PLUGINS!r}); sys.path.insert(0, {os.path.dirname(__file__)!r})
        from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
        from urban_carbon_ledger.algorithms.sources.accounting import account_sources
        from source_city import activity
        rows = [(f"E{{i}}", f"D01-G{{1 + i % 3}}", "residential", "electricity", 1000 + i, "kWh", 10, 2023, "")
                for i in range(3000)]
        frame = activity(*rows)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({size}, {size}))
        try:
            account_sources({ledger_path!r}, frame, 2023)
        except LedgerInputError as error:
            print("REFUSED", error)
    """)
    before = file_bytes(ledger_path)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert "REFUSED" in run.stdout, run.stdout + run.stderr
    assert "full" in run.stdout and "no transaction is active" not in run.stdout + run.stderr
    assert os.listdir(os.path.dirname(ledger_path)) == ["ledger.gpkg"]  # no hot journal left behind
    assert file_bytes(ledger_path) == before


@pytest.mark.parametrize("text, match", [
    (",".join(COLUMNS) + "\n", "has a header but no rows"),
    (",".join(COLUMNS) + "\nE1,D01,residential,electricity,1000,kWh,10,2023,floor_area\n",
     "no row of year 2024 .*2023"),
    ("", "is empty"),
])
def test_activity_tables_without_rows_of_the_year_are_refused(ledger_path, tmp_path, text, match):
    from urban_carbon_ledger.algorithms.core.tables import read_table

    csv = tmp_path / "activity.csv"
    csv.write_text(text, encoding="utf-16" if not text else "utf-8")
    refused(ledger_path, lambda: account_sources(ledger_path, read_table(str(csv), "ACTIVITY", dtype=str,
                                                                        keep_default_na=False), 2024), match)
    assert Ledger(ledger_path).count("entries") == 0
