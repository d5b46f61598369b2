"""carbonledger:comparescenarios -- deltas, cost per t CO2e, MAC curve and neutrality timetable."""
import json

from ..algorithms.scenarios.spec import COMPARE_SCENARIOS
from ..qgis_shared.translation import chosen_language
from .base import LedgerAlgorithm


class CompareScenarios(LedgerAlgorithm):
    SPEC = COMPARE_SCENARIOS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        from ..algorithms.reports import scenario_comparison as scenario_compare  # matplotlib: loaded to run only

        path = self.ledger_path(parameters, context)
        base = self.text(parameters, "BASE", context)
        names = [s.strip() for s in self.parameterAsString(parameters, "SCENARIOS", context).split(",") if s.strip()]
        raw = parameters.get("OUTPUT")
        output = raw if isinstance(raw, str) and raw else self.parameterAsFileOutput(parameters, "OUTPUT", context)
        progress = self.progress(feedback)
        result = self.guarded(lambda: scenario_compare.compare_scenarios(
            path, base, names,
            discount_rate=self.parameterAsDouble(parameters, "DISCOUNT_RATE", context),
            start_year=self.parameterAsInt(parameters, "START_YEAR", context),
            end_year=self.parameterAsInt(parameters, "END_YEAR", context),
            source_growth=self.parameterAsDouble(parameters, "SOURCE_GROWTH", context),
            progress=progress.span(0.0, 0.9),
            conversion_until=self.parameterAsInt(parameters, "LAND_CONVERSION_UNTIL", context)))
        written = scenario_compare.write_comparison(
            result, output, base, chosen_language(self.text(parameters, "LANGUAGE", context)), path)
        timetable = dict(zip(result["timetable"]["scenario"], result["timetable"]["neutral_year"], strict=False))
        for scenario, year in timetable.items():
            feedback.pushInfo(self.tr("{s}: net zero {y}").format(s=scenario, y=year))
        for name, file in written.items():
            feedback.pushInfo(f"  {name}: {file}")
        return {"OUTPUT": output, "REPORT": written["html"], "MAC_CURVE": written["mac_png"],
                "TIMETABLE": json.dumps(timetable)}
