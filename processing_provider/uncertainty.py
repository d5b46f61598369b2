"""carbonledger:uncertainty -- 95% intervals of entries, units, districts and city (Approach 1 or Monte Carlo)."""
import json

from ..algorithms.mrv import uncertainty
from ..algorithms.mrv.spec import UNCERTAINTY
from .base import LEDGER, LedgerAlgorithm


class Uncertainty(LedgerAlgorithm):
    SPEC = UNCERTAINTY

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        method = self.choice(parameters, "METHOD", context)
        iterations = self.parameterAsInt(parameters, "ITERATIONS", context)
        seed = self.parameterAsInt(parameters, "SEED", context)
        scenario = self.text(parameters, "SCENARIO", context)
        summary = self.guarded(lambda: uncertainty.run_uncertainty(
            path, method, iterations, seed, scenario, self.progress(feedback)))
        feedback.pushInfo(self.tr("Net {net:,.1f} t CO2e/yr, 95% interval {low:,.1f} to {high:,.1f} ({method})").format(
            net=summary["net_t"], low=summary["net_low_t"], high=summary["net_high_t"], method=method))
        districts = summary["districts"].round(3).reset_index().to_dict("records")
        return {
            LEDGER: path, "NET_T": summary["net_t"], "NET_LOW_T": summary["net_low_t"],
            "NET_HIGH_T": summary["net_high_t"], "WIDENED": summary["widened"], "DISTRICTS": json.dumps(districts),
        }
