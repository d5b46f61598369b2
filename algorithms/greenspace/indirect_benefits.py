"""Emissions avoided elsewhere because green space exists: cooling, stormwater; air quality in kg.

Writes ``avoided`` entries (negative t CO2e/yr, kept out of the direct net by ``totals``):
sector ``greenspace_cooling`` on the buildings that save cooling electricity, and
``greenspace_stormwater`` on the green units whose ground retains runoff; each entry's
``related_unit_id`` is the green unit that causes it. Pollutant removal goes to the
``pollutant_removal`` table in kg per pollutant, never into CO2. Per-unit model values go to
``unit_stats`` (``cooling:hm``, ``cooling:dt_degc``, ``stormwater:retained_m3``,
``stormwater:avoided_runoff_m3``).

Park cooling runs in spatial partitions of buildings (``cooling_partition``): one over the whole
city, or by district with the green units within the kernel's cut-off c x d_cool as a halo, here
or on Dask workers; entries and statistics come out the same to the bit for any partitions.
"""
import collections

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..ledger.schema import BASELINE
from ..ledger import partitions, schema
from .air_quality import CANOPY_STAT, canopy_areas, pollutant_removal, totals_by_pollutant
from .cooling import (
    building_capacity,
    class_cooling_capacity,
    cooling_rows,
    cooling_uses,
    green_cooling,
    park_cooling,
)
from ..ledger.entries import finalize_entries
from .budget import DEFAULT_GRID_FACTOR
from .parameters import Parameters, input_fingerprints
from .green_units import read_green_context
from ..ledger.store import utc_now
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger.provenance import row_hashes
from .stormwater import stormwater_rows

ALGORITHM = "carbonledger:indirectbenefits"
SECTORS = ("greenspace_cooling", "greenspace_stormwater")
STATS = ("cooling:hm", "cooling:dt_degc", "stormwater:retained_m3", "stormwater:avoided_runoff_m3")


CoolingPartition = collections.namedtuple("CoolingPartition", "per_building entries used")
"""Park cooling of one partition: per_building (``cooling.park_cooling``'s, of its buildings), entries
(finalised, in building then green-unit order), used (parameter ids looked up)."""

AVOIDED_HASHED = ("unit_id", "related_unit_id", "carrier", "basis", "conversion_note")
"""Fields of an avoided-emission row that its inputs_hash covers."""


def _stat_rows(unit_ids, stat, values, value_unit):
    """unit_stats rows of one statistic."""
    return pd.DataFrame({"unit_id": unit_ids, "stat": stat, "value": values, "value_unit": value_unit})


def _decoded(frame):
    """A GeoDataFrame of ``frame`` with its ``wkb`` column decoded into the geometry."""
    return gpd.GeoDataFrame(frame.drop(columns="wkb"), geometry=shapely.from_wkb(frame["wkb"].to_numpy()))


def cooling_inputs(context, table, progress=NO_PROGRESS):
    """(buildings, green units, reach m) of the park cooling, as the partitions take them.

    buildings: DataFrame unit_id, cooling_use, cc (own cooling capacity), wkb (footprint), x, y
    (centroid, m) of the building units with a geometry; green units: unit_id, green_area (m2),
    green_cc, wkb, minx, miny, maxx, maxy (envelope, m); reach: the kernel's cut-off c x d_cool (m).
    Both in the ledger's order. Warns about skipped buildings and uses without an energy row.
    """
    units = context["units"]
    buildings = units[units["level"] == "building"].reset_index(drop=True)
    missing = buildings.geometry.isna().to_numpy() | buildings.geometry.is_empty.to_numpy()
    if missing.any():
        progress.warn(
            tr("{buildings} buildings have no geometry (e.g. {example}): skipped").format(
                buildings=int(missing.sum()), example=buildings["unit_id"][missing].iloc[0])
        )
        buildings = buildings[~missing].reset_index(drop=True)
    capacity = class_cooling_capacity(table)
    green_area, green_cc = green_cooling(context["cover"], capacity)
    centres = shapely.centroid(buildings.geometry.values)
    footprints = pd.DataFrame(
        {
            "unit_id": buildings["unit_id"].to_numpy(),
            "cooling_use": cooling_uses(buildings, table, progress),
            "cc": building_capacity(buildings, context["stats"], capacity),
            "wkb": shapely.to_wkb(buildings.geometry.values),
            "x": shapely.get_x(centres),
            "y": shapely.get_y(centres),
        }
    )
    green = context["green"]
    envelopes = pd.DataFrame(shapely.bounds(green.geometry.values), columns=partitions.ENVELOPE)
    parks = pd.concat(
        [
            pd.DataFrame(
                {
                    "unit_id": green["unit_id"].to_numpy(),
                    "green_area": green_area,
                    "green_cc": green_cc,
                    "wkb": shapely.to_wkb(green.geometry.values),
                }
            ),
            envelopes,
        ],
        axis=1,
    )
    reach = table.value(table.id_for("cooling_cutoff", "all")) * table.value(table.id_for("cooling_distance", "all"))
    return footprints, parks, reach


def cooling_tasks(buildings, green, parts, reach):
    """(buildings, green units) of each partition (see ``cooling_partition``): its buildings and the
    green units whose envelope comes within ``reach`` (+ partitions.HALO_PAD_M) of their centroids' envelope."""
    columns = partitions.ENVELOPE
    for positions in parts:
        core = buildings.iloc[positions]
        box = partitions.envelope(core[["x", "y", "x", "y"]].to_numpy())
        halo = partitions.within_margin(green[columns].to_numpy(), box, reach + partitions.HALO_PAD_M)
        yield core.drop(columns=["x", "y"]), green.iloc[halo].drop(columns=columns)


def cooling_partition(buildings, green, *, parameters, grid_factor_id, scenario, run_id, computed_at):
    """Park cooling of one partition's buildings (a CoolingPartition).

    buildings: DataFrame unit_id, cooling_use, cc, wkb (footprint in the ledger CRS);
    green: unit_id, green_area (m2), green_cc, wkb of the green units within the kernel's cut-off
    of them (the halo), both in the ledger's order; parameters: greenspace Parameters;
    scenario, run_id, computed_at: as ``entries.finalize_entries`` records them. A building's
    cooling depends only on the green units within the cut-off, and its pairs are summed in
    green-unit order, so its result does not depend on the partition. The same function serves
    the single-machine run (one partition) and every Dask worker.
    """
    buildings, green = _decoded(buildings), _decoded(green)
    per_building, pairs = park_cooling(buildings, green, green["green_area"].to_numpy(), green["green_cc"].to_numpy(),
                                       buildings["cc"].to_numpy(), parameters)
    rows = cooling_rows(buildings, green, per_building, pairs, parameters, grid_factor_id)
    entries = pd.DataFrame(columns=schema.columns("entries"))
    if len(rows):
        rows["inputs_hash"] = row_hashes(rows, AVOIDED_HASHED)
        entries = finalize_entries(rows.drop(columns="basis"), parameters.table, scenario, run_id, computed_at)
    return CoolingPartition(per_building, entries, set(parameters.used))


def _cooling(context, table, max_units, map_partitions, shared, progress):
    """(cooling entries, unit_stats rows) over all buildings, partition by partition, in building order."""
    buildings, green, reach = cooling_inputs(context, table, progress)
    if len(buildings) == 0:
        progress.warn(tr("the ledger has no building units: no cooling savings are accounted"))
        return pd.DataFrame(columns=schema.columns("entries")), pd.DataFrame(
            columns=["unit_id", "stat", "value", "value_unit"]
        )
    parts = partitions.district_parts(context["units"], buildings["unit_id"].to_numpy(), max_units)
    results = (map_partitions or partitions.map_here)(cooling_partition, cooling_tasks(buildings, green, parts, reach),
                                                      {"parameters": table, **shared})
    per_building, entries = [], []
    for count, part in enumerate(results, 1):
        per_building.append(part.per_building)
        entries += [part.entries] if len(part.entries) else []
        table.used |= part.used
        progress(count / len(parts), tr("Park cooling: {done} of {partitions} partitions").format(
            done=count, partitions=len(parts)))
    per_building = pd.concat(per_building, ignore_index=True).iloc[np.argsort(np.concatenate(parts), kind="stable")]
    if entries:
        entries = pd.concat(entries, ignore_index=True)
        place = pd.Index(buildings["unit_id"]).get_indexer(entries["unit_id"])
        entries = entries.iloc[np.argsort(place, kind="stable")].reset_index(drop=True)
    else:
        entries = pd.DataFrame(columns=schema.columns("entries"))
    stats = pd.concat([
        _stat_rows(per_building["unit_id"], "cooling:hm", per_building["hm"], "ratio"),
        _stat_rows(per_building["unit_id"], "cooling:dt_degc", per_building["dt_degc"], "degC"),
    ], ignore_index=True)
    return entries, stats


def account_indirect_benefits(
    ledger, parameters=None, assignments=None, grid_factor_id=DEFAULT_GRID_FACTOR, soil_group="B",
    reference_cover="paved", scenario=BASELINE, progress=NO_PROGRESS, run_parameters=None, max_units=None,
    map_partitions=None, inputs=None,
):
    """Write avoided entries (cooling, stormwater), pollutant removal and model stats.

    ledger: algorithms.ledger.Ledger; parameters: optional PARAMETERS override (factor format);
    assignments: optional GREEN_UNITS table; soil_group: A-D for the runoff coefficients;
    reference_cover: land-cover class the green ground is credited against for stormwater.
    inputs: optional {name: SHA-256} of the front end's input files for the runs table.
    Park cooling runs over all buildings at once, or (``max_units``) partitioned by district into
    parts of at most that many buildings, each with the green units within the kernel's cut-off
    (``cooling_tasks``), here or by ``map_partitions`` (e.g. ``scale_out.on_cluster``); the
    ledger is the same either way. Returns a summary: entries, avoided t CO2e/yr by sector
    (negative), kg removed per pollutant.
    """
    table = Parameters(parameters)
    table.row(grid_factor_id, tr("grid electricity factor; set GRID_FACTOR to a china_grid_<region>_<year> row"))
    context = read_green_context(ledger, assignments, progress.span(0.0, 0.2))
    storm_frames, volumes = stormwater_rows(
        context["green"], context["cover"], table, grid_factor_id, soil_group, reference_cover,
    )
    canopy_stats = ledger.read_table("unit_stats", ["unit_id", "stat", "value"], {"stat": CANOPY_STAT})
    canopy = canopy_areas(context["green"], context["cover"], context["effective_m2"], canopy_stats)
    removal = pollutant_removal(context["green"], canopy, table)
    inputs = input_fingerprints(parameters, assignments, inputs)
    with ledger.transaction(ALGORITHM, run_parameters, inputs) as writer:
        shared = {
            "grid_factor_id": grid_factor_id,
            "scenario": scenario,
            "run_id": writer.run_id,
            "computed_at": utc_now(),
        }
        cooling_entries, cooling_stats = _cooling(
            context, table, max_units, map_partitions, shared, progress.span(0.2, 0.8)
        )
        progress(0.8, tr("Stormwater retention and pollutant removal"))
        entries = [cooling_entries] if len(cooling_entries) else []
        if storm_frames:
            rows = pd.concat(storm_frames, ignore_index=True)
            rows["inputs_hash"] = row_hashes(rows, AVOIDED_HASHED)
            entries.append(finalize_entries(rows.drop(columns="basis"), table.table, scenario, writer.run_id,
                                            shared["computed_at"]))
        entries = pd.concat(entries, ignore_index=True) if entries else pd.DataFrame(columns=schema.columns("entries"))
        parts = [
            cooling_stats,
            _stat_rows(volumes["unit_id"], "stormwater:retained_m3", volumes["retained_m3"], "m3/yr"),
            _stat_rows(volumes["unit_id"], "stormwater:avoided_runoff_m3", volumes["avoided_runoff_m3"], "m3/yr"),
        ]
        # empty parts left out: pandas 2.1+ deprecates their say in the result's dtypes
        stats = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
        writer.delete_rows("entries", {"scenario": scenario, "flow": "avoided", "sector": list(SECTORS)})
        writer.append_entries(entries, table.table, table.used)
        writer.delete_rows("unit_stats", {"stat": list(STATS)})
        writer.append_rows("unit_stats", stats.assign(run_id=writer.run_id))
        removal = removal.assign(scenario=scenario, run_id=writer.run_id)
        writer.replace_rows("pollutant_removal", removal, {"scenario": scenario})
        progress(1.0, tr("Indirect benefits written"))
    by_sector = entries.groupby("sector")["co2e_t"].sum() if len(entries) else pd.Series(dtype=float)
    return {
        "entries": len(entries),
        "cooling_t": float(by_sector.get("greenspace_cooling", 0.0)),
        "stormwater_t": float(by_sector.get("greenspace_stormwater", 0.0)),
        "pollutant_kg": {k: float(v) for k, v in totals_by_pollutant(removal).items()},
    }
