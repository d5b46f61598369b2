"""The ledger schema: every layer and table of the ledger GeoPackage, defined once.

Each table is a list of ``(column, SQL type, description with units)``. ``ledger.py`` creates
and upgrades GeoPackages from it; ``scripts/schema_doc.py`` prints the README's schema section
from it. Flows are in t CO2e per year: sources positive, sinks negative.
"""

SCHEMA_VERSION = 1

LEVELS = ("city", "district", "block", "parcel", "building", "segment", "link")
"""Unit levels from coarse to fine; road links are the ``link`` level in the links layer."""

FLOWS = ("source", "sink", "avoided")
"""Entry flows: direct emissions, direct removals, and emissions avoided elsewhere."""

_UNIT_COMMON = [
    ("unit_id", "TEXT NOT NULL UNIQUE", "hierarchical id, unique across units and links (e.g. D01-B003-P02)"),
    ("parent_id", "TEXT", "unit_id of the parent unit; empty only at the top level"),
    ("level", "TEXT NOT NULL", "one of city, district, block, parcel, building, segment, link"),
    ("name", "TEXT", "readable name (district name, street name)"),
    ("land_use", "TEXT", "land-use class of a parcel or district; use of a building"),
    ("source_id", "TEXT", "id of the input feature the unit comes from (building_id, road_id, segment label)"),
]

_UNIT_TOTALS = [
    ("source_t", "REAL", "baseline sources, t CO2e/yr, this unit and its descendants"),
    ("sink_t", "REAL", "baseline sinks, t CO2e/yr (negative), this unit and its descendants"),
    ("net_t", "REAL", "source_t + sink_t, t CO2e/yr"),
    ("net_low_t", "REAL", "2.5th percentile of net_t, t CO2e/yr"),
    ("net_high_t", "REAL", "97.5th percentile of net_t, t CO2e/yr"),
]

UNITS = _UNIT_COMMON + [
    ("area_m2", "REAL", "planimetric area, m2"),
    ("floors", "INTEGER", "buildings: number of storeys"),
    ("floor_area_m2", "REAL", "buildings: footprint x floors, m2"),
    ("built_year", "INTEGER", "buildings: construction year"),
    ("population", "REAL", "residents, persons"),
] + _UNIT_TOTALS

LINKS = _UNIT_COMMON + [
    ("road_class", "TEXT", "road class (motorway, arterial, secondary, local)"),
    ("length_m", "REAL", "link length, m"),
    ("aadt", "REAL", "annual average daily traffic, vehicles/day"),
] + _UNIT_TOTALS

ENTRIES = [
    ("entry_id", "TEXT NOT NULL UNIQUE", "scenario/unit/flow/sector/factor/method key"),
    ("unit_id", "TEXT NOT NULL", "unit or link the entry belongs to"),
    ("scenario", "TEXT NOT NULL", "scenario name; 'baseline' for the accounted present"),
    ("flow", "TEXT NOT NULL", "source, sink or avoided"),
    ("sector", "TEXT NOT NULL", "e.g. electricity, heat, industry_combustion, road_traffic, waste, forest"),
    ("gpc_sector", "TEXT", "GPC sector code, e.g. I.1, II.1, III.1, IV, V"),
    ("scope", "INTEGER", "GPC scope 1, 2 or 3"),
    ("carrier", "TEXT", "energy carrier or land-cover class (natural_gas, electricity, grass)"),
    ("activity", "REAL", "activity amount in activity_unit"),
    ("activity_unit", "TEXT", "e.g. kWh, m3, t, vkm, ha"),
    ("activity_low", "REAL", "2.5th percentile of the activity"),
    ("activity_high", "REAL", "97.5th percentile of the activity"),
    ("factor_id", "TEXT", "row of the factors table"),
    ("factor", "REAL", "factor value, copied from the factors row"),
    ("factor_unit", "TEXT", "e.g. kg CO2/kWh, kg CO2/TJ, t C/ha/yr"),
    ("conversion", "REAL", "multiplier so that co2e_t = activity x factor x conversion"),
    ("conversion_note", "TEXT", "what the conversion holds (calorific value, 1/1000, -44/12)"),
    ("co2e_t", "REAL", "t CO2e/yr; sources positive, sinks negative"),
    ("low_t", "REAL", "2.5th percentile, t CO2e/yr"),
    ("high_t", "REAL", "97.5th percentile, t CO2e/yr"),
    ("method", "TEXT", "how the activity was obtained (metered, downscaled_floor_area, zonal_exact ...)"),
    ("source", "TEXT", "citation of the factor"),
    ("profile", "TEXT", "temporal profile id in resources/profiles used for hourly values"),
    ("related_unit_id", "TEXT", "unit that causes the entry (green unit for avoided flows)"),
    ("inputs_hash", "TEXT", "SHA-256 of the input rows the activity was derived from"),
    ("computed_at", "TEXT", "UTC ISO 8601 time of computation"),
    ("algorithm_version", "TEXT", "version of the algorithms package"),
    ("fingerprint", "TEXT", "SHA-256 of the entry's inputs; see entries.py"),
    ("run_id", "TEXT", "run that wrote the entry"),
]

FACTORS = [
    ("factor_id", "TEXT NOT NULL UNIQUE", "stable id, e.g. ipcc2006_ng_co2"),
    ("value", "REAL NOT NULL", "central value in unit"),
    ("unit", "TEXT NOT NULL", "e.g. kg CO2/TJ"),
    ("low", "REAL", "2.5th percentile"),
    ("high", "REAL", "97.5th percentile"),
    ("distribution", "TEXT", "normal, lognormal, triangular or uniform"),
    ("source", "TEXT NOT NULL", "citation; assumptions are marked 'assumption'"),
    ("year", "INTEGER", "data year"),
    ("region", "TEXT", "region the value applies to"),
    ("description", "TEXT", "what the factor is"),
]

RUNS = [
    ("run_id", "TEXT NOT NULL UNIQUE", "UUID of the run"),
    ("algorithm", "TEXT NOT NULL", "e.g. carbonledger:accountsources"),
    ("parameters", "TEXT", "parameters as JSON"),
    ("input_fingerprints", "TEXT", "SHA-256 per input file or layer, as JSON"),
    ("plugin_version", "TEXT", "plugin version"),
    ("user", "TEXT", "operating-system user who ran it"),
    ("started_at", "TEXT", "UTC ISO 8601"),
    ("ended_at", "TEXT", "UTC ISO 8601"),
]

SCENARIOS = [
    ("scenario", "TEXT NOT NULL UNIQUE", "scenario name"),
    ("base", "TEXT", "scenario it builds on"),
    ("description", "TEXT", "what it rehearses"),
    ("created_at", "TEXT", "UTC ISO 8601"),
    ("run_id", "TEXT", "run that stored it"),
]

EDITS = [
    ("edit_id", "TEXT NOT NULL UNIQUE", "scenario/sequence key"),
    ("scenario", "TEXT NOT NULL", "scenario the edit belongs to"),
    ("seq", "INTEGER", "order of the edit within its scenario"),
    ("unit_id", "TEXT NOT NULL", "unit or link edited"),
    ("measure_id", "TEXT NOT NULL", "row of resources/measures"),
    ("parameters", "TEXT", "measure parameters as JSON"),
    ("created_at", "TEXT", "UTC ISO 8601"),
]

STOCKS = [
    ("unit_id", "TEXT NOT NULL", "unit holding the stock"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("pool", "TEXT NOT NULL", "c_above, c_below, c_soil or c_dead"),
    ("year", "INTEGER", "land-cover year"),
    ("stock_t_c", "REAL", "carbon stock, t C"),
    ("stock_t_co2e", "REAL", "stock_t_c x 44/12, t CO2e"),
    ("run_id", "TEXT", "run that wrote it"),
]

UNIT_STATS = [
    ("unit_id", "TEXT NOT NULL", "unit described"),
    ("stat", "TEXT NOT NULL", "e.g. area_m2:grass, mean:ndvi, mean:band_1, uncovered_share"),
    ("value", "REAL", "value in value_unit"),
    ("value_unit", "TEXT", "m2, ratio, reflectance ..."),
    ("run_id", "TEXT", "run that wrote it"),
]

ACTIVITIES = [
    ("row_id", "TEXT NOT NULL", "row_id of the ACTIVITY input row"),
    ("scenario", "TEXT NOT NULL", "scenario the row was accounted in"),
    ("year", "INTEGER", "accounting year of the run"),
    ("content", "TEXT", "the raw input row as canonical JSON (all columns as text)"),
    ("row_hash", "TEXT", "SHA-256 of content; entries.inputs_hash derives from these"),
    ("run_id", "TEXT", "run that read it"),
]

SPATIAL_LAYERS = {"units": ("MULTIPOLYGON", UNITS), "links": ("MULTILINESTRING", LINKS)}
"""Spatial layers: name -> (geometry type, columns). Geometry column is ``geom``."""

TABLES = {
    "entries": ENTRIES,
    "factors": FACTORS,
    "runs": RUNS,
    "scenarios": SCENARIOS,
    "edits": EDITS,
    "stocks": STOCKS,
    "unit_stats": UNIT_STATS,
    "activities": ACTIVITIES,
}
"""Attribute tables (no geometry): name -> columns."""

INDEXES = {
    "entries": ("unit_id", "scenario"),
    "units": ("parent_id", "level"),
    "links": ("parent_id",),
    "stocks": ("unit_id",),
    "unit_stats": ("unit_id",),
}
"""Columns indexed for the lookups the docks and accounting make."""


def columns(name):
    """Column names of a layer or table, in schema order."""
    if name in SPATIAL_LAYERS:
        return [c for c, _, _ in SPATIAL_LAYERS[name][1]]
    return [c for c, _, _ in TABLES[name]]
