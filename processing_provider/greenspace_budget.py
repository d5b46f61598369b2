"""carbonledger:greenspacebudget -- life-cycle carbon budget of each green unit against its uptake."""
import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..algorithms.greenspace.budget import DEFAULT_GRID_FACTOR, account_greenspace_budget
from ..algorithms.ledger.store import Ledger
from .base import LEDGER, LedgerAlgorithm
from .layers import table_to_frame

COMMON_HELP = (
    "PARAMETERS: optional CSV in factor format (factor_id, value, unit, low, high, distribution, source, year, "
    "region; optional parameter, applies_to) whose rows replace the shipped rows of resources/greenspace/ by "
    "factor_id or add new ones.\n"
    "GREEN_UNITS: optional table (unit_id, design_type, regime) that makes a unit green or changes its design "
    "type (park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn) and maintenance "
    "regime (intensive, standard, extensive). Without it, parcels are green by land_use "
    "(resources/greenspace/design_types.csv).\n"
    "SCENARIO: scenario written (default baseline); earlier results of this algorithm there are replaced.\n"
)


def add_green_parameters(algorithm, grid=True):
    """PARAMETERS, GREEN_UNITS, GRID_FACTOR (optional) and SCENARIO, shared by the green-space algorithms."""
    algorithm.addParameter(QgsProcessingParameterFile(
        "PARAMETERS", algorithm.tr("Parameter overrides (CSV, optional)"), extension="csv", optional=True,
    ))
    algorithm.addParameter(QgsProcessingParameterFeatureSource(
        "GREEN_UNITS", algorithm.tr("Design type and regime per unit (table, optional)"),
        [QgsProcessing.TypeVector], optional=True,
    ))
    if grid:
        algorithm.addParameter(QgsProcessingParameterString(
            "GRID_FACTOR", algorithm.tr("Grid factor id (resources/factors)"), defaultValue=DEFAULT_GRID_FACTOR,
        ))
    algorithm.addParameter(QgsProcessingParameterString("SCENARIO", algorithm.tr("Scenario"), defaultValue="baseline"))


def green_inputs(algorithm, parameters, context):
    """(PARAMETERS DataFrame or None, GREEN_UNITS DataFrame or None, scenario) of a run."""
    path = algorithm.parameterAsFile(parameters, "PARAMETERS", context)
    override = pd.read_csv(path, dtype={"factor_id": str}) if path else None
    assignments = table_to_frame(algorithm, parameters, "GREEN_UNITS", context, optional=True)
    if assignments is not None:
        assignments = assignments.drop(columns="row")
    scenario = algorithm.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"
    return override, assignments, scenario


class GreenspaceBudget(LedgerAlgorithm):
    NAME = "greenspacebudget"
    DISPLAY_NAME = "Green-space life-cycle budget"
    GROUP = "green_space"
    HELP = (
        "Counts green space honestly: for each green unit, construction (earthwork, materials, machinery per m2 "
        "by design type, amortised over its lifetime) and yearly maintenance (irrigation water x pumping kWh/m3 x "
        "grid factor, mowing fuel, fertiliser N2O, pruning and green-waste composting, replanting) against the "
        "gross uptake of the sink accounting. Each term is a 'source' entry (sector greenspace_*) with its "
        "parameter rows, interval and fingerprint; the greenspace_budget table holds per unit gross uptake, "
        "maintenance, amortised and total construction, net (t CO2e/yr; > 0 is a net source) and the payback "
        "year. A heavily irrigated lawn comes out as a net source.\n\n"
        "LEDGER: the ledger, with sink entries (run carbonledger:accountsinks first) and land-cover areas per "
        "unit in unit_stats.\n" + COMMON_HELP +
        "GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh), e.g. china_grid_central_2023.\n"
        "CONSTRUCTION_YEAR: year payback starts for units without built_year.\n"
        "Outputs: UNITS, ENTRIES, GROSS_UPTAKE_T, MAINTENANCE_T, CONSTRUCTION_T (amortised), NET_T (t CO2e/yr), "
        "NET_SOURCES (units whose net is a source)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        add_green_parameters(self)
        self.addParameter(QgsProcessingParameterNumber(
            "CONSTRUCTION_YEAR", self.tr("Construction year of units without built_year"),
            QgsProcessingParameterNumber.Integer, defaultValue=2024, minValue=1900, maxValue=2100,
        ))
        for name, text in (
            ("UNITS", "Green units"), ("ENTRIES", "Entries written"),
            ("GROSS_UPTAKE_T", "Gross uptake (t CO2e/yr, negative)"), ("MAINTENANCE_T", "Maintenance (t CO2e/yr)"),
            ("CONSTRUCTION_T", "Amortised construction (t CO2e/yr)"), ("NET_T", "Net (t CO2e/yr)"),
            ("NET_SOURCES", "Green units that are net sources"),
        ):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(text)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        grid = self.parameterAsString(parameters, "GRID_FACTOR", context).strip() or DEFAULT_GRID_FACTOR
        year = self.parameterAsInt(parameters, "CONSTRUCTION_YEAR", context)

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_greenspace_budget(
                Ledger(path), override, assignments, grid, year, scenario, self.progress(feedback),
                self.run_parameters(parameters),
            )

        summary = self.guarded(work)
        feedback.pushInfo(self.tr(
            "{units} green units: uptake {u:,.1f}, maintenance {m:,.1f}, construction {c:,.1f}, net {n:,.1f} t CO2e/yr; "
            "{s} are net sources"
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
