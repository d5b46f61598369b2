"""Small hand-made ledgers for the MRV tests (uncertainty, verification, report).

City ``C`` with districts ``D1`` and ``D2``; D1 holds block ``D1-B1`` with buildings
``D1-B1-G1`` and ``D1-B1-G2`` and a park parcel ``D1-B1-P1``; D2 holds building ``D2-G1`` and
road link ``D2-L1``. Entries go through ``entries.finalize_entries``; the hand-worked values:

* D1-B1-G1 electricity: 1,000 MWh (900-1,100) x 0.5 t CO2/MWh (0.45-0.55) = 500 t CO2e/yr;
  Approach 1: sqrt(0.1^2 + 0.1^2) = 14.142% each side -> 429.289 to 570.711 t.
* D1-B1-G2 electricity: 400 MWh (exact) x 0.5 = 200 t, factor only -> 180 to 220 t.
* D1-B1-P1 canopy sink: 4 ha (exact) x 2.5 t C/ha/yr (2.0-3.0) x -44/12 = -36.667 t; -44 to -29.333 t.
* D2-G1 natural gas: 10 TJ (9.5-10.5) x 56.1 t CO2/TJ (54.3-58.3) = 561 t.
* D2-L1 traffic: 2,000,000 vkm (exact) x 0.0002 t CO2/vkm (0.00018-0.00022) = 400 t; 360 to 440 t.
* D2-G1 avoided cooling: 100 MWh (exact) x 0.5 x -1 = -50 t, flow ``avoided`` (kept out of the net).
"""
import geopandas as gpd
import pandas as pd
import shapely

from urban_carbon_ledger.algorithms.ledger import entries as entries_module
from urban_carbon_ledger.algorithms.ledger import store as ledger_module
from urban_carbon_ledger.algorithms.ledger import schema, totals
from urban_carbon_ledger.algorithms.mrv import uncertainty

X0, Y0 = 500000.0, 3380000.0
COMPUTED_AT = "2026-11-23T12:00:00+00:00"

FACTORS = pd.DataFrame([
    ("grid", 0.5, "t CO2/MWh", 0.45, 0.55, "normal", "test: hand-made grid factor"),
    ("canopy", 2.5, "t C/ha/yr", 2.0, 3.0, "triangular", "test: hand-made canopy uptake"),
    ("gas", 56.1, "t CO2/TJ", 54.3, 58.3, "lognormal", "test: IPCC 2006 Vol 2 Table 2.2 natural gas"),
    ("traffic", 0.0002, "t CO2/vkm", 0.00018, 0.00022, "uniform", "test: hand-made fleet factor"),
], columns=["factor_id", "value", "unit", "low", "high", "distribution", "source"]).assign(year=2023, region="test")

UNITS = [
    ("C", None, "city", (0, 0, 2000, 1000)),
    ("D1", "C", "district", (0, 0, 1000, 1000)),
    ("D2", "C", "district", (1000, 0, 1000, 1000)),
    ("D1-B1", "D1", "block", (0, 0, 1000, 500)),
    ("D1-B1-G1", "D1-B1", "building", (100, 100, 100, 100)),
    ("D1-B1-G2", "D1-B1", "building", (300, 100, 100, 100)),
    ("D1-B1-P1", "D1-B1", "parcel", (500, 0, 500, 500)),
    ("D2-G1", "D2", "building", (1100, 100, 100, 100)),
]


def row(unit_id, flow, sector, gpc, scope, carrier, activity, unit, low, high, factor_id, conversion, **extra):
    """One accounting row as finalize_entries takes it."""
    return {
        "unit_id": unit_id, "flow": flow, "sector": sector, "gpc_sector": gpc, "scope": scope, "carrier": carrier,
        "activity": activity, "activity_unit": unit, "activity_low": low, "activity_high": high,
        "factor_id": factor_id, "conversion": conversion, "conversion_note": "test", "method": "test", **extra,
    }


ROWS = [
    row("D1-B1-G1", "source", "residential", "I.1", 2, "electricity", 1000.0, "MWh", 900.0, 1100.0, "grid", 1.0),
    row("D1-B1-G2", "source", "commercial", "I.2", 2, "electricity", 400.0, "MWh", 400.0, 400.0, "grid", 1.0),
    row("D1-B1-P1", "sink", "urban_green", "V", 1, "tree_canopy", 4.0, "ha", 4.0, 4.0, "canopy", -44.0 / 12.0),
    row("D2-G1", "source", "commercial", "I.2", 1, "natural_gas", 10.0, "TJ", 9.5, 10.5, "gas", 1.0),
    row("D2-L1", "source", "road_traffic", "II.1", 1, "gasoline", 2_000_000.0, "vkm", 2_000_000.0, 2_000_000.0,
        "traffic", 1.0),
    row("D2-G1", "avoided", "cooling", "I.2", 2, "electricity", 100.0, "MWh", 100.0, 100.0, "grid", -1.0,
        related_unit_id="D1-B1-P1"),
]


def units_frame(units=UNITS):
    """GeoDataFrame of ``units`` given as (unit_id, parent_id, level, (x, y, w, h)) in metres."""
    frame = pd.DataFrame([u[:3] for u in units], columns=["unit_id", "parent_id", "level"])
    frame["name"] = frame["unit_id"]
    geometry = [shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h) for *_, (x, y, w, h) in units]
    frame["area_m2"] = shapely.area(geometry)
    frame["land_use"] = frame["level"].map({"building": "residential", "parcel": "park"})
    frame["floors"] = (frame["level"] == "building") * 3
    frame["floor_area_m2"] = frame["area_m2"] * frame["floors"]
    frame["source_id"] = frame["unit_id"].where(frame["level"] == "building").str.replace("-", "_")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4547")


def links_frame():
    line = shapely.LineString([(X0 + 1000, Y0 + 500), (X0 + 2000, Y0 + 500)])
    frame = pd.DataFrame({"unit_id": ["D2-L1"], "parent_id": ["D2"], "level": ["link"], "road_class": ["arterial"],
                          "length_m": [1000.0]})
    return gpd.GeoDataFrame(frame, geometry=[line], crs="EPSG:4547")


def build(path, rows=ROWS, factors=FACTORS, units=UNITS, links=True, land_use=None):
    """Create a ledger at ``path`` with ``units`` (``land_use``: {unit_id: class} set on them before any
    entry is fingerprinted), the link, and the entries of ``rows``; return its Ledger."""
    ledger_module.create_ledger(path, "EPSG:4547")
    ledger = ledger_module.Ledger(path)
    table = factors.set_index("factor_id", drop=False)
    frame = units_frame(units)
    if land_use:
        frame["land_use"] = frame["unit_id"].map(land_use)
    with ledger.transaction("test:build", {"rows": len(rows)}) as writer:
        writer.append_rows("units", frame)
        if links:
            writer.append_rows("links", links_frame())
        if rows:
            entries = entries_module.finalize_entries(pd.DataFrame(rows), table, "baseline", writer.run_id, COMPUTED_AT)
            writer.append_rows("entries", entries.reindex(columns=schema.columns("entries")))
            totals.write_unit_totals(writer)
        writer.append_rows("factors", factors[[c for c in schema.columns("factors") if c in factors.columns]])
    return ledger


def baseline_texts(ledger):
    """(entries, factors, hierarchy) of the baseline as the Monte Carlo takes them, read plainly as texts: the entries
    with fid and ``uncertainty.ENTRY_COLUMNS``, the factors table, unit_id and parent_id of every unit and link. A
    reading independent of the step's own (``uncertainty.read_baseline``: units and entries as codes)."""
    entries = ledger.read_table("entries", ["fid", *uncertainty.ENTRY_COLUMNS], {"scenario": "baseline"})
    factors = ledger.read_table("factors", columns=["factor_id", "value", "low", "high", "distribution"])
    return entries, factors, ledger.hierarchy(with_links=True)[["unit_id", "parent_id"]]
