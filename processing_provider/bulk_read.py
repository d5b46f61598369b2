"""A whole GeoPackage layer read in bulk (GDAL's Arrow stream as numpy arrays), not feature by feature.

Reading 300,000 roads through ``QgsFeatureRequest`` costs a Python call per feature and per attribute
(issue 22); OGR's column-oriented Arrow interface (GDAL >= 3.6, ``GetArrowStreamAsNumPy``) reads the
same layer in well under a second. Used only on a GDAL release where that read was checked
(``algorithms.core.gdal_arrow``) and where the result is the same as ``layers.source_to_frame``:
a whole GeoPackage layer (no subset string, no selection, no feature limit) already in the target CRS,
whose fields are text, integer or real numbers. Anything else returns None and is read feature by
feature.
"""
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from osgeo import ogr
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingFeatureSourceDefinition, QgsProviderRegistry

from ..algorithms.core.gdal_arrow import numpy_arrow_reads
from .layers import ROW, layer_file

_NUMBER_TYPES = (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
_TYPES = _NUMBER_TYPES + (ogr.OFTString,)


def bulk_frame(layer, parameter_value, target_crs_wkt, columns=None):
    """All features of ``layer`` (a QgsVectorLayer) as ``layers.source_to_frame`` gives them (a ``row``
    column of feature ids, the fields, the geometry in ``target_crs_wkt``), or None where a bulk read
    would not give the same frame (see the module docstring). columns: names of the only fields to read
    (None: all; the others are not read at all, issue 22: a city's unused text columns)."""
    ogr_layer, source = _whole_layer(layer, parameter_value, target_crs_wkt)
    if ogr_layer is None:
        return None
    definition = ogr_layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
    if any(field.GetType() not in _TYPES or field.GetSubType() != ogr.OFSTNone for field in fields):
        return None
    if columns is not None:
        fields = [field for field in fields if field.GetName() in columns]
        ogr_layer.SetIgnoredFields([definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())
                                    if definition.GetFieldDefn(i).GetName() not in columns])
    fid = ogr_layer.GetFIDColumn() or "OGC_FID"
    geometry_name = ogr_layer.GetGeometryColumn() or "wkb_geometry"
    arrays, shapes = {}, []
    for batch in ogr_layer.GetArrowStreamAsNumPy():
        for name, values in batch.items():
            if name == geometry_name:  # decoded batch by batch: the layer's WKB is never held whole
                shapes.append(_geometries(values, len(values)))
            else:
                arrays.setdefault(name, []).append(values)
    frame = pd.DataFrame({ROW: _joined(arrays, fid, np.int64)})
    if ogr_layer.GetFIDColumn():  # QGIS lists a named FID column as the first field
        frame[fid] = frame[ROW]
    for field in fields:
        frame[field.GetName()] = _column(_joined(arrays, field.GetName(), None), field.GetType())
    geometry = np.concatenate(shapes) if shapes else np.full(len(frame), None, dtype=object)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=target_crs_wkt)


def _whole_layer(layer, parameter_value, target_crs_wkt):
    """(OGR layer, its data source) of a whole GeoPackage layer in the target CRS; (None, None) otherwise."""
    if isinstance(parameter_value, QgsProcessingFeatureSourceDefinition) and (
            parameter_value.selectedFeaturesOnly or parameter_value.featureLimit >= 0):
        return None, None
    path = layer_file(layer, parameter_value)
    if not path or layer.providerType() != "ogr" or layer.subsetString():
        return None, None
    if layer.crs() != QgsCoordinateReferenceSystem.fromWkt(target_crs_wkt):
        return None, None
    source = ogr.Open(path)
    if source is None or source.GetDriver().GetName() != "GPKG":
        return None, None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    name = parts.get("layerName")
    ogr_layer = source.GetLayerByName(name) if name else source.GetLayer(parts.get("layerId") or 0)
    if ogr_layer is None or not numpy_arrow_reads() or not ogr_layer.GetFeatureCount():
        return None, None
    return ogr_layer, source


def _joined(columns, name, dtype):
    """The batches of one column joined into one array (masked where OGR had nulls)."""
    batches = columns.get(name, [])
    if not batches:
        return np.zeros(0, dtype=dtype or object)
    if any(isinstance(batch, np.ma.MaskedArray) for batch in batches):
        return np.ma.concatenate(batches)
    return np.concatenate(batches)


def _column(values, field_type):
    """One field as ``source_to_frame`` builds it: text as str (None for null), integers as int64 (float
    with NaN when a value is null), reals as float, a number field of nulls only as None."""
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if field_type in _NUMBER_TYPES and mask.all():  # pandas keeps a column of nothing but nulls as objects
        return np.full(len(data), None, dtype=object)
    if field_type in _NUMBER_TYPES:
        if mask.any() or field_type == ogr.OFTReal:
            numbers = data.astype(float)
            numbers[mask] = np.nan
            return numbers
        return data.astype(np.int64)
    if data.dtype.kind == "S":
        data = np.char.decode(data, "utf-8")
    elif data.dtype.kind == "O":
        data = np.array([value.decode("utf-8") if isinstance(value, bytes) else value for value in data],
                        dtype=object)
    text = data.astype(object)
    text[mask] = None
    return text


def _geometries(blobs, count):
    """WKB blobs (fixed-width or object array, masked where null) as shapely geometries; null and empty
    geometries as None."""
    if len(blobs) == 0:
        return np.full(count, None, dtype=object)
    mask = np.ma.getmaskarray(blobs)
    data = np.ma.getdata(blobs)
    wkb = np.array([None if missing or value is None else bytes(value)
                    for value, missing in zip(data, mask, strict=True)], dtype=object)
    shapes = shapely.from_wkb(wkb)
    shapes[shapely.is_empty(shapes)] = None
    return shapes
