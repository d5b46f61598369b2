"""Map styles of the ledger layers: class tables, zoom ranges per level, and the shipped QML files.

The QML files in ``resources/styles/`` are written from the tables below by
``scripts/build_styles.py`` and loaded by ``ui/layers.py``. ``data_*_renderer`` and
``apply_data_classes`` class a layer from its own data instead (``algorithms.reports.classes``:
quantiles of each level's intensity, diverging around zero), as the district atlas and
``scripts/render_net_flux.py`` do. Net flux is
net_t per hectare (t CO2e/ha/yr; sources positive, sinks negative) on a diverging ramp centred
on zero (sources red, sinks green), so units of every size compare on one scale; road links are
styled by net per km (t CO2e/km/yr); uncertainty is the 95% interval width over |net| (ratio).
"""
import os

import numpy as np
import pandas as pd
from qgis.core import (
    QgsPalLayerSettings,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsProviderRegistry,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QColor

from ..algorithms.ledger.store import Ledger
from ..algorithms.reports import classes as data_classes
from ..algorithms.reports.labels import text

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "styles")

NET_FLUX_EXPRESSION = '"net_t" / nullif("area_m2", 0) * 10000'
"""Net flux of a unit, t CO2e per hectare per year."""

UNCERTAINTY_EXPRESSION = '("net_high_t" - "net_low_t") / nullif(abs("net_t"), 0)'
"""Width of the 95% interval relative to |net|, ratio (0.5 = the interval spans half the net)."""

LINK_EXPRESSION = '"net_t" / nullif("length_m", 0) * 1000'
"""Net of a road link per km of its length, t CO2e/km/yr."""

BIG = 1e12

NET_FLUX_CLASSES = [
    (-BIG, -10.0, "#1a9850", "sink, more than 10 t CO2e/ha/yr"),
    (-10.0, -1.0, "#66bd63", "sink, 1 to 10 t CO2e/ha/yr"),
    (-1.0, -0.1, "#a6d96a", "sink, 0.1 to 1 t CO2e/ha/yr"),
    (-0.1, 0.1, "#f7f7f7", "about zero"),
    (0.1, 10.0, "#fee08b", "source, 0.1 to 10 t CO2e/ha/yr"),
    (10.0, 100.0, "#fdae61", "source, 10 to 100 t CO2e/ha/yr"),
    (100.0, 1000.0, "#f46d43", "source, 100 to 1,000 t CO2e/ha/yr"),
    (1000.0, BIG, "#a50026", "source, more than 1,000 t CO2e/ha/yr"),
]
"""(lower, upper, colour, label) of net flux classes, t CO2e/ha/yr, centred on zero."""

UNCERTAINTY_CLASSES = [
    (0.0, 0.1, "#f2f0f7", "interval under 10% of net"),
    (0.1, 0.25, "#cbc9e2", "10 to 25%"),
    (0.25, 0.5, "#9e9ac8", "25 to 50%"),
    (0.5, 1.0, "#756bb1", "50 to 100%"),
    (1.0, BIG, "#54278f", "wider than the net itself"),
]
"""(lower, upper, colour, label) of relative interval width classes (ratio)."""

LINK_CLASSES = [
    (-BIG, 0.0, "#1a9850", 0.6, "net sink"),
    (0.0, 10.0, "#fee08b", 0.4, "0 to 10 t CO2e/km/yr"),
    (10.0, 100.0, "#fdae61", 0.8, "10 to 100 t CO2e/km/yr"),
    (100.0, 1000.0, "#f46d43", 1.4, "100 to 1,000 t CO2e/km/yr"),
    (1000.0, 5000.0, "#d73027", 2.0, "1,000 to 5,000 t CO2e/km/yr"),
    (5000.0, BIG, "#a50026", 2.8, "more than 5,000 t CO2e/km/yr"),
]
"""(lower, upper, colour, width mm, label) of road link classes, t CO2e/km/yr."""

LINKS_FROM_SCALE = 25000
"""Road links are drawn at 1:25,000 and closer (scale denominator), as blocks are: at a city's whole
extent a million links would be sub-pixel clutter that costs seconds to draw (issue 22: 305,080
links took 3.5 s of CPU at 1:512,704, while the districts drawn there took 0.08 s)."""

LEVEL_SCALES = [
    ("city", 0, 200000),
    ("district", 0, 25000),
    ("block", 25000, 8000),
    ("parcel", 8000, 0),
    ("segment", 8000, 0),
    ("building", 8000, 0),
]
"""(level, minimum scale denominator (0 = no limit, most zoomed out), maximum scale denominator
(0 = no limit)): which level is drawn at which zoom; later levels draw on top. Each level's rule is labelled by
``zoom_<level>`` of resources/report/labels.csv ('parcels: closer than 1:8,000')."""

YEAR_CHANGE_RULES = [
    ('"significant" = 1 AND "change_t" > 0', "#d73027", 0.8, "significant increase (95% interval above zero)"),
    ('"significant" = 1 AND "change_t" < 0', "#1a9850", 0.8, "significant decrease (95% interval below zero)"),
    ('"significant" = 0 AND "change_t" > 0', "#fcbba1", 0.1, "increase within the noise (interval spans zero)"),
    ('"significant" = 0 AND "change_t" < 0', "#c7e9c0", 0.1, "decrease within the noise (interval spans zero)"),
    ("ELSE", "#f0f0f0", 0.1, "no change"),
]
"""(filter, colour, outline width mm, label) of the year-change map (carbonledger:yearchange OUTPUT_LAYER):
the direction of the change, and a strong colour with a heavy outline only where it is significant."""

STYLE_FILES = {
    "units_year_change": "units_year_change.qml",
    "units_net_flux": "units_net_flux.qml",
    "units_uncertainty": "units_uncertainty.qml",
    "units_net_flux_flat": "units_net_flux_flat.qml",
    "links_net_per_km": "links_net_per_km.qml",
    "district_outline": "district_outline.qml",
}


def style_path(name):
    """Absolute path of a shipped QML style (a key of STYLE_FILES)."""
    return os.path.join(STYLES_DIR, STYLE_FILES[name])


def levels_visible_at(scale):
    """Levels drawn at a map scale denominator (e.g. 5000 for 1:5,000), coarse to fine."""
    return [
        level for level, min_scale, max_scale in LEVEL_SCALES
        if (min_scale == 0 or scale <= min_scale) and (max_scale == 0 or scale > max_scale)
    ]


def _fill(colour, outline="#636363", width=0.1):
    return QgsFillSymbol.createSimple({
        "color": colour, "outline_color": outline, "outline_width": str(width), "outline_width_unit": "MM",
    })


def graduated_renderer(expression, classes):
    """A graduated fill renderer over ``expression`` with (lower, upper, colour, label) classes."""
    ranges = [QgsRendererRange(lower, upper, _fill(colour), label) for lower, upper, colour, label in classes]
    return QgsGraduatedSymbolRenderer(expression, ranges)


def zoom_renderer(expression, classes, classes_by_level=None, language="en"):
    """Rule-based renderer: one rule per level with its zoom range, one child rule per class
    (``classes_by_level``: {level: classes} replacing ``classes`` for those levels); the levels' and the
    no-value rule's labels in ``language``."""
    root = QgsRuleBasedRenderer.Rule(None)
    no_value = text("no_value", language)
    for level, min_scale, max_scale in LEVEL_SCALES:
        level_rule = QgsRuleBasedRenderer.Rule(
            None, max_scale, min_scale, f"\"level\" = '{level}'", text(f"zoom_{level}", language),
        )
        for lower, upper, colour, class_label in (classes_by_level or {}).get(level, classes):
            level_rule.appendChild(QgsRuleBasedRenderer.Rule(
                _fill(colour), 0, 0, f"({expression}) >= {lower!r} AND ({expression}) < {upper!r}", class_label,
            ))
        level_rule.appendChild(QgsRuleBasedRenderer.Rule(
            _fill("255,255,255,0", outline="#9e9e9e"), 0, 0, "ELSE", no_value,
        ))
        root.appendChild(level_rule)
    return QgsRuleBasedRenderer(root)


def link_renderer():
    """Graduated line renderer of road links by net per km, wider lines for larger flows."""
    ranges = []
    for lower, upper, colour, width, label in LINK_CLASSES:
        symbol = QgsLineSymbol.createSimple({"line_color": colour, "line_width": str(width), "line_width_unit": "MM"})
        ranges.append(QgsRendererRange(lower, upper, symbol, label))
    return QgsGraduatedSymbolRenderer(LINK_EXPRESSION, ranges)


def rule_renderer(rules):
    """Rule-based fill renderer with one rule per (filter expression, colour, outline width mm, label)."""
    root = QgsRuleBasedRenderer.Rule(None)
    for expression, colour, width, label in rules:
        outline = "#252525" if width > 0.5 else "#636363"
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(colour, outline, width), 0, 0, expression, label))
    return QgsRuleBasedRenderer(root)


def outline_renderer():
    """Single-symbol renderer for atlas coverage: no fill, dark outline."""
    return QgsSingleSymbolRenderer(_fill("255,255,255,0", outline="#252525", width=0.6))


def _edge(value):
    """A class edge for QGIS ranges and expressions: +-inf becomes +-BIG."""
    return float(np.clip(value, -BIG, BIG))


ZERO_EDGE = 1e-9
"""The sink class next to zero ends just below it: QGIS graduated ranges include both edges and the
first match wins, and zero belongs to the sources' first class (``classes.diverging_classes``)."""


def _classed(values, language, change, ramps=(data_classes.SOURCE_RAMP, data_classes.SINK_RAMP), unit="t_per_ha",
             sources_named=True):
    """(lower, upper, colour, label) of data classes of ``values`` (see ``classes.diverging_classes``)."""
    return [(_edge(lower), _edge(upper) if upper != 0 else -ZERO_EDGE, colour,
             data_classes.class_label(lower, upper, side, text(unit, language), language, change, sources_named))
            for lower, upper, colour, side, _ in data_classes.coloured(data_classes.diverging_classes(values), *ramps)]


NO_CHANGE_COLOUR = "#ececec"


def data_graduated_renderer(values, language="en", expression=NET_FLUX_EXPRESSION, change=False):
    """Graduated fill renderer of ``expression`` (t CO2e/ha/yr) with classes from ``values`` (array).

    With ``change`` (a scenario's difference from the baseline) zero is its own grey class, 'no change',
    listed first so that it wins at the shared edge, and the other classes come from the non-zero values."""
    if not change:
        return graduated_renderer(expression, _classed(values, language, change))
    values = np.asarray(values, dtype=float)
    moved = values[np.isfinite(values) & (values != 0)]
    return graduated_renderer(expression, [(0.0, 0.0, NO_CHANGE_COLOUR, text("no_change", language))]
                              + (_classed(moved, language, change) if len(moved) else []))


def data_zoom_renderer(values_by_level, language="en", expression=NET_FLUX_EXPRESSION):
    """Rule-based renderer like :func:`zoom_renderer` with each level's classes from its own values
    (``values_by_level``: {level: array of t CO2e/ha/yr}); levels without values keep the fixed classes."""
    per_level = {level: _classed(values, language, False) for level, values in values_by_level.items()}
    return zoom_renderer(expression, NET_FLUX_CLASSES, per_level, language)


def data_link_renderer(values, language="en"):
    """Graduated line renderer of road links (t CO2e/km/yr) on their own purple ramp, classes from
    ``values``; wider lines for larger sources, net sinks teal (labelled 'sink'; the sources by their span)."""
    classes = _classed(values, language, False, (data_classes.LINK_RAMP, (data_classes.LINK_SINK,)), "t_per_km",
                       sources_named=False)
    ranges, sources = [], sum(1 for c in classes if c[0] >= 0)
    for lower, upper, colour, label in classes:
        rank = len(ranges) - (len(classes) - sources)
        width = 0.5 + 1.6 * rank / max(sources - 1, 1) if lower >= 0 else 0.6
        symbol = QgsLineSymbol.createSimple({"line_color": colour, "line_width": f"{width:.2f}",
                                             "line_width_unit": "MM"})
        ranges.append(QgsRendererRange(lower, upper, symbol, label))
    return QgsGraduatedSymbolRenderer(LINK_EXPRESSION, ranges)


def intensities(layer, size_field="area_m2", per=10000.0):
    """Net per size of every feature of ``layer`` by level: {level: array}, t CO2e per ``per`` units
    of ``size_field`` per year (t CO2e/ha/yr for area_m2 and 10,000; t CO2e/km/yr for length_m and 1,000).

    ``layer`` is a ledger's units or links layer: its columns are read from the GeoPackage at once
    (``Ledger.read_arrays``, its subset string kept), not feature by feature (11 s at 1,000,000 units).
    """
    return read_intensities(class_source(layer), size_field, per)


def class_source(layer):
    """(GeoPackage path, layer name, subset string or None) of a ledger layer: what ``read_intensities``
    reads, taken on the GUI thread so that the read itself can run in a task."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    return parts["path"], parts["layerName"], layer.subsetString() or None


def read_intensities(source, size_field="area_m2", per=10000.0):
    """``intensities`` of the layer ``source`` (``class_source``)."""
    path, name, where = source
    read = Ledger(path).read_arrays(name, ["level", "net_t", size_field], where)
    size = read[size_field].astype(float)
    value = read["net_t"].astype(float) / np.where(size != 0, size, np.nan) * per
    codes, levels = pd.factorize(read["level"])  # levels in order of appearance
    return {level: value[codes == code] for code, level in enumerate(levels)}


def is_links(layer):
    """True for a ledger's links layer (classed per km), False for its units (per ha, per level)."""
    return layer.fields().indexOf("length_m") >= 0


def read_layer_intensities(source, links):
    """The intensities a layer's data classes need, from its ``class_source``: per km for links
    (``links`` True), per ha by level for units; no QGIS object, safe in a task."""
    return read_intensities(source, "length_m", 1000.0) if links else read_intensities(source)


def apply_classes(layer, values, language="en"):
    """Restyle ``layer`` with data classes of ``values`` (``read_layer_intensities``); on the GUI thread."""
    if is_links(layer):
        renderer = data_link_renderer(np.concatenate(list(values.values()) or [np.zeros(0)]), language)
    else:
        renderer = data_zoom_renderer(values, language)
    layer.setRenderer(renderer.clone())  # a copy made in C++: no rule of it is tied to a Python wrapper
    layer.triggerRepaint()


def apply_data_classes(layer, language="en"):
    """Restyle a ledger ``units`` or ``links`` layer with classes from its own data (per level for units)."""
    apply_classes(layer, read_layer_intensities(class_source(layer), is_links(layer)), language)


def name_labels(layer, size_pt=9.0, field="name"):
    """Label ``layer``'s features with ``field`` (bold, ``size_pt`` points, white halo), one label per feature."""
    text_format = QgsTextFormat()
    font = text_format.font()
    font.setBold(True)
    text_format.setFont(font)
    text_format.setSize(size_pt)
    text_format.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    buffer.setColor(QColor("white"))
    text_format.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(text_format)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    settings.centroidInside = True
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def atlas_mask_renderer(this_label, others_label, id_field="unit_id"):
    """Districts of an atlas: the page's district outlined, its neighbours greyed out (70% grey);
    the two legend entries are labelled ``this_label`` and ``others_label``."""
    root = QgsRuleBasedRenderer.Rule(None)
    current = f"\"{id_field}\" = attribute(@atlas_feature, '{id_field}')"
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill("255,255,255,0", outline="#252525", width=0.8), 0, 0, current,
                                               this_label))
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill("200,200,200,180", outline="#7a7a7a", width=0.3), 0, 0,
                                               f"NOT ({current})", others_label))
    return QgsRuleBasedRenderer(root)


SCENARIO_EDITS = "#2166ac"
"""Dark blue: the outline of the units a scenario edited, on the atlas and in the ledger dock (it stands out of the
red-to-green net flux ramp)."""


def highlight_renderer(colour=SCENARIO_EDITS):
    """Outline only, thick and dark blue: units edited in a scenario."""
    return QgsSingleSymbolRenderer(_fill("255,255,255,0", outline=colour, width=0.7))
