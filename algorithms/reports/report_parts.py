"""The entries of a report's tables read a part at a time (issue 22): what each table needs, no whole-city frame.

:class:`ReportParts` takes the entries of one scenario part by part in fid order and keeps, for the tables of
``inventory``: the sums of the flows with their intervals (``group_parts.GroupSums``), the source and sink sums per
unit (the check of the stored totals, ``totals.DirectSums``, or their roll-up with intervals, ``totals.RollUp``, for a
ledger never rolled up), the sum of each (unit, sector) of the sources and of the sinks (the top flows: only the
chosen groups' entries are read again, for their intervals), the units that carry an entry (the coverage note), the
life-cycle and avoided entries whole (few), and of every entry only the columns of the GPC, method, factor and
quality tables, their texts as codes (spelled, one object per distinct text, for each table in turn). Every number is
the one of the tables made from all the entries at once, to the bit: each sum adds its terms in the same order (those
four tables' pandas sums need every entry's value in order: 48 bytes an entry are held for them).
"""
import numpy as np
import pandas as pd

from ..ledger import intervals, schema, totals
from ..ledger.group_parts import GroupSums
from ..ledger.hierarchy import Hierarchy
from ..ledger.schema import LIFECYCLE
from ..ledger.subtree_sums import held_sums
from ..ledger.unit_codes import UnitCodes

READ_COLUMNS = ("unit_id", "flow", "sector", "gpc_sector", "scope", "method", "factor_id", "co2e_t", "low_t", "high_t",
                *intervals.CORRELATED[1:4], "inputs_hash", *intervals.PROXY[1:])
"""Entry columns the report's tables read (their sums, intervals and notes)."""
HELD_COLUMNS = ("flow", "gpc_sector", "scope", "method", "factor_id", "co2e_t", "low_t", "high_t")
"""Columns held of every entry: those of the GPC, method, factor and quality tables."""
SHARED_TEXT = ("flow", "sector", "gpc_sector", "method", "factor_id")
"""Entry text columns of few values: one object per distinct text (and a code per entry among the held columns)."""
AVOIDED_COLUMNS = ("unit_id", "flow", "co2e_t")
"""Columns of the avoided entries kept, unit_id as the unit's code in the tree (-1 for an id no unit has)."""
FLOWS = ("avoided", "sink", "source")
"""The flows summed with their intervals (``inventory.flow_table``), in sorted order."""
BATCH_ROWS = 50_000


def unit_columns(ledger, columns):
    """``columns`` of every unit, then every link, in fid order ({column: numpy array})."""
    parts = [ledger.read_arrays(layer, list(columns)) for layer in ("units", "links")]
    parts = [part for part in parts if len(part[columns[0]])] or parts[:1]
    return {column: np.concatenate([part[column] for part in parts]) for column in columns}


def read_tree(ledger):
    """(the Hierarchy of every unit and link numbered by its code, ``unit_codes.UnitCodes``: the tree's ids are the
    codes, no unit_id text is held; the UnitCodes; each one's level as (int8 codes, the distinct levels))."""
    units, parents, _ = UnitCodes.read(ledger)
    return Hierarchy.of_codes(pd.RangeIndex(len(units)), parents), units, units.levels()


def unit_rows(ledger, match, columns):
    """``columns`` of the units, then the links, with the values of ``match``, in fid order (a DataFrame)."""
    parts = [pd.DataFrame(ledger.matching_arrays(layer, list(columns), match), columns=list(columns))
             for layer in ("units", "links")]
    return pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)


class ReportParts:
    """What the report's tables need of entries added part by part in fid order (see the module docstring).

    tree: the Hierarchy of the units and links numbered by their codes in ``units`` (a ``unit_codes.UnitCodes``,
    ``read_tree``); rolled: a RollUp of the direct entries is kept (units' totals with intervals, for a ledger whose
    stored totals were never rolled up), else only their sums."""

    def __init__(self, tree, units, rolled=False):
        self.tree, self.units, self.extra, self.pool, self.texts, self.sectors = tree, units, {}, {}, [], {}
        self.held = {column: [] for column in HELD_COLUMNS}  # texts as codes in ``texts``, numbers as read
        self.lifecycle, self.avoided, self.nulls, self.count, self.ranks = [], [], set(), 0, None
        self.flows = GroupSums(len(FLOWS))
        self.direct = totals.RollUp() if rolled else totals.DirectSums(tree)
        self.covered = np.zeros(len(tree), dtype=bool)
        # per flow: sorted keys unit code << 16 | sector code (a few dozen sectors), and their sums (t CO2e/yr, 0)
        self.pairs = {flow: (np.zeros(0, dtype=np.int64), np.zeros((0, 2))) for flow in ("source", "sink")}

    def add(self, batch):
        """Add the entries of ``batch`` (a DataFrame with READ_COLUMNS), after those added."""
        batch, codes = self._shared(batch.reset_index(drop=True))
        self.count += len(batch)
        units = self._unit_codes(batch["unit_id"].to_numpy(dtype=object))
        known = np.where(units < len(self.tree), units, -1)
        flow = batch["flow"].to_numpy(dtype=object)
        if isinstance(self.direct, totals.RollUp):
            direct = np.flatnonzero((flow == "source") | (flow == "sink"))
            self.direct.add(known[direct], batch.iloc[direct].reset_index(drop=True))
        else:
            self.direct.add_entries(known, batch)
        self.covered[known[known >= 0]] = True
        grouped = pd.Index(FLOWS).get_indexer(flow)
        rows = np.flatnonzero(grouped >= 0)
        self.flows.add(grouped[rows], batch.iloc[rows].reset_index(drop=True), units[rows])
        sector = self._sector_codes(batch["sector"].to_numpy(dtype=object))
        for name in self.pairs:
            rows = np.flatnonzero((flow == name) & (units >= 0) & (sector >= 0))
            self.pairs[name] = held_sums(*self.pairs[name], (units[rows] << 16) | sector[rows], np.column_stack(
                [batch["co2e_t"].to_numpy(dtype=float)[rows], np.zeros(len(rows))]))
        self.lifecycle.append(batch[flow == LIFECYCLE])
        avoided = flow == "avoided"
        self.avoided.append(batch.loc[avoided, list(AVOIDED_COLUMNS)].assign(unit_id=known[avoided]))
        for column, held in self.held.items():
            held.append(codes[column] if column in codes else batch[column].to_numpy())
        self.nulls.update(c for c in schema.integer_columns("entries") if c in batch and batch[c].isna().any())

    def _shared(self, batch):
        """(``batch`` with each text of the SHARED_TEXT columns one object per distinct value over all parts, the
        code of each in ``texts`` per column (int32, -1 for NULL))."""
        shared, codes = {}, {}
        for column in SHARED_TEXT:
            local, distinct = pd.factorize(batch[column].to_numpy(dtype=object))
            for value in distinct:
                if value not in self.pool:
                    self.pool[value] = len(self.texts)
                    self.texts.append(value)
            codes[column] = np.array([self.pool[v] for v in distinct] + [-1], dtype=np.int32)[local]
            shared[column] = self._spelled(codes[column])
        return batch.assign(**shared), codes

    def _spelled(self, codes):
        """The texts of ``codes`` (in ``texts``) as an object array, None for -1."""
        return np.array(self.texts + [None], dtype=object)[codes]

    def entries(self, columns):
        """The held ``columns`` (of HELD_COLUMNS) of every entry added, as read (``_as_read``), texts shared."""
        for column, held in self.held.items():  # one array per column from here on
            if isinstance(held, list):
                self.held[column] = np.concatenate(held) if held else \
                    np.zeros(0, dtype=np.int32 if column in SHARED_TEXT else float)
        return self._as_read(pd.DataFrame({c: self._spelled(self.held[c]) if c in SHARED_TEXT else self.held[c]
                                           for c in columns}, columns=list(columns)))

    def _unit_codes(self, ids):
        """A code per unit_id: its code in the tree, or after the tree's for an id not in it; -1 for none."""
        codes = self.units.codes(ids)
        for row in np.flatnonzero((codes < 0) & pd.notna(ids)):
            codes[row] = len(self.tree) + self.extra.setdefault(ids[row], len(self.extra))
        return codes

    def _sector_codes(self, sectors):
        """A code per sector text, numbered over all parts (-1 for none)."""
        codes, distinct = pd.factorize(sectors)
        return np.array([self.sectors.setdefault(v, len(self.sectors)) for v in distinct] + [-1],
                        dtype=np.int64)[codes]

    def unit_ids(self, codes):
        """The unit_id text of unit codes (``_unit_codes``)."""
        codes = np.asarray(codes, dtype=np.int64)
        inside = codes < len(self.units)
        spelled = np.full(len(codes), None, dtype=object)
        spelled[inside] = self.units.unit_ids(codes[inside])
        spelled[~inside] = np.array(list(self.extra) + [None], dtype=object)[codes[~inside] - len(self.units)]
        return spelled

    def lifecycle_entries(self):
        """The life-cycle entries added, with READ_COLUMNS (``_as_read``)."""
        return self._whole(self.lifecycle, READ_COLUMNS)

    def avoided_entries(self):
        """The avoided entries added, with AVOIDED_COLUMNS (``_as_read``; unit_id their units' codes in the tree)."""
        return self._whole(self.avoided, AVOIDED_COLUMNS)

    def _whole(self, parts, columns):
        """One frame of ``parts`` (frames with ``columns``), ``_as_read``."""
        return self._as_read(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns)))

    def _as_read(self, frame):
        """``frame`` with its INTEGER columns int64 unless some entry added held a NULL there."""
        whole = {c: np.int64 for c in schema.integer_columns("entries") if c in frame and c not in self.nulls}
        return frame.astype(whole, copy=False)

    def release_units(self):
        """Let go of what the tables per unit needed (the tree, the sums per unit and per (unit, sector)): the flows'
        parts (``flow_sums``) and the held columns of every entry remain."""
        self.tree = self.units = self.ranks = self.direct = self.pairs = self.covered = self.extra = None

    def flow_sums(self):
        """Sum, low and high (t CO2e/yr) of each of FLOWS, a DataFrame indexed by flow (once: the flows' parts are
        let go, only the held columns of every entry remain)."""
        flows, self.flows = self.flows, None
        total, low, high = flows.sums()
        return pd.DataFrame({"co2e_t": total, "low_t": low, "high_t": high}, index=list(FLOWS))

    def group_sums(self, flow):
        """(unit, sector, co2e_t) of every (unit, sector) of ``flow`` ('source' or 'sink') in the order of their
        (unit_id, sector) texts, unit as its code (``unit_ids`` spells it): the groups of ``inventory.top_flows``,
        summed as it sums them."""
        keys, sums = self.pairs[flow]
        units, sector = keys >> 16, keys & 0xFFFF
        if (units >= len(self.units)).any():  # an id no unit has: placed among the others by its text
            unit_order = pd.factorize(self.unit_ids(units), sort=True)[0]
        else:
            if self.ranks is None:
                self.ranks = self.units.ranks()
            unit_order = self.ranks[units]
        sectors = np.array(list(self.sectors), dtype=object)
        order = np.lexsort((pd.factorize(sectors, sort=True)[0][sector], unit_order))
        return pd.DataFrame({"unit": units[order], "sector": sectors[sector[order]], "co2e_t": sums[order, 0]})
