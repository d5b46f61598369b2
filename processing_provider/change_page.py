"""The year-change page carbonledger:districtmaps adds to each district with FROM_YEAR.

One more A4 landscape page in the atlas layout, after the district's first page: a map of the change per
block between the two inventory years (resources/styles/units_year_change.qml: pale where the change's
95% interval spans zero), its legend, and a line with the district's change, its interval and its
activity, factor and method parts as ``algorithms.mrv.year_change`` computed them (t CO2e/yr). Same page
geometry as the template: everything between x 10-287 mm and y 7-200 mm, no text under 7 pt.
"""
from qgis.core import (
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QFont

from ..qgis_shared import styles
from ..qgis_shared.expressions import shown_number

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
FONT = "Sans Serif"
NOTE_ID = "change_note"
"""Item id of the line with the district's change (read by the tests)."""


def legend_labels(tr):
    """The year-change style's rule labels (English in the .qml) in the run's language."""
    return {
        "significant increase (95% interval above zero)": tr("significant increase (95% interval above zero)"),
        "significant decrease (95% interval below zero)": tr("significant decrease (95% interval below zero)"),
        "increase within the noise (interval spans zero)": tr("increase within the noise (interval spans zero)"),
        "decrease within the noise (interval spans zero)": tr("decrease within the noise (interval spans zero)"),
        "no change": tr("no change"),
    }


def style_change_layer(layer, tr):
    """Load the year-change style on ``layer`` and translate its legend labels."""
    layer.loadNamedStyle(styles.style_path("units_year_change"))
    labels = legend_labels(tr)
    for rule in layer.renderer().rootRule().children():
        rule.setLabel(labels.get(rule.label(), rule.label()))


def _placed(layout, item, item_id, page, box):
    """Add ``item`` as ``item_id`` on page index ``page`` at box (x, y, width, height) in mm."""
    layout.addLayoutItem(item)
    item.setId(item_id)
    item.attemptResize(QgsLayoutSize(box[2], box[3], MM))
    item.attemptMove(QgsLayoutPoint(box[0], box[1], MM), page=page)
    return item


def _label(layout, item_id, page, box, size, text, bold=False):
    item = QgsLayoutItemLabel(layout)
    font = QFont(FONT, size, QFont.Weight.Bold if bold else QFont.Weight.Normal)
    if hasattr(item, "setTextFormat"):  # QGIS 3.24+; setFont is deprecated from 3.40
        item.setTextFormat(QgsTextFormat.fromQFont(font))
    else:
        item.setFont(font)
    item.setText(text)
    return _placed(layout, item, item_id, page, box)


def add_change_page(layout, districts, blocks, years, tr):
    """Add the change page to atlas ``layout`` (coverage ``districts``); ``blocks``: the styled memory layer
    of each block's change; years: text of the two years ("2022 v1", "2023 v1")."""
    page = QgsLayoutItemPage(layout)
    page.setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
    layout.pageCollection().addPage(page)
    index = layout.pageCollection().pageCount() - 1
    feature = "attribute(@atlas_feature, '{0}')"
    change = "[% " + shown_number(feature, sign=True) + " %]"
    _label(layout, "change_title", index, (10, 7, 277, 9), 16, tr(
        "Change from {from_year} to {to_year}: {name} ({unit})").format(
        from_year=years[0], to_year=years[1], name=f"[% coalesce({feature.format('name')}, '') %]",
        unit=f"[% {feature.format('unit_id')} %]"), bold=True)
    significant = "[% CASE WHEN " + feature.format("year_significant") + " = 1 THEN '{0}' ELSE '{1}' END %]"
    _label(layout, NOTE_ID, index, (10, 17, 277, 8), 10, tr(
        "Change {change} t CO2e/yr (95% interval {interval}, {significance}): activity {activity}, "
        "factor {factor}, method {method}").format(
        change=change.format("year_change_t"), interval="[% " + feature.format("year_change_interval") + " %]",
        significance=significant.format(tr("significant"), tr("within the noise")),
        activity=change.format("year_activity_t"), factor=change.format("year_factor_t"),
        method=change.format("year_method_t")))
    item_map = QgsLayoutItemMap(layout)
    item_map.setFrameEnabled(True)
    _placed(layout, item_map, "change_map", index, (10, 27, 162, 124))
    item_map.setLayers([districts, blocks])
    item_map.setKeepLayerSet(True)
    item_map.setCrs(blocks.crs())
    item_map.zoomToExtent(districts.extent())
    item_map.setAtlasDriven(True)
    item_map.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    item_map.setAtlasMargin(0.08)
    _legend(layout, item_map, index, (districts, blocks), tr)
    _label(layout, "change_footer", index, (10, 154, 277, 12), 8, tr(
        "Change per block between the two inventory years, t CO2e/yr, from carbonledger:yearchange: entries "
        "paired across the years; a change is significant when its 95% interval (the factors shared by both "
        "years correlated) excludes zero."))


def _legend(layout, item_map, page, layers, tr):
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item_map)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setTitle(tr("Legend"))
    for style, size, weight in ((QgsLegendStyle.Style.Title, 10, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Group, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.Subgroup, 8, QFont.Weight.Bold),
                                (QgsLegendStyle.Style.SymbolLabel, 8, QFont.Weight.Normal)):
        font = QFont(FONT, size, weight)
        if hasattr(QgsLegendStyle, "setTextFormat"):  # QGIS 3.30+; setStyleFont is deprecated from 3.40
            legend_style = legend.style(style)
            legend_style.setTextFormat(QgsTextFormat.fromQFont(font))
            legend.setStyle(style, legend_style)
        else:
            legend.setStyleFont(style, font)
    _placed(layout, legend, "change_legend", page, (176, 27, 111, 80))
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in reversed(layers):
        root.addLayer(layer)
    legend.updateLegend()
