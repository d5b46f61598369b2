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

from . import district_batches, parcels as parcel_ops, unit_frames
from .packed_geometry import CHUNK, PackedGeometry
from ..ledger import replacement, resegmentation, totals
from . import plausible_inputs, reconcile as reconcile_units, unit_inputs
from .mapping_tables import landuse_map as read_landuse_map
from ..core import ahead, heap
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from .unit_frames import Wider
from .unit_ids import canonical_order, reading_order_rank, snapped

REPLACED_LEVELS = ("city", "district", "block", "parcel", "building", "segment")
"""Unit levels a run of segmentunits replaces (segments hang from parcels: those of unchanged parcels stay)."""

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
    """Result of ``segment_units``: the units and links to write, counts, residuals and notes (the summary
    ``segment_batches`` returns: units and links None, handed on batch by batch)."""

    units: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    counts: dict
    residuals: dict
    notes: list


def segment_units(boundaries, roads, landuse, buildings=None, *, crs, fields=None, city="CITY",
                  min_area=1.0, tolerance=0.001, snap=0.001, landuse_map=None, progress=NO_PROGRESS,
                  accept_extreme=False, batch_size=district_batches.BATCH_DISTRICTS):
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
    batch_size: districts segmented together (``segment_batches``; with ``snap`` > 0 the units do not depend
    on it: docs/tape-measure.md).
    Returns a :class:`Segmentation`; raises LedgerInputError on bad input before any work.
    """
    digits = {}
    while True:
        parts = {"units": [], "links": [], "population": []}
        try:
            summary = drain(segment_batches(
                boundaries, roads, landuse, buildings, crs=crs, fields=fields, city=city, min_area=min_area,
                tolerance=tolerance, snap=snap, landuse_map=landuse_map, progress=progress,
                accept_extreme=accept_extreme, batch_size=batch_size, digits=digits),
                lambda kind, frame, parts=parts: parts[kind].append(frame))
            break
        except Wider as wider:
            digits = wider.digits
    units, links = (pd.concat(parts[kind], ignore_index=True).sort_values("unit_id", kind="mergesort")
                    .reset_index(drop=True) for kind in ("units", "links"))
    for update in parts["population"]:
        units.loc[units["unit_id"].isin(update["unit_id"]), "population"] = update["population"].to_numpy()
        units["population"] = units["population"].astype(float)
    return Segmentation(units, links, summary.counts, summary.residuals, summary.notes)


def drain(batches, consume):
    """Hand each (kind, frame) of the ``segment_batches`` generator to ``consume``; returns its summary."""
    while True:
        try:
            consume(*next(batches))
        except StopIteration as stop:
            return stop.value


def segment_batches(boundaries, roads, landuse, buildings=None, *, crs, fields=None, city="CITY", min_area=1.0,
                    tolerance=0.001, snap=0.001, landuse_map=None, progress=NO_PROGRESS, accept_extreme=False,
                    batch_size=district_batches.BATCH_DISTRICTS, digits=None):
    """``segment_units`` a batch of ``batch_size`` districts at a time (``district_batches``), a generator:
    yields ("links", GeoDataFrame) per batch, then ("units", GeoDataFrame) per batch and the city (in the
    order of the ids), then ("population", DataFrame of the city's unit_id and population) when buildings
    carry a population field; returns a :class:`Segmentation` without units and links (counts, residuals,
    notes). Arguments as ``segment_units``; digits: {level: id number width} to pad to at least. Raises
    unit_frames.Wider when a batch needs wider ids than those already yielded (start again with its
    ``digits``)."""
    fields = fields or UnitFields()
    digits, fixed, notes = dict(digits or {}), set(), []
    def note(message):
        notes.append(message)
        progress.log(message)
    progress(0.0, tr("Checking inputs"))  # the layers' other columns are dropped first (a layer's only copy is here)
    roads, landuse, buildings = (None if frame is None else frame[[name for name in frame.columns if name in (
        unit_inputs.ROW, frame.geometry.name, *dataclasses.astuple(fields))]] for frame in (roads, landuse, buildings))
    districts, roads, landuse, buildings = _checked_inputs(boundaries, roads, landuse, buildings, crs, fields,
                                                           landuse_map, progress, accept_extreme)
    districts = _canonical(districts, snap, "BOUNDARIES", progress, districts["code"].to_numpy(dtype=object))
    district_geometry = np.asarray(districts.geometry.values, dtype=object)
    district_tree = shapely.STRtree(district_geometry)
    # each layer in canonical order, then packed (PackedGeometry) before the next is snapped
    roads = _canonical(roads, snap, "ROADS", progress, roads[fields.road_id].to_numpy(dtype=object)
                       if fields.road_id else None)
    packed_roads = PackedGeometry(roads.geometry.values)
    roads = _carried(roads, (fields.road_name, fields.road_id, fields.road_class, "aadt_value"))
    landuse = _canonical(landuse, snap, "LANDUSE", progress, landuse["land_use_class"].to_numpy(dtype=object),
                         by_area=True)
    packed_landuse = PackedGeometry(landuse.geometry.values)
    priority = unit_inputs.class_priority(landuse["land_use_class"].to_numpy())
    landuse = _carried(landuse, ("land_use_class",))
    if buildings is not None:
        buildings = _canonical(buildings, snap, "BUILDINGS", progress,
                               buildings[fields.building_id].to_numpy(dtype=object) if fields.building_id else None)
        building_home = district_batches.building_batches(np.asarray(buildings.geometry.values), district_tree)
        packed_buildings = PackedGeometry(buildings.geometry.values)
        buildings = _carried(buildings, (fields.building_id, fields.building_use, "floors_value", "population_value",
                                         "built_year_value"))
        unplaced = [np.flatnonzero(building_home < 0)]
    groups = district_batches.batches(len(districts), batch_size)
    outside = {"faces": set(), "links": set(), "dangles": set()}
    stats = dict.fromkeys(("dangles", "merged", "dropped", "overlaps", "uncovered_m2", "parcel_merged",
                           "parcel_dropped", "straddling", "unclassified"), 0)
    counts = {"city": 1, **dict.fromkeys(("district", "block", "parcel", "building", "link"), 0)}
    packed_blocks, block_district = [], []  # each batch's blocks packed: the city's are never all decoded at once
    def blocks_of(batch, packed_roads=packed_roads):  # the roads end with the links (deleted after them)
        found = district_batches.batch_blocks(district_geometry, district_tree, batch, packed_roads, min_area, snap)
        return {**found, "rank": reading_order_rank(found["links"][0], found["links"][2])}  # GEOS in the thread

    progress(0.1, tr("Blocks: polygonizing roads with district boundaries"))
    for number, (batch, found) in enumerate(zip(groups, ahead.results_in_order(blocks_of, groups, queued=1),
                                                   strict=True)):
        progress(0.1 + 0.3 * number / len(groups), tr("Blocks: polygonizing roads with district boundaries"))
        for key in ("dangles", "merged", "dropped"):
            stats[key] += found[key]
        for key, keys in found["outside"].items():
            outside[key] |= keys
        packed_blocks.append(found["geometry"])
        block_district.append(found["district"])
        geometry, road, district = found["links"]
        links = unit_frames.link_frame(districts.iloc[batch], geometry, road, district - batch[0], found["rank"],
                                       roads, fields, crs, digits, fixed)
        counts["link"] += len(links)
        del found, geometry, road, district
        yield "links", links
        fixed.add("link")
        heap.give_back()  # the batch's freed GEOS and frame memory (each batch's: it would add up, issue 22)
    del blocks_of, packed_roads, roads
    packed_blocks, block_district = PackedGeometry.joined(packed_blocks), np.concatenate(block_district)
    residuals = {"block": [0.0, 0.0], "parcel": [0.0, 0.0]}
    population, top = 0.0, unit_frames.city_frame(city, district_geometry, None, crs)
    def parcels_of(batch):  # the batch's geometry work, in a thread (ahead): GEOS releases the GIL
        in_batch = np.isin(block_district, batch)
        geometry, block, landuse_of, cut, blocks = district_batches.batch_parcels(
            packed_blocks, in_batch, packed_landuse, priority, min_area,
            district_batches.batch_boxes(packed_blocks.bounds, block_district, batch), snap)
        found = {"in_batch": in_batch, "geometry": geometry, "block": block, "landuse": landuse_of, "stats": cut,
                 "rank": reading_order_rank(geometry, block), "blocks": blocks,
                 "block_rank": reading_order_rank(blocks, block_district[in_batch])}
        if buildings is not None:
            mine = np.flatnonzero(np.isin(building_home, batch))
            found["buildings"] = (mine, packed_buildings.take(mine))
            found["owner"], found["share"] = parcel_ops.assign_buildings(
                found["buildings"][1], geometry, np.lexsort((found["rank"], block)).argsort())
            placed = found["owner"] >= 0
            found["building_rank"] = reading_order_rank(found["buildings"][1][placed], found["owner"][placed])
        return found

    progress(0.4, tr("Parcels: blocks cut by land use"))
    for number, (batch, found) in enumerate(zip(groups, ahead.results_in_order(parcels_of, groups, queued=1),
                                                   strict=True)):
        progress(0.4 + 0.5 * number / len(groups), tr("Parcels: blocks cut by land use"))
        parcel_stats, in_batch = found["stats"], found["in_batch"]
        for key in ("overlaps", "uncovered_m2"):
            stats[key] += parcel_stats[key]
        stats["parcel_merged"] += parcel_stats["merged"]
        stats["parcel_dropped"] += parcel_stats["dropped"]
        stats["unclassified"] += int((found["landuse"] < 0).sum())
        placed = None
        if buildings is not None:
            (mine, building_geometry), owner = found["buildings"], found["owner"]
            unplaced.append(mine[owner < 0])
            stats["straddling"] += int(((owner >= 0) & (found["share"] < 0.999)).sum())
            placed = (gpd.GeoDataFrame(buildings.iloc[mine[owner >= 0]].reset_index(drop=True), geometry=unit_inputs
                                       .geometry_array(building_geometry[owner >= 0], crs)), owner[owner >= 0],
                      found["building_rank"])
        units = unit_frames.unit_frames(
            city, districts.iloc[batch], (found["blocks"], block_district[in_batch] - batch[0], found["block_rank"]),
            (found["geometry"], found["block"], found["rank"], found["landuse"]), landuse, placed, fields, crs, digits,
            fixed)
        del found, placed
        for child, parent in (("block", "district"), ("parcel", "block")):
            residual, ratio = tiling_residuals(units, child, parent)
            residuals[child] = [residuals[child][0] + float(residual.sum()),
                                max(residuals[child][1], float(ratio.max()) if len(ratio) else 0.0)]
        untiled = _untiled_blocks(units, tolerance, min_area)
        if len(untiled):
            raise LedgerInputError(tr(
                "parcels do not tile their blocks: the largest residual |block - sum of parcels| / block is "
                "{residual:.2e}, at {block}, beyond TOLERANCE {tolerance:.2e} and MIN_AREA {min_area:g} m2 (blocks "
                "beyond both: {blocks}); nothing was written").format(
                residual=untiled.max(), block=_block_named(units, untiled.idxmax()), tolerance=tolerance,
                min_area=min_area, blocks=len(untiled)), layer="LANDUSE")
        level = units["level"].to_numpy()
        for name in ("district", "block", "parcel", "building"):
            counts[name] += int((level == name).sum())
        population += float(units.loc[level == "district", "population"].astype(float).fillna(0.0).sum())
        if top is not None and len(units) and units["unit_id"].iloc[0] > city:  # rows in the order of their ids
            yield "units", top
            top = None
        yield "units", units
        fixed.update(("block", "parcel", "building"))
        heap.give_back()
    progress(0.9, tr("Reconciling areas"))
    if top is not None:
        yield "units", top
    if buildings is not None and fields.population:  # the city's residents, known after the last batch
        yield "population", pd.DataFrame({"unit_id": [city], "population": [population]})
    city_area = float(shapely.area(shapely.union_all(district_geometry)))
    district_area = float(shapely.area(district_geometry).sum())
    result = {"district_residual_m2": abs(city_area - district_area),
              "district_residual_ratio": abs(city_area - district_area) / max(city_area, 1e-12)}
    for child in ("block", "parcel"):
        result[f"{child}_residual_m2"], result[f"{child}_residual_ratio"] = residuals[child]
    single = np.bincount(block_district, minlength=len(districts)) <= 1
    if single.any():
        note(tr("Roads enclose nothing inside {districts} district(s) ({codes}): each is one block").format(
            districts=int(single.sum()), codes=", ".join(districts["code"].to_numpy()[single][:10])))
    stats["dangles"] += len(outside["dangles"])  # overshoots beyond the city, as the whole-city noding counted them
    if stats["dangles"]:
        note(tr("{edges} road edges are dead ends or overshoots: they bound no block").format(edges=stats["dangles"]))
    if stats["merged"] or stats["dropped"]:
        note(tr("Blocks: {merged} slivers under {min_area} m2 merged into a neighbour, {dropped} without a neighbour "
                "dropped").format(merged=stats["merged"], min_area=min_area, dropped=stats["dropped"]))
    if outside["faces"]:
        note(tr("{areas} areas enclosed by roads lie outside every district (left out)").format(
            areas=len(outside["faces"])))
    if outside["links"]:
        note(tr("{edges} road edges lie outside every district (left out of links)").format(
            edges=len(outside["links"])))
    if stats["overlaps"]:
        note(tr("Land use: {pieces} polygon pieces overlap others; each overlap went to the higher class priority "
                "(resources/landuse_classes.csv), then the smaller polygon, then the earlier").format(
            pieces=stats["overlaps"]))
    if stats["uncovered_m2"]:
        note(tr("Land use leaves {area:.1f} m2 of blocks uncovered: {parcels} parcels of class '{land_use}'").format(
            area=stats["uncovered_m2"], parcels=stats["unclassified"], land_use=unit_frames.UNCLASSIFIED))
    if stats["parcel_merged"] or stats["parcel_dropped"]:
        note(tr("Parcels: {merged} slivers under {min_area} m2 merged into a neighbour, {dropped} without a "
                "neighbour dropped").format(merged=stats["parcel_merged"], min_area=min_area,
                                            dropped=stats["parcel_dropped"]))
    if buildings is not None:
        unplaced = np.sort(np.concatenate(unplaced))
        counts["building_outside"] = len(unplaced)
        if len(unplaced):
            ids = buildings.iloc[unplaced][fields.building_id or unit_inputs.ROW].astype(str).tolist()
            note(tr("{buildings} buildings lie outside every parcel and were not added (ids {ids})").format(
                buildings=len(unplaced), ids=", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")))
        if stats["straddling"]:
            note(tr("{buildings} buildings straddle parcels; each went to the parcel holding most of it").format(
                buildings=stats["straddling"]))
    for level, value in result.items():
        if level.endswith("_ratio") and value > tolerance:
            note(tr("Warning: {residual} {value:.2e} exceeds the tolerance {tolerance:.2e}").format(
                residual=level, value=value, tolerance=tolerance))
    progress(1.0, tr("Units built"))
    return Segmentation(None, None, counts, result, notes)


def _checked_inputs(boundaries, roads, landuse, buildings, crs, fields, landuse_map, progress, accept_extreme=False):
    """All inputs checked, repaired and reprojected; raises before any geometry work."""
    code_field = fields.code if fields.code in boundaries.columns else None
    if not code_field:
        progress.warn(tr("BOUNDARIES has no field '{field}' (CODE_FIELD): districts get codes D01, D02 ... in the "
                         "order of their feature ids").format(field=fields.code or ""))
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
        raise LedgerInputError(tr("no feature has a land-use value LANDUSE_MAP or resources/landuse_classes.csv knows"),
                               layer="LANDUSE", field=fields.land_use)
    roads = roads.assign(aadt_value=unit_inputs.numeric_field(roads, fields.aadt, "ROADS"))
    if buildings is not None:
        unit_inputs.require_fields(buildings, "BUILDINGS", {
            "BUILDING_ID_FIELD": fields.building_id, "BUILDING_USE_FIELD": fields.building_use,
            "FLOORS_FIELD": fields.floors, "POPULATION_FIELD": fields.population,
            "BUILT_YEAR_FIELD": fields.built_year,
        })
        if len(buildings) == 0:
            progress.warn(tr("BUILDINGS has no features: no building units"))
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
    """``frame`` with coordinates snapped to ``snap`` (m) and rows in canonical order (by ``keys``, arrays aligned with
    the rows or None, then by geometry); features the snapping empties are dropped with a note. by_area: the snapped
    area (m2) is the first key (land use goes smallest polygon first, so the smaller keeps an overlap). ``frame`` (a
    copy of segment_batches' own) is left without its geometry, each ``CHUNK`` going as its snapped copy comes."""
    crs, geometry = frame.crs, np.array(frame.geometry.values, dtype=object)
    frame.drop(columns=frame.geometry.name, inplace=True)
    for start in range(0, len(geometry), CHUNK):
        geometry[start:start + CHUNK] = snapped(geometry[start:start + CHUNK], snap)
    if by_area:
        keys = (shapely.area(geometry),) + keys
    kept = ~shapely.is_empty(geometry)
    if not kept.all():
        progress.log(tr("{layer}: {features} features smaller than the snapping grid ({snap} m) left out (feature ids "
                        "{ids})").format(layer=layer, features=int((~kept).sum()), snap=snap,
                                         ids=", ".join(frame.loc[~kept, unit_inputs.ROW].astype(str).tolist()[:10])))
    frame = frame.set_geometry(gpd.GeoSeries(unit_inputs.geometry_array(geometry, crs), index=frame.index))[kept]
    order = canonical_order(frame.geometry.values, *(None if key is None else np.asarray(key)[kept] for key in keys))
    return frame.iloc[order].reset_index(drop=True)


def _carried(frame, columns):
    """The columns of ``frame`` a batch needs once its geometry is packed (feature ids and ``columns``, None or ''
    skipped) as a DataFrame: text without nulls and of few values held as categories (not a str per feature)."""
    names = list(dict.fromkeys(name for name in (unit_inputs.ROW, *columns) if name))
    kept = pd.DataFrame(frame[names]).reset_index(drop=True)
    for name in names:
        values = kept[name]
        if values.dtype == object and not values.isna().any() and values.nunique() * 2 < len(values):
            kept[name] = values.astype("category")
    return kept


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
    return tr("block {block} ({area:,.1f} m2, its parcels {parcels_area:,.1f} m2, near x {x:,.1f}, y {y:,.1f})").format(
        block=block_id, area=block["area_m2"], parcels_area=parcels, x=point.x, y=point.y)


def write_units(ledger, result, parameters=None, inputs=None, algorithm="carbonledger:segmentunits",
                progress=NO_PROGRESS, policy=replacement.KEEP_ALL, snap=0.001):
    """Replace the units (city to building levels) and the links of ``ledger`` in one transaction,
    reconciled with those there before (``reconcile.py``); returns the run id.

    New units matching old ones by overlap keep their ids; image segments of unchanged parcels stay;
    entries, stocks, unit_stats and edits are never deleted: those of units that moved or vanished
    are listed in the ``reconciliation`` table under the run id (with a warning). Refused
    (LedgerInputError, nothing written) when the new districts cover less area, or the units that
    stay hold fewer entries, than ``policy`` (replacement.Policy) allows of the old ones, or when a unit or link
    that entries name would change (outline, attributes, or its id gone: ``resegmentation.py``), unless it
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
        replacement.guard(writer, tr("districts"), "units", float(old_units.loc[districts[0], "area_m2"].sum()),
                          float(done.units.loc[districts[1], "area_m2"].sum()), policy, "BOUNDARIES", "m2")
        replacement.guard(writer, tr("entries of the units that stay"), "entries", int(report["entries"].sum()),
                          int(report.loc[stays, "entries"].sum()), policy, "BOUNDARIES")
        with resegmentation.units_under_entries(writer, policy, algorithm):
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
