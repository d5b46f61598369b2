"""The one writer of (Geo)DataFrames into QGIS features: field types, sinks and memory layers.

Every table the plugin hands to QGIS (Processing sinks, atlas layers) goes through here.
Column kinds are ``string``, ``integer`` (32-bit), ``integer64`` and ``double``; missing
values (None, NaN) become NULL. Geometries come from shapely (a GeoDataFrame's geometry or
a given array) through WKB; a missing geometry leaves the feature without one. Values keep
the units of their columns (the frames' docstrings state them).
"""
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType, QVariant

STRING, INTEGER, INTEGER64, DOUBLE = "string", "integer", "integer64", "double"

_TYPE_NAMES = {STRING: ("QString", "String"), INTEGER: ("Int", "Int"), INTEGER64: ("LongLong", "LongLong"),
               DOUBLE: ("Double", "Double")}
"""Kind -> (QMetaType.Type name, QVariant.Type name)."""
_USES_QMETATYPE = Qgis.QGIS_VERSION_INT >= 33800
"""QgsField takes QMetaType types from QGIS 3.38 on; 3.22 takes QVariant types."""


def _type(kind):
    """The field type of ``kind`` for the running QGIS (QMetaType.Type or QVariant.Type)."""
    names = _TYPE_NAMES[kind]
    return getattr(QMetaType.Type, names[0]) if _USES_QMETATYPE else getattr(QVariant, names[1])


_KIND_BY_TYPE = {_type(kind): kind for kind in _TYPE_NAMES}


def _kind(field):
    """The kind of a QgsField made by ``qgs_field`` (KeyError for other types)."""
    return _KIND_BY_TYPE[field.type()]  # QVariant.Type and QMetaType.Type number the types alike


def qgs_field(name, kind):
    """A QgsField of ``kind`` (STRING, INTEGER, INTEGER64 or DOUBLE), typed for the running QGIS."""
    return QgsField(name, _type(kind))


def qgs_fields(columns):
    """QgsFields from (name, kind) pairs, in order."""
    fields = QgsFields()
    for name, kind in columns:
        fields.append(qgs_field(name, kind))
    return fields


def column_kind(values):
    """The kind of a pandas column from its dtype: small integers, 64-bit integers, floats, else text."""
    dtype = values.dtype
    if pd.api.types.is_integer_dtype(dtype):
        return INTEGER if dtype.itemsize < 4 or (dtype.itemsize == 4 and dtype.kind == "i") else INTEGER64
    if pd.api.types.is_float_dtype(dtype):
        return DOUBLE
    return STRING


def frame_fields(frame):
    """QgsFields for every column of ``frame`` but the geometry, typed from the dtypes (``column_kind``)."""
    return qgs_fields([(name, column_kind(frame[name])) for name in frame.columns if name != _geometry_name(frame)])


def _geometry_name(frame):
    """The active geometry column of a GeoDataFrame, else None."""
    if isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name in frame.columns:
        return frame._geometry_column_name
    return None


def _python_values(values, kind):
    """A column as a list of Python values of ``kind`` (str, int or float), None where missing."""
    missing = pd.isna(values).to_numpy()
    if kind == DOUBLE:
        numbers = values.to_numpy(dtype=float, na_value=np.nan).tolist()
        return [None if m else v for v, m in zip(numbers, missing, strict=True)]
    cast = str if kind == STRING else int
    return [None if m else cast(v) for v, m in zip(values.to_numpy(dtype=object), missing, strict=True)]


def frame_features(frame, fields, geometry=None):
    """One QgsFeature per row of ``frame``, attributes in the order and kinds of ``fields``.

    geometry: shapely geometries, one per row (default: the frame's geometry if it is a
    GeoDataFrame, else none). Frame columns are matched to fields by name.
    """
    columns = [_python_values(frame[field.name()], _kind(field)) for field in fields]
    if geometry is None and _geometry_name(frame) is not None:
        geometry = frame.geometry
    wkb = shapely.to_wkb(np.asarray(geometry, dtype=object)) if geometry is not None else [None] * len(frame)
    features = []
    for attributes, shape in zip(zip(*columns, strict=False), wkb, strict=False):
        feature = QgsFeature(fields)
        feature.setAttributes(list(attributes))
        if shape is not None:
            qgs_geometry = QgsGeometry()
            qgs_geometry.fromWkb(shape)
            feature.setGeometry(qgs_geometry)
        features.append(feature)
    return features


def write_frame(sink, frame, fields, geometry=None):
    """Add the rows of ``frame`` to ``sink`` (a QgsFeatureSink) as features of ``fields``; returns the row count."""
    sink.addFeatures(frame_features(frame, fields, geometry), QgsFeatureSink.Flag.FastInsert)
    return len(frame)


def frame_to_layer(frame, name, crs_wkt=None, geometry_type=None):
    """A memory layer holding ``frame``: fields from its dtypes, geometry of ``geometry_type`` (e.g. "MultiPolygon").

    crs_wkt: the layer CRS as WKT (the ledger's). Without ``geometry_type`` the layer is a table.
    """
    layer = QgsVectorLayer(geometry_type or "None", name, "memory")
    if crs_wkt:
        layer.setCrs(QgsCoordinateReferenceSystem.fromWkt(crs_wkt))
    layer.dataProvider().addAttributes(frame_fields(frame).toList())
    layer.updateFields()
    write_frame(layer.dataProvider(), frame if geometry_type else pd.DataFrame(frame), layer.fields())
    layer.updateExtents()
    return layer
