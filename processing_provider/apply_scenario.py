"""carbonledger:applyscenario -- store a scenario: edits on a base, the touched units re-accounted."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..algorithms.scenarios import scenario_store as scenarios
from ..algorithms.core.errors import LedgerInputError
from .base import LedgerAlgorithm
from .layers import table_to_frame


class ApplyScenario(LedgerAlgorithm):
    NAME = "applyscenario"
    DISPLAY_NAME = "Apply scenario"
    GROUP = "chessboard"
    HELP = (
        "Stores a scenario in the ledger: a list of edits (a unit and a measure from the measures library, "
        "with parameters) applied in order on a base scenario. Only the units the edits touch are "
        "re-accounted (the edited unit, and for a land-use conversion the units below it); their entries are "
        "written under the scenario's name with factors, provenance and 95% intervals like the baseline. "
        "A scenario's full account is its base's with those units replaced, so scenarios can build on "
        "scenarios. An existing scenario of the same name is replaced.\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "SCENARIO: name of the scenario to store.\n"
        "BASE: scenario it builds on (default baseline).\n"
        "EDITS: a CSV or JSON file with fields unit_id, measure_id and parameters (a JSON object, e.g. "
        "{\"canopy_share\": 0.5}); further columns named as parameters also count. JSON: a list of such "
        "objects. EDITS_LAYER: or the same fields on a layer or table (e.g. selected parcels).\n"
        "Measures and their parameters (units, defaults, ranges, sources) are in resources/measures/.\n"
        "DESCRIPTION: what the scenario rehearses.\n"
        "Bad input (unknown unit or measure, a land use with no rule, a parameter out of range) stops the "
        "run with the edit's row named; nothing is written.\n"
        "Outputs: EDITS_APPLIED, TOUCHED_UNITS, ENTRIES_WRITTEN, CITY_DELTA_T (t CO2e/yr, scenario minus base)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterString("SCENARIO", self.tr("Scenario name")))
        self.addParameter(QgsProcessingParameterString("BASE", self.tr("Base scenario"), defaultValue="baseline"))
        self.addParameter(QgsProcessingParameterFile(
            "EDITS", self.tr("Edits file (CSV or JSON with unit_id, measure_id, parameters)"),
            fileFilter=self.tr("Edits (*.csv *.json)"), optional=True,
        ))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "EDITS_LAYER", self.tr("Or edits as a layer or table (fields unit_id, measure_id, parameters)"),
            [QgsProcessing.TypeVector], optional=True,
        ))
        self.addParameter(QgsProcessingParameterString(
            "DESCRIPTION", self.tr("Description"), defaultValue="", optional=True))
        self.addOutput(QgsProcessingOutputString("SCENARIO", self.tr("Scenario stored")))
        self.addOutput(QgsProcessingOutputNumber("EDITS_APPLIED", self.tr("Edits applied")))
        self.addOutput(QgsProcessingOutputNumber("TOUCHED_UNITS", self.tr("Units re-accounted")))
        self.addOutput(QgsProcessingOutputNumber("ENTRIES_WRITTEN", self.tr("Entries written")))
        self.addOutput(QgsProcessingOutputNumber("CITY_DELTA_T", self.tr("City net delta (t CO2e/yr)")))

    def _edits(self, parameters, context):
        path = self.parameterAsFile(parameters, "EDITS", context)
        if path:
            return scenarios.read_edits_file(path)
        frame = table_to_frame(self, parameters, "EDITS_LAYER", context, optional=True)
        if frame is None:
            raise LedgerInputError("give the edits as a file (EDITS) or a layer (EDITS_LAYER)", layer="EDITS")
        return scenarios.edits_from_frame(frame, "EDITS_LAYER", only_parameter_columns=True)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        name = self.parameterAsString(parameters, "SCENARIO", context)
        base = self.parameterAsString(parameters, "BASE", context).strip() or scenarios.BASELINE
        description = self.parameterAsString(parameters, "DESCRIPTION", context)
        progress = self.progress(feedback)
        summary = self.guarded(lambda: scenarios.apply_scenario(
            path, name, self._edits(parameters, context), base=base, description=description, progress=progress,
            algorithm=self.id(), run_parameters=self.run_parameters(parameters),
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
