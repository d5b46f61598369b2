"""carbonledger:verifyledger -- recompute every entry; list the entries and fields that differ."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)

from ..algorithms.mrv import verification
from ..qgis_shared.features import STRING, qgs_fields, write_frame
from .base import LEDGER, LedgerAlgorithm


class VerifyLedger(LedgerAlgorithm):
    NAME = "verifyledger"
    DISPLAY_NAME = "Verify ledger"
    GROUP = "reports"
    HELP = (
        "Recomputes every entry of the ledger as a third party would, from the ledger alone (and, optionally, "
        "the original activity tables), and lists every entry and field that differs.\n\n"
        "Checks: the factor value, unit and source of each entry equal its row in the factors table; co2e_t = "
        "activity x factor x conversion; the fingerprint (SHA-256 of the entry's inputs) is recomputed; the "
        "95% interval contains co2e_t and equals the Approach 1 interval unless a Monte Carlo run set it; each "
        "activities row's SHA-256 equals its row_hash. An altered activity row marks the entries it produced "
        "and those of the top-down total it was subtracted from.\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "INPUTS: optional original ACTIVITY CSV, or INPUTS_FOLDER: a folder of them (every CSV with row_id and "
        "amount columns); each row must match the row stored in the ledger with the same row_id.\n"
        "OUTPUT: table entry_id, unit_id, field, stored, recomputed (empty on a clean ledger).\n"
        "Outputs: MISMATCHES, the number of entries that differ (0 = the ledger verifies), and FIELDS."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterFile(
            "INPUTS", self.tr("Original activity table (CSV)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "INPUTS_FOLDER", self.tr("... or a folder of original activity tables (CSV)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", self.tr("Mismatches"), type=QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber("MISMATCHES", self.tr("Entries that differ")))
        self.addOutput(QgsProcessingOutputString("FIELDS", self.tr("Fields that differ")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        inputs = (self.parameterAsFile(parameters, "INPUTS", context)
                  or self.parameterAsFile(parameters, "INPUTS_FOLDER", context) or None)
        mismatches, summary = self.guarded(lambda: verification.verify_ledger(path, inputs, self.progress(feedback)))
        fields = qgs_fields([(name, STRING) for name in verification.MISMATCH_COLUMNS])
        sink, sink_id = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        write_frame(sink, mismatches, fields)
        if summary["mismatches"]:
            feedback.reportError(self.tr("{n} of {total} entries differ ({fields})").format(
                n=summary["mismatches"], total=summary["entries"], fields=", ".join(summary["fields"])))
        else:
            feedback.pushInfo(self.tr("All {total} entries verify").format(total=summary["entries"]))
        return {LEDGER: path, "OUTPUT": sink_id, "MISMATCHES": summary["mismatches"],
                "FIELDS": ",".join(summary["fields"])}
