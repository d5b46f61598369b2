"""The district atlas legend: on each page only the classes drawn in that page's map.

QGIS's own legend filter by map runs a hit test over every feature in the map's extent on every
page (10-15 s of CPU per page at 100,000 parcels, most of it the road links). ``PageLegend`` gives
the same legend from arrays made once (``algorithms.reports.page_legend``): each feature's legend
node and bounding box; on every atlas page it keeps the nodes of the features whose box meets the
map's extent, and the layers with at least one.
"""
import numpy as np
from qgis.core import QgsMapLayerLegendUtils

from ..algorithms.reports import page_legend


def graduated_nodes(layer, values):
    """Legend node (class index in the renderer's order, -1 for none) of each feature of ``layer``'s
    graduated renderer, from ``values`` (the renderer's expression worked out per feature, in
    feature order)."""
    ranges = layer.renderer().ranges()
    return page_legend.class_of(values, [r.lowerValue() for r in ranges], [r.upperValue() for r in ranges])


class PageLegend:
    """Keeps ``legend`` (a QgsLayoutItemLegend of ``item_map``) to the classes drawn on the atlas page.

    entries: (layer, nodes, bounds) in legend order; nodes: legend node index per feature (-1 none),
    or a callable taking the atlas feature and returning them; bounds: n x 4 array of the features'
    boxes (minx, miny, maxx, maxy) in the map's CRS, in feature order.
    """

    def __init__(self, legend, item_map, entries):
        self.legend, self.item_map, self.entries = legend, item_map, entries

    def connect(self, atlas):
        """Update the legend whenever ``atlas`` turns to a page (the map's extent is set first)."""
        atlas.featureChanged.connect(self.update)

    def update(self, feature):
        """Show the layers and classes met by the map's current extent on the page of ``feature`` (the
        atlas's; nothing changes for the empty feature it sends when it stops)."""
        if not feature.isValid():
            return
        extent = self.item_map.extent()
        box = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        root = self.legend.model().rootGroup()
        root.removeAllChildren()
        for layer, nodes, bounds in self.entries:
            nodes = nodes(feature) if callable(nodes) else nodes
            shown = page_legend.classes_shown(np.asarray(nodes), bounds, box)
            if shown:
                node = root.addLayer(layer)
                QgsMapLayerLegendUtils.setLegendNodeOrder(node, shown)
                self.legend.model().refreshLayerLegend(node)
        self.legend.updateLegend()
