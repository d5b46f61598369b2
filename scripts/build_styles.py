"""Write the QML styles of resources/styles/ from the class tables of ui/styles.py.

Run after changing a class table: `.venv/bin/python scripts/build_styles.py` (with `make env`).
Each style is saved from an in-memory layer with the ledger schema's fields, so QGIS loads it
on the ledger's units and links layers as it is.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsMapLayer, QgsVectorLayer  # noqa: E402

from urban_carbon_ledger.algorithms.ledger import schema  # noqa: E402
from urban_carbon_ledger.algorithms.mrv import year_change  # noqa: E402
from urban_carbon_ledger.qgis_shared import styles  # noqa: E402

_FIELD_TYPES = {"TEXT": "string", "REAL": "double", "INTEGER": "integer"}


def memory_layer(name):
    """An empty memory layer with the fields of the ledger's ``units`` or ``links`` layer."""
    geometry, columns = schema.SPATIAL_LAYERS[name]
    fields = "&".join(f"field={column}:{_FIELD_TYPES[kind.split()[0]]}" for column, kind, _ in columns)
    return QgsVectorLayer(f"{geometry.title().replace('string', 'String')}?crs=EPSG:4547&{fields}", name, "memory")


def change_layer():
    """An empty memory polygon layer with the fields of carbonledger:yearchange's OUTPUT_LAYER."""
    numbers = [c for c in year_change.CHANGE_COLUMNS if c.endswith("_t")]
    fields = "&".join([f"field={c}:string" for c in ("unit_id", "name", "level", "sector")]
                      + [f"field={c}:double" for c in numbers] + ["field=significant:integer"])
    return QgsVectorLayer(f"MultiPolygon?crs=EPSG:4547&{fields}", "year_change", "memory")


def main():
    app = QgsApplication([], False)
    app.initQgis()
    renderers = {
        "units_net_flux": ("units", styles.zoom_renderer(styles.NET_FLUX_EXPRESSION, styles.NET_FLUX_CLASSES)),
        "units_uncertainty": ("units", styles.zoom_renderer(styles.UNCERTAINTY_EXPRESSION, styles.UNCERTAINTY_CLASSES)),
        "units_net_flux_flat": ("units", styles.graduated_renderer(styles.NET_FLUX_EXPRESSION,
                                                                   styles.NET_FLUX_CLASSES)),
        "links_net_per_km": ("links", styles.link_renderer()),
        "district_outline": ("units", styles.outline_renderer()),
        "units_year_change": (None, styles.rule_renderer(styles.YEAR_CHANGE_RULES)),
    }
    for name, (layer_name, renderer) in renderers.items():
        layer = memory_layer(layer_name) if layer_name else change_layer()
        layer.setRenderer(renderer)
        if layer_name == "links":
            layer.setScaleBasedVisibility(True)
            layer.setMinimumScale(styles.LINKS_FROM_SCALE)
        message, ok = layer.saveNamedStyle(styles.style_path(name),
                                           QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Rendering)
        if not ok:
            sys.exit(f"cannot write {name}: {message}")
        print(styles.style_path(name))
    app.exitQgis()


if __name__ == "__main__":
    main()
