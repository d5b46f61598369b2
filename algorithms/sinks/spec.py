"""Model spec of carbonledger:accountsinks (inputs, outputs and help, declared once)."""
from ..core.spec import EnumInput, FileInput, ModelSpec, NumberInput, Output, RasterInput, StringInput, ledger_input
from ..ledger import replacement
from ..ledger.schema import BASELINE
from .accounting import DEFAULT_LEVELS, METHODS, ZONAL_LEVELS
from .conversion import SOIL_YEARS
from .pruning import DEFAULT_LEVEL as DEFAULT_PRUNING, LEVELS as PRUNING_LEVELS

RASTERS = ("LANDCOVER", "CANOPY", "NDVI", "LANDCOVER_ALT")
"""The raster inputs of accountsinks (read by path)."""

ACCOUNT_SINKS = ModelSpec(
    id="accountsinks",
    name="Account sinks and carbon stocks",
    group="scale",
    help=(
        "What each unit's vegetation, soil, wetland and water take up (t CO2e/yr, negative) and store (t C), "
        "from a classified land-cover raster and a class table with cited rates and carbon pools.\n\n"
        "Every parcel, building or segment is overlaid on the rasters exactly: pixels on a unit's edge count "
        "with the fraction of the pixel inside it (no pixel-centre rule), in one windowed pass. Class areas "
        "(m2), mean NDVI and canopy and the share of each unit no valid pixel covers go to unit_stats.\n\n"
        "LEDGER: the ledger GeoPackage (units from the tape measure).\n"
        "LANDCOVER: integer class raster in a projected CRS (units are reprojected to it if the ledger's CRS "
        "differs; a geographic raster is refused).\n"
        "CLASSES: optional CSV (code, class, rate_t_c_ha_yr, rate_low, rate_high, distribution, c_above, "
        "c_below, c_soil, c_dead in t C/ha, stock_low, stock_high (95% range of the summed pools, t C/ha), "
        "stock_distribution, source[, profile, sealed (true for paved and built-up)]); default "
        "resources/sinks/landcover_classes.csv; shipped tables for land-cover products in resources/sinks/products/ "
        "(esa_worldcover, dynamic_world, clcd, glc_fcs30, nlcd). InVEST's Carbon table is accepted as InVEST ships "
        "it (lucode or LULC, C_above, C_below, C_soil, C_dead, a name column). Missing rates credit no uptake; "
        "missing ranges give a zero-width interval with 'no uncertainty given' in the source. Codes under units "
        "missing from the table stop the run and are listed.\n"
        "CANOPY: optional tree-cover fraction raster (0..1); urban_trees is then accounted per ha of crown "
        "cover (IPCC Tier 2a).\n"
        "NDVI: optional NDVI raster; needed by METHOD lue.\n"
        "LANDCOVER_ALT and ALT_YEAR: optional second land-cover map and its year; land converted between them "
        "gets one net entry per unit and transition (class then -> class now, IPCC 2006 Vol 4 Ch 2 and 8, Tier 1): "
        "the old biomass and dead organic matter are lost at conversion (new biomass starts from zero and grows by "
        "its class rate), soil carbon moves to the new class's over SOIL_YEARS; land sealed as paved or built-up "
        "never yields a sink.\n"
        "SOIL_YEARS: years soil carbon takes to reach its new level after a conversion (IPCC default 20).\n"
        "PRUNING: maintenance level of urban trees; the pruning of that level in the green-space maintenance table "
        "is booked as a biomass loss beside the trees' growth (IPCC Eq 8.1, gains minus losses); none books no loss.\n"
        "YEAR: year of LANDCOVER. INVENTORY_YEAR: inventory year of the entries and stocks (empty: YEAR).\n"
        "REASON: why an inventory year already in the ledger is recalculated (a corrected factor, a new "
        "method): the run becomes a new version of the year, with the reason recorded in inventory_years, and "
        "earlier versions stay as they were. Needed for a year sealed by a later one; runs with the same REASON "
        "continue one version.\n"
        "METHOD: rates (class area x cited rate x -44/12) or lue (light-use efficiency from NDVI: fAPAR x PAR "
        "x efficiency minus heterotrophic respiration).\n"
        "LUE_PARAMETERS: optional factor CSV replacing resources/sinks/lue_parameters.csv.\n"
        "LEVELS: unit levels that get entries (default parcel and segment); a unit's entries cover only the "
        "part of it not covered by accounted descendants, so nothing is counted twice.\n"
        "SCENARIO: scenario of the entries and stocks (earlier ones of this algorithm are replaced).\n"
        + replacement.HELP +
        "Carbon stocks per unit and pool go to the stocks table, never into the annual net. Sink entries use "
        "the 'vegetation' hourly profile (daytime uptake, night-time respiration). Bad input stops the run "
        "with a message; the ledger is left unchanged."
    ),
    inputs=(
        ledger_input(),
        RasterInput("LANDCOVER", "Land-cover raster (class codes)"),
        FileInput("CLASSES", "Class table (CSV, optional)", optional=True, extension="csv"),
        RasterInput("CANOPY", "Tree-cover fraction raster 0..1", optional=True),
        RasterInput("NDVI", "NDVI raster", optional=True),
        RasterInput("LANDCOVER_ALT", "Land-cover raster of another year", optional=True),
        NumberInput(
            "ALT_YEAR", "Year of the other land-cover raster", optional=True, integer=True, minimum=1900, maximum=2100
        ),
        NumberInput("YEAR", "Year of the land-cover raster", default=2024, integer=True, minimum=1900, maximum=2100),
        NumberInput(
            "SOIL_YEARS",
            "Soil carbon transition after a land conversion (years)",
            default=SOIL_YEARS,
            integer=True,
            minimum=1,
            maximum=100,
        ),
        EnumInput(
            "PRUNING",
            "Maintenance level of urban trees (pruning booked as a loss)",
            default=DEFAULT_PRUNING,
            options=tuple(PRUNING_LEVELS),
        ),
        EnumInput("METHOD", "Annual uptake method", default="rates", options=tuple(METHODS)),
        FileInput("LUE_PARAMETERS", "Light-use efficiency parameters (CSV, optional)", optional=True, extension="csv"),
        EnumInput(
            "LEVELS",
            "Unit levels that get sink entries",
            default=tuple(DEFAULT_LEVELS),
            options=tuple(ZONAL_LEVELS),
            multiple=True,
        ),
        StringInput("SCENARIO", "Scenario", default=BASELINE),
        NumberInput("INVENTORY_YEAR", "Inventory year (empty: YEAR)", optional=True, integer=True, minimum=1900,
                    maximum=2100),
        StringInput("REASON", "Reason for recalculating the year", optional=True),
    ) + replacement.INPUTS,
    outputs=(
        Output("ENTRIES", "Entries written"),
        Output("SINK_T", "Sinks (t CO2e/yr, negative)"),
        Output("NET_T", "Net of the entries written (t CO2e/yr)"),
        Output("STOCK_T_C", "Carbon stock in YEAR (t C)"),
        Output("UNCOVERED_UNITS", "Units more than 1% without valid pixels"),
    ),
)
"""carbonledger:accountsinks: land cover, canopy and NDVI rasters -> per-unit sinks and carbon stocks."""
