"""The packed R*-tree (algorithms/ledger/rtree_bulk.py): a valid SQLite R*-tree that finds what a
brute-force scan of the geometries finds, before and after the module's own inserts and deletes."""
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from osgeo import ogr

from urban_carbon_ledger.algorithms.ledger import rtree_bulk
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger

CRS = "EPSG:4547"
ORIGIN = (500_000.0, 3_380_000.0)


def parcels(count, seed, first=0):
    """``count`` rectangles of 1-60 m scattered over 5 km, ids P<first>..., as units of level parcel."""
    rng = np.random.default_rng(seed)
    x, y = ORIGIN[0] + rng.uniform(0, 5000, count), ORIGIN[1] + rng.uniform(0, 5000, count)
    w, h = rng.uniform(1, 60, count), rng.uniform(1, 60, count)
    return gpd.GeoDataFrame({"unit_id": [f"P{first + i}" for i in range(count)], "level": "parcel"},
                            geometry=shapely.box(x, y, x + w, y + h), crs=CRS)


def window_ids(path, window):
    """unit_id of the features GDAL's GeoPackage driver returns for a spatial filter (it reads the R*-tree)."""
    dataset = ogr.Open(path)
    layer = dataset.GetLayerByName("units")
    layer.SetSpatialFilterRect(*window)
    return sorted(feature.GetField("unit_id") for feature in layer)


def brute_force(frame, window):
    box = shapely.box(*window)
    return sorted(frame["unit_id"][shapely.intersects(frame.geometry.values, box)])


@pytest.fixture
def ledger(tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    create_ledger(path, CRS)
    return Ledger(path)


def check(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT rtreecheck('rtree_units_geom')").fetchone()[0]


def test_a_packed_tree_is_valid_and_finds_what_a_scan_finds(ledger):
    frame = parcels(5000, seed=1)  # 5000 cells: leaves of 51, two levels above them
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", frame)
    assert check(ledger.path) == "ok"
    with sqlite3.connect(ledger.path) as connection:
        depth = connection.execute("SELECT data FROM rtree_units_geom_node WHERE nodeno = 1").fetchone()[0]
        stored = np.array(connection.execute(
            "SELECT id, minx, maxx, miny, maxy FROM rtree_units_geom ORDER BY id").fetchall())
    assert int.from_bytes(depth[:2], "big") == 2  # 5000 / 51 = 99 leaves, 2 nodes, the root
    # every stored (float32) box contains its feature's (float64) bounds
    bounds = shapely.bounds(frame.geometry.values)
    assert len(stored) == 5000 and (stored[:, 0] == np.arange(1, 5001)).all()
    assert (stored[:, 1] <= bounds[:, 0]).all() and (stored[:, 2] >= bounds[:, 2]).all()
    assert (stored[:, 3] <= bounds[:, 1]).all() and (stored[:, 4] >= bounds[:, 3]).all()
    rng = np.random.default_rng(2)
    for _ in range(20):
        x, y = ORIGIN[0] + rng.uniform(-100, 5000), ORIGIN[1] + rng.uniform(-100, 5000)
        window = (x, y, x + rng.uniform(10, 800), y + rng.uniform(10, 800))
        assert window_ids(ledger.path, window) == brute_force(frame, window)


def test_the_module_inserts_and_deletes_into_a_packed_tree(ledger):
    first, more = parcels(3000, seed=3), parcels(700, seed=4, first=3000)
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", first)
    with ledger.transaction("test:more") as writer:  # the tree is not empty: a row at a time
        writer.append_rows("units", more)
        writer.delete_rows("units", {"unit_id": [f"P{i}" for i in range(0, 3700, 3)]})
    assert check(ledger.path) == "ok"
    kept = pd.concat([first, more], ignore_index=True)
    kept = kept[~kept["unit_id"].isin([f"P{i}" for i in range(0, 3700, 3)])]
    window = (ORIGIN[0] + 1000, ORIGIN[1] + 1000, ORIGIN[0] + 2500, ORIGIN[1] + 1800)
    assert window_ids(ledger.path, window) == brute_force(kept, window)


@pytest.mark.parametrize("count", [1, 51, 52])
def test_trees_of_one_leaf_and_just_over(ledger, count):
    frame = parcels(count, seed=5)
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", frame)
    assert check(ledger.path) == "ok"
    everything = (ORIGIN[0] - 10, ORIGIN[1] - 10, ORIGIN[0] + 5100, ORIGIN[1] + 5100)
    assert window_ids(ledger.path, everything) == sorted(frame["unit_id"])


def test_a_tree_that_is_not_empty_is_not_bulk_loaded(ledger):
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", parcels(3, seed=6))
        with pytest.raises(ValueError, match="not empty"):
            rtree_bulk.bulk_load(writer.connection, "rtree_units_geom", np.array([9]), np.array([[0.0, 1, 0, 1]]))


def test_deleting_every_row_empties_the_tree_at_once_and_a_partial_delete_keeps_the_rest(ledger):
    frame = parcels(400, seed=7)
    frame["land_use"] = ["park"] * 300 + [None] * 100  # NULL: the condition below is neither true nor false
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", frame)
    with ledger.transaction("test:some") as writer:  # land_use = 'park' is NULL for 100 rows: they stay
        writer.delete_rows("units", {"land_use": ["park"]})
    assert check(ledger.path) == "ok"
    everything = (ORIGIN[0] - 10, ORIGIN[1] - 10, ORIGIN[0] + 5100, ORIGIN[1] + 5100)
    assert window_ids(ledger.path, everything) == sorted(frame["unit_id"][300:])
    with ledger.transaction("test:all") as writer:
        writer.delete_rows("units")
        writer.append_rows("units", parcels(60, seed=8))  # empty again: packed again
    assert check(ledger.path) == "ok"
    assert window_ids(ledger.path, everything) == sorted(parcels(60, seed=8)["unit_id"])


def test_a_deferred_block_that_raises_writes_nothing_and_lets_the_writer_go(tmp_path):
    """A block inside rtree_bulk.deferred that raises after appending: the transaction rolls back (no unit, an
    empty tree, no run) and the writer holds no deferred layer any more (its appends would index row by row)."""
    path = str(tmp_path / "ledger.gpkg")
    create_ledger(path, CRS)
    book = Ledger(path)
    held = []
    with pytest.raises(RuntimeError, match="refused"):
        with book.transaction("test:deferred") as writer, rtree_bulk.deferred(writer, ("units",)):
            held.append(writer)
            writer.append_rows("units", parcels(10, seed=3))
            assert len(writer.deferred_index["units"]) == 1
            raise RuntimeError("refused")
    assert held[0].deferred_index == {}
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM units").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM rtree_units_geom").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_a_deferred_rebuild_packs_the_standing_tree_with_the_new_rows(ledger):
    """rtree_bulk.deferred(rebuild=True) on a tree that is not empty (segmentimagery's batches beside the
    parcels): the standing entries, less the rows deleted before, and the appended rows packed into one valid
    tree that finds what a scan of the remaining geometries finds; the stored boxes of the standing rows keep
    their values (float32 boxes read back as doubles are packed unchanged)."""
    first, more = parcels(3000, seed=9), parcels(700, seed=10, first=3000)
    with ledger.transaction("test:bulk") as writer:
        writer.append_rows("units", first)
    with sqlite3.connect(ledger.path) as connection:
        before = connection.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_units_geom ORDER BY id").fetchall()
    gone = [f"P{i}" for i in range(0, 3000, 4)]  # 750 deleted: fids 1, 5, 9, ...
    with ledger.transaction("test:rebuild") as writer:
        writer.delete_rows("units", {"unit_id": gone})
        with rtree_bulk.deferred(writer, ("units",), rebuild=True):
            writer.append_rows("units", more.iloc[:300])
            writer.append_rows("units", more.iloc[300:])
            assert writer.connection.execute("SELECT count(*) FROM rtree_units_geom").fetchone()[0] == 2250
    assert check(ledger.path) == "ok"
    with sqlite3.connect(ledger.path) as connection:
        after = connection.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_units_geom ORDER BY id").fetchall()
    assert len(after) == 3000 - 750 + 700 and after[:2250] == [row for row in before if row[0] % 4 != 1]
    kept = pd.concat([first[~first["unit_id"].isin(gone)], more], ignore_index=True)
    rng = np.random.default_rng(11)
    for _ in range(10):
        x, y = ORIGIN[0] + rng.uniform(-100, 5000), ORIGIN[1] + rng.uniform(-100, 5000)
        window = (x, y, x + rng.uniform(10, 800), y + rng.uniform(10, 800))
        assert window_ids(ledger.path, window) == brute_force(kept, window)


def test_a_deferred_tree_holds_float32_boxes_and_stores_those_a_tree_packed_at_once_stores(tmp_path):
    """Rows appended in two parts inside rtree_bulk.deferred wait with their boxes as the float32 the tree stores,
    rounded outward (16 bytes a row, not the writer's 32), and the tree then holds the boxes, bit for bit, of the
    same rows appended at once without deferring; each box contains its rectangle's float64 bounds."""
    frame = parcels(2000, seed=12)
    frame.geometry = frame.geometry.translate(0.1234567, 0.7654321)  # bounds float32 cannot hold exactly
    stored = []
    for name, parts in (("once", [frame]), ("deferred", [frame.iloc[:900], frame.iloc[900:]])):
        path = str(tmp_path / f"{name}.gpkg")
        create_ledger(path, CRS)
        with Ledger(path).transaction("test:bulk") as writer:
            if name == "deferred":
                with rtree_bulk.deferred(writer, ("units",)):
                    for part in parts:
                        writer.append_rows("units", part)
                    held = writer.deferred_index["units"]
                    assert [boxes.dtype for _, boxes in held] == [np.float32, np.float32]
            else:
                writer.append_rows("units", frame)
        assert check(path) == "ok"
        with sqlite3.connect(path) as connection:
            stored.append(connection.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_units_geom "
                                             "ORDER BY id").fetchall())
    assert stored[0] == stored[1] and len(stored[0]) == 2000
    box, bounds = np.array(stored[1])[:, 1:], shapely.bounds(frame.geometry.values)
    assert (box[:, 0] <= bounds[:, 0]).all() and (box[:, 1] >= bounds[:, 2]).all()
    assert (box[:, 2] <= bounds[:, 1]).all() and (box[:, 3] >= bounds[:, 3]).all()
