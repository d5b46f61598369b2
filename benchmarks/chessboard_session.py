"""Benchmark: the chessboard session on a real ledger (the pipeline's), its start, its edits and applyscenario.

Steps, each its own process so that its CPU seconds and peak memory are its own (run them with the
PYTHONPATH of the code to measure, e.g. main's and a branch's, on the same ledger):

- ``pick LEDGER EDITS.json``: a set of edits on the ledger (reads its units once): a few of each measure on
  random units of the right level, then a land-use conversion of the first CONVERTED parcels of the district
  with fewest;
- ``session LEDGER EDITS.json OUT.pkl``: ``open_chessboard`` (CPU s, peak MB), then every edit applied
  (CPU ms each: median, p95 of the mixed edits and of the district's), the last one undone, and the results
  (delta, cumulative deltas, cost, the city's after the undo) pickled;
- ``apply LEDGER EDITS.json OUT.pkl``: ``apply_scenario`` of the edits on LEDGER (write it on a copy), CPU s,
  peak MB, and the scenario's written entries pickled (without the run and time columns);
- ``compare A.pkl B.pkl``: the largest difference between two sessions' or two scenarios' figures.

Run: ``PYTHONPATH=build/plugins .venv/bin/python benchmarks/chessboard_session.py session ...`` (PYTHONPATH: the code
measured, e.g. a folder holding main's plugin as urban_carbon_ledger).
"""
import json
import pickle
import sys
import time

import numpy as np
import pandas as pd

from urban_carbon_ledger.benchmarks.memory import own_peak_mb

PLAN = [
    ("link", "signal_countdown", {}),
    ("building", "building_retrofit", {"cut_electricity": 0.25}),
    ("building", "rooftop_pv", {}),
    ("parcel", "tree_planting", {"trees": 3}),
    ("parcel", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2}),
]
EACH = 10
"""Edits of each measure of PLAN on random units."""
CONVERTED = 300
"""Parcels of the district converted at most (every one of the 1,730 of the smallest district of the 100,000-parcel
city took main's session over 10 minutes under load)."""
RESULT_FIELDS = ("delta", "avoided_t", "lifecycle_t", "sink_added_t", "sink_removed_t", "cost", "unit", "district",
                 "city")
UNSTORED = ("run_id", "computed_at", "fid")
"""Entry columns that differ between two runs of the same scenario."""


def pick(path, out):
    from urban_carbon_ledger.algorithms.ledger.store import Ledger

    units = Ledger(path).hierarchy(with_links=True)
    rng = np.random.default_rng(7)
    by_level = {level: group["unit_id"].to_numpy() for level, group in units.groupby("level")}
    edits = [(str(unit), measure, params) for level, measure, params in PLAN
             for unit in rng.choice(by_level[level], min(EACH, len(by_level[level])), replace=False)]
    taken = set()
    edits = [edit for edit in edits if (edit[0], edit[1]) not in taken and not taken.add((edit[0], edit[1]))]
    parent = units.set_index("unit_id")["parent_id"]
    parcels = units.loc[units["level"] == "parcel", "unit_id"]
    district = parent.reindex(parent.reindex(parcels).to_numpy()).to_numpy()  # a parcel's block's parent
    smallest = pd.Series(district).value_counts().index[-1]
    converted = [unit for unit in parcels[district == smallest] if (unit, PLAN[-1][1]) not in taken][:CONVERTED]
    with open(out, "w") as handle:
        json.dump({"edits": edits + [(unit, *PLAN[-1][1:]) for unit in converted], "mixed": len(edits)}, handle)
    print(f"{len(edits)} edits of {len(PLAN)} measures, then {len(converted)} converting parcels of {smallest}")


def session(path, edits_path, out):
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import open_chessboard

    with open(edits_path) as handle:
        plan = json.load(handle)
    edits, mixed = plan["edits"], plan["mixed"]
    before_mb = own_peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    board = open_chessboard(path)
    start_s, start_cpu, start_mb = time.perf_counter() - started, time.process_time() - cpu, own_peak_mb()
    cpu_ms, results = [], []
    for unit, measure, params in edits:
        cpu = time.process_time()
        result = board.apply(unit, measure, params)
        cpu_ms.append((time.process_time() - cpu) * 1000)
        results.append({field: getattr(result, field) for field in RESULT_FIELDS})
    cpu = time.process_time()
    board.undo()
    undo_ms = (time.process_time() - cpu) * 1000
    city = board.level_delta(results[-1]["city"]["unit_id"])
    with open(out, "wb") as handle:
        pickle.dump({"results": results, "after_undo": city}, handle)
    print(f"session start {start_s:.2f} s wall, {start_cpu:.2f} CPU s, peak {start_mb:.0f} MB "
          f"(after imports {before_mb:.0f} MB); undo {undo_ms:.1f} ms; peak {own_peak_mb():.0f} MB")
    for name, part in (("mixed", cpu_ms[:mixed]), ("district conversion", cpu_ms[mixed:])):
        print(f"{name}: {len(part)} edits, CPU median {np.median(part):.1f} ms, p95 {np.percentile(part, 95):.1f} ms, "
              f"max {max(part):.1f} ms, in all {sum(part) / 1000:.1f} s")


def apply(path, edits_path, out):
    from urban_carbon_ledger.algorithms.ledger.store import Ledger
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario, edits_from_frame

    with open(edits_path) as handle:
        edits = json.load(handle)["edits"]
    frame = pd.DataFrame([{"unit_id": u, "measure_id": m, "parameters": json.dumps(p)} for u, m, p in edits])
    frame["row"] = range(1, len(frame) + 1)
    started, cpu = time.perf_counter(), time.process_time()
    summary = apply_scenario(path, "bench", edits_from_frame(frame))
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    rows = Ledger(path).read_table("entries", match={"scenario": "bench"})
    rows = rows.drop(columns=[c for c in UNSTORED if c in rows.columns]).sort_values("entry_id", ignore_index=True)
    with open(out, "wb") as handle:
        pickle.dump({"rows": rows, "city_delta_t": summary["city_delta_t"]}, handle)
    print(f"applyscenario {len(edits)} edits: {wall:.2f} s wall, {used:.2f} CPU s, peak {own_peak_mb():.0f} MB; "
          f"{len(rows)} entries written, city delta {summary['city_delta_t']:.6f} t CO2e/yr")


def _numbers(value, prefix=""):
    """{path: number} of the numbers in a nested result (dicts, lists), for the comparison."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _numbers(item, f"{prefix}.{key}").items()}
    if isinstance(value, (list, tuple)):
        return {k: v for i, item in enumerate(value) for k, v in _numbers(item, f"{prefix}[{i}]").items()}
    return {prefix: value}


def compare(first, second):
    with open(first, "rb") as a, open(second, "rb") as b:
        mine, theirs = pickle.load(a), pickle.load(b)
    if "rows" in mine:
        equal = mine["rows"].equals(theirs["rows"])
        print(f"written entries: {len(mine['rows'])} and {len(theirs['rows'])}, identical: {equal}")
        if not equal:
            pd.testing.assert_frame_equal(mine["rows"], theirs["rows"])
        return
    left, right = _numbers(mine), _numbers(theirs)
    assert left.keys() == right.keys()
    differ = [key for key in left if left[key] != right[key] and not (left[key] != left[key] and right[key] !=
                                                                      right[key])]
    numeric = [abs(left[k] - right[k]) for k in differ if isinstance(left[k], float)]
    print(f"{len(left)} figures, {len(differ)} differ; largest difference {max(numeric, default=0.0):.3g}")
    for key in differ[:10]:
        print(f"  {key}: {left[key]!r} vs {right[key]!r}")


if __name__ == "__main__":
    {"pick": pick, "session": session, "apply": apply, "compare": compare}[sys.argv[1]](*sys.argv[2:])
