"""gpkg_contents and OGR's feature count after appends (algorithms/ledger/contents.py): a layer written in
batches keeps the extent and count a whole read gives, without rescanning its R*-tree per batch."""
import sqlite3

import geopandas as gpd
import shapely
from osgeo import ogr

from test_rtree_bulk import CRS, ledger  # noqa: F401 (ledger: an empty ledger, a fixture)


def squares(ids, corners, side):
    """Squares of ``side`` m with lower-left ``corners``, as units of level parcel."""
    return gpd.GeoDataFrame({"unit_id": ids, "level": "parcel"},
                            geometry=[shapely.box(x, y, x + side, y + side) for x, y in corners], crs=CRS)


def stored(path):
    with sqlite3.connect(path) as connection:
        extent = connection.execute(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'units'").fetchone()
        count = connection.execute(
            "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'units'").fetchone()[0]
    return extent, count


def test_batches_grow_the_extent_and_count_by_what_they_append(ledger):  # noqa: F811
    path = ledger.path
    # By hand: the first write spans x 500000..500010, y 3380000..3380005; the second adds a square at
    # (500100, 3379990) of 10 m and one at (499950, 3380200): the union is x 499950..500110,
    # y 3379990..3380210; 2 + 2 = 4 features.
    with ledger.transaction("test:first") as writer:
        writer.append_rows("units", squares(["P1", "P2"], [(500_000, 3_380_000), (500_005, 3_380_000)], 5))
    assert stored(path) == ((500_000, 3_380_000, 500_010, 3_380_005), 2)
    with ledger.transaction("test:second") as writer:
        writer.append_rows("units", squares(["P3"], [(500_100, 3_379_990)], 10))
        writer.append_rows("units", squares(["P4"], [(499_950, 3_380_200)], 10))
    assert stored(path) == ((499_950, 3_379_990, 500_110, 3_380_210), 4)
    dataset = ogr.Open(path)  # held: its layer lives only as long as it
    layer = dataset.GetLayerByName("units")
    assert layer.GetFeatureCount() == 4
    assert layer.GetExtent() == (499_950, 500_110, 3_379_990, 3_380_210)


def test_a_delete_reads_the_extent_again(ledger):  # noqa: F811
    with ledger.transaction("test:write") as writer:
        writer.append_rows("units", squares(["P1", "P2"], [(500_000, 3_380_000), (500_100, 3_380_100)], 10))
        writer.delete_rows("units", {"unit_id": ["P2"]})
    # P2 gone: the extent shrinks to P1's square, read again from the R*-tree (its float32 bounds hold
    # these whole metres exactly: both are below 2**24).
    assert stored(ledger.path) == ((500_000, 3_380_000, 500_010, 3_380_010), 1)
