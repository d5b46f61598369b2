"""carbonledger:greenspacebudget -- life-cycle carbon budget of each green unit against its uptake."""

from ..algorithms.core.tables import read_table
from ..algorithms.greenspace.budget import account_greenspace_budget
from ..algorithms.ledger.store import Ledger
from ..algorithms.greenspace.spec import GREENSPACE_BUDGET
from .base import LEDGER, LedgerAlgorithm
from .layers import table_to_frame


def green_inputs(algorithm, parameters, context):
    """(PARAMETERS DataFrame or None, GREEN_UNITS DataFrame or None, scenario) of a run."""
    path = algorithm.parameterAsFile(parameters, "PARAMETERS", context)
    override = read_table(path, "PARAMETERS", dtype={"factor_id": str}) if path else None
    assignments = table_to_frame(algorithm, parameters, "GREEN_UNITS", context, optional=True)
    if assignments is not None:
        assignments = assignments.drop(columns="row")
    scenario = algorithm.text(parameters, "SCENARIO", context)
    return override, assignments, scenario


class GreenspaceBudget(LedgerAlgorithm):
    SPEC = GREENSPACE_BUDGET

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        grid = self.text(parameters, "GRID_FACTOR", context)
        year = self.parameterAsInt(parameters, "CONSTRUCTION_YEAR", context)
        inventory_year = self.parameterAsInt(parameters, "INVENTORY_YEAR", context)
        irrigation = self.text(parameters, "IRRIGATION_IN_ELECTRICITY", context)

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_greenspace_budget(
                Ledger(path), override, assignments, grid, year, scenario, self.progress(feedback),
                self.run_parameters(parameters), self.run_inputs(parameters, context, {"GREEN_UNITS": assignments}),
                inventory_year=inventory_year, irrigation=irrigation,
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr(
            "{units} green units: uptake {u:,.1f}, maintenance {m:,.1f}, construction {c:,.1f}, "
            "net {n:,.1f} t CO2e/yr; {s} are net sources"
        ).format(
            units=summary["units"], u=summary["gross_uptake_t"], m=summary["maintenance_t"],
            c=summary["construction_amortised_t"], n=summary["net_t"], s=summary["net_sources"],
        ))
        return {
            LEDGER: path, "UNITS": summary["units"], "ENTRIES": summary["entries"],
            "GROSS_UPTAKE_T": summary["gross_uptake_t"], "MAINTENANCE_T": summary["maintenance_t"],
            "CONSTRUCTION_T": summary["construction_amortised_t"], "NET_T": summary["net_t"],
            "NET_SOURCES": summary["net_sources"],
        }
