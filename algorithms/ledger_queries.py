"""What the docks and the district atlas ask of a ledger: one scenario's entries and totals per unit.

A :class:`LedgerView` holds one scenario's entries (t CO2e/yr, sources positive, sinks negative),
the unit hierarchy (units and links) and the roll-up totals of ``totals.unit_totals``, so that a
click on the map is answered from memory: a unit's entries grouped by flow and sector with
their 95% intervals, its parent and children with their totals, its top sources and sinks, the
factor sources it rests on, and the deltas against another scenario. Intervals of sums are
Approach 1 with independent entries, as in ``totals.py``. No QGIS import.
"""
import numpy as np
import pandas as pd

from . import totals as totals_module
from .errors import LedgerInputError
from .progress import NO_PROGRESS

BASELINE = "baseline"

ENTRY_COLUMNS = (
    "entry_id", "unit_id", "scenario", "flow", "sector", "gpc_sector", "scope", "carrier",
    "activity", "activity_unit", "factor_id", "factor", "factor_unit", "co2e_t", "low_t", "high_t",
    "method", "source", "computed_at", "algorithm_version",
)
"""Entry columns a view keeps (the ones the docks and the atlas show)."""

HIERARCHY_COLUMNS = ("unit_id", "parent_id", "level", "name")


def read_hierarchy(ledger):
    """unit_id, parent_id, level, name of every unit and link of ``ledger`` (a ledger.Ledger)."""
    return pd.concat(
        [ledger.read_table(name, columns=list(HIERARCHY_COLUMNS)) for name in ("units", "links")],
        ignore_index=True,
    )


def scenario_names(ledger):
    """'baseline' first, then the scenarios stored in the ledger's ``scenarios`` table."""
    stored = ledger.read_table("scenarios", columns=["scenario"])["scenario"].tolist()
    return [BASELINE] + [name for name in stored if name != BASELINE]


def read_entries(ledger, scenario=BASELINE):
    """All entries of ``scenario`` with ENTRY_COLUMNS; a scenario is composed on its base."""
    if scenario == BASELINE:
        return ledger.read_table("entries", "scenario = ?", (BASELINE,), columns=list(ENTRY_COLUMNS))
    from .scenarios import scenario_entries  # the chessboard's composition of a scenario on its base

    return scenario_entries(ledger, scenario).reindex(columns=list(ENTRY_COLUMNS))


def sum_with_interval(entries, by):
    """Sum co2e_t per group of ``by`` with the Approach 1 interval of the sum (t CO2e/yr).

    Deviations below and above each entry add in quadrature (independent entries).
    Returns columns ``by`` + co2e_t, low_t, high_t, entries (count), sorted by ``by``.
    """
    frame = pd.DataFrame({column: entries[column].to_numpy() for column in by})
    frame["co2e_t"] = entries["co2e_t"].to_numpy(dtype=float)
    frame["var_low"] = (entries["co2e_t"] - entries["low_t"]).to_numpy(dtype=float) ** 2
    frame["var_high"] = (entries["high_t"] - entries["co2e_t"]).to_numpy(dtype=float) ** 2
    frame["entries"] = 1
    sums = frame.groupby(list(by), sort=True).sum().reset_index()
    sums["low_t"] = sums["co2e_t"] - np.sqrt(sums.pop("var_low"))
    sums["high_t"] = sums["co2e_t"] + np.sqrt(sums.pop("var_high"))
    return sums[list(by) + ["co2e_t", "low_t", "high_t", "entries"]]


class LedgerView:
    """One scenario of one ledger, in memory: entries, hierarchy and rolled-up totals.

    entries: DataFrame with at least unit_id, flow, sector, co2e_t, low_t, high_t (t CO2e/yr).
    hierarchy: DataFrame with unit_id, parent_id, level, name for every unit and link.
    """

    def __init__(self, entries, hierarchy, scenario=BASELINE):
        self.scenario = scenario
        self.entries = entries.reset_index(drop=True)
        self.hierarchy = hierarchy.set_index("unit_id", drop=False)
        self.totals = totals_module.unit_totals(self.entries, hierarchy[["unit_id", "parent_id"]])
        parents = self.hierarchy["parent_id"]
        self._children = {
            parent: group.index.tolist()
            for parent, group in self.hierarchy[parents.notna()].groupby(parents[parents.notna()])
        }
        self._rows_of_unit = self.entries.groupby("unit_id").indices

    @classmethod
    def read(cls, ledger, scenario=BASELINE):
        """The view of ``scenario`` read from ``ledger`` (a ledger.Ledger)."""
        return cls(read_entries(ledger, scenario), read_hierarchy(ledger), scenario)

    def has_unit(self, unit_id):
        """True if ``unit_id`` is a unit or link of the ledger."""
        return unit_id in self.hierarchy.index

    def unit(self, unit_id):
        """The unit's hierarchy row and totals as a dict (KeyError if unknown)."""
        record = self.hierarchy.loc[unit_id].to_dict()
        record.update(self.totals.loc[unit_id].to_dict())
        return record

    def children(self, unit_id):
        """Direct children of a unit with their totals (DataFrame, largest |net| first)."""
        ids = self._children.get(unit_id, [])
        frame = self.hierarchy.loc[ids, list(HIERARCHY_COLUMNS)].join(self.totals)
        return frame.reindex(frame["net_t"].abs().sort_values(ascending=False).index).reset_index(drop=True)

    def parent(self, unit_id):
        """The parent's hierarchy row and totals as a dict, or None at the top."""
        parent = self.hierarchy.at[unit_id, "parent_id"]
        if parent is None or (isinstance(parent, float) and np.isnan(parent)) or not self.has_unit(parent):
            return None
        return self.unit(parent)

    def descendants(self, unit_id):
        """The unit and all units below it (list of unit_id, the unit first)."""
        found, frontier = [unit_id], [unit_id]
        while frontier:
            frontier = [child for parent in frontier for child in self._children.get(parent, [])]
            found.extend(frontier)
        return found

    def unit_entries(self, unit_id):
        """Entries of the unit and its descendants, ordered by flow, sector, then |co2e_t| descending."""
        rows = [self._rows_of_unit[u] for u in self.descendants(unit_id) if u in self._rows_of_unit]
        if not rows:
            return self.entries.iloc[0:0].copy()
        frame = self.entries.iloc[np.concatenate(rows)].copy()
        frame["_size"] = -frame["co2e_t"].abs()
        return frame.sort_values(["flow", "sector", "_size", "entry_id"]).drop(columns="_size").reset_index(drop=True)

    def by_flow_and_sector(self, unit_id):
        """The unit's account (with descendants) summed per flow and sector, with intervals."""
        return sum_with_interval(self.unit_entries(unit_id), ("flow", "sector"))

    def top_entries(self, unit_id, count=5):
        """The largest sources and sinks under a unit, summed per unit, flow and sector.

        Returns up to ``count`` sources (largest first) then up to ``count`` sinks (most
        negative first), with unit name, co2e_t, low_t, high_t (t CO2e/yr).
        """
        grouped = sum_with_interval(self.unit_entries(unit_id), ("unit_id", "flow", "sector"))
        sources = grouped[grouped["flow"] == "source"].nlargest(count, "co2e_t")
        sinks = grouped[grouped["flow"] == "sink"].nsmallest(count, "co2e_t")
        top = pd.concat([sources, sinks], ignore_index=True)
        top.insert(1, "name", self.hierarchy["name"].reindex(top["unit_id"]).to_numpy())
        return top

    def factor_sources(self, unit_id):
        """Distinct factors used under a unit: factor_id, factor, factor_unit, source (sorted by id)."""
        entries = self.unit_entries(unit_id)
        columns = [c for c in ("factor_id", "factor", "factor_unit", "source") if c in entries.columns]
        return entries[columns].drop_duplicates("factor_id").sort_values("factor_id").reset_index(drop=True)

    def computed_range(self, unit_id):
        """Earliest and latest computed_at and the algorithm versions of the unit's entries."""
        entries = self.unit_entries(unit_id)
        if entries.empty:
            return None, None, []
        times = entries["computed_at"].dropna().astype(str)
        versions = sorted(entries["algorithm_version"].dropna().astype(str).unique())
        return (times.min() if len(times) else None), (times.max() if len(times) else None), versions


def delta_by_flow_and_sector(view, base, unit_id):
    """Per flow and sector: view minus base for one unit (t CO2e/yr), with both values.

    Returns flow, sector, co2e_t (this view), base_t, delta_t; groups missing on one side count 0.
    """
    mine = view.by_flow_and_sector(unit_id).set_index(["flow", "sector"])["co2e_t"]
    theirs = base.by_flow_and_sector(unit_id).set_index(["flow", "sector"])["co2e_t"]
    joined = pd.concat([mine.rename("co2e_t"), theirs.rename("base_t")], axis=1).fillna(0.0)
    joined["delta_t"] = joined["co2e_t"] - joined["base_t"]
    return joined.reset_index().sort_values(["flow", "sector"]).reset_index(drop=True)


def delta_totals(view, base, unit_id):
    """Net of the unit in ``view`` and ``base`` and their difference (t CO2e/yr), as a dict."""
    net = float(view.totals.at[unit_id, "net_t"])
    base_net = float(base.totals.at[unit_id, "net_t"])
    return {"net_t": net, "base_net_t": base_net, "delta_t": net - base_net}


ATLAS_MAP_LEVELS = ("parcel", "block", "district")
"""Levels a district map draws, first present wins: parcels if the ledger has them, else blocks."""


def atlas_map_level(hierarchy):
    """The unit level drawn on district maps: the first of ATLAS_MAP_LEVELS the hierarchy has."""
    present = set(hierarchy["level"])
    return next((level for level in ATLAS_MAP_LEVELS if level in present), None)


def sources_text(factors):
    """'factor_id (value unit): source' per factor, joined by ' · '. factors: LedgerView.factor_sources()."""
    return " · ".join(
        f"{row.factor_id} ({row.factor:g} {row.factor_unit}): {row.source}" for row in factors.itertuples(index=False)
    )


def district_atlas_data(ledger, scenario=BASELINE, top=5, progress=None):
    """Everything a district map page shows, for every district of ``ledger`` in ``scenario``.

    Returns a dict of frames (geometries in the ledger CRS, values t CO2e/yr):
    districts -- GeoDataFrame unit_id, name, source_t, sink_t, net_t, net_low_t, net_high_t,
    factor_sources (text), computed (text); units -- GeoDataFrame of the ATLAS_MAP_LEVELS
    level with unit_id, level, area_m2 and totals; links -- GeoDataFrame with length_m and
    totals; top -- DataFrame district_id, flow, unit_id, name, sector, co2e_t, low_t, high_t
    (the ``top`` largest sources and sinks of each district). Raises LedgerInputError for an
    unknown scenario or a ledger without districts.
    """
    progress = progress or NO_PROGRESS
    if scenario not in scenario_names(ledger):
        raise LedgerInputError(
            f"no scenario '{scenario}' in the ledger (it has: {', '.join(scenario_names(ledger))})",
            layer="LEDGER", field="SCENARIO",
        )
    view = LedgerView.read(ledger, scenario)
    progress(0.3, "entries read")
    total_columns = list(totals_module.TOTAL_COLUMNS)
    districts = ledger.read_layer("units", "level = 'district'", columns=["unit_id", "name"])
    if districts.empty:
        raise LedgerInputError("the ledger has no district units to map", layer="units", field="level")
    districts = districts.join(view.totals[total_columns], on="unit_id")
    texts, computed, tops = [], [], []
    for i, unit_id in enumerate(districts["unit_id"]):
        texts.append(sources_text(view.factor_sources(unit_id)))
        first, last, _ = view.computed_range(unit_id)
        computed.append(f"{first} – {last}" if first else "")
        top_rows = view.top_entries(unit_id, top)
        top_rows.insert(0, "district_id", unit_id)
        tops.append(top_rows)
        progress(0.3 + 0.4 * (i + 1) / len(districts), None)
    districts["factor_sources"] = texts
    districts["computed"] = computed
    level = atlas_map_level(view.hierarchy)
    units = ledger.read_layer("units", "level = ?", (level,), columns=["unit_id", "level", "area_m2"])
    units = units.join(view.totals[total_columns], on="unit_id")
    links = ledger.read_layer("links", columns=["unit_id", "level", "length_m"]).join(view.totals[total_columns], on="unit_id")
    progress(1.0, "map layers read")
    return {"districts": districts, "units": units, "links": links, "top": pd.concat(tops, ignore_index=True)}


def top_unit(hierarchy):
    """unit_id of the first unit without a parent (the city), or None."""
    parents = hierarchy["parent_id"]
    tops = hierarchy.loc[parents.isna() | ~parents.isin(hierarchy["unit_id"]), "unit_id"]
    return tops.iloc[0] if len(tops) else None


def scenario_comparison(ledger, names, unit_id=None, progress=None):
    """Net of one unit (default the city) in each scenario, with its interval and change vs baseline.

    Returns a DataFrame scenario, source_t, sink_t, net_t, net_low_t, net_high_t, delta_t
    (t CO2e/yr; delta_t = net_t minus the baseline's net_t), one row per name in ``names``.
    """
    progress = progress or NO_PROGRESS
    hierarchy = read_hierarchy(ledger)
    unit_id = unit_id or top_unit(hierarchy)
    rows = []
    for i, name in enumerate(names):
        totals = totals_module.unit_totals(read_entries(ledger, name), hierarchy[["unit_id", "parent_id"]])
        rows.append(dict(totals.loc[unit_id].to_dict(), scenario=name))
        progress((i + 1) / len(names), name)
    frame = pd.DataFrame(rows, columns=["scenario"] + list(totals_module.TOTAL_COLUMNS))
    base = totals_module.unit_totals(read_entries(ledger, BASELINE), hierarchy[["unit_id", "parent_id"]]).at[unit_id, "net_t"] \
        if BASELINE not in names else frame.loc[frame["scenario"] == BASELINE, "net_t"].iloc[0]
    frame["delta_t"] = frame["net_t"] - base
    return frame
