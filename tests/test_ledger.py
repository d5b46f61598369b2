"""The ledger GeoPackage: created, reopened by QGIS, updated atomically, migrated explicitly."""
import os
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.ledger import migrations, store as ledger, schema
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.progress import Cancelled, Progress
from urban_carbon_ledger.algorithms.core.version import PLUGIN_VERSION

X0, Y0 = 530000.0, 3381000.0


def districts():
    """Two districts of known area: 100 m x 100 m and 200 m x 200 m."""
    return gpd.GeoDataFrame(
        {"unit_id": ["D01", "D02"], "level": ["district", "district"], "area_m2": [1e4, 4e4]},
        geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100), shapely.box(X0 + 100, Y0, X0 + 300, Y0 + 200)],
    )


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "ledger.gpkg"
    ledger.create_ledger(path, "EPSG:4547")
    store = ledger.Ledger(path)
    with store.transaction("test:fill", {"n": 2}) as writer:
        writer.append_rows("units", districts())
    return store


def test_create_gives_every_layer_and_table_in_qgis(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    path = str(tmp_path / "new.gpkg")
    summary = ledger.create_ledger(path, "EPSG:4547")
    assert summary["crs"] == "EPSG:4547"
    for name in list(schema.SPATIAL_LAYERS) + list(schema.TABLES):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        assert [f.name() for f in layer.fields()] == ["fid"] + schema.columns(name) and True, name
    units = QgsVectorLayer(f"{path}|layername=units", "units", "ogr")
    assert units.crs().authid() == "EPSG:4547"
    assert units.wkbType() == QgsWkbTypes.Type.MultiPolygon


def test_geographic_crs_is_refused_with_a_projected_suggestion(tmp_path):
    with pytest.raises(LedgerInputError, match="geographic.*EPSG:4547"):
        ledger.create_ledger(tmp_path / "geo.gpkg", "EPSG:4326")
    assert not (tmp_path / "geo.gpkg").exists()


def test_written_units_read_back_in_qgis_with_area_and_extent(qgis_app, filled):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{filled.path}|layername=units", "units", "ogr")
    assert layer.featureCount() == 2
    areas = {f["unit_id"]: f.geometry().area() for f in layer.getFeatures()}
    assert areas == pytest.approx({"D01": 1e4, "D02": 4e4})
    extent = layer.extent()
    assert (extent.xMinimum(), extent.yMaximum(), extent.xMaximum()) == pytest.approx((X0, Y0 + 200, X0 + 300))
    with sqlite3.connect(filled.path) as connection:
        assert connection.execute("SELECT count(*) FROM rtree_units_geom").fetchone()[0] == 2
    runs = filled.read_table("runs")
    assert runs["algorithm"].tolist() == ["test:fill"] and runs["parameters"][0] == '{"n": 2}'


def test_failure_mid_write_leaves_the_old_ledger_intact(filled):
    before = open(filled.path, "rb").read()
    with pytest.raises(RuntimeError):
        with filled.transaction("test:fail") as writer:
            writer.delete_rows("units")
            writer.append_rows("units", districts().assign(unit_id=["X1", "X2"]))
            raise RuntimeError("disk full, say")
    assert filled.read_layer("units")["unit_id"].tolist() == ["D01", "D02"]
    assert filled.count("runs") == 1
    assert open(filled.path, "rb").read() == before


def test_cancel_between_chunks_rolls_back(filled):
    calls = []
    progress = Progress(cancelled=lambda: len(calls) >= 1)
    with pytest.raises(Cancelled):
        with filled.transaction("test:cancel") as writer:
            writer.delete_rows("units")
            calls.append(1)
            progress(0.5)
    assert filled.count("units") == 2


def test_new_ledger_records_its_schema_version_and_maker(filled):
    info = filled.read_table("ledger_info").set_index("key")["value"]
    assert {k: info[k] for k in ("schema_version", "created_with")} == {
        "schema_version": str(schema.SCHEMA_VERSION), "created_with": PLUGIN_VERSION}
    assert filled.schema_version() == schema.SCHEMA_VERSION
    with sqlite3.connect(filled.path) as connection:  # the GeoPackage's own version stays the spec's
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 10300


def test_create_refuses_an_existing_file(filled):
    before = open(filled.path, "rb").read()
    with pytest.raises(LedgerInputError, match="exists already"):
        ledger.create_ledger(filled.path, "EPSG:4547")
    assert open(filled.path, "rb").read() == before


def test_migration_completes_a_pre_release_ledger_and_keeps_data(filled):
    from osgeo import ogr

    with sqlite3.connect(filled.path) as connection:
        connection.execute("ALTER TABLE units DROP COLUMN population")
    dataset = ogr.Open(filled.path, update=1)
    for name in ("stocks", "ledger_info", "scenario_units", "reconciliation", "run_notices"):  # schema 1, no stocks
        dataset.DeleteLayer(name)
    dataset = None
    assert ledger.Ledger(filled.path).schema_version() == 1
    assert migrations.migrate(filled.path) == list(range(2, schema.SCHEMA_VERSION + 1))
    summary = ledger.Ledger(filled.path).summary()
    assert summary["crs"] == "EPSG:4547"
    assert summary["counts"]["stocks"] == 0 and summary["counts"]["units"] == 2
    assert "population" in ledger.Ledger(filled.path).read_table("units").columns


def test_update_columns_and_upsert(filled):
    with filled.transaction("test:update") as writer:
        writer.update_columns("units", pd.DataFrame({"unit_id": ["D02"], "name": ["Riverside"]}))
        writer.upsert_rows("factors", pd.DataFrame({"factor_id": ["f1"], "value": [1.0], "unit": ["t"],
                                                    "source": ["s"]}), "factor_id")
        writer.upsert_rows("factors", pd.DataFrame({"factor_id": ["f1"], "value": [2.0], "unit": ["t"],
                                                    "source": ["s2"]}), "factor_id")
    assert filled.read_table("units")["name"].tolist() == [None, "Riverside"]
    factors = filled.read_table("factors")
    assert factors["value"].tolist() == [2.0] and factors["source"].tolist() == ["s2"]


def test_missing_ledger_is_a_clear_error(tmp_path):
    with pytest.raises(LedgerInputError, match="createledger"):
        ledger.Ledger(os.path.join(tmp_path, "absent.gpkg"))


def _schema_objects(path, table):
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')", (table,)
        ).fetchall())


def _stock_rows(count):
    return pd.DataFrame({"unit_id": [f"U{i:06d}" for i in range(count)], "scenario": "baseline", "pool": "c_soil",
                         "year": 2024, "stock_t_c": 1.0, "stock_t_co2e": 44 / 12})


def test_bulk_append_drops_and_restores_indexes_and_a_rollback_keeps_them(filled):
    """An append of BULK_ROWS or more rows into a smaller table rebuilds its indexes once afterwards:
    the same indexes and triggers stand after it, the rows are all there, and a failure inside the
    transaction leaves the schema as it was."""
    before = _schema_objects(filled.path, "stocks")
    index_sql = ledger.create_index_sql("stocks", "unit_id").replace(" IF NOT EXISTS", "")
    assert ("index", "idx_stocks_unit_id", index_sql) in before
    with pytest.raises(RuntimeError):
        with filled.transaction("test:bulk-fail") as writer:
            writer.append_rows("stocks", _stock_rows(ledger.BULK_ROWS))
            raise RuntimeError("stop after the append")
    assert _schema_objects(filled.path, "stocks") == before and filled.count("stocks") == 0
    with filled.transaction("test:bulk") as writer:
        writer.append_rows("stocks", _stock_rows(ledger.BULK_ROWS))
    assert _schema_objects(filled.path, "stocks") == before
    assert filled.count("stocks") == ledger.BULK_ROWS


def test_indexes_dropped_while_rows_are_replaced_then_rebuilt(filled):
    """writer.indexes_dropped: inside, the table has no secondary index (a row written or deleted updates
    no B-tree); after it, the same indexes and triggers stand and the replaced rows are all there."""
    with filled.transaction("test:fill-stocks") as writer:
        writer.append_rows("stocks", _stock_rows(10))
    before = _schema_objects(filled.path, "stocks")
    with filled.transaction("test:replace-stocks") as writer:
        with writer.indexes_dropped("stocks"):
            inside = writer.connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stocks' AND sql IS NOT NULL"
            ).fetchone()[0]
            writer.delete_rows("stocks", {"unit_id": ["U000001", "U000002"]})
            writer.append_rows("stocks", _stock_rows(3).assign(stock_t_c=2.0))
    assert inside == 0 and _schema_objects(filled.path, "stocks") == before
    stocks = filled.read_table("stocks")
    # 10 written, U000001 and U000002 deleted (8 left), then U000000..U000002 appended at 2 t C: 11 rows, 14 t C
    assert len(stocks) == 11 and stocks["stock_t_c"].sum() == 8 * 1.0 + 3 * 2.0


def test_long_match_lists_and_a_delete_of_every_row(filled):
    """A match list longer than LISTED_VALUES goes to SQLite as one JSON array (numpy values too) and selects
    the same rows; a delete whose condition takes every row empties the table and keeps its index."""
    from urban_carbon_ledger.algorithms.ledger import queries

    count = queries.LISTED_VALUES + 100
    with filled.transaction("test:fill-stocks") as writer:
        writer.append_rows("stocks", _stock_rows(count))
    ids = [f"U{i:06d}" for i in range(count)]
    picked = filled.read_table("stocks", ["unit_id"], {"unit_id": ids[:queries.LISTED_VALUES + 1] + ["absent"]})
    assert picked["unit_id"].tolist() == ids[:queries.LISTED_VALUES + 1]
    assert filled.count("stocks", {"year": np.full(queries.LISTED_VALUES + 1, 2024)}) == count
    before = _schema_objects(filled.path, "stocks")
    with filled.transaction("test:delete-stocks") as writer:
        writer.delete_rows("stocks", {"unit_id": ids[:count - 50]})
        assert writer.count("stocks") == 50
        writer.delete_rows("stocks", {"unit_id": ids})  # every row left matches
    assert filled.count("stocks") == 0 and _schema_objects(filled.path, "stocks") == before


def _bytes_read():
    """Bytes this process has read through system calls so far (Linux /proc/self/io ``rchar``)."""
    with open("/proc/self/io") as io:
        return int(io.readline().split()[1])


def test_a_run_reads_each_page_of_the_ledger_from_the_file_once(tmp_path):
    """A run's second pass over 8 MB of rows finds their pages in its own cache: SQLite's default 2 MB cache
    read them all from the file again (one 4 KB page read per page touched)."""
    path = tmp_path / "ledger.gpkg"
    ledger.create_ledger(path, "EPSG:4547")
    stats = pd.DataFrame({"unit_id": [f"U{i:07d}" for i in range(40_000)], "stat": "note",
                          "value": np.arange(40_000, dtype=float), "value_unit": "x" * 150})
    store = ledger.Ledger(path)
    with store.transaction("test:fill") as writer:
        writer.append_rows("unit_stats", stats)
    table_bytes = os.path.getsize(path)
    assert table_bytes > 8e6  # four times SQLite's default cache
    with store.transaction("test:read") as writer:
        first = writer.connection.execute("SELECT sum(length(value_unit)) FROM unit_stats").fetchone()[0]
        before = _bytes_read()
        second = writer.connection.execute("SELECT sum(length(value_unit)) FROM unit_stats").fetchone()[0]
        read_again = _bytes_read() - before
    assert first == second == 40_000 * 150
    assert read_again < 0.05 * table_bytes
