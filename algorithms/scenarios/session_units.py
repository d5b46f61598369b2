"""The units a chessboard session asks about: their attributes, family and base net, one unit at a time.

A :class:`~.chessboard.Chessboard` asks five things of the units: a unit's attributes (``record``), the units
below it (``below``, for a land-use conversion) and their ``level`` (the buildings a conversion keeps), the unit
and its ancestors (``ancestors``) and the base scenario's net of a unit with its descendants (``base_net``,
t CO2e/yr). Two answers:

- :class:`TreeUnits`: every unit and link in memory (a base read whole: a ledger whose city has no totals
  stored, the scenario comparison), the base net rolled up from the base's entries;
- :class:`StoredUnits`: a ledger's units and links read by id through its indexes (``ledger.unit_lookup``),
  the base net the totals of the inventory year stored on them (the latest year) or in ``year_totals``, plus,
  for a stored scenario, the change of the units its chain touched: a session on the baseline of a
  1,000,000-parcel city reads its top unit when it starts, and an edit reads the rows of the units it touches
  and of their ancestors.

Both give the same answers for the same ledger: ``below`` breadth first with each unit's children in the
order of the units' then the links' fids (``Hierarchy.below`` over units then links, as ``read_units`` reads
them). No QGIS import.
"""
import numpy as np

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger import composition, totals, unit_lookup, years
from ..ledger.hierarchy import MAX_DEPTH, Hierarchy
from ..ledger.schema import BASELINE

UNIT_COLUMNS = ("unit_id", "parent_id", "level", "land_use", "area_m2", "floor_area_m2", "floors", "length_m")
"""Unit attributes the measures read (from the units and links layers)."""

ROWS_PER_READ = 500
"""Unit ids read at a time by id (each one an SQL parameter)."""


def _record(values):
    """A unit's attributes as a dict, NaN as None."""
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in values.items()}


def _first_at_level(units, unit_id, level):
    """The unit itself or its nearest ancestor whose level is ``level`` (its id), or None; ``units`` a
    TreeUnits or StoredUnits."""
    return next((a for a in units.ancestors(unit_id) if units.record(a)["level"] == level), None)


class TreeUnits:
    """Every unit and link in memory. units: DataFrame with UNIT_COLUMNS of every unit and link (missing
    columns NaN); base: the base scenario's complete entries, rolled up to each unit's net."""

    def __init__(self, units, base):
        units = units.reindex(columns=list(UNIT_COLUMNS), copy=False)
        self.tree = Hierarchy(units)
        self.units = units.set_axis(self.tree.ids.rename("unit_id"))  # the tree's hash table of the ids, shared
        self.totals = totals.unit_totals(base, self.tree)
        self.tree.below(np.zeros(0, dtype=np.int64))  # the children's index, built here (in a task), not on a pick

    def record(self, unit_id):
        """UNIT_COLUMNS of ``unit_id`` as a dict (NaN as None), or None for an id not in the ledger."""
        return _record(self.units.loc[unit_id].to_dict()) if unit_id in self.units.index else None

    def below(self, unit_id):
        """Ids of the unit and every unit and link below it, breadth first."""
        return self.tree.ids[self.tree.below(self.tree.codes([unit_id]))].tolist()

    def level(self, unit_id):
        """Level of ``unit_id``."""
        return self.units.at[unit_id, "level"]

    def ancestors(self, unit_id):
        """Ids of the unit and its ancestors, the top last (a walk up the parent codes, no whole-city chain)."""
        code, found = self.tree.codes([unit_id])[0], []
        while code >= 0 and len(found) <= MAX_DEPTH:
            found.append(code)
            code = self.tree.parent[code]
        return self.tree.ids[found].tolist()

    def ancestor_at_level(self, unit_id, level):
        """The unit itself or its nearest ancestor at ``level`` (its id), or None."""
        return _first_at_level(self, unit_id, level)

    def base_net(self, unit_id):
        """Base net of the unit with its descendants (t CO2e/yr)."""
        return float(self.totals.at[unit_id, "net_t"])


class StoredUnits:
    """A ledger's units and links read by id, with the base totals of inventory year ``year`` (an
    InventoryYear, or None for a ledger without years) stored on them (``latest``) or in ``year_totals``.
    read_entries: the base entries of a list of unit ids (what the session reads per edit), for a unit whose
    stored net is NULL. Rows once read are kept (an edit reads a handful; a district's conversion its ids)."""

    def __init__(self, ledger, year, latest, read_entries):
        self.ledger = ledger
        self._year = years.match(year)
        self._latest = latest
        self._read_entries = read_entries
        self._rows = {}
        self._nets = {}
        self._changes = {}  # unit_id -> change of its base net from the baseline's (a scenario's units), t CO2e/yr
        self._levels = {}  # unit_id -> level, of the units ``below`` read
        self._remember(unit_lookup.tops(ledger, self._columns()))

    @classmethod
    def read(cls, ledger, year, latest, read_entries):
        """The StoredUnits of ``ledger``, or None when a top unit (the city) has no base net stored."""
        units = cls(ledger, year, latest, read_entries)
        tops = list(units._rows)  # the rows read so far: the top units'
        return units if tops and not any(np.isnan(units._stored_net(unit)) for unit in tops) else None

    def _columns(self):
        return list(UNIT_COLUMNS) + (["net_t"] if self._latest else [])

    def _remember(self, rows):
        for record in rows.to_dict("records"):
            if not self._latest:
                record["net_t"] = np.nan  # read from year_totals when asked
            self._rows[record["unit_id"]] = record

    def _row(self, unit_id):
        if unit_id not in self._rows:
            self._remember(unit_lookup.rows_of(self.ledger, self._columns(), [unit_id]))
        return self._rows.get(unit_id)

    def record(self, unit_id):
        """UNIT_COLUMNS of ``unit_id`` as a dict (NaN as None), or None for an id not in the ledger."""
        row = self._row(unit_id)
        return None if row is None else _record({c: row[c] for c in UNIT_COLUMNS})

    def below(self, unit_id):
        """Ids of the unit and every unit and link below it, breadth first (its subtree read through the
        parent_id indexes, ordered as TreeUnits orders it); their levels are kept (``level``)."""
        rows = unit_lookup.subtree_rows(self.ledger, ["unit_id", "parent_id", "level"], unit_id)
        if not len(rows):
            return [unit_id]
        self._levels.update(zip(rows["unit_id"], rows["level"], strict=True))
        tree = Hierarchy(rows)
        return tree.ids[tree.below(tree.codes([unit_id]))].tolist()

    def level(self, unit_id):
        """Level of ``unit_id`` (a unit read by ``below`` or by id)."""
        return self._levels[unit_id] if unit_id in self._levels else self.record(unit_id)["level"]

    def ancestors(self, unit_id):
        """Ids of the unit and its ancestors, the top last (each read by id)."""
        found, row = [], self._row(unit_id)
        while row is not None and row["unit_id"] not in found:
            if len(found) > MAX_DEPTH:
                raise LedgerInputError(tr("the unit hierarchy has a cycle (deeper than {depth} levels) at unit "
                                          "'{unit_id}'").format(depth=MAX_DEPTH, unit_id=unit_id),
                                       layer="units", field="parent_id")
            found.append(row["unit_id"])
            parent = row["parent_id"]
            row = None if parent is None or parent != parent else self._row(parent)
        return found

    def ancestor_at_level(self, unit_id, level):
        """The unit itself or its nearest ancestor at ``level`` (its id), or None."""
        return _first_at_level(self, unit_id, level)

    def _stored_net(self, unit_id):
        """The stored base net of ``unit_id`` (t CO2e/yr), NaN when NULL or not stored."""
        row = self._row(unit_id)
        if self._latest or not np.isnan(row["net_t"]):
            return float(row["net_t"])
        stored = self.ledger.read_table("year_totals", ["net_t"], {"unit_id": unit_id, **self._year})
        row["net_t"] = float(stored["net_t"].iloc[0]) if len(stored) else np.nan
        return row["net_t"]

    def shift_nets(self, touched, read_baseline):
        """Base nets of a scenario: each stored net plus the change of the ``touched`` units (ids) below it, their
        own direct entries as the scenario holds them (``read_entries``) less the baseline's (``read_baseline``,
        a callable like it). Reads the touched units' rows and entries, ROWS_PER_READ ids at a time."""
        touched = list(touched)
        own = {}
        for first in range(0, len(touched), ROWS_PER_READ):
            ids = [unit for unit in touched[first:first + ROWS_PER_READ] if unit not in self._rows]
            if ids:
                self._remember(unit_lookup.rows_of(self.ledger, self._columns(), ids))
            part = touched[first:first + ROWS_PER_READ]
            for sign, entries in ((1.0, self._read_entries(part)), (-1.0, read_baseline(part))):
                direct = entries[entries["flow"].isin(("source", "sink"))]
                for unit, net in direct.groupby("unit_id")["co2e_t"].sum().items():
                    own[unit] = own.get(unit, 0.0) + sign * net
        for unit, change in own.items():
            for ancestor in self.ancestors(unit):
                self._changes[ancestor] = self._changes.get(ancestor, 0.0) + change

    def base_net(self, unit_id):
        """Base net of the unit with its descendants (t CO2e/yr): the stored one (with a scenario's changes), or
        where it is NULL the sum of the source and sink entries of its subtree (read through the indexes)."""
        if unit_id not in self._nets:
            net = self._stored_net(unit_id) + self._changes.get(unit_id, 0.0)
            if np.isnan(net):
                rows = unit_lookup.subtree_rows(self.ledger, ["unit_id"], unit_id)
                entries = self._read_entries(rows["unit_id"].tolist())
                net = float(entries.loc[entries["flow"].isin(("source", "sink")), "co2e_t"].sum())
            self._nets[unit_id] = net
        return self._nets[unit_id]


def stored_units(ledger, base, year=None):
    """(StoredUnits, read) of scenario ``base`` of ``ledger`` (the baseline of inventory ``year``, int, None for the
    latest; a scenario starts from its own year): read(unit_ids) gives the base's entries of those units
    (``composition.unit_reader``). StoredUnits is None when the city's totals of that year are not stored."""
    read, owner, chosen = composition.unit_reader(ledger, base, year)
    units = StoredUnits.read(ledger, chosen, chosen == ledger.inventory_year(), read)
    if units is not None and owner:
        units.shift_nets(owner, lambda ids: ledger.entries_of_units(ids, BASELINE, ["unit_id", "flow", "co2e_t"],
                                                                    years.match(chosen)))
    return units, read
