"""Generate the made-up teaching district bundled in resources/sample/ (deterministic, fixed seed).

Everything here is invented: names, numbers, shapes. The district imitates a 4 km x 3 km piece of a
city near Wuhan in EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), extent x 528000-532000 m,
y 3380000-3383000 m. Only numpy, shapely 2 and GDAL/OGR are used (no QGIS), so the data can be rebuilt
on any machine with:  .venv/bin/python resources/sample/generate_sample.py

Geometry is built in local metres (u east, v north from the south-west corner) and shifted to
EPSG:4547 when written. Outputs (see README.md in this folder for every field and unit):
teaching_district.gpkg (districts, roads, landuse, buildings, facilities), landcover_2024_10m.tif,
landcover_2015_10m.tif, ndvi_2024_10m.tif, canopy_2024_10m.tif, image_2024_5m.tif.

The generator's parts sit beside it: sample_plan (seed, extent, codes, road grid, names),
sample_shapes (noise and shape helpers), sample_land (natural features, roads, land use),
sample_buildings (buildings and districts), sample_vectors (the GeoPackage) and sample_rasters
(land cover, NDVI, canopy and the image). This script runs them in order.
"""
import os
import sys

import numpy as np
from osgeo import gdal, ogr

from sample_buildings import buildings_for, district_shapes, districts, split_by_districts
from sample_land import conversions_2015, corridors, land_use, natural_features, road_network
from sample_plan import BUILT_USES, FACILITY_CARRIERS, FACILITY_NAMES, LAND_USES, LC, ROAD_CLASS, SEED
from sample_rasters import image, land_cover, ndvi_and_canopy, park_paths, write_tif
from sample_shapes import polygons
from sample_vectors import to_world, write_gpkg

OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def main(out_dir=OUT_DIR):
    """Write every sample file into ``out_dir`` and print a summary."""
    gdal.UseExceptions()
    ogr.UseExceptions()
    rng = np.random.default_rng(SEED)
    nat = natural_features()
    roads = road_network(nat, rng)
    road_polys = corridors(roads)
    shapes = district_shapes(roads, nat)
    parcels = land_use(nat, road_polys, rng)
    parcels = split_by_districts(parcels, shapes)
    uses_2015, labels = conversions_2015(parcels)
    buildings, straddlers = buildings_for(parcels, labels, rng)
    dists = districts(shapes, buildings)
    industrial = sorted((b for b in buildings if b["use"] == "industrial"),
                        key=lambda b: (-round(b["geometry"].area, 1), b["building_id"]))[:len(FACILITY_NAMES)]
    facilities = [{"geometry": b["geometry"].point_on_surface(), "facility_id": "F%02d" % (k + 1),
                   "name": FACILITY_NAMES[k], "sector": "industry", "carrier": FACILITY_CARRIERS[k],
                   "building_id": b["building_id"]} for k, b in enumerate(industrial)]

    world_parcels = []
    for p, label in zip(parcels, labels, strict=False):
        for part in polygons(to_world(p["geometry"])):
            world_parcels.append({"geometry": part, "land_use": p["land_use"], "label": label})
    for k, p in enumerate(world_parcels):
        p["lu_id"] = "L%04d" % (k + 1)
    write_gpkg(os.path.join(out_dir, "teaching_district.gpkg"), dists, roads, world_parcels, buildings, facilities)

    paths = park_paths(parcels)
    uses_2024 = [p["land_use"] for p in parcels]
    lc2024 = land_cover(10.0, parcels, uses_2024, buildings, roads, road_polys, paths)
    old_buildings = [b for b in buildings if b["built_year"] <= 2015]
    old_paths = [g for g in paths if not any(
        lab == "bare_land -> park" and g.intersects(p["geometry"]) for p, lab in zip(parcels, labels, strict=False))]
    lc2015 = land_cover(10.0, parcels, uses_2015, old_buildings, roads, road_polys, old_paths)
    write_tif(os.path.join(out_dir, "landcover_2024_10m.tif"), [lc2024], gdal.GDT_Byte, 10.0, nodata=0)
    write_tif(os.path.join(out_dir, "landcover_2015_10m.tif"), [lc2015], gdal.GDT_Byte, 10.0, nodata=0)
    ndvi, canopy = ndvi_and_canopy(lc2024, rng)
    write_tif(os.path.join(out_dir, "ndvi_2024_10m.tif"), [ndvi], gdal.GDT_Float32, 10.0, nodata=-9999, predictor=3)
    write_tif(os.path.join(out_dir, "canopy_2024_10m.tif"), [canopy], gdal.GDT_Float32, 10.0, predictor=3)
    lc5 = land_cover(5.0, parcels, uses_2024, buildings, roads, road_polys, paths)
    write_tif(os.path.join(out_dir, "image_2024_5m.tif"), image(lc5, buildings, parcels, rng), gdal.GDT_UInt16,
              5.0, descriptions=["blue", "green", "red", "nir"])
    report(dists, roads, parcels, labels, buildings, straddlers, facilities, lc2015, lc2024, world_parcels)


def report(dists, roads, parcels, labels, buildings, straddlers, facilities, lc2015, lc2024, world_parcels):
    """Print a summary (used to keep README.md figures honest)."""
    print("districts:", [(d["code"], round(d["geometry"].area / 1e4, 1), d["population"]) for d in dists])
    print("roads:", len(roads), {c: sum(r["road_class"] == c for r in roads) for c in ROAD_CLASS})
    area = {}
    for p in parcels:
        area[p["land_use"]] = area.get(p["land_use"], 0.0) + p["geometry"].area / 1e4
    print("landuse parcels:", len(parcels), {k: round(v, 1) for k, v in sorted(area.items())}, "ha")
    conv = {}
    for p, lab in zip(parcels, labels, strict=False):
        if lab:
            n, a = conv.get(lab, (0, 0.0))
            conv[lab] = (n + 1, a + p["geometry"].area / 1e4)
    print("conversions 2015->2024 (parcels, ha):", {k: (n, round(a, 1)) for k, (n, a) in conv.items()})
    for lab in conv:
        print("  ", lab, [p["lu_id"] for p in world_parcels if p["label"] == lab])
    print("2024 bare_land lots:", [p["lu_id"] for p in world_parcels if p["land_use"] == "bare_land"],
          "parking:", [p["lu_id"] for p in world_parcels if p["land_use"] == "parking"])
    print("buildings:", len(buildings), "straddling:", straddlers,
          {u: sum(b["use"] == u for b in buildings) for u in BUILT_USES},
          "population:", sum(b["population"] for b in buildings))
    print("facilities:", [(f["facility_id"], f["carrier"], f["building_id"]) for f in facilities])
    names = {v: k for k, v in LC.items()}
    print("parcels by use:", {u: sum(p["land_use"] == u for p in world_parcels) for u in LAND_USES})
    for year, lc in (("2015", lc2015), ("2024", lc2024)):
        codes, counts = np.unique(lc, return_counts=True)
        print("landcover", year, "ha:", {names[c]: n / 100.0 for c, n in zip(codes, counts, strict=False)})
    changed = lc2015 != lc2024
    pairs, counts = np.unique(lc2015[changed].astype(int) * 100 + lc2024[changed], return_counts=True)
    changes = {"%s->%s" % (names[p // 100], names[p % 100]): int(n) for p, n in zip(pairs, counts, strict=True)}
    print("changed pixels:", changes)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else OUT_DIR)
