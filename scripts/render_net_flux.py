"""Render a ledger's net flux per unit to a PNG map, styled as the plugin styles it in QGIS.

Usage: render_net_flux.py LEDGER PNG [--width PX] [--language en|zh]. Runs under QGIS's Python (headless
Qt), draws parcels by net flux per hectare (a parcel's total holds its buildings and image segments,
which would otherwise hide the sources under the segments' sinks) in classes from the parcels' own
values (quantiles on each side of zero), road links by net per km on a ramp of their own, and the
district outlines with their names; the legend, a north arrow and a scale bar sit beside and under
the map, inside the page.
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
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsScaleBarSettings,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QFont  # noqa: E402

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
PAGE_WIDTH, MAP_WIDTH, MARGIN, LEGEND_WIDTH = 297.0, 200.0, 6.0, 80.0
"""Page and item sizes, mm: the map on the left, the legend to its right, all inside the page."""
TITLES = {
    "en": ("Net carbon flux per parcel, its buildings and image segments included",
           "sources red, sinks green; road links purple by t CO2e per km; classes are quantiles of the parcels",
           "Net flux, t CO2e/ha/yr", "Road links, t CO2e/km/yr", "Districts", "Legend"),
    "zh": ("各地块净碳通量（含其建筑与影像斑块）",
           "排放源为红色、碳汇为绿色；路段按每公里吨CO2当量以紫色表示；分级为地块数值的分位数",
           "净通量，吨CO2当量/公顷/年", "路段，吨CO2当量/公里/年", "区", "图例"),
}


def _layers(project, ledger_path, language):
    from urban_carbon_ledger.qgis_shared import styles

    layers = {}
    for key, name, subset in (("districts", "units", "\"level\" = 'district'"), ("links", "links", ""),
                              ("units", "units", "\"level\" = 'parcel'")):
        # the filter travels in the URI: three layers on one GeoPackage then keep their own connections
        uri = f"{ledger_path}|layername={name}" + (f"|subset={subset}" if subset else "")
        layer = QgsVectorLayer(uri, key, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"{ledger_path} has no {name} layer")
        project.addMapLayer(layer)
        layers[key] = layer
    _, _, units_title, links_title, districts_title, _ = TITLES[language]
    units, links, districts = layers["units"], layers["links"], layers["districts"]
    units.setRenderer(styles.data_graduated_renderer(styles.intensities(units).get("parcel", []), language))
    styles.apply_data_classes(links, language)
    districts.setRenderer(styles.outline_renderer())
    styles.name_labels(districts, 11)
    units.setName(units_title)
    links.setName(links_title)
    districts.setName(districts_title)
    return districts, links, units


def render(ledger_path, png_path, width_px=1800, language="en"):
    """Write the net-flux map of ``ledger_path`` to ``png_path``; returns the PNG path."""
    from urban_carbon_ledger.algorithms.core.resources import resource_path

    project = QgsProject()
    districts, links, units = _layers(project, ledger_path, language)
    extent = districts.extent().buffered(60)
    map_height = MAP_WIDTH * extent.height() / extent.width()
    page_height = 22 + map_height + 16
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(PAGE_WIDTH, page_height, MM))
    title, subtitle, *_, legend_title = TITLES[language]
    for text, y, size, bold in ((title, 4, 15, True), (subtitle + f" · {os.path.basename(ledger_path)}", 12, 9, False)):
        label = QgsLayoutItemLabel(layout)
        label.setText(text)
        label.setFont(QFont("DejaVu Sans", size, QFont.Weight.Bold if bold else QFont.Weight.Normal))
        label.attemptMove(QgsLayoutPoint(MARGIN, y, MM))
        label.attemptResize(QgsLayoutSize(PAGE_WIDTH - 2 * MARGIN, 8, MM))
        layout.addLayoutItem(label)

    item_map = QgsLayoutItemMap(layout)
    item_map.attemptMove(QgsLayoutPoint(MARGIN, 22, MM))
    item_map.attemptResize(QgsLayoutSize(MAP_WIDTH, map_height, MM))
    item_map.setLayers([districts, links, units])
    item_map.setCrs(units.crs())
    item_map.setExtent(extent)
    item_map.setFrameEnabled(True)
    layout.addLayoutItem(item_map)

    north = QgsLayoutItemPicture(layout)
    north.setPicturePath(resource_path("icons", "north_arrow.svg"))
    north.setBackgroundEnabled(True)
    north.attemptMove(QgsLayoutPoint(MARGIN + MAP_WIDTH + 4, page_height - 36, MM))
    north.attemptResize(QgsLayoutSize(12, 18, MM))
    layout.addLayoutItem(north)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setTitle(legend_title)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    for style, size in ((QgsLegendStyle.Style.Title, 11), (QgsLegendStyle.Style.Group, 9),
                        (QgsLegendStyle.Style.Subgroup, 9),
                        (QgsLegendStyle.Style.SymbolLabel, 8)):
        legend.setStyleFont(style, QFont("DejaVu Sans", size))
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in (units, links, districts):
        root.addLayer(layer)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(MARGIN + MAP_WIDTH + 4, 22, MM))
    legend.attemptResize(QgsLayoutSize(LEGEND_WIDTH, page_height - 22 - 40, MM))

    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setLinkedMap(item_map)
    scale_bar.setStyle("Single Box")
    scale_bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    scale_bar.setNumberOfSegments(4)
    scale_bar.setNumberOfSegmentsLeft(0)
    scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    scale_bar.setMinimumBarWidth(40)
    scale_bar.setMaximumBarWidth(70)
    scale_bar.setUnitLabel("m")
    layout.addLayoutItem(scale_bar)
    scale_bar.attemptMove(QgsLayoutPoint(MARGIN, 22 + map_height + 2, MM))

    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = width_px / (PAGE_WIDTH / 25.4)
    result = QgsLayoutExporter(layout).exportToImage(png_path, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(f"could not write {png_path} (layout export error {result})")
    return png_path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ledger")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1800)
    parser.add_argument("--language", choices=sorted(TITLES), default="en")
    arguments = parser.parse_args()
    application = QgsApplication([], False)
    application.initQgis()
    print(render(arguments.ledger, arguments.png, arguments.width, arguments.language))
    os._exit(0)  # QGIS 3.22 can crash in exitQgis() after the file is written (performance.md)


if __name__ == "__main__":
    main()
