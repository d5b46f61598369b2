"""Model specs of the chessboard: carbonledger:applyscenario and carbonledger:comparescenarios."""
from ..core.spec import (
    EnumInput,
    FileDestination,
    FileInput,
    ModelSpec,
    NumberInput,
    Output,
    StringInput,
    VectorInput,
    language_input,
    ledger_input,
)
from ..ledger.schema import BASELINE
from . import economics

APPLY_SCENARIO = ModelSpec(
    id="applyscenario",
    name="Apply scenario",
    group="chessboard",
    help=(
        "Stores a scenario in the ledger: a list of edits (a unit and a measure from the measures library, "
        "with parameters) applied in order on a base scenario. Only the units the edits touch are "
        "re-accounted (the edited unit, and for a land-use conversion the units below it); their entries are "
        "written under the scenario's name with factors, provenance and 95% intervals like the baseline. "
        "A scenario's full account is its base's with those units replaced, so scenarios can build on "
        "scenarios. An existing scenario of the same name is refused unless REPLACE is yes.\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "SCENARIO: name of the scenario to store.\n"
        "BASE: scenario it builds on (default baseline).\n"
        "EDITS: a CSV or JSON file with fields unit_id, measure_id and parameters (a JSON object, e.g. "
        "{\"canopy_share\": 0.5}); further columns named as parameters also count. JSON: a list of such "
        "objects. EDITS_LAYER: or the same fields on a layer or table (e.g. selected parcels).\n"
        "Measures and their parameters (units, defaults, ranges, sources) are in resources/measures/.\n"
        "DESCRIPTION: what the scenario rehearses.\n"
        "REPLACE: yes to replace a stored scenario of the same name (default no: refused).\n"
        "Bad input (unknown unit or measure, a land use with no rule, a parameter out of range, one unit given "
        "the same measure twice) stops the "
        "run with the edit's row named; nothing is written.\n"
        "Outputs: EDITS_APPLIED, TOUCHED_UNITS, ENTRIES_WRITTEN, CITY_DELTA_T (t CO2e/yr, scenario minus base)."
    ),
    inputs=(
        ledger_input(),
        StringInput("SCENARIO", "Scenario name"),
        StringInput("BASE", "Base scenario", default=BASELINE),
        FileInput("EDITS", "Edits file (CSV or JSON with unit_id, measure_id, parameters)", optional=True,
                  file_filter="Edits (*.csv *.json)"),
        VectorInput("EDITS_LAYER", "Or edits as a layer or table (fields unit_id, measure_id, parameters)",
                    optional=True),
        StringInput("DESCRIPTION", "Description", optional=True, default=""),
        EnumInput("REPLACE", "Replace a stored scenario of the same name", default="no", options=("no", "yes")),
    ),
    outputs=(
        Output("SCENARIO", "Scenario stored", "text"),
        Output("EDITS_APPLIED", "Edits applied"),
        Output("TOUCHED_UNITS", "Units re-accounted"),
        Output("ENTRIES_WRITTEN", "Entries written"),
        Output("CITY_DELTA_T", "City net delta (t CO2e/yr)"),
    ),
)
"""carbonledger:applyscenario: measures on units -> a stored scenario and its entries."""

COMPARE_SCENARIOS = ModelSpec(
    id="comparescenarios",
    name="Compare scenarios",
    group="chessboard",
    help=(
        "Compares scenarios with a base: per unit, per district and per sector the change in sources, sinks "
        "and net (t CO2e/yr) with 95% intervals; per measure the t CO2e avoided per year, capital, annual "
        "cost and the cost per t CO2e = (capital x capital recovery factor + O&M per yr) / t avoided per yr; "
        "a marginal abatement cost curve (PNG and SVG); and the carbon-neutrality timetable: the first year "
        "the city's net reaches zero, or 'not before END_YEAR'.\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "BASE: scenario compared against (default baseline).\n"
        "SCENARIOS: scenario names, comma-separated.\n"
        "OUTPUT: a folder (comparison.html and comparison_*.csv inside), a .html report or a .csv summary "
        "(the other tables and the MAC curve are written beside it with the same name stem).\n"
        "DISCOUNT_RATE: % per yr for annualising capital. START_YEAR, END_YEAR: timetable span. "
        "SOURCE_GROWTH: % per yr change of sources without measures. Each edit's rollout_year parameter "
        "(default START_YEAR) says when it acts; new planting reaches full uptake over its maturity_years, "
        "and its cost per t uses the uptake levelised over the measure's life.\n"
        "LAND_CONVERSION_UNTIL: the ledger's land-conversion entries (the average between two land-cover maps) "
        "count in the timetable up to this year only (default the later map year: history, not a forecast).\n"
        "LANGUAGE: en or zh for the report's headers and notes (auto: the language QGIS runs in).\n"
        "Defaults and their sources: resources/measures/economics.csv."
    ),
    inputs=(
        ledger_input(),
        StringInput("BASE", "Base scenario", default=BASELINE),
        StringInput("SCENARIOS", "Scenarios (comma-separated)"),
        FileDestination("OUTPUT", "Comparison (folder, .html or .csv)", file_filter="HTML (*.html);;CSV (*.csv)"),
        NumberInput("DISCOUNT_RATE", "Discount rate (% per yr)", default=economics.default("discount_rate"),
                    unit="% per yr", minimum=0.0, maximum=100.0),
        NumberInput("START_YEAR", "First year of the timetable", default=int(economics.default("start_year")),
                    integer=True, minimum=1990, maximum=2200),
        NumberInput("END_YEAR", "Last year of the timetable", default=int(economics.default("end_year")),
                    integer=True, minimum=1990, maximum=2200),
        NumberInput("SOURCE_GROWTH", "Growth of sources without measures (% per yr)",
                    default=economics.default("source_growth"), unit="% per yr", minimum=-100.0, maximum=100.0),
        NumberInput("LAND_CONVERSION_UNTIL", "Last year the past land-conversion rate counts",
                    default=int(economics.default("land_conversion_until")), integer=True, minimum=1990, maximum=2200),
        language_input(),
    ),
    outputs=(
        Output("REPORT", "Comparison report", "html"),
        Output("MAC_CURVE", "MAC curve (PNG)", "file"),
        Output("TIMETABLE", "Neutrality year per scenario (JSON)", "text"),
    ),
)
"""carbonledger:comparescenarios: scenarios against a base: MAC curve, timetable, report."""
