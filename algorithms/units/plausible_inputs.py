"""Plausibility checks of the tape measure's inputs (issue 17 item 4), before anything is written:
polygons that would only be "repaired" into overlaps are refused, a district without geometry is refused
instead of dropped, building ids must be unique and floors plausible (``core.plausibility``).

Every function takes a GeoDataFrame with a ``row`` column (the input feature id, cited in messages).
"""
import numpy as np
import pandas as pd
import shapely

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.plausibility import check_range
from .unit_inputs import ROW


def refuse_broken_polygons(frame, layer, missing=False):
    """``frame`` unchanged, or LedgerInputError naming the first self-intersecting (invalid) polygon and
    where it is invalid: repairing it (make_valid) would fold it into overlapping parts that count area
    twice. missing: refuse features without a geometry too (a district dropped would leave its buildings
    and their entries outside the city)."""
    geometry = np.asarray(frame.geometry.values, dtype=object)
    absent = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    if missing and absent.any():
        rows = frame.loc[absent, ROW].tolist()
        raise LedgerInputError(tr(
            "{features} features have no geometry (feature ids {ids}); give each its polygon or delete it").format(
            features=len(rows), ids=", ".join(map(str, rows[:10]))), layer=layer, row=rows[0])
    invalid = ~absent & ~shapely.is_valid(geometry)
    if invalid.any():
        first = int(np.flatnonzero(invalid)[0])
        raise LedgerInputError(tr(
            "the polygon is invalid ({reason}; {invalid} invalid polygons in the layer): a self-intersecting polygon "
            "repaired automatically would overlap itself or its neighbours and count area twice; fix it (QGIS: Fix "
            "geometries, then check the result) and run again").format(
            reason=shapely.is_valid_reason(geometry[first]), invalid=int(invalid.sum())),
            layer=layer, row=int(frame[ROW].iloc[first]))
    return frame


def check_buildings(buildings, fields, accept_extreme, progress):
    """Refuse repeated building ids and implausible floors; warn of buildings without floors.

    buildings: the cleaned building frame with ``floors_value`` (nullable integers, or None when no
    FLOORS_FIELD). fields: UnitFields. A repeated id would split one metered row over several buildings.
    """
    if fields.building_id:
        ids = buildings[fields.building_id].astype(object).where(buildings[fields.building_id].notna(), "")
        ids = ids.astype(str).str.strip()
        repeated = (ids != "") & ids.duplicated(keep=False)
        if repeated.any():
            first = ids[repeated].iloc[0]
            rows = buildings.loc[repeated & (ids == first), ROW].tolist()
            raise LedgerInputError(tr(
                "building id '{building_id}' is repeated (feature ids {ids}; {features} features share an id): a "
                "metered row would be split over them; give each building its own id").format(
                building_id=first, ids=", ".join(map(str, rows)), features=int(repeated.sum())),
                layer="BUILDINGS", field=fields.building_id, row=rows[-1])
    if fields.floors:
        floors = pd.array(buildings["floors_value"], dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
        check_range(floors, buildings[ROW].to_numpy(), "floors", "BUILDINGS", fields.floors, accept_extreme,
                    progress)
        empty = np.isnan(floors)
        if empty.any():
            rows = buildings.loc[empty, ROW].tolist()
            progress.warn(tr("BUILDINGS: {buildings} buildings have no {field} (feature ids {ids}): they get no floor "
                             "area and no share of floor-area downscaling").format(
                buildings=len(rows), field=fields.floors,
                ids=", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")))
