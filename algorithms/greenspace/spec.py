"""Model specs of the green-space tools: greenspacebudget, indirectbenefits and serviceflows."""
from ..core.spec import EnumInput, FileInput, ModelSpec, NumberInput, Output, StringInput, VectorInput, ledger_input
from ..ledger.schema import BASELINE
from .budget import DEFAULT_GRID_FACTOR, IRRIGATION_OPTIONS
from .service_flows import KERNELS, SUPPLY_KINDS
from .stormwater import SOIL_GROUPS

COMMON_HELP = (
    "PARAMETERS: optional CSV in factor format (factor_id, value, unit, low, high, distribution, source, year, "
    "region; optional parameter, applies_to) whose rows replace the shipped rows of resources/greenspace/ by "
    "factor_id or add new ones.\n"
    "GREEN_UNITS: optional table (unit_id, design_type, regime) that makes a unit green or changes its design "
    "type (park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn) and maintenance "
    "regime (intensive, standard, extensive). Without it, parcels are green by land_use "
    "(resources/greenspace/design_types.csv).\n"
    "SCENARIO: scenario written (default baseline); earlier results of this algorithm there are replaced.\n"
)
"""Help lines of the inputs all green-space models share (PARAMETERS, GREEN_UNITS, SCENARIO)."""

PARAMETERS = FileInput("PARAMETERS", "Parameter overrides (CSV, optional)", optional=True, extension="csv")
"""Green-space factor rows replacing or adding to resources/greenspace/ (factor format)."""

GREEN_UNITS = VectorInput("GREEN_UNITS", "Design type and regime per unit (table, optional)", optional=True)
"""unit_id, design_type[, regime] per unit made green or changed."""

GRID_FACTOR = StringInput("GRID_FACTOR", "Grid factor id (resources/factors)", default=DEFAULT_GRID_FACTOR)
"""Factor id of the grid electricity (kg CO2/kWh)."""

SCENARIO = StringInput("SCENARIO", "Scenario", default=BASELINE)
"""Scenario written; earlier results of the same model there are replaced."""

GREENSPACE_BUDGET = ModelSpec(
    id="greenspacebudget",
    name="Green-space life-cycle budget",
    group="green_space",
    help=(
        "Counts green space honestly: for each green unit, construction (earthwork, materials, machinery per m2 "
        "by design type, amortised over its lifetime) and yearly maintenance (irrigation water x pumping kWh/m3 x "
        "grid factor, mowing fuel, fertiliser N2O, pruning and green-waste composting, replanting) against the "
        "gross uptake of the sink accounting. Each term is an entry (sector greenspace_*) with its parameter "
        "rows, interval and fingerprint: mowing, fertiliser, pruning waste and irrigation are 'source' entries "
        "in the territorial net; construction and replanting (GPC VI, scope 3), and irrigation electricity "
        "when the electricity totals already hold it (IE), are 'lifecycle' entries, outside the net and GPC "
        "BASIC. Construction is charged only to units built within their design life (built_year, from the "
        "units or GREEN_UNITS). The greenspace_budget table holds per unit gross uptake, "
        "maintenance, amortised and total construction, net (t CO2e/yr; > 0 is a net source) and the payback "
        "year. A heavily irrigated lawn comes out as a net source.\n\n"
        "LEDGER: the ledger, with sink entries (run carbonledger:accountsinks first) and land-cover areas per "
        "unit in unit_stats.\n" + COMMON_HELP +
        "GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh), e.g. china_grid_central_2023.\n"
        "CONSTRUCTION_YEAR: year payback starts for units without built_year.\n"
        "INVENTORY_YEAR: year of the inventory; construction is charged when 0 <= INVENTORY_YEAR - built_year < "
        "design life.\n"
        "IRRIGATION_IN_ELECTRICITY: auto (included when the ledger's electricity is downscaled from a total), "
        "included (IE) or separate (a scope-2 source entry).\n"
        "Outputs: UNITS, ENTRIES, GROSS_UPTAKE_T, MAINTENANCE_T, CONSTRUCTION_T (amortised), NET_T (t CO2e/yr), "
        "NET_SOURCES (units whose net is a source)."
    ),
    inputs=(
        ledger_input(), PARAMETERS, GREEN_UNITS, GRID_FACTOR, SCENARIO,
        NumberInput("CONSTRUCTION_YEAR", "Construction year of units without built_year", default=2024,
                    integer=True, minimum=1900, maximum=2100),
        NumberInput("INVENTORY_YEAR", "Inventory year", default=2024, integer=True, minimum=1900, maximum=2100),
        EnumInput("IRRIGATION_IN_ELECTRICITY", "Irrigation electricity inside the electricity totals",
                  default="auto", options=IRRIGATION_OPTIONS),
    ),
    outputs=(
        Output("UNITS", "Green units"),
        Output("ENTRIES", "Entries written"),
        Output("GROSS_UPTAKE_T", "Gross uptake (t CO2e/yr, negative)"),
        Output("MAINTENANCE_T", "Maintenance (t CO2e/yr)"),
        Output("CONSTRUCTION_T", "Amortised construction (t CO2e/yr)"),
        Output("NET_T", "Net (t CO2e/yr)"),
        Output("NET_SOURCES", "Green units that are net sources"),
    ),
)
"""carbonledger:greenspacebudget: life-cycle carbon budget of each green unit against its uptake."""

INDIRECT_BENEFITS = ModelSpec(
    id="indirectbenefits",
    name="Green-space indirect benefits",
    group="green_space",
    help=(
        "Emissions avoided elsewhere because green space exists, as 'avoided' entries (negative t CO2e/yr, kept "
        "apart from direct sources and sinks), each tagged with the green unit that causes it "
        "(related_unit_id).\n"
        "Cooling (InVEST Urban Cooling form): cooling capacity CC = 0.6 shade + 0.2 albedo + 0.2 ETI per "
        "land-cover class; park cooling at each building = CC of green units weighted by exp(-d/d_cool) over "
        "their area (cut off at 5 d_cool, at least 2 ha of green within d_cool); temperature drop = (HM - CC) x "
        "UHI_max; saved kWh = kWh/degC/m2 (by building use) x footprint x drop; x grid factor. Entries go on the "
        "buildings.\n"
        "Stormwater (InVEST Urban Stormwater Retention form): retention 1 - runoff coefficient by land cover and "
        "soil group; m3 = P x (RE - RE of REFERENCE_COVER) x area x 0.001; x kWh/m3 of drainage pumping and "
        "treatment; x grid factor. Entries go on the green units.\n"
        "Air quality (i-Tree Eco form): kg per pollutant (o3, no2, so2, co, pm25) = deposition velocity x "
        "concentration x canopy x in-leaf time, in the pollutant_removal table, never in CO2.\n\n"
        "LEDGER: the ledger with units (green parcels, buildings) and, ideally, land-cover areas in unit_stats.\n"
        + COMMON_HELP +
        "GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh).\n"
        "SOIL_GROUP: hydrologic soil group A-D of the runoff coefficients.\n"
        "REFERENCE_COVER: land-cover class the green ground is credited against (paved; water gives InVEST's "
        "absolute retention).\n"
        "Outputs: ENTRIES, COOLING_T and STORMWATER_T (t CO2e/yr, negative), POLLUTANTS_KG (JSON, kg/yr)."
    ),
    inputs=(
        ledger_input(), PARAMETERS, GREEN_UNITS, GRID_FACTOR, SCENARIO,
        EnumInput("SOIL_GROUP", "Hydrologic soil group", default="B", options=tuple(SOIL_GROUPS)),
        StringInput("REFERENCE_COVER", "Reference cover for stormwater", default="paved"),
    ),
    outputs=(
        Output("ENTRIES", "Entries written"),
        Output("COOLING_T", "Avoided by cooling (t CO2e/yr)"),
        Output("STORMWATER_T", "Avoided by stormwater retention (t CO2e/yr)"),
        Output("POLLUTANTS_KG", "Pollutants removed (kg/yr, JSON)", "text"),
    ),
)
"""carbonledger:indirectbenefits: emissions green space avoids elsewhere (cooling, stormwater), pollutants in kg."""

SERVICE_FLOWS = ModelSpec(
    id="serviceflows",
    name="Green-space service flows",
    group="green_space",
    help=(
        "Where green space's benefits go, as a two-step floating catchment from green units to the residents of "
        "building units (units.population): the supply of each green unit (SUPPLY: area m2, sink t CO2e/yr or "
        "cooling CC-weighted m2) is shared among the people within its search radius (per design type, "
        "resources/greenspace/access.csv) with a distance-decay KERNEL (dichotomy, exponential, gaussian, "
        "density); each resident's supply per person is the sum over the green units reaching them, and its "
        "balance against the demand standard (m2/person) marks the under-served.\n"
        "Writes service_access (per green unit and building), service_districts (population, under-served "
        "population, Gini of supply per person, own and received supply), service_flow_matrix (district to "
        "district: who benefits from whose green space) and the service_flows line layer of the MAX_LINES largest "
        "green-unit-to-district flows.\n\n"
        "LEDGER: the ledger with green parcels, districts and populated buildings.\n" + COMMON_HELP +
        "Outputs: POPULATION, UNDER_SERVED (persons), GINI, CROSS_DISTRICT_SHARE (share of the supply used by "
        "residents of another district), UNREACHED (green units with nobody in reach), LINES."
    ),
    inputs=(
        ledger_input(), PARAMETERS, GREEN_UNITS, SCENARIO,
        EnumInput("SUPPLY", "Supply", default="area", options=tuple(SUPPLY_KINDS)),
        EnumInput("KERNEL", "Distance-decay kernel", default="exponential", options=tuple(KERNELS)),
        NumberInput("MAX_LINES", "Flow lines to draw", default=50, integer=True, minimum=0, maximum=100000),
    ),
    outputs=(
        Output("POPULATION", "Residents"),
        Output("UNDER_SERVED", "Residents under-served"),
        Output("GINI", "Gini of supply per person"),
        Output("CROSS_DISTRICT_SHARE", "Share of supply crossing districts"),
        Output("UNREACHED", "Green units with nobody in reach"),
        Output("LINES", "Flow lines written"),
    ),
)
"""carbonledger:serviceflows: where green space's services go (catchments, equity, district flows)."""
