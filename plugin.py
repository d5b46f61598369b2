"""The plugin object QGIS loads: registers the Processing provider; the desktop parts go in initGui.

Before either, the Python packages the tools need are checked (``algorithms/core/dependencies.py``):
without one that every tool needs, nothing is registered and QGIS says what is missing and how to
install it (the message log headless, the message bar on the desktop)."""
from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication

from .algorithms.core import dependencies
from .algorithms.core.messages import said

TITLE = "Urban Carbon Ledger"


def tr(text):
    return QCoreApplication.translate("CarbonLedger", text)


class UrbanCarbonLedgerPlugin:
    """Urban Carbon Ledger for QGIS desktop and for qgis_process (headless: iface is None)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.gui = None
        self.missing = None

    def _unmet_for_every_tool(self):
        """Requirements every tool needs and this QGIS lacks (checked once, logged once)."""
        if self.missing is None:
            self.missing = dependencies.every_tool_needs(dependencies.unmet())
            if self.missing:
                QgsMessageLog.logMessage(tr("The plugin's tools are off until these are installed:") + "\n"
                                         + said(dependencies.describe(self.missing), tr), TITLE,
                                         Qgis.MessageLevel.Critical)
        return self.missing

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Register the carbonledger Processing provider (called headless by qgis_process too)."""
        if self.provider is None and not self._unmet_for_every_tool():
            from .processing_provider.provider import CarbonLedgerProvider

            self.provider = CarbonLedgerProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        """Desktop start: translator, docks and actions (ui/desktop.py), then the provider, so the
        toolbox lists the algorithms under their translated names. With a package missing that every
        tool needs, only a message bar saying what to install."""
        if self._unmet_for_every_tool():
            self.iface.messageBar().pushMessage(
                TITLE, tr("Its tools are off until these are installed (details in Log Messages): ")
                + said(dependencies.describe(self.missing), tr).replace("\n", "; "),
                level=Qgis.MessageLevel.Critical, duration=0)
            return
        from .ui.desktop import DesktopGui

        self.gui = DesktopGui()
        self.gui.start(self.iface)
        self.initProcessing()

    def unload(self):
        """Remove everything the plugin added."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.gui is not None:
            self.gui.stop(self.iface)
            self.gui = None
