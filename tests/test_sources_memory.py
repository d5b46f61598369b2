"""What accountsources' build phase holds per unit of the city (issue 22): codes and numbers, no text per unit.

``prepare_source_rows`` reads every unit and link to resolve targets and spread totals. Traced with tracemalloc
(numpy's arrays included; SQLite's page cache is not Python's) on two cities that differ only in their number of
buildings, the growth of its peak per building is what it keeps per unit (a fixed read part of
coded_units.READ_ROWS units and the one entry of the activity row are the same in both).
"""
import gc
import tracemalloc

import geopandas as gpd
import pandas as pd
import shapely

from source_city import CRS, activity
from urban_carbon_ledger.algorithms.core.progress import NO_PROGRESS
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.algorithms.sources.accounting import prepare_source_rows

ID_BYTES = len("D01-B00000")
PER_UNIT_BYTES = ID_BYTES + 8 + 8 + 6 * 8 + 3 + 8 + 1 + 8 + 1 + 25
"""Held per unit, by hand: its unit_id as bytes (10), its parent's code (8), its fid (8), six float64 numbers (48),
level / land_use / road_class as one-byte Categorical codes (3), the Hierarchy's depth (8) and rooted flag (1), the
size a split uses (8), the link flag (1); and at the top, while the Hierarchy climbs to find the depths, a copy of
the parent codes, the climbing flags and the climbing units' parent codes (8 + 1 + 16). 120 bytes; frames of texts
held three Python texts (unit_id, parent_id, source_id: at least 49 + 10 bytes each) per unit alone."""


def _city(path, buildings):
    """A district D01 of ``buildings`` residential buildings D01-B00000... (100 m2 of floor each)."""
    create_ledger(path, CRS)
    ids = [f"D01-B{i:05d}" for i in range(buildings)]
    units = gpd.GeoDataFrame({
        "unit_id": ["D01", *ids], "parent_id": [None] + ["D01"] * buildings,
        "level": ["district"] + ["building"] * buildings, "land_use": [None] + ["residential"] * buildings,
        "source_id": [None] + [f"S{i}" for i in range(buildings)], "floor_area_m2": [None] + [100.0] * buildings,
    }, geometry=[shapely.box(0, 0, buildings, 1)] + [shapely.box(i, 0, i + 1, 1) for i in range(buildings)], crs=CRS)
    with Ledger(path).transaction("test:setup") as writer:
        writer.append_rows("units", units)
    return Ledger(path)


def _peak(ledger):
    """Peak bytes traced while ``prepare_source_rows`` reads the city and accounts one metered building."""
    rows = activity(("E1", "S7", "residential", "electricity", 1000, "kWh", 5, 2024, ""))
    gc.collect()
    tracemalloc.start()
    try:
        prepared = prepare_source_rows(ledger, rows, 2024, None, None, "central", NO_PROGRESS, 2023)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    frames = [prepared.accounting] if isinstance(prepared.accounting, pd.DataFrame) else prepared.accounting
    assert [unit for frame in frames for unit in frame["unit_id"]] == ["D01-B00007"]  # one grid entry
    return peak


def test_the_build_phase_keeps_codes_not_texts_per_unit(tmp_path):
    small, large = 10_000, 30_000
    growth = (_peak(_city(str(tmp_path / "large.gpkg"), large)) - _peak(_city(str(tmp_path / "small.gpkg"), small)))
    assert growth / (large - small) < PER_UNIT_BYTES
