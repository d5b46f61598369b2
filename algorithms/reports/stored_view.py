"""The baseline as the docks open it on a large ledger: stored unit totals now, entries on demand.

A :class:`StoredView` answers what a :class:`ledger_view.LedgerView` answers, with the same
numbers, without reading every entry when it opens: the units' and links' totals and intervals
(t CO2e/yr) are those stored on the layers (``totals.write_unit_totals`` or the last
carbonledger:uncertainty run, which a full LedgerView of the baseline shows too), and a unit's
entries (with its descendants') are read when it is first asked about, through the entries'
(unit_id, scenario) index, into a LedgerView of that subtree. A pick reads a parcel's few
entries; only the city (every entry) takes as long as a full read, and the docks do that off the
GUI thread. Scenarios other than the baseline store no totals: they are read whole
(``open_view``). No QGIS import.
"""
import numpy as np
import pandas as pd

from ..ledger import totals as totals_module
from ..ledger.hierarchy import Hierarchy
from ..ledger.schema import BASELINE
from .ledger_view import ENTRY_COLUMNS, HIERARCHY_COLUMNS, LedgerView, read_entries, stored_interval_method

KEPT_SUBTREES = 4
"""Subtrees whose entries a view keeps in memory besides the top unit's (the last ones asked about)."""

SMALL_SUBTREE = 20_000
"""Units and links below which a subtree's entries are read at once on a click (``loaded``)."""

METHOD_SAMPLE = 50
"""Units whose stored interval is compared with the Approach 1 one to name the method until the
top unit's entries (all of them) are read, when every unit is compared."""


def open_view(ledger, scenario=BASELINE, year=None):
    """The view the docks show: a StoredView of the baseline of the latest inventory year (the year
    whose totals the units and links store), a full LedgerView of a scenario, of an earlier ``year``
    (int) or of a baseline whose totals were never stored on some unit."""
    latest = ledger.inventory_year()
    stored_year = year is None or latest is None or int(year) == latest.year
    view = StoredView.read(ledger) if scenario == BASELINE and stored_year else None
    return LedgerView.read(ledger, scenario, year) if view is None else view


class StoredView(LedgerView):
    """The baseline of ``ledger``: hierarchy and stored totals in memory, entries per subtree on demand.

    stored: {column: array} of unit_id, parent_id, level, name and TOTAL_COLUMNS (t CO2e/yr) of every unit
    and link (units first, fid order); interval_method: how the intervals were made.
    The tree methods (``unit``, ``parent``, ``children``, ``descendants``) are LedgerView's.
    """

    def __init__(self, ledger, stored, interval_method):
        # LedgerView.__init__ is not called: it would sum every entry
        self.ledger = ledger
        self.scenario = BASELINE
        self.hierarchy = pd.DataFrame({c: stored[c] for c in HIERARCHY_COLUMNS})
        self.tree = Hierarchy(self.hierarchy)
        self._ids = self.tree.ids  # one hash table of the ids for the tree, the totals and the lookups
        self._ids.name = "unit_id"
        total_columns = list(totals_module.TOTAL_COLUMNS)
        self.totals = pd.DataFrame(np.column_stack([np.asarray(stored[c], dtype=float) for c in total_columns]),
                                   index=self._ids, columns=total_columns)
        self.interval_method = interval_method
        self._year = ledger.year_match()  # the inventory year whose totals are stored: read once, not per pick
        self._views = {}
        self._top = set(self.tree.ids[np.flatnonzero(self.tree.parent < 0)])

    @classmethod
    def read(cls, ledger, scenario=BASELINE):
        """The baseline of ``ledger`` (a ledger.Ledger): hierarchy and totals as stored on the layers,
        or None when a unit or link has none stored (NULL)."""
        columns = list(HIERARCHY_COLUMNS) + list(totals_module.TOTAL_COLUMNS)
        stored = ledger.units_and_links(columns)
        if any(np.isnan(stored[c].astype(float)).any() for c in totals_module.TOTAL_COLUMNS):
            return None
        view = cls(ledger, stored, None)
        view.interval_method = stored_interval_method(ledger, view.totals, view._sample_approach1())
        return view

    def _sample_approach1(self):
        """Approach 1 totals (TOTAL_COLUMNS by unit_id) of up to METHOD_SAMPLE units with a net flow whose
        children are all leaves (a parcel and its buildings: sums, which a Monte Carlo run changes),
        or of leaves in a ledger without such units."""
        parent, accounted = self.tree.parent, self.totals["net_t"].to_numpy() != 0
        inner = np.zeros(len(parent), dtype=bool)
        inner[parent[parent >= 0]] = True
        above_inner = np.zeros(len(parent), dtype=bool)
        above_inner[parent[inner & (parent >= 0)]] = True
        chosen = np.flatnonzero(accounted & inner & ~above_inner)[:METHOD_SAMPLE]
        if not len(chosen):
            chosen = np.flatnonzero(accounted & ~inner)[:METHOD_SAMPLE]
        codes = np.flatnonzero(np.isin(parent, chosen) | np.isin(np.arange(len(parent)), chosen))
        sample = self.hierarchy.iloc[codes].reset_index(drop=True)
        sample.loc[np.isin(codes, chosen), "parent_id"] = None
        entries = self.ledger.entries_of_units(sample["unit_id"], BASELINE, list(ENTRY_COLUMNS),
                                               self._year)
        return LedgerView(entries, sample).totals.iloc[np.flatnonzero(np.isin(codes, chosen))]

    def loaded(self, unit_id):
        """True when the entries of the unit's subtree are in memory or few enough to read on a click."""
        return unit_id in self._views or self.tree.preorder[1][self._ids.get_loc(unit_id)] < SMALL_SUBTREE

    def _view_of(self, unit_id):
        """The LedgerView of the unit's subtree (its entries read through the index once, then kept)."""
        view = self._views.pop(unit_id, None)
        if view is None:
            codes = self.tree.descendants(self._ids.get_loc(unit_id))
            hierarchy = self.hierarchy.iloc[codes].reset_index(drop=True)
            hierarchy.loc[0, "parent_id"] = None
            whole = len(codes) == len(self._ids)
            if whole:
                entries = read_entries(self.ledger, BASELINE)
            else:
                entries = self.ledger.entries_of_units(hierarchy["unit_id"], BASELINE, list(ENTRY_COLUMNS),
                                                      self._year)
            view = LedgerView(entries, hierarchy, BASELINE, None if whole else self.totals.iloc[codes])
            if whole:  # every unit's Approach 1 interval is known now: name the method as a LedgerView does
                self.interval_method = stored_interval_method(self.ledger, self.totals, view.totals)
        self._views[unit_id] = view
        while len(self._views) > KEPT_SUBTREES + len(self._top):
            oldest = next(key for key in list(self._views) if key not in self._top)
            del self._views[oldest]
        return view

    def unit_entries(self, unit_id):
        """LedgerView.unit_entries, from the unit's subtree."""
        return self._view_of(unit_id).unit_entries(unit_id)

    def listed_entries(self, unit_id, per_group):
        """LedgerView.listed_entries, from the unit's subtree."""
        return self._view_of(unit_id).listed_entries(unit_id, per_group)

    def by_flow_and_sector(self, unit_id):
        """LedgerView.by_flow_and_sector, from the unit's subtree."""
        return self._view_of(unit_id).by_flow_and_sector(unit_id)

    def top_entries(self, unit_id, count=5):
        """LedgerView.top_entries, from the unit's subtree."""
        return self._view_of(unit_id).top_entries(unit_id, count)

    def factor_sources(self, unit_id):
        """LedgerView.factor_sources, from the unit's subtree."""
        return self._view_of(unit_id).factor_sources(unit_id)

    def computed_range(self, unit_id):
        """LedgerView.computed_range, from the unit's subtree."""
        return self._view_of(unit_id).computed_range(unit_id)
