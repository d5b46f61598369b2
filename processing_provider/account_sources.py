"""carbonledger:accountsources -- activity data x cited factors -> per-unit source entries."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..algorithms.sources import accounting as sources
from ..algorithms.ledger.factors import read_factor_table
from ..algorithms.ledger.store import Ledger
from ..algorithms.ledger.provenance import file_sha256, frame_sha256
from .base import LEDGER, LedgerAlgorithm
from .layers import layer_to_frame, table_to_frame


class AccountSources(LedgerAlgorithm):
    NAME = "accountsources"
    DISPLAY_NAME = "Account sources"
    GROUP = "scale"
    HELP = (
        "Turns activity data into ledger entries per unit (t CO2e/yr): activity x factor x conversion, one "
        "entry per gas for fuels (CO2, CH4, N2O; GWP100 from AR5 folded into the conversion), each with its "
        "factor's cited source, a 95% interval (IPCC Approach 1), a fingerprint, GPC sector and scope.\n\n"
        "Activity rows are bottom-up (a metered or reported amount on a unit, building, road link or "
        "facility) or top-down (a district or city total with a proxy: floor_area, population, traffic, "
        "facilities). Metered amounts inside a top-down total are subtracted before it is downscaled, so "
        "nothing is counted twice. The format is in the README, section 'Scale: sources'.\n\n"
        "LEDGER: the ledger GeoPackage (units and links from the tape measure).\n"
        "ACTIVITY: CSV file or table with row_id, target, sector, carrier, amount, unit, low/high or "
        "uncertainty_pct, year, proxy, profile.\n"
        "FACTORS: optional CSV whose rows replace shipped factor rows by factor_id (or add new ones).\n"
        "FACILITIES: optional point layer of industrial point sources (facility_id, building_id, carrier).\n"
        "YEAR: accounting year; rows of other years are skipped; the grid factor of the latest data year up "
        "to YEAR is used.\n"
        "GRID_REGION: China regional grid (national, north, northeast, east, central, northwest, south, "
        "southwest).\n"
        "SCENARIO: scenario the entries belong to (default baseline); earlier entries of this algorithm in "
        "the scenario are replaced.\n"
        "Outputs: ENTRIES written and TOTAL_T (t CO2e/yr). Bad input stops the run naming the row; the "
        "ledger is left unchanged."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ACTIVITY", self.tr("Activity data (CSV or table)"), [QgsProcessing.TypeVector],
        ))
        self.addParameter(QgsProcessingParameterFile(
            "FACTORS", self.tr("Factor overrides (CSV, optional)"), extension="csv", optional=True,
        ))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "FACILITIES", self.tr("Industrial point sources (optional)"), [QgsProcessing.TypeVectorPoint], optional=True,
        ))
        self.addParameter(QgsProcessingParameterNumber(
            "YEAR", self.tr("Accounting year"), QgsProcessingParameterNumber.Integer, defaultValue=2024,
            minValue=1990, maxValue=2100,
        ))
        self.addParameter(QgsProcessingParameterEnum(
            "GRID_REGION", self.tr("Regional grid"), options=list(sources.GRID_REGIONS), defaultValue="central",
            usesStaticStrings=True,
        ))
        self.addParameter(QgsProcessingParameterString(
            "SCENARIO", self.tr("Scenario"), defaultValue="baseline",
        ))
        self.addOutput(QgsProcessingOutputNumber("ENTRIES", self.tr("Entries written")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_T", self.tr("Total sources (t CO2e/yr)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        progress = self.progress(feedback)
        factors_path = self.parameterAsFile(parameters, "FACTORS", context)
        year = self.parameterAsInt(parameters, "YEAR", context)
        region = self.parameterAsEnumString(parameters, "GRID_REGION", context) or "central"
        scenario = self.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"

        def work():
            crs_wkt = Ledger(path).crs_wkt
            activity = table_to_frame(self, parameters, "ACTIVITY", context)
            facilities = layer_to_frame(self, parameters, "FACILITIES", context, crs_wkt, optional=True)
            override = read_factor_table(factors_path, "FACTORS") if factors_path else None
            inputs = {"ACTIVITY": frame_sha256(activity)}
            if factors_path:
                inputs["FACTORS"] = file_sha256(factors_path)
            if facilities is not None:
                inputs["FACILITIES"] = frame_sha256(facilities)
            return sources.account_sources(
                path, activity.drop(columns="row"), year, override,
                None if facilities is None else facilities.drop(columns="row"), region, scenario,
                self.run_parameters(parameters), inputs, progress,
            )

        written, total = self.guarded(work)
        feedback.pushInfo(self.tr("{n} entries, {t:,.1f} t CO2e/yr").format(n=written, t=total))
        return {LEDGER: path, "ENTRIES": written, "TOTAL_T": total}
