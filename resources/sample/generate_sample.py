"""Generate the made-up teaching district bundled in resources/sample/ (deterministic, fixed seed).

Everything here is invented: names, numbers, shapes. The district imitates a 4 km x 3 km piece of a
city near Wuhan in EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), extent x 528000-532000 m,
y 3380000-3383000 m. Only numpy, shapely 2 and GDAL/OGR are used (no QGIS), so the data can be rebuilt
on any machine with:  .venv/bin/python resources/sample/generate_sample.py

Geometry is built in local metres (u east, v north from the south-west corner) and shifted to
EPSG:4547 when written. Outputs (see README.md in this folder for every field and unit):
teaching_district.gpkg (districts, roads, landuse, buildings, facilities), landcover_2024_10m.tif,
landcover_2015_10m.tif, ndvi_2024_10m.tif, canopy_2024_10m.tif, image_2024_5m.tif.
"""
import math
import os
import sys

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from shapely import affinity
from shapely.ops import split

gdal.UseExceptions()
ogr.UseExceptions()

SEED = 20240601
EPSG = 4547
X0, Y0 = 528000.0, 3380000.0  # south-west corner of the extent (m, EPSG:4547)
W, H = 4000.0, 3000.0  # extent width and height (m)
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
GPKG_DATE = "2024-06-01T00:00:00.000Z"  # fixed GeoPackage timestamps, for byte-stable output

# Land-cover codes shared with the sink algorithms (README.md, "Land-cover codes").
LC = {"forest": 1, "urban_trees": 2, "grassland": 3, "lawn": 4, "cropland": 5, "wetland": 6,
      "water": 7, "built_up": 8, "paved": 9, "bare_land": 10}
LAND_USES = ["residential", "commercial", "industrial", "public", "park", "forest", "grassland",
             "wetland", "water", "cropland", "bare_land", "parking"]
BUILT_USES = ("residential", "commercial", "industrial", "public")

# Road classes: half-width of the paved corridor (m), lanes, AADT range (vehicles/day).
ROAD_CLASS = {
    "arterial": {"half_width": 16.0, "lanes": (6, 8), "aadt": (20000, 40000)},
    "secondary": {"half_width": 10.0, "lanes": (4, 4), "aadt": (8000, 15000)},
    "local": {"half_width": 5.0, "lanes": (2, 2), "aadt": (1000, 4000)},
}
# Grid lines of the road network: (local position m, class, name).
COLUMNS = [(300, "local", "Tianxin Road"), (620, "local", "Yangliu Street"),
           (950, "secondary", "Hubei Road"), (1280, "local", "Lianhua Street"),
           (1700, "arterial", "Zhongshan Avenue"), (2020, "local", "Guangming Road"),
           (2350, "secondary", "Heping Road"), (2680, "local", "Xinmin Street"),
           (3000, "arterial", "Jiangcheng Avenue"), (3330, "local", "Gongye Road"),
           (3660, "secondary", "Dongfeng Road")]
ROWS = [(250, "local", "Nantian Road"), (580, "arterial", "Hubin Avenue"),
        (900, "secondary", "Jinqiao Road"), (1250, "local", "Shuian Street"),
        (1600, "secondary", "Beihe Road"), (1900, "local", "Xingfu Street"),
        (2200, "arterial", "Qingshan Avenue"), (2550, "local", "Songlin Street"),
        (2820, "local", "Beiling Street")]

DISTRICTS = [("D01", "Lakeside District", "湖滨区"), ("D02", "North Garden District", "北苑区"),
             ("D03", "Southport District", "南港区")]
FACILITY_NAMES = ["Southport Ceramics Kiln", "Nangang Dyeing Works Boiler House",
                  "Jinqiao Food Processing Steam Plant", "Dongfeng Metal Finishing Furnace",
                  "Gongye Road Paper Mill Boiler", "Riverside Brewery Boiler House"]
FACILITY_CARRIERS = ["coal", "natural_gas", "natural_gas", "coal", "natural_gas", "natural_gas"]


# ----------------------------------------------------------------------------- helpers
def libm(function, values):
    """``function`` of Python's math module (the C library) applied elementwise, as a float array.

    The same bits on every CPU: numpy's own cos, sin and exp take AVX-512 paths on CPUs that have
    them, which differ from the C library in the last bit and would make the files depend on the machine.
    """
    return np.asarray(np.frompyfunc(function, 1, 1)(values), dtype=float)


def noise(u, v, seed, wavelength, n=16):
    """Smooth random field ~ N(0, 1) at local coordinates u, v (m); features ~ wavelength (m)."""
    r = np.random.default_rng(seed)
    ang = r.uniform(0.0, math.pi, n)
    lam = wavelength * libm(math.exp, r.uniform(-0.6, 0.6, n))
    phase = r.uniform(0.0, 2.0 * math.pi, n)
    total = np.zeros(np.broadcast(u, v).shape)
    for a, la, ph in zip(ang, lam, phase):
        total += libm(math.cos, 2.0 * math.pi / la * (u * math.cos(a) + v * math.sin(a)) + ph)
    return total / math.sqrt(n / 2.0)


def noisy_blob(cx, cy, rx, ry, rot_deg, seed, rough=0.08, n=96):
    """Closed irregular ellipse-like polygon centred on (cx, cy) with semi-axes rx, ry (m)."""
    r = np.random.default_rng(seed)
    t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    radius = np.ones(n)
    for k in (2, 3, 5, 7):
        radius += rough / k * 2.0 * r.uniform(0.5, 1.0) * libm(math.cos, k * t + r.uniform(0, 2 * math.pi))
    x, y = rx * radius * libm(math.cos, t), ry * radius * libm(math.sin, t)
    c, s = math.cos(math.radians(rot_deg)), math.sin(math.radians(rot_deg))
    return shapely.make_valid(shapely.Polygon(np.c_[cx + c * x - s * y, cy + s * x + c * y]))


def warp(u, v):
    """Gentle smooth displacement (m) applied to the road grid so that it is not a ruler grid."""
    du = 22.0 * math.sin(2 * math.pi * v / 1300.0 + 0.7) + 9.0 * math.sin(2 * math.pi * (u + v) / 700.0)
    dv = 18.0 * math.sin(2 * math.pi * u / 1500.0 + 1.3) + 8.0 * math.sin(2 * math.pi * (u - v) / 900.0)
    return u + du, v + dv


def polygons(geom):
    """Polygon parts of a geometry (list), dropping lines, points and empty parts."""
    return [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0.0]


def orientation(geom):
    """Angle (degrees) of the long side of the minimum rotated rectangle of geom."""
    rect = np.asarray(shapely.minimum_rotated_rectangle(geom).exterior.coords)
    edges = np.diff(rect[:3], axis=0)
    long_edge = edges[np.argmax(np.hypot(edges[:, 0], edges[:, 1]))]
    return math.degrees(math.atan2(long_edge[1], long_edge[0]))


# ----------------------------------------------------------------------------- natural features
def natural_features():
    """Lake, wetland, river, hill and green overlays (shapely geometries, local m)."""
    lake = noisy_blob(800, 1050, 400, 210, 8, SEED + 1)
    wetland_outer = noisy_blob(800, 1050, 470, 280, 8, SEED + 2, rough=0.12)
    xs = np.arange(1100.0, 4101.0, 40.0)
    trend = 1070.0 + (xs - 1100.0) / 2900.0 * 380.0
    ys = (trend + 45.0 * libm(math.sin, 2 * math.pi * (xs - 1100.0) / 700.0)
          + 12.0 * libm(math.sin, 2 * math.pi * xs / 260.0 + 1.0))
    ys[:4] = trend[:4]  # the river leaves the lake straight
    river_line = shapely.LineString(np.c_[xs, ys])
    river = river_line.buffer(18.0, cap_style="flat")
    water = shapely.union(lake, river)
    wetland = shapely.difference(shapely.union(wetland_outer, river_line.buffer(35.0).intersection(
        shapely.box(1100, 0, 1450, H))), water)
    lake_park = shapely.difference(noisy_blob(800, 1050, 600, 390, 8, SEED + 3, rough=0.06),
                                   shapely.union(wetland_outer, water))
    river_park = shapely.difference(river_line.buffer(60.0).intersection(shapely.box(1450, 0, W, H)), water)
    hill = noisy_blob(560, 2620, 280, 250, 20, SEED + 4, rough=0.1)
    hill_fringe = shapely.difference(hill.buffer(55.0), hill)
    return {"lake": lake, "river_line": river_line, "water": water, "wetland": wetland,
            "park": shapely.union(lake_park, river_park), "forest": hill, "grassland": hill_fringe}


# ----------------------------------------------------------------------------- roads
def road_network(nat, rng):
    """Noisy grid of road links plus two dead ends: list of dicts (geometry, name, road_class)."""
    nodes = {}
    for i, (c, _, _) in enumerate(COLUMNS):
        for j, (r, _, _) in enumerate(ROWS):
            x, y = warp(c, r)
            nodes[i, j] = (x + rng.uniform(-6, 6), y + rng.uniform(-6, 6))
    for i, (c, _, _) in enumerate(COLUMNS):
        nodes[i, -1] = (warp(c, 0)[0], 0.0)
        nodes[i, len(ROWS)] = (warp(c, H)[0], H)
    for j, (r, _, _) in enumerate(ROWS):
        nodes[-1, j] = (0.0, warp(0, r)[1])
        nodes[len(COLUMNS), j] = (W, warp(W, r)[1])
    edges = []  # (node a, node b, class, name)
    for i, (_, cls, name) in enumerate(COLUMNS):
        for j in range(-1, len(ROWS)):
            edges.append(((i, j), (i, j + 1), cls, name))
    for j, (_, cls, name) in enumerate(ROWS):
        for i in range(-1, len(COLUMNS)):
            edges.append(((i, j), (i + 1, j), cls, name))

    lake_zone = shapely.union(nat["lake"], nat["wetland"]).buffer(15.0)
    hill_zone = nat["forest"].buffer(50.0)
    industrial_zone = shapely.box(2760, 330, W, 1040)
    river_line = nat["river_line"]
    kept = []
    for a, b, cls, name in edges:
        seg = shapely.LineString([nodes[a], nodes[b]])
        if cls != "arterial" and (seg.intersects(lake_zone) or seg.intersects(hill_zone)):
            continue
        if cls == "local":
            if seg.distance(river_line) < 70.0 or industrial_zone.contains(seg.centroid):
                continue
            if rng.uniform() < 0.08:
                continue
        kept.append((a, b, cls, name))
    # Prune dangling links (degree-1 ends not on the extent edge) until none is left.
    def on_edge(n):
        return n[0] in (-1, len(COLUMNS)) or n[1] in (-1, len(ROWS))

    while True:
        degree = {}
        for a, b, _, _ in kept:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        pruned = [e for e in kept if all(degree[n] > 1 or on_edge(n) for n in e[:2])]
        if len(pruned) == len(kept):
            break
        kept = pruned

    roads = []
    for a, b, cls, name in kept:
        pa, pb = np.array(nodes[a]), np.array(nodes[b])
        d = pb - pa
        normal = np.array([-d[1], d[0]]) / np.hypot(*d)
        inner = [pa + t * d + normal * rng.uniform(-4, 4) for t in (0.25, 0.5, 0.75)]
        roads.append({"geometry": shapely.LineString([pa, *inner, pb]), "road_class": cls, "name": name})
    # Dead ends: a forest access road into the hill, and a cul-de-sac into a southern block.
    for (u_at, row_name, length, name, bend) in ((560, "Qingshan Avenue", 230.0, "Pine Hill Road", 25.0),
                                                 (2200, "Nantian Road", 150.0, "Osmanthus Court", -15.0)):
        host = next(r for r in roads if r["name"] == row_name and
                    r["geometry"].bounds[0] <= u_at <= r["geometry"].bounds[2])
        line = host["geometry"]
        start = line.interpolate(line.project(shapely.Point(u_at, line.centroid.y)))
        coords = np.array(line.coords)
        k = int(np.searchsorted(np.cumsum(np.r_[0, np.hypot(*np.diff(coords, axis=0).T)]),
                                line.project(start)))
        first = shapely.LineString([*coords[:k], (start.x, start.y)])
        second = shapely.LineString([(start.x, start.y), *coords[k:]])
        host["geometry"] = first
        roads.append({"geometry": second, "road_class": host["road_class"], "name": host["name"]})
        sx, sy = start.x, start.y
        roads.append({"geometry": shapely.LineString([(sx, sy), (sx + bend * 0.3, sy + length * 0.4),
                                                      (sx + bend, sy + length * 0.75), (sx + bend * 0.8, sy + length)]),
                      "road_class": "local", "name": name})
    for k, road in enumerate(roads):
        spec = ROAD_CLASS[road["road_class"]]
        lo, hi = spec["aadt"]
        road["road_id"] = "R%04d" % (k + 1)
        road["aadt"] = int(round(rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)), -1))
        road["lanes"] = int(rng.choice(spec["lanes"]))
    return roads


def corridors(roads):
    """Paved road corridor polygons (local m), one per road, widths by class."""
    return [shapely.buffer(r["geometry"], ROAD_CLASS[r["road_class"]]["half_width"]) for r in roads]


# ----------------------------------------------------------------------------- land use
def split_half(piece):
    """Split a polygon across its long axis through its centroid: (first half, second half)."""
    theta = orientation(piece)
    c = piece.centroid
    minx, miny, _, maxy = affinity.rotate(piece, -theta, origin=c).bounds
    cutter = affinity.rotate(shapely.box(minx - 1, miny - 1, c.x, maxy + 1), theta, origin=c)
    return piece.intersection(cutter), piece.difference(cutter)


def corner_lot(piece, size=(75.0, 60.0)):
    """A corner lot of about size (m) cut from a polygon: (lot, rest)."""
    theta = orientation(piece)
    c = piece.centroid
    minx, miny, _, _ = affinity.rotate(piece, -theta, origin=c).bounds
    cutter = affinity.rotate(shapely.box(minx, miny, minx + size[0], miny + size[1]), theta, origin=c)
    return piece.intersection(cutter), piece.difference(cutter)


def block_use(c):
    """Default land use of a block from its centroid (local m)."""
    if (c.x < 300 and c.y < 2100) or (c.x > 3000 and c.y < 330):
        return "cropland"
    if 2760 < c.x and 330 < c.y < 1040:
        return "industrial"
    if math.hypot(c.x - 3000, c.y - 2200) < 430 or math.hypot(c.x - 1700, c.y - 580) < 260:
        return "commercial"
    return "residential"


def land_use(nat, road_polys, rng):
    """Land-use parcels: list of dicts (geometry, land_use, block, role). Covers the extent minus roads.

    role: 'natural' (overlay), 'verge' or 'remnant' (small leftovers), 'split' (half of a split block),
    'lot' (bare-land or parking corner lot) or 'main' (the block's default use)."""
    extent = shapely.box(0, 0, W, H)
    blocks = polygons(shapely.difference(extent, shapely.union_all(road_polys)))
    blocks.sort(key=lambda p: (round(p.centroid.y, 3), round(p.centroid.x, 3)))
    overlays = [(name, nat[name]) for name in ("water", "wetland", "forest", "grassland", "park")]
    parcels = []
    second_uses = ["public", "commercial", "park", "commercial", "public", "residential", "public"]
    lot_uses = ["bare_land", "parking"]
    n_split = n_lot = 0
    for b_id, block in enumerate(blocks):
        rest = block
        if block.area < 500.0:  # traffic islands and verges
            parcels.append({"geometry": block, "land_use": "grassland", "block": b_id, "role": "verge"})
            continue
        for name, geom in overlays:
            part = rest.intersection(geom)
            for p in polygons(part):
                parcels.append({"geometry": p, "land_use": name, "block": b_id, "role": "natural"})
            rest = rest.difference(geom)
        default = block_use(block.centroid)
        for p in polygons(rest):
            if p.area < 2500.0:
                parcels.append({"geometry": p, "land_use": "grassland" if default != "cropland" else "cropland",
                                "block": b_id, "role": "remnant"})
                continue
            if default in ("residential", "commercial", "industrial") and p.area > 45000.0 and rng.uniform() < 0.35:
                first, second = split_half(p)
                use2 = second_uses[n_split % len(second_uses)] if default != "industrial" else "grassland"
                n_split += 1
                for q in polygons(first):
                    parcels.append({"geometry": q, "land_use": default, "block": b_id, "role": "split"})
                for q in polygons(second):
                    parcels.append({"geometry": q, "land_use": use2, "block": b_id, "role": "split"})
                continue
            if default in ("residential", "commercial", "industrial") and p.area > 30000.0 and rng.uniform() < 0.3:
                lot, p = corner_lot(p)
                use_lot = lot_uses[n_lot % 2]
                n_lot += 1
                for q in polygons(lot):
                    parcels.append({"geometry": q, "land_use": use_lot, "block": b_id, "role": "lot"})
            for q in polygons(p):
                parcels.append({"geometry": q, "land_use": default, "block": b_id, "role": "main"})
    return parcels


def conversions_2015(parcels):
    """Land use in 2015 for every parcel (list of str) and the conversion label (or '')."""
    uses_2015, labels = [], []
    first_park = True
    for p in parcels:
        c, use = p["geometry"].centroid, p["land_use"]
        label = ""
        if use == "residential" and c.x < 1000 and c.y < 2150 and p["role"] == "main":
            label = "cropland -> residential"
        elif use == "residential" and 1750 < c.x < 2700 and c.y < 600:
            label = "bare_land -> residential"
        elif use == "park" and p["role"] == "split" and first_park:
            label, first_park = "bare_land -> park", False
        elif use == "industrial" and c.x > 3680:
            label = "grassland -> industrial"
        uses_2015.append(label.split(" -> ")[0] if label else use)
        labels.append(label)
    return uses_2015, labels


# ----------------------------------------------------------------------------- buildings
GFA_PER_RESIDENT = 40.0  # m2 gross floor area per resident (made-up, near Chinese city averages)
OCCUPANCY = 0.9  # share of dwellings occupied
# Typologies: footprint (along, across) m, gaps (along, across) m, floors range, year range, keep fraction.
TYPOLOGY = {
    "walkup": ((52, 12), (14, 20), (5, 7), (1980, 1999), 0.85),
    "midrise": ((46, 15), (22, 34), (11, 26), (2000, 2015), 0.85),
    "tower": ((38, 18), (30, 48), (18, 33), (2016, 2023), 0.9),
    "village": ((13, 10), (9, 10), (2, 3), (1985, 2010), 0.6),
    "commercial": ((48, 30), (22, 26), (3, 30), (1995, 2022), 0.8),
    "industrial": ((72, 40), (26, 26), (1, 3), (1990, 2021), 0.85),
    "public": ((52, 22), (26, 30), (2, 6), (1980, 2020), 0.75),
}


def typology_for(parcel, label, rng):
    """Typology name for a built parcel."""
    use, c = parcel["land_use"], parcel["geometry"].centroid
    if use != "residential":
        return use
    if label:
        return "tower"
    if c.x < 1000 and c.y > 2150:
        return "village"
    return "walkup" if rng.uniform() < 0.45 else "midrise"


def lattice(parcel_geom, typ, rng):
    """Non-overlapping rectangles (local m) on a rotated lattice inside the parcel set back 8 m."""
    (along, across), (gap_a, gap_c), _, _, keep = TYPOLOGY[typ]
    theta = orientation(parcel_geom)
    c = parcel_geom.centroid
    rot = affinity.rotate(parcel_geom, -theta, origin=c)
    inset = rot.buffer(-8.0)
    if inset.is_empty:
        return []
    minx, miny, maxx, maxy = inset.bounds
    xs = np.arange(minx + rng.uniform(0, gap_a), maxx - along, along + gap_a)
    ys = np.arange(miny + rng.uniform(0, gap_c), maxy - across, across + gap_c)
    if len(xs) == 0 or len(ys) == 0:
        return []
    gx, gy = np.meshgrid(xs, ys)
    gx = gx.ravel() + rng.uniform(-2, 2, gx.size)
    gy = gy.ravel() + rng.uniform(-2, 2, gy.size)
    boxes = shapely.box(gx, gy, gx + along, gy + across)
    ok = shapely.contains(inset, boxes) & (rng.uniform(size=boxes.size) < keep)
    return [affinity.rotate(b, theta, origin=c) for b in boxes[ok]]


def attributes(typ, rng, year_range=None):
    """floors, built_year for a building of a typology."""
    _, _, (f_lo, f_hi), (y_lo, y_hi), _ = TYPOLOGY[typ]
    lo, hi = year_range or (y_lo, y_hi)
    return int(rng.integers(f_lo, f_hi + 1)), int(rng.integers(lo, hi + 1))


def buildings_for(parcels, labels, rng):
    """Buildings: list of dicts (geometry, use, floors, built_year, population); some straddle parcels."""
    out = []
    for p, label in zip(parcels, labels):
        if p["land_use"] not in BUILT_USES:
            continue
        typ = typology_for(p, label, rng)
        years = (2016, 2023) if label else None
        for g in lattice(p["geometry"], typ, rng):
            floors, year = attributes(typ, rng, years)
            out.append({"geometry": g, "use": p["land_use"], "floors": floors, "built_year": year})
    # A few buildings deliberately straddle the line between two built parcels of a split block.
    by_block = {}
    for p in parcels:
        if p["role"] == "split" and p["land_use"] in BUILT_USES:
            by_block.setdefault(p["block"], []).append(p)
    straddlers = 0
    for pair in by_block.values():
        if len(pair) != 2 or straddlers >= 5:
            continue
        line = pair[0]["geometry"].boundary.intersection(pair[1]["geometry"].boundary)
        if line.length < 80.0:
            continue
        mid = line.interpolate(0.5, normalized=True)
        theta = orientation(shapely.union(pair[0]["geometry"], pair[1]["geometry"]))
        g = affinity.rotate(shapely.box(mid.x - 16, mid.y - 11, mid.x + 16, mid.y + 11), theta, origin=mid)
        if not shapely.union(pair[0]["geometry"], pair[1]["geometry"]).buffer(-4.0).contains(g):
            continue
        out = [b for b in out if not b["geometry"].intersects(g.buffer(6.0))]
        typ = "commercial" if pair[0]["land_use"] == "commercial" else "public"
        floors, year = attributes(typ, rng)
        out.append({"geometry": g, "use": pair[0]["land_use"], "floors": min(floors, 12), "built_year": year})
        straddlers += 1
    for b in out:
        floor_area = b["geometry"].area * b["floors"]  # m2 gross floor area
        b["population"] = int(round(floor_area / GFA_PER_RESIDENT * OCCUPANCY)) if b["use"] == "residential" else 0
    out.sort(key=lambda b: (round(b["geometry"].centroid.y, 2), round(b["geometry"].centroid.x, 2)))
    for k, b in enumerate(out):
        b["building_id"] = "G%05d" % (k + 1)
    return out, straddlers


# ----------------------------------------------------------------------------- districts
def district_shapes(roads, nat):
    """Three polygons tiling the extent: west of Zhongshan Avenue, then north and south of the river."""
    col = [r["geometry"] for r in roads if r["name"] == "Zhongshan Avenue"]
    coords = list(shapely.line_merge(shapely.union_all(col)).coords)
    if coords[0][1] > coords[-1][1]:
        coords = coords[::-1]
    west = shapely.Polygon([(0, 0), *coords, (0, H)])
    east = shapely.Polygon([*coords, (W, H), (W, 0)])
    east_parts = polygons(split(east, nat["river_line"]))
    east_parts.sort(key=lambda p: -p.centroid.y)
    return [west, east_parts[0], shapely.union_all(east_parts[1:])]


def split_by_districts(parcels, shapes):
    """Cut parcels that cross a district boundary (the river) so that each lies in one district."""
    out = []
    for p in parcels:
        for shape in shapes:
            for q in polygons(p["geometry"].intersection(shape)):
                if q.area > 1.0:
                    out.append({**p, "geometry": q})
    return out


def districts(shapes, buildings):
    """District rows; population (persons) = residents of the buildings whose centroid is inside."""
    centroids = shapely.centroid(np.array([b["geometry"] for b in buildings]))
    pop = np.array([b["population"] for b in buildings])
    out = []
    for (code, name, name_zh), g in zip(DISTRICTS, shapes):
        inside = shapely.contains(g, centroids)
        out.append({"geometry": g, "code": code, "name": name, "name_zh": name_zh,
                    "population": int(pop[inside].sum())})
    return out


# ----------------------------------------------------------------------------- writing vectors
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
    S, I = ogr.OFTString, ogr.OFTInteger
    write_layer(ds, "districts", ogr.wkbPolygon,
                [("code", S), ("name", S), ("name_zh", S), ("population", I)], world_polygons(dists))
    write_layer(ds, "roads", ogr.wkbLineString,
                [("road_id", S), ("name", S), ("road_class", S), ("aadt", I), ("lanes", I)],
                [{**r, "geometry": to_world(r["geometry"])} for r in roads])
    write_layer(ds, "landuse", ogr.wkbPolygon, [("lu_id", S), ("land_use", S)], parcels)
    write_layer(ds, "buildings", ogr.wkbPolygon,
                [("building_id", S), ("use", S), ("floors", I), ("built_year", I), ("population", I)],
                world_polygons(buildings))
    write_layer(ds, "facilities", ogr.wkbPoint,
                [("facility_id", S), ("name", S), ("sector", S), ("carrier", S), ("building_id", S)],
                [{**f, "geometry": to_world(f["geometry"])} for f in facilities])
    ds = None
    gdal.SetConfigOption("OGR_CURRENT_DATE", None)


# ----------------------------------------------------------------------------- rasters
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
    for g, val in zip(geoms, values):
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


# ----------------------------------------------------------------------------- main
def main(out_dir=OUT_DIR):
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
    for p, label in zip(parcels, labels):
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
        lab == "bare_land -> park" and g.intersects(p["geometry"]) for p, lab in zip(parcels, labels))]
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
    for p, lab in zip(parcels, labels):
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
        print("landcover", year, "ha:", {names[c]: n / 100.0 for c, n in zip(codes, counts)})
    changed = lc2015 != lc2024
    pairs, counts = np.unique(lc2015[changed].astype(int) * 100 + lc2024[changed], return_counts=True)
    print("changed pixels:", {"%s->%s" % (names[p // 100], names[p % 100]): int(n) for p, n in zip(pairs, counts)})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else OUT_DIR)
