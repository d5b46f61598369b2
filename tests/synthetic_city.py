"""Synthetic cities of any size for tests and benchmarks: districts, a noisy road grid, land use, buildings, rasters.

Made-up data, deterministic for a given ``(n_parcels, seed)``; nothing here is a real place or a
cited value. The city is a square in EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) whose
side is ``pixels x pixel_size`` metres (10 m pixels):

- ``districts``: Voronoi cells of a few seeds (code ``D01``.., name, population), boundaries
  that ignore the roads, so blocks and road links are cut by them.
- ``roads``: a grid of ``R x R`` blocks whose crossings are jittered by up to 15% of the block
  side, every edge between two crossings split into equal straight pieces (the features), plus
  dead-end stubs that enclose nothing, so that there are about ``segments_per_parcel x
  n_parcels`` road features (road_id, name, road_class, aadt, lanes).
- ``parcels`` (exactly ``n_parcels``): each block cut into 1..k strips; ``landuse`` carries the
  same polygons with one of the 12 land-use classes (lu_id, land_use) drawn from patchy zones.
- ``buildings``: one footprint inside every built parcel, 5% of them shifted so that they
  straddle two parcels (building_id, use, floors, built_year, population).
- rasters (``raster=True``): a uint8 land-cover GeoTIFF with the codes 1..10 of the project's
  class table (see LAND_COVER_MIX) drawn per land use in 80 m patches with roads burnt in as
  paved, and a float32 NDVI GeoTIFF on the
  same grid. ``make_image`` writes a 4-band (B, G, R, NIR) uint16 reflectance image from them.

Here in tests/ so that tests never import benchmarks/; benchmarks import it from here
(``urban_carbon_ledger.tests.synthetic_city``, or ``tests.synthetic_city`` with the repository root
on sys.path). Usage::

    from synthetic_city import make_city  # in tests
    city = make_city(100_000, seed=0, raster=True, out_dir="/tmp/city")
    city.parcels, city.roads, city.landcover_path
"""
import dataclasses
import math
import os
import tempfile

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from osgeo import gdal, ogr, osr
from scipy.spatial import cKDTree

from urban_carbon_ledger.algorithms.units.superpixels import burn_values

gdal.UseExceptions()

CRS = "EPSG:4547"
ORIGIN = (500_000.0, 3_380_000.0)
"""Lower-left corner of the city, m (near Wuhan in EPSG:4547)."""
STRIP = 1024
"""Raster rows made and written at a time."""
RASTER_CACHE = 128 * 2 ** 20
"""GDAL block cache while the rasters are written, bytes (GDAL's default is 5% of RAM)."""

LAND_USE_SHARES = {
    "residential": 0.33, "commercial": 0.10, "industrial": 0.10, "public": 0.08, "park": 0.07,
    "forest": 0.06, "grassland": 0.05, "wetland": 0.02, "water": 0.04, "cropland": 0.08,
    "bare_land": 0.04, "parking": 0.03,
}
"""Share of parcels per land-use class (made up)."""

LAND_COVER_MIX = {
    "residential": {8: 0.55, 9: 0.15, 2: 0.15, 4: 0.15},
    "commercial": {8: 0.70, 9: 0.20, 4: 0.10},
    "industrial": {8: 0.65, 9: 0.20, 10: 0.15},
    "public": {8: 0.45, 9: 0.15, 2: 0.20, 4: 0.20},
    "park": {2: 0.45, 4: 0.40, 7: 0.05, 9: 0.10},
    "forest": {1: 0.90, 3: 0.10},
    "grassland": {3: 0.85, 2: 0.15},
    "wetland": {6: 0.70, 7: 0.30},
    "water": {7: 0.95, 6: 0.05},
    "cropland": {5: 0.90, 3: 0.10},
    "bare_land": {10: 0.80, 3: 0.20},
    "parking": {9: 0.95, 2: 0.05},
}
"""Land-cover codes of the project's class table (resources/sinks/landcover_classes.csv: 1 forest,
2 urban_trees, 3 grassland, 4 lawn, 5 cropland, 6 wetland, 7 water, 8 built_up, 9 paved,
10 bare_land) and their shares inside each land use (made up)."""

NDVI_BY_COVER = {1: (0.75, 0.08), 2: (0.65, 0.08), 3: (0.50, 0.10), 4: (0.55, 0.10), 5: (0.60, 0.12),
                 6: (0.45, 0.10), 7: (-0.10, 0.05), 8: (0.08, 0.05), 9: (0.10, 0.05), 10: (0.15, 0.05)}
"""NDVI mean and standard deviation per land-cover code (made up)."""

REFLECTANCE_BY_COVER = {  # B, G, R, NIR x 10,000
    1: (300, 600, 400, 3500), 2: (350, 650, 450, 3200), 3: (450, 800, 650, 2600), 4: (420, 780, 600, 2900),
    5: (400, 800, 600, 3000), 6: (400, 600, 500, 1800), 7: (500, 450, 300, 150),
    8: (1200, 1300, 1400, 1800), 9: (1400, 1600, 1900, 2300), 10: (1500, 1700, 2000, 2400),
}
"""Mean surface reflectance x 10,000 per land-cover code for the synthetic image (made up)."""

ROAD_CLASSES = {  # class: (AADT median, vehicles/day; lanes)
    "motorway": (60_000, 6), "arterial": (25_000, 4), "secondary": (10_000, 2), "local": (2_000, 2),
}
"""Road classes with made-up traffic."""

BUILT_USES = ("residential", "commercial", "industrial", "public")


@dataclasses.dataclass
class City:
    """A synthetic city; GeoDataFrames in ``crs`` and the paths of the rasters written (or None)."""

    districts: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    landuse: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    extent: tuple
    pixel_size: float
    crs: str = CRS
    landcover_path: str = None
    ndvi_path: str = None
    out_dir: str = None

    def write_vectors(self, path=None):
        """Write districts, roads, landuse and buildings into one GeoPackage; returns its path."""
        path = path or os.path.join(self.out_dir or tempfile.mkdtemp(prefix="city_"), "city.gpkg")
        for name in ("districts", "roads", "landuse", "buildings"):
            _write_layer(getattr(self, name), path, name)
        return path


def make_city(n_parcels, seed=0, raster=True, out_dir=None, pixels=None, pixel_size=10.0,
              parcels_per_block=2.0, segments_per_parcel=3.0, n_districts=None):
    """Generate a synthetic city with exactly ``n_parcels`` parcels.

    pixels: side of the city in raster pixels; default sqrt(1000 x n_parcels), i.e. 10,000 px
    (100 km at 10 m) for 100,000 parcels, as in the performance anchors.
    pixel_size: raster resolution, m. parcels_per_block: mean parcels per road block.
    segments_per_parcel: road features per parcel (3 gives 300,000 roads for 100,000 parcels).
    n_districts: default one per 5,000 parcels, at least 2.
    raster: write the land-cover and NDVI GeoTIFFs into ``out_dir`` (a new temporary folder
    when None). Returns a :class:`City`.
    """
    n_parcels = int(n_parcels)
    if n_parcels < 1:
        raise ValueError("n_parcels must be at least 1")
    rng = np.random.default_rng(seed)
    pixels = int(pixels or math.ceil(math.sqrt(1000.0 * n_parcels)))
    side = pixels * pixel_size
    x0, y0 = ORIGIN
    extent = (x0, y0, x0 + side, y0 + side)
    n_blocks_side = max(1, int(math.sqrt(n_parcels / parcels_per_block)))
    nodes = _grid_nodes(n_blocks_side, side, rng) + np.array([x0, y0])
    parcels = _parcels(nodes, n_parcels, rng)
    parcels["land_use"] = _land_use(parcels, side, rng)
    roads = _roads(nodes, round(segments_per_parcel * n_parcels), rng)
    districts = _districts(extent, n_districts or max(2, round(n_parcels / 5000)), rng)
    buildings = _buildings(parcels, rng)
    districts["population"] = _district_population(districts, buildings)
    landuse = gpd.GeoDataFrame(
        {"lu_id": [f"LU{i + 1:07d}" for i in range(len(parcels))], "land_use": parcels["land_use"]},
        geometry=parcels.geometry.values, crs=CRS,
    )
    city = City(districts, roads, landuse, buildings, parcels, extent, pixel_size, out_dir=out_dir)
    if raster:
        city.out_dir = out_dir or tempfile.mkdtemp(prefix="city_")
        os.makedirs(city.out_dir, exist_ok=True)
        city.landcover_path, city.ndvi_path = _rasters(city, pixels, rng)
    return city


def _grid_nodes(r, side, rng):
    """(r+1, r+1, 2) crossing coordinates, m, jittered inside, straight on the outer edge."""
    step = side / r
    ii, jj = np.meshgrid(np.arange(r + 1), np.arange(r + 1), indexing="ij")
    nodes = np.stack([ii * step, jj * step], axis=-1).astype(float)
    jitter = rng.uniform(-0.15, 0.15, nodes.shape) * step
    jitter[[0, -1], :, 0] = 0.0
    jitter[:, [0, -1], 1] = 0.0
    return nodes + jitter


def _parcels(nodes, n_parcels, rng):
    """Exactly n_parcels strips cutting the grid blocks, as a GeoDataFrame (parcel_id, block)."""
    r = nodes.shape[0] - 1
    n_blocks = r * r
    per_block = np.full(n_blocks, n_parcels // n_blocks)
    per_block[rng.choice(n_blocks, n_parcels % n_blocks, replace=False)] += 1
    ii, jj = np.divmod(np.arange(n_blocks), r)
    corners = np.stack([nodes[ii, jj], nodes[ii + 1, jj], nodes[ii + 1, jj + 1], nodes[ii, jj + 1]], axis=1)
    across_y = (ii + jj) % 2 == 1
    corners[across_y] = corners[across_y][:, [1, 2, 3, 0]]
    geometries, blocks = [], []
    for k in np.unique(per_block[per_block > 0]):
        chosen = np.flatnonzero(per_block == k)
        c = corners[chosen]
        t = np.linspace(0.0, 1.0, k + 1)[None, :, None]
        bottom = c[:, None, 0] + t * (c[:, None, 1] - c[:, None, 0])
        top = c[:, None, 3] + t * (c[:, None, 2] - c[:, None, 3])
        rings = np.stack([bottom[:, :-1], bottom[:, 1:], top[:, 1:], top[:, :-1], bottom[:, :-1]], axis=2)
        geometries.append(shapely.polygons(rings.reshape(-1, 5, 2)))
        blocks.append(np.repeat(chosen, k))
    order = np.argsort(np.concatenate(blocks), kind="stable")
    geometry = np.concatenate(geometries)[order]
    return gpd.GeoDataFrame(
        {"parcel_id": [f"P{i + 1:07d}" for i in range(len(geometry))], "block": np.concatenate(blocks)[order]},
        geometry=geometry, crs=CRS,
    )


def _land_use(parcels, side, rng):
    """Land use per parcel: the class of the nearest zone seed, 15% redrawn at random."""
    classes = np.array(list(LAND_USE_SHARES))
    shares = np.array(list(LAND_USE_SHARES.values()))
    shares = shares / shares.sum()
    n_zones = max(len(classes), len(parcels) // 30)
    seeds = rng.uniform(0, side, (n_zones, 2)) + np.array(ORIGIN)
    zone_class = rng.choice(len(classes), n_zones, p=shares)
    centroids = shapely.get_coordinates(shapely.centroid(parcels.geometry.values))
    _, nearest = cKDTree(seeds).query(centroids)
    chosen = zone_class[nearest]
    redraw = rng.random(len(chosen)) < 0.15
    chosen[redraw] = rng.choice(len(classes), int(redraw.sum()), p=shares)
    return classes[chosen]


def _roads(nodes, n_target, rng):
    """Interior grid lines split at crossings and into pieces, plus dead-end stubs: n_target features."""
    r = nodes.shape[0] - 1
    starts, ends, line_index, vertical = [], [], [], []
    for i in range(1, r):
        starts.append(nodes[i, :-1]), ends.append(nodes[i, 1:])
        line_index.append(np.full(r, i)), vertical.append(np.ones(r, bool))
        starts.append(nodes[:-1, i]), ends.append(nodes[1:, i])
        line_index.append(np.full(r, i)), vertical.append(np.zeros(r, bool))
    if not starts:
        starts, ends = [nodes[0, :-1]], [nodes[0, 1:]]
        line_index, vertical = [np.zeros(r, int)], [np.ones(r, bool)]
    a, b = np.concatenate(starts), np.concatenate(ends)
    line, is_vertical = np.concatenate(line_index), np.concatenate(vertical)
    pieces = max(1, min(round(n_target / len(a)), max(1, n_target // len(a))))
    t = np.linspace(0.0, 1.0, pieces + 1)
    p0 = (a[:, None] + t[None, :-1, None] * (b - a)[:, None]).reshape(-1, 2)
    p1 = (a[:, None] + t[None, 1:, None] * (b - a)[:, None]).reshape(-1, 2)
    line, is_vertical = np.repeat(line, pieces), np.repeat(is_vertical, pieces)
    n_stubs = max(0, n_target - len(p0))
    host = rng.choice(len(p0), n_stubs, replace=True) if n_stubs else np.zeros(0, int)
    direction = p1[host] - p0[host]
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1) * rng.choice([-0.6, 0.6], (n_stubs, 1))
    s0 = p0[host] + 0.5 * direction
    coords = np.stack([np.concatenate([p0, s0]), np.concatenate([p1, s0 + normal])], axis=1)
    line = np.concatenate([line, line[host]])
    road_class = np.where(line == r // 2, "motorway", np.where(line % 8 == 0, "arterial",
                          np.where(line % 4 == 0, "secondary", "local"))).astype(object)
    road_class[len(p0):] = "local"
    is_vertical = np.concatenate([is_vertical, is_vertical[host]])
    median = np.array([ROAD_CLASSES[c][0] for c in road_class], float)
    names = np.where(is_vertical, "Avenue ", "Street ").astype(object) + line.astype(str).astype(object)
    names[len(p0):] = names[len(p0):] + " Lane"
    return gpd.GeoDataFrame({
        "road_id": [f"R{i + 1:07d}" for i in range(len(coords))],
        "name": names,
        "road_class": road_class,
        "aadt": np.round(median * rng.lognormal(0.0, 0.3, len(coords))),
        "lanes": [ROAD_CLASSES[c][1] for c in road_class],
    }, geometry=shapely.linestrings(coords), crs=CRS)


def _districts(extent, n, rng):
    """Voronoi districts clipped to the extent, numbered by centroid rows (north first) then columns."""
    x0, y0, x1, y1 = extent
    box = shapely.box(*extent)
    seeds = shapely.multipoints(rng.uniform([x0, y0], [x1, y1], (n, 2)))
    cells = np.array(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=box)))
    cells = shapely.intersection(cells, box)
    centre = shapely.get_coordinates(shapely.centroid(cells))
    band = np.floor((y1 - centre[:, 1]) / ((y1 - y0) / max(1, round(math.sqrt(n)))))
    cells = cells[np.lexsort((centre[:, 0], band))]
    width = max(2, len(str(len(cells))))
    return gpd.GeoDataFrame({
        "code": [f"D{i + 1:0{width}d}" for i in range(len(cells))],
        "name": [f"District {i + 1}" for i in range(len(cells))],
    }, geometry=cells, crs=CRS)


def _buildings(parcels, rng):
    """One footprint (at most 2,500 m2, at most 36% of the parcel) in every built parcel."""
    built = np.flatnonzero(parcels["land_use"].isin(BUILT_USES).to_numpy())
    geometry = parcels.geometry.values[built]
    area = shapely.area(geometry)
    factor = np.minimum(0.6, np.sqrt(2500.0 / area))
    ring = shapely.get_coordinates(shapely.get_exterior_ring(geometry)).reshape(-1, 5, 2)
    centre = ring[:, :4].mean(axis=1, keepdims=True)
    ring = centre + factor[:, None, None] * (ring - centre)
    straddle = rng.random(len(built)) < 0.05
    ring[straddle] += 0.45 * (ring[straddle, 1:2] - ring[straddle, 0:1]) / factor[straddle, None, None]
    uses = parcels["land_use"].to_numpy()[built]
    floors = np.where(uses == "residential", rng.integers(2, 33, len(built)), rng.integers(1, 9, len(built)))
    footprint = shapely.area(shapely.polygons(ring))
    population = np.where(uses == "residential", np.round(footprint * floors / 35.0), 0.0)
    return gpd.GeoDataFrame({
        "building_id": [f"B{i + 1:07d}" for i in range(len(built))],
        "use": uses,
        "floors": floors,
        "built_year": rng.integers(1960, 2024, len(built)),
        "population": population,
    }, geometry=shapely.polygons(ring), crs=CRS)


def _district_population(districts, buildings):
    """Residents per district: buildings summed by the district holding their centroid."""
    joined = gpd.sjoin(
        gpd.GeoDataFrame(buildings[["population"]], geometry=buildings.centroid, crs=CRS),
        districts[["code", "geometry"]], predicate="within", how="inner",
    )
    return districts["code"].map(joined.groupby("code")["population"].sum()).fillna(0.0).to_numpy()


def _srs():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(CRS.split(":")[1]))
    return srs


def _tif(path, city, pixels, dtype, nodata=None, pixel_size=None):
    """A new one-band tiled GeoTIFF of ``pixels`` x ``pixels`` on the city's grid (GDAL dataset)."""
    size = pixel_size or city.pixel_size
    dataset = gdal.GetDriverByName("GTiff").Create(path, pixels, pixels, 1, dtype,
                                                   options=["TILED=YES", "BIGTIFF=IF_SAFER"])
    dataset.SetGeoTransform((city.extent[0], size, 0.0, city.extent[3], 0.0, -size))
    dataset.SetProjection(_srs().ExportToWkt())
    if nodata is not None:
        dataset.GetRasterBand(1).SetNoDataValue(nodata)
    return dataset


def _rasters(city, pixels, rng):
    """Write landcover_10m.tif (uint8 codes 1..10) and ndvi_10m.tif (float32); returns their paths.

    Streamed: land use and main roads are burnt into scratch GeoTIFFs, then both outputs are made
    and written strip by strip (STRIP rows), so memory stays at a few strips at any size.
    """
    cache = gdal.GetCacheMax()
    gdal.SetCacheMax(RASTER_CACHE)
    try:
        return _streamed_rasters(city, pixels, rng)
    finally:
        gdal.SetCacheMax(cache)


def _streamed_rasters(city, pixels, rng):
    """_rasters with GDAL's block cache held small."""
    classes = list(LAND_USE_SHARES)
    lu_code = pd.Series(np.arange(1, len(classes) + 1), index=classes)
    scratch = [os.path.join(city.out_dir, name) for name in ("_land_use.tif", "_main_roads.tif")]
    land_use = _tif(scratch[0], city, pixels, gdal.GDT_Byte)
    burn_values(land_use, city.landuse.geometry.values, lu_code[city.landuse["land_use"]].to_numpy())
    cumulative = np.ones((len(classes) + 1, 11))
    cover_of = np.zeros((len(classes) + 1, 11), np.uint8)
    for index, name in enumerate(classes, start=1):
        codes, shares = zip(*LAND_COVER_MIX[name].items(), strict=False)
        cumulative[index, :len(codes)] = np.cumsum(shares) / np.sum(shares)
        cover_of[index, :len(codes)] = codes
        cover_of[index, len(codes):] = codes[-1]
    cover_of[0, :] = 9  # outside every land-use polygon: road reserve, paved
    patch = 8
    coarse = rng.random((pixels // patch + 1, pixels // patch + 1))
    roads = _tif(scratch[1], city, pixels, gdal.GDT_Byte)
    main_roads = city.roads[city.roads["road_class"] != "local"].geometry.values
    burn_values(roads, main_roads, np.ones(len(main_roads), int))
    mean = np.array([NDVI_BY_COVER.get(c, (0.0, 0.0))[0] for c in range(11)], np.float32)
    spread = np.array([NDVI_BY_COVER.get(c, (0.0, 0.0))[1] for c in range(11)], np.float32)
    paths = (os.path.join(city.out_dir, "landcover_10m.tif"), os.path.join(city.out_dir, "ndvi_10m.tif"))
    cover_tif, ndvi_tif = _tif(paths[0], city, pixels, gdal.GDT_Byte, 0), _tif(paths[1], city, pixels,
                                                                            gdal.GDT_Float32, -9999.0)
    for row in range(0, pixels, STRIP):
        height = min(STRIP, pixels - row)
        u = np.repeat(np.repeat(coarse[row // patch:(row + height - 1) // patch + 1], patch, 0), patch, 1)
        u = u[row % patch:row % patch + height, :pixels]
        lu = land_use.GetRasterBand(1).ReadAsArray(0, row, pixels, height)
        pick = np.zeros(lu.shape, np.intp)  # the first class whose cumulative share exceeds u
        for threshold in range(cumulative.shape[1] - 1):
            pick += u >= cumulative[lu, threshold]
        cover = cover_of[lu, pick]
        cover[roads.GetRasterBand(1).ReadAsArray(0, row, pixels, height) == 1] = 9  # paved
        ndvi = mean[cover] + spread[cover] * rng.standard_normal(cover.shape, dtype=np.float32)
        cover_tif.GetRasterBand(1).WriteArray(cover, 0, row)
        ndvi_tif.GetRasterBand(1).WriteArray(np.clip(ndvi, -1.0, 1.0), 0, row)
    cover_tif = ndvi_tif = land_use = roads = None
    for path in scratch:
        gdal.Unlink(path)
    return paths


def make_image(city, path, seed=0):
    """Write a 4-band (B, G, R, NIR) uint16 reflectance x 10,000 image on the land-cover grid.

    Reads the land cover written by ``make_city`` in row strips, so memory stays at a few
    strips; returns ``path``.
    """
    rng = np.random.default_rng(seed)
    source = gdal.Open(city.landcover_path)
    cols, rows = source.RasterXSize, source.RasterYSize
    table = np.zeros((11, 4), np.float32)
    for code, values in REFLECTANCE_BY_COVER.items():
        table[code] = values
    dataset = gdal.GetDriverByName("GTiff").Create(
        path, cols, rows, 4, gdal.GDT_UInt16, options=["TILED=YES", "BIGTIFF=IF_SAFER"]
    )
    dataset.SetGeoTransform(source.GetGeoTransform())
    dataset.SetProjection(source.GetProjection())
    cover_band = source.GetRasterBand(1)
    for row in range(0, rows, 1024):
        height = min(1024, rows - row)
        cover = cover_band.ReadAsArray(0, row, cols, height)
        for band in range(4):
            values = table[cover, band] * (1.0 + 0.08 * rng.standard_normal(cover.shape, dtype=np.float32))
            dataset.GetRasterBand(band + 1).WriteArray(np.clip(values, 0, 10000).astype(np.uint16), 0, row)
    for band, name in enumerate(("blue", "green", "red", "nir"), start=1):
        dataset.GetRasterBand(band).SetDescription(name)
    dataset.FlushCache()
    dataset = None
    source = None
    return path


def _write_layer(frame, path, name):
    """Write a GeoDataFrame as a GeoPackage layer through OGR (fast for 100,000s of features)."""
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.Open(path, 1) if os.path.exists(path) else driver.CreateDataSource(path)
    if dataset.GetLayerByName(name) is not None:
        dataset.DeleteLayer(name)
    layer = dataset.CreateLayer(name, _srs(), ogr.wkbUnknown, options=["GEOMETRY_NAME=geom"])
    kinds = {}
    for column in frame.columns.drop(frame.geometry.name):
        dtype = frame[column].dtype
        kind = ogr.OFTInteger64 if dtype.kind in "iu" else ogr.OFTReal if dtype.kind == "f" else ogr.OFTString
        kinds[column] = kind
        layer.CreateField(ogr.FieldDefn(column, kind))
    definition = layer.GetLayerDefn()
    dataset.StartTransaction()
    columns = list(kinds)
    values = [frame[c].tolist() for c in columns]
    for wkb, *row in zip(shapely.to_wkb(frame.geometry.values), *values, strict=False):
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        for index, value in enumerate(row):
            if value is not None:
                feature.SetField(index, value)
        layer.CreateFeature(feature)
    dataset.CommitTransaction()
    dataset = None
