"""Model specs of carbonledger:districtmaps and carbonledger:inventoryreport."""
from ..core.spec import (
    FileDestination,
    FolderDestination,
    ModelSpec,
    NumberInput,
    Output,
    StringInput,
    VectorInput,
    language_input,
    ledger_input,
)
from ..ledger.schema import BASELINE

DISTRICT_MAPS = ModelSpec(
    id="districtmaps",
    name="District map atlas",
    group="reports",
    help=(
        "Renders one page per district of the ledger, from the print layout template "
        "resources/layouts/district_atlas.qpt: a map centred on the district, its neighbours greyed, of net flux "
        "per unit (t CO2e per hectare per year, sources red, sinks green, classes from the data; parcels or else "
        "blocks; for a scenario its change against the baseline, edited units outlined in blue) with road links "
        "by net per km (t CO2e/km/yr), "
        "a legend, a scale bar and a north arrow; the district's net with its 95% interval; a table of its "
        "largest sources and sinks (t CO2e/yr with 95% intervals, summed per unit and sector); the cited "
        "sources of the eight factors that weigh most (the others are counted; all are in the ledger's "
        "factors table); the scenario, the time the entries were computed, the plugin version and the print "
        "date.\n\n"
        "LEDGER: the ledger GeoPackage.\n"
        "SCENARIO: 'baseline' or a scenario stored in the ledger (its entries are composed on its base).\n"
        "OUTPUT: the PDF file, one page per district.\n"
        "PNG_FOLDER: optional folder for one PNG per page (district_D01.png for district D01).\n"
        "LANGUAGE: en or zh for the titles, legend, table and notes (auto: the language QGIS runs in).\n"
        "FROM_YEAR: optional inventory year; when given, each district gets a second page: a map of the change "
        "per block from FROM_YEAR to TO_YEAR (carbonledger:yearchange's numbers, styled as "
        "resources/styles/units_year_change.qml: pale where the 95% interval of the change spans zero), its "
        "legend, and a line with the district's change, its 95% interval and its activity, factor and method "
        "parts (t CO2e/yr). The first page shows the latest year, as without FROM_YEAR.\n"
        "TO_YEAR: optional later inventory year (default the latest).\n"
        "Outputs: PAGES, the number of pages written (one per district, two with FROM_YEAR)."
    ),
    inputs=(
        ledger_input(),
        StringInput("SCENARIO", "Scenario ('baseline' or a stored scenario)", default=BASELINE),
        FileDestination("OUTPUT", "District atlas (PDF)", file_filter="PDF files (*.pdf)"),
        FolderDestination("PNG_FOLDER", "Folder for one PNG per district", optional=True,
                          create_by_default=False),
        language_input(),
        NumberInput("FROM_YEAR", "Change page from inventory year", integer=True, minimum=1900,
                    maximum=2100, optional=True),
        NumberInput("TO_YEAR", "Change page to inventory year (optional; default the latest)", integer=True,
                    minimum=1900, maximum=2100, optional=True),
    ),
    outputs=(Output("PAGES", "Pages written (one per district, two with FROM_YEAR)"),),
)
"""carbonledger:districtmaps: one atlas page (PDF, PNG) per district."""

INVENTORY_REPORT = ModelSpec(
    id="inventoryreport",
    name="Inventory report",
    group="reports",
    help=(
        "Writes the carbon inventory of a scenario (t CO2e/yr) as one self-contained HTML page with embedded "
        "charts (opens with no network), a CSV of the GPC table and an XLSX workbook with every table.\n\n"
        "Contents: direct sources, sinks and net with its 95% interval, and avoided emissions beside them "
        "(never in the net); the GPC sub-sector x scope table with BASIC and BASIC+ totals, empty cells carrying "
        "a notation key (NO not occurring, IE included elsewhere, NE not estimated, C confidential); totals "
        "per district with intervals; the top 10 sources and sinks by unit and sector; data-quality notes "
        "(metered vs downscaled, factors resting on assumptions, interval method, coverage, verification: the ledger "
        "is verified, or carbonledger:verifyledger's record of the very same file bytes is quoted); the "
        "factor table with sources; and the run history (who ran what, when, with which version).\n\n"
        "LEDGER: the ledger .gpkg. SCENARIO: baseline or a stored scenario (its totals are rolled up with "
        "Approach 1; the baseline uses the intervals stored on the units).\n"
        "NOTATION_KEYS: optional table gpc_sector, scope, key (NO, IE, NE, C), note, overriding "
        "resources/report/notation_keys.csv.\n"
        "OUTPUT: the .html; the .csv and .xlsx are written beside it with the same name.\n"
        "LANGUAGE: en or zh for the headers, names and notes (auto: the language QGIS runs in).\n"
        "Outputs: CSV, XLSX and NET_T, NET_LOW_T, NET_HIGH_T, AVOIDED_T (t CO2e/yr)."
    ),
    inputs=(
        ledger_input(),
        StringInput("SCENARIO", "Scenario", default=BASELINE),
        VectorInput("NOTATION_KEYS", "Notation keys (gpc_sector, scope, key, note)", optional=True),
        FileDestination("OUTPUT", "Report (HTML)", file_filter="HTML (*.html)"),
        language_input(),
    ),
    outputs=(
        Output("CSV", "GPC table (CSV)", "file"),
        Output("XLSX", "All tables (XLSX)", "file"),
        Output("NET_T", "Net, direct flows (t CO2e/yr)"),
        Output("NET_LOW_T", "2.5th percentile of the net (t CO2e/yr)"),
        Output("NET_HIGH_T", "97.5th percentile of the net (t CO2e/yr)"),
        Output("AVOIDED_T", "Avoided elsewhere, not in the net (t CO2e/yr)"),
    ),
)
"""carbonledger:inventoryreport: GPC inventory tables and report of a scenario."""
