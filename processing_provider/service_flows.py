"""carbonledger:serviceflows -- where green space's services go: catchments, equity, district flows."""
from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)

from ..algorithms.ledger.store import Ledger
from ..algorithms.greenspace.service_flows import KERNELS, SUPPLY_KINDS, account_service_flows
from .base import LEDGER, LedgerAlgorithm
from .greenspace_budget import COMMON_HELP, add_green_parameters, green_inputs


class ServiceFlows(LedgerAlgorithm):
    NAME = "serviceflows"
    DISPLAY_NAME = "Green-space service flows"
    GROUP = "green_space"
    HELP = (
        "Where green space's benefits go, as a two-step floating catchment from green units to the residents of "
        "building units (units.population): the supply of each green unit (SUPPLY: area m2, sink t CO2e/yr or "
        "cooling CC-weighted m2) is shared among the people within its search radius (per design type, "
        "resources/greenspace/access.csv) with a distance-decay KERNEL (dichotomy, exponential, gaussian, "
        "density); each resident's supply per person is the sum over the green units reaching them, and its "
        "balance against the demand standard (m2/person) marks the under-served.\n"
        "Writes service_access (per green unit and building), service_districts (population, under-served "
        "population, Gini of supply per person, own and received supply), service_flow_matrix (district to "
        "district: who benefits from whose green space) and the service_flows line layer of the MAX_LINES largest "
        "green-unit-to-district flows.\n\n"
        "LEDGER: the ledger with green parcels, districts and populated buildings.\n" + COMMON_HELP +
        "Outputs: POPULATION, UNDER_SERVED (persons), GINI, CROSS_DISTRICT_SHARE (share of the supply used by "
        "residents of another district), UNREACHED (green units with nobody in reach), LINES."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        add_green_parameters(self, grid=False)
        self.addParameter(QgsProcessingParameterEnum(
            "SUPPLY", self.tr("Supply"), options=list(SUPPLY_KINDS), defaultValue="area", usesStaticStrings=True,
        ))
        self.addParameter(QgsProcessingParameterEnum(
            "KERNEL", self.tr("Distance-decay kernel"), options=list(KERNELS), defaultValue="exponential",
            usesStaticStrings=True,
        ))
        self.addParameter(QgsProcessingParameterNumber(
            "MAX_LINES", self.tr("Flow lines to draw"), QgsProcessingParameterNumber.Integer, defaultValue=50,
            minValue=0, maxValue=100000,
        ))
        for name, text in (
            ("POPULATION", "Residents"), ("UNDER_SERVED", "Residents under-served"),
            ("GINI", "Gini of supply per person"), ("CROSS_DISTRICT_SHARE", "Share of supply crossing districts"),
            ("UNREACHED", "Green units with nobody in reach"), ("LINES", "Flow lines written"),
        ):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(text)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        supply = self.parameterAsEnumString(parameters, "SUPPLY", context) or "area"
        kernel = self.parameterAsEnumString(parameters, "KERNEL", context) or "exponential"
        max_lines = self.parameterAsInt(parameters, "MAX_LINES", context)

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_service_flows(
                Ledger(path), supply, kernel, override, assignments, max_lines, scenario=scenario,
                progress=self.progress(feedback), run_parameters=self.run_parameters(parameters),
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
