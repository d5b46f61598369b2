"""The ledger schema: every layer and table of the ledger GeoPackage, defined once.

Each table is a list of ``(column, SQL type, description with units)``. ``store.py`` creates
GeoPackages from it and ``migrations.py`` brings older ones up to it; ``scripts/schema_doc.py``
prints the README's schema section from it. Flows are in t CO2e per year: sources positive, sinks
negative.
"""

SCHEMA_VERSION = 10
"""Version of this schema, recorded in the ledger's ``ledger_info`` table. 1: release 0.1.0 (no
ledger_info); 2: ledger_info and scenario_units; 3: the proxy error of downscaled entries; 4: reconciliation
and run_notices; 5: inventory years (inventory_year and year_version on entries and stocks, the scenarios'
inventory_year, inventory_years, year_totals); 6: run seals (``RUN_SEAL``) and fingerprints over every entry
column and the entry's units; 7: seals over buckets of rows (``seal_buckets``, ``seal_state.py``), so that a run
reads again only what it wrote; 8: two-stage fingerprints (``content_digest`` of every column but the interval, and
the fingerprint of the content digest and the interval), so that a new interval does not rehash an entry; 9: the
factors table sealed (``factors_count``, ``factors_root``), so that a hand edit of a factor row that no entry copies
(a GWP, a calorific value, a distribution) shows; 10: why a green unit's area was reduced (greenspace_budget's
outline_m2 and counted_in). ``migrations.py`` holds one step per version."""

BASELINE = "baseline"
"""Scenario name of the inventory as accounted; every other scenario composes on it."""

LEVELS = ("city", "district", "block", "parcel", "building", "segment", "link")
"""Unit levels from coarse to fine; road links are the ``link`` level in the links layer."""

LIFECYCLE = "lifecycle"
"""Flow of life-cycle entries: in their own budget, never in the territorial net or GPC BASIC."""

GRID_SUPPLY = "grid_supply"
FLOWS = ("source", "sink", "avoided", GRID_SUPPLY, LIFECYCLE)
"""Entry flows: direct emissions, direct removals, emissions avoided elsewhere, the scope 1
emissions of energy generated in the city and supplied to the grid (GPC I.4.4: reported, but kept
out of the net and the BASIC totals, because the consumers count that energy in scope 2), and
life-cycle emissions outside the territorial net (GPC VI other scope 3, or included elsewhere: IE)."""

SEQUESTRATION = "sequestration"
"""Sector of annual uptake (and its pruning losses) that the sink accounting writes."""
LAND_CONVERSION = "land_conversion"
"""Sector of the net entries per land-cover transition between two land-cover dates."""

_UNIT_COMMON = [
    ("unit_id", "TEXT NOT NULL UNIQUE", "hierarchical id, unique across units and links (e.g. D01-B003-P02)"),
    ("parent_id", "TEXT", "unit_id of the parent unit; empty only at the top level"),
    ("level", "TEXT NOT NULL", "one of city, district, block, parcel, building, segment, link"),
    ("name", "TEXT", "readable name (district name, street name)"),
    ("land_use", "TEXT", "land-use class of a parcel or district; use of a building"),
    ("source_id", "TEXT", "id of the input feature the unit comes from (building_id, road_id, segment label)"),
]

_UNIT_TOTALS = [
    ("source_t", "REAL", "baseline sources of the latest inventory year, t CO2e/yr, this unit and its descendants"),
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

_INVENTORY_YEAR = [
    ("inventory_year", "INTEGER", "inventory year the row belongs to (see inventory_years)"),
    ("year_version", "INTEGER", "version of that inventory year: 1 as first accounted, +1 per recalculation"),
]
"""Columns that say which inventory year, and which version of it, a row belongs to."""

ENTRIES = [
    ("entry_id", "TEXT NOT NULL UNIQUE", "scenario/unit/flow/sector/factor/method key"),
    ("unit_id", "TEXT NOT NULL", "unit or link the entry belongs to"),
    ("scenario", "TEXT NOT NULL", "scenario name; 'baseline' for the accounted present"),
    ("flow", "TEXT NOT NULL",
     "source, sink, avoided, grid_supply (GPC I.4.4, not in the net) or lifecycle (outside the net)"),
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
    ("proxy_error", "REAL",
     "relative 95% deviation of the unit's true share of a downscaled total from its proxy share "
     "(factor row proxy_error_<proxy>); 0 or empty when the activity was not downscaled"),
    ("proxy_share", "REAL", "share of the downscaled total (or its top-down remainder) the unit received, 0-1"),
    ("proxy_concentration", "REAL", "sum of the squared shares of all units the downscaled total reached"),
    ("computed_at", "TEXT", "UTC ISO 8601 time of computation"),
    ("algorithm_version", "TEXT", "version of the algorithms package"),
    ("content_digest", "TEXT", "SHA-256 of every other column but low_t, high_t, fingerprint, run_id and "
     "computed_at, and of the entry's unit and related unit (attributes and geometry); see entries.py"),
    ("fingerprint", "TEXT", "SHA-256 of content_digest, low_t and high_t; see entries.py"),
    ("run_id", "TEXT", "run that wrote the entry"),
] + _INVENTORY_YEAR

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

RUN_SEAL = [
    ("run_entries", "INTEGER", "entries the run wrote (entries with its run_id when it committed)"),
    ("entries_count", "INTEGER", "entries in the ledger when the run committed"),
    ("entries_root", "TEXT", "Merkle root (SHA-256) of the buckets of all entries when the run committed; see "
     "seal_state.py"),
    ("units_count", "INTEGER", "units and links in the ledger when the run committed"),
    ("units_root", "TEXT", "Merkle root (SHA-256) of the buckets of all units and links (attributes and geometry), "
     "ditto"),
    ("factors_count", "INTEGER", "rows of the factors table when the run committed (empty: sealed before schema 9)"),
    ("factors_root", "TEXT", "Merkle root (SHA-256) of the buckets of all factor rows (every column), ditto"),
    ("sealed", "TEXT", "'at run', or 'at migration, not at run' for runs made before schema 3 and the last run "
     "re-sealed at migration to schema 7, 8 or 9"),
    ("previous_seal", "TEXT", "seal of the runs row before this one (empty for the first run)"),
    ("seal", "TEXT", "SHA-256 of every other column of this row but signature and signed_by (and but "
     "factors_count and factors_root when empty)"),
    ("signature", "TEXT", "Ed25519 signature of seal (hex) by the metering centre's key; empty if unsigned"),
    ("signed_by", "TEXT", "SHA-256 of the raw public key that signed (hex, first 16 digits)"),
]
"""Columns of ``runs`` that seal each run into a chain (schema 3); see seals.py."""
UNSEALED = ("seal", "signature", "signed_by")
"""Columns of ``runs`` outside the seal (the seal itself and its signature)."""
SEALED_WHEN_SET = ("factors_count", "factors_root")
"""Columns of ``runs`` in the seal only when set: a run sealed before schema 9 had none, and its seal stays."""

RUNS = RUNS + RUN_SEAL

SEAL_BUCKETS = [
    ("layer", "TEXT NOT NULL", "entries, units, links or factors"),
    ("bucket", "INTEGER NOT NULL", "fid // seal_state.BUCKET_ROWS of the rows in it (factors: the fid, a row each)"),
    ("rows", "INTEGER", "rows of the layer in the bucket"),
    ("digest", "TEXT", "SHA-256 of the rows' fids and hashes, in fid order; see seal_state.py"),
]
"""Each bucket of rows as the last run sealed it (schema 7): what a run needs to seal the buckets it did not
write into without reading them; verification recomputes every bucket from the rows."""

SCENARIOS = [
    ("scenario", "TEXT NOT NULL UNIQUE", "scenario name"),
    ("base", "TEXT", "scenario it builds on"),
    ("description", "TEXT", "what it rehearses"),
    ("created_at", "TEXT", "UTC ISO 8601"),
    ("run_id", "TEXT", "run that stored it"),
    ("inventory_year", "INTEGER", "inventory year of the baseline the scenario starts from"),
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

SCENARIO_UNITS = [
    ("scenario", "TEXT NOT NULL", "scenario whose edits re-accounted the unit"),
    ("unit_id", "TEXT NOT NULL", "unit or link whose entries the scenario's own entries replace in its base"),
]
"""Units a scenario touched: the edited units, and all units below one a land-use conversion edits."""

LEDGER_INFO = [
    ("key", "TEXT NOT NULL UNIQUE", "schema_version, created_with, migrated_to_<n>, last_seal, sealed_runs"),
    ("value", "TEXT", "schema version number; plugin version; UTC ISO 8601 time and plugin version of a migration; "
     "seal of the last run; number of runs sealed"),
]
"""What the ledger is: its schema version, the plugin version that made it, the migrations it went through."""

RECONCILIATION = [
    ("run_id", "TEXT NOT NULL", "segmentation run (segmentunits, segmentimagery) that replaced the units"),
    ("unit_id", "TEXT NOT NULL", "id of a unit or link the ledger held before that run"),
    ("level", "TEXT", "its level (district, block, parcel, building, segment, link)"),
    ("status", "TEXT NOT NULL",
     "kept (same id, same geometry), moved (same id, matched by overlap, geometry changed: rows follow the id, "
     "check them) or orphaned (no new unit matches: its rows stay, under an id no unit holds; rerun the accounting)"),
    ("overlap", "REAL", "intersection over union of old and new geometry (areas; link lengths within 0.5 m), ratio"),
    ("entries", "INTEGER", "entries of the unit, all scenarios"),
    ("stocks", "INTEGER", "stock rows of the unit"),
    ("unit_stats", "INTEGER", "unit_stats rows of the unit"),
    ("edits", "INTEGER", "scenario edits of the unit"),
]
"""What a re-segmentation did to the units that were there before, and to the rows that hang from them."""

RUN_NOTICES = [
    ("run_id", "TEXT NOT NULL", "run the notice belongs to"),
    ("table_name", "TEXT", "table or layer whose rows the run replaced"),
    ("replaced", "REAL", "what was there before the run: rows (m2 of area for segments; see notice)"),
    ("written", "REAL", "what the run wrote in its place, in the same unit"),
    ("notice", "TEXT NOT NULL", "what was replaced, and that REPLACE allowed it"),
]
"""What a run replaced with much less (below its COVERAGE), written only because REPLACE allowed it."""

STOCKS = [
    ("unit_id", "TEXT NOT NULL", "unit holding the stock"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("pool", "TEXT NOT NULL", "c_above, c_below, c_soil or c_dead"),
    ("year", "INTEGER", "land-cover year"),
    ("stock_t_c", "REAL", "carbon stock, t C"),
    ("stock_t_co2e", "REAL", "stock_t_c x 44/12, t CO2e"),
    ("run_id", "TEXT", "run that wrote it"),
] + _INVENTORY_YEAR

INVENTORY_YEARS = [
    ("inventory_year", "INTEGER NOT NULL", "inventory year, e.g. 2024"),
    ("year_version", "INTEGER NOT NULL", "1 as first accounted, +1 per recalculation of the year"),
    ("reason", "TEXT", "why the version was made (first accounting, a corrected factor, a new method ...)"),
    ("based_on", "INTEGER", "version the recalculation started from (its entries and stocks copied); empty for 1"),
    ("created_at", "TEXT", "UTC ISO 8601"),
    ("run_id", "TEXT", "run that opened the version"),
]
"""Inventory years and their versions. A year is sealed once a later year is accounted: it changes
only by a new version, with its reason (GPC 2014 Ch 11 / IPCC 2006 Vol 1 Ch 5 recalculations). Reads
select one year, by default the latest, and of it the latest version."""

YEAR_TOTALS = [
    ("unit_id", "TEXT NOT NULL", "unit or link"),
    ("inventory_year", "INTEGER NOT NULL", "inventory year"),
    ("year_version", "INTEGER NOT NULL", "version of the inventory year"),
    ("source_t", "REAL", "baseline sources, t CO2e/yr, this unit and its descendants"),
    ("sink_t", "REAL", "baseline sinks, t CO2e/yr (negative), this unit and its descendants"),
    ("net_t", "REAL", "source_t + sink_t, t CO2e/yr"),
    ("net_low_t", "REAL", "2.5th percentile of net_t, t CO2e/yr"),
    ("net_high_t", "REAL", "97.5th percentile of net_t, t CO2e/yr"),
    ("run_id", "TEXT", "run that wrote it"),
]
"""Unit totals of every inventory year and version (the units and links layers hold the latest's)."""

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

GREENSPACE_BUDGET = [
    ("unit_id", "TEXT NOT NULL", "green unit"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("design_type", "TEXT", "park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn"),
    ("regime", "TEXT", "maintenance regime: intensive, standard or extensive"),
    ("area_m2", "REAL", "effective area (overlaps with other green units counted once: for the unit nested in the "
     "other, else for the unit whose id sorts first), m2"),
    ("outline_m2", "REAL", "the unit's own area as drawn, before any ground is counted for another green unit, m2; "
     "empty in rows written before schema 10"),
    ("counted_in", "TEXT", "the green units this unit's shared ground is counted in, each as its unit_id, a space "
     "and the m2 of it counted there (2 decimals; ground under two of them counts in the one before, as in area_m2), "
     "';'-joined in unit_id order (e.g. 'D01-B0003-P02 120.50;D01-B0004-P01 8.25'); '' when none takes any, empty "
     "(NULL) in rows written before schema 10. area_m2 = outline_m2 - the m2 named, up to their rounding to "
     "0.01 m2 and the overlay grid's (about the perimeter times the grid, 1 micrometre unless GEOS fails there)"),
    ("gross_uptake_t", "REAL", "sink entries of the unit and its descendants down to the next green unit, times "
     "area_m2 / the area they measure (0 when all its ground counts for others), t CO2e/yr (negative)"),
    ("maintenance_t", "REAL", "irrigation, mowing, fertiliser, pruning waste and replanting, t CO2e/yr"),
    ("construction_amortised_t", "REAL", "construction emissions / lifetime, t CO2e/yr"),
    ("construction_total_t", "REAL", "construction emissions, one-off, t CO2e"),
    ("net_t", "REAL", "gross_uptake_t + maintenance_t + construction_amortised_t, t CO2e/yr; > 0 is a net source"),
    ("net_low_t", "REAL", "2.5th percentile of net_t, t CO2e/yr"),
    ("net_high_t", "REAL", "97.5th percentile of net_t, t CO2e/yr"),
    ("payback_years", "REAL", "construction_total_t / -(gross_uptake_t + maintenance_t), yr; empty if never"),
    ("payback_year", "INTEGER", "built_year (or the construction year given) + ceil(payback_years); empty if never"),
    ("run_id", "TEXT", "run that wrote it"),
]

POLLUTANT_REMOVAL = [
    ("unit_id", "TEXT NOT NULL", "green unit whose canopy removes the pollutant"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("pollutant", "TEXT NOT NULL", "o3, no2, so2, co, pm25"),
    ("canopy_m2", "REAL", "tree canopy area (forest + urban_trees), m2"),
    ("removal_kg", "REAL", "deposition velocity x concentration x canopy x in-leaf seconds, kg/yr"),
    ("removal_low_kg", "REAL", "2.5th percentile, kg/yr"),
    ("removal_high_kg", "REAL", "97.5th percentile, kg/yr"),
    ("run_id", "TEXT", "run that wrote it"),
]

SERVICE_ACCESS = [
    ("unit_id", "TEXT NOT NULL", "green unit (role supply) or building (role demand)"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("supply_kind", "TEXT NOT NULL", "area (m2), sink (t CO2e/yr) or cooling (CC-weighted m2)"),
    ("role", "TEXT NOT NULL", "supply or demand"),
    ("district_id", "TEXT", "district the unit lies in"),
    ("supply", "REAL", "supply units: green supply S_j (supply) or supply reached A_i x population (demand)"),
    ("population", "REAL", "persons: kernel-weighted population reached (supply) or residents (demand)"),
    ("supply_per_person", "REAL", "R_j = S_j / P'_j (supply) or A_i (demand), supply units per person"),
    ("balance", "REAL", "A_i - demand standard, supply units per person (demand only)"),
    ("status", "TEXT",
     "served, under_served, no_standard (no demand standard for the supply kind), no_population_in_reach"),
    ("run_id", "TEXT", "run that wrote it"),
]

SERVICE_DISTRICTS = [
    ("district_id", "TEXT NOT NULL", "district unit"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("supply_kind", "TEXT NOT NULL", "area, sink or cooling"),
    ("population", "REAL", "residents, persons"),
    ("under_served_population", "REAL", "residents with balance < 0, persons"),
    ("mean_supply_per_person", "REAL", "population-weighted mean of A_i, supply units per person"),
    ("gini", "REAL", "Gini coefficient of A_i over residents (0 equal .. 1 unequal)"),
    ("supply_own", "REAL", "supply of the district's green units, supply units"),
    ("supply_received", "REAL", "supply its residents reach from any district, supply units"),
    ("run_id", "TEXT", "run that wrote it"),
]

SERVICE_FLOW_MATRIX = [
    ("from_district", "TEXT NOT NULL", "district of the green units supplying"),
    ("to_district", "TEXT NOT NULL", "district of the residents benefiting"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("supply_kind", "TEXT NOT NULL", "area, sink or cooling"),
    ("flow", "REAL", "supply flowing, sum of P_i f(d_ij) R_j, supply units"),
    ("share_of_supply", "REAL", "flow / supply of from_district reaching anyone, ratio"),
    ("run_id", "TEXT", "run that wrote it"),
]

SERVICE_FLOWS = [
    ("flow_id", "TEXT NOT NULL", "scenario/supply_kind/green unit/to_district"),
    ("scenario", "TEXT NOT NULL", "scenario name"),
    ("supply_kind", "TEXT NOT NULL", "area, sink or cooling"),
    ("green_unit_id", "TEXT NOT NULL", "green unit supplying"),
    ("from_district", "TEXT", "district of the green unit"),
    ("to_district", "TEXT", "district of the residents benefiting"),
    ("flow", "REAL", "supply flowing, supply units"),
    ("population", "REAL", "residents of to_district reached, persons"),
    ("run_id", "TEXT", "run that wrote it"),
]
"""Lines from a green unit to the population-weighted centre of the residents it serves in a district."""

GEOMETRY_COLUMN = "geom"
"""Geometry column of the spatial layers."""

SPATIAL_LAYERS = {
    "units": ("MULTIPOLYGON", UNITS),
    "links": ("MULTILINESTRING", LINKS),
    "service_flows": ("MULTILINESTRING", SERVICE_FLOWS),
}
"""Spatial layers: name -> (geometry type, columns). Geometry column: GEOMETRY_COLUMN."""

TABLES = {
    "entries": ENTRIES,
    "factors": FACTORS,
    "runs": RUNS,
    "scenarios": SCENARIOS,
    "edits": EDITS,
    "scenario_units": SCENARIO_UNITS,
    "stocks": STOCKS,
    "unit_stats": UNIT_STATS,
    "activities": ACTIVITIES,
    "greenspace_budget": GREENSPACE_BUDGET,
    "pollutant_removal": POLLUTANT_REMOVAL,
    "service_access": SERVICE_ACCESS,
    "service_districts": SERVICE_DISTRICTS,
    "service_flow_matrix": SERVICE_FLOW_MATRIX,
    "ledger_info": LEDGER_INFO,
    "reconciliation": RECONCILIATION,
    "run_notices": RUN_NOTICES,
    "inventory_years": INVENTORY_YEARS,
    "year_totals": YEAR_TOTALS,
    "seal_buckets": SEAL_BUCKETS,
}
"""Attribute tables (no geometry): name -> columns."""

INDEXES = {
    "entries": ("unit_id", "scenario"),
    "units": ("parent_id", "level"),
    "links": ("parent_id",),
    "stocks": ("unit_id",),
    "unit_stats": ("unit_id",),
    "scenario_units": ("scenario",),
    "reconciliation": ("run_id",),
    "year_totals": ("unit_id",),
}
"""Columns indexed for the lookups the docks and accounting make."""


def rtree_table(name):
    """Name of the R*-tree table GDAL's GeoPackage driver keeps for the geometries of layer ``name``."""
    return f"rtree_{name}_{GEOMETRY_COLUMN}"


def columns(name):
    """Column names of a layer or table, in schema order."""
    if name in SPATIAL_LAYERS:
        return [c for c, _, _ in SPATIAL_LAYERS[name][1]]
    return [c for c, _, _ in TABLES[name]]


def real_columns(name):
    """Names of the REAL (floating point) columns of a layer or table (none for a table not in the schema)."""
    return _columns_of_type(name, "REAL")


def integer_columns(name):
    """Names of the INTEGER columns of a layer or table (none for a table not in the schema)."""
    return _columns_of_type(name, "INTEGER")


def _columns_of_type(name, sql_type):
    defined = SPATIAL_LAYERS[name][1] if name in SPATIAL_LAYERS else TABLES.get(name, ())
    return [c for c, declared, _ in defined if declared.split()[0] == sql_type]
