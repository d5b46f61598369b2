"""The tape measure, vector side: city -> districts -> blocks -> parcels -> buildings, and road links.

``segment_units`` checks every input first (LedgerInputError naming layer/field/row), then
builds the hierarchy (``blocks.py``, ``parcels.py``), numbers it (``unit_ids.py``) and measures
how well each level tiles its parent; ``write_units`` replaces the units and links of a ledger
in one transaction. Areas are planimetric in the ledger's projected CRS (m2), lengths in m.
"""
import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import blocks as block_ops
from . import parcels as parcel_ops
from ..ledger import replacement, schema, totals
from ..ledger.hierarchy import Hierarchy
from . import plausible_inputs, reconcile as reconcile_units, unit_inputs
from .mapping_tables import landuse_map as read_landuse_map
from ..core.errors import LedgerInputError
from ..core.progress import NO_PROGRESS
from .unit_ids import canonical_order, child_ids, reading_order_rank, snapped

REPLACED_LEVELS = ("city", "district", "block", "parcel", "building", "segment")
"""Unit levels a run of segmentunits replaces (segments hang from parcels: those of unchanged parcels stay)."""

UNCLASSIFIED = "unclassified"
"""Land-use class of parcels outside every land-use polygon (resources/landuse_classes.csv)."""


@dataclasses.dataclass
class UnitFields:
    """Field names of the inputs; None (or '') when a layer lacks the optional field."""

    code: str = "code"
    name: str = None
    road_class: str = "road_class"
    aadt: str = "aadt"
    road_id: str = None
    road_name: str = None
    land_use: str = "land_use"
    building_id: str = None
    building_use: str = None
    floors: str = None
    population: str = None
    built_year: str = None


@dataclasses.dataclass
class Segmentation:
    """Result of ``segment_units``: the units and links to write, counts, residuals and notes."""

    units: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    counts: dict
    residuals: dict
    notes: list


def segment_units(boundaries, roads, landuse, buildings=None, *, crs, fields=None, city="CITY",
                  min_area=1.0, tolerance=0.001, snap=0.001, landuse_map=None, progress=NO_PROGRESS,
                  accept_extreme=False):
    """Cut the city into units and road links.

    boundaries, roads, landuse, buildings: GeoDataFrames (district polygons, road lines,
    land-use polygons, optional building footprints) with a ``row`` column of feature ids; they
    are reprojected to ``crs`` (the ledger CRS, projected) when they differ.
    fields: UnitFields (code None or absent from the layer: codes D01, D02 ... with a warning).
    city: id of the top unit. min_area: sliver threshold, m2.
    tolerance: largest accepted relative residual |parent area - sum of children| / parent; parcels
    beyond it (and beyond ``min_area`` m2 in their block: sliver noise, as a tiny traffic island's)
    raise LedgerInputError (nothing is written), other levels warn.
    landuse_map: path (or shipped name, mapping_tables.LANDUSE_MAPS) of a LANDUSE_MAP CSV.
    snap: grid (m) every input coordinate is rounded to before noding (0: none); the inputs are
    then put in a canonical order, so the units and ids do not depend on the feature order.
    accept_extreme: account plausible but extreme values (floors) instead of refusing them.
    Returns a :class:`Segmentation`; raises LedgerInputError on bad input before any work.
    """
    fields = fields or UnitFields()
    notes = []

    def note(message):
        notes.append(message)
        progress.log(message)

    progress(0.0, "Checking inputs")
    districts, roads, landuse, buildings = _checked_inputs(boundaries, roads, landuse, buildings, crs, fields,
                                                           landuse_map, progress, accept_extreme)
    districts = _canonical(districts, snap, "BOUNDARIES", progress, districts["code"].to_numpy(dtype=object))
    roads = _canonical(roads, snap, "ROADS", progress, roads[fields.road_id].to_numpy(dtype=object)
                       if fields.road_id else None)
    landuse = _canonical(landuse, snap, "LANDUSE", progress, landuse["land_use_class"].to_numpy(dtype=object),
                         by_area=True)
    if buildings is not None:
        buildings = _canonical(buildings, snap, "BUILDINGS", progress,
                               buildings[fields.building_id].to_numpy(dtype=object) if fields.building_id else None)
    district_geometry = districts.geometry.values
    progress(0.1, "Blocks: polygonizing roads with district boundaries")
    blocks = block_ops.build_blocks(district_geometry, roads.geometry.values, min_area)
    progress(0.35, "Road links")
    link_geometry, link_road, link_district, links_outside = block_ops.build_links(
        blocks["edges"], roads.geometry.values, district_geometry
    )
    progress(0.45, "Parcels: blocks cut by land use")
    parcel_geometry, parcel_block, parcel_landuse, parcel_stats = parcel_ops.cut_parcels(
        blocks["geometry"], landuse.geometry.values, min_area,
        unit_inputs.class_priority(landuse["land_use_class"].to_numpy()),
    )
    progress(0.7, "Buildings")
    parcel_rank = reading_order_rank(parcel_geometry, parcel_block)
    if buildings is not None:
        building_parcel, building_share = parcel_ops.assign_buildings(
            buildings.geometry.values, parcel_geometry, np.lexsort((parcel_rank, parcel_block)).argsort())
    progress(0.8, "Numbering units")
    units = _unit_frames(city, districts, blocks, (parcel_geometry, parcel_block, parcel_rank), parcel_landuse,
                         landuse, buildings, building_parcel if buildings is not None else None, fields, crs)
    links = _link_frame(districts, units, link_geometry, link_road, link_district, roads, fields, crs)
    counts = {level: int((units["level"] == level).sum()) for level in ("city", "district", "block", "parcel",
                                                                          "building")}
    counts["link"] = len(links)
    single = np.bincount(blocks["district"], minlength=len(districts)) <= 1
    if single.any():
        note(f"Roads enclose nothing inside {int(single.sum())} district(s) "
             f"({', '.join(districts['code'].to_numpy()[single][:10])}): each is one block")
    if blocks["dangles"]:
        note(f"{blocks['dangles']} road edges are dead ends or overshoots: they bound no block")
    if blocks["merged"] or blocks["dropped"]:
        note(f"Blocks: {blocks['merged']} slivers under {min_area} m2 merged into a neighbour, "
             f"{blocks['dropped']} without a neighbour dropped")
    if blocks["outside"]:
        note(f"{blocks['outside']} areas enclosed by roads lie outside every district (left out)")
    if links_outside:
        note(f"{links_outside} road edges lie outside every district (left out of links)")
    if parcel_stats["overlaps"]:
        note(f"Land use: {parcel_stats['overlaps']} polygon pieces overlap others; each overlap went to the higher "
             f"class priority (resources/landuse_classes.csv), then the smaller polygon, then the earlier")
    if parcel_stats["uncovered_m2"]:
        unclassified = int(((units["level"] == "parcel") & (units["land_use"] == UNCLASSIFIED)).sum())
        note(f"Land use leaves {parcel_stats['uncovered_m2']:.1f} m2 of blocks uncovered: "
             f"{unclassified} parcels of class '{UNCLASSIFIED}'")
    if parcel_stats["merged"] or parcel_stats["dropped"]:
        note(f"Parcels: {parcel_stats['merged']} slivers under {min_area} m2 merged into a neighbour, "
             f"{parcel_stats['dropped']} without a neighbour dropped")
    if buildings is not None:
        outside = building_parcel < 0
        counts["building_outside"] = int(outside.sum())
        if outside.any():
            ids = buildings.loc[outside, fields.building_id or unit_inputs.ROW].astype(str).tolist()
            note(f"{int(outside.sum())} buildings lie outside every parcel and were not added "
                 f"(ids {', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''})")
        straddling = (building_parcel >= 0) & (building_share < 0.999)
        if straddling.any():
            note(f"{int(straddling.sum())} buildings straddle parcels; each went to the parcel holding most of it")
    progress(0.9, "Reconciling areas")
    residuals = reconcile(units)
    for level, value in residuals.items():
        if level.endswith("_ratio") and value > tolerance:
            note(f"Warning: {level} {value:.2e} exceeds the tolerance {tolerance:.2e}")
    untiled = _untiled_blocks(units, tolerance, min_area)
    if len(untiled):
        raise LedgerInputError(
            f"parcels do not tile their blocks: the largest residual |block - sum of parcels| / block is "
            f"{untiled.max():.2e}, at {_block_named(units, untiled.idxmax())}, beyond TOLERANCE {tolerance:.2e} "
            f"and MIN_AREA {min_area:g} m2 (blocks beyond both: {len(untiled)}); nothing was written",
            layer="LANDUSE")
    progress(1.0, "Units built")
    return Segmentation(units, links, counts, residuals, notes)


def _checked_inputs(boundaries, roads, landuse, buildings, crs, fields, landuse_map, progress, accept_extreme=False):
    """All inputs checked, repaired and reprojected; raises before any geometry work."""
    code_field = fields.code if fields.code in boundaries.columns else None
    if not code_field:
        progress.warn(f"BOUNDARIES has no field '{fields.code or ''}' (CODE_FIELD): districts get codes D01, D02 ... "
                      f"in the order of their feature ids")
    unit_inputs.require_fields(boundaries, "BOUNDARIES", {"NAME_FIELD": fields.name})
    unit_inputs.require_fields(roads, "ROADS", {"ROAD_CLASS_FIELD": fields.road_class, "AADT_FIELD": fields.aadt,
                                                "ROAD_ID_FIELD": fields.road_id})
    unit_inputs.require_fields(landuse, "LANDUSE", {"LANDUSE_FIELD": fields.land_use})
    boundaries = plausible_inputs.refuse_broken_polygons(unit_inputs.to_crs(boundaries, crs), "BOUNDARIES", True)
    districts = unit_inputs.clean_geometries(boundaries, "BOUNDARIES", "polygon", progress)
    roads = unit_inputs.clean_geometries(unit_inputs.to_crs(roads, crs), "ROADS", "line", progress)
    landuse = plausible_inputs.refuse_broken_polygons(unit_inputs.to_crs(landuse, crs), "LANDUSE")
    landuse = unit_inputs.clean_geometries(landuse, "LANDUSE", "polygon", progress)
    codes, names = unit_inputs.district_codes(districts, "BOUNDARIES", code_field, fields.name)
    districts = districts.assign(code=codes, district_name=names)
    table = unit_inputs.landuse_table()
    value_map = read_landuse_map(landuse_map, table["land_use"].tolist()) if landuse_map else None
    landuse = landuse.assign(land_use_class=unit_inputs.land_use_classes(
        landuse[fields.land_use].to_numpy(), landuse[unit_inputs.ROW].to_numpy(), "LANDUSE", fields.land_use,
        table, value_map, progress))
    landuse = landuse[landuse["land_use_class"].notna()].reset_index(drop=True)
    if not len(landuse):
        raise LedgerInputError("no feature has a land-use value LANDUSE_MAP or resources/landuse_classes.csv knows",
                               layer="LANDUSE", field=fields.land_use)
    roads = roads.assign(aadt_value=unit_inputs.numeric_field(roads, fields.aadt, "ROADS"))
    if buildings is not None:
        unit_inputs.require_fields(buildings, "BUILDINGS", {
            "BUILDING_ID_FIELD": fields.building_id, "BUILDING_USE_FIELD": fields.building_use,
            "FLOORS_FIELD": fields.floors, "POPULATION_FIELD": fields.population,
            "BUILT_YEAR_FIELD": fields.built_year,
        })
        if len(buildings) == 0:
            progress.warn("BUILDINGS has no features: no building units")
            return districts, roads, landuse, None
        buildings = unit_inputs.clean_geometries(unit_inputs.to_crs(buildings, crs), "BUILDINGS", "polygon", progress)
        buildings = buildings.assign(
            floors_value=unit_inputs.numeric_field(buildings, fields.floors, "BUILDINGS", integer=True),
            population_value=unit_inputs.numeric_field(buildings, fields.population, "BUILDINGS"),
            built_year_value=unit_inputs.numeric_field(buildings, fields.built_year, "BUILDINGS", integer=True),
        )
        plausible_inputs.check_buildings(buildings, fields, accept_extreme, progress)
    return districts, roads, landuse, buildings


def _canonical(frame, snap, layer, progress, *keys, by_area=False):
    """``frame`` with coordinates snapped to ``snap`` (m) and rows in canonical order (by ``keys``,
    arrays aligned with the rows or None, then by geometry); features the snapping empties are
    dropped with a note. by_area: the snapped area (m2) is the first key (land use goes smallest
    polygon first, so the smaller keeps an overlap)."""
    geometry = snapped(frame.geometry.values, snap)
    if by_area:
        keys = (shapely.area(geometry),) + keys
    kept = ~shapely.is_empty(geometry)
    if not kept.all():
        progress.log(f"{layer}: {int((~kept).sum())} features smaller than the snapping grid ({snap} m) left out "
                     f"(feature ids {', '.join(frame.loc[~kept, unit_inputs.ROW].astype(str).tolist()[:10])})")
    frame = frame.set_geometry(gpd.GeoSeries(unit_inputs.geometry_array(geometry, frame.crs), index=frame.index))[kept]
    order = canonical_order(frame.geometry.values, *(None if key is None else np.asarray(key)[kept] for key in keys))
    return frame.iloc[order].reset_index(drop=True)


def _text(frame, field):
    """A field as text (None where missing), or the feature ids when no field is given."""
    if not field:
        return frame[unit_inputs.ROW].astype(str).to_numpy(dtype=object)
    values = frame[field]
    text = values.astype(object).astype(str).to_numpy(dtype=object)
    text[values.isna().to_numpy()] = None
    return text


def _unit_frames(city, districts, blocks, parcels, parcel_landuse, landuse, buildings, building_parcel, fields, crs):
    """The units GeoDataFrame (schema columns) for every level, with ids and parents.

    parcels: (geometry, block index, reading_order_rank in the block) of each parcel."""
    parcel_geometry, parcel_block, parcel_rank = parcels
    district_ids = districts["code"].to_numpy(dtype=object)
    block_ids = child_ids(district_ids[blocks["district"]], reading_order_rank(blocks["geometry"], blocks["district"]),
                          "block")
    parcel_ids = child_ids(block_ids[parcel_block], parcel_rank, "parcel")
    landuse_class = landuse["land_use_class"].to_numpy(dtype=object)
    landuse_row = landuse[unit_inputs.ROW].astype(str).to_numpy(dtype=object)
    has_class = parcel_landuse >= 0
    city_geometry = shapely.union_all(districts.geometry.values)
    frames = [
        pd.DataFrame({"unit_id": [city], "parent_id": [None], "level": "city", "name": [city],
                      "geometry": [city_geometry]}),
        pd.DataFrame({"unit_id": district_ids, "parent_id": city, "level": "district",
                      "name": districts["district_name"].to_numpy(), "source_id": district_ids,
                      "geometry": np.asarray(districts.geometry.values, dtype=object)}),
        pd.DataFrame({"unit_id": block_ids, "parent_id": district_ids[blocks["district"]], "level": "block",
                      "geometry": blocks["geometry"]}),
        pd.DataFrame({"unit_id": parcel_ids, "parent_id": block_ids[parcel_block], "level": "parcel",
                      "land_use": np.where(has_class, landuse_class[parcel_landuse], UNCLASSIFIED),
                      "source_id": np.where(has_class, landuse_row[parcel_landuse], None),
                      "geometry": parcel_geometry}),
    ]
    if buildings is not None:
        inside = building_parcel >= 0
        placed = buildings.loc[inside].reset_index(drop=True)
        owner = building_parcel[inside]
        footprint = shapely.area(placed.geometry.values)
        building_ids = child_ids(parcel_ids[owner], reading_order_rank(placed.geometry.values, owner), "building")
        frames.append(pd.DataFrame({
            "unit_id": building_ids, "parent_id": parcel_ids[owner], "level": "building",
            "land_use": _text(placed, fields.building_use) if fields.building_use else None,
            "source_id": _text(placed, fields.building_id),
            "floors": placed["floors_value"].to_numpy() if fields.floors else None,
            "floor_area_m2": footprint * placed["floors_value"].astype(float).to_numpy() if fields.floors else None,
            "built_year": placed["built_year_value"].to_numpy() if fields.built_year else None,
            "population": placed["population_value"].to_numpy() if fields.population else None,
            "geometry": np.asarray(placed.geometry.values, dtype=object),
        }))
    units = pd.concat(frames, ignore_index=True)
    units = units.sort_values("unit_id", kind="mergesort").reset_index(drop=True)
    units["area_m2"] = shapely.area(units["geometry"].to_numpy())
    if buildings is not None and fields.population:
        units["population"] = _population_roll_up(units)
    for column in schema.columns("units"):
        if column not in units.columns:
            units[column] = None
    for column in ("floors", "built_year"):
        units[column] = pd.array(units[column], dtype="Int64")
    return gpd.GeoDataFrame(units[schema.columns("units")],
                            geometry=unit_inputs.geometry_array(units["geometry"].to_numpy(), crs))


def _population_roll_up(units):
    """Residents per unit: building values (NaN where unknown) summed into parcels, blocks,
    districts and the city; buildings keep their own value."""
    population = units["population"].astype(float).to_numpy()
    is_building = units["level"].to_numpy() == "building"
    own = np.where(is_building, np.nan_to_num(population), 0.0)[:, None]
    rolled = Hierarchy(units[["unit_id", "parent_id", "level"]]).roll_up(own)[:, 0]
    return np.where(is_building, population, rolled)


def _link_frame(districts, units, geometry, road, district, roads, fields, crs):
    """The links GeoDataFrame: road edges with class, AADT (vehicles/day) and length (m)."""
    district_ids = districts["code"].to_numpy(dtype=object)
    ids = child_ids(district_ids[district], reading_order_rank(geometry, district), "link")
    picked = roads.iloc[road]
    links = pd.DataFrame({
        "unit_id": ids, "parent_id": district_ids[district], "level": "link",
        "name": _text(picked, fields.road_name) if fields.road_name else None,
        "source_id": _text(picked, fields.road_id),
        "road_class": _text(picked, fields.road_class) if fields.road_class else None,
        "length_m": shapely.length(geometry),
        "aadt": picked["aadt_value"].to_numpy() if fields.aadt else None,
        "geometry": geometry,
    })
    for column in schema.columns("links"):
        if column not in links.columns:
            links[column] = None
    links = links.sort_values("unit_id", kind="mergesort").reset_index(drop=True)
    return gpd.GeoDataFrame(links[schema.columns("links")],
                            geometry=unit_inputs.geometry_array(links["geometry"].to_numpy(), crs))


def reconcile(units):
    """How well each level tiles its parent: residual area (m2) summed, and the largest ratio.

    Returns {'<child>_residual_m2': sum over parents of |parent area - sum of children|,
    '<child>_residual_ratio': the largest |...| / parent area} for district, block and parcel.
    """
    result = {}
    for child, parent in (("district", "city"), ("block", "district"), ("parcel", "block")):
        residual, ratio = tiling_residuals(units, child, parent)
        result[f"{child}_residual_m2"] = float(residual.sum())
        result[f"{child}_residual_ratio"] = float(ratio.max()) if len(ratio) else 0.0
    return result


def tiling_residuals(units, child, parent):
    """(|parent area - sum of its children's areas| m2, that over the parent's area) per unit of level
    ``parent`` (two Series indexed by unit_id)."""
    area = units.set_index("unit_id")["area_m2"]
    children = units[units["level"] == child]
    parents = units[units["level"] == parent]
    summed = children.groupby("parent_id")["area_m2"].sum().reindex(parents["unit_id"]).fillna(0.0)
    residual = (area.reindex(parents["unit_id"]) - summed).abs()
    return residual, residual / area.reindex(parents["unit_id"]).clip(lower=1e-12)


def _untiled_blocks(units, tolerance, min_area):
    """Relative residuals (Series by block id) of the blocks whose parcels miss their area by more than
    ``tolerance`` of it and more than ``min_area`` m2 (a sub-``min_area`` spill is left in the residual by
    design: ``parcels.cut_parcels``)."""
    residual, ratio = tiling_residuals(units, "parcel", "block")
    return ratio[(ratio > tolerance) & (residual > min_area)]


def _block_named(units, block_id):
    """'block ID (area m2, its parcels m2, near x, y)'."""
    block = units[units["unit_id"] == block_id].iloc[0]
    parcels = units.loc[(units["level"] == "parcel") & (units["parent_id"] == block_id), "area_m2"].sum()
    point = block["geometry"].representative_point()
    return (f"block {block_id} ({block['area_m2']:,.1f} m2, its parcels {parcels:,.1f} m2, "
            f"near x {point.x:,.1f}, y {point.y:,.1f})")


def write_units(ledger, result, parameters=None, inputs=None, algorithm="carbonledger:segmentunits",
                progress=NO_PROGRESS, policy=replacement.KEEP_ALL, snap=0.001):
    """Replace the units (city to building levels) and the links of ``ledger`` in one transaction,
    reconciled with those there before (``reconcile.py``); returns the run id.

    New units matching old ones by overlap keep their ids; image segments of unchanged parcels stay;
    entries, stocks, unit_stats and edits are never deleted: those of units that moved or vanished
    are listed in the ``reconciliation`` table under the run id (with a warning). Refused
    (LedgerInputError, nothing written) when the new districts cover less area, or the units that
    stay hold fewer entries, than ``policy`` (replacement.Policy) allows of the old ones, unless it
    says REPLACE. Totals are recomputed when the ledger holds entries. snap: grid (m) of the match.
    """
    old_units = ledger.read_layer("units", ["unit_id", "parent_id", "level", "area_m2"],
                                  {"level": list(REPLACED_LEVELS)})
    old_links = ledger.read_layer("links", ["unit_id", "parent_id", "level"])
    done = reconcile_units.reconcile(old_units, old_links, result.units, result.links, snap)
    report = reconcile_units.with_row_counts(done.report, ledger)
    stays = report["status"] != "orphaned"
    with ledger.transaction(algorithm, parameters, inputs) as writer:
        districts = (old_units["level"] == "district", done.units["level"] == "district")
        replacement.guard(writer, "districts", "units", float(old_units.loc[districts[0], "area_m2"].sum()),
                          float(done.units.loc[districts[1], "area_m2"].sum()), policy, "BOUNDARIES", "m2")
        replacement.guard(writer, "entries of the units that stay", "entries", int(report["entries"].sum()),
                          int(report.loc[stays, "entries"].sum()), policy, "BOUNDARIES")
        writer.delete_rows("units", {"level": [level for level in REPLACED_LEVELS if level != "segment"]})
        gone = report.loc[(report["level"] == "segment") & ~stays, "unit_id"].to_numpy()
        for start in range(0, len(gone), 10_000):
            writer.delete_rows("units", {"unit_id": gone[start:start + 10_000]})
        writer.append_rows("units", done.units)
        writer.replace_rows("links", done.links)
        writer.append_rows("reconciliation", report.assign(run_id=writer.run_id))
        reconcile_units.warn(report, progress)
        if writer.count("entries"):
            totals.write_unit_totals(writer)
        return writer.run_id
