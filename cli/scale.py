r"""Command line: a ledger's sources, sinks, service flows and indirect benefits on a Dask cluster,
then its Monte Carlo (``algorithms/scale_out/dask_pipeline.py``).

    python -m urban_carbon_ledger.cli.scale LEDGER --year 2024 \
        [--activity ACTIVITY.csv [--factors FACTORS.csv] [--facilities FILE] [--grid-region central] [--grid-year 2023]
         [--max-rows 200000]] \
        [--landcover LC.tif [--canopy CANOPY.tif] [--ndvi NDVI.tif] [--landcover-alt LC_2015.tif --alt-year 2015]
         [--method rates|lue] [--levels parcel,segment] [--classes CLASSES.csv] [--lue-parameters LUE.csv]
         [--max-units 50000]] \
        [--service-flows area|sink|cooling [--kernel exponential] [--max-lines 50]] \
        [--indirect-benefits [--grid-factor china_grid_central_2023] [--soil-group B] [--reference-cover paved]] \
        [--green-parameters PARAMETERS.csv] [--green-units GREEN_UNITS.csv] [--max-green-units 20000] \
        [--scheduler tcp://HOST:8786 | --workers 2 [--threads 1] [--no-processes]] \
        [--scenario baseline] [--reason TEXT] [--montecarlo 1000 --seed 42]

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
The options that are model inputs (all but the cluster's, the partition sizes, --indirect-benefits
and --quiet) are made from the models' specs, with the Processing parameters' types, defaults and
ranges (docs/parameters.md).
"""
import argparse
import sys
import time

from ..algorithms.sinks import accounting as sinks
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.sinks.light_use import read_parameters as read_lue_parameters
from ..algorithms.core.progress import Progress
from ..algorithms.core.tables import read_table
from ..algorithms.greenspace.spec import INDIRECT_BENEFITS, SERVICE_FLOWS
from ..algorithms.ledger.factors import read_factor_table
from ..algorithms.ledger.migrations import drop_original, migrate_keeping_original, restore_original
from ..algorithms.ledger.schema import SCHEMA_VERSION
from ..algorithms.mrv.spec import UNCERTAINTY
from ..algorithms.scale_out.dask_pipeline import (
    MAX_GREEN_UNITS,
    MAX_ROWS,
    account_indirect_benefits_distributed,
    account_service_flows_distributed,
    account_sinks_distributed,
    account_sources_distributed,
)
from ..algorithms.sinks.spec import ACCOUNT_SINKS
from ..algorithms.sources.spec import ACCOUNT_SOURCES
from ..algorithms.mrv.uncertainty import run_uncertainty
from .options import add_model_options, add_option, run_fingerprints, run_values


def _facilities(path):
    if path is None:
        return None
    if path.lower().endswith(".csv"):
        return read_table(path, "FACILITIES", dtype=str, keep_default_na=False)
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
    parser = argparse.ArgumentParser(prog="python -m urban_carbon_ledger.cli.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ledger", help="ledger GeoPackage with units (and links)")
    add_option(parser, ACCOUNT_SINKS.input("YEAR"), required=True, default=None,
               note="Also the accounting year of the activity data.")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers (without --scheduler)")
    parser.add_argument("--threads", type=int, default=1, help="threads per LocalCluster worker")
    parser.add_argument("--no-processes", dest="processes", action="store_false",
                        help="LocalCluster workers as threads of this process")
    add_option(parser, ACCOUNT_SOURCES.input("SCENARIO"))
    add_option(parser, ACCOUNT_SOURCES.input("REASON"), note="Shared by the sources and sinks steps.")
    sources = parser.add_argument_group("sources (step 1, with --activity)")
    add_model_options(sources, ACCOUNT_SOURCES, "ACTIVITY", "FACTORS", "FACILITIES", "GRID_REGION", "GRID_YEAR",
                      ACTIVITY={"note": "CSV."}, FACILITIES={"note": "CSV, or vector file[|layername=NAME]."})
    sources.add_argument("--max-rows", type=int, default=MAX_ROWS, help="accounting rows per task")
    sinks_group = parser.add_argument_group("sinks (step 2, with --landcover; rasters readable by every worker)")
    add_model_options(sinks_group, ACCOUNT_SINKS, "LANDCOVER", "CLASSES", "CANOPY", "NDVI", "LANDCOVER_ALT",
                      "ALT_YEAR", "METHOD", "LUE_PARAMETERS", "LEVELS", "SOIL_YEARS", "PRUNING",
                      LEVELS={"note": "Comma-separated."})
    sinks_group.add_argument("--max-units", type=int, default=sinks.MAX_UNITS, help="units per sink partition")
    green = parser.add_argument_group("green space (steps 3 and 4, after sinks; partitions with a halo)")
    add_model_options(green, SERVICE_FLOWS, "SUPPLY", "KERNEL", "MAX_LINES", SUPPLY={
        "option": "--service-flows", "default": None, "metavar": "SUPPLY",
        "note": "Step 3: service flows of this supply."})
    green.add_argument("--indirect-benefits", action="store_true",
                       help="step 4: park cooling (partitioned), stormwater and pollutant removal")
    add_model_options(green, INDIRECT_BENEFITS, "PARAMETERS", "GREEN_UNITS", "GRID_FACTOR", "SOIL_GROUP",
                      "REFERENCE_COVER", PARAMETERS={"option": "--green-parameters"},
                      GREEN_UNITS={"option": "--green-units", "note": "CSV."})
    green.add_argument("--max-green-units", type=int, default=MAX_GREEN_UNITS,
                       help="residents and green units (service flows) or buildings (cooling) per partition")
    add_option(parser, UNCERTAINTY.input("ITERATIONS"), option="--montecarlo", default=0, type=int,
               note="Step 5: Monte Carlo intervals with this many iterations (0: none).")
    add_option(parser, UNCERTAINTY.input("SEED"))
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def _green_inputs(arguments):
    """(PARAMETERS override or None, GREEN_UNITS or None) of the green-space steps, read from CSV."""
    override = (read_table(arguments.PARAMETERS, "PARAMETERS", dtype={"factor_id": str})
                if arguments.PARAMETERS else None)
    assignments = (read_table(arguments.GREEN_UNITS, "GREEN_UNITS", dtype=str, keep_default_na=False)
                   if arguments.GREEN_UNITS else None)
    return override, assignments


def _green_steps(client, arguments, scheduler, progress, workers):
    """Steps 3 (service flows) and 4 (indirect benefits), each printing one line of figures."""
    override, assignments = _green_inputs(arguments)
    common = {"MAX_GREEN_UNITS": arguments.max_green_units, "SCHEDULER": scheduler}
    if arguments.SUPPLY:
        step = time.perf_counter()
        summary = account_service_flows_distributed(
            client, arguments.ledger, arguments.max_green_units, supply_kind=arguments.SUPPLY,
            kernel_kind=arguments.KERNEL, parameters=override, assignments=assignments, max_lines=arguments.MAX_LINES,
            scenario=arguments.SCENARIO, progress=progress,
            run_parameters={**run_values(arguments, SERVICE_FLOWS), **common},
            inputs=run_fingerprints(arguments, SERVICE_FLOWS))
        print(f"service flows: {summary['green_units']:,} green units, {summary['population']:,.0f} residents, "
              f"{summary['under_served_population']:,.0f} under-served, Gini {summary['gini']:.3f}, "
              f"{summary['cross_district_share']:.1%} across districts in {time.perf_counter() - step:.1f} s "
              f"on {workers} workers")
    if arguments.indirect_benefits:
        step = time.perf_counter()
        summary = account_indirect_benefits_distributed(
            client, arguments.ledger, arguments.max_green_units, parameters=override, assignments=assignments,
            grid_factor_id=arguments.GRID_FACTOR, soil_group=arguments.SOIL_GROUP,
            reference_cover=arguments.REFERENCE_COVER, scenario=arguments.SCENARIO, progress=progress,
            run_parameters={**run_values(arguments, INDIRECT_BENEFITS), **common},
            inputs=run_fingerprints(arguments, INDIRECT_BENEFITS))
        print(f"indirect benefits: {summary['entries']:,} entries, cooling {summary['cooling_t']:,.2f}, "
              f"stormwater {summary['stormwater_t']:,.2f} t CO2e/yr in {time.perf_counter() - step:.1f} s "
              f"(cooling on {workers} workers)")


def main(argv=None):
    arguments = _parser().parse_args(argv)
    if not (arguments.ACTIVITY or arguments.LANDCOVER or arguments.SUPPLY or arguments.indirect_benefits
            or arguments.ITERATIONS):
        sys.exit("error: nothing to do: give --activity, --landcover, --service-flows, --indirect-benefits "
                 "and/or --montecarlo")
    scheduler = arguments.scheduler or f"LocalCluster({arguments.workers})"
    client, cluster = _client(arguments)
    original = None
    try:
        started = time.perf_counter()
        progress = Progress() if arguments.quiet else _printer(started)
        workers = len(client.scheduler_info()["workers"])
        original = migrate_keeping_original(arguments.ledger)
        if original:
            print(f"ledger migrated to schema {SCHEMA_VERSION}")
        if arguments.ACTIVITY:
            activity = read_table(arguments.ACTIVITY, "ACTIVITY", dtype=str, keep_default_na=False)
            written, total = account_sources_distributed(
                client, arguments.ledger, activity, arguments.YEAR,
                factors_override=read_factor_table(arguments.FACTORS, "FACTORS") if arguments.FACTORS else None,
                facilities=_facilities(arguments.FACILITIES), grid_region=arguments.GRID_REGION,
                grid_year=arguments.GRID_YEAR, reason=arguments.REASON,
                scenario=arguments.SCENARIO, max_rows=arguments.max_rows,
                parameters={**run_values(arguments, ACCOUNT_SOURCES), "SCHEDULER": scheduler},
                inputs=run_fingerprints(arguments, ACCOUNT_SOURCES), progress=progress)
            print(f"sources: {written:,} entries, {total:,.1f} t CO2e/yr in {time.perf_counter() - started:.1f} s "
                  f"on {workers} workers")
        if arguments.LANDCOVER:
            step = time.perf_counter()
            summary = account_sinks_distributed(
                client, arguments.ledger, arguments.LANDCOVER, max_units=arguments.max_units,
                classes=sinks.read_class_table(arguments.CLASSES) if arguments.CLASSES else None,
                canopy=arguments.CANOPY, ndvi=arguments.NDVI, landcover_alt=arguments.LANDCOVER_ALT,
                alt_year=arguments.ALT_YEAR, year=arguments.YEAR, method=arguments.METHOD,
                lue_parameters=read_lue_parameters(arguments.LUE_PARAMETERS) if arguments.LUE_PARAMETERS else None,
                levels=arguments.LEVELS, scenario=arguments.SCENARIO, soil_years=arguments.SOIL_YEARS,
                pruning=arguments.PRUNING, reason=arguments.REASON,
                parameters={**run_values(arguments, ACCOUNT_SINKS), "MAX_UNITS": arguments.max_units,
                            "SCHEDULER": scheduler},
                inputs=run_fingerprints(arguments, ACCOUNT_SINKS), progress=progress)
            print(f"sinks: {summary['entries']:,} entries for {summary['units']:,} units, "
                  f"{summary['sink_t_co2e']:,.1f} t CO2e/yr, stock {summary['stock_t_c']:,.0f} t C "
                  f"in {time.perf_counter() - step:.1f} s on {workers} workers")
        if arguments.SUPPLY or arguments.indirect_benefits:
            _green_steps(client, arguments, scheduler, progress, workers)
        if arguments.ITERATIONS:
            summary = run_uncertainty(arguments.ledger, "montecarlo", arguments.ITERATIONS, arguments.SEED,
                                      arguments.SCENARIO)
            print(f"Monte Carlo ({arguments.ITERATIONS} iterations, seed {arguments.SEED}, on the driver): "
                  f"net {summary['net_t']:,.1f} [{summary['net_low_t']:,.1f}, {summary['net_high_t']:,.1f}] t CO2e/yr")
    except LedgerInputError as error:
        if original:  # a refused run leaves the ledger as it was, its schema included
            restore_original(original, arguments.ledger)
            original = None
        sys.exit(f"error: {error}")
    finally:
        if original:
            drop_original(original)
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
