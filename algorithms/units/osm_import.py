"""An OpenStreetMap extract as the four layers carbonledger:segmentunits takes.

- boundaries: administrative boundaries (boundary=administrative) at ``admin_level``, cut to the
  extent; or the extent itself (one district) when no level is given; fields code (D01, D02 ...
  in OSM id order), name, osm_id.
- roads: highway=* lines mapped to the plugin's road classes by resources/osm/highway_classes.csv
  (motorway, arterial, secondary, local; paths, driveways and the like left out), cut to the
  extent; fields road_id (w<way id>), road_class, name, highway, aadt (empty: OSM has no counts).
- landuse: polygons with a landuse, leisure, natural, amenity or waterway value listed in
  resources/landuse_maps/osm.csv (the first key that maps wins), without a building tag; fields
  land_use (the plugin's class), osm_tag (key=value), osm_id.
- buildings: building=* polygons touching the boundaries; fields building_id (w<way id> or
  r<relation id>), use (resources/osm/building_uses.csv; building=yes takes the class of the
  land-use polygon holding its centre when that is residential, commercial, public or industrial;
  other values 'other'), use_from ('building' or 'landuse'), floors (building:levels, rounded;
  else ``default_floors`` when given, else empty), floors_from ('building:levels', 'default' or '').

Values that no table maps are listed with their counts. Geometry is projected to ``crs``
(default: the UTM zone of the extent's centre); lengths m, areas m2.
"""
import dataclasses
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..core.resources import resource_path
from .blocks import assign_to_areas, polygonal
from .mapping_tables import LANDUSE_MAPS, counts_text, read_csv
from .osm_read import read_osm
from .unit_inputs import utm_code

HIGHWAY_CLASSES = resource_path("osm", "highway_classes.csv")
BUILDING_USES = resource_path("osm", "building_uses.csv")
LANDUSE_KEYS = ("landuse", "leisure", "natural", "amenity", "waterway")
"""OSM keys read as land use, in the order tried."""
OTHER_USE = "other"
"""Building use of building values the table does not list."""
LAYER_NAMES = ("boundaries", "roads", "landuse", "buildings")


@dataclasses.dataclass
class OsmLayers:
    """The four layers (GeoDataFrames in ``crs``), counts per layer and notes."""

    boundaries: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    landuse: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    crs: str
    notes: list


BUILT_CLASSES = ("residential", "commercial", "public", "industrial")
"""Land-use classes that give their use to an untyped building (building=yes) standing in them."""


def import_osm(path, extent=None, crs=None, admin_level=None, default_floors=None, progress=NO_PROGRESS):
    """Read the OSM file at ``path`` into :class:`OsmLayers`.

    extent: (west, south, east, north) in degrees or None (the whole file). crs: projected CRS
    ('EPSG:xxxx') or None for the UTM zone of the centre. admin_level: OSM admin_level of the
    districts (text or number) or None for the extent as one district. default_floors: floors of
    buildings without a numeric building:levels (None: left empty). Raises LedgerInputError
    when the file holds no road or no district.
    """
    progress(0.0, tr("Reading the OSM file"))
    frames = read_osm(path, extent, progress.span(0.0, 0.6))
    lines, polygons = frames["lines"], frames["multipolygons"]
    if not len(lines) and not len(polygons):
        raise LedgerInputError(tr("holds no ways or relations inside the extent"), layer="INPUT")
    bounds = extent or tuple(shapely.total_bounds(np.concatenate([lines["geometry"], polygons["geometry"]])))
    frame = shapely.box(*bounds)
    crs = crs or f"EPSG:{utm_code((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0)}"
    notes = []
    progress(0.6, tr("Boundaries"))
    boundaries = _boundaries(polygons, frame, admin_level, notes)
    progress(0.7, tr("Roads"))
    roads = _roads(lines, frame, notes)
    progress(0.8, tr("Land use and buildings"))
    landuse = _landuse(polygons, frame, notes)
    buildings = _buildings(polygons, shapely.union_all(boundaries["geometry"].to_numpy()), landuse, default_floors,
                           notes)
    layers = [gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326").to_crs(crs)
              for table in (boundaries, roads, landuse, buildings)]
    progress(1.0, tr("OSM layers ready"))
    return OsmLayers(*layers, crs=crs, notes=notes)


def _osm_ids(polygons):
    """'r<relation id>' or 'w<way id>' of each multipolygon row."""
    relation = polygons["osm_id"].notna()
    return np.where(relation, "r" + polygons["osm_id"].fillna(""), "w" + polygons["osm_way_id"].fillna(""))


def _cut(geometry, frame, polygons=True):
    """Geometries (array) cut to the ``frame`` polygon, with a mask of those left non-empty; polygons
    are repaired first (OSM holds self-intersecting rings) and keep only their polygonal parts."""
    geometry = np.asarray(geometry, dtype=object)
    if polygons:
        geometry = shapely.make_valid(geometry)
    cut = shapely.intersection(geometry, frame)
    keep = ~shapely.is_empty(cut)
    if polygons:
        cut = polygonal(cut)
        keep &= shapely.area(cut) > 0.0
    return cut, keep


def _boundaries(polygons, frame, admin_level, notes):
    """District polygons (code, name, osm_id, geometry) at ``admin_level``, or the frame."""
    if admin_level in (None, ""):
        notes.append(tr("Boundaries: no ADMIN_LEVEL given, the extent is one district D01"))
        return pd.DataFrame({"code": ["D01"], "name": ["extent"], "osm_id": [None], "geometry": [frame]})
    chosen = polygons[(polygons["boundary"] == "administrative")
                      & (polygons["admin_level"].fillna("").str.strip() == str(admin_level).strip())]
    cut, keep = _cut(chosen["geometry"].to_numpy(), frame)
    chosen = chosen.assign(geometry=cut, osm=_osm_ids(chosen))[keep]
    if not len(chosen):
        levels = polygons.loc[polygons["boundary"] == "administrative", "admin_level"]
        raise LedgerInputError(tr("holds no administrative boundary of admin_level {admin_level} inside the extent; "
                                  "levels found: {levels}").format(
            admin_level=admin_level, levels=counts_text(levels) or tr("none")), layer="INPUT", field="admin_level")
    number = chosen["osm"].str[1:].astype(np.int64)
    chosen = chosen.iloc[np.argsort(number.to_numpy(), kind="stable")]
    digits = max(2, len(str(len(chosen))))
    notes.append(tr("Boundaries: {districts} districts of admin_level {admin_level}, coded by OSM id").format(
        districts=len(chosen), admin_level=admin_level))
    return pd.DataFrame({"code": [f"D{i:0{digits}d}" for i in range(1, len(chosen) + 1)],
                         "name": chosen["name"].to_numpy(), "osm_id": chosen["osm"].to_numpy(),
                         "geometry": chosen["geometry"].to_numpy()})


def _roads(lines, frame, notes):
    """Road lines (road_id, road_class, name, highway, aadt, geometry) of mapped highway values."""
    table = read_csv(HIGHWAY_CLASSES)
    classes = dict(zip(table["highway"], table["road_class"], strict=True))
    streets = lines[lines["highway"].notna()]
    road_class = streets["highway"].map(classes)
    unlisted = road_class.isna()
    if unlisted.any():
        notes.append(tr("Roads: highway values not in resources/osm/highway_classes.csv, left out: {values}").format(
            values=counts_text(streets.loc[unlisted, "highway"])))
    excluded = road_class == ""
    if excluded.any():
        notes.append(tr("Roads: paths, driveways and the like left out (they bound no block): {values}").format(
            values=counts_text(streets.loc[excluded, "highway"])))
    kept = streets[road_class.fillna("") != ""]
    cut, keep = _cut(kept["geometry"].to_numpy(), frame, polygons=False)
    kept = kept.assign(geometry=cut)[keep]
    if not len(kept):
        raise LedgerInputError(tr("holds no street (highway=motorway ... residential) inside the extent"),
                               layer="INPUT", field="highway")
    return pd.DataFrame({"road_id": "w" + kept["osm_id"], "road_class": kept["highway"].map(classes).to_numpy(),
                         "name": kept["name"].to_numpy(), "highway": kept["highway"].to_numpy(),
                         "aadt": np.full(len(kept), np.nan), "geometry": kept["geometry"].to_numpy()})


def _landuse(polygons, frame, notes):
    """Land-use polygons (land_use, osm_tag, osm_id, geometry): the first key whose value maps."""
    table = read_csv(LANDUSE_MAPS["osm"])
    classes = dict(zip(table["key"] + "=" + table["value"], table["land_use"], strict=True))
    candidates = polygons[polygons["building"].isna() & polygons[list(LANDUSE_KEYS)].notna().any(axis=1)]
    tag = pd.Series(None, index=candidates.index, dtype=object)
    for key in reversed(LANDUSE_KEYS):  # the first key that maps wins, so it is written last
        tags = key + "=" + candidates[key].fillna("")
        tag = tag.mask(tags.isin(list(classes)), tags)
    unmapped = tag.isna()
    if unmapped.any():
        shown = candidates.loc[unmapped, list(LANDUSE_KEYS)].apply(
            lambda row: ";".join(f"{k}={v}" for k, v in row.items() if v is not None), axis=1)
        notes.append(tr("Land use: values not in resources/landuse_maps/osm.csv, left out: {values}").format(
            values=counts_text(shown)))
    mapped = candidates[~unmapped]
    cut, keep = _cut(mapped["geometry"].to_numpy(), frame)
    mapped = mapped.assign(geometry=cut, osm_tag=tag[~unmapped], osm=_osm_ids(mapped))[keep]
    notes.append(tr("Land use: {polygons} polygons mapped: {tags}").format(
        polygons=len(mapped), tags=counts_text(mapped["osm_tag"])))
    return pd.DataFrame({"land_use": mapped["osm_tag"].map(classes).to_numpy(), "osm_tag": mapped["osm_tag"].to_numpy(),
                         "osm_id": mapped["osm"].to_numpy(), "geometry": mapped["geometry"].to_numpy()})


def _buildings(polygons, area, landuse, default_floors, notes):
    """Building footprints touching ``area`` (building_id, use, use_from, floors, floors_from,
    osm_building, geometry); ``landuse`` gives its class to building=yes standing in it."""
    table = read_csv(BUILDING_USES)
    uses = dict(zip(table["building"], table["use"], strict=True))
    found = polygons[polygons["building"].notna()]
    found = found.assign(geometry=polygonal(shapely.make_valid(found["geometry"].to_numpy())))
    found = found[shapely.intersects(found["geometry"].to_numpy(), area)].reset_index(drop=True)
    use = found["building"].map(uses)
    if use.isna().any():
        notes.append(tr("Buildings: values not in resources/osm/building_uses.csv, use '{use}': {values}").format(
            use=OTHER_USE, values=counts_text(found.loc[use.isna(), "building"])))
    use = use.fillna(OTHER_USE)
    built = landuse[landuse["land_use"].isin(BUILT_CLASSES)].reset_index(drop=True)
    untyped = np.flatnonzero((found["building"] == "yes").to_numpy())
    holder = assign_to_areas(found["geometry"].to_numpy()[untyped], built["geometry"].to_numpy())
    inferred = untyped[holder >= 0]
    use.iloc[inferred] = built["land_use"].to_numpy()[holder[holder >= 0]]
    use_from = np.where(np.isin(np.arange(len(found)), inferred), "landuse", "building")
    if len(inferred):
        notes.append(tr("Buildings: {inferred} of {untyped} building=yes take the use of the land use they stand "
                        "in").format(inferred=len(inferred), untyped=len(untyped)))
    levels = pd.to_numeric(found["building_levels"], errors="coerce")
    odd = levels.isna() & found["building_levels"].notna()
    if odd.any():
        notes.append(tr("Buildings: building:levels values that are not numbers: {values}").format(
            values=counts_text(found.loc[odd, "building_levels"])))
    floors_from = np.where(levels.notna(), "building:levels", "default" if default_floors else "")
    if default_floors and levels.isna().any():
        notes.append(tr("Buildings: {buildings} without building:levels get DEFAULT_FLOORS {default_floors:g}").format(
            buildings=int(levels.isna().sum()), default_floors=default_floors))
        levels = levels.fillna(float(default_floors))
    return pd.DataFrame({"building_id": _osm_ids(found), "use": use.to_numpy(), "use_from": use_from,
                         "floors": levels.round().to_numpy(), "floors_from": floors_from,
                         "osm_building": found["building"].to_numpy(), "geometry": found["geometry"].to_numpy()})


def write_layers(layers, path):
    """Write the four layers of ``layers`` (OsmLayers) into a new GeoPackage at ``path`` (replaced)."""
    if os.path.exists(path):
        os.remove(path)
    for name in LAYER_NAMES:
        getattr(layers, name).to_file(path, layer=name, driver="GPKG")
