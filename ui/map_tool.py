"""Map tool: click a unit or road link on the canvas and emit its unit_id.

Units of all levels overlap (a building lies in its parcel, block and district), so a click
picks a road link within a few pixels first, else the finest level drawn at the current zoom
(``styles.levels_visible_at``), else the finest unit under the point.
"""
from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsGeometry, QgsProject, QgsRectangle
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import pyqtSignal

from ..algorithms.ledger.schema import LEVELS
from ..qgis_shared import styles

PICK_PIXELS = 4
"""Search radius around the click, screen pixels."""


def finest_unit(candidates, visible_levels):
    """Pick one unit_id from (unit_id, level) candidates: links first, then visible, then finest."""
    if not candidates:
        return None
    rank = {level: i for i, level in enumerate(LEVELS)}
    links = [c for c in candidates if c[1] == "link"]
    if links:
        return links[0][0]
    visible = [c for c in candidates if c[1] in visible_levels] or candidates
    return max(visible, key=lambda c: rank.get(c[1], -1))[0]


class UnitPickTool(QgsMapToolEmitPoint):
    """Emits ``unitPicked(unit_id)`` when the user clicks a unit or link of the ledger layers."""

    unitPicked = pyqtSignal(str)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.layers = []

    def set_layers(self, layers):
        """The ledger layers to pick from (units polygons and links lines)."""
        self.layers = [layer for layer in layers if layer is not None]

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API name)
        point = self.toMapCoordinates(event.pos())
        unit_id = self.unit_at(point, self.canvas().scale(), self.canvas().mapUnitsPerPixel() * PICK_PIXELS)
        if unit_id:
            self.unitPicked.emit(unit_id)

    def unit_at(self, point, scale, tolerance):
        """unit_id at ``point`` (canvas CRS) for a map scale denominator and a search radius in map units."""
        candidates = []
        canvas_crs = self.canvas().mapSettings().destinationCrs()
        for layer in self.layers:
            transform = QgsCoordinateTransform(canvas_crs, layer.crs(), QgsProject.instance())
            where = transform.transform(point)
            area = transform.transformBoundingBox(QgsRectangle(
                point.x() - tolerance, point.y() - tolerance, point.x() + tolerance, point.y() + tolerance,
            ))
            click = QgsGeometry.fromPointXY(where)
            request = QgsFeatureRequest()
            request.setFilterRect(area)
            request.setSubsetOfAttributes(["unit_id", "level"], layer.fields())
            for feature in layer.getFeatures(request):
                geometry = feature.geometry()
                is_link = feature["level"] == "link"
                if (is_link and geometry.distance(click) <= tolerance) or (not is_link and geometry.contains(click)):
                    candidates.append((feature["unit_id"], feature["level"]))
        return finest_unit(candidates, styles.levels_visible_at(scale))
