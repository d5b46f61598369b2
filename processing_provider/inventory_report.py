"""carbonledger:inventoryreport -- GPC inventory report of a scenario as HTML, CSV and XLSX."""

from ..algorithms.reports.spec import INVENTORY_REPORT
from ..qgis_shared.translation import chosen_language
from .base import LEDGER, LedgerAlgorithm
from .layers import table_to_frame
from .verify_ledger import verification_records


class InventoryReport(LedgerAlgorithm):
    SPEC = INVENTORY_REPORT

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        from ..algorithms.reports import inventory_report  # matplotlib: loaded to run only

        path = self.ledger_path(parameters, context)
        scenario = self.text(parameters, "SCENARIO", context)
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        keys = table_to_frame(self, parameters, "NOTATION_KEYS", context, optional=True)
        if keys is not None:
            keys = keys.drop(columns="row")
        result = self.guarded(lambda: inventory_report.write_report(
            path, output, scenario, keys, self.progress(feedback),
            chosen_language(self.text(parameters, "LANGUAGE", context)), verification_records()))
        feedback.pushInfo(self.tr("Report {html}, {csv}, {xlsx}").format(**result))
        return {LEDGER: path, "OUTPUT": result["html"], "CSV": result["csv"], "XLSX": result["xlsx"],
                "NET_T": result["net_t"], "NET_LOW_T": result["net_low_t"], "NET_HIGH_T": result["net_high_t"],
                "AVOIDED_T": result["avoided_t"]}
