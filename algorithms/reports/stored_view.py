"""The baseline as the docks open it on a large ledger: stored unit totals read by id, entries on demand.

A :class:`StoredView` answers what a :class:`ledger_view.LedgerView` answers, with the same
numbers, without reading the ledger when it opens: a unit's or link's row and totals and intervals
(t CO2e/yr, those stored on the layers by ``totals.write_unit_totals`` or the last
carbonledger:uncertainty run, which a full LedgerView of the baseline shows too) are read by id when
first asked about, its children through the parent_id index (``ledger.unit_lookup``), and a unit's
entries (with its descendants') through the entries' (unit_id, scenario) index, into a LedgerView of
that subtree. Opening the city of 1,000,000 parcels reads its top unit, not 7.3 M rows; a pick reads a
parcel's few entries; only the city (every entry) takes as long as a full read, and the docks do that
off the GUI thread. Scenarios other than the baseline store no totals: they are read whole
(``open_view``). No QGIS import.
"""
import numpy as np
import pandas as pd

from ..ledger import totals as totals_module, unit_lookup
from ..ledger.schema import BASELINE
from .ledger_view import ENTRY_COLUMNS, HIERARCHY_COLUMNS, LedgerView, read_entries, read_hierarchy, \
    stored_interval_method

KEPT_SUBTREES = 4
"""Subtrees whose entries a view keeps in memory besides the top unit's (the last ones asked about)."""

SMALL_SUBTREE = 20_000
"""Units and links below which a subtree's entries are read at once on a click (``loaded``)."""

METHOD_SAMPLE = 50
"""Units whose stored interval is compared with the Approach 1 one to name the method until the
top unit's entries (all of them) are read, when every unit is compared."""

WHOLE_READ_LIMIT = 2_000_000
"""Units and links (at most, by their fids) above which the top unit's entries (every entry of the ledger)
are not read on a click: the city of 1,000,000 parcels (7.3 M units and links, 7.5 M entries) would hold
more than 14 GB; its districts are read."""

SAMPLE_CHILDREN = 2_000
"""Child units of the METHOD_SAMPLE units of a level looked at on the walk down to the sample (their ids are
sent to SQLite as parameters: well within its 32,766)."""

KEPT_ROWS = 100_000
"""Unit and link rows a view keeps once read (the rows asked about since; read again when let go)."""

ROW_COLUMNS = list(HIERARCHY_COLUMNS) + list(totals_module.TOTAL_COLUMNS)


def open_view(ledger, scenario=BASELINE, year=None):
    """The view the docks show: a StoredView of the baseline of the latest inventory year (the year
    whose totals the units and links store), a full LedgerView of a scenario, of an earlier ``year``
    (int) or of a baseline whose top unit has no totals stored."""
    latest = ledger.inventory_year()
    stored_year = year is None or latest is None or int(year) == latest.year
    view = StoredView.read(ledger) if scenario == BASELINE and stored_year else None
    return LedgerView.read(ledger, scenario, year) if view is None else view


class StoredView:
    """The baseline of ``ledger``: unit rows and stored totals read by id, entries per subtree on demand.

    tops: the rows (ROW_COLUMNS) of the units and links without a parent; interval_method: how the
    intervals were made. A unit whose totals were never stored (NULL) is answered from its subtree's
    entries, as a LedgerView sums them.
    """

    def __init__(self, ledger, tops):
        self.ledger = ledger
        self.scenario = BASELINE
        self._tops = tops
        self._rows = {}
        self._remember(tops)
        self._year = ledger.year_match()  # the inventory year whose totals are stored: read once, not per pick
        self._views = {}
        self._small = {}  # unit_id -> subtree small enough to read on a click: counted once
        self.rows_at_most = unit_lookup.rows_at_most(ledger)  # units and links, at most (by their fids)
        self.interval_method = stored_interval_method(ledger, *self._sample_approach1())

    @classmethod
    def read(cls, ledger, scenario=BASELINE):
        """The baseline of ``ledger`` (a ledger.Ledger) as stored on the layers, or None when a unit or link
        without a parent (the city) has no totals stored (NULL)."""
        tops = unit_lookup.tops(ledger, ROW_COLUMNS)
        if np.isnan(tops[list(totals_module.TOTAL_COLUMNS)].to_numpy(dtype=float)).any():
            return None
        return cls(ledger, tops)

    def _remember(self, rows):
        """Keep ``rows`` (ROW_COLUMNS) by unit_id; at most KEPT_ROWS, the oldest let go first."""
        for record in rows.to_dict("records"):
            self._rows[record["unit_id"]] = record
        while len(self._rows) > KEPT_ROWS:
            del self._rows[next(iter(self._rows))]

    def _row(self, unit_id):
        """The stored row of ``unit_id`` (a dict of ROW_COLUMNS), or None for an unknown id."""
        if unit_id not in self._rows:
            self._remember(unit_lookup.rows_of(self.ledger, ROW_COLUMNS, [unit_id]))
        return self._rows.get(unit_id)

    def _sample_approach1(self):
        """(stored, Approach 1) totals (TOTAL_COLUMNS by unit_id) of up to METHOD_SAMPLE units with a net flow
        whose children are all leaves (a parcel and its buildings: sums, which a Monte Carlo run changes), or of
        leaves when none has a net flow; found by walking down from the top units, METHOD_SAMPLE at a level."""
        parents, chosen = self._tops, self._tops.iloc[:0]
        while len(parents):
            ids = parents["unit_id"].tolist()[:METHOD_SAMPLE]
            children = unit_lookup.units_below(self.ledger, ROW_COLUMNS, ids, SAMPLE_CHILDREN)
            below = unit_lookup.units_below(self.ledger, ["parent_id"], children["unit_id"].tolist(), SAMPLE_CHILDREN)
            if not len(below):
                accounted = parents[(parents["net_t"] != 0) & parents["unit_id"].isin(children["parent_id"])]
                chosen = accounted if len(accounted) else children[children["net_t"] != 0]
                break
            parents = children[children["unit_id"].isin(below["parent_id"])]
        chosen = chosen.iloc[:METHOD_SAMPLE]
        ids = chosen["unit_id"].tolist()
        sample = pd.concat([chosen[list(HIERARCHY_COLUMNS)],
                            unit_lookup.children_of(self.ledger, list(HIERARCHY_COLUMNS), ids)], ignore_index=True)
        sample.loc[: len(ids) - 1, "parent_id"] = None
        entries = self.ledger.entries_of_units(sample["unit_id"], BASELINE, list(ENTRY_COLUMNS), self._year)
        stored = chosen.set_index("unit_id")[list(totals_module.TOTAL_COLUMNS)]
        return stored, LedgerView(entries, sample).totals.loc[ids]

    def top_unit(self):
        """unit_id of the first unit without a parent (the city), or None."""
        return self._tops["unit_id"].iloc[0] if len(self._tops) else None

    def has_unit(self, unit_id):
        """True if ``unit_id`` is a unit or link of the ledger."""
        return self._row(unit_id) is not None

    def unit(self, unit_id):
        """The unit's hierarchy row and totals as a dict (KeyError if unknown); a unit without stored totals
        has those of its subtree's entries."""
        record = self._row(unit_id)
        if record is None:
            raise KeyError(unit_id)
        record = dict(record)
        if np.isnan(np.array([record[c] for c in totals_module.TOTAL_COLUMNS], dtype=float)).any():
            record.update(self._view_of(unit_id).totals.loc[unit_id].to_dict())
        return record

    def parent(self, unit_id):
        """The parent's hierarchy row and totals as a dict, or None at the top."""
        parent = self.unit(unit_id)["parent_id"]
        return None if parent is None or parent != parent else self.unit(parent)

    def children(self, unit_id):
        """Direct children of a unit with their totals (DataFrame, largest |net| first)."""
        rows = unit_lookup.children_of(self.ledger, ROW_COLUMNS, [unit_id])
        self._remember(rows)
        rows = pd.DataFrame([self.unit(child) for child in rows["unit_id"]], columns=ROW_COLUMNS) if \
            rows[list(totals_module.TOTAL_COLUMNS)].isna().any(axis=None) else rows
        return rows.iloc[np.argsort(-rows["net_t"].abs().to_numpy(), kind="stable")].reset_index(drop=True)

    def loaded(self, unit_id):
        """True when the entries of the unit's subtree are in memory or few enough to read on a click."""
        if unit_id not in self._small:
            self._small[unit_id] = unit_lookup.subtree_size(self.ledger, unit_id, SMALL_SUBTREE) < SMALL_SUBTREE
        return unit_id in self._views or self._small[unit_id]

    def readable(self, unit_id):
        """False for the top unit of a ledger of more than WHOLE_READ_LIMIT units and links (its entries are
        every entry): the docks show its stored totals and family, not its entries."""
        return not (self._whole(unit_id) and self.rows_at_most > WHOLE_READ_LIMIT)

    def _whole(self, unit_id):
        """True when ``unit_id`` is the ledger's one unit without a parent: its subtree is every unit and link."""
        return len(self._tops) == 1 and self.top_unit() == unit_id

    def _view_of(self, unit_id):
        """The LedgerView of the unit's subtree (its entries read through the index once, then kept)."""
        view = self._views.pop(unit_id, None)
        if view is None:
            view = self._whole_view() if self._whole(unit_id) else self._subtree_view(unit_id)
        self._views[unit_id] = view
        while len(self._views) > KEPT_SUBTREES + len(self._tops):
            oldest = next(key for key in list(self._views) if not self._whole(key))
            del self._views[oldest]
        return view

    def _subtree_view(self, unit_id):
        """The LedgerView of the entries below ``unit_id`` with their stored totals (rolled up where one is NULL)."""
        rows = unit_lookup.subtree_rows(self.ledger, ROW_COLUMNS, unit_id)
        entries = self.ledger.entries_of_units(rows["unit_id"], BASELINE, list(ENTRY_COLUMNS), self._year)
        rows = pd.concat([rows[rows["unit_id"] == unit_id], rows[rows["unit_id"] != unit_id]], ignore_index=True)
        rows.loc[0, "parent_id"] = None
        totals = rows.set_index("unit_id")[list(totals_module.TOTAL_COLUMNS)].astype(float)
        return LedgerView(entries, rows[list(HIERARCHY_COLUMNS)], BASELINE,
                          None if totals.isna().any(axis=None) else totals)

    def _whole_view(self):
        """The LedgerView of every baseline entry; every unit's Approach 1 interval is known then, so the
        method is named from all of them, as a LedgerView does."""
        view = LedgerView(read_entries(self.ledger, BASELINE), read_hierarchy(self.ledger))
        columns = ["unit_id"] + list(totals_module.TOTAL_COLUMNS)
        stored = pd.DataFrame(self.ledger.units_and_links(columns), columns=columns).set_index("unit_id")
        self.interval_method = stored_interval_method(self.ledger, stored, view.totals)
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
