"""Natural features, the road network and land-use parcels of the teaching district, and the
parcels that changed use since 2015 (shapely geometries in local metres)."""
import math

import numpy as np
import shapely
from shapely import affinity

from sample_plan import COLUMNS, H, ROAD_CLASS, ROWS, SEED, W
from sample_shapes import libm, noisy_blob, orientation, polygons, warp


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
