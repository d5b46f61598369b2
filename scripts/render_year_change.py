"""Render the year-change layer of carbonledger:yearchange (OUTPUT_LAYER) to a PNG map sheet, with the plugin's style.

Usage: render_year_change.py LAYER.gpkg PNG --ledger LEDGER --from YEAR [--to YEAR] [--width PX]
[--language en|zh]. Runs under QGIS's Python (headless Qt). Blocks whose change is significant are red
(an increase) or green (a decrease); pale where the 95% interval of the change spans zero
(resources/styles/units_year_change.qml). The ledger gives the district outlines and names and the
versions of the two inventory years; the sheet has the net-flux map's furniture (scripts/map_sheet.py):
a title naming both years and the unit, the legend with its classes, a north arrow and a scale bar.
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
    "en": ("Change in net emissions per block, inventory year {from_year} to {to_year}, t CO2e/yr",
           "strong colour and heavy outline: the 95% interval of the change excludes zero; pale: within the noise",
           "Change per block, t CO2e/yr", "Districts", "Legend"),
    "zh": ("各街区净排放变化，清单年份{from_year}至{to_year}，t CO2e/年",
           "深色粗边框：变化的95%区间不含零；浅色：在不确定性范围之内",
           "街区变化，t CO2e/年", "区", "图例"),
}
LABELS = {"zh": ("显著增加（95%区间高于零）", "显著减少（95%区间低于零）", "增加，在不确定性范围之内（区间跨零）",
                 "减少，在不确定性范围之内（区间跨零）", "无变化")}
"""Chinese labels of the rules of styles.YEAR_CHANGE_RULES, in their order."""


def _layers(project, layer_path, ledger_path, language):
    from urban_carbon_ledger.qgis_shared import styles

    _, _, change_title, districts_title, _ = TITLES[language]
    blocks = QgsVectorLayer(layer_path, change_title, "ogr")
    districts = QgsVectorLayer(f"{ledger_path}|layername=units|subset=\"level\" = 'district'", districts_title, "ogr")
    for layer, path in ((blocks, layer_path), (districts, ledger_path)):
        if not layer.isValid():
            raise RuntimeError(f"cannot open {path}")
        project.addMapLayer(layer)
    message, ok = blocks.loadNamedStyle(styles.style_path("units_year_change"))
    if not ok:
        raise RuntimeError(message)
    blocks.setName(change_title)  # a QML style may carry a layer name of its own
    for rule, label in zip(blocks.renderer().rootRule().children(), LABELS.get(language, ()), strict=False):
        rule.setLabel(label)
    districts.setRenderer(styles.outline_renderer())
    styles.name_labels(districts, 11)
    return districts, blocks


def render(layer_path, png_path, ledger_path, from_year, to_year=None, width_px=1800, language="en"):
    """Write the change map of the layer file ``layer_path`` (carbonledger:yearchange's OUTPUT_LAYER, from
    inventory year ``from_year`` to ``to_year``, default the ledger's latest) over the districts of
    ``ledger_path`` to ``png_path``; returns the PNG path."""
    from urban_carbon_ledger.algorithms.ledger.store import Ledger
    ledger = Ledger(ledger_path)
    years = [f"{chosen.year} v{chosen.version}" for chosen in map(ledger.inventory_year, (from_year, to_year))]
    project = QgsProject()
    districts, blocks = _layers(project, layer_path, ledger_path, language)
    title, subtitle, *_, legend_title = TITLES[language]
    texts = (title.format(from_year=years[0], to_year=years[1]),
             subtitle + f" · {os.path.basename(ledger_path)}", legend_title)
    return export_sheet(project, [districts, blocks], districts.extent().buffered(60), blocks.crs(), texts,
                        png_path, width_px, legend_layers=[blocks, districts])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("layer")
    parser.add_argument("png")
    parser.add_argument("--ledger", required=True)
    parser.add_argument("--from", dest="from_year", type=int, required=True)
    parser.add_argument("--to", dest="to_year", type=int, default=None)
    parser.add_argument("--width", type=int, default=1800)
    parser.add_argument("--language", choices=sorted(TITLES), default="en")
    arguments = parser.parse_args()
    application = QgsApplication([], False)
    application.initQgis()
    print(render(arguments.layer, arguments.png, arguments.ledger, arguments.from_year, arguments.to_year,
                 arguments.width, arguments.language))
    os._exit(0)  # QGIS 3.22 can crash in exitQgis() after the file is written (as render_net_flux.py)


if __name__ == "__main__":
    main()
