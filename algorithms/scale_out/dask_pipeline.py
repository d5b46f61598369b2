"""Scale-out: source and sink accounting on a Dask cluster, with the same ledger as the single-machine run.

Partitions are spatial, by district (``partitions.py``), and never depend on the number of
workers. What runs where:

- Sources (``account_sources_distributed``; single machine: ``sources.account_sources``).
  Targets and shares (``sources.build_source_rows``) stay on the driver, over the whole city: a
  city-wide top-down total spreads over every unit in proportion to its proxy, divided by the
  sum over the whole target, so a district alone cannot compute its share (3 s per 100,000
  buildings). Entries (``entries.finalize_entries``: factor lookup, Approach-1 interval,
  fingerprint, entry id) are the heavy part and are local to a unit: the accounting rows are
  partitioned by the district that holds each unit (links by their district; rows above district
  level go with the city), districts larger than ``max_rows`` are split at unit boundaries, and
  every partition is finalised on a worker by the same function. An entry's fingerprint covers
  only its own fields and an entry id's repeat counter (``#n``) only rows of the same unit, so
  neither depends on the partitioning; entries are put back in the order of the accounting rows.
- Sinks (``account_sinks_distributed``, which is ``sinks.account_sinks`` with a cluster mapper).
  The accounted units are partitioned by district into parts of at most ``max_units`` units, a
  unit and the accounted units nested in it always together, so nesting is resolved inside a
  partition. Each partition (zonal statistics over the raster rows under its units, nesting,
  rate / LUE / stock-change rows, stocks, unit statistics, entries) runs on a worker through
  ``sinks.account_sink_partition``, the function the single-machine run calls partition by
  partition; workers open the rasters by path and receive the partition's geometry blobs. The
  single-machine run uses the same partitions, so the sums inside the zonal statistics run in
  the same order and the ledgers are equal to the last bit (for the same ``max_units``).
- Both write into the ledger GeoPackage in one transaction from the driver, as the single-machine
  run does (earlier entries of the algorithm and scenario replaced, factor rows, unit totals),
  under the same algorithm id, so a later run of either path replaces it. Sink partitions are
  written as they come back, in partition order.
- Monte Carlo (``uncertainty.run_uncertainty``) runs afterwards on the driver: it already streams
  in chunks of bounded memory, and its draws are tied to pre-order blocks of entries, not to
  partitions, so the intervals equal the single-machine ones for the same seed.
- Service flows (``account_service_flows_distributed``, which is
  ``service_flows.account_service_flows`` with a cluster mapper). Residents and green units are
  partitioned by district (at most ``max_units`` together). A resident's access A_i sums R_j of
  the green units within r_j of it, and each R_j divides S_j by the residents within r_j of
  unit j, so a partition holds its own residents and green units (the core), the green units
  within r_max (the largest search radius) of them and the residents within r_max of those: a
  halo of 2 r_max. ``service_flows.catchment_partition`` runs on a worker, over the geometries
  (WKB) and values of the partition only, and returns the core's A_i, P'_j, R_j and pairs
  (building, green unit, flow); pairs are summed in (building, green unit) order of the whole
  city in every partition. The driver puts them in place and sorts the pairs the same way, then
  computes the district tables, the flow matrix and the flow lines as the single-machine run
  does (which is the same code with one partition), so the tables are equal to the bit.
- Park cooling (``account_indirect_benefits_distributed``, which is
  ``indirect_benefits.account_indirect_benefits`` with a cluster mapper). Buildings are
  partitioned by district (at most ``max_units``); a building's cooling depends only on the green
  units within the kernel's cut-off c x d_cool of its centroid, so a partition holds its buildings
  and the green units whose envelope comes within c x d_cool of their centroids' envelope.
  ``indirect_benefits.cooling_partition`` (kernel, avoided-emission rows, entries) runs on a
  worker; the driver puts entries and unit statistics back in building order. Stormwater and
  pollutant removal are per green unit and stay on the driver.

Memory per worker is bounded by the task size, not by the city's size: ``max_rows`` accounting
rows for sources (about 3.5 kB a row with its entry: 0.7 GB per 200,000-row task), ``max_units``
units for sinks plus one raster strip of the zonal statistics; at most ``TASKS_PER_WORKER`` tasks
per worker are submitted ahead; ``max_units`` residents and green units (service flows) or
buildings (cooling) per core, plus its halo. The driver holds the unit table and all source
accounting rows (2.9 GB at 1,000,000 buildings), for sinks the unit hierarchy and geometry blobs,
never raster arrays, and for service flows and cooling the green context (units with their
geometry, as the single-machine run reads it), the WKB of the residents, buildings and green
units, every (resident, green unit) pair with its flow and the cooling entries: the driver
combines them in the single-machine order before writing.
"""
import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..sinks import accounting as sinks
from ..greenspace.indirect_benefits import account_indirect_benefits
from ..greenspace.service_flows import account_service_flows
from ..ledger.entries import finalize_entries
from ..ledger.store import Ledger, utc_now
from ..ledger.partitions import district_of, partition_rows
from ..ledger.queries import HIERARCHY_COLUMNS
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..sources.accounting import ALGORITHM, prepare_source_rows, sources_total, write_source_entries

MAX_GREEN_UNITS = 20_000
"""Most residents and green units (service flows) or buildings (cooling) in one partition's core."""
MAX_ROWS = 200_000
"""Largest number of accounting rows finalised by one task (about 0.9 GB on a worker)."""
TASKS_PER_WORKER = 2
"""Partitions submitted ahead per worker: results come back in order, and at most this many
partitions per worker are queued, running or waiting to be written, so memory stays bounded."""


def on_cluster(client, window=None):
    """A partition mapper (see ``partitions.map_here``) that runs each task on ``client``'s workers.

    Returns map_partitions(function, tasks, shared): function(*task, **shared) for every task
    (an iterable of argument tuples, consumed lazily) on the cluster, results yielded in task
    order. Shared keyword arguments are sent to every worker once. At most ``window`` tasks
    (default TASKS_PER_WORKER per worker) are submitted and not yet yielded at any time.
    """
    from distributed import as_completed

    def map_partitions(function, tasks, shared):
        limit = window or TASKS_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        # one-item lists: scatter would split a tuple (SinkOptions) into its fields
        scattered = {name: client.scatter([value], broadcast=True)[0] for name, value in shared.items()}
        pending, waiting, numbers = as_completed(), {}, {}
        tasks, submitted, yielded = iter(tasks), 0, 0
        while True:
            while submitted - yielded < limit:
                task = next(tasks, None)
                if task is None:
                    break
                future = client.submit(function, *client.scatter(list(task), hash=False), **scattered, pure=False)
                numbers[future.key] = submitted
                pending.add(future)
                submitted += 1
            if yielded == submitted:
                return
            while yielded not in waiting:
                future = next(pending)
                waiting[numbers.pop(future.key)] = future.result()
                future.release()
            yield waiting.pop(yielded)
            yielded += 1

    return map_partitions


def account_sources_distributed(client, ledger_path, activity, year, factors_override=None, facilities=None,
                                grid_region="central", scenario=BASELINE, max_rows=MAX_ROWS, parameters=None,
                                inputs=None, progress=NO_PROGRESS, grid_year=None, reason=None):
    """``sources.account_sources`` with entries finalised on the workers of a Dask ``client``.

    Same arguments and result as ``account_sources`` (entries written, total t CO2e/yr) plus
    client (``distributed.Client``) and max_rows (accounting rows per task). The ledger file is
    read and written by this process only; workers receive data, not paths.
    """
    ledger = Ledger(ledger_path)
    prepared = prepare_source_rows(ledger, activity, year, factors_override, facilities, grid_region,
                                   progress.span(0.0, 0.3), grid_year)
    accounting = pd.concat(prepared.accounting, ignore_index=True)
    rows, used, factors = prepared.rows, prepared.used, prepared.factors
    district = district_of(*(ledger.read_columns(layer, HIERARCHY_COLUMNS) for layer in ("units", "links")))
    parts = partition_rows(accounting["unit_id"].to_numpy(), district, max_rows)
    progress(0.3, tr("Finalising {entries:,} entries in {partitions} partitions").format(
        entries=len(accounting), partitions=len(parts)))
    with ledger.transaction(ALGORITHM, parameters, inputs) as writer:
        writer.open_year(year, reason)
        entries = _finalize_on_cluster(client, accounting, parts, factors, scenario, writer.run_id, utc_now(),
                                       progress.span(0.3, 0.7))
        progress(0.7, tr("Writing entries and rolling up unit totals"))
        write_source_entries(writer, entries, rows, factors, used, scenario, year)
    progress(1.0, tr("Done"))
    return len(entries), sources_total(entries)


def _finalize_on_cluster(client, accounting, parts, factors, scenario, run_id, computed_at, progress):
    """finalize_entries of every partition on the cluster, concatenated in accounting-row order."""
    if not parts:
        return finalize_entries(accounting, factors, scenario, run_id, computed_at)
    shared = {"factors": factors, "scenario": scenario, "run_id": run_id, "computed_at": computed_at}
    done = []
    for count, entries in enumerate(on_cluster(client)(finalize_entries, ((accounting.iloc[p],) for p in parts),
                                                       shared), 1):
        done.append(entries)
        progress(count / len(parts), tr("{finalised} of {partitions} partitions finalised").format(
            finalised=count, partitions=len(parts)))
    order = np.argsort(np.concatenate(parts), kind="stable")
    return pd.concat(done, ignore_index=True).iloc[order].reset_index(drop=True)


def account_sinks_distributed(client, ledger_path, landcover, max_units=None, **options):
    """``sinks.account_sinks`` with every partition's zonal statistics, rows and entries computed on
    the workers of a Dask ``client``; same arguments (``options``) and summary.

    Workers open the rasters themselves by path (they need the same files at the same paths)
    and receive only their partition's unit geometries; this process reads the ledger,
    streams partitions to the cluster and writes their results in one transaction, in
    partition order, so the ledger equals that of the single-machine run.
    """
    return sinks.account_sinks(ledger_path, landcover, max_units=max_units or sinks.MAX_UNITS,
                               map_partitions=on_cluster(client), **options)


def account_service_flows_distributed(client, ledger_path, max_units=MAX_GREEN_UNITS, **options):
    """``service_flows.account_service_flows`` with the catchments of every partition (by district,
    with a halo of 2 x the largest search radius) computed on the workers of a Dask ``client``;
    same arguments (``options``) and summary, same tables to the bit. Workers receive the
    partition's geometries (WKB), populations, supplies and radii; this process reads and writes
    the ledger."""
    return account_service_flows(Ledger(ledger_path), max_units=max_units, map_partitions=on_cluster(client), **options)


def account_indirect_benefits_distributed(client, ledger_path, max_units=MAX_GREEN_UNITS, **options):
    """``indirect_benefits.account_indirect_benefits`` with the park cooling of every partition (by
    district, with the green units within the kernel's cut-off) computed on the workers of a Dask
    ``client``; same arguments (``options``) and summary, same entries and unit statistics to the
    bit. Workers receive the partition's geometries (WKB), cooling capacities and the parameter
    table; this process reads and writes the ledger."""
    return account_indirect_benefits(Ledger(ledger_path), max_units=max_units, map_partitions=on_cluster(client),
                                     **options)
