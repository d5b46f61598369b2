"""Emissions avoided elsewhere because green space exists: cooling, stormwater; air quality in kg.

Writes ``avoided`` entries (negative t CO2e/yr, kept out of the direct net by ``totals``):
sector ``greenspace_cooling`` on the buildings that save cooling electricity, and
``greenspace_stormwater`` on the green units whose ground retains runoff; each entry's
``related_unit_id`` is the green unit that causes it. Pollutant removal goes to the
``pollutant_removal`` table in kg per pollutant, never into CO2. Per-unit model values go to
``unit_stats`` (``cooling:hm``, ``cooling:dt_degc``, ``stormwater:retained_m3``,
``stormwater:avoided_runoff_m3``).
"""
import pandas as pd

from . import schema
from .air_quality import CANOPY_STAT, canopy_areas, pollutant_removal, totals_by_pollutant
from .cooling import building_capacity, class_cooling_capacity, cooling_rows, green_cooling, park_cooling
from .entries import finalize_entries
from .greenspace_budget import DEFAULT_GRID_FACTOR
from .greenspace_parameters import Parameters, input_fingerprints
from .greenspace_units import read_green_context
from .ledger import utc_now
from .progress import NO_PROGRESS
from .provenance import row_hashes
from .stormwater import stormwater_rows

ALGORITHM = "carbonledger:indirectbenefits"
SECTORS = ("greenspace_cooling", "greenspace_stormwater")
STATS = ("cooling:hm", "cooling:dt_degc", "stormwater:retained_m3", "stormwater:avoided_runoff_m3")


def _stat_rows(unit_ids, stat, values, value_unit):
    """unit_stats rows of one statistic."""
    return pd.DataFrame({"unit_id": unit_ids, "stat": stat, "value": values, "value_unit": value_unit})


def _cooling(context, table, grid_factor_id, progress):
    units = context["units"]
    buildings = units[units["level"] == "building"].reset_index(drop=True)
    missing = buildings.geometry.isna().to_numpy() | buildings.geometry.is_empty.to_numpy()
    if missing.any():
        progress.warn(f"{int(missing.sum())} buildings have no geometry (e.g. {buildings['unit_id'][missing].iloc[0]}): skipped")
        buildings = buildings[~missing].reset_index(drop=True)
    if len(buildings) == 0:
        progress.warn("the ledger has no building units: no cooling savings are accounted")
        return [], pd.DataFrame(columns=["unit_id", "stat", "value", "value_unit"])
    capacity = class_cooling_capacity(table)
    green_area, green_cc = green_cooling(context["cover"], capacity)
    own_cc = building_capacity(buildings, context["stats"], capacity)
    per_building, pairs = park_cooling(buildings, context["green"], green_area, green_cc, own_cc, table, progress)
    frames = cooling_rows(buildings, context["green"], per_building, pairs, table, grid_factor_id, progress)
    stats = pd.concat([
        _stat_rows(per_building["unit_id"], "cooling:hm", per_building["hm"], "ratio"),
        _stat_rows(per_building["unit_id"], "cooling:dt_degc", per_building["dt_degc"], "degC"),
    ], ignore_index=True)
    return frames, stats


def account_indirect_benefits(
    ledger, parameters=None, assignments=None, grid_factor_id=DEFAULT_GRID_FACTOR, soil_group="B",
    reference_cover="paved", scenario="baseline", progress=NO_PROGRESS, run_parameters=None,
):
    """Write avoided entries (cooling, stormwater), pollutant removal and model stats.

    ledger: algorithms.ledger.Ledger; parameters: optional PARAMETERS override (factor format);
    assignments: optional GREEN_UNITS table; soil_group: A-D for the runoff coefficients;
    reference_cover: land-cover class the green ground is credited against for stormwater.
    Returns a summary: entries, avoided t CO2e/yr by sector (negative), kg removed per pollutant.
    """
    table = Parameters(parameters)
    table.row(grid_factor_id, "grid electricity factor; set GRID_FACTOR to a china_grid_<region>_<year> row")
    context = read_green_context(ledger, assignments, progress.span(0.0, 0.2))
    frames, cooling_stats = _cooling(context, table, grid_factor_id, progress.span(0.2, 0.7))
    progress(0.75, "Stormwater retention")
    storm_frames, volumes = stormwater_rows(
        context["green"], context["cover"], table, grid_factor_id, soil_group, reference_cover,
    )
    progress(0.8, "Pollutant removal")
    canopy_stats = ledger.read_table("unit_stats", "stat = ?", (CANOPY_STAT,), ["unit_id", "stat", "value"])
    canopy = canopy_areas(context["green"], context["cover"], context["effective_m2"], canopy_stats)
    removal = pollutant_removal(context["green"], canopy, table)
    frames += storm_frames
    stats = pd.concat([
        cooling_stats,
        _stat_rows(volumes["unit_id"], "stormwater:retained_m3", volumes["retained_m3"], "m3/yr"),
        _stat_rows(volumes["unit_id"], "stormwater:avoided_runoff_m3", volumes["avoided_runoff_m3"], "m3/yr"),
    ], ignore_index=True)
    inputs = input_fingerprints(parameters, assignments)
    with ledger.transaction(ALGORITHM, run_parameters, inputs) as writer:
        entries = pd.DataFrame(columns=schema.columns("entries"))
        if frames:
            rows = pd.concat(frames, ignore_index=True)
            hashed = ("unit_id", "related_unit_id", "carrier", "basis", "conversion_note")
            rows["inputs_hash"] = row_hashes(rows, hashed)
            entries = finalize_entries(rows.drop(columns="basis"), table.table, scenario, writer.run_id, utc_now())
        placeholders = ", ".join("?" * len(SECTORS))
        writer.delete_rows(
            "entries", f"scenario = ? AND flow = 'avoided' AND sector IN ({placeholders})", (scenario, *SECTORS),
        )
        writer.append_entries(entries, table.table, table.used)
        writer.delete_rows("unit_stats", f"stat IN ({', '.join('?' * len(STATS))})", STATS)
        writer.append_rows("unit_stats", stats.assign(run_id=writer.run_id))
        removal = removal.assign(scenario=scenario, run_id=writer.run_id)
        writer.replace_rows("pollutant_removal", removal, "scenario = ?", (scenario,))
        progress(1.0, "Indirect benefits written")
    by_sector = entries.groupby("sector")["co2e_t"].sum() if len(entries) else pd.Series(dtype=float)
    return {
        "entries": len(entries),
        "cooling_t": float(by_sector.get("greenspace_cooling", 0.0)),
        "stormwater_t": float(by_sector.get("greenspace_stormwater", 0.0)),
        "pollutant_kg": {k: float(v) for k, v in totals_by_pollutant(removal).items()},
    }
