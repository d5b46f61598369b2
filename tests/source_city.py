"""The tiny hand-made city of the source-accounting tests: every number in it is chosen so that the
expected entries can be worked out by hand (tests/test_sources.py and the tests beside it)."""
import geopandas as gpd
import pandas as pd
import shapely

from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger

CRS = "EPSG:4547"
GRID = 0.5271  # china_grid_central_2023, kg CO2/kWh
COLUMNS = ["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct", "year", "proxy"]


def box(x, y, size=10.0):
    return shapely.box(x, y, x + size, y + size)


def make_source_ledger(tmp_path):
    """City C > district D01 > three residential buildings (floor area 1000, 3000, 6000 m2; 30, 30, 40
    residents), one industrial building, two road links (1000 m x 10,000 veh/day arterial, 500 m x
    20,000 local); district D02 > one residential building (2000 m2, 50 residents)."""
    path = str(tmp_path / "ledger.gpkg")
    create_ledger(path, CRS)
    units = gpd.GeoDataFrame({
        "unit_id": ["C", "D01", "D01-G1", "D01-G2", "D01-G3", "D01-G4", "D02", "D02-G5"],
        "parent_id": [None, "C", "D01", "D01", "D01", "D01", "C", "D02"],
        "level": ["city", "district", "building", "building", "building", "building", "district", "building"],
        "land_use": [None, None, "residential", "residential", "residential", "industrial", None, "residential"],
        "source_id": [None, "D01", "B1", "B2", "B3", "B4", "D02", "B5"],
        "floor_area_m2": [None, None, 1000.0, 3000.0, 6000.0, 5000.0, None, 2000.0],
        "population": [None, 100.0, 30.0, 30.0, 40.0, 0.0, 50.0, 50.0],
    }, geometry=[box(0, 0, 2000), box(0, 0, 1000), box(10, 10), box(30, 10), box(50, 10), box(70, 10),
                 box(1000, 0, 1000), box(1010, 10)], crs=CRS)
    links = gpd.GeoDataFrame({
        "unit_id": ["D01-L1", "D01-L2"], "parent_id": ["D01", "D01"], "level": ["link", "link"],
        "source_id": ["R1", "R2"], "road_class": ["arterial", "local"], "length_m": [1000.0, 500.0],
        "aadt": [10000.0, 20000.0],
    }, geometry=[shapely.LineString([(0, 0), (1000, 0)]), shapely.LineString([(0, 5), (500, 5)])], crs=CRS)
    with Ledger(path).transaction("test:setup") as writer:
        writer.append_rows("units", units)
        writer.append_rows("links", links)
    return path


def activity(*rows):
    return pd.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in rows], columns=COLUMNS)


def entries(path):
    return Ledger(path).read_table("entries").set_index("entry_id")
