r"""Command line: a ledger's sources, sinks, service flows and indirect benefits on a Dask cluster, then its Monte Carlo (``algorithms/scale_out.py``).

    python -m urban_carbon_ledger.scale LEDGER --year 2024 \
        [--activity ACTIVITY.csv [--facilities FILE] [--grid-region central] [--max-rows 200000]] \
        [--landcover LC.tif [--canopy CANOPY.tif] [--ndvi NDVI.tif] [--landcover-alt LC_2015.tif --alt-year 2015]
         [--method rates|lue] [--levels parcel,segment] [--classes CLASSES.csv] [--lue-parameters LUE.csv]
         [--max-units 50000]] \
        [--service-flows area|sink|cooling [--kernel exponential] [--max-lines 50]] \
        [--indirect-benefits [--grid-factor china_grid_central_2023] [--soil-group B] [--reference-cover paved]] \
        [--green-parameters PARAMETERS.csv] [--green-units GREEN_UNITS.csv] [--max-green-units 20000] \
        [--scheduler tcp://HOST:8786 | --workers 2 [--threads 1] [--no-processes]] \
        [--scenario baseline] [--montecarlo 1000 --seed 42]

What runs where (this process is the driver; it alone reads and writes the ledger):

1. sources (with --activity): targets and top-down shares over the whole city on the driver;
   entries (factors, intervals, fingerprints) finalised on the workers, partitioned by district;
   written by the driver in one transaction.
2. sinks (with --landcover): the accounted units, partitioned by district (a unit and the
   accounted units nested in it together), each partition's zonal statistics, nesting, rows,
   stocks, unit statistics and entries on a worker; written by the driver in one transaction,
   partition by partition. Workers open the rasters by path: every worker must read them at
   the same path (a shared file system).
3. service flows (with --service-flows SUPPLY, after sinks: they read the land-cover areas and,
   for SUPPLY sink, the uptake): residents and green units partitioned by district, at most
   --max-green-units together; each partition's two-step catchment on a worker over its own
   units plus a halo of 2 x the largest search radius (the green units within r_max of them and
   the residents within r_max of those); district tables, flow matrix and flow lines summed on
   the driver, in the order of the single-machine run; written by the driver.
4. indirect benefits (with --indirect-benefits, after sinks): park cooling of the buildings
   partitioned by district (at most --max-green-units), each partition on a worker with the
   green units within the kernel's cut-off c x d_cool (2,250 m with the shipped parameters);
   stormwater and pollutant removal (per green unit, no kernel) on the driver; written by the
   driver in one transaction.
5. Monte Carlo (with --montecarlo N): on the driver, streaming in chunks of bounded memory.

The entries, stocks, unit statistics and service tables equal those of the single-machine run
(carbonledger:accountsources, accountsinks with the same --max-units, serviceflows,
indirectbenefits), to the bit. Without --scheduler a LocalCluster of
--workers processes is started and closed. Workers need the same Python packages (numpy,
pandas, shapely, GDAL, distributed) and this package on their path. Each step writes nothing
when its input is bad; the steps before it stay written. Prints one line of figures per step.
"""
import argparse
import os
import sys
import time

import pandas as pd

from .algorithms.sinks import accounting as sinks
from .algorithms.core.errors import LedgerInputError
from .algorithms.greenspace.budget import DEFAULT_GRID_FACTOR
from .algorithms.sinks.light_use import read_parameters as read_lue_parameters
from .algorithms.core.progress import Progress
from .algorithms.ledger.migrations import migrate
from .algorithms.ledger.provenance import file_sha256
from .algorithms.scale_out.dask_pipeline import (
    MAX_GREEN_UNITS,
    MAX_ROWS,
    account_indirect_benefits_distributed,
    account_service_flows_distributed,
    account_sinks_distributed,
    account_sources_distributed,
)
from .algorithms.greenspace.service_flows import KERNELS, SUPPLY_KINDS
from .algorithms.greenspace.stormwater import SOIL_GROUPS
from .algorithms.mrv.uncertainty import run_uncertainty


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


def _parser():
    parser = argparse.ArgumentParser(prog="python -m urban_carbon_ledger.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ledger", help="ledger GeoPackage with units (and links)")
    parser.add_argument("--year", type=int, required=True, help="year of the activity data and of the land cover")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers (without --scheduler)")
    parser.add_argument("--threads", type=int, default=1, help="threads per LocalCluster worker")
    parser.add_argument("--no-processes", dest="processes", action="store_false",
                        help="LocalCluster workers as threads of this process")
    parser.add_argument("--scenario", default="baseline")
    sources = parser.add_argument_group("sources (step 1, with --activity)")
    sources.add_argument("--activity", help="ACTIVITY table, CSV")
    sources.add_argument("--facilities", help="FACILITIES: CSV, or vector file[|layername=NAME]")
    sources.add_argument("--grid-region", default="central")
    sources.add_argument("--max-rows", type=int, default=MAX_ROWS, help="accounting rows per task")
    sinks_group = parser.add_argument_group("sinks (step 2, with --landcover; rasters readable by every worker)")
    sinks_group.add_argument("--landcover", help="LANDCOVER: classified land-cover raster")
    sinks_group.add_argument("--canopy", help="CANOPY: tree-crown fraction raster (0..1)")
    sinks_group.add_argument("--ndvi", help="NDVI raster (needed by --method lue)")
    sinks_group.add_argument("--landcover-alt", help="LANDCOVER_ALT: land cover of --alt-year, for the stock change")
    sinks_group.add_argument("--alt-year", type=int)
    sinks_group.add_argument("--method", choices=sinks.METHODS, default="rates")
    sinks_group.add_argument("--levels", default=",".join(sinks.DEFAULT_LEVELS),
                             help=f"comma-separated unit levels that get entries, of {', '.join(sinks.ZONAL_LEVELS)}")
    sinks_group.add_argument("--classes", help="CLASSES: land-cover class table, CSV (default: the shipped one)")
    sinks_group.add_argument("--lue-parameters", help="LUE_PARAMETERS table, CSV (default: the shipped one)")
    sinks_group.add_argument("--max-units", type=int, default=sinks.MAX_UNITS, help="units per sink partition")
    green = parser.add_argument_group("green space (steps 3 and 4, after sinks; partitions with a halo)")
    green.add_argument("--service-flows", choices=SUPPLY_KINDS, metavar="SUPPLY",
                       help=f"step 3: service flows of this supply ({', '.join(SUPPLY_KINDS)})")
    green.add_argument("--kernel", choices=KERNELS, default="exponential", help="distance-decay kernel of the catchment")
    green.add_argument("--max-lines", type=int, default=50, help="flow lines to draw")
    green.add_argument("--indirect-benefits", action="store_true",
                       help="step 4: park cooling (partitioned), stormwater and pollutant removal")
    green.add_argument("--grid-factor", default=DEFAULT_GRID_FACTOR, help="factor id of the grid electricity")
    green.add_argument("--soil-group", choices=SOIL_GROUPS, default="B")
    green.add_argument("--reference-cover", default="paved", help="land-cover class green ground is credited against")
    green.add_argument("--green-parameters", help="PARAMETERS: green-space parameter override, CSV (factor format)")
    green.add_argument("--green-units", help="GREEN_UNITS: unit_id, design_type[, regime], CSV")
    green.add_argument("--max-green-units", type=int, default=MAX_GREEN_UNITS,
                       help="residents and green units (service flows) or buildings (cooling) per partition")
    parser.add_argument("--montecarlo", type=int, default=0, metavar="ITERATIONS",
                        help="step 5: Monte Carlo intervals with this many iterations (0: none)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def _sink_inputs(arguments):
    """{name: SHA-256} of the sink input files, as the Processing algorithm records them."""
    files = {"LANDCOVER": arguments.landcover, "CANOPY": arguments.canopy, "NDVI": arguments.ndvi,
             "LANDCOVER_ALT": arguments.landcover_alt, "CLASSES": arguments.classes,
             "LUE_PARAMETERS": arguments.lue_parameters}
    return {name: file_sha256(path) for name, path in files.items() if path and os.path.isfile(path)}


def _green_inputs(arguments):
    """(PARAMETERS override or None, GREEN_UNITS or None) of the green-space steps, read from CSV."""
    override = pd.read_csv(arguments.green_parameters, dtype={"factor_id": str}) if arguments.green_parameters else None
    assignments = pd.read_csv(arguments.green_units, dtype=str, keep_default_na=False) if arguments.green_units else None
    return override, assignments


def _green_steps(client, arguments, scheduler, progress, workers):
    """Steps 3 (service flows) and 4 (indirect benefits), each printing one line of figures."""
    override, assignments = _green_inputs(arguments)
    common = {"SCENARIO": arguments.scenario, "MAX_GREEN_UNITS": arguments.max_green_units, "SCHEDULER": scheduler}
    if arguments.service_flows:
        step = time.perf_counter()
        summary = account_service_flows_distributed(
            client, arguments.ledger, arguments.max_green_units, supply_kind=arguments.service_flows,
            kernel_kind=arguments.kernel, parameters=override, assignments=assignments, max_lines=arguments.max_lines,
            scenario=arguments.scenario, progress=progress,
            run_parameters={"SUPPLY": arguments.service_flows, "KERNEL": arguments.kernel,
                            "MAX_LINES": arguments.max_lines, **common})
        print(f"service flows: {summary['green_units']:,} green units, {summary['population']:,.0f} residents, "
              f"{summary['under_served_population']:,.0f} under-served, Gini {summary['gini']:.3f}, "
              f"{summary['cross_district_share']:.1%} across districts in {time.perf_counter() - step:.1f} s "
              f"on {workers} workers")
    if arguments.indirect_benefits:
        step = time.perf_counter()
        summary = account_indirect_benefits_distributed(
            client, arguments.ledger, arguments.max_green_units, parameters=override, assignments=assignments,
            grid_factor_id=arguments.grid_factor, soil_group=arguments.soil_group,
            reference_cover=arguments.reference_cover, scenario=arguments.scenario, progress=progress,
            run_parameters={"GRID_FACTOR": arguments.grid_factor, "SOIL_GROUP": arguments.soil_group,
                            "REFERENCE_COVER": arguments.reference_cover, **common})
        print(f"indirect benefits: {summary['entries']:,} entries, cooling {summary['cooling_t']:,.2f}, "
              f"stormwater {summary['stormwater_t']:,.2f} t CO2e/yr in {time.perf_counter() - step:.1f} s "
              f"(cooling on {workers} workers)")


def main(argv=None):
    arguments = _parser().parse_args(argv)
    if not (arguments.activity or arguments.landcover or arguments.service_flows or arguments.indirect_benefits
            or arguments.montecarlo):
        sys.exit("error: nothing to do: give --activity, --landcover, --service-flows, --indirect-benefits "
                 "and/or --montecarlo")
    scheduler = arguments.scheduler or f"LocalCluster({arguments.workers})"
    client, cluster = _client(arguments)
    try:
        started = time.perf_counter()
        progress = Progress() if arguments.quiet else _printer(started)
        workers = len(client.scheduler_info()["workers"])
        for version in migrate(arguments.ledger):
            print(f"ledger migrated to schema {version}")
        if arguments.activity:
            activity = pd.read_csv(arguments.activity, dtype=str, keep_default_na=False)
            written, total = account_sources_distributed(
                client, arguments.ledger, activity, arguments.year, facilities=_facilities(arguments.facilities),
                grid_region=arguments.grid_region, scenario=arguments.scenario, max_rows=arguments.max_rows,
                parameters={"YEAR": arguments.year, "GRID_REGION": arguments.grid_region,
                            "SCENARIO": arguments.scenario, "SCHEDULER": scheduler},
                inputs={"ACTIVITY": file_sha256(arguments.activity)}, progress=progress)
            print(f"sources: {written:,} entries, {total:,.1f} t CO2e/yr in {time.perf_counter() - started:.1f} s "
                  f"on {workers} workers")
        if arguments.landcover:
            step = time.perf_counter()
            levels = [level.strip() for level in arguments.levels.split(",") if level.strip()]
            summary = account_sinks_distributed(
                client, arguments.ledger, arguments.landcover, max_units=arguments.max_units,
                classes=sinks.read_class_table(arguments.classes) if arguments.classes else None,
                canopy=arguments.canopy, ndvi=arguments.ndvi, landcover_alt=arguments.landcover_alt,
                alt_year=arguments.alt_year, year=arguments.year, method=arguments.method,
                lue_parameters=read_lue_parameters(arguments.lue_parameters) if arguments.lue_parameters else None,
                levels=levels, scenario=arguments.scenario,
                parameters={"YEAR": arguments.year, "ALT_YEAR": arguments.alt_year, "METHOD": arguments.method,
                            "LEVELS": levels, "SCENARIO": arguments.scenario, "MAX_UNITS": arguments.max_units,
                            "SCHEDULER": scheduler},
                inputs=_sink_inputs(arguments), progress=progress)
            print(f"sinks: {summary['entries']:,} entries for {summary['units']:,} units, "
                  f"{summary['sink_t_co2e']:,.1f} t CO2e/yr, stock {summary['stock_t_c']:,.0f} t C "
                  f"in {time.perf_counter() - step:.1f} s on {workers} workers")
        if arguments.service_flows or arguments.indirect_benefits:
            _green_steps(client, arguments, scheduler, progress, workers)
        if arguments.montecarlo:
            summary = run_uncertainty(arguments.ledger, "montecarlo", arguments.montecarlo, arguments.seed,
                                      arguments.scenario)
            print(f"Monte Carlo ({arguments.montecarlo} iterations, seed {arguments.seed}, on the driver): "
                  f"net {summary['net_t']:,.1f} [{summary['net_low_t']:,.1f}, {summary['net_high_t']:,.1f}] t CO2e/yr")
    except LedgerInputError as error:
        sys.exit(f"error: {error}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
