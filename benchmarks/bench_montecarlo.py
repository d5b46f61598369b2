"""Benchmark: Monte Carlo uncertainty of a 1,000,000-unit city, 1,000 iterations, against a naive reference.

The ledger is tabular (no geometry plays a part): a city, 10 districts, 1,000 blocks and the
rest buildings (N units in all); every building has a grid-electricity entry (one grid factor
for the whole city, normal +-10%: fully correlated), one in five also a natural-gas entry
(lognormal factor); 30% of activities are metered (+-2%, each its own input row), the rest are
shares of the 20 district totals (electricity, gas) downscaled as carbonledger:accountsources does
(-15% / +25%, asymmetric; the shares of one total share its ``inputs_hash`` and so one draw).
``uncertainty.monte_carlo`` streams the entries in chunks and gives every entry,
unit, district and the city its 2.5/97.5 percentiles.

The naive reference holds all draws (entries x iterations) at once and sums every unit with
``np.add.at`` over its ancestors, as a first implementation would; it runs on a smaller size
in the same invocation, and its memory is extrapolated to N. Each measurement runs in its own
process, so the peak resident memory (VmHWM, benchmarks/memory.py) is that measurement's own.

Targets (issue 6): 1,000,000 units x 1,000 iterations in under 120 s and under 4 GB.
Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_montecarlo [N] [ITERATIONS]``.
"""
import json
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.mrv import uncertainty
from urban_carbon_ledger.benchmarks.memory import own_peak_mb

TARGET_S = 120.0
TARGET_GB = 4.0
REFERENCE_UNITS = 20_000
SEED = 2026


def synthetic(n_units, seed=0):
    """(entries, factors, hierarchy) of a city with ``n_units`` units (see the module docstring)."""
    rng = np.random.default_rng(seed)
    districts = [f"D{i:02d}" for i in range(10)]
    blocks = [f"{districts[i % 10]}-B{i:04d}" for i in range(1000)]
    n_buildings = n_units - 1 - len(districts) - len(blocks)
    buildings = np.char.add(np.repeat(np.array(blocks), -(-n_buildings // 1000))[:n_buildings].astype(str),
                            np.char.add("-G", np.arange(n_buildings).astype(str)))
    hierarchy = pd.DataFrame({
        "unit_id": ["C"] + districts + blocks + buildings.tolist(),
        "parent_id": [None] + ["C"] * 10 + [b[:3] for b in blocks]
        + np.repeat(np.array(blocks), -(-n_buildings // 1000))[:n_buildings].tolist(),
    })
    gas = rng.random(n_buildings) < 0.2
    unit_ids = np.concatenate([buildings, buildings[gas]])
    activity = np.concatenate([rng.lognormal(np.log(200.0), 0.8, n_buildings),
                               rng.lognormal(np.log(0.5), 0.8, gas.sum())])
    metered = rng.random(len(unit_ids)) < 0.3
    district = pd.Series(unit_ids).str.slice(0, 3).to_numpy()
    carrier = np.where(np.arange(len(unit_ids)) < n_buildings, "electricity", "gas")
    inputs_hash = np.where(metered, np.char.add("meter-", np.arange(len(unit_ids)).astype(str)),
                           np.char.add(np.char.add(district.astype(str), "-total-"), carrier))
    entries = pd.DataFrame({
        "unit_id": unit_ids,
        "flow": "source",
        "activity": activity,
        "activity_low": activity * np.where(metered, 0.98, 0.85),
        "activity_high": activity * np.where(metered, 1.02, 1.25),
        "factor_id": np.where(np.arange(len(unit_ids)) < n_buildings, "grid", "gas"),
        "conversion": np.where(np.arange(len(unit_ids)) < n_buildings, 1.0, 1e-3),
        "inputs_hash": inputs_hash,
    })
    factors = pd.DataFrame({
        "factor_id": ["grid", "gas"], "value": [0.5271, 56.1], "low": [0.4744, 54.3], "high": [0.5798, 58.3],
        "distribution": ["normal", "lognormal"],
    })
    value = entries["factor_id"].map(factors.set_index("factor_id")["value"])
    entries["co2e_t"] = entries["activity"] * value * entries["conversion"]
    return entries, factors, hierarchy


def naive(entries, factors, hierarchy, iterations, seed):
    """All draws in memory; unit sums by np.add.at over every ancestor; np.percentile per unit."""
    rng = np.random.default_rng(seed)
    codes = pd.Series(np.arange(len(hierarchy)), index=hierarchy["unit_id"].to_numpy())
    parent = hierarchy["parent_id"].map(codes).fillna(-1).to_numpy(dtype=np.int64)
    table = factors.set_index("factor_id")
    z = rng.standard_normal((len(factors), iterations))
    draws = {}
    for row, factor_id in enumerate(table.index):
        v, lo, hi, kind = table.loc[factor_id, ["value", "low", "high", "distribution"]]
        if kind == "lognormal":
            draws[factor_id] = np.exp((np.log(lo) + np.log(hi)) / 2 + (np.log(hi) - np.log(lo)) / 3.919928 * z[row])
        else:
            draws[factor_id] = v + z[row] * np.where(z[row] < 0, v - lo, hi - v) / 1.959964
    a = entries["activity"].to_numpy()[:, None]
    below = (a - entries["activity_low"].to_numpy()[:, None]) / 1.959964
    above = (entries["activity_high"].to_numpy()[:, None] - a) / 1.959964
    e = rng.standard_normal((len(entries), iterations))
    samples = np.maximum(a + e * np.where(e < 0, below, above), 0.0)
    samples *= np.stack([draws[f] for f in entries["factor_id"]]) * entries["conversion"].to_numpy()[:, None]
    entry_bounds = np.percentile(samples, [2.5, 97.5], axis=1)
    sums = np.zeros((len(hierarchy), iterations))
    node = entries["unit_id"].map(codes).to_numpy()
    while (node >= 0).any():
        keep = node >= 0
        np.add.at(sums, node[keep], samples[keep])
        node = np.where(keep, parent[np.maximum(node, 0)], -1)
    unit_bounds = np.percentile(sums, [2.5, 97.5], axis=1)
    return entry_bounds, unit_bounds, unit_bounds[:, 0]


def measure(kind, n_units, iterations):
    """Run one measurement in this process; return seconds, peak MB and the city interval."""
    entries, factors, hierarchy = synthetic(n_units)
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "streamed":
        result = uncertainty.monte_carlo(entries, factors, hierarchy, iterations, SEED)
        city = result["units"].loc["C"]
        interval = (float(city["net_t"]), float(city["net_low_t"]), float(city["net_high_t"]))
    else:
        _, _, city = naive(entries, factors, hierarchy, iterations, SEED)
        interval = (float(entries["co2e_t"].sum()), float(city[0]), float(city[1]))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = own_peak_mb()
    return {"kind": kind, "units": n_units, "entries": len(entries), "iterations": iterations,
            "seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb, "city": interval}


def child(kind, n_units, iterations):
    """Run ``measure`` in a fresh process (its own peak memory)."""
    completed = subprocess.run([sys.executable, "-m", "benchmarks.bench_montecarlo", "--child", kind, str(n_units),
                                str(iterations)], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return
    n_units = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    reference_units = min(REFERENCE_UNITS, n_units)
    rows = [child("naive", reference_units, iterations), child("streamed", reference_units, iterations),
            child("streamed", n_units, iterations)]
    print(f"Monte Carlo uncertainty, {iterations} iterations (targets at 1,000,000 units: "
          f"< {TARGET_S:.0f} s, < {TARGET_GB:.0f} GB)")
    print(f"{'method':10s} {'units':>10s} {'entries':>10s} {'seconds':>9s} {'CPU s':>7s} {'peak MB':>9s}   "
          "city net [2.5%, 97.5%] t CO2e/yr")
    for row in rows:
        net, low, high = row["city"]
        print(f"{row['kind']:10s} {row['units']:10,d} {row['entries']:10,d} {row['seconds']:9.1f} "
              f"{row['cpu_seconds']:7.1f} {row['peak_mb']:9.0f}"
              f"   {net:,.0f} [{low:,.0f}, {high:,.0f}]")
    naive_row, small, big = rows
    per_entry_mb = naive_row["peak_mb"] / naive_row["entries"]
    print(f"naive memory extrapolated to {big['entries']:,} entries: "
          f"about {per_entry_mb * big['entries'] / 1024:,.0f} GB "
          f"(it holds entries x iterations x 8 bytes, and the unit sums again)")
    naive_half = (naive_row["city"][2] - naive_row["city"][1]) / 2
    streamed_half = (small["city"][2] - small["city"][1]) / 2
    print(f"same {reference_units:,} units: city half-width naive {naive_half:,.1f} vs streamed {streamed_half:,.1f} t "
          f"({streamed_half / naive_half - 1:+.1%}; independent random streams)")
    ok = big["seconds"] < TARGET_S and big["peak_mb"] / 1024 < TARGET_GB
    scale = "" if n_units >= 1_000_000 else f" (at {n_units:,} units; the targets are for 1,000,000)"
    print(f"streamed at {n_units:,} units: {big['seconds']:.1f} s, {big['peak_mb'] / 1024:.2f} GB -> "
          f"{'within' if ok else 'OUTSIDE'} the targets{scale}")
    print(f"RESULT name=montecarlo units={small['units']} iterations={iterations} seconds={small['seconds']:.2f} "
          f"peak_mb={small['peak_mb']:.0f} cpu_seconds={small['cpu_seconds']:.2f} peer=naive_all_draws "
          f"peer_seconds={naive_row['seconds']:.2f} "
          f"peer_peak_mb={naive_row['peak_mb']:.0f}")
    print(f"RESULT name=montecarlo units={big['units']} iterations={iterations} seconds={big['seconds']:.2f} "
          f"peak_mb={big['peak_mb']:.0f} cpu_seconds={big['cpu_seconds']:.2f}")


if __name__ == "__main__":
    main()
