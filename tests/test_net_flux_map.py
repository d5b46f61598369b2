"""The demo's net-flux map: a source parcel renders red, a sink parcel green, on a titled PNG."""
import os
import sys

import geopandas as gpd
import pandas as pd
import shapely

from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.ledger.entries import finalize_entries
from urban_carbon_ledger.algorithms.ledger.totals import write_unit_totals

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

X0, Y0 = 530000.0, 3381000.0


def two_parcel_ledger(path):
    """District D01 with a 1 ha source parcel (west) and a 1 ha sink parcel (east)."""
    ledger.create_ledger(path, "EPSG:4547")
    store = ledger.Ledger(path)
    units = gpd.GeoDataFrame({
        "unit_id": ["D01", "D01-B1", "D01-B1-P1", "D01-B1-P2"],
        "parent_id": [None, "D01", "D01-B1", "D01-B1"],
        "level": ["district", "block", "parcel", "parcel"],
        "area_m2": [2e4, 2e4, 1e4, 1e4],
    }, geometry=[
        shapely.box(X0, Y0, X0 + 200, Y0 + 100), shapely.box(X0, Y0, X0 + 200, Y0 + 100),
        shapely.box(X0, Y0, X0 + 100, Y0 + 100), shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100),
    ])
    factors = pd.DataFrame({
        "factor_id": ["grid", "rate"], "value": [0.5, 2.9], "unit": ["kg CO2/kWh", "t C/ha/yr"],
        "low": [0.45, 1.8], "high": [0.55, 3.4], "source": ["test", "test"],
    }).set_index("factor_id", drop=False)
    rows = pd.DataFrame({
        "unit_id": ["D01-B1-P1", "D01-B1-P2"], "flow": ["source", "sink"], "sector": ["electricity", "forest"],
        "gpc_sector": ["I.1", "V"], "scope": [2, 1], "carrier": ["electricity", "forest"],
        "activity": [2e6, 1.0], "activity_unit": ["kWh", "ha"], "activity_low": [2e6, 1.0], "activity_high": [2e6, 1.0],
        "factor_id": ["grid", "rate"], "conversion": [0.001, -44 / 12], "conversion_note": ["kg -> t", "C -> CO2"],
        "method": ["metered", "zonal_exact"],
    })
    with store.transaction("test:map") as writer:
        writer.append_rows("units", units)
        writer.append_rows("entries", finalize_entries(rows, factors, "baseline", writer.run_id, "t"))
        write_unit_totals(writer)
    return store


def test_source_red_sink_green(qgis_app, tmp_path):
    from qgis.PyQt.QtGui import QColor, QImage

    import render_net_flux

    store = two_parcel_ledger(str(tmp_path / "ledger.gpkg"))
    assert store.read_table("units").set_index("unit_id")["net_t"].to_dict()["D01"] == 1000 - 44 / 12 * 2.9
    png = render_net_flux.render(store.path, str(tmp_path / "map.png"), width_px=900)
    image = QImage(png)
    assert image.width() == 900
    reds = greens = 0
    for x in range(0, image.width(), 6):
        for y in range(0, image.height(), 6):
            hue, saturation, value, _ = QColor(image.pixel(x, y)).getHsv()
            if saturation > 80 and value > 60:
                reds += hue < 25 or hue > 335
                greens += 80 < hue < 160
    assert reds > 200 and greens > 200, (reds, greens)


def test_year_change_sheet_has_the_furniture_of_the_net_flux_map(qgis_app, tmp_path):
    from qgis.PyQt.QtGui import QImage

    import map_sheet
    import render_year_change

    store = two_parcel_ledger(str(tmp_path / "ledger.gpkg"))
    for year in (2023, 2024):
        with store.transaction("test:year") as writer:
            writer.open_year(year)
    # two blocks: the west one up and significant (#d73027), the east one down within the noise (#c7e9c0)
    blocks = gpd.GeoDataFrame({
        "unit_id": ["D01-B1", "D01-B2"], "change_t": [5.0, -1.0], "significant": [1, 0],
    }, geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100), shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100)],
        crs="EPSG:4547")
    layer = str(tmp_path / "year_change.gpkg")
    blocks.to_file(layer, layer="year_change", driver="GPKG")
    png = render_year_change.render(layer, str(tmp_path / "change.png"), store.path, 2023, 2024, width_px=900)
    image = QImage(png)
    assert image.width() == 900
    # the map ends at MARGIN + MAP_WIDTH of the page; right of it the legend lists every class with its swatch
    # (the bare map of before had no legend: nothing but the map's own colours, no #f0f0f0 'no change' swatch)
    legend_x = int(900 * (map_sheet.MARGIN + map_sheet.MAP_WIDTH) / map_sheet.PAGE_WIDTH)
    beside = {image.pixelColor(x, y).name() for x in range(legend_x, 900, 2) for y in range(0, image.height(), 2)}
    assert {"#d73027", "#1a9850", "#fcbba1", "#c7e9c0", "#f0f0f0"} <= beside
    # under the map: the scale bar's black and white boxes on the left
    below = {image.pixelColor(x, y).name() for x in range(0, legend_x // 2, 2)
             for y in range(image.height() - 40, image.height(), 2)}
    assert "#000000" in below
