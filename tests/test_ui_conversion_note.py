"""The chessboard dock says what a land-use conversion keeps: the buildings on the parcel and their emissions."""
from test_ui_chessboard_dock import setup  # noqa: F401 (the dock on the hand-made ledger)
from ui_ledger_builder import previewed, save_screenshot
from urban_carbon_ledger.ui import i18n
from urban_carbon_ledger.ui.conversion_note import kept_buildings_note


def test_a_park_preview_and_edit_name_the_buildings_kept(setup, tmp_path):  # noqa: F811
    """Parcel D01-B01-P01 holds building G01, 1,000,000 kWh x 0.5 kg/kWh = 500 t CO2e/yr (ui_ledger_builder);
    a pocket park there keeps it: the preview and the applied edit say so, a countdown on a link does not."""
    dock = setup[0]
    dock.set_measure("land_use_conversion")
    dock.set_units(["D01-B01-P01"])
    line = "1 building on the converted parcel keeps its 500 t CO2e/yr"
    assert line in previewed(dock)
    dock.apply_edit()
    assert line in dock.preview_label.text()
    save_screenshot(dock.preview_label, tmp_path, "chessboard_park_keeps_buildings.png", size=(400, 170))
    dock.set_units(["D01-B01-P01", "D02-B01-P01"])  # two parcels with a building each: 500 + 1,000 t
    assert "2 buildings on the converted parcels keep their 1,500 t CO2e/yr" in previewed(dock)
    dock.set_measure("signal_countdown")
    dock.set_units(["D01-L01"])
    assert "keep" not in previewed(dock)


def test_the_note_in_chinese(qgis_app):
    translator = i18n.install_translator("zh")
    try:
        text = kept_buildings_note({"buildings_kept": 3, "buildings_kept_t": 1234.0})
    finally:
        i18n.QCoreApplication.removeTranslator(translator)
    assert text == "改造地块上的 3 栋建筑保留其 1,234 t CO2e/年：改造只重新种植地面，建筑及其条目保持不变。"
    assert kept_buildings_note({"buildings_kept": 0, "buildings_kept_t": 0.0}) == ""


def test_the_note_counts_buildings_and_parcels_apart(qgis_app):
    """One parcel with three buildings is 'the converted parcel' (a tester read 'parcels' for one parcel); two
    parcels with one building between them, 'the converted parcels'."""
    three = kept_buildings_note({"buildings_kept": 3, "buildings_kept_t": 12.5}, parcels=1)
    assert three.startswith("3 buildings on the converted parcel keep their 12.5 t CO2e/yr")
    one = kept_buildings_note({"buildings_kept": 1, "buildings_kept_t": 500.0}, parcels=2)
    assert one.startswith("1 building on the converted parcels keeps its 500 t CO2e/yr")
