"""Targets and top-down downscaling: which units an activity row lands on, and in what shares.

Units and links get integer codes; ``UnitIndex`` holds their ``Hierarchy`` so that "inside the
target" is a vectorised test. A bottom-up row lands on its target (split by size when a feature
id names several units, e.g. a building cut by a parcel boundary). A top-down row first
subtracts every amount of the same sector and carrier inside its target (metered buildings,
nested district totals), then spreads the remainder over the units inside the target that
those amounts do not already cover, in proportion to the proxy:

    activity_i = (total - sum known inside) x w_i / sum_j w_j
"""
import geopandas as gpd
import numpy as np
import pandas as pd

from .activity import SECTORS
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger import coded_units
from ..ledger.hierarchy import Hierarchy

LAYER = "ACTIVITY"
POPULATION_LEVELS = ("building", "parcel", "block", "district")
"""Population proxy: the finest of these levels with residents inside the target is used."""


class UnitIndex:
    """All units and links with integer codes, their hierarchy, and the codes their targets name.

    table: ``coded_units.coded_units``' table (unit_id as bytes, parent codes, level, land_use and road_class
    as Categoricals, area_m2, floors, floor_area_m2, population, length_m and aadt), the units then the links.
    targets: {target text: int64 codes} of the activity rows' targets that name units (``coded_units.target_codes``).
    facilities: DataFrame with facility_id, unit_id, code and optional carrier, capacity (or None).
    """

    def __init__(self, table, targets, facilities=None):
        self.table = table
        self.tree = Hierarchy.of_codes(pd.RangeIndex(len(table["parent"])), table["parent"])
        self.level = table["level"]
        self.is_link = np.asarray(self.level == coded_units.LINK_LEVEL)
        self.size = _sizes(table)
        self.targets = targets
        self.facilities = facilities
        self.weight_cache = {}

    def __len__(self):
        return len(self.table["parent"])

    def unit_ids(self, codes):
        """unit_id texts of ``codes`` (object array)."""
        return np.char.decode(self.table["unit_id"][codes], "utf-8").astype(object)

    def road_classes(self, codes):
        """road_class of ``codes`` (object array; None where a unit has none)."""
        classes = np.asarray(self.table["road_class"][codes], dtype=object)
        return np.where(pd.isna(classes), None, classes)

    def resolve(self, rows):
        """Codes each activity row's target names: list of int arrays (empty array = whole city).

        Order: ledger unit_id, then source_id (building_id, road_id...), then facility_id.
        """
        resolved = []
        facility_codes = self._facility_codes()
        for position, target in enumerate(rows["target"]):
            if target == "":
                resolved.append(np.array([], dtype=np.int64))
            elif target in self.targets:
                resolved.append(self.targets[target])
            elif target in facility_codes:
                resolved.append(np.array([facility_codes[target]], dtype=np.int64))
            else:
                raise LedgerInputError(
                    tr("target '{target}' is not a unit_id, a source_id of the ledger's units or links, "
                       "nor a facility_id of FACILITIES").format(target=target),
                    layer=LAYER, field="target", row=rows["row_id"].iat[position],
                )
        return resolved

    def _facility_codes(self):
        if self.facilities is None or len(self.facilities) == 0:
            return {}
        return dict(zip(self.facilities["facility_id"].astype(str), self.facilities["code"], strict=False))


def facility_units(ledger, codes, facilities):
    """FACILITIES with each facility's unit_id and its ``code`` (None when there are none): the first building
    unit whose source_id is the facility's building_id, else the building unit containing its point.

    facilities: (Geo)DataFrame with facility_id and building_id and/or point geometry. codes: the ledger's
    ``unit_codes.UnitCodes``.
    """
    if facilities is None or len(facilities) == 0:
        return None
    if "facility_id" not in facilities.columns:
        raise LedgerInputError(tr("missing column 'facility_id'"), layer="FACILITIES", field="facility_id")
    frame = pd.DataFrame(facilities.drop(columns="geometry", errors="ignore")).copy()
    frame["facility_id"] = frame["facility_id"].astype(str)
    if "building_id" in frame:
        buildings = frame["building_id"].astype(str)
        frame["unit_id"] = buildings.map(coded_units.buildings_of_sources(ledger, buildings))
    else:
        frame["unit_id"] = np.nan
    unmatched = frame["unit_id"].isna()
    if unmatched.any() and "geometry" in getattr(facilities, "columns", []):
        units_layer = ledger.units_of_levels(["building"], ["unit_id"])
        points = gpd.GeoDataFrame(
            frame.loc[unmatched, ["facility_id"]],
            geometry=facilities.geometry[unmatched.to_numpy()].values,
            crs=units_layer.crs,
        )
        joined = gpd.sjoin(points, units_layer[["unit_id", "geometry"]], predicate="within", how="left")
        joined = joined[~joined.index.duplicated()]
        frame.loc[unmatched, "unit_id"] = joined["unit_id"].reindex(frame.index[unmatched]).to_numpy()
    if frame["unit_id"].isna().any():
        position = int(np.flatnonzero(frame["unit_id"].isna().to_numpy())[0])
        raise LedgerInputError(
            tr("facility '{facility_id}' lies in no building unit of the ledger").format(
                facility_id=frame["facility_id"].iat[position]),
            layer="FACILITIES",
            field="building_id",
            row=frame["facility_id"].iat[position],
        )
    return frame.assign(code=codes.codes(frame["unit_id"].astype(str).to_numpy(dtype=object)))


def _sizes(table):
    """Size used to split one feature's amount over its pieces: floor area (m2), area (m2), or length (m)."""
    return _first_known(table["floor_area_m2"], table["area_m2"], table["length_m"])


def floor_areas(table):
    """Floor area per unit, m2: floor_area_m2, else area_m2 x floors, else 0."""
    return _first_known(table["floor_area_m2"], table["area_m2"] * table["floors"])


def _first_known(*values):
    """Per unit, the first of the float arrays ``values`` that is not NaN there (0 where all are)."""
    known = np.zeros(len(values[0]))
    for value in reversed(values):
        known = np.where(np.isnan(value), known, value)
    return known


def proxy_weights(index, proxy, sector, carrier, class_weights, row_id):
    """Proxy weight of every unit (0 where the unit cannot receive the row), array over codes.

    class_weights: Series road_class -> relative emission per vkm (used unless carrier is vkm).
    Cached on the index per (proxy, sector, carrier).
    """
    key = (proxy, sector, carrier)
    if key not in index.weight_cache:
        index.weight_cache[key] = _proxy_weights(index, proxy, sector, carrier, class_weights, row_id)
    return index.weight_cache[key]


def _proxy_weights(index, proxy, sector, carrier, class_weights, row_id):
    table = index.table
    weights = np.zeros(len(index))
    if proxy == "floor_area":
        uses = SECTORS[sector][2]
        chosen = np.asarray(index.level == "building") & table["land_use"].isin(uses)
        weights[chosen] = floor_areas(table)[chosen]
    elif proxy == "population":
        weights = _first_known(table["population"])
        weights = np.where(index.level.isin(POPULATION_LEVELS), weights, 0.0)
    elif proxy == "traffic":
        if sector != "road_traffic":
            raise LedgerInputError(
                tr("proxy 'traffic' is only for sector road_traffic"), layer=LAYER, field="proxy", row=row_id
            )
        vkm = _first_known(table["length_m"]) / 1000.0 * _first_known(table["aadt"])
        weight = 1.0 if carrier == "vkm" else _class_weights(table["road_class"], class_weights)
        weights = np.where(index.is_link, vkm * weight, 0.0)
    elif proxy == "facilities":
        facilities = index.facilities
        if facilities is None or len(facilities) == 0:
            raise LedgerInputError(
                tr("proxy 'facilities' needs the FACILITIES layer"), layer=LAYER, field="proxy", row=row_id
            )
        if "carrier" in facilities.columns:
            facilities = facilities[
                facilities["carrier"].isna() | (facilities["carrier"].astype(str).isin(("", carrier)))
            ]
        capacity = (
            pd.to_numeric(facilities["capacity"], errors="coerce").fillna(1.0) if "capacity" in facilities else 1.0
        )
        per_unit = pd.Series(capacity, index=facilities.index).groupby(facilities["code"]).sum()
        weights[per_unit.index.to_numpy(dtype=np.int64)] = per_unit.to_numpy(dtype=float)
    if sector == "road_traffic" and proxy != "traffic":
        raise LedgerInputError(
            tr("sector road_traffic is downscaled with proxy 'traffic'"), layer=LAYER, field="proxy", row=row_id
        )
    return weights


def _class_weights(road_class, class_weights):
    """class_weights (Series road_class -> weight) of every unit of the Categorical ``road_class`` (0 where none)."""
    per_class = class_weights.reindex(road_class.categories).fillna(0.0).to_numpy(dtype=float)
    return np.where(road_class.codes >= 0, per_class[road_class.codes], 0.0)


def restrict_population_level(index, weights, receiving):
    """Population weights of the units ``receiving`` (codes), kept only at the finest level that has
    residents among them (0 elsewhere)."""
    for level in POPULATION_LEVELS:
        at_level = np.asarray(index.level[receiving] == level) & (weights[receiving] > 0)
        if at_level.any():
            return np.where(at_level, weights[receiving], 0.0)
    return np.zeros(len(receiving))


def split_bottom_up(index, codes):
    """Shares of a bottom-up amount over the units one target names (by size; equal if none)."""
    if len(codes) == 1:
        return np.array([1.0])
    size = index.size[codes]
    return size / size.sum() if size.sum() > 0 else np.full(len(codes), 1.0 / len(codes))


def downscale(index, rows, resolved, class_weights, amounts_in):
    """Allocate every activity row to units.

    rows: validated activity rows (row_id, sector, carrier, amount, unit, low, high, proxy,
    method: how a bottom-up amount was obtained).
    resolved: list of code arrays from ``UnitIndex.resolve``. amounts_in(positions, unit):
    the sum of those rows' amounts converted to ``unit`` (same carrier), for subtraction.
    Returns (allocations, known): a DataFrame (position, code, activity, low, high, method,
    share) with one row per (activity row, unit), and {position: positions subtracted from it};
    ``share`` is the fraction of the row's amount (or of its top-down remainder) the unit received.
    """
    parts, known = [], {}
    top_down = np.flatnonzero((rows["proxy"] != "").to_numpy())
    bottom = np.flatnonzero((rows["proxy"] == "").to_numpy())
    if len(bottom):
        parts.append(_bottom_up(index, rows, resolved, bottom))
    targets = {position: _target_codes(index, resolved[position]) for position in top_down}
    for position in top_down:
        allocation, known[position] = _downscale_row(index, rows, resolved, targets, position, class_weights,
                                                     amounts_in)
        parts.append(allocation)
    index.weight_cache.clear()  # a float per unit for each proxy, sector and carrier: not needed once spread
    if not parts:
        return pd.DataFrame(columns=["position", "code", "activity", "low", "high", "method", "share"]), known
    return pd.concat(parts, ignore_index=True), known


def _bottom_up(index, rows, resolved, bottom):
    """Allocations of all bottom-up rows at once; method from the rows' ``method`` column."""
    lengths = np.array([len(resolved[p]) for p in bottom])
    if (lengths == 0).any():
        raise LedgerInputError(tr("a bottom-up row needs a target (or give a proxy to downscale a city total)"),
                               layer=LAYER, field="target", row=rows["row_id"].iat[bottom[np.argmax(lengths == 0)]])
    positions = np.repeat(bottom, lengths)
    codes = np.concatenate([resolved[p] for p in bottom])
    share = (
        np.concatenate([split_bottom_up(index, resolved[p]) for p in bottom])
        if (lengths > 1).any()
        else np.ones(len(codes))
    )
    amount, low, high = (rows[f].to_numpy(dtype=float)[positions] for f in ("amount", "low", "high"))
    return pd.DataFrame({
        "position": positions, "code": codes, "activity": amount * share,
        "low": low * share, "high": high * share, "method": rows["method"].to_numpy(dtype=object)[positions],
        "share": share,
    })


def _target_codes(index, codes):
    """Codes of the units at or below ``codes`` (increasing), None for an empty target (the whole city).

    Held as codes, not as a mask over the city: a target's size is its subtree's, so the targets of a
    city's district rows together hold about one code per unit (masks held one flag per unit per row)."""
    return None if len(codes) == 0 else np.unique(index.tree.below(codes))


def _holds(target, codes):
    """Boolean per code of ``codes``: the unit is in ``target`` (``_target_codes``; None holds all)."""
    codes = np.asarray(codes, dtype=np.int64)
    if target is None:
        return np.ones(len(codes), dtype=bool)
    found = np.minimum(np.searchsorted(target, codes), max(len(target) - 1, 0))
    return (target[found] == codes) if len(target) else np.zeros(len(codes), dtype=bool)


def _downscale_row(index, rows, resolved, targets, position, class_weights, amounts_in):
    row_id = rows["row_id"].iat[position]
    same = (
        (rows["sector"] == rows["sector"].iat[position]) & (rows["carrier"] == rows["carrier"].iat[position])
    ).to_numpy()
    target = targets[position]
    inner_top, inner_bottom = [], []
    for other in np.flatnonzero(same):
        if other == position:
            continue
        codes = resolved[other]
        if other in targets:
            if _same_target(codes, resolved[position]):
                raise LedgerInputError(
                    tr("repeats the top-down total of row '{row_id}' for the same target, sector and carrier").format(
                        row_id=rows["row_id"].iat[other]),
                    layer=LAYER,
                    field="target",
                    row=row_id,
                )
            if len(codes) and _holds(target, codes).all():
                inner_top.append(other)
        elif _holds(target, codes).all():
            inner_bottom.append(other)
    covered = np.unique(np.concatenate([np.zeros(0, dtype=np.int64)] + [targets[other] for other in inner_top]))
    known = inner_top + [o for o in inner_bottom if not _holds(covered, resolved[o]).all()]
    covered = np.union1d(covered, np.concatenate([np.zeros(0, dtype=np.int64)]
                                                 + [resolved[other] for other in inner_bottom]))
    unit = rows["unit"].iat[position]
    known_amount = float(amounts_in(known, unit))
    total = float(rows["amount"].iat[position])
    remainder = total - known_amount
    if remainder < -1e-9 * max(total, 1.0):
        names = ", ".join(rows["row_id"].iat[o] for o in known)
        raise LedgerInputError(
            tr("total {total:g} {unit} is smaller than the {known_amount:g} {unit} already accounted inside its "
               "target (rows {rows})").format(total=total, unit=unit, known_amount=known_amount, rows=names),
            layer=LAYER, field="amount", row=row_id,
        )
    proxy = rows["proxy"].iat[position]
    weights = proxy_weights(
        index, proxy, rows["sector"].iat[position], rows["carrier"].iat[position], class_weights, row_id
    )
    receiving = np.setdiff1d(np.arange(len(index)) if target is None else target, covered, assume_unique=True)
    weights = restrict_population_level(index, weights, receiving) if proxy == "population" else weights[receiving]
    codes = receiving[weights > 0]
    weights = weights[weights > 0]
    if remainder <= 0:
        return _allocation(position, codes[:0], np.zeros(0), rows, 0.0, f"downscaled_{proxy}"), known
    if len(codes) == 0:
        raise LedgerInputError(
            tr("no unit inside the target carries the proxy '{proxy}' for sector {sector} "
               "(or all are already metered)").format(proxy=proxy, sector=rows["sector"].iat[position]),
            layer=LAYER, field="proxy", row=row_id,
        )
    share = weights / weights.sum()
    return _allocation(position, codes, share, rows, remainder, f"downscaled_{proxy}"), known


def _same_target(a, b):
    return len(a) == len(b) and set(a.tolist()) == set(b.tolist())


def _allocation(position, codes, share, rows, amount, method):
    """Rows of the allocation frame; the interval keeps the source row's absolute deviations."""
    below = rows["amount"].iat[position] - rows["low"].iat[position]
    above = rows["high"].iat[position] - rows["amount"].iat[position]
    activity = amount * share
    return pd.DataFrame({
        "position": position,
        "code": np.asarray(codes, dtype=np.int64),
        "activity": activity,
        "low": np.maximum(activity - below * share, 0.0),
        "high": activity + above * share,
        "method": method,
        "share": share,
    })
