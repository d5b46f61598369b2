"""Inputs of the demo's second inventory year (2023) and its metered sample, derived from the teaching
district's 2024 inputs (``scripts/demo.py`` calls these; all made up, as the teaching district is).

- 2023 activity: the 2024 table with year 2023, amounts 3% lower (a year of growth: made up), and without
  the metered shopping mall G01851, which opened in 2024 (a new building).
- 2023 land cover: the 2024 map with one bare-land parcel still covered by urban trees (class 2): the
  parcel converted between the two years.
- the metered sample of 2024: electricity of 24 buildings (residential, commercial, public) read from
  made-up meters: floor area x a made-up intensity of the use (45, 110, 80 kWh/m2) x lognormal noise
  of 15% (seed 21), as a metering centre would report it (unit_id, carrier, observed, unit, year, source).
"""
import os

import numpy as np
import pandas as pd
from osgeo import gdal, ogr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample")
GROWTH = 0.97
NEW_BUILDING_ROW = "COM-E-G01851"
TREES = 2
"""Class code of urban trees in resources/sinks/landcover_classes.csv."""
INTENSITY_MWH_M2 = {"residential": 0.045, "commercial": 0.110, "public": 0.080}
"""Made-up electricity intensity of each use, MWh per m2 of floor area per year."""


def activity_2023(out):
    """Write out/activity_2023.csv (see the module docstring); returns its path."""
    rows = pd.read_csv(os.path.join(SAMPLE, "activity_2024.csv"), dtype=str, keep_default_na=False)
    rows = rows[rows["row_id"] != NEW_BUILDING_ROW].copy()
    for column in ("amount", "low", "high"):
        numbers = pd.to_numeric(rows[column], errors="coerce")
        rows[column] = np.where(numbers.notna(), (numbers * GROWTH).round(1).astype(str), rows[column])
    rows["year"] = "2023"
    rows["note"] = rows["note"] + " (2023: 3% below 2024, made up)"
    path = os.path.join(out, "activity_2023.csv")
    rows.to_csv(path, index=False)
    return path


def landcover_2023(out):
    """Write out/landcover_2023_10m.tif: the 2024 map with the first bare-land parcel under trees."""
    path = os.path.join(out, "landcover_2023_10m.tif")
    gdal.Translate(path, os.path.join(SAMPLE, "landcover_2024_10m.tif"))
    district = ogr.Open(os.path.join(SAMPLE, "teaching_district.gpkg"))  # held: its layers die with it
    parcels = district.GetLayerByName("landuse")
    parcels.SetAttributeFilter("land_use = 'bare_land'")
    first = parcels.GetNextFeature()
    converted = ogr.GetDriverByName("Memory").CreateDataSource("converted")
    layer = converted.CreateLayer("parcel", parcels.GetSpatialRef(), ogr.wkbMultiPolygon)
    layer.CreateFeature(first.Clone())
    raster = gdal.Open(path, gdal.GA_Update)
    gdal.RasterizeLayer(raster, [1], layer, burn_values=[TREES])
    raster = converted = district = None
    return path


def metered_sample(ledger_path, out, per_use=8, seed=21):
    """Write out/metered_sample_2024.csv from the ledger's building units; returns its path."""
    from urban_carbon_ledger.algorithms.ledger.store import Ledger  # the plugin package, on the demo's path

    units = Ledger(ledger_path).read_table("units", ["unit_id", "level", "land_use", "floor_area_m2"])
    buildings = units[(units["level"] == "building") & (units["floor_area_m2"] > 0)]
    rng = np.random.default_rng(seed)
    picked = [group.sort_values("unit_id").iloc[:per_use] for use, group in buildings.groupby("land_use")
              if use in INTENSITY_MWH_M2]
    sample = pd.concat(picked, ignore_index=True)
    intensity = sample["land_use"].map(INTENSITY_MWH_M2).to_numpy(dtype=float)
    noise = rng.lognormal(0.0, 0.15, len(sample))
    observed = pd.DataFrame({
        "unit_id": sample["unit_id"], "sector": "", "carrier": "electricity",
        "observed": (sample["floor_area_m2"].to_numpy() * intensity * noise).round(1), "unit": "MWh", "year": 2024,
        "source": "made up: meter reading of the teaching district's metering centre",
    })
    path = os.path.join(out, "metered_sample_2024.csv")
    observed.to_csv(path, index=False)
    return path
