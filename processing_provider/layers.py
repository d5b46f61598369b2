"""QGIS feature sources and tables -> (Geo)DataFrames for ``algorithms/``.

Geometries are reprojected to the ledger CRS on read and are *not* filtered by Processing's
invalid-geometry setting: the algorithms check validity themselves and name the feature.
Each frame has a ``row`` column holding the QGIS feature id, which error messages cite.
"""
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from ..algorithms.core.messages import tr
from ..algorithms.core.tables import read_table

ROW = "row"


def _python_value(value):
    """A QGIS attribute as a plain Python value (NULL -> None, dates -> ISO text)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss") if value.isValid() else None
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    return value


def feature_source(algorithm, parameters, name, context, optional=False):
    """The feature source of parameter ``name``; None for an empty optional one."""
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None and not optional:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
    return source


def source_to_frame(source, name, target_crs_wkt, context, progress=None, geometry=True):
    """All features of ``source`` as a GeoDataFrame in ``target_crs_wkt`` (or a DataFrame).

    name: the parameter name, used in messages. Empty geometries become None.
    """
    fields = [field.name() for field in source.fields()]
    request = QgsFeatureRequest()
    if geometry:
        target = QgsCoordinateReferenceSystem.fromWkt(target_crs_wkt)
        request.setDestinationCrs(target, context.transformContext())
    else:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    total = max(source.featureCount(), 1)
    ids, rows, wkb = [], [], []
    features = source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
    for count, feature in enumerate(features):
        ids.append(feature.id())
        rows.append([_python_value(v) for v in feature.attributes()])
        if geometry:
            shape = feature.geometry()
            wkb.append(None if shape.isNull() or shape.isEmpty() else bytes(shape.asWkb()))
        if progress is not None and count % 5000 == 0:
            progress(count / total, tr("Reading {layer}").format(layer=name))
    frame = pd.DataFrame(rows, columns=fields) if rows else pd.DataFrame(columns=fields)
    frame.insert(0, ROW, np.asarray(ids, dtype=np.int64))
    if not geometry:
        return frame
    shapes = shapely.from_wkb(np.array(wkb, dtype=object)) if wkb else np.array([], dtype=object)
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=target_crs_wkt)


def layer_to_frame(algorithm, parameters, name, context, target_crs_wkt, progress=None, optional=False):
    """Parameter ``name`` (a vector layer) as a GeoDataFrame in the ledger CRS; None if absent."""
    source = feature_source(algorithm, parameters, name, context, optional)
    if source is None:
        return None
    return source_to_frame(source, name, target_crs_wkt, context, progress)


CSV_EXTENSIONS = (".csv", ".tsv", ".txt")


def given_csv(value):
    """True when a parameter value is the path of a CSV file (read by the plugin, not by OGR)."""
    return isinstance(value, str) and value.split("|")[0].lower().endswith(CSV_EXTENSIONS)


def csv_path(algorithm, parameters, name, context):
    """The CSV file behind parameter ``name`` (a path given, or a whole layer read from one); None otherwise."""
    value = parameters.get(name)
    if isinstance(value, str) and given_csv(value):
        return value.split("|")[0]
    if isinstance(value, (str, QgsProcessingFeatureSourceDefinition)):
        path = layer_file(algorithm.parameterAsVectorLayer(parameters, name, context), value)
        if path and path.lower().endswith(CSV_EXTENSIONS):
            return path
    return None


def table_to_frame(algorithm, parameters, name, context, optional=False):
    """Parameter ``name`` (a table layer or CSV) as a DataFrame of its attributes (text); None if absent.

    A CSV file is read by the plugin's one table reader (encoding and delimiter detected, row = line
    number - 1, as OGR numbers them), not by OGR, which would decode it as UTF-8 whatever it holds.
    """
    path = csv_path(algorithm, parameters, name, context)
    if path:
        frame = read_table(path, name, dtype=str, keep_default_na=False)
        frame.insert(0, ROW, np.arange(1, len(frame) + 1, dtype=np.int64))
        return frame
    source = feature_source(algorithm, parameters, name, context, optional)
    if source is None:
        return None
    return source_to_frame(source, name, None, context, geometry=False)


def layer_file(layer, parameter_value=None):
    """Path of the file ``layer`` (a raster or vector layer) is read from; None for a layer held in no
    file (memory, database) or, for a feature source limited to its selected features, not whole."""
    if layer is None:
        return None
    if isinstance(parameter_value, QgsProcessingFeatureSourceDefinition) and parameter_value.selectedFeaturesOnly:
        return None
    path = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("path") or ""
    return path if os.path.isfile(path) else None
