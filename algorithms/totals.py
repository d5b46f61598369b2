"""Unit totals: entries summed per unit and rolled up the hierarchy (t CO2e/yr).

A unit's total covers its own entries and those of all its descendants, so a district equals
the sum of its blocks and links, and the city the sum of its districts. Avoided flows are kept
out of the net. The interval here is Approach 1 with independent entries (deviations below
and above the estimate add in quadrature); the Monte Carlo of ``uncertainty.py`` replaces it
with correlated draws.
"""
import numpy as np
import pandas as pd

TOTAL_COLUMNS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")


def hierarchy_depths(hierarchy):
    """Depth of each unit below the top (0 at units without a parent in ``hierarchy``).

    hierarchy: DataFrame with unit_id and parent_id. Raises ValueError on a cycle.
    """
    parent = hierarchy.set_index("unit_id")["parent_id"]
    parent = parent.where(parent.isin(parent.index))
    depth = pd.Series(0, index=parent.index)
    current = parent.copy()
    for _ in range(len(parent) + 1):
        has_parent = current.notna()
        if not has_parent.any():
            return depth
        depth[has_parent] += 1
        current = current[has_parent].map(parent).reindex(parent.index)
    raise ValueError("the unit hierarchy has a cycle")


def unit_totals(entries, hierarchy):
    """Totals per unit, own entries plus descendants, as a DataFrame indexed by unit_id.

    entries: DataFrame with unit_id, flow, co2e_t, low_t, high_t.
    hierarchy: DataFrame with unit_id, parent_id for every unit and link.
    Returns TOTAL_COLUMNS (t CO2e/yr) for every unit in ``hierarchy``.
    """
    direct = entries[entries["flow"].isin(["source", "sink"])]
    value, low, high = (direct[c].to_numpy(dtype=float) for c in ("co2e_t", "low_t", "high_t"))
    own = pd.DataFrame({
        "unit_id": direct["unit_id"].to_numpy(),
        "source_t": np.where(direct["flow"] == "source", value, 0.0),
        "sink_t": np.where(direct["flow"] == "sink", value, 0.0),
        "var_low": (value - low) ** 2,
        "var_high": (high - value) ** 2,
    }).groupby("unit_id").sum()
    sums = own.reindex(hierarchy["unit_id"]).fillna(0.0)
    parent = hierarchy.set_index("unit_id")["parent_id"]
    depth = hierarchy_depths(hierarchy)
    for level in range(int(depth.max()) if len(depth) else 0, 0, -1):
        children = depth.index[depth == level]
        rolled = sums.loc[children].groupby(parent.loc[children].to_numpy()).sum()
        sums.loc[rolled.index] += rolled
    totals = pd.DataFrame(index=sums.index)
    totals["source_t"] = sums["source_t"]
    totals["sink_t"] = sums["sink_t"]
    totals["net_t"] = sums["source_t"] + sums["sink_t"]
    totals["net_low_t"] = totals["net_t"] - np.sqrt(sums["var_low"])
    totals["net_high_t"] = totals["net_t"] + np.sqrt(sums["var_high"])
    return totals


def write_unit_totals(writer):
    """Recompute the baseline totals on the units and links layers inside ``writer``'s transaction."""
    hierarchy = pd.concat([
        pd.read_sql_query("SELECT unit_id, parent_id FROM units", writer.connection),
        pd.read_sql_query("SELECT unit_id, parent_id FROM links", writer.connection),
    ], ignore_index=True)
    entries = pd.read_sql_query(
        "SELECT unit_id, flow, co2e_t, low_t, high_t FROM entries WHERE scenario = 'baseline'",
        writer.connection,
    )
    totals = unit_totals(entries, hierarchy).reset_index().rename(columns={"index": "unit_id"})
    for layer in ("units", "links"):
        ids = set(pd.read_sql_query(f"SELECT unit_id FROM {layer}", writer.connection)["unit_id"])
        writer.update_columns(layer, totals[totals["unit_id"].isin(ids)], key="unit_id")
    return totals
