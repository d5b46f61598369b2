"""carbonledger:uncertainty -- 95% intervals of entries, units, districts and city (Approach 1 or Monte Carlo)."""
import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..algorithms.mrv import uncertainty
from .base import LEDGER, LedgerAlgorithm


class Uncertainty(LedgerAlgorithm):
    NAME = "uncertainty"
    DISPLAY_NAME = "Uncertainty (Approach 1 or Monte Carlo)"
    GROUP = "reports"
    HELP = (
        "Computes the 95% interval (2.5th and 97.5th percentile, t CO2e/yr) of every entry of a scenario and, "
        "for the baseline, net_low_t and net_high_t of every unit, road link, district and the city.\n\n"
        "METHOD approach1: IPCC 2006 Vol 1 Ch 3 error propagation; relative deviations of activity and factor "
        "add in quadrature per entry, absolute deviations of entries add in quadrature up the hierarchy "
        "(entries independent). Fast, closed form.\n"
        "METHOD montecarlo: IPCC Approach 2. Each iteration draws every factor row once from its distribution "
        "(normal, lognormal, triangular, uniform, fitted to the row's low and high as 2.5th/97.5th percentiles) "
        "and uses that draw for every entry naming the factor, so a shared factor such as the grid factor is "
        "fully correlated across the city; activities are drawn from two-piece normals with median activity and "
        "percentiles activity_low/activity_high, once per input amount (entries sharing inputs_hash, e.g. the "
        "downscaled shares of one district total, move together; other activities are independent). Avoided "
        "flows are never in the net. "
        "Units are streamed in chunks, so memory stays bounded on large ledgers.\n\n"
        "LEDGER: the ledger .gpkg. METHOD: approach1 or montecarlo. ITERATIONS: Monte Carlo draws (1,000 is "
        "the IPCC minimum for a stable 95% interval). SEED: the same seed gives the same numbers. SCENARIO: "
        "baseline (units are updated) or a stored scenario (its own entries are updated).\n"
        "Outputs: NET_T, NET_LOW_T, NET_HIGH_T of the whole ledger (t CO2e/yr), WIDENED (intervals widened to "
        "reach a central estimate left out by skewed inputs) and DISTRICTS (JSON)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterEnum(
            "METHOD", self.tr("Method"), options=list(uncertainty.METHODS), defaultValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            "ITERATIONS", self.tr("Monte Carlo iterations"), QgsProcessingParameterNumber.Integer,
            defaultValue=1000, minValue=2, maxValue=1_000_000))
        self.addParameter(QgsProcessingParameterNumber(
            "SEED", self.tr("Random seed"), QgsProcessingParameterNumber.Integer, defaultValue=42, minValue=0))
        self.addParameter(QgsProcessingParameterString(
            "SCENARIO", self.tr("Scenario"), defaultValue="baseline"))
        for name, description in (("NET_T", "Net of the ledger (t CO2e/yr)"),
                                  ("NET_LOW_T", "2.5th percentile of the net (t CO2e/yr)"),
                                  ("NET_HIGH_T", "97.5th percentile of the net (t CO2e/yr)"),
                                  ("WIDENED", "Intervals widened to reach their estimate")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(description)))
        self.addOutput(QgsProcessingOutputString("DISTRICTS", self.tr("District intervals (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        method = uncertainty.METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        iterations = self.parameterAsInt(parameters, "ITERATIONS", context)
        seed = self.parameterAsInt(parameters, "SEED", context)
        scenario = self.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"
        summary = self.guarded(lambda: uncertainty.run_uncertainty(
            path, method, iterations, seed, scenario, self.progress(feedback)))
        feedback.pushInfo(self.tr("Net {net:,.1f} t CO2e/yr, 95% interval {low:,.1f} to {high:,.1f} ({method})").format(
            net=summary["net_t"], low=summary["net_low_t"], high=summary["net_high_t"], method=method))
        districts = summary["districts"].round(3).reset_index().to_dict("records")
        return {
            LEDGER: path, "NET_T": summary["net_t"], "NET_LOW_T": summary["net_low_t"],
            "NET_HIGH_T": summary["net_high_t"], "WIDENED": summary["widened"], "DISTRICTS": json.dumps(districts),
        }
