"""The two runs that the scale-out tests and ``benchmarks/check_scale_out.py`` compare: a ledger
accounted on a single machine and a copy accounted on a Dask cluster, compared exactly, as stored.

``run_both`` accounts one copy here (``sources.account_sources``, ``sinks.account_sinks``,
``service_flows.account_service_flows``, ``indirect_benefits.account_indirect_benefits``) and the
other on a cluster (``scale_out.account_sources_distributed``, ``account_sinks_distributed``,
``account_service_flows_distributed``, ``account_indirect_benefits_distributed``), then the Monte
Carlo on both with the same seed. ``differences`` compares every column of ``entries`` but run_id
and computed_at (values, Approach-1 and Monte Carlo intervals, fingerprints, entry ids), of
``stocks``, ``unit_stats`` and the four service tables but run_id, and the totals of ``units``
and ``links``. ``segmented_ledger`` segments layers without QGIS; ``synthetic_activity`` is an
activity table for a generated city (``synthetic_city.py``); ``teaching_district_inputs`` are the
activity, facilities and sink options of the bundled teaching district.
"""
import collections
import os
import shutil
import sqlite3
import time

import geopandas as gpd
import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.units import segment_units as segmentation
from urban_carbon_ledger.algorithms.sinks import accounting as sinks
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.algorithms.greenspace.indirect_benefits import account_indirect_benefits
from urban_carbon_ledger.algorithms.scale_out.dask_pipeline import (
    MAX_GREEN_UNITS,
    MAX_ROWS,
    account_indirect_benefits_distributed,
    account_service_flows_distributed,
    account_sinks_distributed,
    account_sources_distributed,
)
from urban_carbon_ledger.algorithms.greenspace.service_flows import account_service_flows
from urban_carbon_ledger.algorithms.sources.accounting import account_sources
from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "sample")
FIELDS = segmentation.UnitFields(code="code", name="name", road_id="road_id", road_name="name",
                                 building_id="building_id", building_use="use", floors="floors",
                                 population="population", built_year="built_year")
ITERATIONS, SEED = 200, 7
COMPARED = {
    "entries": "SELECT * FROM entries ORDER BY fid",
    "stocks": "SELECT * FROM stocks ORDER BY fid",
    "unit_stats": "SELECT * FROM unit_stats ORDER BY fid",
    "units": "SELECT unit_id, source_t, sink_t, net_t, net_low_t, net_high_t FROM units ORDER BY fid",
    "links": "SELECT unit_id, source_t, sink_t, net_t, net_low_t, net_high_t FROM links ORDER BY fid",
    **{table: f"SELECT * FROM {table} ORDER BY fid"
       for table in ("service_access", "service_districts", "service_flow_matrix", "service_flows")},
}
"""What is compared, table by table; run_id and computed_at are dropped (they name the run)."""


def segmented_ledger(path, districts, roads, landuse, buildings, crs):
    """A ledger with the units and links of segmentunits (no QGIS needed); returns its path."""
    def numbered(frame):
        return frame.assign(row=np.arange(1, len(frame) + 1))

    result = segmentation.segment_units(numbered(districts), numbered(roads), numbered(landuse), numbered(buildings),
                                        crs=crs, fields=FIELDS)
    create_ledger(path, crs)
    segmentation.write_units(Ledger(path), result)
    return path


def synthetic_activity(ledger_path):
    """District residential electricity and gas, city commercial electricity (5 buildings metered)
    and city vehicle-km (3 links counted): both forms, nested subtraction, three gases (made up)."""
    units = Ledger(ledger_path).read_table("units")
    links = Ledger(ledger_path).read_table("links")
    buildings = units[units["level"] == "building"]
    district = buildings["unit_id"].str.split("-").str[0]
    rows = []
    for code, group in buildings.groupby(district):
        people = float(group["population"].fillna(0).sum())
        rows.append((f"E-{code}", code, "residential", "electricity", 1_000 * people + 1, "kWh", "5", "floor_area"))
        rows.append((f"G-{code}", code, "residential", "natural_gas", 60 * people + 1, "m3", "10", "population"))
    commercial = buildings[buildings["land_use"] == "commercial"].sort_values("unit_id")
    rows.append(("E-COM", "", "commercial", "electricity", 100 * commercial["floor_area_m2"].sum(), "kWh", "5",
                 "floor_area"))
    for _, building in commercial.head(5).iterrows():
        rows.append((f"M-{building['source_id']}", building["source_id"], "commercial", "electricity",
                     90 * building["floor_area_m2"], "kWh", "2", ""))
    rows.append(("V-CITY", "", "road_traffic", "vkm", float((links["length_m"] * links["aadt"]).sum() * 0.4), "vkm",
                 "15", "traffic"))
    for _, link in links.sort_values("unit_id").head(3).iterrows():
        rows.append((f"C-{link['source_id']}", link["source_id"], "road_traffic", "vkm", link["aadt"], "veh/day", "5",
                     ""))
    frame = pd.DataFrame(rows, columns=["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct",
                                        "proxy"])
    return frame.assign(year="2024").astype(str)


def differences(path_a, path_b):
    """{table: what differs} between two ledgers over COMPARED (empty when they are equal to the bit)."""
    found = {}
    for table, query in COMPARED.items():
        frames = []
        for path in (path_a, path_b):
            with sqlite3.connect(path) as connection:
                frames.append(pd.read_sql_query(query, connection).drop(columns=["fid", "run_id", "computed_at"],
                                                                        errors="ignore"))
        a, b = frames
        if a.shape != b.shape or list(a.columns) != list(b.columns):
            found[table] = f"shape {a.shape} != {b.shape}"
            continue
        unequal = ~((a == b) | (a.isna() & b.isna())).all(axis=1)
        if unequal.any():
            first = int(np.flatnonzero(unequal.to_numpy())[0])
            found[table] = f"{int(unequal.sum())} of {len(a)} rows differ, first row {first}"
    return found


Runs = collections.namedtuple("Runs", "expected got single spread seconds_here seconds_there")
"""Results of ``run_both``: summaries of each step here and on the cluster, the two ledger paths,
and the accounting time (s) of each path (not the Monte Carlo)."""


def run_both(folder, ledger_path, client, activity=None, facilities=None, sink=None, max_rows=MAX_ROWS,
             max_units=sinks.MAX_UNITS, flows=None, benefits=None, max_green_units=MAX_GREEN_UNITS,
             iterations=ITERATIONS, seed=SEED):
    """Account a copy of the ledger here and a copy on ``client``: sources (with an ``activity``
    table), then sinks (with ``sink``, keyword arguments of account_sinks), service flows (with
    ``flows``, keyword arguments of account_service_flows), indirect benefits (with ``benefits``,
    of account_indirect_benefits), then the Monte Carlo on both with the same seed. Returns Runs."""
    single, spread = os.path.join(folder, "single.gpkg"), os.path.join(folder, "spread.gpkg")
    shutil.copy(ledger_path, single)
    shutil.copy(ledger_path, spread)
    expected, got = [], []
    started = time.perf_counter()
    if activity is not None:
        expected.append(account_sources(single, activity, 2024, facilities=facilities, grid_year=2023))
    if sink is not None:
        expected.append(sinks.account_sinks(single, max_units=max_units, **sink))
    if flows is not None:
        expected.append(account_service_flows(Ledger(single), **flows))
    if benefits is not None:
        expected.append(account_indirect_benefits(Ledger(single), **benefits))
    here = time.perf_counter() - started
    started = time.perf_counter()
    if activity is not None:
        got.append(account_sources_distributed(client, spread, activity, 2024, facilities=facilities,
                                               max_rows=max_rows, grid_year=2023))
    if sink is not None:
        got.append(account_sinks_distributed(client, spread, max_units=max_units, **sink))
    if flows is not None:
        got.append(account_service_flows_distributed(client, spread, max_green_units, **flows))
    if benefits is not None:
        got.append(account_indirect_benefits_distributed(client, spread, max_green_units, **benefits))
    there = time.perf_counter() - started
    for path in (single, spread):
        run_uncertainty(path, "montecarlo", iterations, seed)
    return Runs(expected, got, single, spread, here, there)


def teaching_district_inputs():
    """(activity, facilities, sink options) of the bundled teaching district: its activity table and
    facilities; sinks by rates with CANOPY and the 2015 land cover (stock change) on parcels and buildings."""
    activity = pd.read_csv(os.path.join(SAMPLE, "activity_2024.csv"), dtype=str, keep_default_na=False)
    facilities = gpd.read_file(os.path.join(SAMPLE, "teaching_district.gpkg"), layer="facilities")
    sink = {"landcover": os.path.join(SAMPLE, "landcover_2024_10m.tif"),
            "canopy": os.path.join(SAMPLE, "canopy_2024_10m.tif"),
            "landcover_alt": os.path.join(SAMPLE, "landcover_2015_10m.tif"), "year": 2024, "alt_year": 2015,
            "levels": ("parcel", "building")}
    return activity, facilities, sink
