"""Scale-out: source accounting on a Dask cluster, with the same entries as the single-machine run.

What partitions and what does not (see ``sources.account_sources`` for the single-machine path):

- Targets and shares (``sources.build_source_rows``) stay on the driver, over the whole city: a
  city-wide top-down total spreads over every unit in proportion to its proxy, divided by the
  sum over the whole target, so a district alone cannot compute its share (3 s per 100,000
  buildings).
- Entries (``entries.finalize_entries``: factor lookup, Approach-1 interval, fingerprint, entry
  id) are the heavy part and are local to a unit: the accounting rows are partitioned spatially
  by the district that holds each unit (links by their district; rows above district level go
  with the city), districts larger than ``max_rows`` are split further at unit boundaries, and
  every partition is finalised on a worker by the same function. An entry's fingerprint covers
  only its own fields and an entry id's repeat counter (``#n``) only rows of the same unit, so
  neither depends on the partitioning; entries are put back in the order of the accounting rows.
- Everything is written into the ledger GeoPackage in one transaction, as the single-machine run
  writes it (entries of earlier source runs of the scenario replaced, activities, factor rows,
  unit totals), under the same algorithm id, so a later run of either path replaces it.
- Monte Carlo (``uncertainty.run_uncertainty``) runs afterwards on the driver: it already streams
  in chunks of bounded memory, and its draws are tied to pre-order blocks of entries, not to
  partitions, so the intervals equal the single-machine ones for the same seed.

Memory per worker is bounded by ``max_rows`` accounting rows per task (about 3.5 kB a row with its
entry: 373 MB per worker with 65,000-row tasks), not by the city's size; the driver holds the unit
table and all accounting rows (2.9 GB at 1,000,000 buildings).
"""
import numpy as np
import pandas as pd

from . import totals
from .entries import finalize_entries
from .ledger import Ledger, utc_now
from .progress import NO_PROGRESS
from .sources import ALGORITHM, prepare_source_rows, write_source_entries

MAX_ROWS = 200_000
"""Largest number of accounting rows finalised by one task (about 0.9 GB on a worker)."""
ABOVE_DISTRICTS = "__city__"
"""Partition key of rows on units above district level (the city)."""


def district_of(units, links):
    """District id holding every unit and link (Series indexed by unit_id; ABOVE_DISTRICTS above).

    units: DataFrame unit_id, parent_id, level; links: DataFrame unit_id, parent_id.
    """
    table = pd.concat([units[["unit_id", "parent_id", "level"]], links[["unit_id", "parent_id"]].assign(level="link")],
                      ignore_index=True)
    districts = table.loc[table["level"] == "district", "unit_id"]
    district = totals.nearest_ancestor_in(table, table["unit_id"], districts)
    district.loc[districts.to_numpy()] = districts.to_numpy()  # a district is its own
    return district.fillna(ABOVE_DISTRICTS)


def partition_rows(unit_ids, district, max_rows=MAX_ROWS):
    """Positions of the accounting rows of each partition: by district, split at unit boundaries.

    unit_ids: unit_id of each accounting row; district: Series unit_id -> district
    (``district_of``). Returns a list of int arrays, each in increasing order; all rows of a unit
    fall in one array, and an array exceeds ``max_rows`` only when a single unit does.
    """
    unit_ids = pd.Series(np.asarray(unit_ids, dtype=object))
    keys = unit_ids.map(district).fillna(ABOVE_DISTRICTS).to_numpy(dtype=object)
    unit_code, _ = pd.factorize(unit_ids)
    parts = []
    for key in pd.unique(keys):
        positions = np.flatnonzero(keys == key)
        order = np.argsort(unit_code[positions], kind="stable")
        grouped = positions[order]
        bounds = np.r_[np.flatnonzero(np.r_[True, np.diff(unit_code[grouped]) != 0]), len(grouped)]
        cuts = [0]
        for start, end in zip(bounds[1:-1], bounds[2:]):
            if end - cuts[-1] > max_rows:
                cuts.append(int(start))
        cuts.append(len(grouped))
        parts.extend(np.sort(grouped[a:b]) for a, b in zip(cuts[:-1], cuts[1:]) if b > a)
    return parts


def account_sources_distributed(client, ledger_path, activity, year, factors_override=None, facilities=None,
                                grid_region="central", scenario="baseline", max_rows=MAX_ROWS, parameters=None,
                                inputs=None, progress=NO_PROGRESS):
    """``sources.account_sources`` with entries finalised on the workers of a Dask ``client``.

    Same arguments and result as ``account_sources`` (entries written, total t CO2e/yr) plus
    client (``distributed.Client``) and max_rows (accounting rows per task). The ledger file is
    read and written by this process only; workers receive data, not paths.
    """
    ledger = Ledger(ledger_path)
    prepared = prepare_source_rows(ledger, activity, year, factors_override, facilities, grid_region,
                                   progress.span(0.0, 0.3))
    accounting, rows, used, factors = prepared.accounting, prepared.rows, prepared.used, prepared.factors
    parts = partition_rows(accounting["unit_id"].to_numpy(), district_of(prepared.units, prepared.links), max_rows)
    progress(0.3, f"Finalising {len(accounting):,} entries in {len(parts)} partitions")
    with ledger.transaction(ALGORITHM, parameters, inputs) as writer:
        entries = _finalize_on_cluster(client, accounting, parts, factors, scenario, writer.run_id, utc_now(),
                                       progress.span(0.3, 0.7))
        progress(0.7, "Writing entries and rolling up unit totals")
        write_source_entries(writer, entries, rows, factors, used, scenario, year)
    progress(1.0, "Done")
    return len(entries), float(entries["co2e_t"].sum()) if len(entries) else 0.0


def _finalize_on_cluster(client, accounting, parts, factors, scenario, run_id, computed_at, progress):
    """finalize_entries of every partition on the cluster, concatenated in accounting-row order."""
    from distributed import as_completed

    if not parts:
        return finalize_entries(accounting, factors, scenario, run_id, computed_at)
    shared = client.scatter(factors, broadcast=True)
    futures = {client.submit(finalize_entries, accounting.iloc[positions], shared, scenario, run_id, computed_at,
                             pure=False): number for number, positions in enumerate(parts)}
    done = [None] * len(parts)
    for count, future in enumerate(as_completed(futures), 1):
        done[futures[future]] = future.result()
        future.release()
        progress(count / len(parts), f"{count} of {len(parts)} partitions finalised")
    order = np.argsort(np.concatenate(parts), kind="stable")
    return pd.concat(done, ignore_index=True).iloc[order].reset_index(drop=True)
