"""Outlines of picked and edited units on the map canvas (QgsRubberBand), one band per role."""
from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsProject, QgsWkbTypes
from qgis.gui import QgsRubberBand
from qgis.PyQt.QtGui import QColor

from ..qgis_shared import styles

PICKED = ("#00b4ff", 0.6, 3)
"""Colour, width (mm) and stacking order (higher is drawn over lower) of the outline of picked units."""

EDITED = ("#ff00c8", 0.5, 1)
"""Colour, width (mm) and stacking order of the outline of units the chessboard's session has edited."""

SCENARIO = (styles.SCENARIO_EDITS, 1.0, 2)
"""Colour, width (mm) and stacking order of the outline of the units a stored scenario edited (the ledger dock shows
it, over the session's own: the same units were hidden under its magenta); the atlas's colour for them, wider than a
picked unit's so that it shows around one drawn over it (a picked parcel's light blue hid it)."""

MAX_SHOWN = 500
"""Units outlined at most (a selection of thousands is outlined by QGIS's own selection)."""


class UnitHighlight:
    """Draws the outlines of some units of the ledger layers on a canvas; ``show(ids)`` replaces them."""

    def __init__(self, canvas, style=PICKED):
        self.canvas = canvas
        self.layers = []
        self.band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        self.lines = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.LineGeometry)
        colour, width, order = style
        for band in (self.band, self.lines):
            band.setZValue(order)
            band.setStrokeColor(QColor(colour))
            band.setFillColor(QColor(0, 0, 0, 0))
            band.setWidth(max(2, int(width * canvas.logicalDpiX() / 25.4)))
        self.unit_ids = []

    def set_layers(self, layers):
        """The ledger layers (units, links) the outlined units are read from."""
        self.layers = [layer for layer in layers if layer is not None]

    def show(self, unit_ids):
        """Outline ``unit_ids`` (up to MAX_SHOWN), read by unit_id from the layers; [] clears."""
        self.clear()
        self.unit_ids = [str(u) for u in unit_ids if u][:MAX_SHOWN]
        if not self.unit_ids:
            return
        quoted = ",".join("'" + u.replace("'", "''") + "'" for u in self.unit_ids)
        canvas_crs = self.canvas.mapSettings().destinationCrs()
        for layer in self.layers:
            transform = QgsCoordinateTransform(layer.crs(), canvas_crs, QgsProject.instance())
            request = QgsFeatureRequest().setFilterExpression(f'"unit_id" IN ({quoted})')
            request.setNoAttributes()
            band = self.lines if layer.geometryType() == QgsWkbTypes.GeometryType.LineGeometry else self.band
            for feature in layer.getFeatures(request):
                geometry = feature.geometry()
                geometry.transform(transform)
                band.addGeometry(geometry, None, False)
        for band in (self.band, self.lines):
            band.updatePosition()
            band.update()

    def set_visible(self, visible):
        """Show or hide the outlines (kept): the dock that draws them was shown or hidden."""
        for band in (self.band, self.lines):
            band.setVisible(visible)

    def clear(self):
        """Remove every outline."""
        self.unit_ids = []
        self.band.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.lines.reset(QgsWkbTypes.GeometryType.LineGeometry)

    def remove(self):
        """Take the bands off the canvas (the dock is closing or the plugin unloads)."""
        for band in (self.band, self.lines):
            self.canvas.scene().removeItem(band)
