"""The plugin object QGIS loads: registers the Processing provider; the desktop parts go in initGui."""
from qgis.core import QgsApplication


class UrbanCarbonLedgerPlugin:
    """Urban Carbon Ledger for QGIS desktop and for qgis_process (headless: iface is None)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.gui = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Register the carbonledger Processing provider (called headless by qgis_process too)."""
        if self.provider is None:
            from .processing_provider.provider import CarbonLedgerProvider

            self.provider = CarbonLedgerProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        """Desktop start: translator, docks and actions (ui/desktop.py), then the provider, so the
        toolbox lists the algorithms under their translated names."""
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
