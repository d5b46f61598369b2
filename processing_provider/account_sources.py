"""carbonledger:accountsources -- activity data x cited factors -> per-unit source entries."""

from ..algorithms.core.plausibility import ACCEPT_EXTREME, accepts_extreme
from ..algorithms.sources import accounting as sources
from ..algorithms.ledger.factors import read_factor_table
from ..algorithms.ledger.store import Ledger
from ..algorithms.sources.spec import ACCOUNT_SOURCES
from .base import LEDGER, LedgerAlgorithm
from .layers import layer_to_frame, table_to_frame


class AccountSources(LedgerAlgorithm):
    SPEC = ACCOUNT_SOURCES

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        progress = self.progress(feedback)
        factors_path = self.parameterAsFile(parameters, "FACTORS", context)
        year = self.parameterAsInt(parameters, "YEAR", context)
        region = self.text(parameters, "GRID_REGION", context)
        grid_year = parameters.get("GRID_YEAR")
        grid_year = self.parameterAsInt(parameters, "GRID_YEAR", context) if grid_year not in (None, "") else None
        scenario = self.text(parameters, "SCENARIO", context)
        reason = self.parameterAsString(parameters, "REASON", context).strip()

        def work():
            crs_wkt = Ledger(path).crs_wkt
            activity = table_to_frame(self, parameters, "ACTIVITY", context)
            facilities = layer_to_frame(self, parameters, "FACILITIES", context, crs_wkt, optional=True)
            override = read_factor_table(factors_path, "FACTORS") if factors_path else None
            inputs = self.run_inputs(parameters, context, {"ACTIVITY": activity, "FACILITIES": facilities})
            return sources.account_sources(
                path, activity.drop(columns="row"), year, override,
                None if facilities is None else facilities.drop(columns="row"), region, scenario,
                self.run_parameters(parameters), inputs, progress, grid_year,
                accepts_extreme(self.text(parameters, ACCEPT_EXTREME, context)), reason,
            )

        written, total = self.guarded(work)
        feedback.pushInfo(self.tr("{n} entries, {t:,.1f} t CO2e/yr").format(n=written, t=total))
        return {LEDGER: path, "ENTRIES": written, "TOTAL_T": total}
