"""Urban Carbon Ledger: QGIS plugin entry point (classFactory only; nothing runs at import)."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Return the plugin instance; QGIS and qgis_process call this, the latter with iface None."""
    from .plugin import UrbanCarbonLedgerPlugin

    return UrbanCarbonLedgerPlugin(iface)
