"""Buildings of the teaching district (typologies laid out on each parcel, floors, built year,
residents) and its three districts with their population (persons); local metres."""
import numpy as np
import shapely
from shapely import affinity
from shapely.ops import split

from sample_plan import BUILT_USES, DISTRICTS, H, W
from sample_shapes import orientation, polygons

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
    for p, label in zip(parcels, labels, strict=False):
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
    for (code, name, name_zh), g in zip(DISTRICTS, shapes, strict=False):
        inside = shapely.contains(g, centroids)
        out.append({"geometry": g, "code": code, "name": name, "name_zh": name_zh,
                    "population": int(pop[inside].sum())})
    return out
