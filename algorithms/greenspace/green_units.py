"""Green units of the ledger: which units are green space, their area counted once, their cover.

A green unit is a parcel whose ``land_use`` is listed in ``resources/greenspace/design_types.csv``
(park, forest, grassland, wetland, pocket_park, green_belt, street_trees, lawn), or any unit named
in a GREEN_UNITS table (``unit_id, design_type, regime``) that sets or overrides its design type
and maintenance regime. Overlapping green units share ground: the overlap is counted once, for
the unit whose ``unit_id`` sorts first, and each area-based quantity uses the remaining
*effective* area (m2). Land-cover areas per unit come from the sink accounting's ``unit_stats``
rows ``area_m2:<class>``, scaled by effective area / area.
"""
import numpy as np
import pandas as pd
import shapely

from ..ledger import intervals, schema
from ..ledger.owned_entries import owned_entries
from ..core.errors import LedgerInputError
from .parameters import design_types, land_cover_classes
from ..core.progress import NO_PROGRESS

GREEN_LEVEL = "parcel"
"""Level of the units whose land use makes them green units."""

AREA_STAT = "area_m2:"
"""Prefix of the unit_stats rows holding a unit's area of one land-cover class (m2)."""

OVERLAP_TOLERANCE_M2 = 0.01
"""Overlaps smaller than this (m2) are slivers of digitising, not shared ground."""

OVERLAY_GRID_M = 1e-6
"""Grid (m) of the overlays that measure shared ground: GEOS snap-rounds their noding to it, which is robust. In
floating precision a valid polygon with a needle-thin spike (a ring that runs out along an edge and back) can make
GEOS return garbage, e.g. an intersection of 21,083 m2 for two parcels that touch at one point and an empty
difference, and different garbage in different GEOS builds (QGIS's own GEOS under qgis_process, shapely's wheel in
Python). Rounding to a micrometre moves an area by under a thousandth of a m2."""


def select_green_units(units, assignments=None):
    """The green units among ``units`` with design_type, regime and default_cover.

    units: GeoDataFrame with unit_id, level, land_use, area_m2, built_year, geometry.
    assignments: optional DataFrame (GREEN_UNITS) with unit_id, design_type and optional regime
    and built_year (year the unit was built or last rebuilt; replaces the unit's own).
    Returns a GeoDataFrame sorted by unit_id. Raises LedgerInputError for unknown units, design
    types or regimes and for missing or invalid geometries.
    """
    types = design_types()
    by_land_use = types.set_index("land_use")
    by_design = types.drop_duplicates("design_type").set_index("design_type")
    green = units[(units["level"] == GREEN_LEVEL) & units["land_use"].isin(by_land_use.index)].copy()
    green["design_type"] = green["land_use"].map(by_land_use["design_type"])
    green["regime"] = green["land_use"].map(by_land_use["regime"])
    if assignments is not None and len(assignments):
        green = _apply_assignments(units, green, assignments, by_design)
    green["default_cover"] = green["design_type"].map(by_design["default_cover"])
    green = green.sort_values("unit_id").reset_index(drop=True)
    geometries = green.geometry.values.to_numpy() if len(green) else np.empty(0, dtype=object)
    kind = shapely.get_type_id(geometries)  # -1 for a missing geometry; 3 Polygon, 6 MultiPolygon
    bad = (kind < 0) | shapely.is_empty(geometries) | ~np.isin(kind, (3, 6)) | ~shapely.is_valid(geometries)
    for position in np.flatnonzero(bad)[:1]:  # the first bad one, checked as before: missing, kind, validity
        geometry = geometries[position]
        if geometry is None or geometry.is_empty:
            raise LedgerInputError(
                "green unit has no geometry", layer="units", field="geom", row=green.at[position, "unit_id"]
            )
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise LedgerInputError(
                f"green unit geometry is a {geometry.geom_type}, not a polygon",
                layer="units", field="geom", row=green.at[position, "unit_id"],
            )
        raise LedgerInputError(
            f"green unit geometry is invalid ({shapely.is_valid_reason(geometry)})",
            layer="units", field="geom", row=green.at[position, "unit_id"],
        )
    return green


def candidates(ledger, assignments=None):
    """Ids of the units ``select_green_units`` may choose: parcels of a green land use and the units
    ``assignments`` name (read from ``ledger``'s units by SQL: no other unit's attributes are read)."""
    green = {"level": GREEN_LEVEL, "land_use": design_types()["land_use"].tolist()}
    chosen = ledger.read_table("units", ["unit_id"], green)["unit_id"]
    if assignments is not None and "unit_id" in assignments.columns and len(assignments):
        named = ledger.read_table("units", ["unit_id"], {"unit_id": assignments["unit_id"].dropna().unique().tolist()})
        chosen = pd.concat([chosen, named["unit_id"]]).drop_duplicates()
    return chosen.to_numpy()


def _apply_assignments(units, green, assignments, by_design):
    missing = [c for c in ("unit_id", "design_type") if c not in assignments.columns]
    if missing:
        raise LedgerInputError(f"missing columns {missing}", layer="GREEN_UNITS")
    table = assignments.reset_index(drop=True)
    known = set(units["unit_id"])
    for row, (unit_id, design) in enumerate(zip(table["unit_id"], table["design_type"], strict=False)):
        if unit_id not in known:
            raise LedgerInputError(
                f"unit '{unit_id}' is not in the ledger", layer="GREEN_UNITS", field="unit_id", row=row + 1
            )
        if design not in by_design.index:
            raise LedgerInputError(
                f"design type '{design}' is not one of {', '.join(by_design.index)}",
                layer="GREEN_UNITS", field="design_type", row=row + 1,
            )
    regimes = table["regime"] if "regime" in table.columns else pd.Series(np.nan, index=table.index)
    given = regimes.notna() & (regimes.astype(str).str.strip() != "")
    regimes = regimes.where(given, table["design_type"].map(by_design["regime"]))
    extra = units[units["unit_id"].isin(table["unit_id"]) & ~units["unit_id"].isin(green["unit_id"])].copy()
    green = pd.concat([green, extra])
    green = green.set_index("unit_id")
    green.loc[table["unit_id"], "design_type"] = table["design_type"].to_numpy()
    green.loc[table["unit_id"], "regime"] = regimes.to_numpy()
    if "built_year" in table.columns:
        built = pd.to_numeric(table["built_year"], errors="coerce")
        given = dict(zip(table["unit_id"][built.notna()], built[built.notna()], strict=True))
        years = pd.to_numeric(green["built_year"], errors="coerce")
        green["built_year"] = [given.get(unit_id, year) for unit_id, year in zip(green.index, years, strict=True)]
    return green.reset_index()


def effective_areas(green, progress=NO_PROGRESS):
    """Area (m2) of each green unit not already covered by a unit sorting before it, and the overlaps.

    The overlays are snapped to OVERLAY_GRID_M (robust); a unit without real overlaps keeps its exact area.
    green: GeoDataFrame sorted by unit_id. Returns (effective_m2 array, overlaps DataFrame with
    unit_id, other_unit_id, overlap_m2).
    """
    geometries = green.geometry.values
    areas = shapely.area(geometries)
    effective = areas.copy()
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    earlier = left < right
    left, right = left[earlier], right[earlier]
    shared = shapely.area(shapely.intersection(geometries[left], geometries[right], grid_size=OVERLAY_GRID_M))
    real = shared > OVERLAP_TOLERANCE_M2
    left, right, shared = left[real], right[real], shared[real]
    for count, position in enumerate(np.unique(right)):
        covering = shapely.union_all(geometries[left[right == position]], grid_size=OVERLAY_GRID_M)
        effective[position] = shapely.area(shapely.difference(geometries[position], covering, grid_size=OVERLAY_GRID_M))
        progress(count / max(len(right), 1), "Counting overlapping green units once")
    overlaps = pd.DataFrame({
        "unit_id": green["unit_id"].to_numpy()[right],
        "other_unit_id": green["unit_id"].to_numpy()[left],
        "overlap_m2": shared,
    })
    return effective, overlaps


def cover_areas(stats, green, effective_m2, progress=NO_PROGRESS):
    """Land-cover class areas (m2) per green unit, scaled to its effective area.

    stats: unit_stats rows (unit_id, stat, value). Units with no ``area_m2:<class>`` rows get their
    whole effective area in their design type's default cover, with a warning.
    Returns a DataFrame indexed by unit_id with one column per land-cover class.
    """
    classes = land_cover_classes()["class"].tolist()
    rows = stats[stats["stat"].astype(str).str.startswith(AREA_STAT) & stats["unit_id"].isin(green["unit_id"])]
    covers = rows["stat"].str[len(AREA_STAT):]
    table = pd.DataFrame(0.0, index=green["unit_id"], columns=classes)
    if len(rows):
        summed = rows["value"].astype(float).groupby([rows["unit_id"], covers]).sum().unstack(fill_value=0.0)
        table = summed.reindex(index=green["unit_id"], columns=classes).fillna(0.0)
    area = shapely.area(green.geometry.values)
    share = np.divide(effective_m2, area, out=np.zeros_like(area), where=area > 0)
    table = table.mul(share, axis=0)
    missing = ~green["unit_id"].isin(rows["unit_id"]).to_numpy()
    if missing.any():
        for position in np.flatnonzero(missing):
            table.iat[position, classes.index(green.at[position, "default_cover"])] = effective_m2[position]
        progress.warn(
            f"{int(missing.sum())} green units have no land-cover areas in unit_stats (e.g. "
            f"{green['unit_id'].to_numpy()[missing][0]}): their whole area is taken as their design type's "
            "default cover; run carbonledger:accountsinks to measure it"
        )
    return table


def sink_uptake(owned, green_ids):
    """Gross uptake per green unit from the sink entries of it and its descendants (t CO2e/yr, negative).

    owned: the sink entries that count under a green unit (co2e_t, low_t, high_t and the ``intervals.CORRELATED``
    columns), their unit_id that green unit's (``owned_entries``: the nearest green unit at or above the entry's
    unit), in fid order. Returns (uptake, owned): a DataFrame indexed by green unit id with uptake_t, and
    ``owned`` (for the budget's interval).
    """
    uptake = owned.groupby("unit_id")[["co2e_t"]].sum().rename(columns={"co2e_t": "uptake_t"})
    return uptake.reindex(pd.Index(green_ids)).fillna(0.0), owned.reset_index(drop=True)


UNIT_COLUMNS = ["unit_id", "parent_id", "level", "land_use", "built_year", "population"]
"""Attributes of the units a green-space algorithm reads."""


def read_green_context(ledger, assignments=None, progress=NO_PROGRESS, all_units=True):
    """Green units of ``ledger`` with their effective area and cover, read once for an algorithm.

    Returns a dict: units (all units' attributes and geometry), green (GeoDataFrame),
    effective_m2 (array), overlaps, stats (unit_stats area rows), cover (DataFrame per class, m2).
    all_units False: only the candidates' attributes and the green units' geometries and unit_stats rows are read
    (units is then None; what the budget needs, a fifth of a city's parcels).
    Raises LedgerInputError when there is no green unit. Warns about overlaps.
    """
    progress(0.0, "Reading green units")
    if all_units:
        units = ledger.read_layer("units", columns=UNIT_COLUMNS)
        green = select_green_units(units, assignments)
    else:
        units = None
        chosen = ledger.read_layer("units", UNIT_COLUMNS, {"unit_id": candidates(ledger, assignments)})
        green = select_green_units(chosen, assignments)
    if len(green) == 0:
        raise LedgerInputError(
            "no green units: no parcel has a land_use listed in resources/greenspace/design_types.csv "
            "and no GREEN_UNITS table names one", layer="units", field="land_use",
        )
    effective_m2, overlaps = effective_areas(green, progress.span(0.2, 0.8))
    if len(overlaps):
        first = overlaps.iloc[0]
        progress.warn(
            f"{len(overlaps)} pairs of green units overlap (e.g. {first['unit_id']} and {first['other_unit_id']} share "
            f"{first['overlap_m2']:.1f} m2): the shared ground is counted once, for the unit whose id sorts first"
        )
    stats = ledger.stats_starting_with("area_m2:", ["unit_id", "stat", "value"],
                                       None if all_units else {"unit_id": green["unit_id"].to_numpy()})
    cover = cover_areas(stats, green, effective_m2, progress)
    progress(1.0, f"{len(green)} green units")
    return {
        "units": units, "green": green, "effective_m2": effective_m2, "overlaps": overlaps,
        "stats": stats, "cover": cover,
    }


def read_uptake(ledger, context, scenario):
    """Gross uptake per green unit and the entries it sums (see sink_uptake) from the ledger's
    sequestration entries.

    Land-conversion entries (stock gains and losses between two land-cover dates) are not ongoing
    uptake and stay out. Raises LedgerInputError when the scenario has no sequestration entries.
    """
    uptake = {"flow": "sink", "sector": schema.SEQUESTRATION, "scenario": scenario, **ledger.year_match()}
    if ledger.count("entries", uptake) == 0:
        raise LedgerInputError(
            f"the ledger has no sink entries (sector {schema.SEQUESTRATION}) in scenario '{scenario}': run "
            "carbonledger:accountsinks first; green space is weighed against that uptake",
            layer="LEDGER",
            field="entries",
        )
    green_ids = context["green"]["unit_id"]
    owned = owned_entries(ledger, green_ids, ["co2e_t", "low_t", "high_t", *intervals.CORRELATED], uptake)
    return sink_uptake(owned.rename(columns={"owner": "unit_id"}), green_ids)
