"""Life-cycle carbon budget of green space: construction and maintenance against uptake.

Per green unit (see ``greenspace_units``), with parameters from ``resources/greenspace/``:

    construction (t CO2e/yr) = sum_c area_eff x e_c / 1000 / lifetime      c = earthwork, materials, machinery
    irrigation   = sum_k A_k x w_k x pumping kWh/m3 x grid / 1000          k = cover classes, w in m3/m2/yr
    mowing       = sum_k A_k x fuel_k (L/m2/yr) x kg CO2/L / 1000
    fertiliser   = sum_k A_k x N_k (kg N/m2/yr) x EF1 x 44/28 x GWP_N2O / 1000
    pruning      = sum_k A_k x waste_k (t/m2/yr) x composting kg CO2e/t / 1000
    replanting   = sum_k A_k x share_k (1/yr) x kg CO2e/m2 / 1000
    net          = gross uptake (sink entries, negative) + maintenance + amortised construction
    payback      = construction total / -(uptake + maintenance) years, when uptake exceeds maintenance

A_k are the unit's effective areas of land-cover class k under its maintenance regime; every
rate is a parameter row, and each term is one entry (sector ``greenspace_*``) built by
``entries.finalize_entries``. The activity's interval combines the rate parameters' ranges.

What enters the territorial net (GPC): mowing fuel (II.5, scope 1), fertiliser N2O (V.3, scope 1),
pruning waste (III.2 biological treatment: the CH4 and N2O of composting it, IPCC 2006 Vol 5 Ch 4; scope 3,
waste generated in the city and treated at a site the budget does not place, as the source accounting books
waste without a facility inside the boundary; GPC BASIC counts waste in scopes 1 and 3) and irrigation
electricity (I.2, scope 2) are ``source`` entries.
Construction and replanting are GPC VI (other scope 3) and irrigation electricity is IE (included
elsewhere) when the city's electricity totals already hold it: these are ``lifecycle`` entries,
kept in the budget and out of the net and the GPC BASIC totals. Construction is charged only to a
unit built within its design life (0 <= inventory year - built_year < lifetime); a unit without
a built_year (a natural forest, a lake wetland, an old park) gets none, and its one-off total is
shown in the budget for information.
"""
import math

import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import intervals, schema
from ..ledger.conversions import N2O_PER_N2O_N
from ..ledger.entries import finalized_slices
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .parameters import Parameters, input_fingerprints, product_activity
from .green_units import counted_in, read_green_context, read_uptake, require_uptake
from ..ledger.store import utc_now
from ..core.progress import NO_PROGRESS
from ..ledger.provenance import row_hashes
from ..ledger.totals import write_unit_totals

ALGORITHM = "carbonledger:greenspacebudget"
DEFAULT_GRID_FACTOR = "china_grid_central_2023"
"""Factor id of the source accounting's grid factor (Wuhan is in the Central grid)."""

GWP_N2O = "gwp_ar5_n2o"
"""Factor id of the GWP100 of N2O in resources/factors/gwp.csv (AR5, as the source accounting)."""

CONSTRUCTION = ("earthwork", "materials", "machinery")

SECTORS = {
    "construction": ("greenspace_construction", "VI.1", 3),
    "irrigation_water": ("greenspace_irrigation", "I.2", 2),
    "mowing_fuel": ("greenspace_mowing", "II.5", 1),
    "fertiliser_n": ("greenspace_fertiliser", "V.3", 1),
    "pruning_waste": ("greenspace_pruning_waste", "III.2", 3),
    "replanting_share": ("greenspace_replanting", "VI.1", 3),
}
"""Life-cycle component -> (entry sector, GPC sector, scope)."""

LIFECYCLE_SECTORS = tuple(sector for sector, _, _ in SECTORS.values())

OUTSIDE_NET = ("construction", "replanting_share")
"""Components written as ``lifecycle`` entries: GPC VI, other scope 3, outside the territorial net."""

IRRIGATION_OPTIONS = ("auto", "included", "separate")
"""Is pumping electricity inside the ledger's electricity totals? auto: yes when the baseline holds
grid electricity downscaled from a total (a utility total covers every meter, pumps included)."""

IE_METHOD = ":IE"
"""Suffix of the method of a life-cycle entry included elsewhere (GPC notation key IE)."""

ENTRIES_PER_WRITE = 50_000
"""Life-cycle entries finalised, fingerprinted and written at a time (their digests' texts and SQL values are held
for one slice, about 1.6 kB an entry while it is written, never for a whole city's green units)."""

BUDGET_COLUMNS = ("unit_id", "flow", "sector", "co2e_t", "low_t", "high_t", *intervals.CORRELATED)
"""Columns of the finalised life-cycle entries the budget and the run's summary read (``write_lifecycle_entries``)."""


def construction_rows(green, effective_m2, parameters):
    """Accounting rows of amortised construction, one per unit and component (t CO2e/yr)."""
    frames = []
    sector, gpc, scope = SECTORS["construction"]
    for design, positions in green.groupby("design_type").indices.items():
        lifetime_id = parameters.id_for("lifetime", design)
        lifetime = parameters.value(lifetime_id)
        if lifetime <= 0:
            raise LedgerInputError(
                tr("lifetime of '{design}' must be > 0 years").format(design=design), layer="PARAMETERS", field="value",
                row=lifetime_id,
            )
        for component in CONSTRUCTION:
            factor_id = parameters.id_for(f"construction_{component}", design)
            parameters.value(factor_id)
            area = effective_m2[positions]
            frames.append(pd.DataFrame({
                "unit_id": green["unit_id"].to_numpy()[positions], "flow": schema.LIFECYCLE, "sector": sector,
                "gpc_sector": gpc, "scope": scope, "carrier": component, "activity": area,
                "activity_unit": "m2", "activity_low": area, "activity_high": area, "factor_id": factor_id,
                "conversion": amortising_conversion(lifetime),
                "conversion_note": f"kg -> t, / lifetime {lifetime:g} yr ({lifetime_id})",
                "method": "effective_area_amortised",
            }))
    return frames


def amortising_conversion(lifetime):
    """Conversion of a construction entry (t CO2e/yr per kg CO2e): kg -> t spread over ``lifetime`` years."""
    return 0.001 / lifetime


def design_life(conversion):
    """Design life (yr) that construction entries of ``conversion`` (array, ``amortising_conversion``) were amortised
    over: the entry holds the life its run used, sealed with it (``mrv.budget_checks`` reads it there)."""
    return 0.001 / np.asarray(conversion, dtype=float)


def _maintenance_term(parameter, rate_id, parameters, grid_factor_id):
    """(extra multiplier ids, factor id, activity unit, conversion, note) of one maintenance rate."""
    if parameter == "irrigation_water":
        pumping = parameters.id_for("pumping_energy", "irrigation")
        return [pumping], grid_factor_id, "kWh", 0.001, f"kg -> t; kWh = area x {rate_id} x {pumping}"
    if parameter == "mowing_fuel":
        return [], parameters.id_for("mower_fuel_co2", "mowing"), "L", 0.001, f"kg -> t; L = area x {rate_id}"
    if parameter == "fertiliser_n":
        gwp_id = GWP_N2O
        gwp = parameters.value(gwp_id, tr("GWP100 of N2O"))
        return [], parameters.id_for("n2o_direct_ef", "fertiliser"), "kg N", N2O_PER_N2O_N * gwp / 1000.0, (
            f"44/28 N2O-N -> N2O x GWP {gwp:g} ({gwp_id}) / 1000; kg N = area x {rate_id}"
        )
    if parameter == "pruning_waste":
        return [], parameters.id_for("green_waste_ef", "pruning_waste"), "t", 0.001, f"kg -> t; t = area x {rate_id}"
    return [], parameters.id_for("replanting_ef", "replanting"), "m2", 0.001, f"kg -> t; m2 = area x {rate_id}"


def maintenance_rows(green, cover, parameters, grid_factor_id, irrigation_included=False):
    """Accounting rows of yearly maintenance, one per unit, component and cover class.

    irrigation_included: the ledger's electricity totals hold the pumping electricity, so the
    irrigation entries are ``lifecycle`` entries marked IE (method suffix ``:IE``)."""
    frames = []
    regimes = green["regime"].to_numpy()
    for parameter in ("irrigation_water", "mowing_fuel", "fertiliser_n", "pruning_waste", "replanting_share"):
        sector, gpc, scope = SECTORS[parameter]
        for applies_to, rate_id in sorted(parameters.ids(parameter).items()):
            regime, _, cover_class = applies_to.partition(":")
            if cover_class not in cover.columns:
                raise LedgerInputError(
                    tr("'{applies_to}' names no land-cover class").format(applies_to=applies_to), layer="PARAMETERS",
                    field="applies_to", row=rate_id,
                )
            area = cover[cover_class].to_numpy()
            take = (regimes == regime) & (area > 0)
            if not take.any():
                continue
            extra, factor_id, unit, conversion, note = _maintenance_term(parameter, rate_id, parameters, grid_factor_id)
            value, low, high = product_activity(area[take], [rate_id] + extra, parameters)
            elsewhere = parameter == "irrigation_water" and irrigation_included
            flow = schema.LIFECYCLE if parameter in OUTSIDE_NET or elsewhere else "source"
            frames.append(pd.DataFrame({
                "unit_id": green["unit_id"].to_numpy()[take], "flow": flow, "sector": sector,
                "gpc_sector": gpc, "scope": scope, "carrier": cover_class, "activity": value,
                "activity_unit": unit, "activity_low": low, "activity_high": high, "factor_id": factor_id,
                "conversion": conversion, "conversion_note": note,
                "method": f"cover_area_x_rate_{regime}" + (IE_METHOD if elsewhere else ""),
                "basis_m2": area[take],
            }))
    return frames


def lifecycle_rows(green, effective_m2, cover, parameters, grid_factor_id, irrigation_included=False):
    """All life-cycle accounting rows (construction and maintenance) with an inputs hash."""
    frames = construction_rows(green, effective_m2, parameters) + maintenance_rows(
        green, cover, parameters, grid_factor_id, irrigation_included)
    rows = pd.concat(frames, ignore_index=True)
    rows["basis_m2"] = rows["basis_m2"].fillna(rows["activity"]) if "basis_m2" in rows else rows["activity"]
    rows["inputs_hash"] = row_hashes(rows, ("unit_id", "carrier", "basis_m2", "conversion_note"))
    return rows.drop(columns="basis_m2")


def lifetimes(green, parameters):
    """Design life of each green unit's design type (yr); each design type's row is looked up once."""
    return parameters.values_for("lifetime", green["design_type"].to_numpy())


def charged_units(green, lifetime, inventory_year):
    """Boolean per green unit: construction is charged, i.e. 0 <= inventory_year - built_year < lifetime (yr).

    Units without a built_year are taken as built before their design life began and get none."""
    built = pd.to_numeric(green["built_year"], errors="coerce").to_numpy(dtype=float)
    age = float(inventory_year) - built
    with np.errstate(invalid="ignore"):
        return np.isfinite(age) & (age >= 0) & (age < lifetime)


def uncharged_construction(entries, charged_ids):
    """Boolean per entry: a construction entry of a unit not charged with construction."""
    return ((entries["sector"] == SECTORS["construction"][0]) & ~entries["unit_id"].isin(charged_ids)).to_numpy()


def _net_bounds(green_ids, net, entries):
    """(low, high) of each green unit's net_t (t CO2e/yr): the interval of the sum of its ``entries``
    (counted life-cycle and owned sink entries, unit_id = the green unit) about ``net``."""
    columns = ["co2e_t", "low_t", "high_t", *intervals.CORRELATED]
    group = pd.Index(green_ids).get_indexer(entries["unit_id"])
    mine = entries[group >= 0].reindex(columns=columns).reset_index(drop=True)
    total, low, high = intervals.group_sums(group[group >= 0], len(green_ids), mine)
    return net - (total - low), net + (high - total)


LIFECYCLE_SUMS = ("maintenance_t", "construction_amortised_t", "construction_total_t")
"""Budget columns that are sums of a green unit's life-cycle entries (``lifecycle_sums``)."""


def lifecycle_sums(unit_ids, entries, counted, lifetime):
    """LIFECYCLE_SUMS per green unit, a DataFrame indexed by ``unit_ids``: maintenance_t (every life-cycle entry but
    construction, t CO2e/yr), construction_amortised_t (the ``counted`` construction entries, t CO2e/yr) and
    construction_total_t (every construction entry times the unit's ``lifetime``, yr: one-off t CO2e).

    entries: life-cycle entries (unit_id, sector, co2e_t); counted: boolean per entry; lifetime: per unit (yr).
    The budget run and ``mrv.budget_checks`` (verifyledger) both sum the entries here."""
    is_construction = (entries["sector"] == SECTORS["construction"][0]).to_numpy()
    co2e = entries["co2e_t"].to_numpy(dtype=float)
    frame = pd.DataFrame({
        "unit_id": entries["unit_id"].to_numpy(),
        "maintenance_t": np.where(~is_construction, co2e, 0.0),
        "construction_amortised_t": np.where(is_construction & np.asarray(counted, dtype=bool), co2e, 0.0),
        "construction_total_t": np.where(is_construction, co2e, 0.0),
    }).groupby("unit_id").sum().reindex(pd.Index(unit_ids)).fillna(0.0)
    frame["construction_total_t"] *= np.asarray(lifetime, dtype=float)
    return frame


def net_of(gross_uptake, maintenance, construction_amortised):
    """net_t of green units (t CO2e/yr): gross uptake (negative) + maintenance + amortised construction."""
    return gross_uptake + maintenance + construction_amortised


def payback_years(construction_total, gross_uptake, maintenance):
    """Years for green units' uptake net of maintenance to repay their one-off construction (t CO2e over t CO2e/yr),
    NaN where the uptake does not exceed the maintenance (never)."""
    yearly_gain = -(np.asarray(gross_uptake, dtype=float) + np.asarray(maintenance, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(yearly_gain > 0, np.asarray(construction_total, dtype=float) / yearly_gain, np.nan)


def budget_table(green, effective_m2, entries, uptake, parameters, construction_year, charged, ground):
    """Budget per green unit (see schema.GREENSPACE_BUDGET), from finalized entries and uptake.

    entries: all life-cycle entries, construction of every unit included; charged: boolean per
    green unit (charged_units). uptake: (uptake per green unit, the sink entries it sums), as
    ``green_units.sink_uptake`` returns them. construction_total_t is every unit's one-off
    construction (t CO2e); construction_amortised_t and the interval count only charged units'
    construction (t CO2e/yr). The interval of net_t is that of the sum of the unit's counted
    life-cycle entries and its sink entries (``ledger.intervals``: entries sharing a factor correlated).
    ground: {outline_m2: each unit's own area as drawn (m2), counted_in: the units that take its shared ground
    (``green_units.counted_in``)}, arrays in the order of ``green``: why area_m2 (``effective_m2``) is below the
    outline.
    """
    uptake, owned = uptake
    counted = ~uncharged_construction(entries, green["unit_id"].to_numpy()[charged])
    sums = lifecycle_sums(green["unit_id"], entries, counted, lifetimes(green, parameters))
    budget = pd.DataFrame({
        "unit_id": green["unit_id"].to_numpy(),
        "design_type": green["design_type"].to_numpy(),
        "regime": green["regime"].to_numpy(),
        "area_m2": effective_m2,
        "outline_m2": ground["outline_m2"],
        "counted_in": ground["counted_in"],
        "gross_uptake_t": uptake["uptake_t"].to_numpy(),
        **{column: sums[column].to_numpy() for column in LIFECYCLE_SUMS},
    })
    budget["net_t"] = net_of(budget["gross_uptake_t"], budget["maintenance_t"], budget["construction_amortised_t"])
    budget["net_low_t"], budget["net_high_t"] = _net_bounds(
        green["unit_id"], budget["net_t"].to_numpy(), pd.concat([entries[counted], owned], ignore_index=True))
    years = payback_years(budget["construction_total_t"], budget["gross_uptake_t"], budget["maintenance_t"])
    budget["payback_years"] = years
    start = pd.to_numeric(green["built_year"], errors="coerce").fillna(construction_year).to_numpy()
    budget["payback_year"] = [int(s + math.ceil(y)) if np.isfinite(y) else None
                              for s, y in zip(start, years, strict=True)]
    return budget


def irrigation_in_electricity(ledger, option):
    """True when the irrigation electricity is inside the ledger's electricity totals (IE).

    option: one of IRRIGATION_OPTIONS; 'auto' looks for baseline electricity entries downscaled
    from a total (method ``downscaled*``)."""
    if option not in IRRIGATION_OPTIONS:
        raise LedgerInputError(tr("'{option}' is not one of {options}").format(
            option=option, options=", ".join(IRRIGATION_OPTIONS)), layer="IRRIGATION_IN_ELECTRICITY")
    if option != "auto":
        return option == "included"
    methods = ledger.distinct("entries", "method", {"scenario": BASELINE, "flow": "source", "carrier": "electricity",
                                                    **ledger.year_match()})
    return any(method.startswith("downscaled") for method in methods)


def account_greenspace_budget(
    ledger, parameters=None, assignments=None, grid_factor_id=DEFAULT_GRID_FACTOR, construction_year=2024,
    scenario=BASELINE, progress=NO_PROGRESS, run_parameters=None, inputs=None, inventory_year=2024,
    irrigation="auto",
):
    """Write the life-cycle entries and the ``greenspace_budget`` table of every green unit.

    ledger: algorithms.ledger.Ledger. parameters: optional PARAMETERS override (factor format).
    assignments: optional GREEN_UNITS table (unit_id, design_type, regime, optional built_year).
    grid_factor_id: factor row of the grid (kg CO2/kWh). construction_year: start of payback for
    units without built_year. inputs: optional {name: SHA-256} of the front end's input files for
    the runs table. inventory_year: year of the inventory; construction is charged to units built
    within their design life before it. irrigation: one of IRRIGATION_OPTIONS (is the pumping
    electricity inside the ledger's electricity totals?).
    Returns a summary dict (units, entries, totals in t CO2e/yr, net sources, territorial and
    life-cycle t CO2e/yr, units charged with construction, irrigation_ie).
    """
    table = Parameters(parameters)
    table.row(grid_factor_id,
              tr("grid electricity factor; run with the source accounting's factors or set GRID_FACTOR"))
    context = read_green_context(ledger, assignments, progress.span(0.0, 0.3), all_units=False, reads=(
        lambda: irrigation_in_electricity(ledger, irrigation), lambda: require_uptake(ledger, scenario)))
    included, uptake_match = context["read"]
    green, effective_m2, cover = context["green"], context["effective_m2"], context["cover"]
    ground = {"outline_m2": context["outline_m2"], "counted_in": counted_in(green["unit_id"], context["overlaps"])}
    green = pd.DataFrame(green.drop(columns=green.geometry.name))  # the budget needs their attributes only
    uptake = read_uptake(ledger, context, scenario, uptake_match)
    overlaps = len(context["overlaps"])
    del context  # its unit_stats rows and geometries: green, effective_m2 and cover are what the budget needs
    no_uptake = int(((uptake[0]["uptake_t"] == 0).to_numpy() & (effective_m2 > 0)).sum())
    if no_uptake:
        progress.warn(tr("{units} green units have no sink entries: their gross uptake is 0").format(units=no_uptake))
    charged = charged_units(green, lifetimes(green, table), inventory_year)
    if (~charged).any():
        progress.warn(tr("{units} green units were not built within their design life before {inventory_year} (or "
                         "have no built_year): no construction is charged to them").format(
            units=int((~charged).sum()), inventory_year=inventory_year))
    progress(0.4, tr("Life-cycle entries"))
    rows = lifecycle_rows(green, effective_m2, cover, table, grid_factor_id, included)
    inputs = input_fingerprints(parameters, assignments, inputs)
    charged_ids = green["unit_id"].to_numpy()[charged]
    with ledger.transaction(ALGORITHM, run_parameters, inputs) as writer:
        writer.delete_rows("entries", {"scenario": scenario, "sector": list(LIFECYCLE_SECTORS)})
        entries = write_lifecycle_entries(writer, rows, table, scenario, charged_ids)
        del rows  # written: the accounting rows go before the budget
        budget = budget_table(green, effective_m2, entries, uptake, table, construction_year, charged, ground)
        budget["scenario"] = scenario
        budget["run_id"] = writer.run_id
        writer.replace_rows("greenspace_budget", budget, {"scenario": scenario})
        summary = _summary(budget, entries[~uncharged_construction(entries, charged_ids)], overlaps, charged, included)
        del green, cover, uptake, entries, budget, ground  # nothing of the green units is held through the roll-up
        if scenario == BASELINE:
            write_unit_totals(writer)
        progress(1.0, tr("Green-space budget written"))
    return summary


def write_lifecycle_entries(writer, rows, parameters, scenario, charged_ids):
    """Inside ``writer``'s transaction: finalise the life-cycle accounting ``rows`` and append them in row order,
    ENTRIES_PER_WRITE at a time, all but the construction of units not charged with it (``charged_ids``: the
    green units that are). Returns the BUDGET_COLUMNS of every finalised entry, written or not (the budget's
    one-off construction counts every unit's), in row order."""
    written = ~uncharged_construction(rows, charged_ids)
    used = set(parameters.used) | set(rows.loc[written, "factor_id"].dropna())  # the factors of one whole append
    kept = []
    for part in finalized_slices(rows, parameters.table, scenario, writer.run_id, utc_now(), ENTRIES_PER_WRITE):
        writer.append_entries(part[~uncharged_construction(part, charged_ids)], parameters.table, used)
        kept.append(part[list(BUDGET_COLUMNS)])
    return pd.concat(kept, ignore_index=True)


def _summary(budget, entries, overlaps, charged, included):
    """The run's summary dict (see ``account_greenspace_budget``) of its ``budget``, written ``entries``, number of
    overlapping pairs of green units, ``charged`` units (boolean per green unit) and irrigation ``included``."""
    return {
        "units": len(budget),
        "entries": len(entries),
        "gross_uptake_t": float(budget["gross_uptake_t"].sum()),
        "maintenance_t": float(budget["maintenance_t"].sum()),
        "construction_amortised_t": float(budget["construction_amortised_t"].sum()),
        "net_t": float(budget["net_t"].sum()),
        "net_sources": int((budget["net_t"] > 0).sum()),
        "overlaps": overlaps,
        "territorial_t": float(entries.loc[entries["flow"] == "source", "co2e_t"].sum()),
        "lifecycle_t": float(entries.loc[entries["flow"] == schema.LIFECYCLE, "co2e_t"].sum()),
        "construction_charged": int(charged.sum()),
        "irrigation_ie": included,
    }
