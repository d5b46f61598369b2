"""Writing the teaching district's vector layers: local metres shifted to EPSG:4547 and stored in one
GeoPackage with fixed timestamps (byte-stable output)."""
import os

import numpy as np
import shapely
from osgeo import gdal, ogr, osr

from sample_plan import EPSG, GPKG_DATE, X0, Y0
from sample_shapes import polygons


def srs():
    s = osr.SpatialReference()
    s.ImportFromEPSG(EPSG)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def to_world(geom):
    """Shift local metres to EPSG:4547 and round coordinates to 1 mm."""
    moved = shapely.transform(geom, lambda xy: np.round(xy + (X0, Y0), 3))
    return moved if moved.is_valid else shapely.make_valid(moved)


def write_layer(ds, name, geom_type, fields, rows):
    """Write rows (dicts with 'geometry' in local m) to a GeoPackage layer with typed fields."""
    layer = ds.CreateLayer(name, srs(), geom_type, options=["FID=fid", "GEOMETRY_NAME=geom"])
    for fname, ftype in fields:
        layer.CreateField(ogr.FieldDefn(fname, ftype))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for row in rows:
        f = ogr.Feature(defn)
        for fname, _ in fields:
            f.SetField(fname, row[fname])
        f.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(row["geometry"])))
        layer.CreateFeature(f)
    layer.CommitTransaction()


def world_polygons(rows):
    """Rows with world geometry, one row per polygon part (set_precision may split a polygon)."""
    out = []
    for row in rows:
        for part in polygons(to_world(row["geometry"])):
            out.append({**row, "geometry": part})
    return out


def write_gpkg(path, dists, roads, parcels, buildings, facilities):
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    S, N = ogr.OFTString, ogr.OFTInteger
    write_layer(ds, "districts", ogr.wkbPolygon,
                [("code", S), ("name", S), ("name_zh", S), ("population", N)], world_polygons(dists))
    write_layer(ds, "roads", ogr.wkbLineString,
                [("road_id", S), ("name", S), ("road_class", S), ("aadt", N), ("lanes", N)],
                [{**r, "geometry": to_world(r["geometry"])} for r in roads])
    write_layer(ds, "landuse", ogr.wkbPolygon, [("lu_id", S), ("land_use", S)], parcels)
    write_layer(ds, "buildings", ogr.wkbPolygon,
                [("building_id", S), ("use", S), ("floors", N), ("built_year", N), ("population", N)],
                world_polygons(buildings))
    write_layer(ds, "facilities", ogr.wkbPoint,
                [("facility_id", S), ("name", S), ("sector", S), ("carrier", S), ("building_id", S)],
                [{**f, "geometry": to_world(f["geometry"])} for f in facilities])
    ds = None
    gdal.SetConfigOption("OGR_CURRENT_DATE", None)
