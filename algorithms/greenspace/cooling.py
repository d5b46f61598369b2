"""Park cooling in the InVEST Urban Cooling form, on vector units, and the cooling energy it saves.

For each land-cover class k (parameters in ``resources/greenspace/cooling.csv``):

    CC_k = w_shade x shade_k + w_albedo x albedo_k + w_eti x ETI_k,   ETI_k = Kc_k x ET0 / ET0_max = Kc_k

(one reference ET0 for the whole city, so ET0 / ET0_max = 1). A green unit j has green area G_j
(m2 of green classes, effective) and cooling capacity CC_j (area-weighted over its green
classes); a building i has its own CC_i (its cover, else built_up). Park cooling at the
building's centroid x_i, with InVEST's kernel normalised over its window (cut off at c x d_cool):

    I_ij = integral over unit j of G_j/A_j exp(-|x - x_i| / d_cool) dx        (m2, sampled)
    K    = 2 pi d_cool^2 (1 - exp(-c) (1 + c))                               (m2, exact)
    CC_park,i = sum_j CC_j I_ij / K
    GA_i = green area of the units' sample points within d_cool (m2)
    HM_i = CC_park,i if GA_i >= 2 ha and CC_park,i > CC_i, else CC_i
    T_air,i = T_ref + (1 - HM_i) x UHI_max
    dT_i = (HM_i - CC_i) x UHI_max                 (park cooling: air temperature without it minus with it)
    kWh_i = e_use x footprint_i x dT_i             (e in kWh per degC per m2 footprint per year)

I_ij is summed over sample points at the centres of 10 m cells inside unit j (InVEST's pixels);
when the building is farther than 3 half-diagonals of the unit from its centroid, the kernel hardly
varies across the unit and I_ij = G_j exp(-D_ij / d_cool) with D_ij the centroid distance. The
saving is shared among the green units in proportion to CC_j I_ij, so the shares sum to the
building's saving.
"""
import numpy as np
import pandas as pd
import shapely

from .parameters import land_cover_classes, product_activity
from .green_units import AREA_STAT
from ..core.messages import tr
from ..core.progress import NO_PROGRESS

OTHER_USE = "other"
"""applies_to of the cooling-energy row used for building uses without their own row."""

SAMPLE_SPACING_M = 10.0
"""Spacing of the sample points inside green units, m (the land-cover raster's resolution)."""

MAX_SAMPLES = 400
"""Most sample points per green unit; larger units get a coarser spacing."""

NEAR_MULTIPLE = 3.0
"""Pairs nearer than this many half-diagonals of the green unit integrate over its sample points."""

BUILDING_CHUNK = 2000
"""Buildings per block of the distance computation (bounds memory)."""

GPC_BY_USE = {"residential": "I.1", "industrial": "I.3"}
"""GPC stationary-energy sector of a building use; other uses are I.2 (commercial, institutional)."""


def class_cooling_capacity(parameters):
    """Cooling capacity CC (0..1) of each land-cover class, as a Series indexed by class."""
    classes = land_cover_classes()["class"]
    weights = {part: parameters.value(parameters.id_for("cc_weight", part)) for part in ("shade", "albedo", "eti")}
    shade = parameters.values_for("shade", classes)
    albedo = parameters.values_for("albedo", classes)
    kc = parameters.values_for("kc", classes)
    return pd.Series(
        weights["shade"] * shade + weights["albedo"] * albedo + weights["eti"] * kc, index=classes.to_numpy()
    )


def green_cooling(cover, capacity):
    """(green area G_j m2, green-only cooling capacity CC_j) per green unit (arrays in cover's order)."""
    green_classes = land_cover_classes().query("green == 1")["class"].tolist()
    areas = cover[green_classes].to_numpy()
    green_area = areas.sum(axis=1)
    weighted = areas @ capacity[green_classes].to_numpy()
    return green_area, np.divide(weighted, green_area, out=np.zeros_like(green_area), where=green_area > 0)


def building_capacity(buildings, stats, capacity, fallback="built_up"):
    """CC_i of each building: area-weighted over its own unit_stats cover, else the fallback class's CC."""
    rows = stats[stats["unit_id"].isin(buildings["unit_id"]) & stats["stat"].str.startswith(AREA_STAT)]
    rows = rows.assign(cover=rows["stat"].str[len(AREA_STAT):])
    rows = rows[rows["cover"].isin(capacity.index)]
    weighted = (rows["value"] * rows["cover"].map(capacity)).groupby(rows["unit_id"]).sum()
    total = rows.groupby("unit_id")["value"].sum()
    own = (weighted / total[total > 0]).reindex(buildings["unit_id"])
    return own.fillna(capacity[fallback]).to_numpy()


def kernel_integral(d_cool, cutoff_multiple):
    """Integral of exp(-r / d_cool) over the disc r <= cutoff_multiple x d_cool, m2.

    2 pi d_cool^2 (1 - exp(-c) (1 + c)): InVEST normalises its kernel to sum to 1 over the window,
    so CC_park is a kernel-weighted share of the whole neighbourhood, green or not.
    """
    c = cutoff_multiple
    return 2.0 * np.pi * d_cool ** 2 * (1.0 - np.exp(-c) * (1.0 + c))


def green_samples(green, green_area):
    """Sample points of each green unit: centres of a grid of cells inside its polygon.

    The spacing is SAMPLE_SPACING_M (the land-cover raster's 10 m), coarsened to keep at most
    MAX_SAMPLES per unit; each point carries G_j / n_j of the unit's green area (m2). A unit too
    thin to hold a cell centre gets one point (its representative point).
    Returns (x, y, owner position, weight m2) arrays.
    """
    xs, ys, owners, weights = [], [], [], []
    for position, geometry in enumerate(green.geometry.values):
        if green_area[position] <= 0:
            continue
        spacing = max(SAMPLE_SPACING_M, np.sqrt(geometry.area / MAX_SAMPLES))
        minx, miny, maxx, maxy = geometry.bounds
        grid_x, grid_y = np.meshgrid(
            np.arange(minx + spacing / 2, maxx, spacing), np.arange(miny + spacing / 2, maxy, spacing)
        )
        grid_x, grid_y = grid_x.ravel(), grid_y.ravel()
        inside = shapely.contains_xy(geometry, grid_x, grid_y)
        x, y = grid_x[inside], grid_y[inside]
        if len(x) == 0:
            point = geometry.representative_point()
            x, y = np.array([point.x]), np.array([point.y])
        xs.append(x)
        ys.append(y)
        owners.append(np.full(len(x), position))
        weights.append(np.full(len(x), green_area[position] / len(x)))
    if not xs:
        return (np.array([]),) * 3 + (np.array([]),)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(owners), np.concatenate(weights)


def _pair_integrals(b, g, cx, cy, samples, d_cool, cutoff):
    """Kernel integral I (m2) and green area within d_cool (m2) of each (building b, green unit g) pair.

    Pairs whose building centre lies farther than NEAR_MULTIPLE x the unit's half-diagonal from the
    unit's centroid use the centroid (the kernel varies little across the unit); nearer pairs sum
    the unit's sample points.
    """
    sx, sy, weight, first, count, gx, gy, half_diagonal, green_area = samples
    centre_distance = np.hypot(cx[b] - gx[g], cy[b] - gy[g])
    far = centre_distance > NEAR_MULTIPLE * half_diagonal[g]
    integral = np.where(far & (centre_distance <= cutoff), green_area[g] * np.exp(-centre_distance / d_cool), 0.0)
    within = np.where(far & (centre_distance <= d_cool), green_area[g], 0.0)
    near = np.flatnonzero(~far)
    if len(near):
        repeats = count[g[near]]
        pair = np.repeat(np.arange(len(near)), repeats)
        offset = np.arange(repeats.sum()) - np.repeat(np.cumsum(repeats) - repeats, repeats)
        sample = first[g[near]][pair] + offset
        distance = np.hypot(cx[b[near]][pair] - sx[sample], cy[b[near]][pair] - sy[sample])
        kernel = np.where(distance <= cutoff, weight[sample] * np.exp(-distance / d_cool), 0.0)
        integral[near] = np.bincount(pair, weights=kernel, minlength=len(near))
        within[near] = np.bincount(pair, weights=np.where(distance <= d_cool, weight[sample], 0.0), minlength=len(near))
    return integral, within


def park_cooling(buildings, green, green_area, green_cc, building_cc, parameters, progress=NO_PROGRESS):
    """Per building HM and dT, and the pairs (building, green unit, share) that cause it.

    buildings, green: GeoDataFrames in one projected CRS; distances are from the building's
    centroid to the green units' sample points. Returns (per_building DataFrame with unit_id, cc,
    cc_park, green_area_m2, hm, dt_degc; pairs DataFrame with building and green positions and
    the share of the building's park cooling each green unit gives).
    """
    d_cool = parameters.value(parameters.id_for("cooling_distance", "all"))
    multiple = parameters.value(parameters.id_for("cooling_cutoff", "all"))
    threshold = parameters.value(parameters.id_for("green_area_threshold", "all"))
    uhi = parameters.value(parameters.id_for("uhi_max", "all"))
    norm = kernel_integral(d_cool, multiple)
    sx, sy, owner, weight = green_samples(green, green_area)
    n, n_green = len(buildings), len(green)
    count = np.bincount(owner.astype(np.int64), minlength=n_green)
    first = np.cumsum(count) - count
    green_centres = shapely.centroid(green.geometry.values)
    bounds = shapely.bounds(green.geometry.values)
    half_diagonal = np.hypot(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) / 2.0
    gx, gy = shapely.get_x(green_centres), shapely.get_y(green_centres)
    samples = (sx, sy, weight, first, count, gx, gy, half_diagonal, green_area)
    centres = shapely.centroid(buildings.geometry.values)
    cx, cy = shapely.get_x(centres), shapely.get_y(centres)
    tree = shapely.STRtree(green.geometry.values)
    near_green = np.zeros(n)
    pair_b, pair_g, pair_value = [], [], []
    for start in range(0, n, BUILDING_CHUNK):
        stop = min(start + BUILDING_CHUNK, n)
        reach = multiple * d_cool  # envelope query; pairs beyond the cut-off contribute 0 below
        x, y = cx[start:stop], cy[start:stop]
        b, g = tree.query(shapely.box(x - reach, y - reach, x + reach, y + reach))
        order = np.lexsort((g, b))  # by building, then green unit: sums run in the same order in every partition
        b, g = b[order] + start, g[order]
        integral, within = _pair_integrals(b, g, cx, cy, samples, d_cool, multiple * d_cool)
        near_green += np.bincount(b, weights=within, minlength=n)
        pair_b.append(b)
        pair_g.append(g)
        pair_value.append(integral * green_cc[g])
        progress(stop / n, tr("Park cooling"))
    b = np.concatenate(pair_b) if pair_b else np.array([], dtype=np.int64)
    g = np.concatenate(pair_g) if pair_g else np.array([], dtype=np.int64)
    contribution = np.concatenate(pair_value) if pair_value else np.array([])
    cooled = np.bincount(b, weights=contribution, minlength=n)
    cc_park = cooled / norm
    parked = (near_green >= threshold) & (cc_park > building_cc)
    hm = np.where(parked, cc_park, building_cc)
    per_building = pd.DataFrame({
        "unit_id": buildings["unit_id"].to_numpy(), "cc": building_cc, "cc_park": cc_park,
        "green_area_m2": near_green, "hm": hm, "dt_degc": (hm - building_cc) * uhi,
    })
    share = np.divide(contribution, cooled[b], out=np.zeros_like(contribution), where=cooled[b] > 0)
    keep = parked[b] & (share > 0)
    pairs = pd.DataFrame({"building": b[keep], "green": g[keep], "share": share[keep]})
    return per_building, pairs


def cooling_uses(buildings, parameters, progress=NO_PROGRESS):
    """Cooling-energy use of each building (array): its land_use when a cooling-energy row names it,
    else OTHER_USE. Warns about such uses and about buildings with no footprint area (they save no
    cooling energy and get no entry from ``cooling_rows``)."""
    empty = shapely.area(buildings.geometry.values) <= 0
    if empty.any():
        progress.warn(
            tr("{buildings} buildings have no footprint area (e.g. {example}): they save no cooling energy and get no "
               "cooling entry").format(buildings=int(empty.sum()), example=buildings["unit_id"].to_numpy()[empty][0])
        )
    uses = buildings["land_use"].fillna(OTHER_USE).astype(str).to_numpy()
    known = set(parameters.ids("cooling_energy"))
    unknown = sorted(set(uses) - known)
    if unknown:
        progress.warn(tr("building uses {uses} have no cooling-energy parameter: the '{other_use}' row is used").format(
            uses=unknown, other_use=OTHER_USE))
    return np.where(np.isin(uses, list(known)), uses, OTHER_USE).astype(object)


def cooling_rows(buildings, green, per_building, pairs, parameters, grid_factor_id):
    """Avoided-emission accounting rows: one per (building, green unit) pair with a saving, in pair order.

    buildings: with ``cooling_use`` (``cooling_uses``). Activity = e_use x footprint x dT x share
    (kWh/yr); factor = grid; conversion -1/1000 (avoided emissions are negative, like sinks).
    Buildings with no footprint area get no row. Returns a DataFrame (with a ``basis`` column).
    """
    footprint = shapely.area(buildings.geometry.values)
    uses = buildings["cooling_use"].to_numpy(dtype=object)
    b = pairs["building"].to_numpy()
    take = footprint[b] > 0
    b, g, share = b[take], pairs["green"].to_numpy()[take], pairs["share"].to_numpy()[take]
    uhi_id = parameters.id_for("uhi_max", "all")
    base = footprint[b] * (per_building["hm"] - per_building["cc"]).to_numpy()[b] * share
    value, low, high = np.empty(len(b)), np.empty(len(b)), np.empty(len(b))
    notes = {}
    for use in np.unique(uses[b]):
        mine = uses[b] == use
        energy_id = parameters.id_for("cooling_energy", use)
        value[mine], low[mine], high[mine] = product_activity(base[mine], [uhi_id, energy_id], parameters)
        notes[use] = f"kg -> t, avoided (negative); kWh = footprint x (HM - CC) x {uhi_id} x {energy_id} x share"
    pair_uses = pd.Series(uses[b], dtype=object)
    return pd.DataFrame({
        "unit_id": buildings["unit_id"].to_numpy()[b], "flow": "avoided", "sector": "greenspace_cooling",
        "gpc_sector": pair_uses.map(GPC_BY_USE).fillna("I.2").to_numpy(), "scope": 2, "carrier": "electricity",
        "activity": value, "activity_unit": "kWh", "activity_low": low, "activity_high": high,
        "factor_id": grid_factor_id, "conversion": -0.001, "conversion_note": pair_uses.map(notes).to_numpy(),
        "method": "invest_urban_cooling_vector", "related_unit_id": green["unit_id"].to_numpy()[g], "basis": base,
    })
