"""carbonledger:verifyledger -- recompute every entry; list the entries and fields that differ."""
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..algorithms.mrv import verification
from ..algorithms.mrv.spec import VERIFY_LEDGER
from .base import LEDGER, LedgerAlgorithm


class VerifyLedger(LedgerAlgorithm):
    SPEC = VERIFY_LEDGER

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        inputs = (self.parameterAsFile(parameters, "INPUTS", context)
                  or self.parameterAsFile(parameters, "INPUTS_FOLDER", context) or None)
        mismatches, summary = self.guarded(lambda: verification.verify_ledger(path, inputs, self.progress(feedback)))
        fields = QgsFields()
        for name in verification.MISMATCH_COLUMNS:
            fields.append(QgsField(name, QVariant.String))
        sink, sink_id = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        features = []
        for values in mismatches.itertuples(index=False, name=None):
            feature = QgsFeature(fields)
            feature.setAttributes([str(v) for v in values])
            features.append(feature)
        sink.addFeatures(features, QgsFeatureSink.FastInsert)
        if summary["mismatches"]:
            feedback.reportError(self.tr("{n} of {total} entries differ ({fields})").format(
                n=summary["mismatches"], total=summary["entries"], fields=", ".join(summary["fields"])))
        else:
            feedback.pushInfo(self.tr("All {total} entries verify").format(total=summary["entries"]))
        return {LEDGER: path, "OUTPUT": sink_id, "MISMATCHES": summary["mismatches"],
                "FIELDS": ",".join(summary["fields"])}
