"""Sinks: what each unit's vegetation, soil, wetland and water take up (t CO2e/yr) and store (t C).

From a classified land-cover raster and a class table (``resources/sinks/landcover_classes.csv``):

- zonal composition per unit (``zonal.py``, exact at pixel edges): area per class (m2), mean NDVI
  and canopy, and the share of the unit no valid pixel covers, stored in ``unit_stats``;
- annual sequestration per unit and class (method ``rates``):
  co2e_t = class area (ha) x rate (t C/ha/yr, factor ``sink_rate_<class>``) x -44/12;
  with a CANOPY raster the ``urban_trees`` row is applied to crown area instead of class area
  (IPCC 2006 Vol 4 Ch 8 Tier 2a): crown area = sum of canopy fraction x pixel area, less the
  ``forest`` area (taken as fully crowned);
- or net uptake from NDVI by light-use efficiency (method ``lue``, see ``light_use.py``);
- carbon stocks per unit and pool, t C = sum over classes of area (ha) x pool density (t C/ha),
  in the ``stocks`` table (a stock, never summed into the annual net; InVEST Carbon's storage);
- urban tree growth net of pruning removals (IPCC Eq 8.1, gains minus losses, ``pruning.py``);
- with a second land-cover map (LANDCOVER_ALT of ALT_YEAR), land conversion: one net entry per unit
  and transition (class then -> class now, from the per-pixel transition matrix), IPCC Tier 1:
  biomass lost at conversion, soil over SOIL_YEARS, sealed land never a sink (``conversion.py``).

No double counting across levels: entries go on the accounted levels (LEVELS), and a unit's
entries cover only its area not covered by accounted descendants (class by class: a parcel with
image segments is accounted through its segments, a parcel with accounted buildings keeps its
open ground); stocks follow the same rule, so summing the ``stocks`` table gives the city total.

Units are accounted in partitions of at most MAX_UNITS units, by district (``partitions.py``: a
unit with the accounted units nested in it, districts from north to south), each by
``account_sink_partition`` here (the next partition in a thread while one is written: ``partitions.map_ahead``)
or on a Dask worker (``scale_out.py``), and written in partition order, so memory is bounded and every path
writes the same ledger.
"""
import collections

import geopandas as gpd
import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import gpkg_geometry, hierarchy as unit_hierarchy, partitions, replacement, schema, totals, unit_codes
from ..units import zonal
from ..ledger.conversions import C_TO_CO2, M2_PER_HA
from ..ledger.entries import finalize_entries
from ..core import heap
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger.store import Ledger, utc_now
from .class_table import POOLS, class_factors, read_class_table
from .conversion import SOIL_YEARS, density_ids, transition_factors, transition_rows
from .pruning import DEFAULT_LEVEL as DEFAULT_PRUNING, LEVELS as PRUNING_LEVELS
from .pruning import TREE_CLASS, pruning_rate_id, removal_factors, removal_rows
from .light_use import accounting_rows as lue_rows
from .light_use import read_parameters as read_lue_parameters
from .light_use import UNCREDITED_CLASSES, check_ndvi_raster, ndvi_floor
from ..core.progress import NO_PROGRESS
from ..ledger.provenance import hash_text

ALGORITHM = "carbonledger:accountsinks"
ZONAL_LEVELS = ("district", "block", "parcel", "building", "segment")
DEFAULT_LEVELS = ("parcel", "segment")
METHODS = ("rates", "lue")
MAX_UNITS = 50_000
"""Most units accounted in one partition (a unit and the accounted units nested in it stay together)."""
CROWN_CLASS = "urban_trees"
"""Class whose rate is per ha of crown cover (IPCC Tier 2a) when a CANOPY raster is given."""
CLOSED_CLASS = "forest"
"""Class taken as fully crowned, so its area is not counted again as urban crown cover."""


def subtract_descendants(values, ids, ancestor, floored):
    """Extensive per-unit values (n, k) less those of the accounted units nested in them.

    ids: unit id of each row; ancestor: nearest accounted ancestor per id (Series); floored:
    boolean per column, True for areas (floored at 0, and set to 0 below ``zonal.AREA_ROUNDING_M2``,
    the rounding of the subtraction; NDVI sums may be negative). Returns (own values, number of units
    whose descendants exceeded an area by more than 1 m2).
    """
    position = pd.Series(np.arange(len(ids)), index=ids)
    child = np.flatnonzero(ancestor.reindex(ids).notna().to_numpy())
    own = values.copy()
    if len(child):
        target = position[ancestor.reindex(ids).to_numpy()[child]].to_numpy()
        for column in range(values.shape[1]):
            own[:, column] -= np.bincount(target, values[child, column], minlength=len(ids))
    overdrawn = int(((own[:, floored] < -1.0).any(axis=1)).sum())
    areas = own[:, floored]
    own[:, floored] = np.where(zonal.is_land(areas), areas, 0.0)
    return own, overdrawn


def partition_ancestors(ids, codes, above):
    """The ``ancestor`` Series of one partition's units for ``account_sink_partition``: ids (their unit ids, in
    code order), codes (their codes in the units' tree, increasing) and above (the code of each one's nearest
    accounted ancestor, -1 for none; every such ancestor is one of ``codes``)."""
    named = np.full(len(ids), None, dtype=object)
    has = above >= 0
    named[has] = ids[np.searchsorted(codes, above[has])]
    return pd.Series(named, index=pd.Index(ids), dtype=object)


def names_of(classes):
    """The class names of a class table, in table order (a list)."""
    return list(classes["class"])


def rate_rows(ids, areas_m2, classes, crown_m2=None):
    """Accounting rows of annual sequestration: one per unit and class with a non-zero rate.

    areas_m2: (n, k) own class areas, m2, columns in class-table order; crown_m2: own crown
    area (m2) per unit, replacing the CROWN_CLASS area when given.
    """
    frames = []
    for j, row in classes.reset_index(drop=True).iterrows():
        if row["rate_t_c_ha_yr"] == 0:
            continue
        crown = crown_m2 is not None and row["class"] == CROWN_CLASS
        area_m2 = crown_m2 if crown else areas_m2[:, j]
        keep, area = zonal.is_land(area_m2), area_m2 / M2_PER_HA
        frames.append(pd.DataFrame({
            "unit_id": np.asarray(ids)[keep], "flow": "sink", "sector": schema.SEQUESTRATION, "gpc_sector": "V.2",
            "scope": 1, "carrier": row["class"], "activity": area[keep],
            "activity_unit": "ha crown" if crown else "ha",
            "activity_low": area[keep], "activity_high": area[keep],
            "factor_id": f"sink_rate_{row['class']}", "conversion": -C_TO_CO2,
            "conversion_note": "t C -> t CO2e (x 44/12), uptake negative",
            "method": "zonal_exact_canopy" if crown else "zonal_exact", "profile": row["profile"],
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def stock_rows(ids, areas_m2, classes, year, scenario):
    """Rows of the ``stocks`` table: per unit and pool, t C = sum of class area (ha) x density."""
    densities = classes[list(POOLS)].to_numpy(dtype=float)  # (k, 4) t C/ha
    hectares = areas_m2 / M2_PER_HA
    stocks = np.zeros((len(hectares), len(POOLS)))  # (n, 4) t C
    for j in range(len(densities)):  # class by class, not a BLAS product, whose order of sums varies with its threads
        stocks += hectares[:, j:j + 1] * densities[j]
    unit = np.repeat(np.asarray(ids, dtype=object), len(POOLS))
    pool = np.tile(np.array(POOLS, dtype=object), len(ids))
    value = stocks.ravel()
    keep = value > 0
    return pd.DataFrame({"unit_id": unit[keep], "scenario": scenario, "pool": pool[keep], "year": year,
                         "stock_t_c": value[keep], "stock_t_co2e": value[keep] * C_TO_CO2})


def stat_rows(ids, result, classes, alt_year=None):
    """Rows of ``unit_stats``: area per class (m2), NDVI and canopy means, uncovered share."""
    frames = []

    def add(stat, values, unit, keep=None):
        values = np.asarray(values, dtype=float)
        keep = np.isfinite(values) if keep is None else keep & np.isfinite(values)
        frames.append(pd.DataFrame({"unit_id": np.asarray(ids, dtype=object)[keep], "stat": stat,
                                    "value": values[keep], "value_unit": unit}))

    for name, suffix in (("landcover", ""), ("landcover_alt", f":{alt_year}")):
        if name in result.classes:
            area = result.classes[name].area
            for j, cls in enumerate(classes["class"]):
                add(f"area_m2:{cls}{suffix}", area[:, j], "m2", zonal.is_land(area[:, j]))
    for name in ("ndvi", "canopy"):
        if name in result.means:
            add(f"mean:{name}", result.means[name].mean, "ratio")
    add("uncovered_share", result.uncovered_share("landcover"), "ratio")
    return pd.concat(frames, ignore_index=True)


SinkOptions = collections.namedtuple(
    "SinkOptions",
    "landcover canopy ndvi landcover_alt ledger_crs overlay_crs classes factors lue method year alt_year scenario "
    "soil_years pruning")
"""A sink run's validated inputs as every partition needs them: raster paths (each partition
opens them itself), the ledger's CRS and the one units are reprojected to for the overlay (None:
the ledger's), the class table, the factor table, LUE parameters (or None), method, years,
scenario, soil transition years and the trees' maintenance level (pruning)."""

SinkPartition = collections.namedtuple(
    "SinkPartition", "units entries stocks stats unknown_codes canopy_max uncovered_units uncovered_max overdrawn")
"""One partition's accounting: number of units, its entries, ``stocks`` and ``unit_stats`` rows,
and what is checked over the whole run: {raster: codes not in the class table}, largest canopy
mean, units more than 1% uncovered and the largest uncovered share, units smaller than their
accounted descendants."""


def sink_options(landcover, classes, canopy, ndvi, landcover_alt, alt_year, year, method, lue_parameters, levels,
                 scenario, soil_years=SOIL_YEARS, pruning=DEFAULT_PRUNING):
    """(SinkOptions, levels) from account_sinks' arguments; raises LedgerInputError on bad ones."""
    classes = read_class_table() if classes is None else classes
    levels = tuple(levels) or DEFAULT_LEVELS
    bad = [lvl for lvl in levels if lvl not in ZONAL_LEVELS]
    if bad:
        raise LedgerInputError(tr("levels {levels} cannot hold sinks; choose from {choices}").format(
            levels=bad, choices=", ".join(ZONAL_LEVELS)), layer="LEVELS")
    if method not in METHODS:
        raise LedgerInputError(tr("method '{method}' is not one of {methods}").format(
            method=method, methods=", ".join(METHODS)), layer="METHOD")
    if method == "lue" and ndvi is None:
        raise LedgerInputError(tr("the lue method needs an NDVI raster"), layer="NDVI")
    if ndvi is not None:
        check_ndvi_raster(ndvi)
    if landcover_alt is not None and (alt_year is None or year is None or int(alt_year) == int(year)):
        raise LedgerInputError(
            tr("a second land-cover map needs YEAR and ALT_YEAR, and they must differ"), layer="ALT_YEAR"
        )
    if not soil_years or soil_years < 1:
        raise LedgerInputError(
            tr("the soil transition period must be at least 1 year, not {soil_years}").format(soil_years=soil_years),
            layer="SOIL_YEARS",
        )
    if pruning not in PRUNING_LEVELS:
        raise LedgerInputError(tr("pruning level '{pruning}' is not one of {levels}").format(
            pruning=pruning, levels=", ".join(PRUNING_LEVELS)), layer="PRUNING")
    lue = read_lue_parameters() if method == "lue" and lue_parameters is None else lue_parameters
    factors = [class_factors(classes)]
    if method == "lue":
        factors.append(lue)
    else:
        factors.append(removal_factors(pruning if TREE_CLASS in set(classes["class"]) else "none"))
    if landcover_alt is not None:
        factors.append(transition_factors(classes, int(year) - int(alt_year), soil_years, (alt_year, year)))
    return SinkOptions(landcover, canopy, ndvi, landcover_alt, None, None, classes, pd.concat(factors), lue, method,
                       year, alt_year, scenario, soil_years, pruning), levels


def open_sink_rasters(options):
    """The rasters of a run, opened and aligned on the land-cover grid: (categorical, continuous)
    as ``zonal.zonal_statistics`` takes them; raises LedgerInputError on a raster it cannot use."""
    base = zonal.open_raster(options.landcover, "LANDCOVER")
    codes = options.classes["code"].to_numpy()
    categorical = {"landcover": (base, codes)}
    if options.landcover_alt is not None:
        categorical["landcover_alt"] = (zonal.align(zonal.open_raster(options.landcover_alt, "LANDCOVER_ALT"), base,
                                                    "near", "LANDCOVER_ALT"), codes)
    continuous = {name: zonal.align(zonal.open_raster(path, name.upper()), base, "average", name.upper())
                  for name, path in (("ndvi", options.ndvi), ("canopy", options.canopy)) if path is not None}
    return categorical, continuous


def account_sink_partition(geometries, ancestor, progress=NO_PROGRESS, *, options, inputs_hash, run_id, computed_at):
    """Entries, stocks and unit statistics of one partition's units (a SinkPartition).

    geometries: GeoPackage geometry blobs of the units (ledger CRS); ancestor: Series indexed by
    their unit ids, the nearest accounted ancestor of each (NA if none), every ancestor among
    them; options: SinkOptions;
    inputs_hash, run_id, computed_at: as ``entries.finalize_entries`` records them. Reads
    only the raster rows under the units; the same function serves the single-machine run and
    every Dask worker.
    """
    categorical, continuous = open_sink_rasters(options)
    geometries = gpkg_geometry.decode(geometries)
    if options.overlay_crs is not None:
        geometries = gpd.GeoSeries(geometries, crs=options.ledger_crs).to_crs(options.overlay_crs).to_numpy()
    ids = ancestor.index.to_numpy(dtype=object)
    pairs = {"transition": ("landcover_alt", "landcover")} if options.landcover_alt is not None else None
    masked = None
    if options.method == "lue":  # NDVI of the credited classes, floored where fAPAR reaches 0
        left_out = options.classes.loc[options.classes["class"].isin(UNCREDITED_CLASSES), "code"].to_numpy()
        masked = {"ndvi_credited": ("ndvi", "landcover", left_out, ndvi_floor(options.lue))}
    result = zonal.zonal_statistics(geometries, np.arange(len(ids)), len(ids), categorical, continuous, progress,
                                    pairs=pairs, masked=masked)
    uncovered = result.uncovered_share("landcover")
    blocks = {"now": result.classes["landcover"].area}
    if options.landcover_alt is not None:
        blocks["then"] = result.classes["landcover_alt"].area
        blocks["transition"] = result.classes["transition"].area
    averaged = list(continuous) + list(masked or {})
    for name in averaged:  # coverage-weighted sums and their areas, so that they subtract
        blocks[name] = np.column_stack([np.nan_to_num(result.means[name].mean) * result.means[name].valid_area,
                                        result.means[name].valid_area])
    floored = np.concatenate([np.arange(b.shape[1]) > 0 if name in averaged else np.ones(b.shape[1], bool)
                              for name, b in blocks.items()])
    stacked, overdrawn = subtract_descendants(np.column_stack(list(blocks.values())), ids, ancestor, floored)
    own, start = {}, 0
    for name, block in blocks.items():
        own[name] = stacked[:, start:start + block.shape[1]]
        start += block.shape[1]

    classes, year, alt_year = options.classes, options.year, options.alt_year
    if options.method == "rates":
        crown = None
        if "canopy" in own:
            names = list(classes["class"])
            crown = own["canopy"][:, 0]
            if CLOSED_CLASS in names:
                crown = np.maximum(crown - own["now"][:, names.index(CLOSED_CLASS)], 0.0)
        accounting = rate_rows(ids, own["now"], classes, crown)
        if options.pruning != "none" and TREE_CLASS in names_of(classes):
            trees = own["now"][:, names_of(classes).index(TREE_CLASS)]
            accounting = pd.concat([accounting, removal_rows(ids, trees, options.factors, options.pruning)],
                                   ignore_index=True)
    else:
        weight = own["ndvi_credited"][:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(weight > 0, own["ndvi_credited"][:, 0] / weight, np.nan)
        accounting = lue_rows(ids, mean, weight, options.lue)
    if options.landcover_alt is not None:
        accounting = pd.concat([accounting, transition_rows(ids, own["transition"], classes, options.factors, int(year),
                                                            int(alt_year))], ignore_index=True)
    stocks = stock_rows(ids, own["now"], classes, year, options.scenario)
    if options.landcover_alt is not None:
        stocks = pd.concat(
            [stocks, stock_rows(ids, own["then"], classes, alt_year, options.scenario)], ignore_index=True
        )
    entries = pd.DataFrame()
    if len(accounting):
        accounting["inputs_hash"] = inputs_hash
        entries = finalize_entries(accounting, options.factors, options.scenario, run_id, computed_at,
                                   fingerprint=False)
    return SinkPartition(
        units=len(ids), entries=entries, stocks=stocks.assign(run_id=run_id),
        stats=stat_rows(ids, result, classes, alt_year).assign(run_id=run_id),
        unknown_codes={name: areas.unknown_codes for name, areas in result.classes.items() if areas.unknown_codes},
        canopy_max=float(np.nanmax(result.means["canopy"].mean, initial=0.0)) if "canopy" in result.means else 0.0,
        uncovered_units=int((uncovered > 0.01).sum()), uncovered_max=float(uncovered.max(initial=0.0)),
        overdrawn=overdrawn,
    )


def write_sink_partitions(writer, results, options, n_parts, progress, policy=replacement.KEEP_ALL):
    """Inside ``writer``'s transaction: replace this algorithm's entries, stocks (of the scenario) and
    unit statistics by those of ``results`` (SinkPartitions, in partition order); returns the
    summary dict of ``account_sinks`` less the roll-up. Raises LedgerInputError (the transaction
    rolls back) on land-cover codes missing from the class table or canopy beyond 0..1, and when
    the entries or stocks written fall below ``policy`` (a replacement.Policy) of those replaced."""
    before = {table: writer.count_model_rows(table, ALGORITHM, options.scenario) for table in ("entries", "stocks")}
    writer.delete_model_rows("entries", ALGORITHM, options.scenario)
    writer.delete_model_rows("stocks", ALGORITHM, options.scenario)
    writer.delete_model_rows("unit_stats", ALGORITHM)
    summary = {"units": 0, "entries": 0, "sink_t_co2e": 0.0, "net_t_co2e": 0.0, "stock_t_c": 0.0, "uncovered_units": 0}
    largest_uncovered, overdrawn, stocks_written = 0.0, 0, 0
    for count, part in enumerate(results, 1):
        for name, codes in part.unknown_codes.items():
            raise LedgerInputError(tr("codes {codes} occur under units but are not in the class table").format(
                codes=codes), layer=name.upper(), field="code")
        if part.canopy_max > 1.0 + 1e-9:
            raise LedgerInputError(tr("canopy must be a fraction 0..1 (divide a percentage by 100)"), layer="CANOPY")
        if len(part.entries):
            pruned = options.method == "rates" and options.pruning != "none" and TREE_CLASS in names_of(options.classes)
            also_used = density_ids(options.factors, part.entries["factor_id"])
            writer.append_entries(part.entries, options.factors,
                                  also_used + ([pruning_rate_id(options.pruning)] if pruned else []))
            summary["sink_t_co2e"] += float(part.entries.loc[part.entries["flow"] == "sink", "co2e_t"].sum())
            summary["net_t_co2e"] += float(part.entries["co2e_t"].sum())
        writer.append_rows("stocks", part.stocks)
        stocks_written += len(part.stocks)
        writer.append_rows("unit_stats", part.stats)
        current = part.stocks[part.stocks["year"] == options.year] if options.year is not None else part.stocks
        summary["stock_t_c"] += float(current["stock_t_c"].sum())
        summary["units"] += part.units
        summary["entries"] += len(part.entries)
        summary["uncovered_units"] += part.uncovered_units
        largest_uncovered, overdrawn = max(largest_uncovered, part.uncovered_max), overdrawn + part.overdrawn
        progress(count / max(n_parts, 1), tr("{done} of {partitions} partitions accounted and written").format(
            done=count, partitions=n_parts))
    written = {"entries": summary["entries"], "stocks": stocks_written}
    for table in before:
        replacement.guard(writer, tr("sinks of scenario {scenario}").format(scenario=options.scenario), table,
                          before[table], written[table], policy, "LANDCOVER")
    if summary["uncovered_units"]:
        progress.warn(tr("{units} units are more than 1% outside LANDCOVER or on nodata (largest share "
                         "{largest_share:.3f}); see uncovered_share in unit_stats").format(
            units=summary["uncovered_units"], largest_share=largest_uncovered))
    if overdrawn:
        progress.warn(tr("{units} units are smaller than their accounted descendants (e.g. a building straddling "
                         "two parcels); their remainder was floored at 0").format(units=overdrawn))
    return summary


def account_sinks(ledger_path, landcover, classes=None, canopy=None, ndvi=None, landcover_alt=None,
                  alt_year=None, year=None, method="rates", lue_parameters=None, levels=DEFAULT_LEVELS,
                  scenario=BASELINE, parameters=None, inputs=None, progress=NO_PROGRESS, max_units=MAX_UNITS,
                  map_partitions=None, soil_years=SOIL_YEARS, pruning=DEFAULT_PRUNING, policy=replacement.KEEP_ALL,
                  inventory_year=None, reason=None):
    """Account sinks and stocks into the ledger; returns a summary dict.

    inventory_year: inventory year the entries and stocks belong to (None: ``year``, else the ledger's
    latest); reason: why an accounted year is recalculated (a new version of it, ``ledger.years``).

    landcover, canopy, ndvi, landcover_alt: raster paths (the last three optional); classes: a
    validated class table (``read_class_table``) or None for the shipped one; year / alt_year:
    land-cover years (both needed with landcover_alt); method: 'rates' or 'lue' (needs ndvi);
    lue_parameters: validated LUE table or None; levels: unit levels that get entries;
    soil_years: years of the soil carbon transition after a conversion (IPCC default 20);
    pruning: maintenance level of urban trees whose pruning is booked as a loss (``none``: no loss).
    The accounted units are split into partitions of at most ``max_units`` units by district
    (``partitions.py``; a unit and the accounted units nested in it stay together) and accounted
    one partition at a time by ``account_sink_partition``: here (``partitions.map_ahead``: the next partition in
    a thread while one is written), or by ``map_partitions`` (e.g. ``scale_out.on_cluster``, or
    ``partitions.map_here``: one after the other); results are written in partition order in one transaction,
    so all give the same ledger for the same ``max_units``. Bad input (LedgerInputError) or a
    cancel rolls the transaction back and leaves the ledger unchanged; so does a run whose entries
    or stocks fall below ``policy`` (replacement.Policy: COVERAGE, REPLACE) of those it replaces.
    """
    options, levels = sink_options(landcover, classes, canopy, ndvi, landcover_alt, alt_year, year, method,
                                   lue_parameters, levels, scenario, soil_years, pruning)
    ledger = Ledger(ledger_path)
    progress(0.02, tr("Opening rasters"))
    categorical, _ = open_sink_rasters(options)
    raster_crs = categorical["landcover"][0].GetProjection()
    categorical = None
    progress(0.05, tr("Reading units"))
    units = unit_codes.read_unit_codes(ledger)  # the tree as integers: no unit's id is held for the whole city
    accounted = np.flatnonzero(np.isin(units.level, [unit_codes.level_code(level) for level in levels]))
    if len(accounted) == 0:
        raise LedgerInputError(tr("the ledger has no units of levels {levels}").format(levels=", ".join(levels)),
                               layer="LEDGER")
    fids = units.fid[accounted]
    options = options._replace(ledger_crs=ledger.crs_wkt)
    if not zonal.same_crs(ledger.crs_wkt, raster_crs):
        progress.log(tr("LANDCOVER is not in the ledger CRS: units are reprojected to the raster's CRS for the "
                        "overlay"))
        options = options._replace(overlay_crs=raster_crs)
    tree = unit_hierarchy.Hierarchy.of_codes(pd.RangeIndex(len(units.fid)), units.parent)
    ancestor = tree.nearest_ancestor_in(accounted, accounted)  # code of the nearest accounted ancestor, -1 if none
    topmost = tree.topmost_in(accounted, accounted)  # nested units stay together
    district_codes = np.flatnonzero(units.level == unit_codes.level_code("district"))
    district = tree.nearest_ancestor_in(topmost, district_codes, include_self=True)  # -1 above the districts
    del tree, units
    districts = ledger.units_of_levels(["district"], ["unit_id"])  # in fid order, as district_codes
    north_first = district_codes[np.argsort(-districts.geometry.centroid.y.to_numpy(), kind="stable")]
    parts = partitions.merge_partitions(partitions.keyed_partitions(
        topmost, district, max_units, north_first),
        max_units)  # bands of districts from north to south: each partition reads few raster rows
    here = map_partitions is None
    span = progress.span(0.08, 0.95)

    def tasks(writer):
        """(geometry blobs, ancestors) of each partition, with a progress that checks for cancel when run here (the
        writes report the fractions: a partition is accounted in a thread while the one before is written); the
        blobs are read one partition at a time (a city's units and image segments never at once)."""
        for positions in parts:
            ids = writer.geometries_of("units", fids[positions], "unit_id")
            task = (writer.geometries_of("units", fids[positions]),
                    partition_ancestors(ids, accounted[positions], ancestor[positions]))
            yield task + (span.quiet(),) if here else task

    inputs_hash = hash_text(["\x1f".join(f"{k}={v}" for k, v in sorted((inputs or {}).items()))])[0]
    progress(0.08, tr("Accounting {units:,} units in {partitions} partitions").format(
        units=len(accounted), partitions=len(parts)))
    with ledger.transaction(ALGORITHM, parameters, inputs) as writer:
        writer.open_year(inventory_year or year, reason)
        shared = {"options": options, "inputs_hash": inputs_hash, "run_id": writer.run_id, "computed_at": utc_now()}
        results = (map_partitions or partitions.map_ahead)(account_sink_partition, tasks(writer), shared)
        with writer.indexes_dropped("entries", "stocks", "unit_stats"):  # millions of rows replaced
            summary = write_sink_partitions(writer, results, options, len(parts), span, policy)
            heap.give_back()  # the partitions' freed frames, the thread's arena's among them, before the roll-up
        progress(0.95, tr("Rolling up unit totals"))
        totals.write_unit_totals(writer)
    progress(1.0, tr("Done"))
    return summary
