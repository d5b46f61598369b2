"""Write resources/layouts/district_atlas.qpt, the print layout of carbonledger:districtmaps.

Run after changing the page design: `.venv/bin/python scripts/build_layout.py` (with `make env`).
The template holds the page geometry and the items' ids; carbonledger:districtmaps fills in the
layers, texts (translated), the table's data and the atlas coverage at run time. It can also be
edited in the QGIS layout designer and saved back, keeping the item ids:
title, totals, map, north, scalebar, legend, table, sources, footer.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
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
    QgsReadWriteContext,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QFont  # noqa: E402

TEMPLATE = os.path.join(ROOT, "resources", "layouts", "district_atlas.qpt")
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def place(item, item_id, x, y, width, height):
    item.setId(item_id)
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(width, height, MM))


def label(layout, item_id, x, y, width, height, size, bold=False):
    item = QgsLayoutItemLabel(layout)
    item.setFont(QFont("Sans Serif", size, QFont.Weight.Bold if bold else QFont.Weight.Normal))
    item.setMode(QgsLayoutItemLabel.Mode.ModeFont)
    layout.addLayoutItem(item)
    place(item, item_id, x, y, width, height)
    return item


def build(project):
    """A4 landscape layout with the items carbonledger:districtmaps fills in."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("District atlas")
    page = layout.pageCollection().page(0)
    page.setPageSize("A4", page.Landscape)
    # A4 landscape, 10 mm margins: everything between x 10-287 and y 7-200; no text under 7 pt
    label(layout, "title", 10, 7, 277, 9, 16, bold=True)
    label(layout, "totals", 10, 17, 277, 8, 10)
    item_map = QgsLayoutItemMap(layout)
    item_map.setFrameEnabled(True)
    layout.addLayoutItem(item_map)
    place(item_map, "map", 10, 27, 162, 124)
    item_map.setExtent(QgsRectangle(0, 0, 162, 124))  # an extent with the item's aspect ratio
    north = QgsLayoutItemPicture(layout)
    layout.addLayoutItem(north)
    place(north, "north", 161, 152, 11, 12)  # under the map's right corner, clear of the data
    scalebar = QgsLayoutItemScaleBar(layout)
    scalebar.setStyle("Single Box")
    scalebar.setLinkedMap(item_map)
    scalebar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    scalebar.setNumberOfSegments(4)
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    scalebar.setMinimumBarWidth(40)
    scalebar.setMaximumBarWidth(75)
    scalebar.setUnitLabel("m")
    scale_format = QgsTextFormat()
    scale_format.setFont(QFont("Sans Serif", 8))
    scale_format.setSize(8)
    scalebar.setTextFormat(scale_format)
    layout.addLayoutItem(scalebar)
    place(scalebar, "scalebar", 10, 152, 80, 11)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setColumnCount(2)  # two columns of classes leave the table room for ten rows
    legend.setSplitLayer(True)
    legend.setSymbolWidth(5)  # narrow symbols and spaces: class labels name the full unit (t CO2e/km/yr)
    legend.setColumnSpace(1)
    legend.setSymbolHeight(3.2)
    for style, size, weight in ((QgsLegendStyle.Style.Title, 10, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Group, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Subgroup, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.SymbolLabel, 7, QFont.Weight.Normal)):
        legend.setStyleFont(style, QFont("Sans Serif", size, weight))
    legend.setStyleMargin(QgsLegendStyle.Style.Symbol, QgsLegendStyle.Side.Top, 0.8)
    legend.setStyleMargin(QgsLegendStyle.Style.SymbolLabel, QgsLegendStyle.Side.Left, 1)
    layout.addLayoutItem(legend)
    place(legend, "legend", 176, 27, 111, 52)
    table = QgsLayoutItemAttributeTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    place(frame, "table", 176, 80, 111, 83)
    table.addFrame(frame)
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.EmptyTableMode.ShowMessage)
    table.setGridStrokeWidth(0.1)
    table.setCellMargin(0.5)
    table.setWrapBehavior(QgsLayoutItemAttributeTable.WrapBehavior.WrapText)
    for setter, weight in ((table.setHeaderTextFormat, QFont.Weight.Bold),
                           (table.setContentTextFormat, QFont.Weight.Normal)):
        text_format = QgsTextFormat()
        text_format.setFont(QFont("Sans Serif", 7, weight))
        text_format.setSize(7)
        setter(text_format)
    label(layout, "sources", 10, 166, 277, 27, 7)
    label(layout, "footer", 10, 194, 277, 6, 7)
    return layout


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject()
    layout = build(project)
    os.makedirs(os.path.dirname(TEMPLATE), exist_ok=True)
    if not layout.saveAsTemplate(TEMPLATE, QgsReadWriteContext()):
        sys.exit(f"cannot write {TEMPLATE}")
    print(TEMPLATE)
    app.exitQgis()


if __name__ == "__main__":
    main()
