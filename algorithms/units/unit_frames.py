"""The rows segmentunits writes: units (schema columns, ids and parents) and road links, a batch of
districts at a time (``district_batches``), and the city on top.

Ids are numbered inside their parent (``unit_ids``), so a batch's ids do not depend on the other
batches, except for the zero padding of each level's number, which is as wide as the largest number in
the whole city: ``digits`` holds the widths used so far, and a batch needing a wider one after others
were handed on raises :class:`Wider` (the caller starts again with those widths).
"""
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..ledger import schema
from ..ledger.hierarchy import Hierarchy
from . import unit_inputs
from .unit_ids import MIN_DIGITS, child_ids

UNCLASSIFIED = "unclassified"
"""Land-use class of parcels outside every land-use polygon (resources/landuse_classes.csv)."""


class Wider(Exception):
    """A batch numbers a level past the padding already used; ``digits`` ({level: width}) fits all seen."""

    def __init__(self, digits):
        super().__init__(f"ids need wider numbers: {digits}")
        self.digits = digits


def numbered(parent_ids, rank, level, digits, fixed):
    """child_ids with the padding of ``digits`` (widened in place unless ``level`` is in the set ``fixed``:
    ids of that level were handed on already, so Wider is raised)."""
    rank = np.asarray(rank)
    need = max(MIN_DIGITS[level], len(str(int(rank.max()))) if len(rank) else 0)
    if need > digits.get(level, 0):
        if level in fixed:
            raise Wider({**digits, level: need})
        digits[level] = need
    return child_ids(parent_ids, rank, level, digits[level])


def text(frame, field):
    """A field as text (None where missing), or the feature ids when no field is given."""
    if not field:
        return frame[unit_inputs.ROW].astype(str).to_numpy(dtype=object)
    values = frame[field]
    result = values.astype(object).astype(str).to_numpy(dtype=object)
    result[values.isna().to_numpy()] = None
    return result


def unit_frames(city, districts, blocks, parcels, landuse, buildings, fields, crs, digits, fixed):
    """The units GeoDataFrame (schema columns) of one batch of districts: districts, blocks, parcels and
    buildings with ids and parents, sorted by id; population rolled up to the districts.

    districts: the batch's rows of the districts frame; blocks: (geometry, position in ``districts``,
    reading_order_rank in the district); parcels: (geometry, block position, reading_order_rank in the block,
    land-use position or -1); buildings: (placed buildings frame, parcel position of each, reading_order_rank in
    the parcel) or None; digits, fixed: as ``numbered``. The ranks come from the threads cutting the batch (GEOS
    outside the GIL, issue 22)."""
    block_geometry, block_district, block_rank = blocks
    parcel_geometry, parcel_block, parcel_rank, parcel_landuse = parcels
    district_ids = districts["code"].to_numpy(dtype=object)
    block_ids = numbered(district_ids[block_district], block_rank, "block", digits, fixed)
    parcel_ids = numbered(block_ids[parcel_block], parcel_rank, "parcel", digits, fixed)
    landuse_class = landuse["land_use_class"].to_numpy(dtype=object)
    landuse_row = landuse[unit_inputs.ROW].astype(str).to_numpy(dtype=object)
    has_class = parcel_landuse >= 0
    frames = [
        pd.DataFrame({"unit_id": district_ids, "parent_id": city, "level": "district",
                      "name": districts["district_name"].to_numpy(), "source_id": district_ids,
                      "geometry": np.asarray(districts.geometry.values, dtype=object)}),
        pd.DataFrame({"unit_id": block_ids, "parent_id": district_ids[block_district], "level": "block",
                      "geometry": block_geometry}),
        pd.DataFrame({"unit_id": parcel_ids, "parent_id": block_ids[parcel_block], "level": "parcel",
                      "land_use": np.where(has_class, landuse_class[parcel_landuse], UNCLASSIFIED),
                      "source_id": np.where(has_class, landuse_row[parcel_landuse], None),
                      "geometry": parcel_geometry}),
    ]
    if buildings is not None:
        placed, owner, rank = buildings
        footprint = shapely.area(placed.geometry.values)
        building_ids = numbered(parcel_ids[owner], rank, "building", digits, fixed)
        columns = {"unit_id": building_ids, "parent_id": parcel_ids[owner], "level": "building",
                   "land_use": text(placed, fields.building_use) if fields.building_use else None,
                   "source_id": text(placed, fields.building_id)}
        if fields.floors:  # a field not given stays out (schema_frame adds it empty: no NA check per row)
            columns["floors"] = placed["floors_value"].to_numpy()
            columns["floor_area_m2"] = footprint * placed["floors_value"].astype(float).to_numpy()
        if fields.built_year:
            columns["built_year"] = placed["built_year_value"].to_numpy()
        if fields.population:
            columns["population"] = placed["population_value"].to_numpy()
        frames.append(pd.DataFrame({**columns, "geometry": np.asarray(placed.geometry.values, dtype=object)}))
    units = pd.concat(frames, ignore_index=True)
    units = units.sort_values("unit_id", kind="mergesort").reset_index(drop=True)
    if buildings is not None and fields.population:
        units["population"] = population_roll_up(units)
    return schema_frame(units, crs)


def city_frame(city, district_geometry, population, crs):
    """The city unit: the union of the districts; population: residents summed over the districts (None:
    no population field)."""
    return schema_frame(pd.DataFrame({"unit_id": [city], "parent_id": [None], "level": "city", "name": [city],
                                      "population": [population],
                                      "geometry": [shapely.union_all(district_geometry)]}), crs)


def schema_frame(units, crs):
    """Units as a GeoDataFrame of the schema's columns, with their areas (m2)."""
    units["area_m2"] = shapely.area(units["geometry"].to_numpy())
    for column in schema.columns("units"):
        if column not in units.columns:
            units[column] = None
    real = schema.real_columns("units")  # float even when all missing (a batch's frames concatenate alike)
    units[real] = units[real].astype(float)
    for column in ("floors", "built_year"):
        units[column] = pd.array(units[column], dtype="Int64")
    return gpd.GeoDataFrame(units[schema.columns("units")],
                            geometry=unit_inputs.geometry_array(units["geometry"].to_numpy(), crs))


def population_roll_up(units):
    """Residents per unit: building values (NaN where unknown) summed into parcels, blocks and
    districts (the top units of a batch); buildings keep their own value."""
    population = units["population"].astype(float).to_numpy()
    is_building = units["level"].to_numpy() == "building"
    own = np.where(is_building, np.nan_to_num(population), 0.0)[:, None]
    rolled = Hierarchy(units[["unit_id", "parent_id", "level"]]).roll_up(own)[:, 0]
    return np.where(is_building, population, rolled)


def link_frame(districts, geometry, road, district, rank, roads, fields, crs, digits, fixed):
    """The links GeoDataFrame of one batch: road edges with class, AADT (vehicles/day) and length (m).

    district: position of each link's district in ``districts`` (the batch's rows); rank: reading_order_rank of
    each link in its district; road: row in ``roads``."""
    district_ids = districts["code"].to_numpy(dtype=object)
    ids = numbered(district_ids[district], rank, "link", digits, fixed)
    picked = roads.iloc[road]
    links = pd.DataFrame({
        "unit_id": ids, "parent_id": district_ids[district], "level": "link",
        "name": text(picked, fields.road_name) if fields.road_name else None,
        "source_id": text(picked, fields.road_id),
        "road_class": text(picked, fields.road_class) if fields.road_class else None,
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
