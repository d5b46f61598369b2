"""A whole GeoPackage layer read in bulk (GDAL's Arrow stream) gives the frame read feature by feature,
nulls and empty geometries included; a layer cut by a subset string is left to the feature reader."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely


@pytest.fixture
def small_layer(qgis_app, tmp_path):
    """A GeoPackage layer of 4 features: text, integer and real fields with nulls, a null and an empty geometry."""
    path = str(tmp_path / "small.gpkg")
    frame = gpd.GeoDataFrame({
        "name": ["a", None, "c\u6c49", "d"],
        "count": pd.array([1, 2, None, 4], dtype="Int64"),
        "whole": np.array([7, 8, 9, 10], dtype=np.int64),
        "value": [1.5, None, 3.25, 4.0],
        "nothing": np.full(4, np.nan),  # SQLite stores NaN as NULL
    }, geometry=[shapely.Polygon([(0, 0), (2, 0), (2, 3)]), None, shapely.Polygon(),
                 shapely.Polygon([(5, 5), (6, 5), (6, 6), (5, 6)])], crs="EPSG:4547")
    frame.to_file(path, layer="parts", driver="GPKG")
    return path


def _both(path, subset="", columns=None):
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource, QgsVectorLayer

    from urban_carbon_ledger.processing_provider.bulk_read import bulk_frame
    from urban_carbon_ledger.processing_provider.layers import source_to_frame

    uri = f"{path}|layername=parts"
    layer = QgsVectorLayer(uri, "parts", "ogr")
    layer.setSubsetString(subset)
    context = QgsProcessingContext()
    wkt = layer.crs().toWkt()
    features = source_to_frame(QgsProcessingFeatureSource(layer, context), "X", wkt, context)
    return bulk_frame(layer, uri, wkt, columns), features


def test_bulk_frame_equals_the_feature_by_feature_frame(small_layer):
    from urban_carbon_ledger.algorithms.core.gdal_arrow import numpy_arrow_reads

    bulk, features = _both(small_layer)
    if not numpy_arrow_reads():  # a GDAL whose Arrow read was not checked: read feature by feature only
        assert bulk is None
        bulk = features
    # QGIS lists the GeoPackage fid as a field: row 1..4 and fid 1..4; the null text stays None, the integer
    # field with a null becomes float (NaN), the one without stays int64; null and empty geometries are None
    assert bulk["row"].tolist() == [1, 2, 3, 4] and bulk["fid"].tolist() == [1, 2, 3, 4]
    assert bulk["name"].tolist() == ["a", None, "c\u6c49", "d"]
    assert bulk["count"].dtype == float and np.isnan(bulk["count"][2]) and bulk["whole"].dtype == np.int64
    assert bulk["nothing"].tolist() == [None] * 4  # a real field of nulls only: objects, as pandas makes them
    assert bulk.geometry.isna().tolist() == [False, True, True, False]
    assert bulk.geometry.area[0] == 3.0  # right triangle 2 m x 3 m
    pd.testing.assert_frame_equal(pd.DataFrame(bulk.drop(columns="geometry")),
                                  pd.DataFrame(features.drop(columns="geometry")))
    assert list(bulk.columns) == list(features.columns)
    assert bulk.crs == features.crs
    assert shapely.equals_exact(np.asarray(bulk.geometry.values, dtype=object)[[0, 3]],
                                np.asarray(features.geometry.values, dtype=object)[[0, 3]], 0).all()


def test_only_the_fields_asked_for_are_read(small_layer):
    from urban_carbon_ledger.algorithms.core.gdal_arrow import numpy_arrow_reads

    bulk, features = _both(small_layer, columns=("value", "absent"))
    if not numpy_arrow_reads():  # a GDAL whose Arrow read was not checked: no bulk read at all
        assert bulk is None
        return
    # the feature ids, the named fid and geometry stay; of the 5 fields only 'value' is read ('absent' is no field)
    assert list(bulk.columns) == ["row", "fid", "value", "geometry"]
    pd.testing.assert_frame_equal(pd.DataFrame(bulk.drop(columns="geometry")),
                                  pd.DataFrame(features[["row", "fid", "value"]]))
    assert bulk.geometry.area[0] == 3.0


def test_a_layer_cut_by_a_subset_string_is_read_feature_by_feature(small_layer):
    bulk, features = _both(small_layer, '"whole" > 8')
    assert bulk is None
    assert features["row"].tolist() == [3, 4]
