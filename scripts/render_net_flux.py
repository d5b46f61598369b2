"""Render a ledger's net flux per unit to a PNG map, styled as the plugin styles it in QGIS.

Usage: render_net_flux.py LEDGER PNG [--width PX] [--language en|zh]. Runs under QGIS's Python (headless
Qt), draws parcels by net flux per hectare (a parcel's total holds its buildings and image segments,
which would otherwise hide the sources under the segments' sinks) in classes from the parcels' own
values (quantiles on each side of zero), road links by net per km on a ramp of their own, and the
district outlines with their names; the legend, a north arrow and a scale bar sit beside and under
the map, inside the page.
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer  # noqa: E402

from map_sheet import export_sheet  # noqa: E402 (scripts/map_sheet.py, beside this file)

TITLES = {
    "en": ("Net carbon flux per parcel",
           "a parcel's buildings and image segments included; sources red, sinks green; road links purple by "
           "t CO2e per km; classes are quantiles of the parcels",
           "Net flux, t CO2e/ha/yr", "Road links, t CO2e/km/yr", "Districts", "Legend"),
    "zh": ("各地块净碳通量",
           "含地块内建筑与影像斑块；排放源为红色、碳汇为绿色；路段按每公里 t CO2e 以紫色表示；分级为地块数值的分位数",
           "净通量，t CO2e/公顷/年", "路段，t CO2e/公里/年", "区", "图例"),
}


def _layers(project, ledger_path, language):
    from urban_carbon_ledger.qgis_shared import styles

    layers = {}
    for key, name, subset in (("districts", "units", "\"level\" = 'district'"), ("links", "links", ""),
                              ("units", "units", "\"level\" = 'parcel'")):
        # the filter travels in the URI: three layers on one GeoPackage then keep their own connections
        uri = f"{ledger_path}|layername={name}" + (f"|subset={subset}" if subset else "")
        layer = QgsVectorLayer(uri, key, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"{ledger_path} has no {name} layer")
        project.addMapLayer(layer)
        layers[key] = layer
    _, _, units_title, links_title, districts_title, _ = TITLES[language]
    units, links, districts = layers["units"], layers["links"], layers["districts"]
    units.setRenderer(styles.data_graduated_renderer(styles.intensities(units).get("parcel", []), language))
    styles.apply_data_classes(links, language)
    districts.setRenderer(styles.outline_renderer())
    styles.name_labels(districts, 11)
    units.setName(units_title)
    links.setName(links_title)
    districts.setName(districts_title)
    return districts, links, units


def render(ledger_path, png_path, width_px=1800, language="en"):
    """Write the net-flux map of ``ledger_path`` (its latest inventory year) to ``png_path``; returns the PNG path."""
    from urban_carbon_ledger.algorithms.ledger.store import Ledger
    from urban_carbon_ledger.algorithms.reports.year_label import inventory_year_of, titled

    project = QgsProject()
    districts, links, units = _layers(project, ledger_path, language)
    title, subtitle, *_, legend_title = TITLES[language]
    texts = (titled(title, inventory_year_of(Ledger(ledger_path)), language),
             subtitle + f" · {os.path.basename(ledger_path)}", legend_title)
    return export_sheet(project, [districts, links, units], districts.extent().buffered(60), units.crs(), texts,
                        png_path, width_px, legend_layers=[units, links, districts])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ledger")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1800)
    parser.add_argument("--language", choices=sorted(TITLES), default="en")
    arguments = parser.parse_args()
    application = QgsApplication([], False)
    application.initQgis()
    print(render(arguments.ledger, arguments.png, arguments.width, arguments.language))
    os._exit(0)  # QGIS 3.22 can crash in exitQgis() after the file is written (performance.md)


if __name__ == "__main__":
    main()
