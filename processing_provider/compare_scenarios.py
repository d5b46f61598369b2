"""carbonledger:comparescenarios -- deltas, cost per t CO2e, MAC curve and neutrality timetable."""
import json

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputString,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..algorithms.scenarios import economics
from ..algorithms.reports import scenario_comparison as scenario_compare
from .base import LedgerAlgorithm


class CompareScenarios(LedgerAlgorithm):
    NAME = "comparescenarios"
    DISPLAY_NAME = "Compare scenarios"
    GROUP = "chessboard"
    HELP = (
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
        "(default START_YEAR) says when it acts; new planting reaches full uptake over its maturity_years.\n"
        "Defaults and their sources: resources/measures/economics.csv."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterString("BASE", self.tr("Base scenario"), defaultValue="baseline"))
        self.addParameter(QgsProcessingParameterString("SCENARIOS", self.tr("Scenarios (comma-separated)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", self.tr("Comparison (folder, .html or .csv)"), self.tr("HTML (*.html);;CSV (*.csv)")))
        self.addParameter(QgsProcessingParameterNumber(
            "DISCOUNT_RATE", self.tr("Discount rate (% per yr)"), QgsProcessingParameterNumber.Double,
            defaultValue=economics.default("discount_rate"), minValue=0.0, maxValue=100.0))
        self.addParameter(QgsProcessingParameterNumber(
            "START_YEAR", self.tr("First year of the timetable"), QgsProcessingParameterNumber.Integer,
            defaultValue=int(economics.default("start_year")), minValue=1990, maxValue=2200))
        self.addParameter(QgsProcessingParameterNumber(
            "END_YEAR", self.tr("Last year of the timetable"), QgsProcessingParameterNumber.Integer,
            defaultValue=int(economics.default("end_year")), minValue=1990, maxValue=2200))
        self.addParameter(QgsProcessingParameterNumber(
            "SOURCE_GROWTH", self.tr("Growth of sources without measures (% per yr)"),
            QgsProcessingParameterNumber.Double, defaultValue=economics.default("source_growth"),
            minValue=-100.0, maxValue=100.0))
        self.addOutput(QgsProcessingOutputHtml("REPORT", self.tr("Comparison report")))
        self.addOutput(QgsProcessingOutputFile("MAC_CURVE", self.tr("MAC curve (PNG)")))
        self.addOutput(QgsProcessingOutputString("TIMETABLE", self.tr("Neutrality year per scenario (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        base = self.parameterAsString(parameters, "BASE", context).strip() or "baseline"
        names = [s.strip() for s in self.parameterAsString(parameters, "SCENARIOS", context).split(",") if s.strip()]
        raw = parameters.get("OUTPUT")
        output = raw if isinstance(raw, str) and raw else self.parameterAsFileOutput(parameters, "OUTPUT", context)
        progress = self.progress(feedback)
        result = self.guarded(lambda: scenario_compare.compare_scenarios(
            path, base, names,
            discount_rate=self.parameterAsDouble(parameters, "DISCOUNT_RATE", context),
            start_year=self.parameterAsInt(parameters, "START_YEAR", context),
            end_year=self.parameterAsInt(parameters, "END_YEAR", context),
            source_growth=self.parameterAsDouble(parameters, "SOURCE_GROWTH", context),
            progress=progress.span(0.0, 0.9)))
        written = scenario_compare.write_comparison(result, output, base)
        timetable = dict(zip(result["timetable"]["scenario"], result["timetable"]["neutral_year"]))
        for scenario, year in timetable.items():
            feedback.pushInfo(self.tr("{s}: net zero {y}").format(s=scenario, y=year))
        for name, file in written.items():
            feedback.pushInfo(f"  {name}: {file}")
        return {"OUTPUT": output, "REPORT": written["html"], "MAC_CURVE": written["mac_png"],
                "TIMETABLE": json.dumps(timetable)}
