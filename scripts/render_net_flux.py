"""Render a ledger's net flux per unit to a PNG map, styled as the plugin styles it in QGIS.

Usage: render_net_flux.py LEDGER PNG [--width PX]. Runs under QGIS's Python (headless Qt), loads
the ledger's layers with the plugin's own QML styles (resources/styles), draws parcels by net flux per
hectare (a parcel's total holds its buildings and image segments, which would otherwise hide the
sources under the segments' sinks), road links by net per km and the district outlines, and writes a titled PNG with
a legend.
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QFont  # noqa: E402


def render(ledger_path, png_path, width_px=1800):
    """Write the net-flux map of ``ledger_path`` to ``png_path``; returns the PNG path."""
    from urban_carbon_ledger.qgis_shared import styles

    project = QgsProject()
    layers = {}
    for key, name, subset, style in (
        ("districts", "units", "\"level\" = 'district'", "district_outline"),
        ("links", "links", "", "links_net_per_km"),
        ("units", "units", "\"level\" = 'parcel'", "units_net_flux_flat"),
    ):
        # the filter travels in the URI: three layers on one GeoPackage then keep their own connections
        uri = f"{ledger_path}|layername={name}" + (f"|subset={subset}" if subset else "")
        layer = QgsVectorLayer(uri, key, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"{ledger_path} has no {name} layer")
        message, ok = layer.loadNamedStyle(styles.style_path(style))
        if not ok:
            raise RuntimeError(message)
        project.addMapLayer(layer)
        layers[key] = layer
    districts, links, units = layers["districts"], layers["links"], layers["units"]
    units.setName("Net flux, t CO2e/ha/yr")
    links.setName("Road links, t CO2e/km/yr")
    districts.setName("Districts")
    extent = districts.extent().buffered(60)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(297, 230, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item_map = QgsLayoutItemMap(layout)
    item_map.attemptMove(QgsLayoutPoint(5, 18, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item_map.attemptResize(QgsLayoutSize(220, 207, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item_map.setLayers([districts, links, units])
    item_map.setCrs(units.crs())
    item_map.setExtent(extent)  # the item takes the extent's aspect ratio
    item_map.setFrameEnabled(True)
    layout.addLayoutItem(item_map)

    title = QgsLayoutItemLabel(layout)
    title.setText(
        f"Net flux per parcel, its buildings and image segments included, t CO2e/ha/yr (sources red, sinks green)"
        f" - {os.path.basename(ledger_path)}"
    )
    title.setFont(QFont("DejaVu Sans", 14))
    title.attemptMove(QgsLayoutPoint(5, 4, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    title.attemptResize(QgsLayoutSize(287, 12, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(title)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setTitle("Legend")
    legend.attemptMove(QgsLayoutPoint(228, 18, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(legend)

    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setLinkedMap(item_map)
    scale_bar.applyDefaultSize()
    scale_bar.setStyle("Single Box")
    scale_bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    scale_bar.setNumberOfSegments(4)
    scale_bar.setUnitsPerSegment(250)
    scale_bar.setUnitLabel("m")
    scale_bar.attemptMove(QgsLayoutPoint(10, 212, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(scale_bar)

    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = width_px / (297 / 25.4)
    result = QgsLayoutExporter(layout).exportToImage(png_path, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(f"could not write {png_path} (layout export error {result})")
    return png_path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ledger")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1800)
    arguments = parser.parse_args()
    application = QgsApplication([], False)
    application.initQgis()
    print(render(arguments.ledger, arguments.png, arguments.width))
    os._exit(0)  # QGIS 3.22 can crash in exitQgis() after the file is written (performance.md)


if __name__ == "__main__":
    main()
