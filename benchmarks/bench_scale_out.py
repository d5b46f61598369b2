"""Benchmark: the pipeline (sources, then sinks) on one process against a 2-worker Dask LocalCluster,
10,000 to 1,000,000 units.

Sources: the ledger and activity table of ``bench_sources`` (tabular synthetic city: 20
districts, 2,000 blocks, N buildings, 0.3 N road links; district and city totals in both forms,
metered buildings and traffic counts subtracted; made up). Sinks: a generated city of N parcels
(``synthetic_city.make_city``: N / 5,000 Voronoi districts, land-cover raster of 1,000 px per
parcel at 10 m, made up) written as a ledger of districts and parcels (each parcel under the
district holding its centroid), accounted by rates on the default levels. Each is built once per
size and copied; each measurement runs in a fresh process:

- ``single``: ``sources.account_sources`` / ``sinks.account_sinks`` (read, compute, write, roll up);
- ``cluster``: ``scale_out.account_sources_distributed`` / ``scale_out.account_sinks_distributed`` on a
  LocalCluster of 2 worker processes with 1 thread each, started before the clock; the figure of
  the driver and the largest peak resident memory of any worker (asked of the workers before
  they close).

Both ledgers must then hold the same entries (count, fingerprints, t CO2e, intervals); the
pipeline's time is the sum of the two steps; the growth exponent is the least-squares slope of
log(seconds) against log(units) over the sizes run.

Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_scale_out --sizes 10000,100000``.
Prints ``RESULT`` lines (see ``run_all.py``).
"""
import argparse
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import geopandas as gpd
import numpy as np
import pandas as pd

from benchmarks import bench_sources
from tests.synthetic_city import make_city
from urban_carbon_ledger.benchmarks.memory import own_peak_mb

LINKS_PER_UNIT = 0.3
WORKERS = 2
STEPS = ("sources", "sinks")


def account(step, ledger_path, input_path, client=None):
    """Run one step on ``ledger_path`` (here, or on ``client``); returns the number of entries written."""
    from urban_carbon_ledger.algorithms.scale_out import dask_pipeline as scale_out
    from urban_carbon_ledger.algorithms.sinks import accounting as sinks
    from urban_carbon_ledger.algorithms.sources import accounting as sources

    if step == "sources":
        activity = pd.read_csv(input_path, dtype=str, keep_default_na=False)
        if client is None:
            return sources.account_sources(ledger_path, activity, 2024, grid_year=2023)[0]
        return scale_out.account_sources_distributed(client, ledger_path, activity, 2024, grid_year=2023)[0]
    if client is None:
        return sinks.account_sinks(ledger_path, input_path, year=2024)["entries"]
    return scale_out.account_sinks_distributed(client, ledger_path, input_path, year=2024)["entries"]


def measure(step, kind, ledger_path, input_path):
    """Run one step in this (fresh) process, single or on a LocalCluster; returns the figures as a dict."""
    if kind == "single":
        started, cpu = time.perf_counter(), time.process_time()
        written = account(step, ledger_path, input_path)
        return {"seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu, "peak_mb": own_peak_mb(),
                "entries": written}
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        worker_cpu = client.run(time.process_time)
        started, cpu = time.perf_counter(), time.process_time()
        written = account(step, ledger_path, input_path, client)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        workers = client.run(own_peak_mb)
        worker_cpu = sum(after - worker_cpu[name] for name, after in client.run(time.process_time).items())
    return {"seconds": seconds, "cpu_s": cpu + worker_cpu, "peak_mb": own_peak_mb(),
            "worker_peak_mb": max(workers.values()), "entries": written}


def fresh(step, kind, ledger_path, input_path):
    """``measure`` in a child process (its own peak memory)."""
    completed = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale_out", "--child", step, kind, ledger_path,
                                input_path], capture_output=True, text=True, env=os.environ)
    if completed.returncode != 0:
        sys.exit(f"{step} {kind} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def same_entries(path_a, path_b):
    """True when both ledgers hold the same (entry_id, fingerprint, co2e_t, low_t, high_t) rows."""
    query = "SELECT entry_id, fingerprint, co2e_t, low_t, high_t FROM entries ORDER BY entry_id"
    frames = []
    for path in (path_a, path_b):
        with sqlite3.connect(path) as connection:
            frames.append(pd.read_sql_query(query, connection))
    return frames[0].equals(frames[1])


def build_sources(folder, units):
    """The sources ledger and activity table of bench_sources for ``units`` buildings; returns their paths."""
    return bench_sources.build(folder, units, int(units * LINKS_PER_UNIT))


def build_sinks(folder, parcels):
    """A ledger of the districts and parcels of a generated city, and its land-cover raster; returns their paths."""
    from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger

    city = make_city(parcels, seed=0, raster=True, out_dir=folder)
    districts = city.districts
    centroids = gpd.GeoDataFrame(geometry=city.parcels.geometry.representative_point(), crs=city.crs)
    holder = gpd.sjoin(centroids, districts[["code", "geometry"]], predicate="within", how="left")
    holder = holder[~holder.index.duplicated()]["code"].reindex(centroids.index)
    units = gpd.GeoDataFrame({
        "unit_id": np.concatenate([districts["code"].to_numpy(dtype=object),
                                   np.char.add("P", np.arange(parcels).astype(str)).astype(object)]),
        "parent_id": np.concatenate([np.full(len(districts), None, dtype=object), holder.to_numpy(dtype=object)]),
        "level": np.repeat(["district", "parcel"], [len(districts), parcels]),
    }, geometry=np.concatenate([districts.geometry.to_numpy(), city.parcels.geometry.to_numpy()]), crs=city.crs)
    ledger_path = os.path.join(folder, "sinks.gpkg")
    create_ledger(ledger_path, city.crs)
    with Ledger(ledger_path).transaction("benchmark:setup") as writer:
        writer.append_rows("units", units)
    return ledger_path, city.landcover_path


def run_size(units, folder):
    """Build both ledgers of ``units`` units and time both paths on each; returns {step: (single, cluster)}."""
    figures = {}
    for step, build in (("sources", build_sources), ("sinks", build_sinks)):
        started = time.perf_counter()
        single_path, input_path = build(folder, units)
        cluster_path = os.path.join(folder, f"{step}_cluster.gpkg")
        shutil.copy(single_path, cluster_path)
        print(f"{units:,} units, {step}: built in {time.perf_counter() - started:.0f} s", flush=True)
        single = fresh(step, "single", single_path, input_path)
        cluster = fresh(step, "cluster", cluster_path, input_path)
        if not same_entries(single_path, cluster_path):
            sys.exit(f"at {units:,} units the cluster run of {step} wrote different entries than the "
                     "single-machine run")
        figures[step] = (single, cluster)
    return figures


def slope(sizes, seconds):
    """Least-squares slope of log(seconds) against log(size)."""
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def pipeline(figures, key):
    """Single (key 0) or cluster (key 1) figures of the whole pipeline: seconds and CPU summed, peaks the largest."""
    parts = [figures[step][key] for step in STEPS]
    total = {"seconds": sum(p["seconds"] for p in parts), "cpu_s": sum(p["cpu_s"] for p in parts),
             "peak_mb": max(p["peak_mb"] for p in parts), "entries": sum(p["entries"] for p in parts)}
    if key:
        total["worker_peak_mb"] = max(p["worker_peak_mb"] for p in parts)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated numbers of buildings / parcels")
    parser.add_argument("--child", nargs=4, metavar=("STEP", "KIND", "LEDGER", "INPUT"))
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(*arguments.child)))
        return
    sizes = [int(s) for s in arguments.sizes.split(",")]
    rows = []
    print(f"{'units':>10s} {'step':>9s} {'entries':>10s} {'single s':>9s} {'cpu s':>7s} {'MB':>7s} "
          f"{'2 workers s':>12s} {'cpu s':>7s} {'driver MB':>10s} {'worker MB':>10s}  same entries")
    for units in sizes:
        folder = tempfile.mkdtemp(prefix="bench_scale_out_")
        figures = run_size(units, folder)
        shutil.rmtree(folder, ignore_errors=True)
        figures["pipeline"] = (pipeline(figures, 0), pipeline(figures, 1))
        rows.append((units, figures))
        for step, (single, cluster) in figures.items():
            print(f"{units:10,d} {step:>9s} {single['entries']:10,d} {single['seconds']:9.1f} {single['cpu_s']:7.1f} "
                  f"{single['peak_mb']:7.0f} {cluster['seconds']:12.1f} {cluster['cpu_s']:7.1f} "
                  f"{cluster['peak_mb']:10.0f} "
                  f"{cluster['worker_peak_mb']:10.0f}  yes", flush=True)
            name = "scale_out" if step == "sources" else f"scale_out_{step}"
            print(f"RESULT name={name}_single units={units} entries={single['entries']} "
                  f"seconds={single['seconds']:.2f} "
                  f"cpu_s={single['cpu_s']:.1f} peak_mb={single['peak_mb']:.0f}")
            print(f"RESULT name={name}_2workers units={units} entries={cluster['entries']} "
                  f"seconds={cluster['seconds']:.2f} cpu_s={cluster['cpu_s']:.1f} peak_mb={cluster['peak_mb']:.0f} "
                  f"worker_peak_mb={cluster['worker_peak_mb']:.0f} peer={name}_single "
                  f"peer_seconds={single['seconds']:.2f} peer_peak_mb={single['peak_mb']:.0f}", flush=True)
    if len(rows) > 1:
        sizes = [r[0] for r in rows]
        for step in STEPS + ("pipeline",):
            name = "scale_out" if step == "sources" else f"scale_out_{step}"
            for label, key in (("single", 0), ("2workers", 1)):
                exponent = slope(sizes, [r[1][step][key]["seconds"] for r in rows])
                print(f"RESULT name={name}_{label}_growth units={sizes[0]}-{sizes[-1]} exponent={exponent:.2f}")
            growth = [r[1][step][1]["worker_peak_mb"] for r in rows]
            print(f"{step}: worker peak memory from {sizes[0]:,} to {sizes[-1]:,} units: {growth[0]:.0f} -> "
                  f"{growth[-1]:.0f} MB (x{growth[-1] / growth[0]:.2f} for x{sizes[-1] / sizes[0]:,.0f} units; "
                  f"{'bounded' if growth[-1] / growth[0] < math.sqrt(sizes[-1] / sizes[0]) else 'growing'})")


if __name__ == "__main__":
    main()
