"""Verify the run seals of a ledger (``ledger/seals.py``): the chain, the last seal against the ledger as it
is, the signatures, the entries of deleted runs, and the stored unit totals against their entries.

Every problem is one row of verification.MISMATCH_COLUMNS. A broken link of the chain has no entry
and no unit: ``field`` names the link (seal, previous_seal, runs, entries_count, entries_root,
units_count, units_root, factors_count, factors_root, signature), ``stored`` what the ledger holds (with the run it
belongs to) and ``recomputed`` what it should hold and what that means. Links are listed in chain order, so the
first row is the first broken link.
"""
import numpy as np
import pandas as pd

from ..ledger import schema, seal_state, seals, signing, totals

COLUMNS = ["entry_id", "unit_id", "field", "stored", "recomputed"]
WHERE_SHOWN = 5
"""Buckets named in a broken root link at most."""
STATE_FIELDS = ("entries_count", "entries_root", "units_count", "units_root", "factors_count", "factors_root")
WHAT_CHANGED = {
    "entries_count": "entries were deleted or inserted after this run",
    "entries_root": "entries were altered, deleted or inserted after this run",
    "units_count": "units were deleted or inserted after this run",
    "units_root": "units (attributes or geometry) were altered, deleted or inserted after this run",
    "factors_count": "factor rows were deleted or inserted after this run",
    "factors_root": "factor rows (a value, its range, distribution or cited source) were altered, deleted or "
                    "inserted after this run",
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
        sealed = seals.plain(run.get(field))
        if sealed is None and field in schema.SEALED_WHEN_SET:
            continue  # sealed before schema 9: the factor rows were not in its seal
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


class TotalChecks:
    """Units whose stored baseline totals differ from the roll-up of their entries, the entries given part by
    part in fid order: each part is reduced to source and sink sums per unit (``totals.DirectSums``) per
    inventory year and version, so that the entries of a whole city are never held at once.

    tree: the Hierarchy of the units and links; by_year: whether the ledger has a year_totals table (without
    it, or when no baseline entry has an inventory year, all baseline entries make the stored totals)."""

    def __init__(self, tree, by_year):
        self.tree, self.by_year = tree, by_year
        self.sums = {}  # (inventory_year, year_version), or None for entries without a year -> DirectSums

    def add(self, unit, entries):
        """Add ``entries`` (scenario, flow, co2e_t, inventory_year, year_version; unit: their codes in the tree,
        -1 for an unknown unit), the entries after those added."""
        baseline = np.flatnonzero((entries["scenario"] == totals.BASELINE).to_numpy())
        if not self.by_year or "inventory_year" not in entries.columns:
            groups = {None: baseline}
        else:
            keys = pd.DataFrame({c: pd.to_numeric(entries[c].iloc[baseline], errors="coerce").to_numpy()
                                 for c in ("inventory_year", "year_version")})
            groups = {None if pd.isna(key[0]) else (int(key[0]), int(key[1])): baseline[rows]
                      for key, rows in keys.groupby(list(keys.columns), dropna=False, sort=False).indices.items()}
        for key, rows in groups.items():
            self.sums.setdefault(key, totals.DirectSums(self.tree)).add_entries(unit[rows], entries.iloc[rows])

    def problems(self, stored, year_parts=None):
        """Problem rows of the units whose ``stored`` totals ({CHECKED_TOTALS: array in the tree's order}: the units'
        and links', the latest inventory year's, latest version) or year_totals rows differ from their entries'
        roll-up. year_parts: the year_totals rows (unit_id, inventory_year, year_version and CHECKED_TOTALS of every
        year and version) as {column: array} parts in fid order, or None without the table: compared part by part,
        so that the rows of a whole city are never held at once."""
        dated = sorted(key for key in self.sums if key is not None)
        if year_parts is None or not dated:
            whole = self.sums.get(None, totals.DirectSums(self.tree)).rolled()
            return _total_rows(_whole_tree(self.tree, stored, whole), "")
        rolled = {key: self.sums[key].rolled() for key in dated}
        per_year = {key: totals.Disagreements() for key in dated}
        for part in year_parts:
            year, version = np.asarray(part["inventory_year"]), np.asarray(part["year_version"])
            for key in dated:
                rows = np.flatnonzero((year == key[0]) & (version == key[1]))
                codes = self.tree.codes(part["unit_id"][rows])
                per_year[key].add(part["unit_id"][rows], {c: part[c][rows] for c in totals.CHECKED_TOTALS},
                                  [_at(sums, codes) for sums in rolled[key]])
        found = []
        for year, version in dated:
            label = f" of {year} v{version}"
            found.append(_total_rows(per_year[(year, version)].rows(), label))
            if (year, version) == dated[-1]:
                found.append(_total_rows(_whole_tree(self.tree, stored, rolled[(year, version)]), label))
        return pd.concat(found, ignore_index=True).drop_duplicates(["unit_id", "field"])


def _at(values, codes):
    """``values`` (per unit of the tree) at ``codes`` (-1: a unit the tree lacks, NaN)."""
    found = np.full(len(codes), np.nan)
    known = codes >= 0
    found[known] = values[codes[known]]
    return found


def _whole_tree(tree, stored, recomputed):
    """``totals.Disagreements`` of every unit of ``tree``: ``stored`` and ``recomputed`` in its order."""
    return totals.Disagreements().add(tree.ids.to_numpy(dtype=object), stored, recomputed).rows()


def _total_rows(differ, label):
    """Problem rows of ``totals.disagreements``; ``label`` names the inventory year ('' for none)."""
    return pd.DataFrame({"entry_id": "", "unit_id": differ["unit_id"], "field": differ["field"],
                         "stored": [repr(v) for v in differ["stored"]],
                         "recomputed": [f"{v!r} (sum of its entries{label})" for v in differ["recomputed"]]},
                        columns=COLUMNS)
