"""The furniture of the demo's map PNGs (scripts/render_net_flux.py, scripts/render_year_change.py): title and
subtitle above the map, the legend and a north arrow beside it, a scale bar under it, all inside the page.

Runs under QGIS's Python with a QgsApplication started by the caller. Sizes in mm on the page.
"""
from qgis.core import (
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
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QFont

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
PAGE_WIDTH, MAP_WIDTH, MARGIN, LEGEND_WIDTH = 297.0, 200.0, 6.0, 80.0
"""Page and item sizes, mm: the map on the left, the legend to its right, all inside the page."""
MAP_TOP = 22.0
"""Top of the map, mm (the title and subtitle above it)."""


def _label(layout, text, y, size, bold):
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    label.setFont(QFont("DejaVu Sans", size, QFont.Weight.Bold if bold else QFont.Weight.Normal))
    label.attemptMove(QgsLayoutPoint(MARGIN, y, MM))
    label.attemptResize(QgsLayoutSize(PAGE_WIDTH - 2 * MARGIN, 8, MM))
    layout.addLayoutItem(label)


def _legend(layout, item_map, title, layers, height):
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setTitle(title)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    for style, size in ((QgsLegendStyle.Style.Title, 11), (QgsLegendStyle.Style.Group, 9),
                        (QgsLegendStyle.Style.Subgroup, 9), (QgsLegendStyle.Style.SymbolLabel, 8)):
        legend.setStyleFont(style, QFont("DejaVu Sans", size))
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in layers:
        root.addLayer(layer)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(MARGIN + MAP_WIDTH + 4, MAP_TOP, MM))
    legend.attemptResize(QgsLayoutSize(LEGEND_WIDTH, height, MM))


def _scale_bar(layout, item_map, y):
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
    scale_bar.attemptMove(QgsLayoutPoint(MARGIN, y, MM))


def export_sheet(project, layers, extent, crs, texts, png_path, width_px, legend_layers=None):
    """Write a map sheet of ``layers`` (top first) over ``extent`` in ``crs`` to ``png_path``, ``width_px``
    wide, with ``legend_layers`` (default ``layers``) in its legend in that order; texts: (title, subtitle,
    legend title). Returns the PNG path."""
    from urban_carbon_ledger.algorithms.core.resources import resource_path

    title, subtitle, legend_title = texts
    map_height = MAP_WIDTH * extent.height() / extent.width()
    page_height = MAP_TOP + map_height + 16
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(PAGE_WIDTH, page_height, MM))
    _label(layout, title, 4, 15, True)
    _label(layout, subtitle, 12, 9, False)
    item_map = QgsLayoutItemMap(layout)
    item_map.attemptMove(QgsLayoutPoint(MARGIN, MAP_TOP, MM))
    item_map.attemptResize(QgsLayoutSize(MAP_WIDTH, map_height, MM))
    item_map.setLayers(layers)
    item_map.setCrs(crs)
    item_map.setExtent(extent)
    item_map.setFrameEnabled(True)
    layout.addLayoutItem(item_map)
    north = QgsLayoutItemPicture(layout)
    north.setPicturePath(resource_path("icons", "north_arrow.svg"))
    north.setBackgroundEnabled(True)
    north.attemptMove(QgsLayoutPoint(MARGIN + MAP_WIDTH + 4, page_height - 36, MM))
    north.attemptResize(QgsLayoutSize(12, 18, MM))
    layout.addLayoutItem(north)
    _legend(layout, item_map, legend_title, legend_layers or layers, page_height - MAP_TOP - 40)
    _scale_bar(layout, item_map, MAP_TOP + map_height + 2)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = width_px / (PAGE_WIDTH / 25.4)
    result = QgsLayoutExporter(layout).exportToImage(png_path, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(f"could not write {png_path} (layout export error {result})")
    return png_path
