"""carbonledger:serviceflows -- where green space's services go: catchments, equity, district flows."""

from ..algorithms.ledger.store import Ledger
from ..algorithms.greenspace.service_flows import account_service_flows
from ..algorithms.greenspace.spec import SERVICE_FLOWS
from .base import LEDGER, LedgerAlgorithm
from .greenspace_budget import green_inputs


class ServiceFlows(LedgerAlgorithm):
    SPEC = SERVICE_FLOWS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        supply = self.text(parameters, "SUPPLY", context)
        kernel = self.text(parameters, "KERNEL", context)
        max_lines = self.parameterAsInt(parameters, "MAX_LINES", context)

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_service_flows(
                Ledger(path), supply, kernel, override, assignments, max_lines, scenario=scenario,
                progress=self.progress(feedback), run_parameters=self.run_parameters(parameters),
                inputs=self.run_inputs(parameters, context, {"GREEN_UNITS": assignments}),
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr(
            "{p:,.0f} residents, {u:,.0f} under-served; Gini {g:.3f}; {c:.1%} of the supply crosses districts"
        ).format(p=summary["population"], u=summary["under_served_population"], g=summary["gini"],
                 c=summary["cross_district_share"]))
        return {
            LEDGER: path, "POPULATION": summary["population"], "UNDER_SERVED": summary["under_served_population"],
            "GINI": summary["gini"], "CROSS_DISTRICT_SHARE": summary["cross_district_share"],
            "UNREACHED": summary["unreached_green_units"], "LINES": summary["lines"],
        }
