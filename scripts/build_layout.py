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
    label(layout, "title", 10, 7, 277, 10, 16, bold=True)
    label(layout, "totals", 10, 18, 277, 9, 10)
    item_map = QgsLayoutItemMap(layout)
    item_map.setFrameEnabled(True)
    layout.addLayoutItem(item_map)
    place(item_map, "map", 10, 29, 180, 130)
    item_map.setExtent(QgsRectangle(0, 0, 180, 130))  # an extent with the item's aspect ratio
    north = QgsLayoutItemPicture(layout)
    layout.addLayoutItem(north)
    place(north, "north", 176, 32, 11, 16)
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
    layout.addLayoutItem(scalebar)
    place(scalebar, "scalebar", 12, 161, 80, 12)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(3.5)
    for style, size, weight in ((QgsLegendStyle.Style.Title, 10, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Group, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Subgroup, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.SymbolLabel, 7, QFont.Weight.Normal)):
        legend.setStyleFont(style, QFont("Sans Serif", size, weight))
    layout.addLayoutItem(legend)
    place(legend, "legend", 196, 29, 91, 92)
    table = QgsLayoutItemAttributeTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    place(frame, "table", 196, 123, 91, 50)
    table.addFrame(frame)
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.EmptyTableMode.ShowMessage)
    table.setGridStrokeWidth(0.1)
    table.setCellMargin(0.8)
    for setter, weight in ((table.setHeaderTextFormat, QFont.Weight.Bold),
                           (table.setContentTextFormat, QFont.Weight.Normal)):
        text_format = QgsTextFormat()
        text_format.setFont(QFont("Sans Serif", 6, weight))
        text_format.setSize(6)
        setter(text_format)
    label(layout, "sources", 10, 175, 277, 27, 5)
    label(layout, "footer", 10, 203, 277, 5, 7)
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
