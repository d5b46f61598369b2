"""Verify the run seals of a ledger (``ledger/seals.py``): the chain, the last seal against the ledger as it
is, the signatures, the entries of deleted runs, and the stored unit totals against their entries.

Every problem is one row of verification.MISMATCH_COLUMNS. A broken link of the chain has no entry
and no unit: ``field`` names the link (seal, previous_seal, runs, entries_count, entries_root,
units_count, units_root, signature), ``stored`` what the ledger holds (with the run it belongs to) and
``recomputed`` what it should hold and what that means. Links are listed in chain order, so the
first row is the first broken link.
"""
import pandas as pd

from ..ledger import seal_state, seals, signing, totals
from ..ledger.hierarchy import Hierarchy

COLUMNS = ["entry_id", "unit_id", "field", "stored", "recomputed"]
WHERE_SHOWN = 5
"""Buckets named in a broken root link at most."""
STATE_FIELDS = ("entries_count", "entries_root", "units_count", "units_root")
WHAT_CHANGED = {
    "entries_count": "entries were deleted or inserted after this run",
    "entries_root": "entries were altered, deleted or inserted after this run",
    "units_count": "units were deleted or inserted after this run",
    "units_root": "units (attributes or geometry) were altered, deleted or inserted after this run",
}


def _run_name(run):
    return f"run {run['run_id']} ({run['algorithm']}, {run['ended_at']})"


def _link(field, stored, recomputed, unit_id=""):
    return {"entry_id": "", "unit_id": unit_id, "field": field, "stored": str(stored), "recomputed": str(recomputed)}


def chain_problems(runs, info, state, public_key=None):
    """Broken links of the seal chain, in chain order (a DataFrame of COLUMNS).

    runs: the runs table in fid order; info: ledger_info as {key: value}; state: ``seals.ledger_state``
    now; public_key: the metering centre's Ed25519 public key (``signing.public_key``): every run must be
    signed by it.
    """
    found = []
    previous = ""
    for run in runs.to_dict("records"):
        name = _run_name(run)
        if (run.get("previous_seal") or "") != previous:
            found.append(_link("previous_seal", f"{name} follows seal {run.get('previous_seal') or '(none)'}",
                               f"{previous or '(none)'}: the runs row before it was deleted, inserted or reordered"))
        recomputed = seals.seal_of(run)
        if run.get("seal") != recomputed:
            found.append(_link("seal", f"{name}: {run.get('seal') or '(no seal)'}",
                               f"{recomputed}: the runs row was altered after it was sealed"))
        if public_key is not None and not signing.verifies(public_key, run.get("seal"), run.get("signature")):
            found.append(_link("signature", f"{name}: {run.get('signature') or '(unsigned)'}",
                               "a signature of its seal by the PUBLIC_KEY's owner: "
                               + ("the run was never signed" if not run.get("signature") else
                                  "the seal was forged or re-sealed, or another key signed it")))
        previous = run.get("seal") or ""
    found += _last_run_problems(runs, info, state, previous)
    return pd.DataFrame(found, columns=COLUMNS)


def _last_run_problems(runs, info, state, last):
    """The ledger_info record of the last seal, and the last seal against the ledger as it is."""
    found = []
    recorded = info.get(seals.LAST_SEAL_KEY, "")
    count = info.get(seals.SEALED_RUNS_KEY, "0")
    if recorded != last or count != str(len(runs)):
        name = _run_name(runs.iloc[-1]) if len(runs) else "no run"
        found.append(_link("runs", f"{len(runs):,} runs rows, the last {name} with seal {last or '(none)'}",
                           f"{int(count):,} runs sealed, the last with seal {recorded or '(none)'}: "
                           + ("runs rows were deleted" if int(count) > len(runs) else
                              "the runs rows do not end where the last run ended")))
    if not len(runs):
        if state["entries_count"] or state["units_count"]:
            found.append(_link("runs", "no runs row", f"{state['entries_count']:,} entries and "
                               f"{state['units_count']:,} units written by runs whose rows were deleted"))
        return found
    run = runs.iloc[-1]
    if run.get("entries_root") is None or run.get("entries_root") != run.get("entries_root"):
        return found
    for field in STATE_FIELDS:
        sealed = seals.plain(run[field])
        if str(state[field]) != str(sealed):
            found.append(_link(field, f"{_run_name(run)}: {sealed}", f"{state[field]} in the ledger now: "
                               f"{WHAT_CHANGED[field]}{_where(run, state, field.split('_')[0])}"))
    return found


def _where(run, state, root):
    """Where the rows of ``root`` (entries or units) differ from the last seal: the fid ranges of the buckets
    that differ from seal_buckets, named only when seal_buckets holds the state ``run`` sealed ('' otherwise)."""
    stored = state.get("stored_state") or {}
    if any(str(stored.get(f"{root}_{part}")) != str(seals.plain(run[f"{root}_{part}"])) for part in ("count", "root")):
        return ""
    differ = state["differing"]
    differ = differ[differ["layer"].isin(seal_state.ROOTS[root])]
    named = [f"{d.layer} fid {d.first_fid}-{d.last_fid} ({d.sealed_rows:,} rows sealed, {d.rows:,} now)"
             for d in differ.head(WHERE_SHOWN).itertuples()]
    more = f" and {len(differ) - WHERE_SHOWN:,} more buckets" if len(differ) > WHERE_SHOWN else ""
    return f"; rows that differ from the seal: {', '.join(named)}{more}" if named else ""


def runless_entries(entries, runs):
    """Entries whose run_id has no runs row (the row was deleted), as problem rows."""
    lost = entries[~entries["run_id"].isin(runs["run_id"])]
    return pd.DataFrame({"entry_id": lost["entry_id"], "unit_id": lost["unit_id"], "field": "run_id",
                         "stored": lost["run_id"].fillna("").astype(str),
                         "recomputed": "a run in the runs table: the run's row was deleted"}, columns=COLUMNS)


def total_problems(entries, stored, hierarchy, year_totals=None):
    """Units whose stored baseline totals differ from the roll-up of their entries, as problem rows.

    stored: the units' and links' totals, those of the latest inventory year (its latest version);
    year_totals: the ``year_totals`` rows (unit_id, inventory_year, year_version and the totals) of
    every year and version, each compared with the entries of that year and version (None: a ledger
    without inventory years, whose entries all make the stored totals)."""
    baseline = entries[entries["scenario"] == totals.BASELINE]
    hierarchy = Hierarchy(hierarchy)  # once for every year; only the CHECKED_TOTALS are compared
    if year_totals is None or "inventory_year" not in baseline.columns or baseline["inventory_year"].isna().all():
        return _total_rows(totals.disagreements(stored, totals.unit_totals(baseline, hierarchy, bounds=False)), "")
    found = []
    dated = baseline.dropna(subset=["inventory_year"]).astype({"inventory_year": int, "year_version": int})
    latest_year = int(dated["inventory_year"].max())
    latest = (latest_year, int(dated.loc[dated["inventory_year"] == latest_year, "year_version"].max()))
    for (year, version), rows in dated.groupby(["inventory_year", "year_version"]):
        recomputed = totals.unit_totals(rows, hierarchy, bounds=False)
        kept = year_totals[(year_totals["inventory_year"] == year) & (year_totals["year_version"] == version)]
        label = f" of {year} v{version}"
        found.append(_total_rows(totals.disagreements(kept, recomputed), label))
        if (year, version) == latest:
            found.append(_total_rows(totals.disagreements(stored, recomputed), label))
    return pd.concat(found, ignore_index=True).drop_duplicates(["unit_id", "field"])


def _total_rows(differ, label):
    """Problem rows of ``totals.disagreements``; ``label`` names the inventory year ('' for none)."""
    return pd.DataFrame({"entry_id": "", "unit_id": differ["unit_id"], "field": differ["field"],
                         "stored": [repr(v) for v in differ["stored"]],
                         "recomputed": [f"{v!r} (sum of its entries{label})" for v in differ["recomputed"]]},
                        columns=COLUMNS)
