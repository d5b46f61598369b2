"""Map tool: click a unit or road link on the canvas and emit the unit the user means.

Units of all levels overlap (a building lies in its parcel, block and district, an image segment
in its parcel), so a click finds every unit under the point and ``unit_choices`` orders them: a
tool asked for some levels (the chessboard asks for the levels its measure applies to) picks the
finest of those; else a road link within a few pixels, else the finest level drawn at the current
zoom (``layers.drawn_levels``: image segments only when their rule is ticked in the Layers
panel). Clicking the same spot again at the same zoom cycles upward (parcel, block, district, city;
``next_choice``).
"""
from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsGeometry, QgsProject, QgsRectangle
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import pyqtSignal

from ..algorithms.ledger.schema import LEVELS
from .layers import drawn_levels

PICK_PIXELS = 4
"""Search radius around the click, screen pixels."""

RANK = {level: i for i, level in enumerate(LEVELS)}


def unit_choices(candidates, drawn, wanted=None):
    """The unit_ids a click on the (unit_id, level) ``candidates`` may pick: its first choice, then the coarser units
    under it, up to the city ([] when none fits).

    wanted: levels the caller can use (a measure's levels), or None for any; drawn: levels drawn at the current zoom.
    A unit of a wanted level comes first (the finest); without ``wanted``, a road link alone, else the finest drawn
    unit, else the finest unit.
    """
    if wanted is not None:
        candidates = [c for c in candidates if c[1] in wanted]
    if not candidates:
        return []
    links = [c for c in candidates if c[1] == "link"]
    if links and wanted is None:
        return [links[0][0]]
    stack = sorted(candidates, key=lambda c: -RANK.get(c[1], -1))
    shown = [c for c in stack if c[1] in drawn] if wanted is None else stack
    return [c[0] for c in stack[stack.index((shown or stack)[0]):]]


def next_choice(choices, previous=None):
    """The unit a click with ``choices`` (``unit_choices``) picks, or None. previous: (first choice, unit picked) of
    the click before. Only when this click's first choice is the same (the same spot clicked again at the same zoom)
    is the next coarser unit picked after the one picked before, and after the coarsest the first choice again: a
    click elsewhere inside the unit picked before picks its own first choice."""
    if not choices:
        return None
    if previous is not None and previous[0] == choices[0] and previous[1] in choices:
        return choices[(choices.index(previous[1]) + 1) % len(choices)]
    return choices[0]


class UnitPickTool(QgsMapToolEmitPoint):
    """Emits ``unitPicked(unit_id)`` when the user clicks a unit or link of the ledger layers.

    ``wanted`` (a set of levels, or None for what is drawn) is set by the dock using the tool.
    """

    unitPicked = pyqtSignal(str)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.layers = []
        self.wanted = None
        self.previous = None

    def set_layers(self, layers):
        """The ledger layers to pick from (units polygons and links lines)."""
        self.layers = [layer for layer in layers if layer is not None]

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API name)
        point = self.toMapCoordinates(event.pos())
        self.pick(point, self.canvas().scale(), self.canvas().mapUnitsPerPixel() * PICK_PIXELS)

    def pick(self, point, scale, tolerance):
        """A click at ``point`` (canvas CRS) at a map scale denominator with a search radius in map units: emits
        ``unitPicked`` with the unit it picks (``choices_at``, ``next_choice``) and remembers it for the next click.
        Returns it or None."""
        choices = self.choices_at(point, scale, tolerance)
        unit_id = next_choice(choices, self.previous)
        if unit_id:
            self.previous = (choices[0], unit_id)
            self.unitPicked.emit(unit_id)
        return unit_id

    def candidates_at(self, point, tolerance):
        """(unit_id, level) of every unit containing ``point`` (canvas CRS) and every link within
        ``tolerance`` (map units) of it; read through the layers' spatial index."""
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
        return candidates

    def choices_at(self, point, scale, tolerance):
        """``unit_choices`` at ``point`` (canvas CRS) for a map scale denominator and a search radius in map units."""
        drawn = set()
        for layer in self.layers:
            drawn.update(drawn_levels(layer, scale))
        return unit_choices(self.candidates_at(point, tolerance), drawn, self.wanted)
