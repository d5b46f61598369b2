"""Render the year-change layer of carbonledger:yearchange (OUTPUT_LAYER) to a PNG, with the plugin's style.

Usage: render_year_change.py LAYER.gpkg PNG [--width PX]. Runs under QGIS's Python (headless Qt). Units
whose change is significant are red (an increase) or green (a decrease); grey where the 95% interval
of the change spans zero (resources/styles/units_year_change.qml).
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsVectorLayer  # noqa: E402
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def render(layer_path, png_path, width_px=1200):
    """Write the change map of the layer file ``layer_path`` to ``png_path``; returns the PNG path."""
    from urban_carbon_ledger.qgis_shared import styles

    layer = QgsVectorLayer(layer_path, "year_change", "ogr")
    if not layer.isValid():
        raise RuntimeError(f"cannot open {layer_path}")
    message, ok = layer.loadNamedStyle(styles.style_path("units_year_change"))
    if not ok:
        raise RuntimeError(message)
    extent = layer.extent().buffered(50)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setBackgroundColor(QColor("white"))
    settings.setOutputSize(QSize(width_px, int(width_px * extent.height() / max(extent.width(), 1e-9))))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(png_path, "PNG"):
        raise RuntimeError(f"cannot write {png_path}")
    return png_path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("layer")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1200)
    arguments = parser.parse_args()
    app = QgsApplication([], False)
    app.initQgis()
    try:
        print(render(arguments.layer, arguments.png, arguments.width))
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
