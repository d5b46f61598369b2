"""carbonledger:accountsinks -- land cover, canopy and NDVI rasters -> per-unit sinks and carbon stocks."""
from ..algorithms.sinks import accounting as sinks
from ..algorithms.sinks.light_use import read_parameters
from ..algorithms.sinks.spec import ACCOUNT_SINKS, RASTERS
from .base import LEDGER, LedgerAlgorithm


class AccountSinks(LedgerAlgorithm):
    SPEC = ACCOUNT_SINKS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        progress = self.progress(feedback)
        rasters = {}
        for name in RASTERS:
            layer = self.parameterAsRasterLayer(parameters, name, context)
            rasters[name] = layer.source() if layer is not None else None
        classes_path = self.parameterAsFile(parameters, "CLASSES", context)
        lue_path = self.parameterAsFile(parameters, "LUE_PARAMETERS", context)
        alt_year = parameters.get("ALT_YEAR")
        alt_year = self.parameterAsInt(parameters, "ALT_YEAR", context) if alt_year not in (None, "") else None
        year = self.parameterAsInt(parameters, "YEAR", context)
        method = self.text(parameters, "METHOD", context)
        levels = self.choice(parameters, "LEVELS", context)
        scenario = self.text(parameters, "SCENARIO", context)
        soil_years = self.parameterAsInt(parameters, "SOIL_YEARS", context)
        pruning = self.text(parameters, "PRUNING", context)
        policy = self.replacement_policy(parameters, context)
        reason = self.parameterAsString(parameters, "REASON", context).strip()
        inventory_year = parameters.get("INVENTORY_YEAR")
        inventory_year = (self.parameterAsInt(parameters, "INVENTORY_YEAR", context)
                          if inventory_year not in (None, "") else None)

        def work():
            classes = sinks.read_class_table(classes_path, "CLASSES") if classes_path else None
            lue = read_parameters(lue_path) if lue_path else None
            inputs = self.run_inputs(parameters, context)
            return sinks.account_sinks(
                path, rasters["LANDCOVER"], classes, rasters["CANOPY"], rasters["NDVI"], rasters["LANDCOVER_ALT"],
                alt_year, year, method, lue, levels, scenario, self.run_parameters(parameters), inputs, progress,
                soil_years=soil_years, pruning=pruning, policy=policy, inventory_year=inventory_year, reason=reason,
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr("{n} entries for {u} units: sinks {s:,.1f} t CO2e/yr, stock {c:,.0f} t C").format(
            n=summary["entries"], u=summary["units"], s=summary["sink_t_co2e"], c=summary["stock_t_c"]))
        return {LEDGER: path, "ENTRIES": summary["entries"], "SINK_T": summary["sink_t_co2e"],
                "NET_T": summary["net_t_co2e"], "STOCK_T_C": summary["stock_t_c"],
                "UNCOVERED_UNITS": summary["uncovered_units"]}
