"""Source accounting: activity rows -> per-unit ledger entries (t CO2e/yr), one entry per gas.

``account_sources`` validates everything first (activity rows, targets, units against factor
bases, district totals against the metered amounts inside them), then writes in one ledger
transaction: the entries of the scenario written by earlier runs of this algorithm are replaced,
the raw rows go to ``activities``, the factor rows used (emission factors, calorific values,
densities, GWPs) to ``factors``, and unit totals are recomputed.

Gases: fuels give three entries (CO2, CH4, N2O); the GWP100 (AR5, ``gwp_ar5_*`` rows) is folded
into ``conversion`` and named in ``conversion_note``. A fuel amount in mass or volume enters as its
energy content (activity in TJ, IPCC 2006 Vol 2 Ch 2 Eq 2.1) through the calorific value row
``ncv_<carrier>_<target>`` (a reported site's measured value) or else ``ncv_<carrier>`` (the Chinese
default, GB/T 2589-2020), and that row's 95% range widens the activity's interval. Grid
electricity, heat, vehicle-km, waste and reported amounts give one entry each. Waste is scope 1
where it is treated inside the boundary, else scope 3 (:func:`waste_scopes`).
"""
import collections
import hashlib
import re

import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import coded_units, totals
from .activity import CARRIERS, FUELS, SECTOR_FLOWS, SECTORS, TRAFFIC_COUNT_UNIT, WASTE_CARRIERS, read_activity
from ..ledger.conversions import (UNITS, conversion_to_co2e, energy_content, in_kwh, parse_factor_unit,
                                  quantity_multiplier)
from ..ledger.intervals import quadrature, relative_bounds, relative_deviation
from .landfill import with_landfill_factors
from .downscaling import UnitIndex, downscale, facility_units
from ..ledger.entries import ACCOUNTING_COLUMNS, finalized_slices
from ..core.errors import LedgerInputError
from ..core.messages import joined, tr
from ..ledger.factors import override_factors, shipped_factors
from ..ledger.store import Ledger, utc_now
from ..core.plausibility import check_range
from ..core.progress import NO_PROGRESS

ALGORITHM = "carbonledger:accountsources"
GRID_REGIONS = ("national", "north", "northeast", "east", "central", "northwest", "south", "southwest",
                "beijing", "tianjin", "hebei", "shanxi", "inner_mongolia", "shandong", "liaoning", "jilin",
                "heilongjiang", "shanghai", "jiangsu", "zhejiang", "anhui", "fujian", "henan", "hubei", "hunan",
                "jiangxi", "chongqing", "sichuan", "shaanxi", "gansu", "qinghai", "ningxia", "xinjiang",
                "guangdong", "guangxi", "yunnan", "guizhou", "hainan")
"""Grids with a ``china_grid_<region>_<year>`` row: the national average, the seven regional grids and
the 30 provinces of the MEE/NBS provincial table (Xizang has no published provincial factor)."""
UNIT_TEXTS = ("level", "land_use", "road_class")
UNIT_NUMBERS = ("area_m2", "floors", "floor_area_m2", "population", "length_m", "aadt")
"""What the targets, shares and proxies read of every unit and link besides its unit_id and parent
(``coded_units.coded_units``)."""
VEHICLE_PREFIX = "vehicle_vkm_"
ENTRIES_PER_WRITE = 50_000
"""Entries finalised, fingerprinted and written at a time (their fingerprints' texts, their units' digests and their
SQL values are held for one slice, never for a whole city's sources: about 1.6 kB an entry while it is written, so
200,000 at a time raised the peak by some 330 MB; benchmarks/RESULTS.md)."""


def grid_factor_id(factors, region, year, grid_year=None):
    """Row ``china_grid_<region>_<year>`` of the inventory ``year``, or of ``grid_year`` when given.

    A year without a row of that region stops the run with LedgerInputError naming the years there
    are (a factor of another year is only used when the user chooses it with GRID_YEAR).
    """
    pattern = re.compile(rf"^china_grid_{re.escape(region)}_(\d{{4}})$")
    years = sorted(int(m.group(1)) for m in map(pattern.match, factors.index.astype(str)) if m)
    if not years:
        raise LedgerInputError(tr("no grid factor rows 'china_grid_{region}_<year>' (regions: {regions})").format(
            region=region, regions=", ".join(GRID_REGIONS)), layer="FACTORS", field="GRID_REGION")
    chosen = grid_year if grid_year is not None else year
    if chosen is None or int(chosen) not in years:
        field = "GRID_YEAR" if grid_year is not None else "YEAR"
        raise LedgerInputError(
            tr("no grid factor of {region} for {year}: factors exist for {years}; "
               "choose one with GRID_YEAR (or add the row with FACTORS)").format(
                region=region, year=chosen, years=", ".join(map(str, years))), layer="FACTORS", field=field)
    return f"china_grid_{region}_{int(chosen)}"


def class_weights(factors):
    """Road class -> kg CO2e/vkm from the ``vehicle_vkm_<class>`` rows (traffic proxy weights)."""
    ids = [i for i in factors.index.astype(str) if i.startswith(VEHICLE_PREFIX)]
    return pd.Series(factors.loc[ids, "value"].to_numpy(dtype=float), index=[i[len(VEHICLE_PREFIX):] for i in ids])


def prepare(rows, index, year):
    """Targets resolved, and traffic counts (veh/day on a link) turned into vkm/yr.

    Adds ``method`` (metered, or traffic_count) for bottom-up rows. Returns (rows, resolved code arrays).
    """
    resolved = index.resolve(rows)
    rows = rows.copy()
    counts = np.flatnonzero((rows["unit"] == TRAFFIC_COUNT_UNIT).to_numpy())
    days = 366 if year and pd.Timestamp(int(year), 12, 31).dayofyear == 366 else 365
    vkm_per_count = np.ones(len(rows))
    for position in counts:
        codes = resolved[position]
        if len(codes) == 0 or not index.is_link[codes].all():
            raise LedgerInputError(tr("a traffic count (veh/day) needs a road link target"), layer="ACTIVITY",
                                   field="target", row=rows["row_id"].iat[position])
        vkm_per_count[position] = index.size[codes].sum() / 1000.0 * days
    for field in ("amount", "low", "high"):
        rows[field] = rows[field] * vkm_per_count
    rows.loc[rows["unit"] == TRAFFIC_COUNT_UNIT, "unit"] = "vkm"
    rows["method"] = "metered"
    rows.iloc[counts, rows.columns.get_loc("method")] = "traffic_count"
    return rows, resolved


def accounting_rows(rows, allocations, known, index, factors, grid_id):
    """Accounting rows (see entries.ACCOUNTING_COLUMNS), one per allocation and gas, as a list of frames in
    row order (up to ENTRIES_PER_WRITE rows of one kind of row and gas each, indexed by their rows' positions:
    never concatenated, so never held twice), and the extra factor ids used by conversions (calorific values,
    densities, GWPs).

    inputs_hash: the row's hash (bottom-up), or SHA-256 of the row's hash and the sorted hashes
    of the rows subtracted from it (top-down). Rows of one kind (sector, carrier, unit, profile)
    are handled together, vectorised.
    """
    inputs = rows["row_hash"].to_numpy(dtype=object).copy()
    for position, others in known.items():
        text = inputs[position] + "".join(sorted(rows["row_hash"].iat[o] for o in others))
        inputs[position] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    positions = allocations["position"].to_numpy(dtype=np.int64)
    codes = allocations["code"].to_numpy(dtype=np.int64)
    road_class = index.road_classes(codes)
    kinds, _ = pd.factorize(pd.MultiIndex.from_frame(rows[["sector", "carrier", "unit", "profile"]]))
    allocation_kind = kinds[positions]
    parts, extra_ids = [], set()
    proxy = proxy_columns(rows, allocations, factors, extra_ids)
    for kind in np.unique(allocation_kind):
        chosen = allocation_kind == kind
        position = int(np.flatnonzero(kinds == kind)[0])
        sector, carrier, unit = rows["sector"].iat[position], rows["carrier"].iat[position], rows["unit"].iat[position]
        gpc, category, _, sector_profile = SECTORS[sector]
        scope, _, slots, gpc_override, carrier_profile = CARRIERS[carrier]
        activity = [allocations[c].to_numpy(dtype=float)[chosen] for c in ("activity", "low", "high")]
        energy_note = np.full(len(activity[0]), "", dtype=object)
        if _in_energy(carrier, unit, factors):
            activity, energy_note = energy_activity(rows, positions[chosen], activity, factors, extra_ids)
            unit = "TJ"
        if carrier in WASTE_CARRIERS:
            scope = waste_scopes(carrier, rows["target"].to_numpy(dtype=object)[positions[chosen]], index.facilities)
        common = {
            "unit_id": index.unit_ids(codes[chosen]), "flow": SECTOR_FLOWS.get(sector, "source"), "sector": sector,
            "gpc_sector": gpc_override or gpc, "scope": scope, "carrier": carrier,
            "activity": activity[0], "activity_unit": unit, "activity_low": activity[1], "activity_high": activity[2],
            "method": allocations["method"].to_numpy(dtype=object)[chosen],
            "profile": rows["profile"].iat[position] or carrier_profile or sector_profile,
            "inputs_hash": inputs[positions[chosen]],
            **{column: values[chosen] for column, values in proxy.items()},
        }
        for slot in slots:
            factor_ids = _slot_factor_ids(slot, rows, position, carrier, category, grid_id, road_class[chosen],
                                          index.is_link[codes[chosen]])
            unique = pd.unique(factor_ids)
            conversions = [_conversion(unit, carrier, alternatives, factors, rows, position, extra_ids)
                           for alternatives in unique]
            found = pd.Index(unique).get_indexer(factor_ids)
            note = np.array([c[2] for c in conversions], dtype=object)[found]
            parts.extend(_frames({
                **common,
                "factor_id": np.array([c[0] for c in conversions], dtype=object)[found],
                "conversion": np.array([c[1] for c in conversions], dtype=float)[found],
                "conversion_note": _joined(energy_note, note),
            }, len(found), sum(len(part) for part in parts)))
    if not parts:
        return [pd.DataFrame(columns=list(ACCOUNTING_COLUMNS) + ["profile", "inputs_hash"])], extra_ids
    return parts, extra_ids


def _frames(columns, rows, first):
    """Frames of ENTRIES_PER_WRITE of the ``rows`` rows of ``columns`` ({name: array, or one value for all}),
    indexed from ``first``: a frame copies its arrays, so only one frame's rows are copied at a time."""
    return [pd.DataFrame(index=pd.RangeIndex(first + start, first + min(start + ENTRIES_PER_WRITE, rows)), data={
        name: values[start:start + ENTRIES_PER_WRITE] if isinstance(values, np.ndarray) else values
        for name, values in columns.items()}) for start in range(0, rows, ENTRIES_PER_WRITE)]


def proxy_columns(rows, allocations, factors, extra_ids):
    """The proxy error of every allocation: {proxy_error, proxy_share, proxy_concentration} arrays.

    A top-down row spread by proxy ``p`` carries the relative 95% deviation of a unit's true share
    from its proxy share, the factor row ``proxy_error_<p>`` (its id is added to ``extra_ids``);
    ``proxy_share`` is the unit's share of the row's spread amount and ``proxy_concentration``
    the sum of the squared shares of all units that row reached (``ledger.intervals.proxy_deviation``
    turns them into the entry's deviation; over all units of the row the errors cancel).
    Bottom-up allocations carry 0.
    """
    positions = allocations["position"].to_numpy(dtype=np.int64)
    share = allocations["share"].to_numpy(dtype=float)
    concentration = np.bincount(positions, weights=share ** 2, minlength=len(rows))[positions]
    error = np.zeros(len(positions))
    for proxy in pd.unique(rows["proxy"].to_numpy(dtype=object)[positions]):
        if proxy == "":
            continue
        factor_id = f"proxy_error_{proxy}"
        if factor_id not in factors.index:
            raise LedgerInputError(tr("factor '{factor_id}' (the error of proxy '{proxy}') is not in the factor table")
                                   .format(factor_id=factor_id, proxy=proxy), layer="FACTORS", field="factor_id")
        extra_ids.add(factor_id)
        error[rows["proxy"].to_numpy(dtype=object)[positions] == proxy] = float(factors.at[factor_id, "value"])
    top_down = error > 0
    return {"proxy_error": error, "proxy_share": np.where(top_down, share, 0.0),
            "proxy_concentration": np.where(top_down, concentration, 0.0)}


def _in_energy(carrier, unit, factors):
    """Whether a fuel amount in ``unit`` enters as TJ: a fuel, not already energy, CO2 factor per energy."""
    if carrier not in FUELS or UNITS.get(unit, ("",))[0] == "energy":
        return False
    co2_id = CARRIERS[carrier][2][0][0].format(carrier=carrier)
    if co2_id not in factors.index:
        return False
    basis = parse_factor_unit(factors.at[co2_id, "unit"])[2]
    return UNITS.get(basis, ("",))[0] == "energy"


def energy_activity(rows, positions, activity, factors, extra_ids):
    """Fuel allocations as energy: ([TJ, low TJ, high TJ], notes) of allocations of rows ``positions``.

    activity: [amount, low, high] in the rows' unit. Each row's calorific value is its target's
    measured row ``ncv_<carrier>_<target>`` if the factor table has one, else ``ncv_<carrier>``;
    its relative 95% deviations add in quadrature to the amount's (IPCC 2006 Vol 1 Ch 3 Eq 3.1).
    The ids used are added to ``extra_ids``.
    """
    multiplier, below, above = (np.empty(len(positions)) for _ in range(3))
    notes = np.empty(len(positions), dtype=object)
    for position in np.unique(positions):
        carrier, unit, target = (rows[c].iat[position] for c in ("carrier", "unit", "target"))
        names = (f"{carrier}_{target}", carrier) if target else (carrier,)
        try:
            values = energy_content(unit, names, factors)
        except KeyError as error:
            raise LedgerInputError(tr("'{unit}' of {carrier} has no energy content: {reason}").format(
                unit=unit, carrier=carrier, reason=error.args[0]), layer="ACTIVITY", field="unit",
                row=rows["row_id"].iat[position]) from None
        extra_ids.update(values[2])
        mine = positions == position
        multiplier[mine], below[mine], above[mine] = values[0], values[3], values[4]
        notes[mine] = f"activity in TJ: {values[1]} (calorific 95% range in the activity interval)"
    amount, low, high = activity
    energy = amount * multiplier
    low, high = relative_bounds(energy, quadrature((relative_deviation(amount, low), below)),
                                quadrature((relative_deviation(amount, high), above)))
    return [energy, low, high], notes


def _joined(first, second):
    """Element-wise 'first; second' of two text arrays, without the separator where first is empty (second's own
    texts there: no new text made where there is nothing to join)."""
    notes = np.asarray(second, dtype=object).copy()
    noted = np.asarray(first, dtype=object) != ""
    notes[noted] = (pd.Series(first[noted], dtype=object) + "; " + pd.Series(notes[noted], dtype=object)).to_numpy()
    return notes


def waste_scopes(carrier, targets, facilities):
    """GPC scope of waste allocations (GPC 2014 Ch 8): 1 where the waste is treated inside the
    boundary, else 3 (waste generated in the city and treated outside it).

    Treated inside: FACILITIES holds a facility whose ``carrier`` is this waste carrier (a landfill
    or incinerator in the city), or the row's target is a facility without a carrier (the site
    itself). targets: the allocations' row targets. Returns an int array.
    """
    if facilities is None or len(facilities) == 0:
        return np.full(len(targets), 3, dtype=np.int64)
    kinds = facilities["carrier"].fillna("").astype(str) if "carrier" in facilities.columns else \
        pd.Series("", index=facilities.index)
    if (kinds == carrier).any():
        return np.ones(len(targets), dtype=np.int64)
    sites = set(facilities.loc[(kinds == "").to_numpy(), "facility_id"].astype(str))
    return np.where(pd.Series(targets, dtype=object).astype(str).isin(sites), 1, 3).astype(np.int64)


def _slot_factor_ids(slot, rows, position, carrier, category, grid_id, road_class, is_link):
    """The factor id template(s) of one gas slot, per allocated unit (a '|'-joined list of alternatives)."""
    alternatives = "|".join(slot)
    if "{road_class}" in alternatives:
        if not is_link.all():
            raise LedgerInputError(tr("vehicle-km belong on road links: give a road link target or proxy 'traffic'"),
                                   layer="ACTIVITY", field="target", row=rows["row_id"].iat[position])
        head, tail = alternatives.split("{road_class}")
        classes, distinct = pd.factorize(pd.Series(road_class, dtype=object).fillna(str(None)))  # as astype(str)
        return np.array([head + str(name) + tail for name in distinct], dtype=object)[classes]  # one text a class
    return np.full(len(road_class), alternatives.format(carrier=carrier, category=category, grid=grid_id), dtype=object)


def _conversion(unit, carrier, alternatives, factors, rows, position, extra_ids):
    """(factor_id, conversion, note) of the first alternative whose basis the unit reaches."""
    errors = []
    for factor_id in alternatives.split("|"):
        if factor_id not in factors.index:
            errors.append(tr("no factor row '{factor_id}' (add it with FACTORS)").format(factor_id=factor_id))
            continue
        try:
            conversion, note, ids = conversion_to_co2e(unit, carrier, factor_id, factors)
        except LedgerInputError as error:
            errors.append(error.detail)
            continue
        extra_ids.update(ids)
        return factor_id, conversion, note
    problems = joined(errors, tr("{earlier}; {later}"))
    raise LedgerInputError(tr("{carrier} in {sector} cannot be accounted: {problems}").format(
        carrier=carrier, sector=rows["sector"].iat[position], problems=problems),
        layer="ACTIVITY", field="unit", row=rows["row_id"].iat[position])


def build_source_rows(rows, units, targets, factors, year, grid_region, facilities=None, progress=NO_PROGRESS,
                      grid_year=None):
    """Validated activity rows + the ledger's units -> (accounting rows as frames in order, rows, factor ids used).

    units: the ledger's units and links as codes (``coded_units.coded_units``' table); targets: {target: codes}
    of the rows' targets that name units (``coded_units.target_codes``); facilities: ``facility_units`` with each
    facility's unit ``code``.
    grid_year: year of the grid factor when it is not ``year`` (None: ``year``). Pure: reads
    nothing, writes nothing. Raises LedgerInputError on any bad input.
    """
    if grid_region not in GRID_REGIONS:
        raise LedgerInputError(tr("'{grid_region}' is not one of {regions}").format(
            grid_region=grid_region, regions=", ".join(GRID_REGIONS)), field="GRID_REGION")
    grid_id = (
        grid_factor_id(factors, grid_region, year, grid_year) if (rows["carrier"] == "electricity").any() else None
    )
    index = UnitIndex(units, targets, facilities)
    progress(0.2, tr("Resolving targets"))
    rows, resolved = prepare(rows, index, year)

    amounts, units = rows["amount"].to_numpy(dtype=float), rows["unit"].to_numpy(dtype=object)

    def amounts_in(positions, unit):
        """Sum of the amounts of rows ``positions`` in ``unit``."""
        positions = np.asarray(positions, dtype=np.int64)
        total = 0.0
        for each in pd.unique(units[positions]):
            same = positions[units[positions] == each]
            total += amounts[same].sum() * _quantity(rows, same[0], unit, factors)[0]
        return total

    progress(0.4, tr("Downscaling top-down totals"))
    allocations, known = downscale(index, rows, resolved, class_weights(factors), amounts_in)
    progress(0.6, tr("Applying factors"))
    accounting, extra_ids = accounting_rows(rows, allocations, known, index, factors, grid_id)
    used = set().union(*(part["factor_id"] for part in accounting)) | extra_ids
    return accounting, rows, used


def _quantity(rows, position, unit, factors):
    try:
        return quantity_multiplier(rows["unit"].iat[position], unit, rows["carrier"].iat[position], factors)
    except KeyError as error:
        raise LedgerInputError(tr("cannot compare '{unit}' with '{other_unit}': {reason}").format(
            unit=rows["unit"].iat[position], other_unit=unit, reason=error.args[0]), layer="ACTIVITY", field="unit",
            row=rows["row_id"].iat[position]) from None


SourceRows = collections.namedtuple("SourceRows", "accounting rows used factors")
"""Accounting rows ready for finalize_entries (a list of frames in row order: ``accounting_rows``), the activity
rows, the factor ids used and the factor table."""


def prepare_source_rows(ledger, activity, year, factors_override, facilities, grid_region, progress, grid_year=None,
                        accept_extreme=False):
    """Read a ledger's units and links and turn the ACTIVITY table into accounting rows (SourceRows).

    Shared by the single-machine and the Dask paths. Grid factors and electricity amounts are checked
    against resources/plausible_ranges.csv (extreme ones need ``accept_extreme``).
    """
    factors, computed = with_landfill_factors(override_factors(shipped_factors(), factors_override))
    grid = factors["unit"].astype(str) == "kg CO2/kWh"
    check_range(factors.loc[grid, "value"], factors.loc[grid, "factor_id"], "grid_factor", "FACTORS", "value",
                accept_extreme, progress)
    rows = read_activity(activity, year)
    kwh = in_kwh(rows["amount"], rows["unit"]).where(rows["carrier"] == "electricity")  # MWh, GJ... checked too
    check_range(kwh, rows["row_id"], "electricity_kwh", "ACTIVITY", "amount", accept_extreme, progress)
    if len(rows) < len(activity):
        progress.log(tr("{count} activity rows of other years than {year} were skipped").format(
            count=len(activity) - len(rows), year=year))
    progress(0.05, tr("Reading units"))
    units, codes = coded_units.coded_units(ledger, UNIT_TEXTS, UNIT_NUMBERS)  # codes, no text per unit
    accounting, rows, used = build_source_rows(
        rows, units, coded_units.target_codes(ledger, codes, rows["target"].unique()), factors, year, grid_region,
        facility_units(ledger, codes, facilities), progress.span(0.15, 1.0), grid_year)
    used = used.union(*(parameters for factor_id, parameters in computed.items() if factor_id in used))
    return SourceRows(accounting, rows, used, factors)


def account_sources(ledger_path, activity, year, factors_override=None, facilities=None, grid_region="central",
                    scenario=BASELINE, parameters=None, inputs=None, progress=NO_PROGRESS, grid_year=None,
                    accept_extreme=False, reason=None):
    """Account the ACTIVITY table into the ledger; returns (entries written, total t CO2e/yr).

    activity: raw DataFrame of the ACTIVITY table. factors_override: validated factor table
    (or None). facilities: (Geo)DataFrame of FACILITIES (or None). grid_year: year of the grid
    factor (GRID_YEAR; None: ``year``). accept_extreme: account plausible but extreme grid factors and
    electricity amounts (resources/plausible_ranges.csv) instead of refusing them. The entries are of
    inventory ``year``; reason: why an accounted year is recalculated (a new version of it,
    ``ledger.years``; needed for a sealed year). Nothing is written when any input is bad
    (LedgerInputError) or the run is cancelled.
    """
    ledger = Ledger(ledger_path)
    prepared = prepare_source_rows(ledger, activity, year, factors_override, facilities, grid_region,
                                   progress.span(0.0, 0.7), grid_year, accept_extreme)
    progress(0.7, tr("Writing entries"))
    with ledger.transaction(ALGORITHM, parameters, inputs) as writer:
        writer.open_year(year, reason)
        progress(0.85, tr("Writing entries and rolling up unit totals"))
        count = sum(len(part) for part in prepared.accounting)
        slices = finalized_slices(prepared.accounting, prepared.factors, scenario, writer.run_id, utc_now(),
                                  ENTRIES_PER_WRITE)
        # the slices alone hold the accounting rows (let go once the last is written, before the roll-up)
        prepared = prepared._replace(accounting=None)
        written = write_source_entries(writer, slices, prepared.rows, prepared.factors, prepared.used, scenario, year,
                                       count)
    progress(1.0, tr("Done"))
    return written


def sources_total(entries):
    """t CO2e/yr of the ``source`` entries (grid-supplied generation, GPC I.4.4, is not counted)."""
    return float(entries.loc[entries["flow"] == "source", "co2e_t"].sum()) if len(entries) else 0.0


def write_source_entries(writer, entries, rows, factors, used, scenario, year, count=None):
    """Inside ``writer``'s transaction: replace this algorithm's entries and activity rows of ``scenario``, copy the
    factor rows the entries and conversions used, roll up unit totals. entries: the finalised entries, one frame, or
    frames in order of ENTRIES_PER_WRITE at most (``entries.finalized_slices``), ``count`` entries in all; written as
    one append in fid order, a slice's digests worked out in a thread while the one before is inserted
    (``store.append_entries``). Returns (entries written, t CO2e/yr of the source entries, as ``sources_total``)."""
    if isinstance(entries, pd.DataFrame):
        count = len(entries)
        entries = [entries.iloc[at:at + ENTRIES_PER_WRITE] for at in range(0, max(count, 1), ENTRIES_PER_WRITE)]
    sources = []
    with writer.indexes_dropped("entries"):  # the sources are about half a city's entries
        writer.delete_model_rows("entries", ALGORITHM, scenario)
        writer.append_entries(_sources_noted(entries, sources), factors, used, count)
    writer.delete_rows("activities", {"scenario": scenario, "year": year})
    writer.append_rows("activities", pd.DataFrame({
        "row_id": rows["row_id"], "scenario": scenario, "year": year, "content": rows["content"],
        "row_hash": rows["row_hash"], "run_id": writer.run_id,
    }))
    totals.write_unit_totals(writer)
    return count, float(pd.Series(np.concatenate(sources), dtype=float).sum())


def _sources_noted(parts, sources):
    """The finalised entries ``parts`` one by one, the t CO2e/yr of each one's source entries added to ``sources``."""
    for part in parts:
        sources.append(part.loc[part["flow"] == "source", "co2e_t"].to_numpy(dtype=float))
        yield part
