"""`make demo`: run the whole pipeline on the bundled teaching district through qgis_process.

Writes OUT/ledger.gpkg (a fresh ledger) and the outputs of every step into OUT/, then a PNG map
of net flux per unit (OUT/net_flux.png, scripts/render_net_flux.py). Each step is a real
`qgis_process.bin run` call, as a GIS technician
would script it; the steps are listed in pipeline order in STEPS.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample")
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))

import demo_years  # noqa: E402 (scripts/demo_years.py, beside this file)


def steps(out):
    """Pipeline steps as (algorithm id, parameters); paths are absolute. A parameter may be a function, called
    when its step runs (an input made from what the steps before wrote)."""
    ledger = os.path.join(out, "ledger.gpkg")
    return [
        ("carbonledger:createledger", {"LEDGER": ledger, "CRS": "EPSG:4547"}),
        # Tape measure: units and links, then image segments inside the parcels
        ("carbonledger:segmentunits", {
            "BOUNDARIES": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=districts",
            "ROADS": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=roads",
            "LANDUSE": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=landuse",
            "BUILDINGS": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=buildings",
            "MIN_AREA": 1.0, "TOLERANCE": 0.001, "LEDGER": ledger,
        }),
        ("carbonledger:segmentimagery", {
            "LEDGER": ledger, "IMAGE": os.path.join(SAMPLE, "image_2024_5m.tif"), "SCALE": 2500, "RED_BAND": 3,
            "NIR_BAND": 4, "LANDCOVER": os.path.join(SAMPLE, "landcover_2024_10m.tif"), "WINDOW": 2048,
        }),
        # The teaching district's earlier inventory year, 2023 (scripts/demo_years.py): 3% less activity, the
        # grid factor of 2022, no shopping mall G01851 yet, one parcel still under trees
        ("carbonledger:accountsources", {
            "LEDGER": ledger, "ACTIVITY": demo_years.activity_2023(out),
            "FACILITIES": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=facilities",
            "YEAR": 2023, "GRID_REGION": "central", "GRID_YEAR": 2022,
        }),
        ("carbonledger:accountsinks", {
            "LEDGER": ledger, "LANDCOVER": demo_years.landcover_2023(out),
            "LANDCOVER_ALT": os.path.join(SAMPLE, "landcover_2015_10m.tif"), "ALT_YEAR": 2015, "YEAR": 2023,
            "CANOPY": os.path.join(SAMPLE, "canopy_2024_10m.tif"), "NDVI": os.path.join(SAMPLE, "ndvi_2024_10m.tif"),
        }),
        # Scale, sources (needs the units of carbonledger:segmentunits before it): inventory year 2024
        ("carbonledger:accountsources", {
            "LEDGER": ledger, "ACTIVITY": os.path.join(SAMPLE, "activity_2024.csv"),
            "FACILITIES": os.path.join(SAMPLE, "teaching_district.gpkg") + "|layername=facilities",
            "YEAR": 2024, "GRID_REGION": "central", "GRID_YEAR": 2023,
        }),
        # Scale, sinks: land cover 2024 against 2015, canopy and NDVI (sinks get the vegetation profile)
        ("carbonledger:accountsinks", {
            "LEDGER": ledger, "LANDCOVER": os.path.join(SAMPLE, "landcover_2024_10m.tif"),
            "LANDCOVER_ALT": os.path.join(SAMPLE, "landcover_2015_10m.tif"), "ALT_YEAR": 2015, "YEAR": 2024,
            "CANOPY": os.path.join(SAMPLE, "canopy_2024_10m.tif"), "NDVI": os.path.join(SAMPLE, "ndvi_2024_10m.tif"),
        }),
        ("carbonledger:hourlyemissions", {
            "LEDGER": ledger, "START_DATE": "2024-01-15", "END_DATE": "2024-01-21",
            "OUTPUT": os.path.join(out, "hourly_2024-01-15_21.csv"),
            "OUTPUT_LAYER": os.path.join(out, "hourly_units_2024-01-15_21.gpkg"),
        }),
        # Green space (needs accountsinks before it): life-cycle budget, avoided emissions, service flows
        ("carbonledger:greenspacebudget", {"LEDGER": ledger, "GRID_FACTOR": "china_grid_central_2023"}),
        ("carbonledger:indirectbenefits", {"LEDGER": ledger, "GRID_FACTOR": "china_grid_central_2023",
                                           "SOIL_GROUP": "B"}),
        ("carbonledger:serviceflows", {"LEDGER": ledger, "SUPPLY": "area", "KERNEL": "exponential", "MAX_LINES": 50}),
        # Chessboard (needs segmentunits, accountsources and accountsinks before it)
        ("carbonledger:applyscenario", {
            "LEDGER": ledger, "SCENARIO": "pocket_parks", "BASE": "baseline",
            "EDITS": os.path.join(SAMPLE, "scenario_pocket_park.csv"),
            "DESCRIPTION": "Pocket parks on two bare lots and a car park; 120 trees in a housing estate",
        }),
        ("carbonledger:applyscenario", {
            "LEDGER": ledger, "SCENARIO": "corridor", "BASE": "baseline",
            "EDITS": os.path.join(SAMPLE, "scenario_corridor.csv"),
            "DESCRIPTION": "Signal countdown on the 11 links of Jiangcheng Avenue",
        }),
        ("carbonledger:comparescenarios", {
            "LEDGER": ledger, "BASE": "baseline", "SCENARIOS": "pocket_parks,corridor",
            "OUTPUT": os.path.join(out, "scenarios", "comparison.html"),
            "DISCOUNT_RATE": 8, "START_YEAR": 2025, "END_YEAR": 2060, "SOURCE_GROWTH": 0,
        }),
        # A living ledger: the ledger against a metered sample of 24 buildings, its floor-area calibration
        # applied as version 2 of 2024; then the change from 2023 to 2024 per block, split into activity,
        # factor and method parts
        ("carbonledger:groundcheck", {
            "LEDGER": ledger, "OBSERVED": lambda: demo_years.metered_sample(ledger, out), "APPLY": "calibration",
            "REASON": "floor-area proxy calibrated on the 2024 metered sample",
            "OUTPUT": os.path.join(out, "ground_check.csv"), "SUMMARY": os.path.join(out, "ground_check_summary.csv"),
            "CALIBRATION": os.path.join(out, "ground_check_calibration.csv"),
        }),
        ("carbonledger:yearchange", {
            "LEDGER": ledger, "FROM_YEAR": 2023, "TO_YEAR": 2024, "LEVEL": "block",
            "OUTPUT": os.path.join(out, "year_change.csv"), "OUTPUT_LAYER": os.path.join(out, "year_change.gpkg"),
        }),
        # MRV (after every step that writes entries): Monte Carlo intervals, an audit against the original
        # activity table, the inventory report (HTML with CSV and XLSX beside it)
        ("carbonledger:uncertainty", {"LEDGER": ledger, "METHOD": 1, "ITERATIONS": 1000, "SEED": 42}),
        ("carbonledger:verifyledger", {"LEDGER": ledger, "INPUTS": os.path.join(SAMPLE, "activity_2024.csv"),
                                       "OUTPUT": os.path.join(out, "mismatches.csv")}),
        ("carbonledger:inventoryreport", {"LEDGER": ledger,
                                          "OUTPUT": os.path.join(out, "inventory", "inventory.html")}),
        # Desktop: district map atlas (last: it shows whatever the steps before wrote)
        ("carbonledger:districtmaps", {
            "LEDGER": ledger, "SCENARIO": "baseline", "OUTPUT": os.path.join(out, "district_atlas.pdf"),
            "PNG_FOLDER": os.path.join(out, "district_maps"),
        }),
        ("carbonledger:districtmaps", {
            "LEDGER": ledger, "SCENARIO": "pocket_parks",
            "OUTPUT": os.path.join(out, "district_atlas_pocket_parks.pdf"),
        }),
    ]


def run_step(algorithm, parameters):
    """Run one algorithm through qgis_process.bin and return its results; exit on failure."""
    arguments = ["qgis_process.bin", "run", algorithm, "--json", "--"]
    arguments += [f"{name}={value() if callable(value) else value}" for name, value in parameters.items()]
    started = time.time()
    completed = subprocess.run(arguments, capture_output=True, text=True)
    if completed.returncode != 0 or not completed.stdout.strip().startswith("{"):
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-4000:])
        sys.exit(f"demo: {algorithm} failed (exit {completed.returncode})")
    results = json.loads(completed.stdout)["results"]
    shown = {k: v for k, v in results.items() if not isinstance(v, str) or len(v) < 120}
    print(f"{algorithm:40s} {time.time() - started:6.1f} s  {shown}", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(ROOT, "out"))
    out = os.path.abspath(parser.parse_args().out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    subprocess.run(["qgis_process.bin", "plugins", "enable", "urban_carbon_ledger"], capture_output=True)
    for algorithm, parameters in steps(out):
        run_step(algorithm, parameters)
    net_flux_map = os.path.join(out, "net_flux.png")
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "render_net_flux.py"), os.path.join(out, "ledger.gpkg"),
         net_flux_map],
        check=True, capture_output=True,
    )
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "render_year_change.py"), os.path.join(out, "year_change.gpkg"),
         os.path.join(out, "year_change.png"), "--ledger", os.path.join(out, "ledger.gpkg"), "--from", "2023",
         "--to", "2024"],
        check=True, capture_output=True,
    )
    print(f"demo: ledger, outputs, {os.path.basename(net_flux_map)} and year_change.png in {out}")


if __name__ == "__main__":
    main()
