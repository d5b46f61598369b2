"""carbonledger:inventoryreport -- GPC inventory report of a scenario as HTML, CSV and XLSX."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..algorithms.reports import inventory_report
from .base import LEDGER, LedgerAlgorithm
from .layers import table_to_frame


class InventoryReport(LedgerAlgorithm):
    NAME = "inventoryreport"
    DISPLAY_NAME = "Inventory report"
    GROUP = "reports"
    HELP = (
        "Writes the carbon inventory of a scenario (t CO2e/yr) as one self-contained HTML page with embedded "
        "charts (opens with no network), a CSV of the GPC table and an XLSX workbook with every table.\n\n"
        "Contents: direct sources, sinks and net with its 95% interval, and avoided emissions beside them "
        "(never in the net); the GPC sub-sector x scope table with BASIC and BASIC+ totals, empty cells carrying "
        "a notation key (NO not occurring, IE included elsewhere, NE not estimated, C confidential); totals "
        "per district with intervals; the top 10 sources and sinks by unit and sector; data-quality notes "
        "(metered vs downscaled, factors resting on assumptions, interval method, coverage, verification); the "
        "factor table with sources; and the run history (who ran what, when, with which version).\n\n"
        "LEDGER: the ledger .gpkg. SCENARIO: baseline or a stored scenario (its totals are rolled up with "
        "Approach 1; the baseline uses the intervals stored on the units).\n"
        "NOTATION_KEYS: optional table gpc_sector, scope, key (NO, IE, NE, C), note, overriding "
        "resources/report/notation_keys.csv.\n"
        "OUTPUT: the .html; the .csv and .xlsx are written beside it with the same name.\n"
        "Outputs: CSV, XLSX and NET_T, NET_LOW_T, NET_HIGH_T, AVOIDED_T (t CO2e/yr)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterString("SCENARIO", self.tr("Scenario"), defaultValue="baseline"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "NOTATION_KEYS", self.tr("Notation keys (gpc_sector, scope, key, note)"), [QgsProcessing.TypeVector],
            optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", self.tr("Report (HTML)"), self.tr("HTML (*.html)")))
        self.addOutput(QgsProcessingOutputFile("CSV", self.tr("GPC table (CSV)")))
        self.addOutput(QgsProcessingOutputFile("XLSX", self.tr("All tables (XLSX)")))
        for name, description in (("NET_T", "Net, direct flows (t CO2e/yr)"),
                                  ("NET_LOW_T", "2.5th percentile of the net (t CO2e/yr)"),
                                  ("NET_HIGH_T", "97.5th percentile of the net (t CO2e/yr)"),
                                  ("AVOIDED_T", "Avoided elsewhere, not in the net (t CO2e/yr)")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(description)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        scenario = self.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        keys = table_to_frame(self, parameters, "NOTATION_KEYS", context, optional=True)
        if keys is not None:
            keys = keys.drop(columns="row")
        result = self.guarded(lambda: inventory_report.write_report(
            path, output, scenario, keys, self.progress(feedback)))
        feedback.pushInfo(self.tr("Report {html}, {csv}, {xlsx}").format(**result))
        return {LEDGER: path, "OUTPUT": result["html"], "CSV": result["csv"], "XLSX": result["xlsx"],
                "NET_T": result["net_t"], "NET_LOW_T": result["net_low_t"], "NET_HIGH_T": result["net_high_t"],
                "AVOIDED_T": result["avoided_t"]}
