"""Uncertainty of entries and unit totals: IPCC Approach 1 and Approach 2 (Monte Carlo).

An entry is ``co2e_t = activity x factor x conversion`` (t CO2e/yr). Its 95% interval is the
2.5th and 97.5th percentile of that product.

Approach 1 (closed form, IPCC 2006 Vol 1 Ch 3 Eq. 3.1 and 3.2): relative deviations of
activity and factor add in quadrature per entry (``intervals.product_bounds``), and entries'
intervals combine into those of unit totals by ``ledger.intervals`` (``totals.unit_totals``):
entries that share a factor row, or shares of one input amount, are fully correlated (their
deviations add linearly, IPCC 2006 Vol 1 Ch 3 3.2.3.1), and those groups add in quadrature.

Approach 2 (Monte Carlo, ``monte_carlo.py``) draws shared factors once per iteration, so a
shared factor is fully correlated across units.
"""
import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import intervals, years
from ..ledger.interval_updates import unchanged, write_intervals
from ..ledger.coded_entries import check_distinct_unit_ids, coded_entries
from ..ledger.hierarchy import Hierarchy
from ..ledger.unit_codes import UnitCodes
from ..ledger.queries import HIERARCHY_COLUMNS
from .distributions import factor_rows
from .monte_carlo import drawn, monte_carlo, prepared  # noqa: F401 (monte_carlo: the reports call it here)
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger.store import Ledger
from ..core.progress import NO_PROGRESS
from ..ledger.totals import unit_tree, unit_totals, write_unit_totals

METHODS = ("approach1", "montecarlo")
ROWS_PER_WRITE = 50_000
"""Entries whose new interval is written at a time, with its new fingerprint (over their stored content digest and the
new interval, seals.updated): bounds memory."""
ENTRY_COLUMNS = [
    "unit_id", "flow", "activity", "activity_low", "activity_high",
    "factor_id", "factor", "conversion", "co2e_t", "inputs_hash", *intervals.PROXY[1:], "scenario", "low_t", "high_t",
]
"""Entry columns the intervals are drawn from, with the stored interval (``low_t``, ``high_t``) a run compares
its new one with; a composed scenario's entries (``read_inputs``) also have their key, ``entry_id``."""


def approach1(entries, factors, hierarchy):
    """IPCC Approach 1 intervals of every entry, every unit and the whole ledger (t CO2e/yr).

    Same arguments and result as :func:`monte_carlo` (``widened`` is always 0; entries need ``factor``
    and inputs_hash). Shared factors and shared input amounts are correlated (``ledger.intervals``),
    in unit totals and in the whole ledger's total alike.
    """
    result = entry_intervals(entries, factors)
    bounded = entries.reindex(columns=["unit_id", "flow", "co2e_t", *intervals.CORRELATED]).assign(
        low_t=result["entry_low_t"], high_t=result["entry_high_t"]
    )
    totals = unit_totals(bounded, hierarchy)[["net_t", "net_low_t", "net_high_t"]]
    totals.index.name = "unit_id"
    direct = bounded[bounded["flow"].isin(["source", "sink"])]
    return {**result, "units": totals, "total": intervals.sum_interval(direct), "widened": 0}


def entry_intervals(entries, factors):
    """The IPCC Approach 1 interval of every entry alone: {entry_low_t, entry_high_t (arrays aligned with
    ``entries``, t CO2e/yr), missing_factors (factor ids not in ``factors``, taken as exact)}. Each factor row is
    looked up once, not once per entry (entries as for :func:`approach1`)."""
    rows, missing, factor_of = factor_rows(factors, entries)
    _, low, high = intervals.product_bounds(
        entries["activity"], entries["activity_low"], entries["activity_high"],
        entries["factor"], rows["low"].to_numpy(dtype=float)[factor_of], rows["high"].to_numpy(dtype=float)[factor_of],
        entries["conversion"], intervals.proxy_deviation(entries),
    )
    estimate = entries["co2e_t"].to_numpy(dtype=float)
    return {"entry_low_t": np.minimum(low, estimate), "entry_high_t": np.maximum(high, estimate),
            "missing_factors": missing}


def top_total(totals, hierarchy):
    """(net_t, net_low_t, net_high_t) of the whole ledger from the totals of its top units.

    totals: DataFrame indexed by unit_id with net_t, net_low_t, net_high_t; hierarchy: unit_id,
    parent_id (or their Hierarchy). One top unit (no parent in the hierarchy, e.g. the city): its own
    interval. Several top units have no entries left to tell what they share: their intervals add in quadrature
    (``intervals.sum_interval`` of parts of their own).
    """
    return top_interval(totals.loc[top_units(hierarchy)])


def top_interval(top):
    """(net_t, net_low_t, net_high_t) of the whole ledger from ``top``: the totals (net_t, net_low_t, net_high_t) of
    its top units, as :func:`top_total` combines them."""
    return intervals.sum_interval(top.rename(columns={"net_t": "co2e_t", "net_low_t": "low_t", "net_high_t": "high_t"}))


def top_units(hierarchy):
    """unit_id of the units without a parent in ``hierarchy`` (unit_id, parent_id, or their Hierarchy): an array."""
    tree = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy(hierarchy)
    return tree.ids[tree.parent < 0].to_numpy()


def read_inputs(ledger, scenario):
    """Entries of ``scenario`` composed on its base (the base's entries, with the units its edits touched replaced),
    so its totals cover the whole city, keyed by ``entry_id``; the factors table and the unit hierarchy (units and
    links). The baseline is read as codes (``read_baseline``)."""
    entries = ledger.scenario_entries(scenario)[["entry_id", *ENTRY_COLUMNS]].reset_index(drop=True)
    factors = ledger.read_table("factors", columns=["factor_id", "value", "low", "high", "distribution"])
    return entries, factors, compact_hierarchy(ledger)


BASELINE_COLUMNS = ("fid", "unit_id", "flow", "activity", "activity_low", "activity_high", "factor_id", "factor",
                    "conversion", "co2e_t", "inputs_hash", *intervals.PROXY[1:])
"""Baseline entry columns the intervals are drawn from (``read_baseline``), with the key ``fid``: the stored intervals
are compared inside the run's transaction (``interval_updates.write_intervals``), not read here."""


def read_baseline(ledger, method):
    """The baseline entries of the ledger's year, the factors table, the Hierarchy of the units and links numbered by
    code and the codes of the districts, read as codes and numbers: entries as ``ledger.coded_entries`` reads them
    (``unit``: the code of the entry's unit; flow, factor_id, inputs_hash Categoricals), the units as a
    ``unit_codes.UnitCodes`` (no unit_id text held). A unit_id that is both a unit's and a link's is refused, and so,
    by a Monte Carlo (``method``), is an entry whose unit is no unit or link."""
    check_distinct_unit_ids(ledger)
    units, parents, levels = UnitCodes.read(ledger, levels=["district"])
    tree = Hierarchy.of_codes(units, parents)
    entries = coded_entries(ledger, {"scenario": BASELINE, **ledger.year_match()}, BASELINE_COLUMNS, units,
                            refuse_unknown=method == "montecarlo")
    factors = ledger.read_table("factors", columns=["factor_id", "value", "low", "high", "distribution"])
    return entries, factors, tree, np.flatnonzero(levels == 0)


def compact_hierarchy(ledger):
    """unit_id, parent_id and level of every unit, then every link (``Ledger.hierarchy(with_links=True)``), read as
    arrays, each parent_id the very str of its parent's unit_id (one object per unit, not per row)."""
    arrays = ledger.units_and_links(list(HIERARCHY_COLUMNS))
    ids = arrays["unit_id"]
    found = pd.Index(ids).get_indexer(arrays["parent_id"])
    arrays["parent_id"] = np.where(found >= 0, ids[np.maximum(found, 0)] if len(ids) else None, arrays["parent_id"])
    return pd.DataFrame(arrays, columns=list(HIERARCHY_COLUMNS), copy=False)


def changed_intervals(entries, scenario, result):
    """The key (first column of ``entries``), low_t and high_t of the scenario's own entries whose new interval
    (``result``) differs from the stored one: only those are written (and get a new fingerprint)."""
    low, high = result["entry_low_t"], result["entry_high_t"]
    stored_low, stored_high = (entries[c].to_numpy(dtype=float) for c in ("low_t", "high_t"))
    rows = np.flatnonzero((entries["scenario"] == scenario).to_numpy() & ~unchanged(low, high, stored_low, stored_high))
    key = entries.columns[0]
    return pd.DataFrame({key: entries[key].to_numpy()[rows], "low_t": low[rows], "high_t": high[rows]})


def _districts(totals, district_ids, district_codes):
    """net_t, net_low_t, net_high_t of the districts (``district_ids``) among ``totals``: indexed by code when
    ``district_codes`` are given (the baseline's), else by unit_id; the result indexed by unit_id."""
    totals = totals[["net_t", "net_low_t", "net_high_t"]]
    if district_codes is None:
        return totals.loc[district_ids]
    return totals.iloc[district_codes].set_axis(pd.Index(district_ids, name="unit_id"))


def run_uncertainty(path, method="montecarlo", iterations=1000, seed=42, scenario=BASELINE, progress=NO_PROGRESS):
    """Compute and write the 95% intervals of a ledger's entries and, for the baseline, its units.

    Writes ``low_t``/``high_t`` of the scenario's own entries (the base's entries it shares are
    drawn with it but left as they are) and, when ``scenario`` is baseline,
    ``source_t``, ``sink_t``, ``net_t`` and (from ``method``) ``net_low_t``/``net_high_t`` of
    every unit and link, in one transaction with a ``runs`` row. Returns a summary dict with
    the whole ledger's net_t and interval (t CO2e/yr) and the districts' intervals.
    The entries read are let go once the draws are set up (Approach 1: once each entry's interval is worked out).
    For the baseline, the stored intervals are compared with the new ones ROWS_PER_WRITE entries at a time inside the
    transaction, and the unit totals read the entries as written, in parts (``write_unit_totals``); Approach 1's
    units and whole-ledger total are those totals (the city's roll-up, as the reports' ``top_total``), not a second
    roll-up of the whole city in memory.
    """
    if method not in METHODS:
        raise LedgerInputError(tr("method '{method}' is not one of {options}").format(
            method=method, options=", ".join(METHODS)), layer="METHOD")
    ledger = Ledger(path)
    if scenario == BASELINE:  # the units as codes (no unit_id held); the districts' ids are read for the summary
        entries, factors, hierarchy, district_codes = read_baseline(ledger, method)
        units = hierarchy.ids
        district_ids = units.unit_ids(district_codes)
    else:
        entries, factors, hierarchy = read_inputs(ledger, scenario)
        district_codes, district_ids = None, hierarchy.loc[hierarchy["level"] == "district", "unit_id"].to_numpy()
    if len(entries) == 0:
        raise LedgerInputError(
            tr("the ledger has no entries for scenario '{scenario}'").format(scenario=scenario), layer="entries",
            field="scenario"
        )
    units_count = len(hierarchy.parent) if scenario == BASELINE else len(hierarchy)
    progress(0.0, tr("{method}: {entries:,} entries, {units:,} units and links").format(
        method=method, entries=len(entries), units=units_count))
    counts = {"entries": len(entries), "units": units_count}
    key = entries.columns[0]  # the intervals held (taken out of the frame: not copied), to write only those that change
    if scenario == BASELINE:  # the fids drawn; their stored intervals are read again in parts inside the transaction
        stored = entries.pop(key).to_numpy()
    else:
        stored = pd.DataFrame({c: entries.pop(c).to_numpy() for c in (key, "scenario", "low_t", "high_t")})
    tops = None
    if method == "montecarlo":
        stream = prepared(entries, factors, hierarchy, iterations, seed)
        del entries, factors, hierarchy  # the draws hold arrays of their own
        result = drawn(stream, progress.span(0.0, 0.9))
        del stream
    elif scenario == BASELINE:  # the units' and the ledger's intervals: the roll-up's, as written below
        result = {**entry_intervals(entries, factors), "widened": 0}
        del entries, factors
        tops = units.unit_ids(np.flatnonzero(hierarchy.parent < 0))
        del hierarchy
    else:
        result = approach1(entries, factors, hierarchy)
        del entries, factors, hierarchy
    if result["missing_factors"]:
        progress.warn(tr("factor rows {factor_ids} are not in the ledger's factors table: their entries' factors "
                         "were taken as exact (carbonledger:verifyledger lists these entries)").format(
            factor_ids=", ".join(result["missing_factors"])))
    if result["widened"]:
        progress.warn(tr("{intervals} intervals left out their central estimate (skewed inputs) and were widened to "
                         "reach it").format(intervals=result["widened"]))
    parameters = {"method": method, "scenario": scenario}
    if method == "montecarlo":
        parameters.update(iterations=int(iterations), seed=int(seed))
    low, high = (result.pop(column) for column in ("entry_low_t", "entry_high_t"))
    totals = result.pop("units", None)  # the baseline's indexed by code, else by unit_id: the districts' summary, and
    districts = None if totals is None else _districts(totals, district_ids, district_codes)
    ordered = None if totals is None else tuple(totals[c].to_numpy() for c in ("net_low_t", "net_high_t"))
    del totals  # the Monte Carlo's bounds as arrays in the tree's order (no unit_id held)
    with ledger.transaction("carbonledger:uncertainty", parameters) as writer:
        if scenario == BASELINE:
            tree = unit_tree(writer)  # the entries as written rolled up behind the writes, on the other core
            written = write_intervals(writer, {"scenario": BASELINE, **years.match(writer.year)}, stored, low, high,
                                      ROWS_PER_WRITE, tree)
            del stored, low, high
            chosen = None if tops is None else pd.unique(np.concatenate([district_ids, tops]))
            picked = write_unit_totals(writer, written, ordered_bounds=ordered, chosen=chosen, tree=tree)
            del written, tree
            if tops is not None:  # Approach 1: the districts' and the top units' totals as written
                picked = picked[["net_t", "net_low_t", "net_high_t"]]
                districts, result["total"] = picked.loc[district_ids], top_interval(picked.loc[tops])
            del picked, ordered  # let go before the run's seal reads again the rows written
        else:
            changed = changed_intervals(stored, scenario, {"entry_low_t": low, "entry_high_t": high})
            del stored, low, high
            for start in range(0, len(changed), ROWS_PER_WRITE):
                writer.update_columns("entries", changed.iloc[start:start + ROWS_PER_WRITE], key=key)
            del changed
        run_id = writer.run_id
    progress(1.0, tr("intervals written"))
    net, low, high = result["total"]
    return {
        "method": method, "scenario": scenario, "run_id": run_id, **counts,
        "net_t": net, "net_low_t": low, "net_high_t": high,
        "widened": result["widened"], "missing_factors": result["missing_factors"], "districts": districts,
    }
