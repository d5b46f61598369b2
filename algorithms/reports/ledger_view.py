"""What the docks and the district atlas ask of a ledger: one scenario's entries and totals per unit.

A :class:`LedgerView` holds one scenario's entries (t CO2e/yr, sources positive, sinks negative),
the unit hierarchy (units and links) and the roll-up totals of ``totals.unit_totals``, so that a
click on the map is answered from memory: a unit's entries grouped by flow and sector with
their 95% intervals, its parent and children with their totals, its top sources and sinks, the
factor sources it rests on, and the deltas against another scenario. Intervals of sums are
those of ``ledger.intervals`` and the tree walks those of ``ledger.hierarchy``. No QGIS import.
"""
import json

import numpy as np
import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import intervals, totals as totals_module
from ..ledger.hierarchy import Hierarchy
from ..core.progress import NO_PROGRESS


ENTRY_COLUMNS = (
    "entry_id", "unit_id", "scenario", "flow", "sector", "gpc_sector", "scope", "carrier",
    "activity", "activity_unit", "activity_low", "activity_high", "factor_id", "factor", "factor_unit",
    "co2e_t", "low_t", "high_t", "method", "source", "inputs_hash", "proxy_error", "proxy_share",
    "proxy_concentration", "computed_at", "algorithm_version",
)
"""Entry columns a view keeps (the ones the docks and the atlas show, and those intervals of sums need)."""
ATLAS_ENTRY_COLUMNS = tuple(c for c in ENTRY_COLUMNS if c not in (
    "entry_id", "scenario", "gpc_sector", "scope", "carrier", "activity_unit", "method"))
"""Those the district atlas needs (sums, intervals, factor sources, computed range): a third less to hold."""

HIERARCHY_COLUMNS = ("unit_id", "parent_id", "level", "name")


def read_hierarchy(ledger):
    """unit_id, parent_id, level, name of every unit and link of ``ledger`` (a ledger.Ledger; Arrow reads)."""
    return pd.DataFrame(ledger.units_and_links(list(HIERARCHY_COLUMNS)), columns=list(HIERARCHY_COLUMNS))


def scenario_names(ledger):
    """'baseline' first, then the scenarios stored in the ledger's ``scenarios`` table."""
    stored = ledger.read_table("scenarios", columns=["scenario"])["scenario"].tolist()
    return [BASELINE] + [name for name in stored if name != BASELINE]


def inventory_year_names(ledger):
    """The ledger's inventory years as text, the latest first (empty for a ledger without one)."""
    years = ledger.inventory_years()["inventory_year"].astype(int)
    return [str(year) for year in sorted(set(years), reverse=True)]


def read_entries(ledger, scenario=BASELINE, year=None, columns=ENTRY_COLUMNS):
    """All entries of ``scenario`` with ``columns`` (ENTRY_COLUMNS or some of them); a scenario is composed
    on its base. year: inventory year of the baseline (default the latest; a scenario reads the year it
    starts from)."""
    if scenario == BASELINE:
        return ledger.read_entry_columns(list(columns), {"scenario": BASELINE, **ledger.year_match(year)})
    return ledger.scenario_entries(scenario, year).reindex(columns=list(columns))


class LedgerView:
    """One scenario of one ledger, in memory: entries, hierarchy and rolled-up totals.

    entries: DataFrame with ENTRY_COLUMNS (at least unit_id, flow, sector, co2e_t, low_t, high_t,
    t CO2e/yr). hierarchy: DataFrame with unit_id, parent_id, level, name for every unit and link.
    totals: the units' totals when known (TOTAL_COLUMNS by unit_id, e.g. those stored), else rolled up.

    Units are numbered in depth-first order (``Hierarchy.preorder``), so the units below a unit
    are one contiguous range and, with the entries sorted in that order, so are their entries: a
    click reads one slice; the totals of every unit and their intervals are those of
    ``totals.unit_totals`` (sums up the hierarchy; shared factors and input amounts correlated). Units in a
    parent cycle are left out.
    """

    def __init__(self, entries, hierarchy, scenario=BASELINE, totals=None):
        self.scenario = scenario
        self.hierarchy = hierarchy.reset_index(drop=True)
        self.tree = Hierarchy(self.hierarchy)
        self._ids = pd.Index(self.hierarchy["unit_id"])
        self._tin, size = self.tree.preorder
        self._tout = np.where(self._tin >= 0, self._tin + size, -1)
        position = self._ids.get_indexer(entries["unit_id"])
        keys = np.where(position >= 0, self._tin[np.maximum(position, 0)], -1)
        order = np.argsort(keys, kind="stable")
        self._order = order[keys[order] >= 0]
        self.entries = entries.reset_index(drop=True)
        self._keys = keys[self._order]
        self._unit = position[self._order].astype(np.int64)
        self._codes()
        self.totals = self._all_totals() if totals is None else totals
        self.interval_method = APPROACH1_NOTE

    @classmethod
    def read(cls, ledger, scenario=BASELINE, year=None, columns=ENTRY_COLUMNS):
        """The view of ``scenario`` read from ``ledger`` (a ledger.Ledger), entry ``columns``, of inventory ``year``
        (default the latest; a scenario reads the year it starts from); the latest baseline's unit intervals are those
        stored on the units and links (``stored_totals``), and ``interval_method`` says how they were made."""
        view = cls(read_entries(ledger, scenario, year, columns), read_hierarchy(ledger), scenario)
        latest = ledger.inventory_year()
        if scenario == BASELINE and (year is None or latest is None or int(year) == latest.year):
            view.use_stored_intervals(ledger)
        return view

    def use_stored_intervals(self, ledger):
        """Take the units' net_low_t and net_high_t stored in ``ledger`` where there are any (a
        unit never accounted keeps its Approach 1 interval), and their method (``stored_totals``)."""
        stored, self.interval_method = stored_totals(ledger, self.totals)
        bounds = ["net_low_t", "net_high_t"]
        stored = stored.reindex(self.totals.index)[bounds]
        have = stored.notna().all(axis=1).to_numpy()
        self.totals.loc[have, bounds] = stored.loc[have].to_numpy(dtype=float)

    def _codes(self):
        """Integer codes (flow/sector group, factor, time, version) and values, in sorted order.

        The entries frame itself keeps its order; ``_order`` maps sorted positions to its rows.
        """
        entries, order = self.entries, self._order
        flow_codes, self._flows = pd.factorize(entries["flow"])
        sector_codes, self._sectors = pd.factorize(entries["sector"])
        self._group = (flow_codes.astype(np.int64) * max(len(self._sectors), 1) + sector_codes)[order]
        self._flow = np.asarray(entries["flow"].to_numpy(), dtype=object)[order]
        self._factor = pd.factorize(entries["factor_id"])[0][order]
        time, self._times = pd.factorize(entries["computed_at"], sort=True)
        version, self._versions = pd.factorize(entries["algorithm_version"], sort=True)
        self._time, self._version = time[order], version[order]
        self._value = entries["co2e_t"].to_numpy(dtype=float)[order]

    def _all_totals(self):
        """TOTAL_COLUMNS of every unit, summed up the hierarchy as the stored totals are
        (``totals.rolled_up``: no differences of cumulative sums, whose cancellation at a city's scale
        leaves a small unit's total off by more than the stored totals' tolerance)."""
        direct = (self._flow == "source") | (self._flow == "sink")
        totals = totals_module.rolled_up(self.tree, self._unit[direct],
                                         self._sorted_entries(0, len(self._order))[direct], skip_cycles=True)
        return totals.set_axis(self._ids)

    def _sorted_entries(self, start, end):
        """The sorted entries start:end (a DataFrame, t CO2e/yr), with the columns of their intervals."""
        return self.entries.iloc[self._order[start:end]].reset_index(drop=True)

    def _slice(self, unit_id):
        """Row range of the sorted entries of a unit and its descendants."""
        position = self._ids.get_loc(unit_id)
        start = int(np.searchsorted(self._keys, self._tin[position], "left"))
        return start, int(np.searchsorted(self._keys, self._tout[position], "left"))

    def loaded(self, unit_id):
        """True: every entry is in memory (a ``stored_view.StoredView`` may still have to read them)."""
        return True

    def readable(self, unit_id):
        """True: every entry is in memory (a ``stored_view.StoredView`` leaves a very large ledger's city unread)."""
        return True

    def has_unit(self, unit_id):
        """True if ``unit_id`` is a unit or link of the ledger."""
        return unit_id in self._ids

    def top_unit(self):
        """unit_id of the first unit without a parent (the city), or None."""
        return top_unit(self.tree)

    def unit(self, unit_id):
        """The unit's hierarchy row and totals as a dict (KeyError if unknown)."""
        record = self.hierarchy.iloc[self._ids.get_loc(unit_id)].to_dict()
        record.update(self.totals.loc[unit_id].to_dict())
        return record

    def children(self, unit_id):
        """Direct children of a unit with their totals (DataFrame, largest |net| first)."""
        rows = self.tree.children(self._ids.get_loc(unit_id))
        frame = self.hierarchy.iloc[rows][list(HIERARCHY_COLUMNS)].reset_index(drop=True)
        frame = frame.join(self.totals.iloc[rows].reset_index(drop=True))
        return frame.iloc[np.argsort(-frame["net_t"].abs().to_numpy(), kind="stable")].reset_index(drop=True)

    def parent(self, unit_id):
        """The parent's hierarchy row and totals as a dict, or None at the top."""
        parent = self.tree.parent[self._ids.get_loc(unit_id)]
        return None if parent < 0 else self.unit(self._ids[parent])

    def descendants(self, unit_id):
        """The unit and all units below it (list of unit_id, the unit first, depth-first)."""
        return self._ids[self.tree.descendants(self._ids.get_loc(unit_id))].tolist()

    def unit_entries(self, unit_id):
        """Entries of the unit and its descendants (a DataFrame, depth-first unit order)."""
        start, end = self._slice(unit_id)
        return self.entries.iloc[self._order[start:end]]

    def listed_entries(self, unit_id, per_group):
        """For display: up to ``per_group`` largest |co2e_t| entries per flow and sector, sorted."""
        start, end = self._slice(unit_id)
        order = start + np.argsort(-np.abs(self._value[start:end]), kind="stable")
        group = pd.Series(self._group[order])
        keep = order[(group.groupby(group).cumcount() < per_group).to_numpy()]
        listed = self.entries.iloc[self._order[keep]]
        return listed.sort_values(["flow", "sector"], kind="stable").reset_index(drop=True)

    def by_flow_and_sector(self, unit_id):
        """The unit's account (with descendants) summed per flow and sector, with intervals.

        Returns flow, sector, co2e_t, low_t, high_t (t CO2e/yr), entries (count), sorted.
        """
        start, end = self._slice(unit_id)
        size = max(len(self._flows), 1) * max(len(self._sectors), 1)
        group = self._group[start:end]
        count = np.bincount(group, minlength=size)
        value, low, high = intervals.group_sums(group, size, self._sorted_entries(start, end))
        present = np.flatnonzero(count)
        sectors = max(len(self._sectors), 1)
        frame = pd.DataFrame({
            "flow": np.asarray(self._flows)[present // sectors] if len(present) else [],
            "sector": np.asarray(self._sectors)[present % sectors] if len(present) else [],
            "co2e_t": value[present], "low_t": low[present], "high_t": high[present],
            "entries": count[present],
        })
        return frame.sort_values(["flow", "sector"]).reset_index(drop=True)

    def top_entries(self, unit_id, count=5):
        """The largest sources and sinks under a unit, summed per unit, flow and sector.

        Returns up to ``count`` sources (largest first) then up to ``count`` sinks (most
        negative first): unit_id, name, flow, sector, co2e_t, low_t, high_t (t CO2e/yr), entries.
        The sums are ranked first and intervals worked out for the chosen groups only (each group's
        interval rests on its own entries alone): a district of 100,000 parcels has ~10,000 groups.
        """
        start, end = self._slice(unit_id)
        keys, inverse = self._unit_and_group_keys(start, end)
        sectors = max(len(self._sectors), 1)
        flows = np.asarray(self._flows)[(keys % (max(len(self._flows), 1) * sectors)) // sectors]
        ranked = pd.DataFrame({"flow": flows,
                               "co2e_t": np.bincount(inverse, weights=self._value[start:end], minlength=len(keys))})
        chosen = np.concatenate([ranked[ranked["flow"] == "source"].nlargest(count, "co2e_t").index,
                                 ranked[ranked["flow"] == "sink"].nsmallest(count, "co2e_t").index])
        positions = start + np.flatnonzero(np.isin(inverse, chosen))
        grouped = self._sum_per_unit_and_group(positions).set_index("key")
        top = grouped.loc[keys[chosen]].reset_index(drop=True)
        top.insert(1, "name", self.hierarchy["name"].to_numpy()[self._ids.get_indexer(top["unit_id"])])
        return top

    def _unit_and_group_keys(self, start, end):
        """(distinct keys, key index of each sorted entry start:end): one key per unit, flow and sector."""
        groups = max(len(self._flows), 1) * max(len(self._sectors), 1)
        return np.unique(self._unit[start:end] * groups + self._group[start:end], return_inverse=True)

    def _sum_per_unit_and_group(self, positions):
        """co2e_t of the sorted entries at ``positions`` summed per unit, flow and sector, with intervals
        (t CO2e/yr) and the key of :meth:`_unit_and_group_keys`."""
        groups = max(len(self._flows), 1) * max(len(self._sectors), 1)
        keys, inverse = np.unique(self._unit[positions] * groups + self._group[positions], return_inverse=True)
        value, low, high = intervals.group_sums(
            inverse, len(keys), self.entries.iloc[self._order[positions]].reset_index(drop=True))
        sectors = max(len(self._sectors), 1)
        group = keys % groups
        return pd.DataFrame({
            "key": keys, "unit_id": self._ids[keys // groups],
            "flow": np.asarray(self._flows)[group // sectors], "sector": np.asarray(self._sectors)[group % sectors],
            "co2e_t": value, "low_t": low, "high_t": high,
            "entries": np.bincount(inverse, minlength=len(keys)),
        })

    def factor_sources(self, unit_id):
        """Distinct factors used under a unit: factor_id, factor, factor_unit, source, and weight_t
        (sum of |co2e_t| of the entries citing it, t CO2e/yr), sorted by factor_id."""
        start, end = self._slice(unit_id)
        factor = self._factor[start:end]
        codes = np.unique(factor)
        codes = codes[codes >= 0]
        first = start + np.array([np.argmax(factor == code) for code in codes], dtype=np.int64)
        weight = np.bincount(np.maximum(factor, 0), np.where(factor >= 0, np.abs(self._value[start:end]), 0.0))
        columns = [c for c in ("factor_id", "factor", "factor_unit", "source") if c in self.entries.columns]
        frame = self.entries.iloc[self._order[first]][columns].reset_index(drop=True)
        frame["weight_t"] = weight[codes] if len(codes) else []
        return frame.sort_values("factor_id").reset_index(drop=True)

    def computed_range(self, unit_id):
        """Earliest and latest computed_at and the algorithm versions of the unit's entries."""
        start, end = self._slice(unit_id)
        times = self._time[start:end]
        times = times[times >= 0]
        versions = np.unique(self._version[start:end])
        versions = [str(self._versions[v]) for v in versions if v >= 0]
        if end == start:
            return None, None, []
        if not len(times):
            return None, None, versions
        return str(self._times[times.min()]), str(self._times[times.max()]), versions


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
    net = float(view.unit(unit_id)["net_t"])
    base_net = float(base.unit(unit_id)["net_t"])
    return {"net_t": net, "base_net_t": base_net, "delta_t": net - base_net}


def sources_text(factors, limit=150, count=12):
    """The ``count`` factors with the largest weight_t, by id, as 'factor_id (value unit): source'
    joined by ' · ', sources longer than ``limit`` characters cut with '…' (the full citation stays
    in the ledger's factors table). Returns (text, number of factors left out).

    factors: LedgerView.factor_sources().
    """
    def cut(text):
        text = str(text)
        return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"

    shown = factors.nlargest(count, "weight_t").sort_values("factor_id")
    text = " · ".join(
        f"{row.factor_id} ({row.factor:g} {row.factor_unit}): {cut(row.source)}"
        for row in shown.itertuples(index=False)
    )
    return text, len(factors) - len(shown)


APPROACH1_NOTE = "95%, IPCC Approach 1 with shared factors and input amounts correlated"


def stored_totals(ledger, approach1):
    """Baseline totals as stored on units and links, and how their intervals were made.

    approach1: the independent-entries roll-up of the same entries (TOTAL_COLUMNS by unit_id).
    The stored intervals are those of the last carbonledger:uncertainty run unless an accounting
    run rewrote them since; they are described as such when they differ from ``approach1``. Stored
    totals that are not the sums of the entries are refused (``totals.require_agreement``).
    """
    columns = ["unit_id"] + list(totals_module.TOTAL_COLUMNS)
    stored = pd.concat([ledger.read_columns(layer, columns) for layer in ("units", "links")])
    totals_module.require_agreement(stored, approach1)
    stored = stored.set_index("unit_id")
    return stored, stored_interval_method(ledger, stored, approach1)


def stored_interval_method(ledger, stored, approach1):
    """How the intervals ``stored`` on the units were made (see ``stored_totals``).

    stored: TOTAL_COLUMNS by unit_id as stored; approach1: the independent-entries roll-up for all
    or some of those units (TOTAL_COLUMNS by unit_id). Returns the method's description.
    """
    return interval_method(ledger, same_intervals(stored, approach1))


def same_intervals(stored, approach1):
    """True when the net_low_t and net_high_t ``stored`` (by unit_id) are those of ``approach1`` (by unit_id) for
    every unit in both, to 1e-9 t CO2e/yr or relative."""
    bounds = ["net_low_t", "net_high_t"]
    compared = stored.index.intersection(approach1.index)
    return np.allclose(stored.loc[compared, bounds].to_numpy(dtype=float),
                       approach1.loc[compared, bounds].to_numpy(dtype=float), rtol=1e-9, atol=1e-9, equal_nan=True)


def interval_method(ledger, same):
    """How the stored intervals were made: Approach 1 when they are its intervals (``same``), else the last
    carbonledger:uncertainty run's parameters."""
    if same:
        return APPROACH1_NOTE
    runs = ledger.read_table("runs", ["parameters", "ended_at"], {"algorithm": "carbonledger:uncertainty"})
    last = json.loads(runs["parameters"].iloc[-1]) if len(runs) else {}
    described = ", ".join(f"{k} {v}" for k, v in sorted(last.items()) if k != "scenario")
    return UNCERTAINTY_NOTE.format(parameters=described) if described else STORED_NOTE


UNCERTAINTY_NOTE = "95%, carbonledger:uncertainty ({parameters})"
"""How stored intervals were made by the last carbonledger:uncertainty run ('iterations 1000, method montecarlo,
seed 42')."""
STORED_NOTE = "95%, as stored in the ledger"
"""How stored intervals were made when no run says how."""


def run_parameters(method):
    """[(parameter, value)] of the carbonledger:uncertainty run a description of :func:`interval_method` names
    ('iterations 1000, method montecarlo, seed 42' -> [('iterations', '1000'), ...]), or None for another one."""
    head, _, tail = UNCERTAINTY_NOTE.partition("{parameters}")
    if not (method.startswith(head) and method.endswith(tail)):
        return None
    return [tuple(pair.partition(" ")[::2]) for pair in method[len(head):len(method) - len(tail)].split(", ")]


def top_unit(hierarchy):
    """unit_id of the first unit without a parent (the city), or None. hierarchy: a Hierarchy (a
    view's ``tree``: nothing rebuilt, 0.9 s at 1,000,000 units) or a DataFrame with unit_id and parent_id."""
    tree = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy(hierarchy)
    tops = np.flatnonzero(tree.parent < 0)
    return tree.ids[tops[0]] if len(tops) else None


def scenario_comparison(ledger, names, unit_id=None, progress=None):
    """Net of one unit (default the city) in each scenario, with its interval and change vs baseline.

    Returns a DataFrame scenario, source_t, sink_t, net_t, net_low_t, net_high_t, interval_method,
    delta_t (t CO2e/yr; delta_t = net_t minus the baseline's net_t), one row per name in ``names``.
    The baseline alone has the interval stored on the unit (``LedgerView.use_stored_intervals``: a Monte Carlo run's,
    as the ledger dock shows it); beside other scenarios every row's interval is Approach 1's from its entries, so
    that the rows compare (a Monte Carlo baseline beside Approach 1 scenarios made the intervals jump between rows).
    """
    progress = progress or NO_PROGRESS
    hierarchy = read_hierarchy(ledger)
    unit_id = unit_id or top_unit(hierarchy)
    rows = []
    for i, name in enumerate(names):
        view = LedgerView(read_entries(ledger, name), hierarchy, name)
        if list(names) == [BASELINE]:
            view.use_stored_intervals(ledger)
        rows.append(dict(view.totals.loc[unit_id].to_dict(), scenario=name, interval_method=view.interval_method))
        progress((i + 1) / len(names), name)
    frame = pd.DataFrame(rows, columns=["scenario"] + list(totals_module.TOTAL_COLUMNS) + ["interval_method"])
    if BASELINE in names:
        base = frame.loc[frame["scenario"] == BASELINE, "net_t"].iloc[0]
    else:
        base = LedgerView(read_entries(ledger, BASELINE), hierarchy).totals.at[unit_id, "net_t"]
    frame["delta_t"] = frame["net_t"] - base
    return frame
