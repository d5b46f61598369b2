"""carbonledger:verifyledger -- recompute every entry, unit total and run seal; list what differs."""
import os

from qgis.core import QgsApplication, QgsProcessingException, QgsWkbTypes

from ..algorithms.mrv import verification, verified_files
from ..algorithms.mrv.spec import VERIFY_LEDGER
from ..qgis_shared.features import STRING, qgs_fields, write_frame
from .base import LEDGER, LedgerAlgorithm


RECORDS_FOLDER = ("urban_carbon_ledger", "verified")
"""Where in the QGIS profile the verifications of ledger files are recorded (``verified_files``)."""


def verification_records():
    """The verifier's own records of the ledger files it verified, in the QGIS profile (never beside a ledger)."""
    return verified_files.VerificationRecords(os.path.join(QgsApplication.qgisSettingsDirPath(), *RECORDS_FOLDER))


class VerifyLedger(LedgerAlgorithm):
    SPEC = VERIFY_LEDGER

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        inputs = (self.parameterAsFile(parameters, "INPUTS", context)
                  or self.parameterAsFile(parameters, "INPUTS_FOLDER", context) or None)
        key = self.parameterAsFile(parameters, "PUBLIC_KEY", context) or None
        mismatches, summary, _ = self.guarded(lambda: verified_files.verify_and_keep(
            path, verification_records(), inputs, key, self.progress(feedback)))
        fields = qgs_fields([(name, STRING) for name in verification.MISMATCH_COLUMNS])
        sink, sink_id = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        write_frame(sink, mismatches, fields)
        if summary["links"]:
            broken = self.tr("The seal chain is broken in {n} places; the first broken link: {link}")
            feedback.reportError(broken.format(n=summary["links"], link=summary["first_broken_link"]))
        if summary["units"]:
            feedback.reportError(self.tr("{n} units hold stored totals that are not the sum of their entries").format(
                n=summary["units"]))
        if summary["budget"]:
            feedback.reportError(self.tr("{n} green units hold greenspace_budget rows that differ from their "
                                         "life-cycle entries ({fields})").format(
                n=summary["budget"], fields=", ".join(summary["budget_fields"])))
        if summary["mismatches"]:
            feedback.reportError(self.tr("{n} of {total} entries differ ({fields})").format(
                n=summary["mismatches"], total=summary["entries"], fields=", ".join(summary["fields"])))
        if not summary["problems"]:
            feedback.pushInfo(self.tr("All {total} entries, the unit totals and the seal chain verify").format(
                total=summary["entries"]))
        return {LEDGER: path, "OUTPUT": sink_id, "MISMATCHES": summary["problems"],
                "FIELDS": ",".join(summary["fields"]), "UNITS": summary["units"], "LINKS": summary["links"],
                "FIRST_BROKEN_LINK": summary["first_broken_link"]}
