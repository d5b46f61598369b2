"""carbonledger:indirectbenefits -- emissions green space avoids elsewhere (cooling, stormwater), pollutants in kg."""
import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

from ..algorithms.greenspace.budget import DEFAULT_GRID_FACTOR
from ..algorithms.greenspace.indirect_benefits import account_indirect_benefits
from ..algorithms.ledger.store import Ledger
from ..algorithms.greenspace.stormwater import SOIL_GROUPS
from .base import LEDGER, LedgerAlgorithm
from .greenspace_budget import COMMON_HELP, add_green_parameters, green_inputs


class IndirectBenefits(LedgerAlgorithm):
    NAME = "indirectbenefits"
    DISPLAY_NAME = "Green-space indirect benefits"
    GROUP = "green_space"
    HELP = (
        "Emissions avoided elsewhere because green space exists, as 'avoided' entries (negative t CO2e/yr, kept "
        "apart from direct sources and sinks), each tagged with the green unit that causes it "
        "(related_unit_id).\n"
        "Cooling (InVEST Urban Cooling form): cooling capacity CC = 0.6 shade + 0.2 albedo + 0.2 ETI per "
        "land-cover class; park cooling at each building = CC of green units weighted by exp(-d/d_cool) over "
        "their area (cut off at 5 d_cool, at least 2 ha of green within d_cool); temperature drop = (HM - CC) x "
        "UHI_max; saved kWh = kWh/degC/m2 (by building use) x footprint x drop; x grid factor. Entries go on the "
        "buildings.\n"
        "Stormwater (InVEST Urban Stormwater Retention form): retention 1 - runoff coefficient by land cover and "
        "soil group; m3 = P x (RE - RE of REFERENCE_COVER) x area x 0.001; x kWh/m3 of drainage pumping and "
        "treatment; x grid factor. Entries go on the green units.\n"
        "Air quality (i-Tree Eco form): kg per pollutant (o3, no2, so2, co, pm25) = deposition velocity x "
        "concentration x canopy x in-leaf time, in the pollutant_removal table, never in CO2.\n\n"
        "LEDGER: the ledger with units (green parcels, buildings) and, ideally, land-cover areas in unit_stats.\n"
        + COMMON_HELP +
        "GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh).\n"
        "SOIL_GROUP: hydrologic soil group A-D of the runoff coefficients.\n"
        "REFERENCE_COVER: land-cover class the green ground is credited against (paved; water gives InVEST's "
        "absolute retention).\n"
        "Outputs: ENTRIES, COOLING_T and STORMWATER_T (t CO2e/yr, negative), POLLUTANTS_KG (JSON, kg/yr)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        add_green_parameters(self)
        self.addParameter(QgsProcessingParameterEnum(
            "SOIL_GROUP", self.tr("Hydrologic soil group"), options=list(SOIL_GROUPS), defaultValue="B",
            usesStaticStrings=True,
        ))
        self.addParameter(QgsProcessingParameterString(
            "REFERENCE_COVER", self.tr("Reference cover for stormwater"), defaultValue="paved",
        ))
        self.addOutput(QgsProcessingOutputNumber("ENTRIES", self.tr("Entries written")))
        self.addOutput(QgsProcessingOutputNumber("COOLING_T", self.tr("Avoided by cooling (t CO2e/yr)")))
        self.addOutput(QgsProcessingOutputNumber("STORMWATER_T", self.tr("Avoided by stormwater retention (t CO2e/yr)")))
        self.addOutput(QgsProcessingOutputString("POLLUTANTS_KG", self.tr("Pollutants removed (kg/yr, JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        grid = self.parameterAsString(parameters, "GRID_FACTOR", context).strip() or DEFAULT_GRID_FACTOR
        soil = self.parameterAsEnumString(parameters, "SOIL_GROUP", context) or "B"
        reference = self.parameterAsString(parameters, "REFERENCE_COVER", context).strip() or "paved"

        def work():
            override, assignments, scenario = green_inputs(self, parameters, context)
            return account_indirect_benefits(
                Ledger(path), override, assignments, grid, soil, reference, scenario, self.progress(feedback),
                self.run_parameters(parameters),
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
