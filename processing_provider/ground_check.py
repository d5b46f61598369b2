"""carbonledger:groundcheck -- modelled entries against measured amounts: residuals, bias, coverage, calibration."""
from qgis.core import QgsProcessingException, QgsWkbTypes

from ..algorithms.mrv.spec import GROUND_CHECK
from ..qgis_shared.features import frame_fields, write_frame
from .base import LEDGER, LedgerAlgorithm
from .layers import table_to_frame


class GroundCheck(LedgerAlgorithm):
    SPEC = GROUND_CHECK

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        apply = self.text(parameters, "APPLY", context)
        reason = self.text(parameters, "REASON", context)

        def work():
            from ..algorithms.mrv import proxy_calibration  # scipy: loaded to run only

            observed = table_to_frame(self, parameters, "OBSERVED", context).drop(columns="row")
            return proxy_calibration.run_ground_check(path, observed, apply, reason, self.run_parameters(parameters),
                                                      self.progress(feedback))

        compared, summary, calibration, result = self.guarded(work)
        results = {LEDGER: path, "OBSERVATIONS": result["observations"], "BIAS_PCT": result["bias_pct"],
                   "COVERAGE": result["coverage"]}
        for name, frame in (("OUTPUT", compared), ("SUMMARY", summary), ("CALIBRATION", calibration)):
            fields = frame_fields(frame)
            sink, sink_id = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.Type.NoGeometry)
            if sink is None:
                if name == "OUTPUT":
                    raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
                continue
            write_frame(sink, frame, fields)
            results[name] = sink_id
        feedback.pushInfo(self.tr("{n} observations: relative bias {b:+.1f}%, {c:.0%} inside the modelled 95% "
                                  "interval").format(n=result["observations"], b=result["bias_pct"],
                                                     c=result["coverage"]))
        if result["changed"]:
            feedback.pushInfo(self.tr("Calibration applied: {n} entries re-shared in inventory year {v}").format(
                n=result["changed"], v=result["version"]))
        return results
