"""Command line: account a ledger's sources on a Dask cluster (``algorithms/scale_out.py``).

    python -m urban_carbon_ledger.scale LEDGER --activity ACTIVITY.csv --year 2024 \
        [--scheduler tcp://HOST:8786 | --workers 2 [--threads 1] [--no-processes]] \
        [--facilities FILE] [--grid-region central] [--scenario baseline] [--max-rows 200000] \
        [--montecarlo 1000 --seed 42]

Without ``--scheduler`` a LocalCluster of ``--workers`` processes is started and closed. Workers
need the same Python packages (numpy, pandas, distributed) and this package on their path; they
receive data, never the ledger path, so they need no access to the file. Prints one line of
figures; writes nothing when any input is bad.
"""
import argparse
import sys
import time

import pandas as pd

from .algorithms.errors import LedgerInputError
from .algorithms.progress import Progress
from .algorithms.provenance import file_sha256
from .algorithms.scale_out import MAX_ROWS, account_sources_distributed
from .algorithms.uncertainty import run_uncertainty


def _facilities(path):
    if path is None:
        return None
    if path.lower().endswith(".csv"):
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    import geopandas as gpd

    name, _, layer = path.partition("|layername=")
    return gpd.read_file(name, layer=layer or None)


def _printer(started):
    """Progress that prints elapsed seconds, fraction and message when the message changes."""
    last = [None]

    def report(fraction, message):
        if message and message != last[0]:
            last[0] = message
            print(f"{time.perf_counter() - started:8.1f} s {fraction:4.0%}  {message}", flush=True)

    return Progress(report=report, log=print)


def _client(arguments):
    from distributed import Client, LocalCluster

    if arguments.scheduler:
        return Client(arguments.scheduler), None
    cluster = LocalCluster(n_workers=arguments.workers, threads_per_worker=arguments.threads,
                           processes=arguments.processes, dashboard_address=None)
    return Client(cluster), cluster


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m urban_carbon_ledger.scale", description=__doc__.splitlines()[0])
    parser.add_argument("ledger", help="ledger GeoPackage with units (and links)")
    parser.add_argument("--activity", required=True, help="ACTIVITY table, CSV")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers (without --scheduler)")
    parser.add_argument("--threads", type=int, default=1, help="threads per LocalCluster worker")
    parser.add_argument("--no-processes", dest="processes", action="store_false",
                        help="LocalCluster workers as threads of this process")
    parser.add_argument("--facilities", help="FACILITIES: CSV, or vector file[|layername=NAME]")
    parser.add_argument("--grid-region", default="central")
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--max-rows", type=int, default=MAX_ROWS, help="accounting rows per task")
    parser.add_argument("--montecarlo", type=int, default=0, metavar="ITERATIONS",
                        help="then Monte Carlo intervals with this many iterations (0: none)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    arguments = parser.parse_args(argv)

    activity = pd.read_csv(arguments.activity, dtype=str, keep_default_na=False)
    client, cluster = _client(arguments)
    try:
        started = time.perf_counter()
        written, total = account_sources_distributed(
            client, arguments.ledger, activity, arguments.year, facilities=_facilities(arguments.facilities),
            grid_region=arguments.grid_region, scenario=arguments.scenario, max_rows=arguments.max_rows,
            parameters={"YEAR": arguments.year, "GRID_REGION": arguments.grid_region, "SCENARIO": arguments.scenario,
                        "SCHEDULER": arguments.scheduler or f"LocalCluster({arguments.workers})"},
            inputs={"ACTIVITY": file_sha256(arguments.activity)},
            progress=Progress() if arguments.quiet else _printer(started),
        )
        print(f"sources: {written:,} entries, {total:,.1f} t CO2e/yr in {time.perf_counter() - started:.1f} s "
              f"on {len(client.scheduler_info()['workers'])} workers")
        if arguments.montecarlo:
            summary = run_uncertainty(arguments.ledger, "montecarlo", arguments.montecarlo, arguments.seed,
                                      arguments.scenario)
            print(f"Monte Carlo ({arguments.montecarlo} iterations, seed {arguments.seed}): net {summary['net_t']:,.1f} "
                  f"[{summary['net_low_t']:,.1f}, {summary['net_high_t']:,.1f}] t CO2e/yr")
    except LedgerInputError as error:
        sys.exit(f"error: {error}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
