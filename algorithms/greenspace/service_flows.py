"""Where green space's services go: two-step floating catchment from green units to residents.

Supply S_j of green unit j (``area``: effective green area, m2; ``sink``: gross uptake,
t CO2e/yr; ``cooling``: CC_j x green area, m2), residents P_i on building units, d_ij the
distance (m) from the building footprint to the green unit's polygon, r_j the search radius of
the unit's design type and f a distance-decay kernel that is 0 beyond r_j:

    dichotomy    f = 1
    exponential  f = exp(-d / r)
    gaussian     f = (exp(-0.5 (d/r)^2) - exp(-0.5)) / (1 - exp(-0.5))
    density      f = 0.75 (1 - (d/r)^2)

    P'_j = sum_i P_i f(d_ij, r_j)             population reaching j (persons)
    R_j  = S_j / P'_j                         supply per person at j
    A_i  = sum_j R_j f(d_ij, r_j)             supply per person reached from i
    balance_i = A_i - demand standard         (m2/person, area supply)
    F_ij = P_i f(d_ij, r_j) R_j               supply flowing from j to i; sum_i F_ij = S_j

Per district: residents under-served (balance < 0), the Gini coefficient of A_i over residents,
and the district-to-district matrix of F (who benefits from whose green space). The largest
green-unit-to-district flows become lines in the ``service_flows`` layer.

The catchments run in spatial partitions (``catchment_by_partition``): one over the whole city,
or by district with a halo of 2 r_max (the green units within r_max of the partition's own units
and the residents within r_max of those), here or on Dask workers; pairs are summed in (resident,
green unit) order of the whole city, so the tables are the same to the bit for any partitions.
"""
import collections

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..ledger.schema import BASELINE
from ..ledger import partitions
from ..ledger.hierarchy import Hierarchy
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .parameters import Parameters, input_fingerprints, land_cover_classes
from .green_units import read_green_context, read_uptake
from .cooling import class_cooling_capacity, green_cooling
from ..core.progress import NO_PROGRESS

ALGORITHM = "carbonledger:serviceflows"
KERNELS = ("dichotomy", "exponential", "gaussian", "density")
SUPPLY_KINDS = ("area", "sink", "cooling")
NO_DISTRICT = "no_district"


def kernel(distance, radius, kind):
    """Distance-decay weight (0..1) of ``kind`` for distances and radii in metres; 0 beyond the radius."""
    ratio = np.asarray(distance, dtype=float) / np.asarray(radius, dtype=float)
    inside = ratio <= 1.0
    if kind == "dichotomy":
        weight = np.ones_like(ratio)
    elif kind == "exponential":
        weight = np.exp(-ratio)
    elif kind == "gaussian":
        weight = (np.exp(-0.5 * ratio ** 2) - np.exp(-0.5)) / (1.0 - np.exp(-0.5))
    elif kind == "density":
        weight = 0.75 * (1.0 - ratio ** 2)
    else:
        raise LedgerInputError(tr("kernel '{kernel}' is not one of {kernels}").format(
            kernel=kind, kernels=", ".join(KERNELS)), layer="KERNEL")
    return np.where(inside, weight, 0.0)


def weighted_gini(values, weights):
    """Gini coefficient of ``values`` over a population with ``weights`` (0 equal .. 1 unequal);
    NaN if empty or all 0."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    if len(values) == 0 or (values * weights).sum() <= 0:
        return np.nan
    order = np.argsort(values)
    values, weights = values[order], weights[order]
    people = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    supply = np.concatenate([[0.0], np.cumsum(values * weights) / (values * weights).sum()])
    return float(1.0 - np.sum(np.diff(people) * (supply[1:] + supply[:-1])))


def ancestors_at_level(units, level):
    """unit_id -> id of its ancestor (or itself) at ``level``; NO_DISTRICT when it has none."""
    tree = Hierarchy(units)
    found = tree.ancestor_at_level(level)
    return pd.Series(np.where(found >= 0, tree.ids.to_numpy(dtype=object)[found], NO_DISTRICT), index=tree.ids)


def residents(units, progress):
    """Building units with population > 0, checked; zero-area footprints become points."""
    buildings = units[units["level"] == "building"].reset_index(drop=True)
    population = pd.to_numeric(buildings["population"], errors="coerce")
    negative = population < 0
    if negative.any():
        raise LedgerInputError(
            tr("population {population} is negative").format(population=population[negative].iloc[0]), layer="units",
            field="population",
            row=buildings.loc[negative, "unit_id"].iloc[0],
        )
    if population.isna().any():
        progress.warn(tr("{buildings} buildings have no population value: counted as 0 residents").format(
            buildings=int(population.isna().sum())))
    buildings["population"] = population.fillna(0.0)
    buildings = buildings[(buildings["population"] > 0) & buildings.geometry.notna()].reset_index(drop=True)
    if len(buildings) == 0:
        raise LedgerInputError(
            tr("no building unit has population > 0: service flows go from green units to residents, "
               "so the ledger's building units need units.population"), layer="units", field="population",
        )
    flat = shapely.area(buildings.geometry.values) <= 0
    if flat.any():
        bounds = shapely.bounds(buildings.geometry.values[flat])
        buildings.loc[flat, "geometry"] = shapely.points(bounds[:, 0], bounds[:, 1])
        progress.warn(
            tr("{buildings} populated buildings have no footprint area (e.g. {example}): their distance is taken "
               "from their corner point").format(buildings=int(flat.sum()),
                                                 example=buildings.loc[flat, "unit_id"].iloc[0])
        )
    return buildings


def green_supply(kind, context, parameters, ledger, scenario):
    """S_j per green unit for a supply kind (array), in its supply units."""
    cover = context["cover"]
    if kind == "area":
        green_classes = land_cover_classes().query("green == 1")["class"].tolist()
        return cover[green_classes].to_numpy().sum(axis=1)
    if kind == "cooling":
        green_area, green_cc = green_cooling(cover, class_cooling_capacity(parameters))
        return green_area * green_cc
    return -read_uptake(ledger, context, scenario)[0]["uptake_t"].to_numpy()


def _within_radius(b, g, building_bounds, green_bounds, radius):
    """Candidate pairs whose envelopes lie within the green unit's radius (a lower bound of the
    polygon distance, so no pair within reach is lost)."""
    bb, gb = building_bounds[b], green_bounds[g]
    dx = np.maximum(np.maximum(gb[:, 0] - bb[:, 2], bb[:, 0] - gb[:, 2]), 0.0)
    dy = np.maximum(np.maximum(gb[:, 1] - bb[:, 3], bb[:, 1] - gb[:, 3]), 0.0)
    keep = np.hypot(dx, dy) <= radius[g]
    return b[keep], g[keep]


def catchment(buildings, green, supply, radius, kind, progress=NO_PROGRESS):
    """Two-step floating catchment: pairs (building, green, flow), P'_j, R_j and A_i.

    Pairs are ordered by building, then green unit, so every sum runs in the order of the rows
    of ``buildings`` and ``green`` whichever other rows they hold.
    """
    tree = shapely.STRtree(green.geometry.values)
    reach = float(radius.max(initial=0.0))
    box = shapely.bounds(buildings.geometry.values)
    b, g = tree.query(shapely.box(box[:, 0] - reach, box[:, 1] - reach, box[:, 2] + reach, box[:, 3] + reach))
    order = np.lexsort((g, b))
    b, g = b[order], g[order]
    progress(0.3, tr("Distances from residents to green units"))
    b, g = _within_radius(b, g, box, shapely.bounds(green.geometry.values), radius)
    distance = shapely.distance(buildings.geometry.values[b], green.geometry.values[g])
    weight = kernel(distance, radius[g], kind)
    keep = weight > 0
    b, g, weight = b[keep], g[keep], weight[keep]
    population = buildings["population"].to_numpy(dtype=float)
    reached = np.bincount(g, weights=population[b] * weight, minlength=len(green))
    ratio = np.divide(supply, reached, out=np.full(len(green), np.nan), where=reached > 0)
    per_person = np.bincount(b, weights=np.nan_to_num(ratio[g]) * weight, minlength=len(buildings))
    flow = population[b] * weight * np.nan_to_num(ratio[g])
    return pd.DataFrame({"building": b, "green": g, "flow": flow}), reached, ratio, per_person


CatchmentPart = collections.namedtuple("CatchmentPart", "buildings per_person green reached ratio pairs")
"""Catchment of one partition: positions of its core buildings and their A_i (per_person), of its
core green units and their P'_j (reached) and R_j (ratio), and the pairs (building, green, flow)
of its core buildings, all by position in the whole city."""


def catchment_inputs(buildings, green, supply, radius):
    """(residents, green units) as the partitions take them: DataFrames with population or
    supply and radius, wkb (geometry) and minx, miny, maxx, maxy (envelope, m), in their order."""
    def encoded(frame, values):
        envelopes = pd.DataFrame(shapely.bounds(frame.geometry.values), columns=partitions.ENVELOPE)
        return pd.concat([pd.DataFrame({**values, "wkb": shapely.to_wkb(frame.geometry.values)}), envelopes], axis=1)

    return (encoded(buildings, {"population": buildings["population"].to_numpy(dtype=float)}),
            encoded(green, {"supply": np.asarray(supply, dtype=float), "radius": np.asarray(radius, dtype=float)}))


def catchment_tasks(residents_table, green_table, parts, reach):
    """(residents, green units) of each partition (see ``catchment_partition``), each with a ``core``
    flag: its own residents and green units (core), the green units within ``reach`` of them and
    the residents within ``reach`` of those (the halo, 2 x reach; + partitions.HALO_PAD_M each step)."""
    n, margin = len(residents_table), reach + partitions.HALO_PAD_M
    resident_box = residents_table[partitions.ENVELOPE].to_numpy()
    green_box = green_table[partitions.ENVELOPE].to_numpy()
    for positions in parts:
        core_b, core_g = positions[positions < n], positions[positions >= n] - n
        box = partitions.envelope(np.concatenate([resident_box[core_b], green_box[core_g]]))
        near_g = np.union1d(core_g, partitions.within_margin(green_box, box, margin))
        near_b = core_b
        if len(near_g):
            near_b = np.union1d(
                core_b, partitions.within_margin(resident_box, partitions.envelope(green_box[near_g]), margin)
            )
        yield tuple(table.iloc[near].drop(columns=partitions.ENVELOPE).assign(position=near, core=np.isin(near, core))
                    for table, near, core in ((residents_table, near_b, core_b), (green_table, near_g, core_g)))


def catchment_partition(buildings, green, *, kind):
    """Catchment of one partition's core residents and green units (a CatchmentPart).

    buildings: DataFrame population, wkb, position, core of the partition's residents and the
    residents within reach of its green units; green: supply, radius, wkb, position, core of its
    green units and those within reach of its residents (``catchment_tasks``), both in the
    city's order. Every P'_j of those green units sums all residents within r_j, so A_i of the
    core residents is complete; halo results are dropped. Pairs are summed in (resident, green
    unit) order, as in one partition over the whole city. Runs here or on a Dask worker.
    """
    geometries = shapely.from_wkb(buildings["wkb"].to_numpy())
    residents_frame = gpd.GeoDataFrame({"population": buildings["population"].to_numpy()}, geometry=geometries)
    parks = gpd.GeoDataFrame(geometry=shapely.from_wkb(green["wkb"].to_numpy()))
    pairs, reached, ratio, per_person = catchment(residents_frame, parks, green["supply"].to_numpy(),
                                                  green["radius"].to_numpy(), kind)
    core_b, core_g = buildings["core"].to_numpy(), green["core"].to_numpy()
    b_position, g_position = buildings["position"].to_numpy(), green["position"].to_numpy()
    mine = core_b[pairs["building"].to_numpy()]
    pairs = pd.DataFrame({"building": b_position[pairs["building"].to_numpy()[mine]],
                          "green": g_position[pairs["green"].to_numpy()[mine]], "flow": pairs["flow"].to_numpy()[mine]})
    return CatchmentPart(
        b_position[core_b], per_person[core_b], g_position[core_g], reached[core_g], ratio[core_g], pairs
    )


def catchment_by_partition(residents_table, green_table, parts, reach, kind, map_partitions=None, progress=NO_PROGRESS):
    """``catchment`` over the whole city, partition by partition (``catchment_partition``) here or by
    ``map_partitions``; the same pairs, P'_j, R_j and A_i, to the bit, for any partitions."""
    per_person, reached = np.zeros(len(residents_table)), np.zeros(len(green_table))
    ratio, pairs = np.full(len(green_table), np.nan), []
    results = (map_partitions or partitions.map_here)(catchment_partition,
                                                      catchment_tasks(residents_table, green_table, parts, reach),
                                                      {"kind": kind})
    for count, part in enumerate(results, 1):
        per_person[part.buildings] = part.per_person
        reached[part.green], ratio[part.green] = part.reached, part.ratio
        pairs.append(part.pairs)
        progress(count / len(parts), tr("Catchments: {done} of {partitions} partitions").format(
            done=count, partitions=len(parts)))
    pairs = pd.concat(pairs, ignore_index=True)
    order = np.lexsort((pairs["green"].to_numpy(), pairs["building"].to_numpy()))
    return pairs.iloc[order].reset_index(drop=True), reached, ratio, per_person


def district_tables(buildings, green, pairs, per_person, balance, supply):
    """(per-district table rows, district-to-district flow matrix rows)."""
    population = buildings["population"].to_numpy(dtype=float)
    frame = pd.DataFrame({
        "district_id": buildings["district_id"], "population": population, "per_person": per_person, "balance": balance,
    })
    rows = []
    for district, mine in frame.groupby("district_id"):
        rows.append({
            "district_id": district,
            "population": mine["population"].sum(),
            "under_served_population": mine.loc[mine["balance"] < 0, "population"].sum(),
            "mean_supply_per_person": np.average(mine["per_person"], weights=mine["population"]),
            "gini": weighted_gini(mine["per_person"], mine["population"]),
            "supply_received": (mine["per_person"] * mine["population"]).sum(),
        })
    districts = pd.DataFrame(rows).set_index("district_id")
    own = pd.Series(supply).groupby(green["district_id"].to_numpy()).sum()
    districts = districts.reindex(districts.index.union(own.index))
    districts["supply_own"] = own.reindex(districts.index).fillna(0.0)
    districts = districts.fillna({"population": 0.0, "under_served_population": 0.0, "supply_received": 0.0})
    matrix = pd.DataFrame({
        "from_district": green["district_id"].to_numpy()[pairs["green"]],
        "to_district": buildings["district_id"].to_numpy()[pairs["building"]],
        "flow": pairs["flow"].to_numpy(),
    }).groupby(["from_district", "to_district"], as_index=False)["flow"].sum()
    sent = matrix.groupby("from_district")["flow"].transform("sum")
    matrix["share_of_supply"] = np.divide(matrix["flow"], sent, out=np.zeros(len(matrix)), where=sent > 0)
    return districts.reset_index().rename(columns={"index": "district_id"}), matrix


def flow_lines(buildings, green, pairs, max_lines, crs):
    """The ``max_lines`` largest green-unit-to-district flows as lines (GeoDataFrame).

    Each line runs from the green unit's representative point to the flow-weighted centre of
    the residents it serves in the receiving district.
    """
    centres = shapely.centroid(buildings.geometry.values)
    frame = pd.DataFrame({
        "green": pairs["green"].to_numpy(),
        "to_district": buildings["district_id"].to_numpy()[pairs["building"]],
        "flow": pairs["flow"].to_numpy(),
        "population": buildings["population"].to_numpy()[pairs["building"]],
        "fx": pairs["flow"].to_numpy() * shapely.get_x(centres)[pairs["building"]],
        "fy": pairs["flow"].to_numpy() * shapely.get_y(centres)[pairs["building"]],
    })
    frame = frame[frame["flow"] > 0].groupby(["green", "to_district"], as_index=False).sum()
    frame = frame.sort_values("flow", ascending=False).head(max_lines)
    starts = shapely.point_on_surface(green.geometry.values[frame["green"].to_numpy()])
    ends = shapely.points(frame["fx"] / frame["flow"], frame["fy"] / frame["flow"])
    coordinates = np.stack([shapely.get_coordinates(starts), shapely.get_coordinates(ends)], axis=1)
    lines = shapely.linestrings(coordinates)
    return gpd.GeoDataFrame({
        "green_unit_id": green["unit_id"].to_numpy()[frame["green"].to_numpy()],
        "from_district": green["district_id"].to_numpy()[frame["green"].to_numpy()],
        "to_district": frame["to_district"].to_numpy(),
        "flow": frame["flow"].to_numpy(),
        "population": frame["population"].to_numpy(),
    }, geometry=lines, crs=crs)


def account_service_flows(
    ledger, supply_kind="area", kernel_kind="exponential", parameters=None, assignments=None, max_lines=50,
    district_level="district", scenario=BASELINE, progress=NO_PROGRESS, run_parameters=None, max_units=None,
    map_partitions=None, inputs=None,
):
    """Write service_access, service_districts, service_flow_matrix and the service_flows lines.

    supply_kind: area, sink or cooling; kernel_kind: dichotomy, exponential, gaussian, density.
    inputs: optional {name: SHA-256} of the front end's input files for the runs table.
    Search radii per design type and the demand standard (m2/person, area supply) come from
    resources/greenspace/access.csv or PARAMETERS. The catchments run over the whole city at
    once, or (``max_units``) partitioned by district into parts of at most that many residents and
    green units, each with its halo (``catchment_tasks``), here or by ``map_partitions`` (e.g.
    ``scale_out.on_cluster``); the tables are the same either way. Returns a summary dict.
    """
    if supply_kind not in SUPPLY_KINDS:
        raise LedgerInputError(tr("supply '{supply}' is not one of {supplies}").format(
            supply=supply_kind, supplies=", ".join(SUPPLY_KINDS)), layer="SUPPLY")
    kernel(np.zeros(1), np.ones(1), kernel_kind)
    table = Parameters(parameters)
    context = read_green_context(ledger, assignments, progress.span(0.0, 0.2))
    units, green = context["units"], context["green"].copy()
    buildings = residents(units, progress)
    districts_of = ancestors_at_level(units, district_level)
    buildings["district_id"] = buildings["unit_id"].map(districts_of).to_numpy()
    green["district_id"] = green["unit_id"].map(districts_of).to_numpy()
    supply = green_supply(supply_kind, context, table, ledger, scenario)
    radius = table.values_for("search_radius", green["design_type"])
    residents_table, green_table = catchment_inputs(buildings, green, supply, radius)
    parts = partitions.district_parts(units, np.concatenate([buildings["unit_id"].to_numpy(dtype=object),
                                                             green["unit_id"].to_numpy(dtype=object)]), max_units)
    pairs, reached, ratio, per_person = catchment_by_partition(residents_table, green_table, parts, float(radius.max()),
                                                               kernel_kind, map_partitions, progress.span(0.2, 0.7))
    standards = table.ids("demand_standard")
    standard = table.value(standards[supply_kind]) if supply_kind in standards else np.nan
    balance = per_person - standard
    unreached = reached <= 0
    if unreached.any():
        progress.warn(
            tr("{units} green units have no residents within their search radius (e.g. {example}): their supply "
               "reaches nobody and flows nowhere").format(units=int(unreached.sum()),
                                                         example=green["unit_id"].to_numpy()[unreached][0])
        )
    districts, matrix = district_tables(buildings, green, pairs, per_person, balance, supply)
    lines = flow_lines(buildings, green, pairs, max_lines, ledger.crs_wkt)
    access = pd.concat([
        pd.DataFrame({
            "unit_id": green["unit_id"], "role": "supply", "district_id": green["district_id"], "supply": supply,
            "population": reached, "supply_per_person": ratio,
            "status": np.where(unreached, "no_population_in_reach", "served"),
        }),
        pd.DataFrame({
            "unit_id": buildings["unit_id"], "role": "demand", "district_id": buildings["district_id"],
            "supply": per_person * buildings["population"].to_numpy(), "population": buildings["population"],
            "supply_per_person": per_person, "balance": balance,
            "status": np.where(np.isnan(balance), "no_standard", np.where(balance < 0, "under_served", "served")),
        }),
    ], ignore_index=True)
    inputs = input_fingerprints(parameters, assignments, inputs)
    match = {"scenario": scenario, "supply_kind": supply_kind}
    with ledger.transaction(ALGORITHM, run_parameters, inputs) as writer:
        tag = {"scenario": scenario, "supply_kind": supply_kind, "run_id": writer.run_id}
        writer.replace_rows("service_access", access.assign(**tag), match)
        writer.replace_rows("service_districts", districts.assign(**tag), match)
        writer.replace_rows("service_flow_matrix", matrix.assign(**tag), match)
        lines["flow_id"] = [
            f"{scenario}/{supply_kind}/{g}/{d}"
            for g, d in zip(lines["green_unit_id"], lines["to_district"], strict=False)
        ]
        writer.replace_rows("service_flows", lines.assign(**tag), match)
        writer.upsert_rows("factors", table.ledger_rows(), "factor_id")
        progress(1.0, tr("Service flows written"))
    total = matrix["flow"].sum()
    crossing = matrix.loc[matrix["from_district"] != matrix["to_district"], "flow"].sum()
    return {
        "green_units": len(green),
        "unreached_green_units": int(unreached.sum()),
        "population": float(buildings["population"].sum()),
        "under_served_population": float(districts["under_served_population"].sum()),
        "gini": weighted_gini(per_person, buildings["population"]),
        "cross_district_share": float(crossing / total) if total > 0 else 0.0,
        "lines": len(lines),
    }
