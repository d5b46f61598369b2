"""Unit totals: entries summed per unit and rolled up the hierarchy (t CO2e/yr).

A unit's total covers its own entries and those of all its descendants, so a district equals
the sum of its blocks and links, and the city the sum of its districts. Avoided flows are kept
out of the net. The interval here is Approach 1 with independent entries (deviations below
and above the estimate add in quadrature); the Monte Carlo of ``uncertainty.py`` replaces it
with correlated draws.
"""
import numpy as np
import pandas as pd

from . import schema
from .schema import BASELINE

TOTAL_COLUMNS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")
ROWS_PER_READ = 500_000
"""Entries read from the ledger at a time when rolling up stored totals."""


def _parent_codes(hierarchy):
    """(index of unit ids, parent position per unit: -1 at the top or for an unknown parent)."""
    index = pd.Index(hierarchy["unit_id"].to_numpy())
    return index, index.get_indexer(hierarchy["parent_id"].to_numpy())


def _depths(parent):
    """Depth of each unit (0 at the top) from parent positions; ValueError on a cycle."""
    depth = np.zeros(len(parent), dtype=np.int64)
    current = parent.copy()
    for _ in range(len(parent) + 1):
        has_parent = current >= 0
        if not has_parent.any():
            return depth
        depth[has_parent] += 1
        current[has_parent] = parent[current[has_parent]]
    raise ValueError("the unit hierarchy has a cycle")


def hierarchy_depths(hierarchy):
    """Depth of each unit below the top (0 at units without a parent in ``hierarchy``).

    hierarchy: DataFrame with unit_id and parent_id. Raises ValueError on a cycle.
    """
    index, parent = _parent_codes(hierarchy)
    return pd.Series(_depths(parent), index=index)


def nearest_ancestor_in(hierarchy, units, targets):
    """For each of ``units``, the nearest strict ancestor whose id is in ``targets`` (NA if none).

    hierarchy: DataFrame with unit_id and parent_id. Returns a Series indexed by ``units``.
    """
    parent = hierarchy.set_index("unit_id")["parent_id"]
    parent = parent.where(parent.isin(parent.index))
    targets = pd.Index(targets)
    current = parent.reindex(pd.Index(units))
    found = pd.Series(None, index=current.index, dtype=object)
    for _ in range(len(schema.LEVELS) + 1):
        hit = found.isna() & current.isin(targets)
        found[hit] = current[hit]
        current = current.where(found.isna()).map(parent)
        if current.isna().all():
            break
    return found


def unit_totals(entries, hierarchy):
    """Totals per unit, own entries plus descendants, as a DataFrame indexed by unit_id.

    entries: DataFrame with unit_id, flow, co2e_t, low_t, high_t.
    hierarchy: DataFrame with unit_id, parent_id for every unit and link.
    Returns TOTAL_COLUMNS (t CO2e/yr) for every unit in ``hierarchy``.
    """
    index, parent = _parent_codes(hierarchy)
    direct = entries[entries["flow"].isin(["source", "sink"])]
    unit = index.get_indexer(direct["unit_id"].to_numpy())
    value, low, high = (direct[c].to_numpy(dtype=float) for c in ("co2e_t", "low_t", "high_t"))
    return _rolled_up(index, parent, unit, (direct["flow"] == "source").to_numpy(), value, low, high)


def _rolled_up(index, parent, unit, is_source, value, low, high):
    """TOTAL_COLUMNS per unit of ``index`` from entries given as arrays (unit: position in
    ``index``, -1 for an unknown unit, skipped; is_source: source, else sink; t CO2e/yr)."""
    known = unit >= 0
    unit, is_source, value, low, high = unit[known], is_source[known], value[known], low[known], high[known]
    columns = (np.where(is_source, value, 0.0), np.where(is_source, 0.0, value), (value - low) ** 2, (high - value) ** 2)
    sums = np.column_stack([np.bincount(unit, weights=c, minlength=len(index)) for c in columns]).astype(float)
    depth = _depths(parent)
    for level in range(int(depth.max()) if len(depth) else 0, 0, -1):
        children = np.flatnonzero(depth == level)
        for k in range(sums.shape[1]):
            sums[:, k] += np.bincount(parent[children], weights=sums[children, k], minlength=len(index))
    source, sink, var_low, var_high = sums.T
    net = source + sink
    return pd.DataFrame({
        "source_t": source, "sink_t": sink, "net_t": net,
        "net_low_t": net - np.sqrt(var_low), "net_high_t": net + np.sqrt(var_high),
    }, index=index)


def write_unit_totals(writer):
    """Recompute the baseline totals on the units and links layers inside ``writer``'s transaction.

    The baseline entries are read ROWS_PER_READ at a time and kept as codes and numbers only.
    Returns the totals (unit_id and TOTAL_COLUMNS, t CO2e/yr) of every unit and link.
    """
    layers = {layer: pd.read_sql_query(f'SELECT fid, unit_id, parent_id FROM "{layer}"', writer.connection)
              for layer in ("units", "links")}
    hierarchy = pd.concat(layers.values(), ignore_index=True)
    index, parent = _parent_codes(hierarchy)
    cursor = writer.connection.execute(
        "SELECT unit_id, flow = 'source', co2e_t, low_t, high_t FROM entries "
        "WHERE scenario = ? AND flow IN ('source', 'sink')", (BASELINE,)
    )
    units, flags, numbers = [], [], []
    while rows := cursor.fetchmany(ROWS_PER_READ):
        unit_ids, is_source, *values = zip(*rows)
        units.append(index.get_indexer(np.asarray(unit_ids, dtype=object)))
        flags.append(np.asarray(is_source, dtype=bool))
        numbers.append(np.asarray(values, dtype=float))
    value, low, high = np.concatenate(numbers, axis=1) if numbers else np.empty((3, 0))
    unit = np.concatenate(units) if units else np.empty(0, dtype=np.int64)
    is_source = np.concatenate(flags) if flags else np.empty(0, dtype=bool)
    totals = _rolled_up(index, parent, unit, is_source, value, low, high).reset_index(drop=True)
    start = 0
    for layer, rows in layers.items():
        part = totals.iloc[start:start + len(rows)]
        writer.update_columns(layer, part.assign(fid=rows["fid"].to_numpy()), key="fid")
        start += len(rows)
    return totals.assign(unit_id=hierarchy["unit_id"].to_numpy())[["unit_id", *TOTAL_COLUMNS]]
