"""carbonledger:accountsinks -- land cover, canopy and NDVI rasters -> per-unit sinks and carbon stocks."""
import os

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..algorithms.sinks import accounting as sinks
from ..algorithms.sinks.light_use import read_parameters
from ..algorithms.ledger.provenance import file_sha256
from .base import LEDGER, LedgerAlgorithm

RASTERS = ("LANDCOVER", "CANOPY", "NDVI", "LANDCOVER_ALT")


class AccountSinks(LedgerAlgorithm):
    NAME = "accountsinks"
    DISPLAY_NAME = "Account sinks and carbon stocks"
    GROUP = "scale"
    HELP = (
        "What each unit's vegetation, soil, wetland and water take up (t CO2e/yr, negative) and store (t C), "
        "from a classified land-cover raster and a class table with cited rates and carbon pools.\n\n"
        "Every parcel, building or segment is overlaid on the rasters exactly: pixels on a unit's edge count "
        "with the fraction of the pixel inside it (no pixel-centre rule), in one windowed pass. Class areas "
        "(m2), mean NDVI and canopy and the share of each unit no valid pixel covers go to unit_stats.\n\n"
        "LEDGER: the ledger GeoPackage (units from the tape measure).\n"
        "LANDCOVER: integer class raster in a projected CRS (units are reprojected to it if the ledger's CRS "
        "differs; a geographic raster is refused).\n"
        "CLASSES: optional CSV (code, class, rate_t_c_ha_yr, rate_low, rate_high, distribution, c_above, "
        "c_below, c_soil, c_dead in t C/ha, stock_low, stock_high (95% range of the summed pools, t C/ha), "
        "stock_distribution, source[, profile]); default resources/sinks/landcover_classes.csv. A table without "
        "the stock range is refused (land-conversion entries would get zero-width intervals). Codes under units "
        "missing from the table stop the run and are listed.\n"
        "CANOPY: optional tree-cover fraction raster (0..1); urban_trees is then accounted per ha of crown "
        "cover (IPCC Tier 2a).\n"
        "NDVI: optional NDVI raster; needed by METHOD lue.\n"
        "LANDCOVER_ALT and ALT_YEAR: optional second land-cover map and its year; the stock change to YEAR "
        "is entered as an annualised flow (gains sinks, losses sources).\n"
        "YEAR: year of LANDCOVER.\n"
        "METHOD: rates (class area x cited rate x -44/12) or lue (light-use efficiency from NDVI: fAPAR x PAR "
        "x efficiency minus heterotrophic respiration).\n"
        "LUE_PARAMETERS: optional factor CSV replacing resources/sinks/lue_parameters.csv.\n"
        "LEVELS: unit levels that get entries (default parcel and segment); a unit's entries cover only the "
        "part of it not covered by accounted descendants, so nothing is counted twice.\n"
        "SCENARIO: scenario of the entries and stocks (earlier ones of this algorithm are replaced).\n"
        "Carbon stocks per unit and pool go to the stocks table, never into the annual net. Sink entries use "
        "the 'vegetation' hourly profile (daytime uptake, night-time respiration). Bad input stops the run "
        "with a message; the ledger is left unchanged."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterRasterLayer("LANDCOVER", self.tr("Land-cover raster (class codes)")))
        self.addParameter(QgsProcessingParameterFile(
            "CLASSES", self.tr("Class table (CSV, optional)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "CANOPY", self.tr("Tree-cover fraction raster 0..1 (optional)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer("NDVI", self.tr("NDVI raster (optional)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "LANDCOVER_ALT", self.tr("Land-cover raster of another year (optional)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "ALT_YEAR", self.tr("Year of the other land-cover raster"), QgsProcessingParameterNumber.Integer,
            optional=True, minValue=1900, maxValue=2100))
        self.addParameter(QgsProcessingParameterNumber(
            "YEAR", self.tr("Year of the land-cover raster"), QgsProcessingParameterNumber.Integer,
            defaultValue=2024, minValue=1900, maxValue=2100))
        self.addParameter(QgsProcessingParameterEnum(
            "METHOD", self.tr("Annual uptake method"), options=list(sinks.METHODS), defaultValue="rates",
            usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterFile(
            "LUE_PARAMETERS", self.tr("Light-use efficiency parameters (CSV, optional)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "LEVELS", self.tr("Unit levels that get sink entries"), options=list(sinks.ZONAL_LEVELS),
            allowMultiple=True, defaultValue=list(sinks.DEFAULT_LEVELS), usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterString("SCENARIO", self.tr("Scenario"), defaultValue="baseline"))
        self.addOutput(QgsProcessingOutputNumber("ENTRIES", self.tr("Entries written")))
        self.addOutput(QgsProcessingOutputNumber("SINK_T", self.tr("Sinks (t CO2e/yr, negative)")))
        self.addOutput(QgsProcessingOutputNumber("NET_T", self.tr("Net of the entries written (t CO2e/yr)")))
        self.addOutput(QgsProcessingOutputNumber("STOCK_T_C", self.tr("Carbon stock in YEAR (t C)")))
        self.addOutput(QgsProcessingOutputNumber("UNCOVERED_UNITS", self.tr("Units more than 1% without valid pixels")))

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
        method = self.parameterAsEnumString(parameters, "METHOD", context) or "rates"
        levels = self.parameterAsEnumStrings(parameters, "LEVELS", context) or list(sinks.DEFAULT_LEVELS)
        scenario = self.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"

        def work():
            classes = sinks.read_class_table(classes_path, "CLASSES") if classes_path else None
            lue = read_parameters(lue_path) if lue_path else None
            inputs = {name: file_sha256(p) for name, p in rasters.items() if p and os.path.isfile(p)}
            for name, p in (("CLASSES", classes_path), ("LUE_PARAMETERS", lue_path)):
                if p:
                    inputs[name] = file_sha256(p)
            return sinks.account_sinks(
                path, rasters["LANDCOVER"], classes, rasters["CANOPY"], rasters["NDVI"], rasters["LANDCOVER_ALT"],
                alt_year, year, method, lue, levels, scenario, self.run_parameters(parameters), inputs, progress,
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr("{n} entries for {u} units: sinks {s:,.1f} t CO2e/yr, stock {c:,.0f} t C").format(
            n=summary["entries"], u=summary["units"], s=summary["sink_t_co2e"], c=summary["stock_t_c"]))
        return {LEDGER: path, "ENTRIES": summary["entries"], "SINK_T": summary["sink_t_co2e"],
                "NET_T": summary["net_t_co2e"], "STOCK_T_C": summary["stock_t_c"],
                "UNCOVERED_UNITS": summary["uncovered_units"]}
