"""Map classes from the data, readable names and words (en/zh), the atlas layout's fonts, the CJK
chart font, and reports without paths or user names."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.resources import resource_path
from urban_carbon_ledger.algorithms.reports import charts, classes, labels, report_format


def test_diverging_quantile_breaks_by_hand():
    # sinks |v| = 1, 2, 4, 8: median 3 -> break -3; sources 1..8: median 4.5 -> break 4.5; zero is a break
    values = [-8, -4, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8, np.nan]
    assert classes.diverging_classes(values, per_side=2) == [
        (-np.inf, -3.0, "sink", 1), (-3.0, 0.0, "sink", 0), (0.0, 4.5, "source", 0), (4.5, np.inf, "source", 1)]
    # four per side on sources 10, 20, ..., 100: quartiles 32.5, 55, 77.5 -> two significant digits 32, 55, 78
    # (32.5 rounds half to even); no sinks -> no sink class
    found = classes.diverging_classes(np.arange(10, 101, 10), per_side=4)
    assert [(low, high) for low, high, _, _ in found] == [(0.0, 32.0), (32.0, 55.0), (55.0, 78.0), (78.0, np.inf)]
    assert {side for _, _, side, _ in found} == {"source"}


def test_skewed_data_gets_several_classes_not_one():
    # the issue: every block fell in "100-1,000 t CO2e/ha/yr"; 100 blocks spread evenly from 120 to 900 t/ha (step
    # 780/99 = 7.879) now take four classes. Quartiles 315, 510, 705 -> two significant digits 320, 510, 700;
    # blocks below 320: (320-120)/7.879 = 25.4 -> 26; below 510: 49.5 -> 50 (24 more); below 700: 73.6 -> 74
    # (24 more); the other 26 above
    values = np.linspace(120.0, 900.0, 100)
    found = classes.diverging_classes(values)
    assert [(low, high) for low, high, _, _ in found] == [(0.0, 320.0), (320.0, 510.0), (510.0, 700.0),
                                                          (700.0, np.inf)]
    counts = [int(((values >= low) & (values < high)).sum()) for low, high, _, _ in found]
    assert counts == [26, 24, 24, 26]


def test_colours_spread_over_the_ramp_and_labels_in_both_languages():
    coloured = classes.coloured(classes.diverging_classes([-8, -4, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8], per_side=2))
    # two classes per side: the lightest and the darkest of each ramp
    assert [c[2] for c in coloured] == ["#006837", "#d9f0a3", "#fee08b", "#a50026"]
    assert classes.class_label(4.5, np.inf, "source", "t CO2e/ha/yr") == "source, more than 4.5 t CO2e/ha/yr"
    # road links: sources by their span alone (a narrow legend), the odd net sink still named
    assert classes.class_label(300, 1100, "source", "t CO2e/km/yr", sources_named=False) == "300 to 1,100 t CO2e/km/yr"
    assert classes.class_label(-np.inf, 0, "sink", "t CO2e/km/yr", sources_named=False) == \
        "sink, more than 0 t CO2e/km/yr"
    assert classes.class_label(-3.0, 0.0, "sink", "t CO2e/ha/yr") == "sink, up to 3 t CO2e/ha/yr"
    assert classes.class_label(1200.0, 3400.0, "source", "t CO2e/ha/yr", change=True) == \
        "increase, 1,200 to 3,400 t CO2e/ha/yr"
    assert classes.class_label(-np.inf, -3.0, "sink", "吨/公顷", "zh") == "碳汇，大于3 吨/公顷"


def test_unit_names_say_what_a_reader_knows():
    units = pd.DataFrame({
        "unit_id": ["D03-B0016-P02-G021", "D03-B0016-P02", "D01", "D03-B0016", "D02-L0010"],
        "level": ["building", "parcel", "district", "block", "link"],
        "name": [None, None, "Lakeside District", None, None],
        "land_use": ["residential", "park", None, None, None],
    })
    assert labels.unit_names(units).tolist() == [
        "Residential building 21 (block B0016, parcel P02)", "Park parcel P02 (block B0016)", "Lakeside District",
        "Block B0016", "Road link L0010"]
    assert labels.unit_names(units, "zh").tolist()[:2] == ["居住建筑21号 (街区B0016, 地块P02)",
                                                            "公园地块P02 (街区B0016)"]


def test_report_headers_are_readable_and_translated():
    frame = pd.DataFrame({"flow": ["source", "sink"], "co2e_t": [1234.5, -0.04], "low_t": [1000.0, -0.1],
                          "high_t": [1500.0, 0.0], "share": [0.25, 0.75], "rollout_year": [2026.0, np.nan]})
    shown = report_format.readable(frame)
    assert shown.columns.tolist() == ["Flow", "t CO2e/yr", "95% interval (t CO2e/yr)", "Share", "Roll-out year"]
    # -0.04 at one decimal is "-0.0": shown as 0; shares as percentages; a year without decimals or separator
    assert shown.values.tolist() == [["Source", "1,234.5", "1,000.0 to 1,500.0", "25.0%", "2026"],
                                     ["Sink", "0", "\u22120.1 to 0.0", "75.0%", ""]]
    zh = report_format.readable(frame, "zh")
    assert zh.columns.tolist() == ["流向", "t CO2e/年", "95%区间（t CO2e/年）", "占比", "实施年份"]
    assert zh.iloc[0, 0] == "排放源"
    for column in ("co2e_t", "low_t", "scope_1", "net_t", "capital", "neutral_year"):
        assert labels.text(column) != column and labels.text(column, "zh") != column


def test_intervals_read_with_a_minus_sign_and_a_word_between_the_ends():
    # one formatter for reports, atlas and docks: U+2212 for negative ends, "to" / "至" between them,
    # one decimal, thousands separators, no "-0.0" (-0.04 rounds to 0.0); '+' on positive ends of a change
    assert report_format.interval(-6.14, -1.36) == "\u22126.1 to \u22121.4"
    assert report_format.interval(-6.14, -1.36, "zh") == "\u22126.1 至 \u22121.4"
    assert report_format.interval(-1234.56, 0.04) == "\u22121,234.6 to 0.0"
    assert report_format.interval(-2.0, 1.5, sign=True) == "\u22122.0 to +1.5"
    assert report_format.interval(-0.04, np.nan) == ""
    assert report_format.NUMBER.match(report_format.interval(-6.14, -1.36, "zh"))


def test_a_table_signs_its_numbers_as_its_intervals():
    # the inventory's flow table read '-2,270.4' beside '−2,664.2 to −1,529.7': one minus sign in a table
    table = pd.DataFrame({"flow": ["sink"], "co2e_t": [-2270.42], "low_t": [-2664.2], "high_t": [-1529.7],
                          "value": [-1.5]})
    cells = report_format.html_table(table, general=("value",))
    assert cells.count("−") == 4 and "-" not in cells.replace("</", "").replace("<!-", "")
    assert '<td class="number">−2,270.4</td>' in cells and '<td class="number">−1.5</td>' in cells


def test_paths_and_user_names_are_cut():
    text = '{"LEDGER": "/home/alice/city/ledger.gpkg", "B": "C:\\\\Users\\\\bob\\\\d.csv|layername=x", "N": 3}'
    cut = report_format.private(text)
    assert cut == '{"LEDGER": "ledger.gpkg", "B": "d.csv|layername=x", "N": 3}'
    assert "alice" not in cut and "bob" not in cut
    # units with slashes are not paths
    assert report_format.private("t CO2e/km/yr, kg CO2/kWh, t C/ha converted/yr") == \
        "t CO2e/km/yr, kg CO2/kWh, t C/ha converted/yr"


def test_a_cjk_font_is_found_for_chinese_charts():
    family = charts.cjk_font()
    assert family in charts.CJK_FAMILIES
    from matplotlib import font_manager

    # the font it names has Chinese glyphs: the path matplotlib resolves holds 碳 (U+78B3)
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert FT2Font(path).get_char_index(ord("碳")) != 0


def test_atlas_layout_has_no_text_under_7_points_and_stays_inside_the_margins():
    root = ET.parse(resource_path("layouts", "district_atlas.qpt")).getroot()
    sizes = []
    for element in root.iter():
        for key in ("labelFont", "font", "style"):
            value = element.get(key, "")
            match = re.match(r"[^,]+,(\d+(\.\d+)?),", value)  # QFont string: family,pointSize,...
            if key != "style" and match:
                sizes.append(float(match.group(1)))
        if element.tag == "text-style" and element.get("fontSize"):
            sizes.append(float(element.get("fontSize")))
    assert sizes and min(sizes) >= 7.0
    for item in root.iter("LayoutItem"):
        if item.get("type") == "65638":  # the page itself
            continue
        x, y, _ = item.get("position").split(",")
        width, height, _ = item.get("size").split(",")
        # A4 landscape 297 x 210 mm with 10 mm margins; the table frame's width is set when it is filled
        assert 10 <= float(x) and float(x) + float(width) <= 287.5 + 1e-6, item.get("id")
        assert 7 <= float(y) and float(y) + float(height) <= 200 + 1e-6, item.get("id")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_page_has_no_folder_and_declares_its_language(tmp_path, language):
    page = report_format.page("T", f"Ledger {report_format.ledger_name('/home/alice/x/ledger.gpkg')}", "<p>b</p>",
                              "f", language)
    assert f'<html lang="{language}">' in page and "ledger.gpkg" in page and "alice" not in page
    assert "@page { size: A4" in page and "@media print" in page


def test_layer_classes_per_level_from_its_data(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer
    from ui_ledger_builder import build_ledger

    from urban_carbon_ledger.qgis_shared import styles

    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    units = QgsVectorLayer(f"{path}|layername=units", "units", "ogr")
    styles.apply_data_classes(units)
    rules = {rule.label(): rule for rule in units.renderer().rootRule().children()}
    parcels = [child.label() for child in rules["parcels: closer than 1:8,000"].children()]
    # parcels, 25 ha each: 20, -1.467, 8, 0, 40, 0, 0, -3.667 t/ha (ui_ledger_builder). Sources >= 0:
    # 0, 0, 0, 8, 20, 40 -> quartiles at positions 1.25, 2.5, 3.75: 0 (dropped), 4, 8 + 0.75 x 12 = 17;
    # sinks |v| 1.467, 3.667 -> 1.467 + (0.25, 0.5, 0.75) x 2.2 = 2.017, 2.567, 3.117 -> 2.0, 2.6, 3.1
    # legends name the full unit, t CO2e/ha/yr (not "t/ha")
    assert parcels == [f"{label} t CO2e/ha/yr" for label in (
        "sink, more than 3.1", "sink, 2.6 to 3.1", "sink, 2 to 2.6", "sink, up to 2", "source, up to 4",
        "source, 4 to 17", "source, more than 17")] + ["no value"]
    # districts (100 ha each, their links included): D01 500 + 200 + 400 - 36.667 = 1,063.3 t -> 10.633 t/ha,
    # D02 1,000 + 100 - 91.667 = 1,008.3 t -> 10.083 t/ha. Two significant digits would give one break (10);
    # the values lie 0.55 apart, 0.1375 per class -> rounded to 0.1: quartiles 10.083 + (0.25, 0.5, 0.75) x
    # 0.55 = 10.221, 10.358, 10.496 -> 10.2, 10.4, 10.5
    districts = [child.label() for child in rules["districts: 1:25,000 and smaller scales"].children()]
    assert districts == [f"{label} t CO2e/ha/yr" for label in (
        "source, up to 10.2", "source, 10.2 to 10.4", "source, 10.4 to 10.5", "source, more than 10.5")] + ["no value"]


def test_a_chinese_map_names_its_zoom_levels_in_chinese(qgis_app, tmp_path):
    """The Layers panel's level rules of a map classed in Chinese: a tester saw 'parcels: closer than 1:8,000'
    beside Chinese classes."""
    from qgis.core import QgsVectorLayer
    from ui_ledger_builder import build_ledger

    from urban_carbon_ledger.qgis_shared import styles

    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    units = QgsVectorLayer(f"{path}|layername=units", "units", "ogr")
    styles.apply_data_classes(units, "zh")
    assert [rule.label() for rule in units.renderer().rootRule().children()] == [
        "城市：比例尺小于 1:200,000", "分区：1:25,000 及更小比例尺", "街区：1:25,000 至 1:8,000",
        "地块：比例尺大于 1:8,000", "影像分割单元：比例尺大于 1:8,000", "建筑：比例尺大于 1:8,000"]


def test_change_map_gives_zero_its_own_class(qgis_app):
    from urban_carbon_ledger.qgis_shared import styles

    renderer = styles.data_graduated_renderer(np.array([0.0, 0.0, -2.0, -1.0, 3.0]), change=True)
    labels_ = [r.label() for r in renderer.ranges()]
    # non-zero changes: decreases |v| 1, 2 (quartiles 1.25, 1.5, 1.75 -> 1.2, 1.5, 1.8), one increase of 3
    # (its only quantile, 3, is not below the largest value: no inner break, one class): 'no change' first,
    # so zero, on the edge of two classes, takes it
    assert labels_ == ["no change"] + [f"{label} t CO2e/ha/yr" for label in (
        "decrease, more than 1.8", "decrease, 1.5 to 1.8", "decrease, 1.2 to 1.5", "decrease, up to 1.2",
        "increase, more than 0")]
    zh = [r.label() for r in styles.data_graduated_renderer(np.array([-2.0, 3.0]), "zh").ranges()]
    # one class a side, both open: (-inf, 0) and (0, inf), "more than 0" of their unit in Chinese
    assert zh == ["碳汇，大于0 t CO2e/公顷/年", "排放源，大于0 t CO2e/公顷/年"]
    assert renderer.symbolForValue(0.0).color().name() == styles.NO_CHANGE_COLOUR


def test_the_classes_task_waits_for_the_first_drawing_it_is_given(qgis_app, tmp_path):
    """With ``after_signal`` (the desktop passes the canvas's mapCanvasRefreshed), the data classes' read starts only
    when that signal first fires, so the first drawing of the map does not share the machine with it; then
    the layers get the classes the synchronous path gives, and a second firing starts no second read."""
    import time

    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal
    from ui_ledger_builder import build_ledger

    from urban_carbon_ledger.ui.layers import load_ledger_layers

    class Canvas(QObject):
        drawn = pyqtSignal()

    def settle(seconds, until=lambda: False):
        deadline = time.time() + seconds
        while not until() and time.time() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)

    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    projects = QgsProject(), QgsProject()
    at_once = load_ledger_layers(path, projects[0])
    canvas, done = Canvas(), []
    later = load_ledger_layers(path, projects[1], on_classed=lambda: done.append(True), after_signal=canvas.drawn)
    settle(1.0)
    assert "classes" not in later and not done  # nothing read before the map was drawn
    canvas.drawn.emit()
    task = later["classes"]
    settle(60, lambda: done)
    assert done == [True]
    assert later["units"].renderer().dump() == at_once["units"].renderer().dump()
    assert later["links"].renderer().dump() == at_once["links"].renderer().dump()
    canvas.drawn.emit()
    settle(0.5)
    assert later["classes"] is task and done == [True]


def test_the_desktops_classes_in_a_task_are_those_classed_at_once(qgis_app, tmp_path):
    """The desktop opens a ledger with its layers on the map at once and their data classes read in a
    task (``load_ledger_layers(on_classed=...)``): once the task is done, the units and links carry
    the rules and ranges the synchronous path gives (the test above works those out by hand), and
    segments stay unticked."""
    import time

    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QCoreApplication
    from ui_ledger_builder import build_ledger

    from urban_carbon_ledger.ui.layers import drawn_levels, load_ledger_layers

    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    projects = QgsProject(), QgsProject()  # kept: a project deletes its layers with it
    at_once = load_ledger_layers(path, projects[0])
    done = []
    later = load_ledger_layers(path, projects[1], on_classed=lambda: done.append(True))
    deadline = time.time() + 60
    while not done and time.time() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert done

    def labels(layer):
        root = layer.renderer().rootRule() if hasattr(layer.renderer(), "rootRule") else None
        if root is None:
            return [r.label() for r in layer.renderer().ranges()]
        return [(rule.label(), [child.label() for child in rule.children()]) for rule in root.children()]

    assert labels(later["units"]) == labels(at_once["units"]) and "no value" in str(labels(later["units"]))
    assert labels(later["links"]) == labels(at_once["links"]) and labels(later["links"])
    assert "segment" not in drawn_levels(later["units"], 2000)
