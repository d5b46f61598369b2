"""Add a ledger GeoPackage's layers to a project, styled, in one layer group (no iface needed)."""
import os
import re

from qgis.PyQt import sip
from qgis.core import Qgis, QgsMessageLog, QgsProject, QgsRuleBasedRenderer, QgsVectorLayer, QgsWkbTypes

from ..algorithms.core.messages import said
from ..qgis_shared import styles
from .i18n import tr, user_language
from .tasks import start_task


def ledger_layer(path, name, title):
    """The ``units`` or ``links`` layer of a ledger as a QgsVectorLayer (invalid if absent)."""
    return QgsVectorLayer(f"{path}|layername={name}", title, "ogr")


def add_styles(layer, named_paths):
    """Load QML styles into the layer's style manager as named styles; the first becomes current.

    named_paths: list of (style name, .qml path). Returns the names in the style manager.
    """
    manager = layer.styleManager()
    first_name, first_path = named_paths[0]
    message, ok = layer.loadNamedStyle(first_path)
    if not ok:
        raise ValueError(f"cannot load style {first_path}: {message}")
    manager.renameStyle(manager.currentStyle(), first_name)
    for name, path in named_paths[1:]:
        manager.addStyleFromLayer(name)
        manager.setCurrentStyle(name)
        message, ok = layer.loadNamedStyle(path)
        if not ok:
            raise ValueError(f"cannot load style {path}: {message}")
    manager.setCurrentStyle(first_name)
    layer.triggerRepaint()
    return manager.styles()


HIDDEN_LEVELS = ("segment",)
"""Levels whose map rule starts unticked: image segments lie over their parcels, so they are drawn
(and picked) only when the user ticks them in the Layers panel."""

LEVEL_FILTER = re.compile(r"\"level\"\s*=\s*'(\w+)'")


def level_rules(layer):
    """{level: rule} of a units layer styled with one rule per level (empty for another renderer)."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsRuleBasedRenderer):
        return {}
    rules = {}
    for rule in renderer.rootRule().children():
        match = LEVEL_FILTER.fullmatch(rule.filterExpression().strip())
        if match:
            rules[match.group(1)] = rule
    return rules


def drawn_levels(layer, scale):
    """Levels the layer draws at a map scale denominator: ticked rules within their zoom range
    (``styles.levels_visible_at`` for a layer without level rules; a links layer draws 'link'
    within its scale range)."""
    if layer.geometryType() == QgsWkbTypes.GeometryType.LineGeometry:  # road links
        return ["link"] if layer.isInScaleRange(scale) else []
    rules = level_rules(layer)
    if not rules:
        return [level for level in styles.levels_visible_at(scale) if level not in HIDDEN_LEVELS]
    return [level for level, rule in rules.items() if rule.active() and rule.isScaleOK(scale)]


def hide_levels(layer, levels=HIDDEN_LEVELS):
    """Untick the map rules of ``levels`` in every named style of the layer (ticked again in the
    Layers panel, they are drawn and picked)."""
    manager = layer.styleManager()
    current = manager.currentStyle()
    for name in manager.styles():
        manager.setCurrentStyle(name)
        for level, rule in level_rules(layer).items():
            if level in levels:
                rule.setActive(False)
    manager.setCurrentStyle(current)


def ledger_in_project(project, path=None):
    """{'path', 'group', 'units', 'links'} of a ledger whose units layer the project already holds
    (of the ledger at ``path``, or of the first one found), or None."""
    wanted = os.path.realpath(path) if path else None
    for layer in project.mapLayers().values():
        source, _, options = layer.source().partition("|")
        if layer.providerType() != "ogr" or options != "layername=units":
            continue
        if wanted is not None and os.path.realpath(source) != wanted:
            continue
        node = project.layerTreeRoot().findLayer(layer.id())
        links = [other for other in project.mapLayers().values() if other.source() == f"{source}|layername=links"]
        return {"path": source, "group": node.parent() if node is not None else None, "units": layer,
                "links": links[0] if links else None}
    return None


def load_ledger_layers(path, project=None, root=None, on_classed=None, after_signal=None):
    """Add the ledger's units and links, styled, in a group named after the file; a ledger the
    project already holds is not added again (its layers are returned).

    path: ledger .gpkg; project: QgsProject (default the current instance); root: layer tree
    group to add to (default the project's root). on_classed: None to class the layers from their
    data before returning; else a callable run (on the GUI thread) once their data classes are
    applied by a task, the layers meanwhile drawn with the shipped style (the desktop: on a
    1,000,000-unit ledger the read runs beside the dock's: the open 1.9-2.0 s instead of 3.2-3.3 s). after_signal: None
    to start that task at once; else a Qt signal (the map canvas's mapCanvasRefreshed) whose first emission
    starts it, so that its read of every feature does not slow the first drawing of the map (the city of
    1,000,000 parcels: drawn in 0.4 s alone, 18-20 s beside the read, load 9-10). Returns {'group', 'units',
    'links'} and, with on_classed, 'classes' (the task, once started: keep the dict while it runs).
    """
    project = project or QgsProject.instance()
    present = ledger_in_project(project, path)
    if present is not None:  # classed when it was added
        if on_classed is not None:
            on_classed()
        return {key: present[key] for key in ("group", "units", "links")}
    root = root if root is not None else project.layerTreeRoot()
    group = root.insertGroup(0, tr("Carbon ledger: {name}").format(name=os.path.splitext(os.path.basename(path))[0]))
    units = ledger_layer(path, "units", tr("Units (net flux)"))
    links = ledger_layer(path, "links", tr("Road links (net per km)"))
    if not units.isValid():
        raise ValueError(tr("{path} has no units layer: is it a ledger?").format(path=path))
    add_styles(units, [
        (tr("net flux"), styles.style_path("units_net_flux")),
        (tr("uncertainty"), styles.style_path("units_uncertainty")),
        (tr("net flux, all levels"), styles.style_path("units_net_flux_flat")),
    ])
    hide_levels(units)
    project.addMapLayer(units, False)
    classed = [units]
    if links.isValid():
        add_styles(links, [(tr("net per km"), styles.style_path("links_net_per_km"))])
        project.addMapLayer(links, False)
        group.addLayer(links)
        classed.append(links)
    group.addLayer(units)
    layers = {"group": group, "units": units, "links": links if links.isValid() else None}
    language = "zh" if user_language() == "zh" else "en"
    if on_classed is None:
        for layer in classed:  # classes from this ledger's own data, level by level
            styles.apply_data_classes(layer, language)
        hide_levels(units)
        return layers

    def classed_now():
        if not sip.isdeleted(units):
            hide_levels(units)  # the data classes' rules too: segments unticked until asked for
        on_classed()

    def start_classes():
        if after_signal is not None:
            after_signal.disconnect(start_classes)
        present = [layer for layer in classed if not sip.isdeleted(layer)]  # the project cleared meanwhile
        if present:
            layers["classes"] = class_in_task(present, language, classed_now)

    if after_signal is None:
        start_classes()
    else:
        after_signal.connect(start_classes)
    return layers


def class_in_task(layers, language, on_done):
    """Read the data classes of ``layers`` in a task and apply them on the GUI thread, then ``on_done()``;
    a failed read leaves the shipped style and says why in the log. Returns the task."""
    sources = [(styles.class_source(layer), styles.is_links(layer)) for layer in layers]

    def applied(values):
        for layer, value in zip(layers, values, strict=True):
            if not sip.isdeleted(layer):  # removed from the project while the task read
                styles.apply_classes(layer, value, language)
        on_done()

    def failed(error):
        QgsMessageLog.logMessage(tr("The map keeps its shipped classes: {error}").format(error=said(error, tr)),
                                 tr("Urban Carbon Ledger"), Qgis.MessageLevel.Warning)
        on_done()

    return start_task(tr("Classing the map from the ledger's data"),
                      lambda _progress: [styles.read_layer_intensities(*source) for source in sources],
                      applied, failed)
