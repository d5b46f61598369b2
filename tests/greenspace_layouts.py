"""Tiny hand-made ledgers for the green-space tests: squares at known places, known cover and uptake."""
import geopandas as gpd
import pandas as pd
import shapely

from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger

CRS = "EPSG:4547"
X0, Y0 = 500000.0, 3380000.0
"""Origin of the layouts (metres, CGCS2000 / 3-degree GK CM 114E, near Wuhan)."""

GRID_ROW = {
    "factor_id": "china_grid_central_2023", "value": 0.5271, "unit": "kg CO2/kWh", "low": 0.5, "high": 0.55,
    "distribution": "normal", "source": "MEE/NBS 2023 Central grid average (test row)", "year": 2023,
    "region": "Central",
}


def box(x, y, width, height):
    """A rectangle with its lower-left corner at (X0 + x, Y0 + y), metres."""
    return shapely.box(X0 + x, Y0 + y, X0 + x + width, Y0 + y + height)


def unit(unit_id, geometry, level="parcel", parent_id=None, land_use=None, population=None, built_year=None):
    """One units row."""
    return {
        "unit_id": unit_id, "parent_id": parent_id, "level": level, "land_use": land_use,
        "area_m2": geometry.area, "population": population, "built_year": built_year, "geometry": geometry,
    }


def make_ledger(path, units, cover=None, sinks=None):
    """A ledger at ``path`` with ``units`` (list of unit() rows), cover {unit_id: {class: m2}} in
    unit_stats and sinks {unit_id: t CO2e/yr (negative)} as baseline sink entries."""
    create_ledger(path, CRS)
    ledger = Ledger(path)
    frame = gpd.GeoDataFrame(pd.DataFrame(units), geometry="geometry", crs=ledger.crs_wkt)
    stats = pd.DataFrame(
        [{"unit_id": u, "stat": f"area_m2:{c}", "value": m2, "value_unit": "m2"}
         for u, classes in (cover or {}).items() for c, m2 in classes.items()],
        columns=["unit_id", "stat", "value", "value_unit"],
    )
    entries = pd.DataFrame(
        [{"entry_id": f"baseline/{u}/sink", "unit_id": u, "scenario": "baseline", "flow": "sink",
          "sector": "sequestration", "co2e_t": t, "low_t": 1.2 * t, "high_t": 0.8 * t}
         for u, t in (sinks or {}).items()],
        columns=["entry_id", "unit_id", "scenario", "flow", "sector", "co2e_t", "low_t", "high_t"],
    )
    with ledger.transaction("test:layout") as writer:
        writer.append_rows("units", frame)
        writer.append_rows("unit_stats", stats)
        writer.append_rows("entries", entries)
    return ledger


def grid_parameters(**rows):
    """A PARAMETERS table holding the test grid row plus rows {factor_id: value} (low = high = value)."""
    table = [GRID_ROW] + [
        {"factor_id": k, "value": v, "unit": "", "low": v, "high": v, "distribution": "uniform",
         "source": "test", "year": 2024, "region": "test"}
        for k, v in rows.items()
    ]
    return pd.DataFrame(table)
