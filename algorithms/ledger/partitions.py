"""Spatial partitions of a ledger's units by district, for accounting part by part (one machine or a Dask cluster).

A partition holds whole district subtrees or, for large districts, whole subtrees of the units
accounted together (a unit with the accounted units nested in it), so everything a unit's
accounting needs (its own rows, the descendants it nests) stays inside one partition. Partitions
are a function of the hierarchy and of the partition size only, never of the number of workers.
"""
import numpy as np
import pandas as pd

from ..core import ahead
from .hierarchy import nearest_ancestor_in

ABOVE_DISTRICTS = "__city__"
"""Partition key of units above district level (the city) or outside every district."""
ENVELOPE = ["minx", "miny", "maxx", "maxy"]
"""Columns of a unit's envelope (m) in the tables of halo partitions (``within_margin``)."""
HALO_PAD_M = 1.0
"""Metres a halo reaches beyond its kernel's reach, against rounding at its edge."""


def district_of(units, links=None):
    """District id holding every unit and link (Series indexed by unit_id; ABOVE_DISTRICTS above).

    units: DataFrame unit_id, parent_id, level; links: DataFrame unit_id, parent_id (or None).
    """
    table = units[["unit_id", "parent_id", "level"]]
    if links is not None:
        table = pd.concat([table, links[["unit_id", "parent_id"]].assign(level="link")], ignore_index=True)
    districts = table.loc[table["level"] == "district", "unit_id"]
    district = nearest_ancestor_in(table, table["unit_id"], districts)
    district.loc[districts.to_numpy()] = districts.to_numpy()  # a district is its own
    return district.fillna(ABOVE_DISTRICTS)


def partition_rows(unit_ids, district, max_rows, districts=None):
    """Positions of the rows of each partition: by district, split at unit boundaries.

    unit_ids: the unit (or group of units kept together) of each row; district: Series unit_id
    -> district (``district_of``); districts: the order of the districts (default: first
    appearance; districts not in it follow). Returns a list of int arrays, each in increasing
    order; all rows of a unit fall in one array, and an array exceeds ``max_rows`` only when a
    single unit does.
    """
    unit_ids = pd.Series(np.asarray(unit_ids, dtype=object))
    keys = unit_ids.map(district).fillna(ABOVE_DISTRICTS).to_numpy(dtype=object)
    return keyed_partitions(unit_ids.to_numpy(), keys, max_rows, districts)


def keyed_partitions(unit_ids, keys, max_rows, districts=None):
    """``partition_rows`` of rows whose district is given row by row: ``keys`` (one per row, e.g. the code of
    the district holding the row's unit, -1 above the districts), ``districts`` their order (keys)."""
    unit_code, _ = pd.factorize(unit_ids)
    present = pd.unique(keys)
    known = set(present)
    first = []
    if districts is not None:
        first = [key for key in pd.unique(pd.Series(districts)) if key in known]
    chosen = set(first)
    parts = []
    for key in first + [key for key in present if key not in chosen]:
        positions = np.flatnonzero(keys == key)
        order = np.argsort(unit_code[positions], kind="stable")
        grouped = positions[order]
        bounds = np.r_[np.flatnonzero(np.r_[True, np.diff(unit_code[grouped]) != 0]), len(grouped)]
        cuts = [0]
        for start, end in zip(bounds[1:-1], bounds[2:], strict=False):
            if end - cuts[-1] > max_rows:
                cuts.append(int(start))
        cuts.append(len(grouped))
        parts.extend(np.sort(grouped[a:b]) for a, b in zip(cuts[:-1], cuts[1:], strict=False) if b > a)
    return parts


def district_parts(units, unit_ids, max_units=None):
    """Positions of the rows of each partition of ``unit_ids``: all in one partition (max_units
    None), or by the district holding each unit, up to ``max_units`` rows (``partition_rows``).

    units: DataFrame unit_id, parent_id, level (the hierarchy)."""
    if max_units is None:
        return [np.arange(len(unit_ids))]
    return partition_rows(unit_ids, district_of(units), max_units)


def merge_partitions(parts, max_rows):
    """Consecutive partitions joined while the join holds at most ``max_rows`` rows (fewer, larger
    tasks; with districts in spatial order, each covers fewer raster rows). Arrays stay increasing."""
    merged, group, size = [], [], 0
    for part in parts:
        if group and size + len(part) > max_rows:
            merged.append(np.sort(np.concatenate(group)))
            group, size = [], 0
        group.append(part)
        size += len(part)
    if group:
        merged.append(np.sort(np.concatenate(group)))
    return merged


def within_margin(bounds, box, margin):
    """Positions (increasing) of the envelopes ``bounds`` (n x 4: minx, miny, maxx, maxy, m) that
    reach within ``margin`` (m) of the rectangle ``box`` (minx, miny, maxx, maxy) on both axes.

    Every envelope nearer than ``margin`` to a point of ``box`` is among them (a halo test:
    the euclidean distance is at least the gap on each axis)."""
    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    return np.flatnonzero((bounds[:, 0] <= box[2] + margin) & (bounds[:, 2] >= box[0] - margin)
                          & (bounds[:, 1] <= box[3] + margin) & (bounds[:, 3] >= box[1] - margin))


def envelope(bounds):
    """The rectangle (minx, miny, maxx, maxy) holding all envelopes ``bounds`` (n x 4, n > 0)."""
    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    return bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max()


def map_here(function, tasks, shared):
    """A partition mapper that runs here: function(*task, **shared) for every task (an iterable of
    argument tuples), one after the other and lazily, results in task order."""
    return (function(*task, **shared) for task in tasks)


def map_ahead(function, tasks, shared):
    """``map_here`` with the next task's function(*task, **shared) computed in a thread while the caller consumes
    the current result (``ahead.results_in_order``, one task ahead: its result is held beside the current one);
    tasks are drawn from ``tasks`` in the caller's thread (they may read the ledger), results come in task order."""
    return ahead.results_in_order(lambda task: function(*task, **shared), tasks, workers=1)

