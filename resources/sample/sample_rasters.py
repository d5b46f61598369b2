"""Rasters of the teaching district: land cover (10 m and 5 m), NDVI, canopy share and a 4-band
image, burnt from the vector shapes on the extent grid and written as GeoTIFF."""
import math
import os

import numpy as np
import shapely
from osgeo import gdal, ogr

from sample_plan import H, LAND_USES, LC, SEED, W, X0, Y0
from sample_shapes import noise, orientation
from sample_vectors import srs


def burn(res, geoms, values, all_touched=False, dtype=gdal.GDT_Int32):
    """Rasterize local-m geometries with integer values on the extent grid at res (m): 2-D array."""
    nx, ny = int(W / res), int(H / res)
    ds = gdal.GetDriverByName("MEM").Create("", nx, ny, 1, dtype)
    ds.SetGeoTransform((0.0, res, 0.0, H, 0.0, -res))
    ds.SetSpatialRef(srs())
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = mem.CreateLayer("burn", srs(), ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    defn = layer.GetLayerDefn()
    for g, val in zip(geoms, values, strict=False):
        f = ogr.Feature(defn)
        f.SetField("v", int(val))
        f.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(g)))
        layer.CreateFeature(f)
    opts = ["ATTRIBUTE=v"] + (["ALL_TOUCHED=TRUE"] if all_touched else [])
    gdal.RasterizeLayer(ds, [1], layer, options=opts)
    return ds.GetRasterBand(1).ReadAsArray()


def pixel_centres(res):
    nx, ny = int(W / res), int(H / res)
    u = (np.arange(nx) + 0.5) * res
    v = H - (np.arange(ny) + 0.5) * res
    return np.meshgrid(u, v)


# Open cover inside a land use: list of (z threshold, cover) tested in order on a N(0,1) field; else default.
OPEN_COVER = {
    "residential": ([(0.5, "urban_trees"), (-0.05, "lawn")], "paved"),
    "commercial": ([(1.0, "urban_trees"), (0.75, "lawn")], "paved"),
    "industrial": ([(1.1, "grassland"), (0.95, "urban_trees")], "paved"),
    "public": ([(0.45, "urban_trees"), (-0.1, "lawn")], "paved"),
    "park": ([(-0.15, "urban_trees")], "lawn"),
    "forest": ([(1.6, "grassland")], "forest"),
    "grassland": ([(1.3, "urban_trees")], "grassland"),
    "wetland": ([(1.7, "water")], "wetland"),
    "water": ([], "water"),
    "cropland": ([], "cropland"),
    "bare_land": ([(0.9, "grassland")], "bare_land"),
    "parking": ([(1.3, "urban_trees")], "paved"),
}


def park_paths(parcels):
    """Footpath lines (local m) through park parcels along and across their long axis."""
    paths = []
    for p in parcels:
        g = p["geometry"]
        if p["land_use"] != "park" or g.area < 8000.0:
            continue
        theta = math.radians(orientation(g))
        c = g.centroid
        for ang in (theta, theta + math.pi / 2):
            dx, dy = 2000 * math.cos(ang), 2000 * math.sin(ang)
            seg = shapely.LineString([(c.x - dx, c.y - dy), (c.x + dx, c.y + dy)]).intersection(g.buffer(-6.0))
            if not seg.is_empty:
                paths.append(seg)
    return paths


def land_cover(res, parcels, uses, buildings, roads, road_polys, paths):
    """Land-cover codes (uint8 2-D array) at res (m) from land use, buildings, roads and park paths."""
    lu_index = burn(res, [p["geometry"] for p in parcels], [LAND_USES.index(u) + 1 for u in uses])
    u, v = pixel_centres(res)
    z = noise(u, v, SEED + 10, 90.0)
    cover = np.full(lu_index.shape, LC["paved"], np.uint8)  # road corridors (gaps in land use)
    for k, use in enumerate(LAND_USES):
        mask = lu_index == k + 1
        rules, default = OPEN_COVER[use]
        cls = np.full(mask.sum(), LC[default], np.uint8)
        zz = z[mask]
        for threshold, name in reversed(rules):
            cls[zz > threshold] = LC[name]
        cover[mask] = cls
    if paths:
        cover[burn(res, [g.buffer(4.0) for g in paths], [1] * len(paths)) > 0] = LC["paved"]
        cover[burn(res, paths, [1] * len(paths)) > 0] = LC["paved"]
    cover[burn(res, road_polys, [1] * len(road_polys)) > 0] = LC["paved"]
    cover[burn(res, [r["geometry"] for r in roads], [1] * len(roads)) > 0] = LC["paved"]
    if buildings:
        cover[burn(res, [b["geometry"] for b in buildings], [1] * len(buildings)) > 0] = LC["built_up"]
    return cover


def write_tif(path, arrays, dtype, res, nodata=None, predictor=2, descriptions=None):
    """Write 2-D arrays as bands of a DEFLATE GeoTIFF on the extent grid at res (m), EPSG:4547."""
    if os.path.exists(path):
        os.remove(path)
    ny, nx = arrays[0].shape
    ds = gdal.GetDriverByName("GTiff").Create(
        path, nx, ny, len(arrays), dtype,
        options=["COMPRESS=DEFLATE", "ZLEVEL=9", "PREDICTOR=%d" % predictor, "TILED=YES"])
    ds.SetGeoTransform((X0, res, 0.0, Y0 + H, 0.0, -res))
    ds.SetProjection(srs().ExportToWkt())
    for k, a in enumerate(arrays):
        band = ds.GetRasterBand(k + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if descriptions:
            band.SetDescription(descriptions[k])
        band.WriteArray(a)
    ds = None


# NDVI by cover: (mean, low, high); canopy fraction by cover: (mean, sd).
NDVI = {1: (0.78, 0.6, 0.85), 2: (0.70, 0.6, 0.85), 3: (0.45, 0.3, 0.6), 4: (0.50, 0.4, 0.6),
        5: (0.55, 0.3, 0.75), 6: (0.35, 0.15, 0.5), 7: (-0.15, -0.35, -0.02), 8: (0.09, 0.05, 0.15),
        9: (0.10, 0.05, 0.15), 10: (0.14, 0.06, 0.22)}
CANOPY = {1: (0.86, 0.07), 2: (0.68, 0.12), 3: (0.04, 0.03), 4: (0.05, 0.03), 5: (0.01, 0.01),
          6: (0.08, 0.05), 7: (0.0, 0.0), 8: (0.0, 0.0), 9: (0.02, 0.02), 10: (0.01, 0.01)}
# Surface reflectance x 10000 by cover: blue, green, red, nir.
SPECTRA = {1: (280, 520, 300, 3300), 2: (340, 600, 400, 3000), 3: (450, 720, 750, 2100),
           4: (420, 760, 700, 2200), 5: (480, 820, 620, 2700), 6: (420, 640, 520, 1300),
           7: (620, 760, 520, 330), 8: (1500, 1550, 1600, 1750), 9: (1100, 1150, 1200, 1350),
           10: (950, 1200, 1450, 1900)}
ROOFS = np.array([(1500, 1550, 1600, 1750), (1850, 1450, 1000, 1300), (900, 1000, 1500, 1700),
                  (2300, 2350, 2400, 2550)], float)  # grey, blue steel, red tile, white


def ndvi_and_canopy(cover, rng):
    """NDVI (float32, -1..1) and tree-cover fraction (float32, 0..1) from 10 m land cover."""
    u, v = pixel_centres(10.0)
    z = noise(u, v, SEED + 20, 120.0)
    ndvi = np.full(cover.shape, -9999.0, np.float32)
    canopy = np.zeros(cover.shape, np.float32)
    for code, (mean, lo, hi) in NDVI.items():
        m = cover == code
        vals = mean + 0.04 * z[m] + rng.normal(0.0, 0.025, m.sum())
        ndvi[m] = np.clip(vals, lo, hi)
        c_mean, c_sd = CANOPY[code]
        canopy[m] = np.clip(c_mean + c_sd * (0.6 * z[m] + 0.8 * rng.normal(0.0, 1.0, m.sum())), 0.0, 1.0)
    return np.round(ndvi, 3).astype(np.float32), np.round(canopy, 3).astype(np.float32)


def image(cover5, buildings, parcels, rng):
    """4-band (blue, green, red, nir) uint16 reflectance x 10000 at 5 m, consistent with land cover."""
    u, v = pixel_centres(5.0)
    z = noise(u, v, SEED + 30, 60.0)
    bands = np.zeros((4,) + cover5.shape, float)
    for code, spec in SPECTRA.items():
        m = cover5 == code
        for b in range(4):
            bands[b][m] = spec[b]
    # Roofs: one colour and brightness per building, so objects are separable.
    b_index = burn(5.0, [b["geometry"] for b in buildings], np.arange(1, len(buildings) + 1))
    kinds = rng.choice(4, size=len(buildings) + 1, p=[0.55, 0.15, 0.15, 0.15])
    kinds[1:][np.array([b["use"] == "industrial" for b in buildings])] = 1
    bright = rng.uniform(0.8, 1.2, len(buildings) + 1)
    roof = b_index > 0
    for b in range(4):
        bands[b][roof] = (ROOFS[kinds, b] * bright)[b_index[roof]]
    # Crop fields: one growth stage per field.
    crop_ids = [k for k, p in enumerate(parcels) if p["land_use"] == "cropland"]
    f_index = burn(5.0, [parcels[k]["geometry"] for k in crop_ids], np.arange(1, len(crop_ids) + 1))
    stage = rng.uniform(0.75, 1.2, len(crop_ids) + 1)
    crop = (cover5 == LC["cropland"]) & (f_index > 0)
    bands[3][crop] *= stage[f_index[crop]]
    bands[2][crop] /= stage[f_index[crop]]
    vegetated = np.isin(cover5, [1, 2, 3, 4, 5, 6])
    bands[3][vegetated] *= 1.0 + 0.08 * z[vegetated]
    for b in range(4):
        bands[b] *= 1.0 + 0.02 * z
        bands[b] += rng.normal(0.0, 6.0 + 0.006 * bands[b].mean(), cover5.shape)
    return [np.clip(np.round(b), 1, 10000).astype(np.uint16) for b in bands]
