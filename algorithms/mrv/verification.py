"""Verify a ledger: recompute every entry from its factor row and recorded inputs, list what differs.

A third party needs only the GeoPackage (and, optionally, the original ACTIVITY tables). Checks:

1. Entries against the ``factors`` table and themselves: the factor value, unit and source
   copied into the entry equal the factor row; ``co2e_t = activity x factor x conversion`` with
   the factor row's value; the content digest (SHA-256 over ``entries.CONTENT_FIELDS``, recomputed from
   the columns and the units) and the fingerprint (over the recomputed content digest and the stored
   interval, ``entries.FINGERPRINT_FIELDS``) equal the stored ones; the interval contains the estimate
   and, when the last run that set it was not a Monte Carlo, equals the Approach 1 interval.
2. Entries against the ``activities`` rows (raw ACTIVITY rows written by source accounting):
   each row's SHA-256 of ``content`` equals its ``row_hash``, and ``content`` is the row of
   the original input table (``INPUTS``) with the same ``row_id``. A row that differs marks
   the entries it produced (bottom-up: ``inputs_hash`` = its hash; top-down: the entries of
   the innermost top-down row of the same sector and carrier whose units it covers), and the
   entries of the innermost top-down row around it, whose remainder it changed.

3. The run seals (``seal_checks``, ``ledger/seals.py``): the chain of runs rows, the last seal against
   the entries and units as they are, the signatures (with the metering centre's public key),
   entries whose run's row was deleted; and every unit's stored baseline totals against the roll-up
   of its entries.
4. The ``greenspace_budget`` rows (``budget_checks``): each green unit's maintenance, amortised and one-off
   construction, net and payback against the life-cycle entries they sum.

Each difference is one row ``entry_id, unit_id, field, stored, recomputed``; the ledger passes
when there is none.
"""
import contextlib
import glob
import json
import os

import numpy as np
import pandas as pd

from ..ledger import schema
from ..ledger.schema import BASELINE
from ..ledger import entries as entry_math, intervals
from ..ledger.hierarchy import Hierarchy
from ..core.ahead import beside, read_ahead
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.tables import read_table
from ..ledger.store import Ledger
from ..core.progress import NO_PROGRESS, Progress
from ..ledger import seal_state, seals, signing, totals
from . import budget_checks, seal_checks
from .activity_links import ActivityLinks, ActivityRows

MISMATCH_COLUMNS = ["entry_id", "unit_id", "field", "stored", "recomputed"]
RELATIVE_TOLERANCE = 1e-9
"""Numbers agree when they differ by less than this share of their size (float round-off)."""
ABSOLUTE_TOLERANCE = 1e-12
NO_ROWS = pd.DataFrame(columns=MISMATCH_COLUMNS)
"""No mismatch (never altered: the checks only concatenate and filter their rows)."""


def _differ(stored, recomputed):
    stored = np.asarray(stored, dtype=float)
    recomputed = np.asarray(recomputed, dtype=float)
    both_missing = np.isnan(stored) & np.isnan(recomputed)
    close = np.abs(stored - recomputed) <= RELATIVE_TOLERANCE * np.abs(recomputed) + ABSOLUTE_TOLERANCE
    return ~(close | both_missing)


def _text(values):
    return pd.Series(values, dtype=object).where(pd.notna(values), "").astype(str).to_numpy()


def _rows(entries, mask, field, stored, recomputed):
    """Mismatch rows for the entries where ``mask`` is true."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():  # the usual case: no column of values spelled out, no frame made
        return NO_ROWS
    return pd.DataFrame({
        "entry_id": entries["entry_id"].to_numpy()[mask],
        "unit_id": entries["unit_id"].to_numpy()[mask],
        "field": field,
        "stored": _text(np.asarray(stored, dtype=object)[mask]),
        "recomputed": _text(np.asarray(recomputed, dtype=object)[mask]),
    }, columns=MISMATCH_COLUMNS)


def interval_methods(entries, runs):
    """Per entry, the method of the last run that set its interval: 'montecarlo' or 'approach1'.

    runs: the ledger's runs table in fid (commit) order. An entry's interval was set by the run
    that wrote it, unless a later carbonledger:uncertainty run for its scenario overwrote it.
    """
    order = pd.Series(np.arange(len(runs)), index=runs["run_id"].to_numpy())
    written = entries["run_id"].map(order).fillna(-1).to_numpy()
    method = np.full(len(entries), "approach1", dtype=object)
    latest = np.full(len(entries), -1.0)
    uncertainty_runs = runs[runs["algorithm"] == "carbonledger:uncertainty"]
    for rank, parameters in zip(uncertainty_runs.index, uncertainty_runs["parameters"], strict=False):
        parameters = json.loads(parameters or "{}")
        applies = (entries["scenario"] == parameters.get("scenario", BASELINE)).to_numpy() & (rank > written)
        applies &= rank > latest
        method[applies] = parameters.get("method", "approach1")
        latest[applies] = rank
    return method


def check_entries(entries, factors, runs, unit_digests=None, runs_complete=True):
    """Mismatches of entries against their factor rows, their content digests and fingerprints, and their intervals.

    unit_digests: ``seals.unit_digests`` of the ledger (the content digests cover the entries' units).
    runs_complete: False when runs rows were deleted; then which run set an interval is unknown and
    the Approach 1 intervals are not compared (the deletion is the problem reported).
    """
    table = factors.drop_duplicates("factor_id").set_index("factor_id")
    known = entries["factor_id"].isin(table.index).to_numpy()
    found = []
    found.append(_rows(entries, ~known, "factor_id", entries["factor_id"], np.full(len(entries), "not in factors")))
    rows = table.reindex(entries["factor_id"])
    value = rows["value"].to_numpy(dtype=float)
    found.append(_rows(entries, known & _differ(entries["factor"], value), "factor", entries["factor"], value))
    for field, column in (("factor_unit", "unit"), ("source", "source")):
        recomputed = _text(rows[column].to_numpy())
        differs = known & (_text(entries[field].to_numpy()) != recomputed)
        found.append(_rows(entries, differs, field, entries[field], recomputed))
    co2e, low, high = intervals.product_bounds(
        entries["activity"], entries["activity_low"], entries["activity_high"], value,
        rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float), entries["conversion"],
        intervals.proxy_deviation(entries),
    )
    found.append(_rows(entries, known & _differ(entries["co2e_t"], co2e), "co2e_t", entries["co2e_t"], co2e))
    content = np.asarray(entry_math.content_digests(entries, unit_digests), dtype=object)
    fingerprint = np.asarray(entry_math.fingerprints(content, *(entries[f] for f in entry_math.INTERVAL_FIELDS)),
                             dtype=object)
    for field, recomputed in (("content_digest", content), ("fingerprint", fingerprint)):
        found.append(_rows(entries, entries[field].to_numpy() != recomputed, field, entries[field], recomputed))
    stored_low = entries["low_t"].to_numpy(dtype=float)
    stored_high = entries["high_t"].to_numpy(dtype=float)
    estimate = entries["co2e_t"].to_numpy(dtype=float)
    outside = ~((stored_low <= estimate) & (estimate <= stored_high))
    spelled = np.full(len(entries), "", dtype=object)  # spelled out only where reported
    spelled[outside] = [f"{a!r} .. {b!r}" for a, b in zip(stored_low[outside].tolist(), stored_high[outside].tolist(),
                                                          strict=True)]  # Python floats: numpy 2 spells np.float64(...)
    found.append(_rows(entries, outside, "interval", spelled, np.full(len(entries), "an interval containing co2e_t")))
    approach1 = known & ~outside & (interval_methods(entries, runs) == "approach1") & runs_complete
    for field, stored, recomputed in (("low_t", stored_low, low), ("high_t", stored_high, high)):
        found.append(_rows(entries, approach1 & _differ(stored, recomputed), field, stored, recomputed))
    return pd.concat(found, ignore_index=True)


def read_input_tables(path):
    """Original ACTIVITY rows from a CSV file, or from every CSV with a row_id column in a folder (text)."""
    paths = sorted(glob.glob(os.path.join(path, "*.csv"))) if os.path.isdir(path) else [path]
    tables = []
    for csv in paths:
        table = read_table(csv, "INPUTS", dtype=str, keep_default_na=False)
        if "row_id" in table.columns and "amount" in table.columns:
            tables.append(table)
    if not tables:
        raise LedgerInputError(tr("no ACTIVITY table (a CSV with row_id and amount columns) in '{path}'").format(
            path=path), layer="INPUTS")
    return pd.concat(tables, ignore_index=True)


def check_activities(entries, rows, altered, tree, made_from):
    """Mismatches of the entries of the ``altered`` activities rows and of the top-down rows around them.

    entries: the entries ``ActivityRows.affected`` chose for the altered rows (KEPT_COLUMNS, in fid order); rows: the
    ``ActivityRows`` of the ledger's activities table; altered: ``rows.altered`` ({position: (field, stored,
    recomputed)}); tree: the Hierarchy of the units and links; made_from: the codes in ``tree`` of the units made
    from a source_id (a function of it).
    """
    if not altered:
        return pd.DataFrame(columns=MISMATCH_COLUMNS)
    links = ActivityLinks(entries, rows, tree, made_from)
    found = []
    for position, (field, stored, new) in altered.items():
        row_id = links.fields["row_id"].iat[position]
        produced = links.produced(position)
        mask = np.zeros(len(entries), dtype=bool)
        mask[produced] = True
        found.append(_rows(entries, mask, field, np.full(len(entries), stored, dtype=object),
                           np.full(len(entries), f"{new} (activity row {row_id})", dtype=object)))
        enclosing = links.enclosing(position)
        if enclosing is not None:
            mask = np.zeros(len(entries), dtype=bool)
            mask[links.produced(enclosing)] = True
            found.append(_rows(entries, mask, "inputs_hash", entries["inputs_hash"],
                               np.full(len(entries), f"changes with altered activity row {row_id}", dtype=object)))
    return pd.concat(found, ignore_index=True)


KEPT_COLUMNS = ("entry_id", "unit_id", "scenario", "sector", "carrier", "method", "inputs_hash", "inventory_year")
"""Entry columns the check of activities rows needs, kept from the pass over the entries of the entries an altered
activities row may act on (``ActivityRows.affected``: none when no row was altered)."""
BATCH_ROWS = 10_000
"""Entries read and checked at a time: a batch (every column as read through OGR's Arrow stream, the canonical texts
of the fingerprints) holds about 11 kB an entry at its peak (25,000: some 280 MB; 10,000: some 110 MB, for the same
CPU seconds)."""
SHARED_TEXT = ("unit_id", "scenario", "flow", "sector", "carrier", "method", "factor_id", "inputs_hash", "gpc_sector")


def _shared(batch):
    """``batch`` with each repeated text of the SHARED_TEXT columns one object (memory of a kept ledger)."""
    shared = {}
    for column in (c for c in SHARED_TEXT if c in batch.columns):
        codes, distinct = pd.factorize(batch[column].to_numpy(dtype=object))
        shared[column] = np.append(distinct.astype(object), None)[codes]  # code -1 (NULL) takes the last: None
    return batch.assign(**shared)


def _unit_tree(ledger):
    """(the Hierarchy of the units and links, their stored CHECKED_TOTALS as {column: array} in its order): each
    unit_id held once (the tree's ids), each parent_id read part by part and held only as its parent's code."""
    stored = ledger.units_and_links(["unit_id", *totals.CHECKED_TOTALS])
    ids = pd.Index(stored.pop("unit_id"))
    parents = [ids.get_indexer(part["parent_id"]) for layer in seals.UNIT_LAYERS
               for part in ledger.matching_batches(layer, ["parent_id"], {})]
    return Hierarchy.of_codes(ids, np.concatenate([np.zeros(0, dtype=np.int64), *parents])), stored


def _made_from(ledger, tree):
    """The codes in ``tree`` of the units and links made from a source_id, as a function of it (read when asked: a
    top-down activities row may name its target so)."""
    def codes(source_id):
        return tree.codes(np.concatenate([ledger.read_table(layer, ["unit_id"], {"source_id": source_id})["unit_id"]
                                          for layer in seals.UNIT_LAYERS]))
    return codes


def _budget_problems(ledger, stop):
    """``budget_checks.check_budget`` of ``ledger``, ending early when ``stop`` (a threading.Event) is set."""
    return budget_checks.check_budget(ledger, Progress(cancelled=stop.is_set))


def _entry_pass(ledger, factors, runs, units, sums, activities, altered, progress):
    """(mismatch frames, runless-entry frames, the entries kept for the ``altered`` activities rows, entries checked,
    the entries' seal BucketFold) of one pass over every entry BATCH_ROWS at a time, the next batch read in a thread
    while one is checked; each batch is also added to ``sums`` (a seal_checks.TotalChecks). units: the
    seals.UnitDigests of the ledger's units and links (their tree: ``units.tree``)."""
    found, lost, linking, count = [], [], [], 0
    fold = seal_state.BucketFold("entries")
    batches = read_ahead(ledger.entry_batches(["fid", *schema.columns("entries")], BATCH_ROWS))
    with contextlib.closing(batches):  # a failure stops the read
        for batch in batches:
            progress.check()  # a cancel between batches stops the read
            related = batch["related_unit_id"] if "related_unit_id" in batch.columns else ()
            found.append(check_entries(batch, factors, runs, units.series(np.concatenate([batch["unit_id"], related]))))
            lost.append(seal_checks.runless_entries(batch, runs))
            sums.add(units.tree.codes(batch["unit_id"].to_numpy()), batch)
            if altered:
                linking.append(_shared(batch.loc[activities.affected(batch, altered), list(KEPT_COLUMNS)]))
            fold.add(batch["fid"].to_numpy(dtype=np.int64),  # the seal's buckets, hashed in the same pass
                     b"".join(seal_state.entry_hashes(*(batch[c] for c in seal_state.ENTRY_LEAF))))
            count += len(batch)
    return found, lost, linking, count, fold


def verify_ledger(path, inputs=None, progress=NO_PROGRESS, public_key=None):
    """Recompute every entry, unit total and run seal of the ledger at ``path``; return (mismatches, summary).

    inputs: path of the original ACTIVITY CSV, or of a folder of them (optional). public_key: path of
    the metering centre's Ed25519 public key (PEM); every run must then be signed by it (optional).
    mismatches: DataFrame with MISMATCH_COLUMNS: first the broken links of the seal chain in chain
    order (no entry, no unit), then the units whose stored totals differ from their entries (no
    entry), then the greenspace_budget rows that differ from their entries (no entry, field
    ``greenspace_budget.<column>``), then one row per entry and field that differs.
    summary: dict with entries checked, activities rows checked, mismatching entries (``mismatches``)
    and the fields that differ, units whose totals differ (``units``), budget rows checked (``budget_rows``), green
    units whose budget differs (``budget``) and the budget columns that do (``budget_fields``), broken links
    (``links``) and the first (``first_broken_link``, '' when none), and ``problems``: their sum, 0 on a clean
    ledger.

    Only the parts of the city the checks are at are held at once, but for the hierarchy of the units (ids,
    parents and stored totals), their digests (32 bytes each) and the sums of the entries per unit: each batch
    of entries is checked, folded into its seal buckets and unit sums, then dropped, keeping only the entries
    an altered activities row acts on; the year_totals rows are compared part by part.
    """
    ledger = Ledger(path)
    key = signing.public_key(public_key) if public_key else None
    original = read_input_tables(inputs) if inputs else None
    progress(0.05, tr("Reading factors, runs and units"))
    factors = ledger.read_table("factors")
    runs = ledger.read_table("runs")
    activities = ActivityRows(ledger.read_table("activities") if ledger.has_table("activities") else
                              pd.DataFrame(columns=["content", "row_hash", "scenario"]))
    altered = activities.altered(original)
    tree, stored = _unit_tree(ledger)
    units = seals.UnitDigests(ledger, tree)
    progress(0.3, tr("Recomputing the entries"))
    sums = seal_checks.TotalChecks(tree, ledger.has_table("year_totals"))
    with beside(_budget_problems, ledger) as budget_problems:  # its reads beside the entries' pass (both cores)
        found, lost, linking, count, fold = _entry_pass(ledger, factors, runs, units, sums, activities, altered,
                                                        progress)
        progress(0.65, tr("Checking the run seals"))
        runs, info, state = seals.chain_record(ledger, {**units.buckets, "entries": fold.buckets()})
        chain = seal_checks.chain_problems(runs, info, state, key)
        del units, fold
        lost = pd.concat(lost, ignore_index=True) if lost else pd.DataFrame(columns=MISMATCH_COLUMNS)
        if len(lost) or chain["field"].isin(["runs", "previous_seal"]).any():
            # runs rows deleted: which run set an interval is unknown, the Approach 1 intervals are not compared
            found = [rows[~rows["field"].isin(["low_t", "high_t"])] for rows in found]
        found.append(lost)
        if len(activities) or original is not None:
            progress(0.7, tr("Checking {rows:,} activity rows").format(rows=len(activities)))
            linked_entries = pd.concat(linking, ignore_index=True) if linking else \
                pd.DataFrame(columns=list(KEPT_COLUMNS))
            found.append(check_activities(linked_entries, activities, altered, tree, _made_from(ledger, tree)))
        del linking
        progress(0.85, tr("Comparing unit totals"))
        year_columns = ["unit_id", "inventory_year", "year_version", *totals.CHECKED_TOTALS]
        year_parts = ledger.matching_batches("year_totals", year_columns, {}) if ledger.has_table("year_totals") \
            else None
        units = sums.problems(stored, year_parts)
        progress(0.9, tr("Checking the green-space budget against its entries"))
        budget, budget_rows = budget_problems()
    mismatches = pd.concat(found, ignore_index=True).drop_duplicates(["entry_id", "field"])
    mismatches = mismatches.sort_values(["unit_id", "entry_id", "field"], kind="stable")
    everything = pd.concat([chain, units, budget, mismatches], ignore_index=True)
    progress(1.0, tr("{entries} entries, {unit_totals} unit totals, {budget} green-space budget rows and {links} seal "
                     "links differ").format(entries=mismatches["entry_id"].nunique(),
                                            unit_totals=units["unit_id"].nunique(),
                                            budget=budget["unit_id"].nunique(), links=len(chain)))
    first = chain.iloc[0] if len(chain) else None
    summary = {
        "entries": count,
        "activity_rows": len(activities),
        "mismatches": int(mismatches["entry_id"].nunique()),
        "fields": sorted(mismatches["field"].unique().tolist()),
        "units": int(units["unit_id"].nunique()),
        "budget_rows": budget_rows,
        "budget": int(budget["unit_id"].nunique()),
        "budget_fields": sorted(budget["field"].unique().tolist()),
        "links": len(chain),
        "first_broken_link": f"{first['field']}: {first['stored']} -> {first['recomputed']}" if first is not None
        else "",
    }
    summary["problems"] = summary["mismatches"] + summary["units"] + summary["budget"] + summary["links"]
    return everything, summary
