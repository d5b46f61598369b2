"""Unit totals: entries summed per unit and rolled up the hierarchy (t CO2e/yr).

A unit's total covers its own entries and those of all its descendants, so a district equals
the sum of its blocks and links, and the city the sum of its districts. Avoided flows are kept
out of the net. The interval is that of ``intervals.py`` (Approach 1, independent entries);
the Monte Carlo of ``mrv`` replaces it with correlated draws.
"""
import numpy as np
import pandas as pd

from . import intervals
from .hierarchy import Hierarchy
from .schema import BASELINE

TOTAL_COLUMNS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")
ROWS_PER_READ = 500_000
"""Entries read from the ledger at a time when rolling up stored totals."""


def unit_totals(entries, hierarchy):
    """Totals per unit, own entries plus descendants, as a DataFrame indexed by unit_id.

    entries: DataFrame with unit_id, flow, co2e_t, low_t, high_t.
    hierarchy: DataFrame with unit_id, parent_id for every unit and link (or a Hierarchy).
    Returns TOTAL_COLUMNS (t CO2e/yr) for every unit in ``hierarchy``.
    """
    tree = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy(hierarchy)
    direct = entries[entries["flow"].isin(["source", "sink"])]
    unit = tree.codes(direct["unit_id"].to_numpy())
    value, low, high = (direct[c].to_numpy(dtype=float) for c in ("co2e_t", "low_t", "high_t"))
    return _rolled_up(tree, unit, (direct["flow"] == "source").to_numpy(), value, low, high)


def _rolled_up(tree, unit, is_source, value, low, high):
    """TOTAL_COLUMNS per unit of the Hierarchy ``tree`` from entries given as arrays (unit: code
    in ``tree``, -1 for an unknown unit, skipped; is_source: source, else sink; t CO2e/yr)."""
    known = unit >= 0
    unit, is_source = unit[known], is_source[known]
    value, var_below, var_above = intervals.moments(value[known], low[known], high[known])
    columns = (np.where(is_source, value, 0.0), np.where(is_source, 0.0, value), var_below, var_above)
    sums = np.column_stack([np.bincount(unit, weights=c, minlength=len(tree)) for c in columns]).astype(float)
    source, sink, var_below, var_above = tree.roll_up(sums).T
    net = source + sink
    net_low, net_high = intervals.bounds(net, var_below, var_above)
    return pd.DataFrame({
        "source_t": source, "sink_t": sink, "net_t": net, "net_low_t": net_low, "net_high_t": net_high,
    }, index=tree.ids)


def write_unit_totals(writer):
    """Recompute the baseline totals on the units and links layers inside ``writer``'s transaction.

    The baseline entries are read ROWS_PER_READ at a time and kept as codes and numbers only.
    Returns the totals (unit_id and TOTAL_COLUMNS, t CO2e/yr) of every unit and link.
    """
    layers = {layer: pd.read_sql_query(f'SELECT fid, unit_id, parent_id FROM "{layer}"', writer.connection)
              for layer in ("units", "links")}
    hierarchy = pd.concat(layers.values(), ignore_index=True)
    tree = Hierarchy(hierarchy)
    cursor = writer.connection.execute(
        "SELECT unit_id, flow = 'source', co2e_t, low_t, high_t FROM entries "
        "WHERE scenario = ? AND flow IN ('source', 'sink')", (BASELINE,)
    )
    units, flags, numbers = [], [], []
    while rows := cursor.fetchmany(ROWS_PER_READ):
        unit_ids, is_source, *values = zip(*rows)
        units.append(tree.codes(unit_ids))
        flags.append(np.asarray(is_source, dtype=bool))
        numbers.append(np.asarray(values, dtype=float))
    value, low, high = np.concatenate(numbers, axis=1) if numbers else np.empty((3, 0))
    unit = np.concatenate(units) if units else np.empty(0, dtype=np.int64)
    is_source = np.concatenate(flags) if flags else np.empty(0, dtype=bool)
    totals = _rolled_up(tree, unit, is_source, value, low, high).reset_index(drop=True)
    start = 0
    for layer, rows in layers.items():
        part = totals.iloc[start:start + len(rows)]
        writer.update_columns(layer, part.assign(fid=rows["fid"].to_numpy()), key="fid")
        start += len(rows)
    return totals.assign(unit_id=hierarchy["unit_id"].to_numpy())[["unit_id", *TOTAL_COLUMNS]]
