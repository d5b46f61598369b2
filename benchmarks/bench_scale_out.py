"""Benchmark: source accounting on one process against a 2-worker Dask LocalCluster, 10,000 to 1,000,000 units.

The ledger and activity table are those of ``bench_sources`` (tabular synthetic city: 20
districts, 2,000 blocks, N buildings, 0.3 N road links; district and city totals in both forms,
metered buildings and traffic counts subtracted; made up), built once per size and copied. Each
measurement runs in a fresh process:

- ``single``: ``sources.account_sources`` (read, downscale, finalise, write, roll up);
- ``cluster``: ``scale_out.account_sources_distributed`` on a LocalCluster of 2 worker processes
  with 1 thread each, started before the clock; the figure of the driver and the largest peak
  resident memory of any worker (asked of the workers before they close).

Both ledgers must then hold the same entries (count, fingerprints, t CO2e); the growth exponent
is the least-squares slope of log(seconds) against log(units) over the sizes run.

Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_scale_out --sizes 10000,100000``.
Prints ``RESULT`` lines (see ``run_all.py``).
"""
import argparse
import json
import math
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

from benchmarks import bench_sources

LINKS_PER_UNIT = 0.3
WORKERS = 2
METERED_SHARE = 0.1
"""Metered buildings per building (bench_sources meters 10,000 of the commercial ones; fewer on small cities)."""


def peak_mb():
    """Peak resident memory of this process, MB (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(kind, ledger_path, activity_path):
    """Run one accounting in this (fresh) process; returns the figures as a dict."""
    from urban_carbon_ledger.algorithms.scale_out import account_sources_distributed
    from urban_carbon_ledger.algorithms.sources import account_sources

    activity = pd.read_csv(activity_path, dtype=str, keep_default_na=False)
    if kind == "single":
        started = time.perf_counter()
        written, total = account_sources(ledger_path, activity, 2024)
        return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "entries": written, "total_t": total}
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        started = time.perf_counter()
        written, total = account_sources_distributed(client, ledger_path, activity, 2024)
        seconds = time.perf_counter() - started
        workers = client.run(peak_mb)
    return {"seconds": seconds, "peak_mb": peak_mb(), "worker_peak_mb": max(workers.values()), "entries": written,
            "total_t": total}


def fresh(kind, ledger_path, activity_path):
    """``measure`` in a child process (its own peak memory)."""
    completed = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale_out", "--child", kind, ledger_path,
                                activity_path], capture_output=True, text=True, env=os.environ)
    if completed.returncode != 0:
        sys.exit(f"{kind} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def same_entries(path_a, path_b):
    """True when both ledgers hold the same (entry_id, fingerprint, co2e_t, low_t, high_t) rows."""
    query = "SELECT entry_id, fingerprint, co2e_t, low_t, high_t FROM entries ORDER BY entry_id"
    frames = []
    for path in (path_a, path_b):
        with sqlite3.connect(path) as connection:
            frames.append(pd.read_sql_query(query, connection))
    return frames[0].equals(frames[1])


def run_size(units, folder):
    """Build one city of ``units`` buildings and time both paths on it; returns (single, cluster)."""
    bench_sources.N_METERED = min(bench_sources.N_METERED, int(units * METERED_SHARE))
    bench_sources.N_COUNTS = min(bench_sources.N_COUNTS, int(units * LINKS_PER_UNIT * METERED_SHARE))
    started = time.perf_counter()
    single_path, activity_path = bench_sources.build(folder, units, int(units * LINKS_PER_UNIT))
    cluster_path = os.path.join(folder, "cluster.gpkg")
    shutil.copy(single_path, cluster_path)
    print(f"{units:,} buildings, {int(units * LINKS_PER_UNIT):,} links: built in {time.perf_counter() - started:.0f} s",
          flush=True)
    single = fresh("single", single_path, activity_path)
    cluster = fresh("cluster", cluster_path, activity_path)
    if not same_entries(single_path, cluster_path):
        sys.exit(f"at {units:,} units the cluster run wrote different entries than the single-machine run")
    return single, cluster


def slope(sizes, seconds):
    """Least-squares slope of log(seconds) against log(size)."""
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated numbers of buildings")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "LEDGER", "ACTIVITY"))
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(*arguments.child)))
        return
    sizes = [int(s) for s in arguments.sizes.split(",")]
    rows = []
    print(f"{'units':>10s} {'entries':>10s} {'single s':>9s} {'MB':>7s} {'2 workers s':>12s} {'driver MB':>10s} "
          f"{'worker MB':>10s}  same entries")
    for units in sizes:
        folder = tempfile.mkdtemp(prefix="bench_scale_out_")
        single, cluster = run_size(units, folder)
        shutil.rmtree(folder, ignore_errors=True)
        rows.append((units, single, cluster))
        print(f"{units:10,d} {single['entries']:10,d} {single['seconds']:9.1f} {single['peak_mb']:7.0f} "
              f"{cluster['seconds']:12.1f} {cluster['peak_mb']:10.0f} {cluster['worker_peak_mb']:10.0f}  yes", flush=True)
        print(f"RESULT name=scale_out_single units={units} entries={single['entries']} seconds={single['seconds']:.2f} "
              f"peak_mb={single['peak_mb']:.0f}")
        print(f"RESULT name=scale_out_2workers units={units} entries={cluster['entries']} seconds={cluster['seconds']:.2f} "
              f"peak_mb={cluster['peak_mb']:.0f} worker_peak_mb={cluster['worker_peak_mb']:.0f} "
              f"peer=account_sources_single peer_seconds={single['seconds']:.2f} peer_peak_mb={single['peak_mb']:.0f}",
              flush=True)
    if len(rows) > 1:
        sizes = [r[0] for r in rows]
        for label, key in (("single", 1), ("2workers", 2)):
            exponent = slope(sizes, [r[key]["seconds"] for r in rows])
            print(f"RESULT name=scale_out_{label}_growth units={sizes[0]}-{sizes[-1]} exponent={exponent:.2f}")
        growth = [r[2]["worker_peak_mb"] for r in rows]
        print(f"worker peak memory from {sizes[0]:,} to {sizes[-1]:,} units: {growth[0]:.0f} -> {growth[-1]:.0f} MB "
              f"(x{growth[-1] / growth[0]:.2f} for x{sizes[-1] / sizes[0]:,.0f} units; "
              f"{'bounded' if growth[-1] / growth[0] < math.sqrt(sizes[-1] / sizes[0]) else 'growing'})")


if __name__ == "__main__":
    main()
