"""Reading an OpenStreetMap extract (.osm XML or .osm.pbf) with GDAL's OSM driver.

The driver turns ways and relations into layers: ``lines`` (open ways: roads) and
``multipolygons`` (closed ways with an area key and multipolygon/boundary relations: land use,
buildings, administrative boundaries). The keys read are those of resources/osm/osmconf.ini
(the driver's configuration format); any other key stays in ``other_tags``. Features are read in
the driver's interleaved order (one pass over the file, as GDAL advises for .pbf), in lon/lat
(EPSG:4326).
"""
import pandas as pd
import shapely
from osgeo import gdal

from ..core.errors import LedgerInputError
from ..core.gdal_errors import gdal_exceptions
from ..core.messages import tr
from ..core.resources import resource_path

OSM_CONFIG = resource_path("osm", "osmconf.ini")
"""GDAL OSM driver configuration: the attributes read per layer."""

LAYERS = {"lines": ("osm_id", "name", "highway"),
          "multipolygons": ("osm_id", "osm_way_id", "name", "admin_level", "boundary", "building", "building_levels",
                            "landuse", "leisure", "natural", "amenity", "waterway")}
"""Driver layer -> attributes kept (text; missing as None; the driver names building:levels building_levels)."""


def read_osm(path, extent=None, progress=None):
    """{'lines': DataFrame, 'multipolygons': DataFrame} of the OSM file at ``path``.

    Each frame has the attributes of LAYERS (text or None) and ``geometry`` (shapely, lon/lat).
    extent: (west, south, east, north) in degrees, or None: features missing it are dropped (here,
    not by the driver's spatial filter, which drops ways none of whose nodes lie inside). Raises
    LedgerInputError when the file cannot be read as OSM.
    """
    rows = {name: [] for name in LAYERS}
    with gdal_exceptions():
        try:
            dataset = gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["OSM"],
                                  open_options=[f"CONFIG_FILE={OSM_CONFIG}"])
        except RuntimeError as error:
            raise LedgerInputError(tr("cannot be read as an OpenStreetMap file (.osm, .osm.pbf): {error}").format(
                error=str(error)), layer=path) from None
        count = 0
        while True:
            feature, layer = dataset.GetNextFeature()
            if feature is None:
                break
            name = layer.GetName()
            count += 1
            if progress is not None and count % 10_000 == 0:
                progress(0.0, tr("Read {features} OSM features").format(features=count))
            if name not in rows:
                continue
            geometry = feature.GetGeometryRef()
            if geometry is None:
                continue
            values = [_text(feature, field) for field in LAYERS[name]]
            rows[name].append(values + [bytes(geometry.ExportToWkb())])
    frames = {}
    for name, columns in LAYERS.items():
        frame = pd.DataFrame(rows[name], columns=list(columns) + ["wkb"])
        frame["geometry"] = shapely.from_wkb(frame.pop("wkb").to_numpy())
        if extent is not None:
            frame = frame[shapely.intersects(frame["geometry"].to_numpy(), shapely.box(*extent))]
        frames[name] = frame.reset_index(drop=True)
    return frames


def _text(feature, field):
    """Attribute ``field`` of an OGR feature as text, None when unset."""
    index = feature.GetFieldIndex(field)
    if index < 0 or not feature.IsFieldSetAndNotNull(index):
        return None
    return feature.GetFieldAsString(index)
