"""Base class of the carbonledger algorithms: groups, help, feedback bridge, error translation."""
import json
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFile,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..algorithms.core.errors import LedgerInputError
from ..algorithms.core.progress import Cancelled, Progress
from ..algorithms.ledger import migrations

GROUPS = {
    "tape_measure": "Tape measure",
    "scale": "Scale",
    "chessboard": "Chessboard",
    "green_space": "Green space",
    "reports": "Reports",
}
"""Group id -> display name (translated through tr)."""

LEDGER = "LEDGER"


class LedgerAlgorithm(QgsProcessingAlgorithm):
    """A thin wrapper: subclasses set NAME, DISPLAY_NAME, GROUP, HELP and implement initAlgorithm
    and processAlgorithm, turning parameters into data and calling ``algorithms/``."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP = ""
    HELP = ""

    def tr(self, text):
        return QCoreApplication.translate("CarbonLedger", text)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr(self.DISPLAY_NAME)

    def group(self):
        return self.tr(GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return self.GROUP

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return self.tr(self.HELP)

    def add_ledger_parameter(self, description="Ledger GeoPackage"):
        """The LEDGER input: an existing ledger .gpkg file."""
        self.addParameter(QgsProcessingParameterFile(
            LEDGER, self.tr(description), extension="gpkg",
        ))

    def ledger_path(self, parameters, context):
        """Path of the LEDGER file; an existing ledger of an older schema is migrated first."""
        path = self.parameterAsFile(parameters, LEDGER, context)
        if not path:
            raise QgsProcessingException(self.tr("No ledger given: set LEDGER to a .gpkg file."))
        if os.path.exists(path):
            self.guarded(lambda: migrations.migrate(path))
        return path

    @staticmethod
    def progress(feedback):
        """An algorithms.progress.Progress that drives ``feedback`` (percent, text, cancel, log)."""

        def report(fraction, message):
            feedback.setProgress(100.0 * fraction)
            if message:
                feedback.setProgressText(message)

        return Progress(report=report, cancelled=feedback.isCanceled, log=feedback.pushInfo)

    def guarded(self, work):
        """Run ``work()``; bad input and cancel become QgsProcessingException (ledger unchanged)."""
        try:
            return work()
        except LedgerInputError as error:
            raise QgsProcessingException(str(error)) from None
        except Cancelled:
            raise QgsProcessingException(self.tr("Cancelled: the ledger was left unchanged.")) from None

    def run_parameters(self, parameters):
        """Parameters as a JSON-safe dict for the ledger's runs table."""
        return json.loads(json.dumps({k: str(v) for k, v in parameters.items()}))
