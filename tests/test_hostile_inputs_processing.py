"""Hostile inputs through Processing (issue 17 items 5 and 6, issue 19 item 4): ACTIVITY tables as users
have them (latin-1 with semicolons from a European Excel, GBK from a Chinese one, UTF-8 with BOM, UTF-16)
are decoded faithfully, stored without replacement characters, and read back by `verifyledger INPUTS=`;
an empty or undecodable table and a ledger that is not one are refused by name, the ledger's bytes
unchanged."""
import json

import pytest
from qgis.core import QgsProcessingException

from urban_carbon_ledger.algorithms.ledger.store import Ledger
from source_city import COLUMNS

NOTES = {"latin-1": "Zürich Société Ærø", "gbk": "北京市朝阳区居民用电", "utf-8-sig": "Zürich 北京",
         "utf-16": "Ærø 上海"}


def _activity(tmp_path, encoding, delimiter, note):
    """An ACTIVITY CSV in ``encoding`` with ``delimiter``: one electricity row of 1,000,000 kWh on D01 with a
    ``note`` column holding ``note``."""
    header = delimiter.join(COLUMNS + ["note"])
    row = delimiter.join(["E1", "D01", "residential", "electricity", "1000000", "kWh", "10", "2023", "floor_area",
                          note])
    path = tmp_path / f"activity_{encoding}.csv"
    path.write_bytes(f"{header}\n{row}\n".encode(encoding))
    return str(path)


@pytest.mark.parametrize("encoding, delimiter", [("latin-1", ";"), ("gbk", ","), ("utf-8-sig", ";"),
                                                 ("utf-16", "\t")])
def test_activity_in_any_common_encoding_is_stored_faithfully_and_verified(ledger_path, tmp_path, run_alg, encoding,
                                                                          delimiter):
    csv = _activity(tmp_path, encoding, delimiter, NOTES[encoding])
    result = run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": csv, "YEAR": 2023})
    assert result["ENTRIES"] > 0
    stored = json.loads(Ledger(ledger_path).read_table("activities")["content"].iloc[0])
    assert stored["note"] == NOTES[encoding] and stored["amount"] == "1000000"  # the very characters, none replaced
    verified = run_alg("carbonledger:verifyledger", {"LEDGER": ledger_path, "INPUTS": csv,
                                                     "OUTPUT": "TEMPORARY_OUTPUT"})
    assert verified["MISMATCHES"] == 0


@pytest.mark.parametrize("data, match", [
    (b"", "is empty"),
    (b"\xff\xfe\x00\x00garbage\x00\x01", "not text in UTF-8, GBK/GB18030 or latin-1"),  # a UTF-16 mark, odd bytes
    (",".join(COLUMNS).encode() + b"\n", "has a header but no rows"),
])
def test_empty_or_undecodable_activity_is_refused_by_name(ledger_path, tmp_path, run_alg, data, match):
    csv = tmp_path / "activity.csv"
    csv.write_bytes(data)
    with open(ledger_path, "rb") as handle:
        before = handle.read()
    with pytest.raises(QgsProcessingException, match=match):
        run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": str(csv), "YEAR": 2023})
    with open(ledger_path, "rb") as handle:
        assert handle.read() == before


def test_a_ledger_that_is_not_a_geopackage_is_named(tmp_path, run_alg):
    ledger = tmp_path / "ledger.gpkg"
    ledger.write_text("not a database\n")
    csv = _activity(tmp_path, "utf-8", ",", "x")
    with pytest.raises(QgsProcessingException, match="is not a GeoPackage"):
        run_alg("carbonledger:accountsources", {"LEDGER": str(ledger), "ACTIVITY": csv, "YEAR": 2023})
    assert ledger.read_text() == "not a database\n"


def test_a_refused_run_leaves_an_older_ledger_unmigrated_to_the_byte(tmp_path, run_alg):
    # a ledger of release 0.1.0 (schema 1) is migrated at the start of a run; when the run is then refused,
    # the ledger gets its old bytes back (the schema upgrade included); when it goes through, no copy is left
    import os
    import shutil

    from urban_carbon_ledger.algorithms.ledger import schema

    path = str(tmp_path / "old.gpkg")
    shutil.copyfile(os.path.join(os.path.dirname(__file__), "data", "ledger_v0_1_0.gpkg"), path)
    with open(path, "rb") as handle:
        before = handle.read()
    header_only = tmp_path / "activity.csv"
    header_only.write_text(",".join(COLUMNS) + "\n")
    with pytest.raises(QgsProcessingException, match="has a header but no rows"):
        run_alg("carbonledger:accountsources", {"LEDGER": path, "ACTIVITY": str(header_only), "YEAR": 2023})
    with open(path, "rb") as handle:
        assert handle.read() == before
    assert Ledger(path).schema_version() == 1 and sorted(os.listdir(tmp_path)) == ["activity.csv", "old.gpkg"]
    good = tmp_path / "good.csv"
    good.write_text(",".join(COLUMNS) + "\nE1,D1-B1-P1-G1,residential,electricity,1000,kWh,10,2023,\n")
    assert run_alg("carbonledger:accountsources", {"LEDGER": path, "ACTIVITY": str(good), "YEAR": 2023})["ENTRIES"] > 0
    assert Ledger(path).schema_version() == schema.SCHEMA_VERSION
    assert sorted(os.listdir(tmp_path)) == ["activity.csv", "good.csv", "old.gpkg"]
