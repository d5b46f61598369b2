"""Checks and repairs of the vector inputs of the tape measure, before anything is written.

Every function takes a GeoDataFrame with a ``row`` column (the input feature id, cited in
messages; the row position when absent) and returns a cleaned copy, or raises
LedgerInputError naming the layer, field and row. Repairs and drops are counted in the log.
"""
import math

import numpy as np
import pandas as pd
import shapely
from geopandas.array import GeometryArray
from pyproj import CRS

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path
from .mapping_tables import counts_text, normal

ROW = "row"
LANDUSE_CLASSES = resource_path("landuse_classes.csv")
_POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
_LINEAR = (1, 2, 5)  # LineString, LinearRing, MultiLineString
_TYPE_NAMES = {0: "point", 1: "line", 2: "line", 3: "polygon", 4: "point", 5: "line", 6: "polygon", 7: "mixed"}
_KIND_WORDS = {"point": tr("point"), "line": tr("line"), "polygon": tr("polygon"), "mixed": tr("mixed"),
               "other": tr("other")}  # geometry kinds as the messages say them


def utm_code(lon, lat):
    """EPSG code (int) of the WGS 84 / UTM zone holding (lon, lat) in degrees: 326zz north, 327zz south."""
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone


def utm_suggestion(frame):
    """'EPSG:326zz (WGS 84 / UTM zone zzN)' for the centre of ``frame`` (any CRS), or a generic hint."""
    try:
        centre = frame.to_crs(4326).total_bounds
        lon, lat = (centre[0] + centre[2]) / 2.0, (centre[1] + centre[3]) / 2.0
        code = utm_code(lon, lat)
    except (ValueError, TypeError):
        return tr("the local UTM zone (EPSG:326zz north, 327zz south)")
    return tr("EPSG:{code} (WGS 84 / UTM zone {zone}{hemisphere})").format(code=code, zone=code % 100,
                                                                           hemisphere="N" if lat >= 0 else "S")


def require_projected(frame, layer):
    """Refuse a geographic CRS for a new ledger, suggesting the UTM zone of the data."""
    if frame.crs is None:
        raise LedgerInputError(tr("has no CRS; set the layer's CRS before building units"), layer=layer)
    if not CRS.from_user_input(frame.crs).is_projected:
        raise LedgerInputError(tr(
            "is in a geographic CRS (degrees), but areas (m2) and lengths (m) need a projected one: "
            "reproject it, e.g. to {suggestion}, or to EPSG:4547 in Wuhan").format(suggestion=utm_suggestion(frame)),
            layer=layer,
        )


def to_crs(frame, crs):
    """``frame`` in ``crs`` (the ledger's), reprojected only when it differs."""
    if frame.crs is not None and not CRS.from_user_input(frame.crs).equals(CRS.from_user_input(crs)):
        return frame.to_crs(crs)
    return frame.set_crs(crs, allow_override=True) if frame.crs is None else frame


def geometry_array(geometry, crs):
    """Shapely geometries (array, None where missing) as a geopandas GeometryArray in ``crs``, without
    geopandas' check of every element in Python (issue 22: seconds at 1,000,000 features)."""
    return GeometryArray(np.asarray(geometry, dtype=object), crs=crs)


def with_rows(frame):
    """A copy of ``frame`` with a ``row`` column (feature ids) and a clean 0..n-1 index."""
    frame = frame.reset_index(drop=True).copy()
    if ROW not in frame.columns:
        frame[ROW] = np.arange(len(frame))
    return frame


def require_fields(frame, layer, fields):
    """Raise if a named field is missing from ``frame``; ``fields`` maps parameter -> field name."""
    for parameter, field in fields.items():
        if field and field not in frame.columns:
            known = ", ".join(c for c in frame.columns if c not in (ROW, frame.geometry.name))
            raise LedgerInputError(tr("has no field '{field}' ({parameter}); its fields are: {fields}").format(
                field=field, parameter=parameter, fields=known), layer=layer, field=field,
            )


def clean_geometries(frame, layer, kind, progress):
    """Repair invalid geometries (make_valid), keep the ``kind`` parts, drop empty ones with a count.

    kind: 'polygon' or 'line'. Raises on an empty layer, or when nothing of ``kind`` is left.
    """
    if len(frame) == 0:
        raise LedgerInputError(tr("has no features"), layer=layer)
    frame = with_rows(frame)
    geometry = np.asarray(frame.geometry.values, dtype=object).copy()
    missing = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    invalid = ~missing & ~shapely.is_valid(geometry)
    if invalid.any():
        rows = frame.loc[invalid, ROW].tolist()
        progress.warn(tr("{layer}: repaired {geometries} invalid geometries (feature ids {ids})").format(
            layer=layer, geometries=len(rows), ids=_first(rows)))
        geometry[invalid] = shapely.make_valid(geometry[invalid])
    wanted = _POLYGONAL if kind == "polygon" else _LINEAR
    types = shapely.get_type_id(geometry)
    mixed = ~missing & (types == 7)
    if mixed.any():
        geometry[mixed] = [_keep_parts(g, wanted) for g in geometry[mixed]]
        types = shapely.get_type_id(geometry)
    wrong = ~missing & ~np.isin(types, wanted) & ~shapely.is_empty(geometry)
    if wrong.all():
        row = int(frame.loc[np.flatnonzero(wrong)[0], ROW])
        found = shapely.get_type_id(geometry[wrong][0])
        raise LedgerInputError(
            tr("needs {kind} geometries, but holds {found} geometries").format(
                kind=_KIND_WORDS[kind], found=_KIND_WORDS[_TYPE_NAMES.get(int(found), "other")]),
            layer=layer, row=row,
        )
    drop = missing | wrong | shapely.is_empty(geometry)
    if drop.any():
        rows = frame.loc[drop, ROW].tolist()
        progress.warn(tr("{layer}: skipped {features} features without a {kind} geometry (feature ids {ids})").format(
            layer=layer, features=len(rows), kind=_KIND_WORDS[kind], ids=_first(rows)))
    frame = frame.set_geometry(geometry_array(geometry, frame.crs))
    frame = frame.loc[~drop].reset_index(drop=True)
    if len(frame) == 0:
        raise LedgerInputError(tr("has no usable {kind} geometry").format(kind=_KIND_WORDS[kind]), layer=layer)
    return frame


def _keep_parts(geometry, wanted):
    """The parts of a geometry collection whose type is in ``wanted``, as one geometry."""
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) in wanted]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _first(rows, count=10):
    """The first ``count`` ids of a list, as text ('1, 5, 9 ...')."""
    text = ", ".join(str(r) for r in rows[:count])
    return text + (" ..." if len(rows) > count else "")


def district_codes(frame, layer, code_field, name_field):
    """Codes (text, stripped) and names of the districts; raise on empty or repeated codes.

    code_field None: codes D01, D02 ... in the order of the feature ids (``row``).
    """
    if not code_field:
        digits = max(2, len(str(len(frame))))
        order = np.argsort(frame[ROW].to_numpy(), kind="stable")
        codes = np.empty(len(frame), dtype=object)
        codes[order] = [f"D{number:0{digits}d}" for number in range(1, len(frame) + 1)]
        codes = pd.Series(codes, index=frame.index)
    else:
        codes = frame[code_field].astype(object).where(frame[code_field].notna(), "").astype(str).str.strip()
    bad = (codes == "") | codes.duplicated()
    if bad.any():
        row = int(frame.loc[np.flatnonzero(bad.to_numpy())[0], ROW])
        raise LedgerInputError(
            tr("district code '{code}' is empty or repeated; every district needs its own code").format(
                code=codes[bad].iloc[0]), layer=layer, field=code_field, row=row,
        )
    names = frame[name_field].astype(object).where(frame[name_field].notna(), None) if name_field else codes
    return codes.to_numpy(), np.asarray(names, dtype=object)


def landuse_table(path=LANDUSE_CLASSES):
    """The allowed land-use classes: DataFrame with land_use, name_zh, aliases, priority (who keeps an
    overlap, higher first), description, source."""
    return pd.read_csv(path, dtype=str).fillna("")


def class_priority(classes, table=None):
    """Priority (number, higher keeps an overlap) of each land-use class in ``classes`` (array)."""
    table = landuse_table() if table is None else table
    priority = pd.to_numeric(table.set_index("land_use")["priority"])
    return pd.Series(classes, dtype=object).map(priority).fillna(0.0).to_numpy(dtype=float)


def land_use_classes(values, rows, layer, field, table=None, value_map=None, progress=None):
    """Map land-use values to the allowed classes (case, spaces, Chinese names and aliases accepted).

    value_map: {normalised value: class} of a LANDUSE_MAP (mapping_tables.landuse_map), tried
    first. Without it an unknown value raises LedgerInputError listing every unknown value with
    its count and the allowed classes; with it unknown values are listed with their counts in a
    warning (``progress.warn``) and get None (their polygons are left out).
    """
    table = landuse_table() if table is None else table
    lookup = {}
    for _, entry in table.iterrows():
        for alias in [entry["land_use"], entry["name_zh"], *entry["aliases"].split(";")]:
            if alias.strip():
                lookup[normal([alias])[0]] = entry["land_use"]
    lookup.update(value_map or {})
    text = pd.Series(values, dtype=object)
    mapped = normal(text).map(lookup)
    unknown = mapped.isna()
    if unknown.any() and value_map is not None:
        progress.warn(tr("{layer}: {features} features have {field} values the land-use map does not list, left out "
                         "(their area becomes 'unclassified'): {values}").format(
            layer=layer, features=int(unknown.sum()), field=field, values=counts_text(text[unknown])))
    elif unknown.any():
        allowed = "; ".join(f"{r.land_use} ({r.description})" for r in table.itertuples())
        raise LedgerInputError(
            tr("{features} features have land-use classes that are not known: {values}. Map them with LANDUSE_MAP "
               "(e.g. resources/landuse_maps/osm.csv). Allowed classes (resources/landuse_classes.csv): {allowed}")
            .format(features=int(unknown.sum()), values=counts_text(text[unknown]), allowed=allowed),
            layer=layer, field=field, row=int(np.asarray(rows)[np.flatnonzero(unknown.to_numpy())[0]]),
        )
    return mapped.where(mapped.notna(), None).to_numpy(dtype=object)


def numeric_field(frame, field, layer, integer=False):
    """A field as float (or nullable int) numbers; None when no field; raises on non-numbers."""
    if not field:
        return None
    raw = frame[field]
    numbers = pd.to_numeric(raw, errors="coerce")
    bad = numbers.isna() & raw.notna()
    if bad.any():  # spelled as text only then: blank text is no value, any other is refused
        bad &= raw.astype(str).str.strip() != ""
    if bad.any():
        index = np.flatnonzero(bad.to_numpy())[0]
        raise LedgerInputError(
            tr("'{value}' is not a number").format(value=raw.iloc[index]), layer=layer, field=field,
            row=int(frame[ROW].iloc[index]),
        )
    if (numbers < 0).any():
        index = np.flatnonzero((numbers < 0).to_numpy())[0]
        raise LedgerInputError(
            tr("{value} is negative").format(value=numbers.iloc[index]), layer=layer, field=field,
            row=int(frame[ROW].iloc[index]),
        )
    return numbers.round().astype("Int64") if integer else numbers.astype(float)
