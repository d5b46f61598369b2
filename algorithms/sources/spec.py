"""Model specs of carbonledger:accountsources and carbonledger:hourlyemissions."""
from ..core.spec import (
    EnumInput,
    FileInput,
    ModelSpec,
    NumberInput,
    Output,
    StringInput,
    TableDestination,
    VectorInput,
    ledger_input,
)
from ..core.plausibility import accept_extreme_input
from ..ledger.schema import BASELINE
from .accounting import GRID_REGIONS

ACCOUNT_SOURCES = ModelSpec(
    id="accountsources",
    name="Account sources",
    group="scale",
    help=(
        "Turns activity data into ledger entries per unit (t CO2e/yr): activity x factor x conversion, one "
        "entry per gas for fuels (CO2, CH4, N2O; GWP100 from AR5 folded into the conversion), each with its "
        "factor's cited source, a 95% interval (IPCC Approach 1), a fingerprint, GPC sector and scope.\n\n"
        "Activity rows are bottom-up (a metered or reported amount on a unit, building, road link or "
        "facility) or top-down (a district or city total with a proxy: floor_area, population, traffic, "
        "facilities). Metered amounts inside a top-down total are subtracted before it is downscaled, so "
        "nothing is counted twice. The format is in the README, section 'Scale: sources'.\n\n"
        "LEDGER: the ledger GeoPackage (units and links from the tape measure).\n"
        "ACTIVITY: CSV file or table with row_id, target, sector, carrier, amount, unit, low/high or "
        "uncertainty_pct, year, proxy, profile.\n"
        "FACTORS: optional CSV whose rows replace shipped factor rows by factor_id (or add new ones).\n"
        "FACILITIES: optional point layer of industrial point sources (facility_id, building_id, carrier).\n"
        "YEAR: accounting year, the inventory year of the entries; rows of other years are skipped; the grid "
        "factor of YEAR is used, and a YEAR without one stops the run naming the years there are. A year not in "
        "the ledger is added beside the others.\n"
        "REASON: why an inventory year already in the ledger is recalculated (a corrected factor, a new "
        "method): the run becomes a new version of the year, with the reason recorded in inventory_years, and "
        "earlier versions stay as they were. Needed for a year sealed by a later one; runs with the same REASON "
        "continue one version.\n"
        "GRID_REGION: China grid: national, a regional grid (north, northeast, east, central, northwest, south, "
        "southwest) or a province (beijing ... hainan; the MEE/NBS provincial factors, used for provincial and "
        "city inventories).\n"
        "GRID_YEAR: optional year of the grid factor when the inventory year has none (e.g. 2023 for a 2024 "
        "inventory); it is recorded with the run.\n"
        "SCENARIO: scenario the entries belong to (default baseline); earlier entries of this algorithm in "
        "the scenario are replaced.\n"
        "ACCEPT_EXTREME: yes to account plausible but extreme values (a grid factor above 1.2 kg CO2/kWh, an "
        "electricity row above 200 TWh) instead of refusing them; values outside resources/plausible_ranges.csv "
        "(grid factor 0-1.5 kg CO2/kWh) are always refused.\n"
        "Outputs: ENTRIES written and TOTAL_T (t CO2e/yr). Bad input stops the run naming the row; the "
        "ledger is left unchanged."
    ),
    inputs=(
        ledger_input(),
        VectorInput("ACTIVITY", "Activity data (CSV or table)"),
        FileInput("FACTORS", "Factor overrides (CSV, optional)", optional=True, extension="csv"),
        VectorInput("FACILITIES", "Industrial point sources", optional=True, geometry="point"),
        NumberInput("YEAR", "Accounting year", default=2024, integer=True, minimum=1990, maximum=2100),
        EnumInput("GRID_REGION", "Regional grid", default="central", options=GRID_REGIONS),
        NumberInput("GRID_YEAR", "Year of the grid factor (empty: YEAR)", optional=True, integer=True, minimum=2000,
                    maximum=2100),
        StringInput("SCENARIO", "Scenario", default=BASELINE),
        accept_extreme_input(),
        StringInput("REASON", "Reason for recalculating the year", optional=True),
    ),
    outputs=(
        Output("ENTRIES", "Entries written"),
        Output("TOTAL_T", "Total sources (t CO2e/yr)"),
    ),
)
"""carbonledger:accountsources: activity data x factors -> source entries per unit."""

HOURLY_EMISSIONS = ModelSpec(
    id="hourlyemissions",
    name="Hourly emissions",
    group="scale",
    help=(
        "Spreads every entry's annual value (t CO2e/yr) over the hours of the chosen days with its temporal "
        "profile (resources/profiles: month x weekday/weekend x hour; entries without a profile are flat) and "
        "sums per unit. Weights are normalised per calendar year, so the hours of a whole year add up to the "
        "annual ledger. Sinks with a day/night profile give negative hours by day and positive ones at night.\n\n"
        "LEDGER: the ledger GeoPackage. SCENARIO: baseline or a stored scenario.\n"
        "START_DATE, END_DATE: first and last day (YYYY-MM-DD), inclusive.\n"
        "OUTPUT: table unit_id, date, hour (0-23, local start hour), co2e_t (t CO2e in that hour; sources "
        "minus sinks).\n"
        "OUTPUT_LAYER: optional polygon layer of units, one feature per unit and day with fields h00..h23 "
        "(t CO2e). OUTPUT_LINKS: the same for road links (lines).\n"
        "Outputs: ROWS written to OUTPUT and TOTAL_T over the range (t CO2e)."
    ),
    inputs=(
        ledger_input(),
        StringInput("SCENARIO", "Scenario", default=BASELINE),
        StringInput("START_DATE", "First day (YYYY-MM-DD)", default="2024-01-01"),
        StringInput("END_DATE", "Last day (YYYY-MM-DD)", default="2024-01-01"),
        TableDestination("OUTPUT", "Hourly emissions table"),
        TableDestination("OUTPUT_LAYER", "Units with one field per hour", optional=True, geometry="polygon",
                         create_by_default=False),
        TableDestination("OUTPUT_LINKS", "Road links with one field per hour", optional=True, geometry="line",
                         create_by_default=False),
    ),
    outputs=(
        Output("ROWS", "Rows in the hourly table"),
        Output("TOTAL_T", "Total over the range (t CO2e)"),
    ),
)
"""carbonledger:hourlyemissions: each unit's emissions per hour of a date range."""
