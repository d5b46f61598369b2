"""Green units of the ledger: which units are green space, their area counted once, their cover.

A green unit is a parcel whose ``land_use`` is listed in ``resources/greenspace/design_types.csv``
(park, forest, grassland, wetland, pocket_park, green_belt, street_trees, lawn), or any unit named
in a GREEN_UNITS table (``unit_id, design_type, regime``) that sets or overrides its design type
and maintenance regime. Overlapping green units share ground: the overlap is counted once, for
a green unit nested in another (of a finer level: it keeps the sink entries below it, ``owned_entries``), else
for the unit whose ``unit_id`` sorts first, and each area-based quantity uses the remaining *effective* area (m2).
Land-cover areas per unit come from the sink accounting's ``unit_stats`` rows ``area_m2:<class>``, scaled by
effective area / area. So does its uptake: its owned sink entries count times effective area / the area they
measure (outside the green units nested in it); a unit whose ground all counts for others owns none: the entries
below it count for the nearest green unit above it, or for none (a unit sorting first measured that ground).
Which units a unit's shared ground counts in, and how much, is recorded with its outline (``counted_in``).
"""

import numpy as np
import pandas as pd
import shapely

from ..ledger import intervals, schema
from ..ledger.owned_entries import owned_entries
from ..core import ahead
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .parameters import design_types, land_cover_classes
from ..core.progress import NO_PROGRESS

GREEN_LEVEL = "parcel"
"""Level of the units whose land use makes them green units."""

AREA_STAT = "area_m2:"
"""Prefix of the unit_stats rows holding a unit's area of one land-cover class (m2)."""

OVERLAP_TOLERANCE_M2 = 0.01
"""Overlaps smaller than this (m2) are slivers of digitising, not shared ground."""

OVERLAY_GRIDS_M = (1e-6, 1e-4, 1e-3)
"""Grids (m) of the overlays that measure shared ground, finest first: GEOS snap-rounds their noding to the grid,
which is robust. In floating precision a valid polygon with a needle-thin spike (a ring that runs out along an edge
and back) can make GEOS return garbage, e.g. an intersection of 21,083 m2 for two parcels that touch at one point and
an empty difference, and different garbage in different GEOS builds (QGIS's own GEOS under qgis_process, shapely's
wheel in Python). Snap-rounding can itself fail on a pair ('TopologyException: Ring edge missing' for two wetland
parcels of the 1,000,000-parcel city on the micrometre grid, in both GEOS builds): such a pair is measured on the
next coarser grid. Rounding moves an area by at most about its perimeter times the grid (0.4 m of a m2 per km of
edge at 1 mm, under a thousandth of a m2 at a micrometre)."""


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
                tr("green unit has no geometry"), layer="units", field="geom", row=green.at[position, "unit_id"]
            )
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise LedgerInputError(
                tr("green unit geometry is a {geometry_type}, not a polygon").format(geometry_type=geometry.geom_type),
                layer="units", field="geom", row=green.at[position, "unit_id"],
            )
        raise LedgerInputError(
            tr("green unit geometry is invalid ({reason})").format(reason=shapely.is_valid_reason(geometry)),
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
        raise LedgerInputError(tr("missing columns {columns}").format(columns=missing), layer="GREEN_UNITS")
    table = assignments.reset_index(drop=True)
    known = set(units["unit_id"])
    for row, (unit_id, design) in enumerate(zip(table["unit_id"], table["design_type"], strict=False)):
        if unit_id not in known:
            raise LedgerInputError(
                tr("unit '{unit_id}' is not in the ledger").format(unit_id=unit_id), layer="GREEN_UNITS",
                field="unit_id", row=row + 1,
            )
        if design not in by_design.index:
            raise LedgerInputError(
                tr("design type '{design}' is not one of {designs}").format(
                    design=design, designs=", ".join(by_design.index)),
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


def _depths(green):
    """Position of each green unit's level in ``schema.LEVELS`` (coarse 0 to fine)."""
    return green["level"].map({level: code for code, level in enumerate(schema.LEVELS)}).fillna(0).to_numpy()


def precedence(green):
    """Rank (0 first) in which each green unit takes the ground it shares: a unit of a finer level first (one nested
    in another keeps its ground, as it keeps the sink entries below it; ``schema.LEVELS``), then by unit_id."""
    order = np.lexsort((green["unit_id"].to_numpy(), -_depths(green)))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _on_a_grid(overlay, unit_ids):
    """overlay(grid) on the finest of OVERLAY_GRIDS_M where GEOS snap-rounds it; LedgerInputError naming the green
    units ``unit_ids`` when it fails on every grid."""
    for grid in OVERLAY_GRIDS_M:
        try:
            return overlay(grid)
        except shapely.errors.GEOSException as error:
            failure = error
    raise LedgerInputError(tr("the ground shared by green units {unit_ids} cannot be measured: GEOS failed on every "
                              "grid of {grids} m ({failure})").format(
        unit_ids=" and ".join(unit_ids), grids=OVERLAY_GRIDS_M, failure=failure), layer="units", field="geom",
        row=unit_ids[0])


def _shared_m2(first, second, first_ids, second_ids):
    """Area (m2) shared by each pair of geometries of ``first`` and ``second`` (arrays; their unit_ids for a message),
    on the micrometre grid at once, pair by pair on a coarser grid where that fails (``_on_a_grid``)."""
    try:
        return shapely.area(shapely.intersection(first, second, grid_size=OVERLAY_GRIDS_M[0]))
    except shapely.errors.GEOSException:
        return np.array([shapely.area(_on_a_grid(lambda grid, a=a, b=b: shapely.intersection(a, b, grid_size=grid),
                                                 (a_id, b_id)))
                         for a, b, a_id, b_id in zip(first, second, first_ids, second_ids, strict=True)], dtype=float)


def _uncovered_m2(geometry, covering, unit_id):
    """Area (m2) of ``geometry`` (of unit ``unit_id``) outside the geometries ``covering`` (``_on_a_grid``)."""
    return shapely.area(_on_a_grid(lambda grid: shapely.difference(
        geometry, shapely.union_all(covering, grid_size=grid), grid_size=grid), (unit_id,)))


def _counted_m2(geometry, takers, ranks, unit_id):
    """Area (m2) of ``geometry`` (of unit ``unit_id``) counted in each of ``takers`` (geometries of the units before
    it that overlap it, their ``precedence`` ``ranks``): its overlap with the taker outside the takers before that
    one, which count that ground themselves (``_on_a_grid``)."""
    counted = np.empty(len(takers))
    order = np.argsort(ranks, kind="stable")
    for step, taker in enumerate(order):
        earlier = takers[order[:step]]
        counted[taker] = shapely.area(_on_a_grid(lambda grid, taker=takers[taker], earlier=earlier: shapely.difference(
            shapely.intersection(geometry, taker, grid_size=grid), shapely.union_all(earlier, grid_size=grid),
            grid_size=grid), (unit_id,)))
    return counted


def effective_areas(green, progress=NO_PROGRESS):
    """Area (m2) of each green unit not taken by a unit before it (``precedence``), the area outside the green
    units nested in it, and the overlaps.

    The overlays are snapped to OVERLAY_GRIDS_M (robust); a unit without real overlaps keeps its exact area.
    green: GeoDataFrame sorted by unit_id. Returns (effective_m2 array, measured_m2 array: the area outside the
    green units of a finer level, whose sink entries are theirs, overlaps DataFrame with unit_id, other_unit_id
    (the unit that takes the shared ground), overlap_m2 (the ground they share) and counted_m2 (the part of it
    counted in other_unit_id: all of it but what a unit before other_unit_id takes too; these add up to the area
    less the effective area, up to the grid's rounding)).
    """
    geometries = green.geometry.values
    areas = shapely.area(geometries)
    effective, measured = areas.copy(), areas.copy()
    rank, depth = precedence(green), _depths(green)
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    earlier = rank[left] < rank[right]
    left, right = left[earlier], right[earlier]
    ids = green["unit_id"].to_numpy()
    shared = _shared_m2(geometries[left], geometries[right], ids[left], ids[right])
    real = shared > OVERLAP_TOLERANCE_M2
    left, right, shared = left[real], right[real], shared[real]
    counted = shared.copy()  # a unit's ground counted in each unit before it: all they share, for a single taker
    positions = np.unique(right)
    for count, position in enumerate(positions):
        mine = np.flatnonzero(right == position)
        before = left[mine]
        if len(before) > 1:
            counted[mine] = _counted_m2(geometries[position], geometries[before], rank[before], ids[position])
        effective[position] = _uncovered_m2(geometries[position], geometries[before], ids[position])
        nested = before[depth[before] > depth[position]]
        if len(nested) == len(before):
            measured[position] = effective[position]
        elif len(nested):
            measured[position] = _uncovered_m2(geometries[position], geometries[nested], ids[position])
        progress(count / len(positions), tr("Counting overlapping green units once"))
    overlaps = pd.DataFrame({
        "unit_id": ids[right],
        "other_unit_id": ids[left],
        "overlap_m2": shared,
        "counted_m2": counted,
    })
    return effective, measured, overlaps


COUNTED_IN_FORMAT = "{unit_id} {m2:.2f}"
"""One green unit in a ``counted_in`` text: a unit that takes shared ground and the m2 of it counted there (2
decimals); a text joins them with COUNTED_IN_SEPARATOR in unit_id order, e.g. ``D01-B0003-P02 120.50;D01-B0004-P01
8.25``. Read one back by splitting on the separator, then each part at its last space."""
COUNTED_IN_SEPARATOR = ";"


def counted_in(green_ids, overlaps):
    """Per green unit, in the order of ``green_ids``: the green units its shared ground is counted in and how much
    (``overlaps`` as ``effective_areas`` gives them: unit_id gives, other_unit_id takes counted_m2) as one text
    (COUNTED_IN_FORMAT), '' when no unit takes any. Returns an object array of str.

    The m2 add up to the unit's outline less its effective area, up to their rounding to 0.01 m2 and the overlay
    grid's (``OVERLAY_GRIDS_M``). A unit whose ground shared with this one all counts in a unit before it (under
    OVERLAP_TOLERANCE_M2 left) is not named."""
    texts = np.full(len(green_ids), "", dtype=object)
    overlaps = overlaps[overlaps["counted_m2"] > OVERLAP_TOLERANCE_M2]
    if len(overlaps) == 0:
        return texts
    ordered = overlaps.sort_values(["unit_id", "other_unit_id"], kind="stable")
    parts = [COUNTED_IN_FORMAT.format(unit_id=taker, m2=m2)
             for taker, m2 in zip(ordered["other_unit_id"], ordered["counted_m2"], strict=True)]
    joined = pd.Series(parts, index=ordered["unit_id"].to_numpy()).groupby(level=0, sort=False).agg(
        COUNTED_IN_SEPARATOR.join)
    texts[pd.Index(green_ids).get_indexer(joined.index)] = joined.to_numpy()
    return texts


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
    table = table.mul(ground_share(effective_m2, shapely.area(green.geometry.values)), axis=0)
    missing = ~green["unit_id"].isin(rows["unit_id"]).to_numpy()
    if missing.any():
        for position in np.flatnonzero(missing):
            table.iat[position, classes.index(green.at[position, "default_cover"])] = effective_m2[position]
        progress.warn(
            tr("{units} green units have no land-cover areas in unit_stats (e.g. {example}): their whole area is "
               "taken as their design type's default cover; run carbonledger:accountsinks to measure it").format(
                units=int(missing.sum()), example=green["unit_id"].to_numpy()[missing][0])
        )
    return table


def ground_share(part_m2, whole_m2):
    """part_m2 / whole_m2 per green unit (arrays, m2; 0 where whole_m2 is 0): the share of a measured area that
    counts for the unit."""
    whole = np.asarray(whole_m2, dtype=float)
    return np.divide(part_m2, whole, out=np.zeros_like(whole), where=whole > 0)


UPTAKE_COLUMNS = ("co2e_t", "low_t", "high_t", "activity", "activity_low", "activity_high")
"""Columns of a sink entry proportional to the ground it covers (scaled by its owner's ground share)."""


def on_own_ground(owned, green_ids, share):
    """``owned`` entries (unit_id = their green owner) with UPTAKE_COLUMNS times their owner's ground ``share``
    (array in the order of ``green_ids``); entries of owners with their whole ground are left as they are."""
    partial = share < 1.0
    if not partial.any() or not len(owned):
        return owned
    factor = pd.Series(share, index=pd.Index(green_ids)).reindex(owned["unit_id"]).fillna(1.0).to_numpy()
    columns = [c for c in UPTAKE_COLUMNS if c in owned.columns]
    return owned.assign(**{c: owned[c].to_numpy(dtype=float) * factor for c in columns})


def sink_uptake(owned, green_ids):
    """Gross uptake per green unit from the sink entries of it and its descendants (t CO2e/yr, negative).

    owned: the sink entries that count under a green unit (co2e_t, low_t, high_t and the ``intervals.CORRELATED``
    columns), their unit_id that green unit's (``owned_entries``: the nearest green unit with ground at or above
    the entry's unit), scaled to its ground share (``on_own_ground``), in fid order. Returns (uptake, owned): a
    DataFrame indexed by green unit id with uptake_t, and ``owned`` (for the budget's interval).
    """
    uptake = owned.groupby("unit_id")[["co2e_t"]].sum().rename(columns={"co2e_t": "uptake_t"})
    return uptake.reindex(pd.Index(green_ids)).fillna(0.0), owned.reset_index(drop=True)


UNIT_COLUMNS = ["unit_id", "parent_id", "level", "land_use", "built_year", "population"]
"""Attributes of the units a green-space algorithm reads."""


def read_green_context(ledger, assignments=None, progress=NO_PROGRESS, all_units=True, reads=()):
    """Green units of ``ledger`` with their effective area and cover, read once for an algorithm.

    Returns a dict: units (all units' attributes and geometry), green (GeoDataFrame), outline_m2 (array: each green
    unit's own area as drawn), effective_m2 (array), overlaps, stats (unit_stats area rows), cover (DataFrame per
    class, m2), read (the results of ``reads``).
    all_units False: only the candidates' attributes and the green units' geometries and unit_stats rows are read
    (units is then None; what the budget needs, a fifth of a city's parcels).
    reads: further reads of the ledger (callables without arguments) the caller needs, made here, in order, with the
    unit_stats rows while GEOS measures the overlaps in a thread (``effective_areas``: outside the GIL).
    Raises LedgerInputError when there is no green unit. Warns about overlaps.
    """
    progress(0.0, tr("Reading green units"))
    if all_units:
        units = ledger.read_layer("units", columns=UNIT_COLUMNS)
        green = select_green_units(units, assignments)
    else:
        units = None
        chosen = ledger.read_layer("units", UNIT_COLUMNS, {"unit_id": candidates(ledger, assignments)})
        green = select_green_units(chosen, assignments)
    if len(green) == 0:
        raise LedgerInputError(
            tr("no green units: no parcel has a land_use listed in resources/greenspace/design_types.csv "
               "and no GREEN_UNITS table names one"), layer="units", field="land_use",
        )
    quiet = progress.quiet()
    with ahead.beside(lambda _stop: effective_areas(green, quiet)) as overlays:  # waited for, also on an error here
        stats = ledger.stats_starting_with("area_m2:", ["unit_id", "stat", "value"],
                                           None if all_units else {"unit_id": green["unit_id"].to_numpy()})
        read = [each() for each in reads]
        effective_m2, measured_m2, overlaps = overlays()
    progress(0.8, tr("Counting overlapping green units once"))
    if len(overlaps):
        first = overlaps.iloc[0]
        covered = green["unit_id"].to_numpy()[effective_m2 == 0]
        warning = tr(
            "{pairs} pairs of green units overlap (e.g. {unit_id} and {other_unit_id} share {overlap_m2:.1f} m2): the "
            "shared ground is counted once, with its cover and uptake, for the unit nested in the other, else for the "
            "unit whose id sorts first").format(pairs=len(overlaps), unit_id=first["unit_id"],
                                                other_unit_id=first["other_unit_id"], overlap_m2=first["overlap_m2"])
        if len(covered):
            warning = tr("{overlaps}; {covered} units (e.g. {example}) are wholly covered: area 0, no uptake of their "
                         "own").format(overlaps=warning, covered=len(covered), example=covered[0])
        progress.warn(warning)
    cover = cover_areas(stats, green, effective_m2, progress)
    progress(1.0, tr("{units} green units").format(units=len(green)))
    return {
        "units": units, "green": green, "outline_m2": shapely.area(green.geometry.values), "effective_m2": effective_m2,
        "measured_m2": measured_m2, "overlaps": overlaps, "stats": stats, "cover": cover, "read": read,
    }


def read_uptake(ledger, context, scenario, uptake=None):
    """Gross uptake per green unit and the entries it sums (see sink_uptake) from the ledger's
    sequestration entries, on the unit's own ground (the overlap rule, as its effective area).

    Land-conversion entries (stock gains and losses between two land-cover dates) are not ongoing
    uptake and stay out. Raises LedgerInputError when the scenario has no sequestration entries.
    uptake: ``require_uptake``'s match when the caller has made that check already.
    """
    uptake = require_uptake(ledger, scenario) if uptake is None else uptake
    green_ids = context["green"]["unit_id"]
    share = ground_share(context["effective_m2"], context["measured_m2"])
    owners = green_ids[share > 0]  # a unit wholly covered owns nothing: its entries go to a green unit above it
    owned = owned_entries(ledger, owners, ["co2e_t", "low_t", "high_t", *intervals.CORRELATED], uptake)
    return sink_uptake(on_own_ground(owned.rename(columns={"owner": "unit_id"}), green_ids, share), green_ids)


def require_uptake(ledger, scenario):
    """The ``match`` of the sequestration entries of ``scenario`` in the ledger's latest year; raises
    LedgerInputError when it has none."""
    uptake = {"flow": "sink", "sector": schema.SEQUESTRATION, "scenario": scenario, **ledger.year_match()}
    if ledger.count("entries", uptake) == 0:
        raise LedgerInputError(
            tr("the ledger has no sink entries (sector {sector}) in scenario '{scenario}': run "
               "carbonledger:accountsinks first; green space is weighed against that uptake").format(
                sector=schema.SEQUESTRATION, scenario=scenario),
            layer="LEDGER",
            field="entries",
        )
    return uptake
