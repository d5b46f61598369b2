"""Verify the ``greenspace_budget`` rows against the sealed entries they sum (part of verifyledger).

The budget table is outside the run seals; its entries are inside them. Each budget row (a green unit in a
scenario) is recomputed from that unit's life-cycle entries (sectors ``greenspace.budget.LIFECYCLE_SECTORS``, its
scenario, written by the run that wrote the row) with the budget run's own rule (``greenspace.budget``'s
``lifecycle_sums``, ``net_of``, ``payback_years``):

- ``maintenance_t`` and ``construction_amortised_t``: the sums of its entries (the ledger holds the construction
  entries of the units charged with construction only, and exactly those are amortised);
- ``construction_total_t`` of a unit with construction entries: their sum times the design life they were
  amortised over (``greenspace.budget.design_life`` of their conversion: the life the run used, whichever
  PARAMETERS row gave it, sealed with the entries; the ``factors`` row of a shipped id may have been rewritten
  since by a run of another scenario);
- ``net_t`` = ``gross_uptake_t`` + the recomputed maintenance and amortised construction;
- ``payback_years`` from the one-off construction (recomputed where it is, else stored), the stored gross uptake
  and the recomputed maintenance;
- ``net_low_t`` <= ``net_t`` <= ``net_high_t``.

Not recomputed (the ledger does not hold what they need): ``gross_uptake_t`` alone (the sink entries of the unit
and the units below it, times the share of its ground that counts for it, which comes from the overlay of the green
units' outlines: an altered gross uptake shows at ``net_t`` and ``payback_years``), ``area_m2``, ``outline_m2`` and
``counted_in`` (that overlay), the construction total of a unit not charged with construction (its entries are not
written), ``net_low_t`` and ``net_high_t`` themselves (the interval of the sum with the scaled sink entries),
``payback_year`` (the built year or the run's construction year) and ``design_type`` and ``regime`` (the run's
GREEN_UNITS table).

Each difference is one row of ``verification.MISMATCH_COLUMNS``: no entry, the unit, the field
``greenspace_budget.<column>``, the stored and the recomputed value (with the scenario). Numbers agree within the
tolerance of the unit totals (``totals.totals_differ``).
"""
import numpy as np
import pandas as pd

from ..core.progress import NO_PROGRESS
from ..greenspace import budget
from ..ledger import totals

COLUMNS = ["entry_id", "unit_id", "field", "stored", "recomputed"]
TABLE = "greenspace_budget"
STORED = ("unit_id", "scenario", "run_id", "gross_uptake_t", *budget.LIFECYCLE_SUMS, "net_t",
          "net_low_t", "net_high_t", "payback_years")
"""Columns of a budget row the check reads."""
ROWS_AT_ONCE = 50_000
"""Budget rows checked at a time (with their life-cycle entries, some ten a unit)."""
ENTRY_COLUMNS = ["unit_id", "sector", "co2e_t", "conversion", "inventory_year", "year_version"]


def entry_lifetimes(unit_ids, entries):
    """Design life (yr) of each unit of ``unit_ids`` as its construction ``entries`` hold it (their conversion);
    NaN for a unit without construction entries (not charged with construction)."""
    construction = entries[(entries["sector"] == budget.SECTORS["construction"][0]).to_numpy()]
    life = pd.Series(budget.design_life(construction["conversion"]), index=construction["unit_id"].to_numpy())
    return life.groupby(level=0).first().reindex(pd.Index(unit_ids)).to_numpy(dtype=float)


def _differ(stored, recomputed):
    """Whether each stored number differs from the recomputed one (unit totals' tolerance; NaN only equals NaN)."""
    stored, recomputed = np.asarray(stored, dtype=float), np.asarray(recomputed, dtype=float)
    with np.errstate(invalid="ignore"):
        return totals.totals_differ(stored, recomputed) | (np.isnan(stored) != np.isnan(recomputed))


def _rows(part, mask, column, stored, recomputed, what):
    """Problem rows of the budget rows ``part`` where ``mask`` holds: ``column`` differs; ``what`` says how the
    recomputed value was made."""
    if not mask.any():
        return None
    values = np.asarray(recomputed, dtype=float)[mask].tolist()  # Python floats: numpy 2 spells np.float64(...)
    label = [f"{value!r} ({what}, scenario {scenario})" for value, scenario in zip(values, part["scenario"][mask],
                                                                                  strict=True)]
    stored = [repr(value) for value in np.asarray(stored, dtype=float)[mask].tolist()]
    return pd.DataFrame({"entry_id": "", "unit_id": part["unit_id"][mask], "field": f"{TABLE}.{column}",
                         "stored": stored, "recomputed": label}, columns=COLUMNS)


def check_rows(part, entries):
    """Problem rows of the budget rows ``part`` ({STORED column: array}, one scenario) against ``entries``, the
    life-cycle entries of their units in that scenario (ENTRY_COLUMNS)."""
    stored = {column: np.asarray(part[column], dtype=float) for column in STORED[3:]}
    ids = np.asarray(part["unit_id"], dtype=object)
    lifetime = entry_lifetimes(ids, entries)  # NaN: not charged, its total unchecked
    sums = budget.lifecycle_sums(ids, entries, np.ones(len(entries), dtype=bool), lifetime)
    found = [_rows(part, _differ(stored[c], sums[c]), c, stored[c], sums[c].to_numpy(), "sum of its entries")
             for c in ("maintenance_t", "construction_amortised_t")]
    total = sums["construction_total_t"].to_numpy()
    checkable = np.isfinite(lifetime)
    found.append(_rows(part, checkable & _differ(stored["construction_total_t"], total), "construction_total_t",
                       stored["construction_total_t"], total, "its construction entries x the design life"))
    net = budget.net_of(stored["gross_uptake_t"], sums["maintenance_t"].to_numpy(),
                        sums["construction_amortised_t"].to_numpy())
    found.append(_rows(part, _differ(stored["net_t"], net), "net_t", stored["net_t"], net,
                       "gross_uptake_t + its maintenance and amortised construction entries"))
    one_off = np.where(checkable, total, stored["construction_total_t"])  # an altered total shows there only
    years = budget.payback_years(one_off, stored["gross_uptake_t"], sums["maintenance_t"])
    found.append(_rows(part, _differ(stored["payback_years"], years), "payback_years", stored["payback_years"],
                       years, "construction total / -(gross_uptake_t + its maintenance entries)"))
    with np.errstate(invalid="ignore"):
        outside = ~((stored["net_low_t"] <= stored["net_t"]) & (stored["net_t"] <= stored["net_high_t"]))
    bounds = zip(stored["net_low_t"].tolist(), stored["net_high_t"].tolist(), strict=True)  # Python floats, as above
    spelled = np.array([f"{low!r} .. {high!r}" for low, high in bounds], dtype=object)
    if outside.any():
        found.append(pd.DataFrame({"entry_id": "", "unit_id": ids[outside], "field": f"{TABLE}.net_interval",
                                   "stored": spelled[outside], "recomputed": "an interval containing net_t"},
                                  columns=COLUMNS))
    found = [rows for rows in found if rows is not None]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)


def as_written(entries):
    """The entries of one run (``entries``, with inventory_year and year_version, empty in a ledger of no inventory
    year yet) in the year version the run wrote them in: a later version of the year (a calibration, a REASON run)
    copies them, run_id and all, and the budget row sums them once."""
    if len(entries) == 0:
        return entries
    year, number = (pd.to_numeric(entries[c]).fillna(-1).to_numpy() for c in ("inventory_year", "year_version"))
    version = year * 1e6 + number  # (year, version) in order, a year-less entry's first: one run writes one version
    return entries[version == version.min()]


def check_budget(ledger, progress=NO_PROGRESS):
    """(problem rows of every greenspace_budget row, budget rows checked): each part of ROWS_AT_ONCE rows is
    checked against the life-cycle entries of its units only (read through the entries' unit_id index) that the
    run which wrote the row wrote, in the year version it wrote them (``as_written``); a cancel of ``progress`` is
    heeded between parts."""
    if not ledger.has_table(TABLE):
        return pd.DataFrame(columns=COLUMNS), 0
    found, count = [], 0
    for part in ledger.matching_batches(TABLE, list(STORED), {}, ROWS_AT_ONCE):
        progress.check()
        keys = pd.DataFrame({"scenario": part["scenario"], "run_id": part["run_id"]}).astype(str)
        for (scenario, run_id), positions in keys.groupby(["scenario", "run_id"], sort=False).indices.items():
            rows = {column: np.asarray(values)[positions] for column, values in part.items()}
            entries = ledger.entries_of_units(rows["unit_id"], scenario, ENTRY_COLUMNS,
                                              {"sector": list(budget.LIFECYCLE_SECTORS), "run_id": run_id})
            found.append(check_rows(rows, as_written(entries)))
        count += len(keys)
    return (pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)), count
