"""Shipped QML styles: they load on the ledger layers, classify by hand-worked values, show levels by zoom."""
import os

import pytest
from qgis.core import QgsMapRendererCustomPainterJob, QgsMapSettings
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from ui_ledger_builder import X0, Y0, styled_ledger
from urban_carbon_ledger.qgis_shared import styles


@pytest.fixture
def layers(qgis_app, tmp_path):
    path, project, loaded = styled_ledger(tmp_path)
    loaded["project"] = project
    return loaded


def render(layers, extent_width, tmp_path, name, size=600):
    """Render links over units centred on D01 so that 1 px = extent_width / size m; save and return the image."""
    from qgis.core import QgsRectangle

    settings = QgsMapSettings()
    settings.setLayers([layers["links"], layers["units"]])
    settings.setDestinationCrs(layers["units"].crs())
    settings.setOutputSize(QSize(size, size))
    settings.setBackgroundColor(QColor("white"))
    cx, cy = X0 + 500, Y0 + 500
    half = extent_width / 2
    settings.setExtent(QgsRectangle(cx - half, cy - half, cx + half, cy + half))
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    image.save(str(tmp_path / name))
    if os.environ.get("UCL_SCREENSHOTS"):
        image.save(os.path.join(os.environ["UCL_SCREENSHOTS"], f"map_{name}"))
    return image, settings


def test_group_and_named_styles(layers):
    group = layers["group"]
    assert [child.name() for child in group.children()] == ["Road links (net per km)", "Units (net flux)"]
    manager = layers["units"].styleManager()
    assert manager.styles() == ["net flux", "net flux, all levels", "uncertainty"]
    assert manager.currentStyle() == "net flux"
    assert layers["units"].renderer().type() == "RuleRenderer"
    manager.setCurrentStyle("uncertainty")
    labels = [rule.label() for rule in layers["units"].renderer().rootRule().children()[1].children()]
    assert labels[:2] == ["interval under 10% of net", "10 to 25%"]
    assert layers["links"].renderer().type() == "graduatedSymbol"


def test_levels_by_zoom_and_net_flux_colours(layers, tmp_path):
    # the shipped QML's fixed classes (the desktop then reclasses from the ledger's data: test_map_classes.py)
    for name in ("units", "links"):
        layers[name].loadNamedStyle(styles.style_path("units_net_flux" if name == "units" else "links_net_per_km"))
    # 1:4,000-ish (1 km across 600 px at 96 dpi is about 1:6,600): parcels and buildings drawn.
    # The building D01-B01-P01-G01: 500 t on 4 ha = 125 t/ha -> class 100-1,000 (#f46d43).
    # The park parcel D01-B01-P02: -36.67 t on 25 ha = -1.47 t/ha -> class -10 to -1 (#66bd63).
    near, settings = render(layers, 1200.0, tmp_path, "near.png")
    assert settings.scale() < 8000
    to_px = settings.mapToPixel()
    building = to_px.transform(X0 + 200, Y0 + 200)
    park = to_px.transform(X0 + 750, Y0 + 250)
    assert near.pixelColor(int(building.x()), int(building.y())).name() == "#f46d43"
    assert near.pixelColor(int(park.x()), int(park.y())).name() == "#66bd63"
    # the link D01-L01 along y = Y0 + 500: 400 t over 1 km = 400 t CO2e/km/yr -> class 100-1,000 (#f46d43)
    link = to_px.transform(X0 + 100, Y0 + 500)
    assert near.pixelColor(int(link.x()), int(link.y())).name() == "#f46d43"
    # zoomed out beyond 1:25,000: only districts. D01: 1,063.3 t on 100 ha = 10.6 t/ha -> class 10-100 (#fdae61)
    far, settings = render(layers, 12000.0, tmp_path, "far.png")
    assert settings.scale() > 25000
    to_px = settings.mapToPixel()
    building = to_px.transform(X0 + 200, Y0 + 200)
    assert far.pixelColor(int(building.x()), int(building.y())).name() == "#fdae61"
    # links are drawn only from 1:25,000 in (styles.LINKS_FROM_SCALE): under the link, D01's colour
    link = to_px.transform(X0 + 100, Y0 + 500)
    assert far.pixelColor(int(link.x()), int(link.y())).name() == "#fdae61"


def test_levels_visible_at():
    assert styles.levels_visible_at(50000) == ["district"]
    assert styles.levels_visible_at(10000) == ["block"]
    assert styles.levels_visible_at(2000) == ["parcel", "segment", "building"]
    assert styles.levels_visible_at(500000) == ["city", "district"]
