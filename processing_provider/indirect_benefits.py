"""carbonledger:indirectbenefits -- emissions green space avoids elsewhere (cooling, stormwater), pollutants in kg."""
import json

from ..algorithms.greenspace.indirect_benefits import account_indirect_benefits
from ..algorithms.ledger.store import Ledger
from ..algorithms.greenspace.spec import INDIRECT_BENEFITS
from .base import LEDGER, LedgerAlgorithm
from .greenspace_budget import green_inputs


class IndirectBenefits(LedgerAlgorithm):
    SPEC = INDIRECT_BENEFITS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        grid = self.text(parameters, "GRID_FACTOR", context)
        soil = self.text(parameters, "SOIL_GROUP", context)
        reference = self.text(parameters, "REFERENCE_COVER", context)

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_indirect_benefits(
                Ledger(path), override, assignments, grid, soil, reference, scenario, self.progress(feedback),
                self.run_parameters(parameters),
                inputs=self.run_inputs(parameters, context, {"GREEN_UNITS": assignments}),
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr("{n} avoided entries: cooling {c:,.2f}, stormwater {s:,.2f} t CO2e/yr").format(
            n=summary["entries"], c=summary["cooling_t"], s=summary["stormwater_t"],
        ))
        for pollutant, kg in summary["pollutant_kg"].items():
            feedback.pushInfo(f"  {pollutant}: {kg:,.1f} kg/yr")
        return {
            LEDGER: path, "ENTRIES": summary["entries"], "COOLING_T": summary["cooling_t"],
            "STORMWATER_T": summary["stormwater_t"], "POLLUTANTS_KG": json.dumps(summary["pollutant_kg"]),
        }
