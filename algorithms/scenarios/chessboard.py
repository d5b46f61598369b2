"""The chessboard session: a base scenario, edits applied one at a time, deltas at once.

A :class:`Chessboard` holds the base scenario's entries (in memory, or read per edit) and asks the units it
touches of a ``session_units`` source (every unit in memory, or each read by id from the ledger with the base
totals stored on it). ``apply`` re-accounts only the units an edit touches (the unit, and the
units below it for a land-use conversion), and returns the edit's delta and the scenario's
cumulative delta for the unit, its district and the city, with the intervals of
``ledger.intervals`` (what the edits remove and add, shared factors correlated), and the
edit's cost per t CO2e; ``combined`` gives the same for several edits at once (the dock's
preview). Nothing scales with the size of the ledger per edit, so one edit on a
100,000-parcel ledger takes milliseconds (benchmarks/bench_scenario_edit.py); a session on the stored
baseline reads nothing that scales with it when it starts either. ``applyscenario``
uses the same session to write a scenario; the chessboard dock uses it live. Flows in t CO2e/yr.
"""
import dataclasses

import numpy as np
import pandas as pd

from . import economics, measure_effects
from ..ledger import entries as entries_module, intervals, schema
from ..sinks import accounting as sinks
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger.store import utc_now
from .measures import MeasureLibrary
from .session_units import TreeUnits

DELTA_KEYS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")
BUILDING = "building"
"""Unit level of the buildings a land-use conversion keeps (``schema.LEVELS``)."""


SUMS = ("source_t", "sink_t", "avoided_t", "lifecycle_t")
"""An edit's summed flows (t CO2e/yr): the first part of its moments, the second being the
``intervals.Shifts`` of its net."""


def _moments(removed, added):
    """(array of SUMS [source_t, sink_t, avoided_t, lifecycle_t], intervals.Shifts of the net) of an
    edit (t CO2e/yr): added entries count as they are, removed ones ``intervals.negated``, so what an
    edit removes and adds under one factor cancels before the factor's deviation applies; only direct
    flows (source, sink) add deviation, not avoided, grid-supply or life-cycle ones (outside the net)."""
    sums, shifts = np.zeros(len(SUMS)), intervals.Shifts()
    for frame, removing in ((added, False), (removed, True)):
        if not len(frame):
            continue
        frame = intervals.negated(frame) if removing else frame
        flow = frame["flow"].to_numpy()
        value = frame["co2e_t"].to_numpy(dtype=float)
        sums += [value[flow == "source"].sum(), value[flow == "sink"].sum(), value[flow == "avoided"].sum(),
                 value[flow == schema.LIFECYCLE].sum()]
        shifts = shifts + intervals.Shifts.of(frame[(flow == "source") | (flow == "sink")])
    return sums, shifts


def _no_moments():
    return np.zeros(len(SUMS)), intervals.Shifts()


def _added(first, second, sign=1.0):
    """Moments ``first`` plus (sign = 1) or minus (sign = -1) ``second``."""
    return first[0] + sign * second[0], (first[1] + second[1]) if sign > 0 else (first[1] - second[1])


def _as_totals(moments):
    (source, sink, _, _), shifts = moments
    net = source + sink
    low, high = shifts.bounds(net)
    return {"source_t": float(source), "sink_t": float(sink), "net_t": float(net),
            "net_low_t": float(low), "net_high_t": float(high)}


@dataclasses.dataclass
class EditResult:
    """One applied edit: what it was, what it changed, what it costs.

    delta: the edit's own change (t CO2e/yr) with Approach 1 bounds; avoided_t: change of the
    avoided flow (kept out of the net); lifecycle_t: change of the life-cycle flow (GPC VI, outside
    the net, e.g. a new park's construction); sink_added_t / sink_removed_t: new and removed sink
    entries (t CO2e/yr, for the maturity ramp of the timetable); cost: economics.edit_cost on the
    levelised avoided t CO2e/yr (economics.levelised_avoided), life cycle included.
    unit, district, city: cumulative scenario delta at that level (dict with base_net_t, net_t
    and DELTA_KEYS), district and city None when the unit has no such ancestor. moments: the
    edit's (array of SUMS, intervals.Shifts), what ``Chessboard.combined`` adds.
    buildings_kept, buildings_kept_t: the buildings below a converted parcel, which a land-use conversion
    keeps with their entries, and their net after the edit (t CO2e/yr, source and sink entries); 0 for
    other measures.
    """

    seq: int
    unit_id: str
    measure_id: str
    parameters: dict
    touched: list
    delta: dict
    avoided_t: float
    lifecycle_t: float
    sink_added_t: float
    sink_removed_t: float
    cost: dict
    unit: dict
    district: dict
    city: dict
    warnings: list
    new_factors: pd.DataFrame
    moments: tuple
    buildings_kept: int = 0
    buildings_kept_t: float = 0.0


class Chessboard:
    """Scenario edits on top of a base scenario, in memory.

    entries: the base scenario's complete entries (schema.ENTRIES columns), or a callable giving the
    base entries of a list of unit ids (read when an edit touches them; an empty list gives the
    columns). units: DataFrame with UNIT_COLUMNS for every unit and link (missing columns are NaN; the base
    net rolled up from ``entries``, which must then be complete), or a ``session_units.StoredUnits``.
    factors: factor table indexed by factor_id (ledger factors, sink rates, grid factors, and the
    library's effect factors, which are added here). scenario: name given to the new entries.
    discount_rate: % per yr for the cost per t. classes: land-cover class table of the sink
    accounting (default the shipped one).
    """

    def __init__(self, entries, units, factors, library=None, scenario="draft", discount_rate=None, classes=None):
        self.library = library or MeasureLibrary.shipped()
        self.classes = sinks.read_class_table() if classes is None else classes
        self.scenario = scenario
        self.discount_rate = economics.default("discount_rate") if discount_rate is None else discount_rate
        effects = self.library.effect_factors
        self.factors = pd.concat([factors, effects[~effects.index.isin(factors.index)]])
        self._read_base = entries if callable(entries) else None
        self.base = entries([]) if callable(entries) else entries.reset_index(drop=True)
        self._rows = self.base.groupby("unit_id").indices
        self.units = TreeUnits(units, self.base) if isinstance(units, pd.DataFrame) else units
        self._overlay = {}
        self._cumulative = {}
        self.history = []

    def current_entries(self, unit_ids):
        """Current entries (after the edits so far) of ``unit_ids``, one frame."""
        parts = []
        base, rows = self._base_of([unit for unit in unit_ids if unit not in self._overlay])
        for unit in unit_ids:
            if unit in self._overlay:
                parts.append(self._overlay[unit])
            elif unit in rows:
                parts.append(base.iloc[rows[unit]])
        if len(parts) == 1:
            return parts[0].reset_index(drop=True)
        return pd.concat(parts, ignore_index=True) if parts else self.base.iloc[0:0].copy()

    def base_entries(self, unit_ids):
        """The base scenario's entries of ``unit_ids`` (every entry column, as the ledger holds them: what the edits
        of those units started from), one frame in the order of ``unit_ids``."""
        base, rows = self._base_of(list(unit_ids))
        picked = [rows[unit] for unit in unit_ids if unit in rows]
        return base.iloc[np.concatenate(picked)] if picked else base.iloc[0:0]

    def _base_of(self, unit_ids):
        """(frame, {unit_id: its rows in the frame}) holding the base entries of ``unit_ids``: the
        entries in memory, or those of ``unit_ids`` read on demand."""
        if self._read_base is None or not unit_ids:
            return self.base, self._rows
        base = self._read_base(unit_ids)
        return base, base.groupby("unit_id").indices

    def _unit_record(self, unit_id, row):
        record = self.units.record(unit_id)
        if record is None:
            raise LedgerInputError(tr("unit '{unit_id}' is not in the ledger's units or links").format(unit_id=unit_id),
                                   layer="EDITS", field="unit_id", row=row)
        return record

    def meant_unit(self, unit_id, levels):
        """The unit itself or its nearest ancestor at the first of ``levels`` that has one (its id; a building
        stands for its parcel in a parcel measure), else ``unit_id``."""
        if self.units.record(unit_id) is None:
            return unit_id
        found = (self.units.ancestor_at_level(unit_id, level) for level in levels)
        return next((ancestor for ancestor in found if ancestor is not None), unit_id)

    def apply(self, unit_id, measure_id, parameters=None, row=None):
        """Apply one edit; return its EditResult. Raises LedgerInputError naming ``row`` on bad input
        (unknown unit or measure, wrong unit level, out-of-range parameters, no sink rule)."""
        params = self.library.resolve(measure_id, parameters or {}, row=row)
        unit = self._unit_record(unit_id, row)
        measure = self.library.measure(measure_id)
        levels = measure["applies_to"].split(";")
        if unit["level"] not in levels:
            raise LedgerInputError(
                tr("measure '{measure_id}' applies to {levels}, not to the {level} '{unit_id}'").format(
                    measure_id=measure_id, levels=", ".join(levels), level=unit["level"], unit_id=unit_id),
                layer="EDITS", field="unit_id", row=row)
        seq = len(self.history) + 1
        touched = self.units.below(unit_id) if measure["kind"] in measure_effects.DESCENDANT_KINDS else [unit_id]
        current = self.current_entries(touched)
        context = measure_effects.EditContext(unit, current, params, measure, self.factors, self.library,
                                              f"{self.scenario}#{seq}", self.classes, row)
        effect = measure_effects.KINDS[measure["kind"]](context)
        factors = self.factors
        if len(effect.new_factors):
            factors = pd.concat([factors[~factors.index.isin(effect.new_factors.index)], effect.new_factors])
        added = entries_module.finalize_entries(effect.rows, factors, self.scenario, None, utc_now()) \
            if len(effect.rows) else current.iloc[0:0]
        removed = current[effect.removed]
        kept = current[~effect.removed]
        updated = _stacked(kept, added) if len(added) else kept.reset_index(drop=True)
        moments = _moments(removed, added)
        delta = _as_totals(moments)
        previous = {unit: self._overlay.get(unit) for unit in touched}
        if len(touched) == 1:
            self._overlay[unit_id] = updated
        else:
            groups = updated.groupby("unit_id").indices
            for unit in touched:
                self._overlay[unit] = updated.iloc[groups[unit]] if unit in groups else updated.iloc[0:0]
        self._accumulate(unit_id, moments)
        sinks_added = float(added.loc[added["flow"] == "sink", "co2e_t"].sum()) if len(added) else 0.0
        quantity = -delta["net_t"] if measure["cost_basis"] == "avoided_t" else effect.quantity
        avoided = economics.levelised_avoided(delta["net_t"] + moments[0][3], sinks_added, params, self.discount_rate)
        cost = economics.edit_cost(params, quantity, avoided, self.discount_rate)
        result = EditResult(
            seq=seq, unit_id=unit_id, measure_id=measure_id, parameters=params, touched=touched, delta=delta,
            avoided_t=float(moments[0][2]), lifecycle_t=float(moments[0][3]), sink_added_t=sinks_added,
            sink_removed_t=float(-removed.loc[removed["flow"] == "sink", "co2e_t"].sum()) if len(removed) else 0.0,
            cost=cost, unit=None, district=None, city=None, warnings=effect.warnings,
            new_factors=effect.new_factors, moments=moments,
        )
        if measure["kind"] in measure_effects.DESCENDANT_KINDS:
            result.buildings_kept, result.buildings_kept_t = self._kept_buildings(unit_id, touched, updated)
        self._describe(result)
        self.history.append((result, previous))
        return result

    def _kept_buildings(self, unit_id, touched, updated):
        """(number of buildings below ``unit_id`` among the ``touched`` units, their net in ``updated``, the
        touched units' entries after the edit: t CO2e/yr of source and sink entries)."""
        buildings = [unit for unit in touched if unit != unit_id and self.units.level(unit) == BUILDING]
        direct = updated[updated["unit_id"].isin(buildings) & updated["flow"].isin(("source", "sink"))]
        return len(buildings), float(direct["co2e_t"].sum())

    def _accumulate(self, unit_id, moments, sign=1.0):
        for ancestor in self.units.ancestors(unit_id):
            self._cumulative[ancestor] = _added(self._cumulative.get(ancestor, _no_moments()), moments, sign)

    def level_delta(self, unit_id):
        """Cumulative scenario delta of a unit (with its descendants): base_net_t, scenario_net_t and
        DELTA_KEYS (t CO2e/yr). The interval is that of the entries the edits removed and added
        (``ledger.intervals``: shared factors correlated across edits), as comparescenarios computes it."""
        moments = self._cumulative.get(unit_id, _no_moments())
        delta = _as_totals(moments)
        base_net = self.units.base_net(unit_id)
        return dict(delta, unit_id=unit_id, base_net_t=base_net, scenario_net_t=base_net + delta["net_t"])

    def _describe(self, result):
        result.unit = self.level_delta(result.unit_id)
        district = self.units.ancestor_at_level(result.unit_id, "district")
        result.district = self.level_delta(district) if district is not None else None
        result.city = self.level_delta(self.units.ancestors(result.unit_id)[-1])

    def combined(self, results):
        """Several edits at once (e.g. one measure on every selected unit): DELTA_KEYS of their summed
        moments (t CO2e/yr, the same interval as the cumulative deltas), lifecycle_t (t CO2e/yr,
        outside the net), annual_cost (currency/yr), avoided_t (levelised t CO2e/yr), cost_per_t
        (currency per t CO2e, NaN when nothing is avoided), buildings_kept and buildings_kept_t (the
        buildings the edits keep on converted parcels and their net, t CO2e/yr)."""
        moments = _no_moments()
        for result in results:
            moments = _added(moments, result.moments)
        delta = _as_totals(moments)
        annual = sum(r.cost["annual_cost"] for r in results)
        avoided = sum(r.cost["avoided_t"] for r in results)
        return dict(delta, lifecycle_t=float(moments[0][3]), annual_cost=annual, avoided_t=avoided,
                    cost_per_t=economics.cost_per_t(annual, avoided),
                    buildings_kept=sum(r.buildings_kept for r in results),
                    buildings_kept_t=sum(r.buildings_kept_t for r in results))

    def undo(self):
        """Take back the last edit; returns its EditResult (None when there is none)."""
        if not self.history:
            return None
        result, previous = self.history.pop()
        for unit, frame in previous.items():
            if frame is None:
                self._overlay.pop(unit, None)
            else:
                self._overlay[unit] = frame
        self._accumulate(result.unit_id, result.moments, sign=-1.0)
        return result

    def touched_units(self):
        """Units whose entries the edits so far re-accounted (in first-touched order)."""
        return list(self._overlay)

    def scenario_rows(self):
        """The re-accounted units' entries (what a scenario stores), one frame, re-keyed under this
        scenario: scenario, fingerprint and entry_id recomputed (entries kept from the base too)."""
        parts = [frame for frame in self._overlay.values() if len(frame)]
        if not parts:
            return self.base.iloc[0:0].copy()
        frame = pd.concat(parts, ignore_index=True)
        frame["scenario"] = self.scenario
        frame["content_digest"], frame["fingerprint"] = entries_module.digests(frame)
        frame["entry_id"] = entries_module.entry_ids(frame)
        return frame

    def used_factors(self):
        """Factor rows the scenario's new entries cite (effect, sink, grid and user-set rows) and the
        rows the edits brought in for their activities (a new park's rates, kWh per EV-km)."""
        frames = [self.factors] + [r.new_factors for r, _ in self.history if len(r.new_factors)]
        table = pd.concat(frames)
        table = table[~table.index.duplicated(keep="last")]
        ids = set(self.scenario_rows()["factor_id"].dropna())
        ids |= {factor_id for r, _ in self.history for factor_id in r.new_factors.index}
        return table[table.index.isin(ids)]

    def results(self):
        """EditResults of the edits applied, in order."""
        return [result for result, _ in self.history]


def _stacked(first, second):
    """``first`` then ``second`` (entry frames), columns all empty in one of them taking the other's dtype
    (pandas' rule until 2.1, done explicitly: from 2.1 it warns that the rule will change)."""
    columns = list(dict.fromkeys([*first.columns, *second.columns]))
    parts = [frame.dropna(axis=1, how="all") for frame in (first, second)]
    return pd.concat(parts, ignore_index=True).reindex(columns=columns)
