"""What a measure does to a unit's entries: the re-accounting of one edit, per measure kind.

Each function takes an :class:`EditContext` (the unit, its current entries, the resolved
parameters, the factor table) and returns an :class:`Effect`: accounting rows to add (the
columns of ``entries.ACCOUNTING_COLUMNS``, finalised by ``entries.finalize_entries``), a mask of
current entries to remove, and factor rows created for user-set effect sizes. Flows are in
t CO2e/yr, sources positive, sinks negative. No literal factor values: rates come from the
``sink_rate_<class>`` rows, grid factors from the building's electricity entries (or the
measure's displaced_factor_id), effect sizes from the parameters and their factor rows.
"""
import dataclasses
import hashlib

import numpy as np
import pandas as pd

from ..ledger import intervals, schema
from ..ledger.composition import DESCENDANT_KINDS  # noqa: F401 (the chessboard reads it here)
from ..sinks import accounting as sinks
from ..greenspace import budget as greenspace_budget
from . import green_lifecycle
from ..core.errors import LedgerInputError
from ..core.messages import Message, tr
from ..ledger.factors import shipped_factors
from ..ledger.sector_names import sector_name

KWH_FACTOR_UNITS = {"kg CO2/kWh": 1e-3, "kg CO2e/kWh": 1e-3, "t CO2/MWh": 1e-3, "t CO2e/MWh": 1e-3,
                    "g CO2/kWh": 1e-6, "g CO2e/kWh": 1e-6}
"""t CO2e per (kWh x factor) for per-kWh grid factor units."""
PV_CARRIERS = ("electricity", "rooftop_pv")
"""Carriers of the grid electricity a rooftop PV displaces (earlier PV edits included)."""
EXPORT_SECTOR = ("energy_supply", "I.4.4", 1)
"""Sector, GPC sector and scope of PV surplus fed to the grid (GPC I.4.4 energy generation supplied to the grid)."""
ROAD_SECTOR = "road_traffic"
"""Sector of the per-vkm road-traffic entries an electrification acts on."""
EV_CHARGING_IN_BUILDINGS = ("ev_charging", "I.1", 2)
EV_CHARGING_ON_ROAD = ("ev_charging", "II.1", 2)
"""Sector, GPC sector and scope of EV charging electricity: metered in buildings, or at public chargers."""
GRID_FACTOR = greenspace_budget.DEFAULT_GRID_FACTOR
"""Grid factor of a new park's irrigation electricity (the green-space budget's default)."""


@dataclasses.dataclass
class EditContext:
    """Everything one edit needs.

    unit: dict of the edited unit (unit_id, level, area_m2, floor_area_m2, floors, length_m).
    entries: current entries of the touched units (the unit, and its descendants for a conversion).
    params: resolved parameters (measures.MeasureLibrary.resolve). measure: the measures.csv row.
    factors: factor table indexed by factor_id. library: the MeasureLibrary. classes: the sink
    accounting's land-cover class table (sinks.read_class_table).
    edit_key: 'scenario#seq', used in the ids of factors made for user-set effect sizes.
    """

    unit: dict
    entries: pd.DataFrame
    params: dict
    measure: dict
    factors: pd.DataFrame
    library: object
    edit_key: str
    classes: pd.DataFrame
    row: object = None


@dataclasses.dataclass
class Effect:
    """Result of one edit: rows to add, current entries removed, new factor rows, cost quantity."""

    rows: pd.DataFrame
    removed: np.ndarray
    new_factors: pd.DataFrame
    quantity: float
    warnings: list


def _hash(parts):
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def _inputs_hash(ctx, affected):
    """SHA-256 over the edit's measure, parameters and the fingerprints of the entries it acts on."""
    fingerprints = sorted(affected["fingerprint"].astype(str)) if "fingerprint" in affected.columns else []
    return _hash([ctx.measure["measure_id"], sorted(ctx.params.items()), *fingerprints])


def _rows(records):
    return pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["unit_id"])


def _area_m2(ctx):
    area = ctx.unit.get("area_m2")
    if area is None or not np.isfinite(area) or area <= 0:
        raise LedgerInputError(tr("unit '{unit_id}' has no area_m2 to plant on").format(unit_id=ctx.unit["unit_id"]),
                               layer="EDITS", field="unit_id", row=ctx.row)
    return float(area)


def _sink_rows(ctx, class_areas_m2, method):
    """Sink accounting rows for {land-cover class: area m2} on the edited unit, made by the sink
    accounting's ``sinks.rate_rows`` (class area x ``sink_rate_<class>`` x -44/12; classes with a
    zero rate give no row; urban_trees area is crown cover, 'ha crown', IPCC Tier 2a). A class
    without a sink rule raises LedgerInputError."""
    known = ctx.classes["class"].tolist()
    for class_name in class_areas_m2:
        if class_name not in known or f"sink_rate_{class_name}" not in ctx.factors.index:
            raise LedgerInputError(
                tr("no sink rule for land-cover class '{land_cover_class}' (not in the class table or no factor "
                   "sink_rate_{land_cover_class})").format(land_cover_class=class_name),
                layer="EDITS", field="parameters", row=ctx.row)
    areas = np.array([[class_areas_m2.get(name, 0.0) for name in known]])
    crown = class_areas_m2.get(sinks.CROWN_CLASS)
    rows = sinks.rate_rows([ctx.unit["unit_id"]], areas, ctx.classes,
                           crown_m2=None if crown is None else np.array([crown]))
    if rows.empty:
        return _rows([])
    rows["method"] = method
    rows["inputs_hash"] = _inputs_hash(ctx, ctx.entries.iloc[0:0])
    return rows


def _effect_factor(ctx, parameter):
    """(factor_id, new factor rows) for an effect-size parameter. The factor row in force (the
    ledger's, else the library's) is cited when the value equals it; another value gets its own
    row ``<factor_id>@<edit_key>`` with the interval scaled from that row."""
    factor_id = ctx.library.effect_factor_id(ctx.measure["measure_id"], parameter)
    in_force = ctx.factors.loc[factor_id]
    value = ctx.params[parameter]
    if value == float(in_force["value"]):
        return factor_id, ctx.factors.loc[[factor_id]]
    scale = value / float(in_force["value"]) if float(in_force["value"]) else 0.0
    row = in_force.copy()
    row["factor_id"] = f"{factor_id}@{ctx.edit_key}"
    row["value"], row["low"], row["high"] = value, float(in_force["low"]) * scale, float(in_force["high"]) * scale
    row["source"] = (f"user parameter {parameter} = {value:g} of edit {ctx.edit_key}; interval scaled from "
                     f"{factor_id} ({in_force['source']})")
    return row["factor_id"], pd.DataFrame([row]).set_index("factor_id", drop=False)


def land_use_conversion(ctx):
    """Parcel -> new land use: its own and its descendants' ongoing vegetation flux (sink entries other than
    land conversion, and the ``sequestration`` sources beside them: the pruning losses of the trees that go,
    IPCC Eq 8.1) and green-space budget entries are replaced by one sink entry per planting-plan class,
    area = parcel area x share (m2), rate sink_rate_<class>. The land-conversion entries of the
    sink accounting (stock change between the two land-cover maps) are history and stay. A green
    target land use (e.g. pocket_park) also carries the new unit's construction and maintenance,
    as the green-space budget would charge it (``green_lifecycle``). Buildings on the parcel stay, and
    so do their entries: the plan re-plants the ground, it does not model a demolition."""
    area = _area_m2(ctx)
    classes = ctx.library.plan_classes(ctx.params["to_land_use"])
    shares = {share: ctx.params[share] for share in ("canopy_share", "lawn_share", "paving_share")}
    shares["remainder"] = max(0.0, 1.0 - sum(shares.values()))
    class_areas = {}
    for share, value in shares.items():
        class_areas[classes[share]] = class_areas.get(classes[share], 0.0) + area * value
    method = f"scenario:{ctx.measure['measure_id']}"
    rows = _sink_rows(ctx, class_areas, method)
    park, new_factors = green_lifecycle.park_lifecycle_rows(
        ctx.unit["unit_id"], area, ctx.params["to_land_use"], class_areas, ctx.factors, GRID_FACTOR)
    if len(park):
        park["method"] = method + ":" + park["method"]
        park["inputs_hash"] = _inputs_hash(ctx, ctx.entries.iloc[0:0])
        rows = pd.concat([frame for frame in (rows, park) if len(frame)], ignore_index=True)
    sector = ctx.entries["sector"]
    removed = (((ctx.entries["flow"] == "sink") & (sector != schema.LAND_CONVERSION))
               | (sector == schema.SEQUESTRATION) | sector.isin(greenspace_budget.LIFECYCLE_SECTORS)).to_numpy()
    return Effect(rows, removed, new_factors, area, [])


def tree_planting(ctx):
    """Adds the planted crown area (trees x crown m2 per tree) as a sink entry of the planted class."""
    crown = ctx.params["trees"] * ctx.params["crown_m2_per_tree"]
    area = _area_m2(ctx)
    if crown > area:
        raise LedgerInputError(
            tr("{trees:g} trees x {crown_m2_per_tree:g} m2 = {crown:g} m2 of crown exceed the unit's area of "
               "{area:g} m2").format(trees=ctx.params["trees"], crown_m2_per_tree=ctx.params["crown_m2_per_tree"],
                                     crown=crown, area=area), layer="EDITS", field="parameters", row=ctx.row)
    rows = _sink_rows(ctx, {ctx.measure["planted_class"]: crown}, f"scenario:{ctx.measure['measure_id']}")
    return Effect(rows, np.zeros(len(ctx.entries), dtype=bool), ctx.library.effect_factors.iloc[0:0],
                  ctx.params["trees"], [])


def _cut_records(ctx, affected, factor_id):
    """One adjustment row per sector and carrier of ``affected`` source entries: activity = their
    t CO2e/yr (with the interval of their sum, ``intervals.sum_interval``: entries sharing a factor
    correlated), factor = the cut share ``factor_id``, conversion -1."""
    records = []
    for (sector, carrier), group in affected.groupby(["sector", "carrier"], sort=True):
        total, low, high = intervals.sum_interval(group)
        first = group.iloc[0]
        records.append({
            "unit_id": ctx.unit["unit_id"], "flow": "source", "sector": sector,
            "gpc_sector": first.get("gpc_sector"), "scope": first.get("scope"),
            "carrier": carrier, "activity": total, "activity_unit": "t CO2e/yr",
            "activity_low": low, "activity_high": high, "factor_id": factor_id, "conversion": -1.0,
            "conversion_note": f"-1: share of the unit's {sector}/{carrier} source entries avoided",
            "method": f"scenario:{ctx.measure['measure_id']}", "inputs_hash": _inputs_hash(ctx, group),
        })
    return records


@dataclasses.dataclass(frozen=True)
class NothingToCut:
    """A target of a measure (``column`` 'sector' or 'carrier', its ``name``) that a unit has no source entries of:
    the edit of the measure named ``measure`` (its measures.csv name, English) changes nothing there. Spelled in
    English by ``str``, said in a translation by ``said_in`` (as a ``messages.Message``: the Processing log, and the
    chessboard dock in the same words)."""

    unit_id: str
    column: str
    name: str
    measure: str

    def message(self, carrier=None):
        """The warning as a ``messages.Message``: a sector named by ``ledger.sector_names``, a carrier by ``carrier``
        (its readable name in the reader's language, which the dock has) or else by its code with underscores as
        spaces, the measure by its name."""
        target = sector_name(self.name) if self.column == "sector" else carrier or self.name.replace("_", " ")
        return tr("{unit} has no source entries of {target}: {measure} changes nothing there.").format(
            unit=self.unit_id, target=target, measure=Message(self.measure))

    def __str__(self):
        return str(self.message())

    def said_in(self, translate):
        return self.message().said_in(translate)


def source_cut(ctx):
    """Per target of the measure (``sector:<name>`` or ``carrier:<name>``), cut share parameter
    ``cut_<name>``: one adjustment entry per sector and carrier of the unit's matching source
    entries, = -(cut share) x their t CO2e/yr, citing the cut's effect factor. Nothing else changes."""
    records, factor_frames, warnings = [], [], []
    sources = ctx.entries[ctx.entries["flow"] == "source"]
    for target in ctx.measure["targets"].split(";"):
        column, name = target.split(":")
        affected = sources[sources[column] == name]
        if affected.empty:
            warnings.append(NothingToCut(ctx.unit["unit_id"], column, name, ctx.measure["name"]))
            continue
        factor_id, frame = _effect_factor(ctx, f"cut_{name}")
        factor_frames.append(frame)
        records += _cut_records(ctx, affected, factor_id)
    rows = _rows(records)
    quantity = _quantity(ctx)
    return Effect(rows, np.zeros(len(ctx.entries), dtype=bool),
                  pd.concat(factor_frames) if factor_frames else ctx.library.effect_factors.iloc[0:0],
                  quantity, warnings)


def _quantity(ctx):
    """Cost quantity of a source cut: 1 per unit, or the building's floor area (m2)."""
    basis = ctx.measure["cost_basis"]
    if basis == "floor_area_m2":
        floor_area = ctx.unit.get("floor_area_m2")
        if floor_area is None or not np.isfinite(floor_area) or floor_area <= 0:
            floor_area = (ctx.unit.get("area_m2") or 0.0) * (ctx.unit.get("floors") or 1.0)
        return float(floor_area)
    return 1.0


def _per_kwh(ctx, factor_id):
    """t CO2e per (kWh x factor value) of a per-kWh grid factor; LedgerInputError otherwise."""
    if factor_id not in ctx.factors.index:
        raise LedgerInputError(tr("grid factor '{factor_id}' is not in the factor table").format(factor_id=factor_id),
                               layer="EDITS", field="measure_id", row=ctx.row)
    unit = ctx.factors.at[factor_id, "unit"]
    if unit not in KWH_FACTOR_UNITS:
        raise LedgerInputError(tr("grid factor '{factor_id}' is in {unit}, not per kWh").format(factor_id=factor_id,
                                                                                               unit=unit),
                               layer="EDITS", field="measure_id", row=ctx.row)
    return KWH_FACTOR_UNITS[unit]


def rooftop_pv(ctx):
    """Generation = footprint x roof share x yield (kWh/yr). Up to the building's remaining grid
    electricity (its electricity t CO2e / grid factor) it displaces that electricity at the factor
    of its largest electricity entry (a negative source entry in that entry's sector); the surplus
    is an ``avoided`` entry (GPC I.4.4), kept out of the net."""
    panel_m2 = _area_m2(ctx) * ctx.params["roof_share"]
    generation = panel_m2 * ctx.params["yield_kwh_m2"]
    electricity = ctx.entries[(ctx.entries["flow"] == "source") & (ctx.entries["carrier"].isin(PV_CARRIERS))]
    grid = electricity[electricity["carrier"] == PV_CARRIERS[0]]
    if len(grid):
        largest = grid.loc[grid["co2e_t"].idxmax()]
        factor_id = largest["factor_id"]
        per_kwh = _per_kwh(ctx, factor_id)
        grid_kwh = max(0.0, float(electricity["co2e_t"].sum()) / (float(ctx.factors.at[factor_id, "value"]) * per_kwh))
        sector = (largest["sector"], largest["gpc_sector"], largest["scope"])
    else:
        factor_id = ctx.measure["displaced_factor_id"]
        per_kwh, grid_kwh, sector = _per_kwh(ctx, factor_id), 0.0, EXPORT_SECTOR
    displaced = min(generation, grid_kwh)
    common = {"unit_id": ctx.unit["unit_id"], "activity_unit": "kWh", "factor_id": factor_id,
              "conversion": -per_kwh, "method": f"scenario:{ctx.measure['measure_id']}",
              "inputs_hash": _inputs_hash(ctx, electricity)}
    records = []
    parts = (("source", "rooftop_pv", displaced, "grid electricity displaced on site", sector),
             ("avoided", "rooftop_pv_export", generation - displaced, "surplus exported", EXPORT_SECTOR))
    for flow, carrier, kwh, note, (sector_id, gpc, scope) in parts:
        if kwh > 0:
            records.append(dict(common, flow=flow, carrier=carrier, sector=sector_id, gpc_sector=gpc, scope=scope,
                                activity=kwh, activity_low=kwh, activity_high=kwh,
                                conversion_note=f"-{per_kwh:g} t per kWh x factor: {note}",
                                related_unit_id=ctx.unit["unit_id"] if flow == "avoided" else None))
    return Effect(_rows(records), np.zeros(len(ctx.entries), dtype=bool), ctx.library.effect_factors.iloc[0:0],
                  panel_m2, [])


def _grid_row(ctx, factor_id):
    """(factor rows to add, t CO2e per kWh x factor) of a grid factor: the ledger's row, else the shipped one."""
    if factor_id in ctx.factors.index:
        return ctx.factors.iloc[0:0], _per_kwh(ctx, factor_id)
    shipped = shipped_factors()
    if factor_id not in shipped.index:
        raise LedgerInputError(tr("grid factor '{factor_id}' is neither in the ledger nor shipped").format(
            factor_id=factor_id),
                               layer="EDITS", field="measure_id", row=ctx.row)
    row = shipped.loc[[factor_id]]
    return row, KWH_FACTOR_UNITS[row.at[factor_id, "unit"]]


def electrification(ctx):
    """A share of a link's vehicle-km moves to battery-electric vehicles. The per-vkm fuel factors
    then apply to combustion vkm only: an adjustment of -ev_share x the link's road_traffic source
    entries (``_cut_records``). The charging electricity is counted, never dropped: kWh = ev_share x
    vkm (the entries' activity) x ev_kwh_per_vkm, at the measure's grid factor (scope 2), booked in
    buildings' electricity (GPC I.1, EV_CHARGING_IN_BUILDINGS) when charging_in_buildings is 1, else
    on the link (GPC II.1). Activity interval: the kWh/vkm row's range."""
    traffic = ctx.entries[(ctx.entries["flow"] == "source") & (ctx.entries["sector"] == ROAD_SECTOR)]
    if traffic.empty:
        return Effect(_rows([]), np.zeros(len(ctx.entries), dtype=bool), ctx.library.effect_factors.iloc[0:0], 1.0,
                      [NothingToCut(ctx.unit["unit_id"], "sector", ROAD_SECTOR, ctx.measure["name"])])
    share_id, share_frame = _effect_factor(ctx, "ev_share")
    kwh_id, kwh_frame = _effect_factor(ctx, "ev_kwh_per_vkm")
    grid_id = ctx.measure["displaced_factor_id"]
    grid_frame, per_kwh = _grid_row(ctx, grid_id)
    vkm = float(traffic.loc[traffic["activity_unit"] == "vkm", "activity"].sum())
    kwh_row = kwh_frame.loc[kwh_id]
    kwh = vkm * ctx.params["ev_share"] * ctx.params["ev_kwh_per_vkm"]
    below, above = (intervals.relative_deviation(float(kwh_row["value"]), float(kwh_row[side]))
                    for side in ("low", "high"))
    low, high = intervals.relative_bounds(kwh, below, above)
    sector, gpc, scope = EV_CHARGING_IN_BUILDINGS if ctx.params["charging_in_buildings"] >= 0.5 else EV_CHARGING_ON_ROAD
    records = _cut_records(ctx, traffic, share_id)
    records.append({
        "unit_id": ctx.unit["unit_id"], "flow": "source", "sector": sector, "gpc_sector": gpc, "scope": scope,
        "carrier": "electricity", "activity": kwh, "activity_unit": "kWh", "activity_low": float(low),
        "activity_high": float(high), "factor_id": grid_id, "conversion": per_kwh,
        "conversion_note": f"{per_kwh:g} t per kWh x factor; kWh = {vkm:g} vkm x {share_id} x {kwh_id}",
        "method": f"scenario:{ctx.measure['measure_id']}", "inputs_hash": _inputs_hash(ctx, traffic),
    })
    new_factors = pd.concat([share_frame, kwh_frame, grid_frame])
    return Effect(_rows(records), np.zeros(len(ctx.entries), dtype=bool),
                  new_factors[~new_factors.index.duplicated()], 1.0, [])


KINDS = {
    "land_use_conversion": land_use_conversion,
    "tree_planting": tree_planting,
    "source_cut": source_cut,
    "rooftop_pv": rooftop_pv,
    "electrification": electrification,
}
"""Measure kind (measures.csv ``kind``) -> re-accounting function."""
