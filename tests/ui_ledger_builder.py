"""A small hand-made ledger for the desktop tests: two districts, blocks, parcels, buildings, links.

Coordinates are metres in EPSG:4547 around (500000, 3380000). Every entry goes through
``entries.finalize_entries`` with the factor rows below, so the values are worked out by hand:

* building D01-B01-P01-G01: electricity 1,000,000 kWh x 0.5 kg CO2/kWh / 1000 = 500 t CO2e/yr,
  factor interval 0.45-0.55 and an exact activity, so the entry's interval is 450-550 t.
* parcel D01-B01-P02 (a park): 4 ha of canopy x 2.5 t C/ha/yr x -44/12 = -36.6667 t CO2e/yr,
  factor interval 2.0-3.0, so -44.0 to -29.3333 t.
* link D01-L01: 2,000,000 vkm x 0.2 kg CO2/vkm / 1000 = 400 t, factor interval 0.18-0.22 -> 360-440 t.
"""
import pandas as pd
import shapely
import geopandas as gpd

from urban_carbon_ledger.algorithms.ledger import entries as entries_module
from urban_carbon_ledger.algorithms.ledger import store as ledger_module
from urban_carbon_ledger.algorithms.ledger import totals

X0, Y0 = 500000.0, 3380000.0

FACTORS = pd.DataFrame([
    {"factor_id": "test_grid", "value": 0.5, "unit": "kg CO2/kWh", "low": 0.45, "high": 0.55,
     "distribution": "normal", "source": "test: hand-made grid factor", "year": 2023, "region": "test"},
    {"factor_id": "test_canopy", "value": 2.5, "unit": "t C/ha/yr", "low": 2.0, "high": 3.0,
     "distribution": "triangular", "source": "test: hand-made canopy uptake", "year": 2023, "region": "test"},
    {"factor_id": "test_traffic", "value": 0.2, "unit": "kg CO2/vkm", "low": 0.18, "high": 0.22,
     "distribution": "normal", "source": "test: hand-made fleet factor", "year": 2023, "region": "test"},
]).set_index("factor_id", drop=False)


def _box(x, y, w, h):
    return shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h)


def _units():
    rows = [("C", None, "city", "Test city", _box(0, 0, 2000, 1000))]
    for d, dx in (("D01", 0), ("D02", 1000)):
        rows.append((d, "C", "district", f"District {d}", _box(dx, 0, 1000, 1000)))
        for b, by in (("B01", 0), ("B02", 500)):
            block = f"{d}-{b}"
            rows.append((block, d, "block", None, _box(dx, by, 1000, 500)))
            for p, px in (("P01", 0), ("P02", 500)):
                parcel = f"{block}-{p}"
                rows.append((parcel, block, "parcel", None, _box(dx + px, by, 500, 500)))
                if p == "P01":
                    rows.append((f"{parcel}-G01", parcel, "building", None, _box(dx + px + 100, by + 100, 200, 200)))
    frame = pd.DataFrame(rows, columns=["unit_id", "parent_id", "level", "name", "geometry"])
    frame["area_m2"] = shapely.area(frame["geometry"].to_numpy())
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4547")


def _links():
    rows = [
        ("D01-L01", "D01", "link", "Test avenue", shapely.LineString([(X0, Y0 + 500), (X0 + 1000, Y0 + 500)])),
        ("D02-L01", "D02", "link", "Test road", shapely.LineString([(X0 + 1000, Y0 + 500), (X0 + 2000, Y0 + 500)])),
    ]
    frame = pd.DataFrame(rows, columns=["unit_id", "parent_id", "level", "name", "geometry"])
    frame["road_class"] = ["arterial", "local"]
    frame["length_m"] = shapely.length(frame["geometry"].to_numpy())
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4547")


def _row(unit_id, flow, sector, carrier, activity, unit, factor_id, conversion, note):
    return {
        "unit_id": unit_id, "flow": flow, "sector": sector, "gpc_sector": "I.1" if flow == "source" else "V",
        "scope": 2 if carrier == "electricity" else 1, "carrier": carrier, "activity": activity,
        "activity_unit": unit, "activity_low": activity, "activity_high": activity, "factor_id": factor_id,
        "conversion": conversion, "conversion_note": note, "method": "test",
    }


def _accounting_rows():
    rows = [
        _row("D01-B01-P01-G01", "source", "electricity", "electricity", 1_000_000.0, "kWh", "test_grid", 0.001,
             "kg -> t"),
        _row("D01-B01-P02", "sink", "urban_green", "tree_canopy", 4.0, "ha", "test_canopy", -44.0 / 12.0,
             "t C -> t CO2, sink"),
        _row("D01-L01", "source", "road_traffic", "gasoline", 2_000_000.0, "vkm", "test_traffic", 0.001, "kg -> t"),
        _row("D01-B02-P01-G01", "source", "electricity", "electricity", 400_000.0, "kWh", "test_grid", 0.001,
             "kg -> t"),
        _row("D02-B01-P01-G01", "source", "electricity", "electricity", 2_000_000.0, "kWh", "test_grid", 0.001,
             "kg -> t"),
        _row("D02-B02-P02", "sink", "urban_green", "tree_canopy", 10.0, "ha", "test_canopy", -44.0 / 12.0,
             "t C -> t CO2, sink"),
        _row("D02-L01", "source", "road_traffic", "gasoline", 500_000.0, "vkm", "test_traffic", 0.001, "kg -> t"),
    ]
    return pd.DataFrame(rows)


def build_ledger(path):
    """Create the hand-made ledger at ``path`` (a .gpkg) and return its ``ledger.Ledger``."""
    ledger_module.create_ledger(path, "EPSG:4547")
    ledger = ledger_module.Ledger(path)
    with ledger.transaction("test:build") as writer:
        writer.append_rows("units", _units())
        writer.append_rows("links", _links())
        entries = entries_module.finalize_entries(
            _accounting_rows(), FACTORS, "baseline", writer.run_id, "2026-11-23T12:00:00+00:00"
        )
        writer.append_rows("entries", entries.reindex(columns=ledger_module.schema.columns("entries")))
        writer.append_rows("factors", FACTORS.reset_index(drop=True))
        totals.write_unit_totals(writer)
    return ledger


def wait_for(condition, timeout=30.0):
    """Process Qt events until ``condition()`` is true (QgsTask callbacks arrive as events)."""
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out waiting for the GUI task")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def tasks_done():
    """Wait until QGIS runs no task (a test's last preview, say): a task thread alive at exit aborts Python."""
    from qgis.core import QgsApplication

    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0)


def previewed(dock):
    """Wait until the chessboard ``dock``'s preview (a QgsTask) is shown; returns the dock's preview text."""
    wait_for(lambda: not dock.previews.busy())
    return dock.preview_label.text()


def save_screenshot(widget, tmp_path, name, size=(900, 620)):
    """Render ``widget`` to tmp_path/name (PNG), and also to $UCL_SCREENSHOTS/name when that is set."""
    import os

    from qgis.PyQt.QtCore import QCoreApplication

    widget.resize(*size)
    widget.show()
    for _ in range(5):
        QCoreApplication.processEvents()
    image = widget.grab()
    paths = [os.path.join(str(tmp_path), name)]
    if os.environ.get("UCL_SCREENSHOTS"):
        os.makedirs(os.environ["UCL_SCREENSHOTS"], exist_ok=True)
        paths.append(os.path.join(os.environ["UCL_SCREENSHOTS"], name))
    for path in paths:
        assert image.save(path), path
    return paths[0]


def styled_ledger(tmp_path):
    """The hand-made ledger at tmp_path/ledger.gpkg, its layers loaded and styled in a new project.

    Returns (path, project, layers) with layers as load_ledger_layers gives them.
    """
    from qgis.core import QgsProject

    from urban_carbon_ledger.ui.layers import load_ledger_layers

    path = str(tmp_path / "ledger.gpkg")
    build_ledger(path)
    project = QgsProject()
    return path, project, load_ledger_layers(path, project)
