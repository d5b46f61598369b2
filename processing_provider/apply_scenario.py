"""carbonledger:applyscenario -- store a scenario: edits on a base, the touched units re-accounted."""

from ..algorithms.scenarios import scenario_store as scenarios
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.scenarios.spec import APPLY_SCENARIO
from .base import LedgerAlgorithm
from .layers import table_to_frame


class ApplyScenario(LedgerAlgorithm):
    SPEC = APPLY_SCENARIO

    def _edits(self, parameters, context):
        path = self.parameterAsFile(parameters, "EDITS", context)
        if path:
            return scenarios.read_edits_file(path)
        frame = table_to_frame(self, parameters, "EDITS_LAYER", context, optional=True)
        if frame is None:
            raise LedgerInputError(self.tr("give the edits as a file (EDITS) or a layer (EDITS_LAYER)"), layer="EDITS")
        return scenarios.edits_from_frame(frame, "EDITS_LAYER", only_parameter_columns=True)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        name = self.parameterAsString(parameters, "SCENARIO", context)
        base = self.text(parameters, "BASE", context)
        description = self.parameterAsString(parameters, "DESCRIPTION", context)
        progress = self.progress(feedback)
        summary = self.guarded(lambda: scenarios.apply_scenario(
            path, name, self._edits(parameters, context), base=base, description=description, progress=progress,
            algorithm=self.id(), run_parameters=self.run_parameters(parameters),
            replace=self.text(parameters, "REPLACE", context) == "yes",
        ))
        feedback.pushInfo(self.tr("Scenario '{s}' on '{b}': {e} edits, {u} units re-accounted, "
                                  "city net {d:+.3f} t CO2e/yr").format(
            s=summary["scenario"], b=base, e=summary["edits"], u=summary["touched_units"], d=summary["city_delta_t"]))
        return {
            "SCENARIO": summary["scenario"],
            "EDITS_APPLIED": summary["edits"],
            "TOUCHED_UNITS": summary["touched_units"],
            "ENTRIES_WRITTEN": summary["entries"],
            "CITY_DELTA_T": summary["city_delta_t"],
        }
