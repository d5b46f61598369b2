"""The ledger dock under real QGIS: entries and interval of a known unit, hierarchy, export, map pick."""
import csv

import pandas as pd
import pytest
from qgis.core import QgsPointXY
from qgis.gui import QgsMapCanvas

from ui_ledger_builder import X0, Y0, save_screenshot, styled_ledger, wait_for
from urban_carbon_ledger.ui.ledger_dock import LedgerDock
from urban_carbon_ledger.ui.ledger_tree import COLUMNS


@pytest.fixture
def dock(qgis_app, tmp_path):
    path, project, layers = styled_ledger(tmp_path)
    canvas = QgsMapCanvas()
    canvas.setLayers([layers["links"], layers["units"]])
    canvas.setDestinationCrs(layers["units"].crs())
    widget = LedgerDock(canvas)
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: widget.current_view() is not None)
    yield widget
    widget.close()


def _tree_rows(tree):
    rows = []

    def walk(item, depth):
        cells = {column: item.text(c) for c, column in enumerate(COLUMNS)}
        cells["key"] = item.toolTip(0) or cells["name"]  # a sector row's tooltip is the ledger's sector
        rows.append((depth, cells))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i), 0)
    return rows


def test_a_ledger_just_read_shows_the_city_not_a_reading_notice(dock):
    """Before the user picks a unit the dock leads with the top unit (the city) and its net; the
    'Reading scenario ...' notice is gone once the scenario is read."""
    from urban_carbon_ledger.algorithms.reports.ledger_view import read_hierarchy

    hierarchy = read_hierarchy(dock.ledger)  # the ledger's own rows, not the view's
    city = hierarchy.loc[hierarchy["parent_id"].isna(), "unit_id"].iloc[0]
    assert dock.unit_id == city and dock.unit_edit.text() == city
    assert "Reading" not in dock.summary_label.text() and "Net <b>" in dock.summary_label.text()


def test_building_entry_and_interval(dock, tmp_path):
    # 1,000,000 kWh x 0.5 kg/kWh / 1000 = 500 t; factor 0.45-0.55, exact activity -> 450-550 t
    dock.show_unit("D01-B01-P01-G01")
    rows = _tree_rows(dock.tree)
    entry = [cells for depth, cells in rows if depth == 2]
    assert len(entry) == 1
    assert entry[0]["unit"] == "D01-B01-P01-G01"
    assert entry[0]["activity"] == "1\u00a0M kWh"  # 1,000,000 kWh, compact as every dock number
    assert entry[0]["factor"] == "0.5 kg CO2/kWh"
    assert entry[0]["t"] == "500"
    assert entry[0]["interval"] == "450 to 550"
    assert entry[0]["source"] == "test: hand-made grid factor"
    assert "Net <b>500</b>" in dock.summary_label.text()
    dock.tabs.setCurrentIndex(0)
    save_screenshot(dock, tmp_path, "ledger_dock_entries.png")


def test_district_totals_children_and_chart(dock, tmp_path):
    # D01: sources 500 + 200 (buildings) + 400 (link) = 1,100; sink -36.667 (4 ha x 2.5 x 44/12)
    # electricity sector interval: 500 and 200 t, exact activities, one grid factor (+-10%) applied once to
    # their sum (IPCC 2006 Vol 1 Ch 3 3.2.3.1): 700 -/+ 70 (not sqrt(50^2 + 20^2) = 53.85)
    dock.show_unit("D01")
    rows = _tree_rows(dock.tree)
    sectors = {cells["key"]: cells for depth, cells in rows if depth == 1}
    assert sectors["electricity"]["t"] == "700"
    assert sectors["electricity"]["interval"] == "630 to 770"
    assert sectors["urban_green"]["t"] == "\u221236.67"
    assert sectors["road_traffic"]["t"] == "400"
    assert sectors["road_traffic"]["name"] == "road traffic"
    # sources first, largest first (electricity 700 before road traffic 400), then sinks
    assert [cells["key"] for depth, cells in rows if depth == 1] == ["electricity", "road_traffic", "urban_green"]
    assert "Net <b>1,063</b>" in dock.summary_label.text()
    relations = [(dock.hierarchy.item(r, 0).text(), dock.hierarchy.item(r, 1).text(), dock.hierarchy.item(r, 4).text())
                 for r in range(dock.hierarchy.rowCount())]
    assert relations == [
        ("parent", "C", "2,072"),  # D02: 1,000 + 100 - 10 x 2.5 x 44/12 = 1,008.3; + D01 (4 significant digits)
        ("this unit", "D01", "1,063"),
        ("child", "D01-B01", "463.3"),
        ("child", "D01-L01", "400"),
        ("child", "D01-B02", "200"),
    ]
    dock.tabs.setCurrentIndex(1)
    save_screenshot(dock, tmp_path, "ledger_dock_hierarchy.png")
    dock.tabs.setCurrentIndex(2)
    save_screenshot(dock, tmp_path, "ledger_dock_chart.png")


def test_export_and_copy(dock, tmp_path):
    dock.show_unit("D01-B01")
    out = tmp_path / "entries.csv"
    dock.export_entries(str(out))
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["unit_id"], float(r["co2e_t"])) for r in rows) == [
        ("D01-B01-P01-G01", 500.0), ("D01-B01-P02", pytest.approx(-36.6667, abs=1e-4)),
    ]
    assert dock.copy_entries().splitlines()[0].split("\t")[:3] == ["unit_id", "flow", "sector"]


def test_map_pick_finest_visible_unit(dock):
    tool = dock.pick_tool
    inside_building = QgsPointXY(X0 + 200, Y0 + 200)
    assert tool.pick(inside_building, 2000, 1.0) == "D01-B01-P01-G01"
    assert tool.pick(inside_building, 15000, 1.0) == "D01-B01"
    assert tool.pick(inside_building, 50000, 1.0) == "D01"
    on_link = QgsPointXY(X0 + 1500, Y0 + 500.5)
    assert tool.pick(on_link, 2000, 2.0) == "D02-L01"


def test_a_click_again_cycles_upward_and_the_level_can_be_chosen(dock):
    """The building, then its parcel, block, district and city on repeated clicks at 1:2,000; with
    the level 'parcel' chosen in the dock, the parcel at once; the picked unit is outlined."""
    tool = dock.pick_tool
    inside_building = QgsPointXY(X0 + 200, Y0 + 200)
    picked = [tool.pick(inside_building, 2000, 1.0)]
    for _ in range(5):
        picked.append(tool.pick(inside_building, 2000, 1.0))  # the same spot again
    assert picked == ["D01-B01-P01-G01", "D01-B01-P01", "D01-B01", "D01", "C", "D01-B01-P01-G01"]
    dock.level_box.setCurrentIndex(dock.level_box.findData("parcel"))
    assert tool.pick(inside_building, 2000, 1.0) == "D01-B01-P01"
    dock.show_unit("D01-B01-P01")
    assert dock.highlight.unit_ids == ["D01-B01-P01"] and dock.highlight.band.numberOfVertices() == 5


def test_a_click_after_zooming_in_picks_the_finest_unit_not_the_next_coarser(dock):
    """The district picked at 1:50,000, then a click inside it at 1:2,000 picks the building there: a click
    elsewhere inside the unit picked before is not that spot clicked again. Before, it picked the city (the
    district's next coarser unit), then the building (a desktop tester zoomed in and got CITY)."""
    tool, picked = dock.pick_tool, []
    tool.unitPicked.connect(picked.append)
    inside_building = QgsPointXY(X0 + 200, Y0 + 200)
    tool.pick(inside_building, 50000, 1.0)
    tool.pick(inside_building, 2000, 1.0)
    tool.pick(inside_building, 2000, 1.0)  # the same spot clicked again at the same zoom: one level up
    assert picked == ["D01", "D01-B01-P01-G01", "D01-B01-P01"]


def test_image_segments_are_neither_drawn_nor_picked_unless_ticked(dock):
    """Segments lie over their parcels: their map rule starts unticked, so a click picks the parcel;
    ticked in the Layers panel, they are drawn and picked (candidates as the layers give them)."""
    from urban_carbon_ledger.ui.layers import drawn_levels, level_rules
    from urban_carbon_ledger.ui.map_tool import next_choice, unit_choices

    units = dock.pick_tool.layers[0]
    candidates = [("C", "city"), ("D01", "district"), ("D01-B01", "block"), ("D01-B01-P02", "parcel"),
                  ("D01-B01-P02-S01", "segment")]
    assert drawn_levels(units, 2500) == ["parcel", "building"]
    assert next_choice(unit_choices(candidates, set(drawn_levels(units, 2500)))) == "D01-B01-P02"
    level_rules(units)["segment"].setActive(True)
    assert next_choice(unit_choices(candidates, set(drawn_levels(units, 2500)))) == "D01-B01-P02-S01"
    assert next_choice(unit_choices(candidates, set(drawn_levels(units, 2500)), wanted={"parcel"})) == "D01-B01-P02"


def test_selection_in_the_units_layer_shows_the_unit(qgis_app, tmp_path):
    path, project, layers = styled_ledger(tmp_path)
    widget = LedgerDock()
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: widget.current_view() is not None)
    units = layers["units"]
    fid = next(f.id() for f in units.getFeatures() if f["unit_id"] == "D02")
    units.selectByIds([fid])
    assert widget.unit_id == "D02"
    assert "Net <b>1,008</b>" in widget.summary_label.text()  # 1,000 + 100 - 10 x 2.5 x 44/12
    project.removeMapLayer(units.id())
    widget.set_ledger(path, ())  # the old layer is gone: re-opening must not fail
    widget.close()


@pytest.mark.slow
def test_the_dock_shows_the_interval_stored_for_the_unit_and_names_its_method(qgis_app, tmp_path):
    """After a Monte Carlo run the ledger stores its intervals on the units: the dock's summary, its
    Parent and children table and Compare's baseline row show exactly those, and say they came from
    carbonledger:uncertainty; a scenario (nothing stored) names Approach 1."""
    from urban_carbon_ledger.algorithms.ledger import store as ledger_module
    from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty
    from urban_carbon_ledger.algorithms.reports import ledger_view
    from urban_carbon_ledger.ui.formatting import interval

    path, project, layers = styled_ledger(tmp_path)
    run_uncertainty(path, "montecarlo", iterations=400, seed=7)
    stored = ledger_module.Ledger(path).read_table("units").set_index("unit_id")
    widget = LedgerDock()
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: widget.current_view() is not None)
    widget.show_unit("D01")
    shown = interval(stored.at["D01", "net_low_t"], stored.at["D01", "net_high_t"])
    assert f"(95%: {shown} t CO2e/yr)" in widget.summary_label.text()
    assert "carbonledger:uncertainty" in widget.summary_label.text()
    assert "Monte Carlo" in widget.summary_label.text() and "iterations 400" in widget.summary_label.text()
    assert widget.hierarchy.item(1, 5).text() == shown
    compared = ledger_view.scenario_comparison(ledger_module.Ledger(path), ["baseline"])
    city = compared.iloc[0]
    assert (city["net_low_t"], city["net_high_t"]) == (stored.at["C", "net_low_t"], stored.at["C", "net_high_t"])
    assert "montecarlo" in city["interval_method"]
    widget.close()


def test_compared_with_a_scenario_every_row_has_approach_1_intervals(qgis_app, tmp_path):
    """Beside a scenario the Monte Carlo baseline's row has its Approach 1 interval, as the scenario's row: the same
    method in every row. The baseline's Approach 1 interval is the one its entries give with nothing stored."""
    from urban_carbon_ledger.algorithms.ledger import store as ledger_module
    from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty
    from urban_carbon_ledger.algorithms.reports import ledger_view
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario, edits_from_frame

    path, _project, _layers = styled_ledger(tmp_path)
    run_uncertainty(path, "montecarlo", iterations=400, seed=7)
    apply_scenario(path, "retrofit", edits_from_frame(pd.DataFrame({
        "unit_id": ["D01-B01-P01-G01"], "measure_id": ["building_retrofit"], "parameters": ['{"cut_electricity": 0.2}'],
        "row": [1],
    })))
    ledger = ledger_module.Ledger(path)
    both = ledger_view.scenario_comparison(ledger, ["baseline", "retrofit"]).set_index("scenario")
    assert (both["interval_method"] == ledger_view.APPROACH1_NOTE).all()
    view = ledger_view.LedgerView(ledger_view.read_entries(ledger), ledger_view.read_hierarchy(ledger))
    city = view.totals.loc[ledger_view.top_unit(ledger_view.read_hierarchy(ledger))]
    assert (both.at["baseline", "net_low_t"], both.at["baseline", "net_high_t"]) == (city["net_low_t"],
                                                                                     city["net_high_t"])
    stored = ledger_view.scenario_comparison(ledger, ["baseline"]).iloc[0]
    assert stored["net_low_t"] != city["net_low_t"]  # the Monte Carlo's, stored: what made the rows jump


def test_the_dock_in_chinese_names_levels_and_sectors(qgis_app, tmp_path):
    """With the zh translation the summary names the level (区 for a district) and the tree the
    sectors (电力 for electricity, 道路交通 for road traffic) and its columns (t CO2e/年)."""
    from qgis.PyQt.QtCore import QCoreApplication

    from urban_carbon_ledger.ui import i18n

    translator = i18n.install_translator("zh")
    try:
        path, project, layers = styled_ledger(tmp_path)
        widget = LedgerDock()
        widget.set_ledger(path, (layers["units"], layers["links"]))
        wait_for(lambda: widget.current_view() is not None)
        widget.show_unit("D01")
        assert "（区）" in widget.summary_label.text() and "IPCC 方法 1" in widget.summary_label.text()
        names = [cells["name"] for depth, cells in _tree_rows(widget.tree) if depth == 1]
        assert names[:2] == ["电力", "道路交通"]
        assert widget.tree.headerItem().text(1) == "t CO2e/年"
        widget.close()
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_unit_lists_its_largest_children_and_counts_the_rest(dock, monkeypatch):
    """With CHILDREN_SHOWN = 2, D01 lists its two children of largest |net| (by hand, as above: D01-B01 463.3,
    D01-L01 400.0 t CO2e/yr) and one row for the third (D01-B02, 200.0): a district of the city of 1,000,000
    parcels has 15,677 children, whose rows froze the desktop for seconds."""
    from urban_carbon_ledger.ui import ledger_family

    monkeypatch.setattr(ledger_family, "CHILDREN_SHOWN", 2)
    dock.show_unit("D01")
    rows = [[dock.hierarchy.item(r, c).text() for c in (0, 1, 4)] for r in range(dock.hierarchy.rowCount())]
    assert rows == [["parent", "C", "2,072"], ["this unit", "D01", "1,063"], ["child", "D01-B01", "463.3"],
                    ["child", "D01-L01", "400"], ["1 more children", "", ""]]



def test_a_widened_dock_puts_the_intervals_back_on_one_line(qgis_app):
    """The entries tree narrowed (its intervals wrapped) and widened again: each interval on one line. Before,
    fitting a column to its contents measured its wrapped texts in its narrow width, so it never grew back."""
    import pandas as pd
    from qgis.PyQt.QtWidgets import QApplication

    from urban_carbon_ledger.ui import ledger_tree

    groups = pd.DataFrame({"flow": ["source", "source"], "sector": ["road_traffic", "residential"],
                           "co2e_t": [6514581.5, 1992865.1], "low_t": [5502390.3, 1818050.6],
                           "high_t": [8181234.0, 2194321.0], "entries": [1, 1]})
    tree = ledger_tree.EntriesTree()
    tree.setHeaderLabels(ledger_tree.headers("")[0])
    tree.resize(200, 300)
    tree.show()
    ledger_tree.fill(tree, ledger_tree.ordered_groups(groups), pd.DataFrame(columns=["flow", "sector", *COLUMNS]), None)
    QApplication.processEvents()
    spread, text = COLUMNS.index("interval"), "5.502\u00a0M to 8.181\u00a0M"
    one_line = tree.fontMetrics().horizontalAdvance(text)
    assert tree.topLevelItem(0).child(0).text(spread) == text and 0 < tree.columnWidth(spread) < one_line  # wrapped
    tree.resize(900, 300)
    QApplication.processEvents()
    assert tree.columnWidth(spread) > one_line
    tree.close()


def test_a_district_too_large_for_a_click_has_its_children_read_with_its_entries(dock, monkeypatch):
    """A district whose subtree is read in a task (SMALL_SUBTREE 1 stands for the 25,000 units and links of a
    district of the 100,000-parcel city): the click shows its parent and itself at once and reads its children
    (17,500 there: 0.3 s of the 2 s the desktop froze) in the task, with its entries; by hand as above: D01-B01
    463.3, D01-L01 400, D01-B02 200 t CO2e/yr."""
    from urban_carbon_ledger.algorithms.reports import stored_view

    monkeypatch.setattr(stored_view, "SMALL_SUBTREE", 1)
    dock.show_unit("D01")
    rows = [[dock.hierarchy.item(r, c).text() for c in (0, 1, 4)] for r in range(dock.hierarchy.rowCount())]
    assert rows == [["parent", "C", "2,072"], ["this unit", "D01", "1,063"]]
    assert "Reading the entries of D01" in dock.summary_label.text()
    wait_for(lambda: dock.tree.topLevelItemCount() > 0)
    rows = [[dock.hierarchy.item(r, c).text() for c in (0, 1, 4)] for r in range(dock.hierarchy.rowCount())]
    assert rows == [["parent", "C", "2,072"], ["this unit", "D01", "1,063"], ["child", "D01-B01", "463.3"],
                    ["child", "D01-L01", "400"], ["child", "D01-B02", "200"]]


def test_a_scenario_outlines_its_edited_units_on_the_baseline_map(qgis_app, tmp_path):
    """The map is styled from the baseline's stored totals: while the dock shows a scenario it says so, and outlines
    the unit the scenario edited; back on the baseline the outline goes."""
    from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario, edits_from_frame

    path, _project, layers = styled_ledger(tmp_path)
    apply_scenario(path, "retrofit", edits_from_frame(pd.DataFrame({
        "unit_id": ["D01-B01-P01-G01"], "measure_id": ["building_retrofit"], "parameters": ['{"cut_electricity": 0.2}'],
        "row": [1]})))
    widget, loaded = LedgerDock(QgsMapCanvas()), []
    widget.viewLoaded.connect(loaded.append)
    widget.set_ledger(path, (layers["units"], layers["links"]))
    wait_for(lambda: "baseline" in loaded)
    assert widget.edited_highlight.unit_ids == [] and "outlined" not in widget.summary_label.text()
    widget.set_scenario("retrofit")
    wait_for(lambda: "retrofit" in loaded)
    assert widget.edited_highlight.unit_ids == ["D01-B01-P01-G01"]
    assert ("The map shows the baseline; the unit this scenario edits is outlined in dark blue."
            in widget.summary_label.text())
    widget.set_scenario("baseline")
    assert widget.edited_highlight.unit_ids == [] and "outlined" not in widget.summary_label.text()
    widget.close()
