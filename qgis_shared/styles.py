"""Map styles of the ledger layers: class tables, zoom ranges per level, and the shipped QML files.

The QML files in ``resources/styles/`` are written from the tables below by
``scripts/build_styles.py`` and loaded by ``ui/layers.py`` and the district atlas. Net flux is
net_t per hectare (t CO2e/ha/yr; sources positive, sinks negative) on a diverging ramp centred
on zero (sources red, sinks green), so units of every size compare on one scale; road links are
styled by net per km (t CO2e/km/yr); uncertainty is the 95% interval width over |net| (ratio).
"""
import os

from qgis.core import (
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
)

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "styles")

NET_FLUX_EXPRESSION = '"net_t" / nullif("area_m2", 0) * 10000'
"""Net flux of a unit, t CO2e per hectare per year."""

UNCERTAINTY_EXPRESSION = '("net_high_t" - "net_low_t") / nullif(abs("net_t"), 0)'
"""Width of the 95% interval relative to |net|, ratio (0.5 = the interval spans half the net)."""

LINK_EXPRESSION = '"net_t" / nullif("length_m", 0) * 1000'
"""Net of a road link per km of its length, t CO2e/km/yr."""

BIG = 1e12

NET_FLUX_CLASSES = [
    (-BIG, -10.0, "#1a9850", "sink, more than 10 t/ha"),
    (-10.0, -1.0, "#66bd63", "sink, 1 to 10 t/ha"),
    (-1.0, -0.1, "#a6d96a", "sink, 0.1 to 1 t/ha"),
    (-0.1, 0.1, "#f7f7f7", "about zero"),
    (0.1, 10.0, "#fee08b", "source, 0.1 to 10 t/ha"),
    (10.0, 100.0, "#fdae61", "source, 10 to 100 t/ha"),
    (100.0, 1000.0, "#f46d43", "source, 100 to 1,000 t/ha"),
    (1000.0, BIG, "#a50026", "source, more than 1,000 t/ha"),
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
    (0.0, 10.0, "#fee08b", 0.4, "0 to 10 t/km"),
    (10.0, 100.0, "#fdae61", 0.8, "10 to 100 t/km"),
    (100.0, 1000.0, "#f46d43", 1.4, "100 to 1,000 t/km"),
    (1000.0, 5000.0, "#d73027", 2.0, "1,000 to 5,000 t/km"),
    (5000.0, BIG, "#a50026", 2.8, "more than 5,000 t/km"),
]
"""(lower, upper, colour, width mm, label) of road link classes, t CO2e/km/yr."""

LEVEL_SCALES = [
    ("city", 0, 200000, "city: zoomed out beyond 1:200,000"),
    ("district", 0, 25000, "districts: 1:25,000 and smaller scales"),
    ("block", 25000, 8000, "blocks: 1:25,000 to 1:8,000"),
    ("parcel", 8000, 0, "parcels: closer than 1:8,000"),
    ("segment", 8000, 0, "segments: closer than 1:8,000"),
    ("building", 8000, 0, "buildings: closer than 1:8,000"),
]
"""(level, minimum scale denominator (0 = no limit, most zoomed out), maximum scale denominator
(0 = no limit), label): which level is drawn at which zoom; later levels draw on top."""

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
        level for level, min_scale, max_scale, _ in LEVEL_SCALES
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


def zoom_renderer(expression, classes):
    """Rule-based renderer: one rule per level with its zoom range, one child rule per class."""
    root = QgsRuleBasedRenderer.Rule(None)
    for level, min_scale, max_scale, label in LEVEL_SCALES:
        level_rule = QgsRuleBasedRenderer.Rule(
            None, max_scale, min_scale, f"\"level\" = '{level}'", label,
        )
        for lower, upper, colour, class_label in classes:
            level_rule.appendChild(QgsRuleBasedRenderer.Rule(
                _fill(colour), 0, 0, f"({expression}) >= {lower!r} AND ({expression}) < {upper!r}", class_label,
            ))
        level_rule.appendChild(QgsRuleBasedRenderer.Rule(
            _fill("255,255,255,0", outline="#9e9e9e"), 0, 0, "ELSE", "no value",
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
