"""qgis_shared.features: the one (Geo)DataFrame -> QGIS features writer (field kinds, NULLs, geometry)."""
import ast
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer
from qgis.PyQt.QtCore import QMetaType, QVariant

from urban_carbon_ledger.qgis_shared import features

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CRS_WKT = QgsCoordinateReferenceSystem("EPSG:4547").toWkt()
"""CGCS2000 / 3-degree Gauss-Kruger CM 114E, the sample's CRS (metres)."""


@pytest.fixture
def frame():
    return gpd.GeoDataFrame({
        "unit_id": ["p1", "p2", None],
        "hour": np.array([0, 23, 7], dtype=np.int32),
        "count": np.array([1, 2 ** 40, 3], dtype=np.int64),
        "co2e_t": [1.5, np.nan, -2.25],
    }, geometry=[shapely.box(0, 0, 10, 20), None, shapely.box(5, 5, 6, 6)], crs=None)


def _is_null(value):
    """A NULL attribute as QGIS returns it (a null QVariant on 3.22, None on later PyQt)."""
    return value is None or (isinstance(value, QVariant) and value.isNull())


def test_kinds_from_dtypes(qgis_app, frame):
    fields = features.frame_fields(frame)
    assert fields.names() == ["unit_id", "hour", "count", "co2e_t"]
    # QVariant.Type and QMetaType.Type number these types alike (String 10 = QString 10, Int 2, LongLong 4,
    # Double 6), so one list holds for 3.22's QVariant-typed fields and later QMetaType-typed ones
    assert [fields.at(i).type() for i in range(4)] == [QMetaType.Type.QString, QMetaType.Type.Int,
                                                       QMetaType.Type.LongLong, QMetaType.Type.Double]


def test_memory_layer_holds_values_nulls_and_geometry(qgis_app, frame):
    layer = features.frame_to_layer(frame, "test", CRS_WKT, "MultiPolygon")
    assert layer.isValid() and layer.featureCount() == 3
    assert layer.crs() == QgsCoordinateReferenceSystem("EPSG:4547")
    rows = [(f.attributes(), f.geometry()) for f in layer.getFeatures()]
    assert rows[0][0] == ["p1", 0, 1, 1.5]
    assert rows[1][0][1:3] == [23, 2 ** 40] and _is_null(rows[1][0][3])
    assert _is_null(rows[2][0][0]) and rows[2][0][1:] == [7, 3, -2.25]
    assert rows[0][1].area() == pytest.approx(200.0)  # 10 m x 20 m
    assert rows[1][1].isNull()
    assert rows[2][1].area() == pytest.approx(1.0)
    assert layer.extent().xMinimum() == 0 and layer.extent().yMaximum() == 20


def test_declared_fields_convert_values(qgis_app):
    """A frame of text numbers written to declared fields: integer and double kinds parse nothing, they cast."""
    fields = features.qgs_fields([("unit_id", features.STRING), ("hour", features.INTEGER),
                                  ("co2e_t", features.DOUBLE)])
    layer = QgsVectorLayer("None", "table", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    frame = pd.DataFrame({"co2e_t": np.array([2, 3]), "hour": np.array([4.0, 5.0]), "unit_id": [7, "b"]})
    assert features.write_frame(layer.dataProvider(), frame, layer.fields()) == 2
    values = [f.attributes() for f in layer.getFeatures()]
    assert values == [["7", 4, 2.0], ["b", 5, 3.0]]
    assert all(isinstance(v[1], int) and isinstance(v[2], float) for v in values)


def test_table_layer_from_a_geodataframe_has_no_geometry(qgis_app, frame):
    layer = features.frame_to_layer(frame, "table")
    assert layer.fields().names() == ["unit_id", "hour", "count", "co2e_t"]
    assert [f.hasGeometry() for f in layer.getFeatures()] == [False, False, False]
    assert [f.attributes()[1] for f in layer.getFeatures()] == [0, 23, 7]


def _imports(path):
    """(module, imported name, line) of every ``from module import name`` in ``path`` (relative
    modules keep their leading dots)."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    return [("." * node.level + (node.module or ""), alias.name, node.lineno)
            for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]


def test_the_writer_is_the_only_one_and_qgis_shared_imports_neither_side():
    """Only qgis_shared builds fields and features (QgsField, QgsFields, QgsFeature), and it imports
    neither the desktop (ui) nor Processing, which both import it."""
    writers, upward = [], []
    for folder in ("processing_provider", "ui", "qgis_shared"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if not name.endswith(".py"):
                continue
            for module, imported, line in _imports(os.path.join(ROOT, folder, name)):
                if (folder != "qgis_shared" and module == "qgis.core"
                        and imported in ("QgsField", "QgsFields", "QgsFeature")):
                    writers.append((folder, name, line, imported))
                if folder == "qgis_shared" and module.lstrip(".").split(".")[0] in ("ui", "processing_provider"):
                    upward.append((folder, name, line, module))
    assert writers == [] and upward == []
