"""The `carbonledger` Processing provider and the list of its algorithms."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..algorithms.core.version import PLUGIN_VERSION
from .account_sinks import AccountSinks
from .account_sources import AccountSources
from .apply_scenario import ApplyScenario
from .compare_scenarios import CompareScenarios
from .create_ledger import CreateLedger
from .district_maps import DistrictMaps
from .greenspace_budget import GreenspaceBudget
from .ground_check import GroundCheck
from .hourly_emissions import HourlyEmissions
from .import_osm import ImportOsm
from .indirect_benefits import IndirectBenefits
from .inventory_report import InventoryReport
from .segment_imagery import SegmentImagery
from .segment_units import SegmentUnits
from .service_flows import ServiceFlows
from .sign_ledger import SignLedger
from .uncertainty import Uncertainty
from .verify_ledger import VerifyLedger
from .year_change import YearChange

ALGORITHMS = [
    CreateLedger,
    ImportOsm,
    SegmentUnits,
    SegmentImagery,
    AccountSources,
    AccountSinks,
    HourlyEmissions,
    GreenspaceBudget,
    IndirectBenefits,
    ServiceFlows,
    DistrictMaps,
    ApplyScenario,
    CompareScenarios,
    Uncertainty,
    VerifyLedger,
    SignLedger,
    YearChange,
    GroundCheck,
    InventoryReport,
]
"""Algorithm classes in pipeline order; each module adds its class here."""

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "ledger.svg")


class CarbonLedgerProvider(QgsProcessingProvider):
    """Urban Carbon Ledger algorithms, grouped as Tape measure, Scale, Chessboard, Green space, Reports."""

    def tr(self, text):
        """Translate in the plugin's one context (as LedgerAlgorithm.tr and ui/i18n.tr)."""
        return QCoreApplication.translate("CarbonLedger", text)

    def id(self):
        return "carbonledger"

    def name(self):
        return self.tr("Urban Carbon Ledger")

    def longName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Urban Carbon Ledger {version}").format(version=PLUGIN_VERSION)

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802 (QGIS API name)
        return ICON

    def versionInfo(self):  # noqa: N802 (QGIS API name)
        return PLUGIN_VERSION

    def loadAlgorithms(self):  # noqa: N802 (QGIS API name)
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
