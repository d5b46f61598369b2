"""Benchmark of a whole city from raw layers to the atlas (issue 22): every step through qgis_process.

Generates a synthetic city (``tests/synthetic_city.make_city``: districts, a noisy road grid,
land use, buildings, a 10 m land-cover grid and NDVI, and ``make_image``'s 4-band image) with an
activity table made for it (``activity_table``: per-district residential electricity and natural
gas, city commercial and public electricity, city vehicle-km and landfilled waste; made-up
intensities), then runs the pipeline in order, each step a real ``qgis_process.bin`` run timed by
``bench_segmentation.timed_run`` (wall time, CPU time, peak memory of the step's process):

    segmentunits, segmentimagery, accountsources, accountsinks, greenspacebudget,
    uncertainty (Monte Carlo, 1,000 iterations), verifyledger, inventoryreport, districtmaps

and prints each step's figures, the total and the targets (whole pipeline under 10 minutes and
4 GB peak; segmentunits under 3 minutes at 1,000,000 parcels). Last, in a fresh process,
``bench_open`` opens the ledger the pipeline wrote as the desktop does and draws the city's extent
(target under 3 s).

    .venv/bin/python benchmarks/bench_city.py --parcels 1000000          # make bench SIZE=large
    .venv/bin/python benchmarks/bench_city.py --parcels 20000 --reuse    # keep the generated city
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from benchmarks.bench_segmentation import environment, timed_run  # noqa: E402
from tests.synthetic_city import make_city, make_image  # noqa: E402

TARGET_SECONDS, TARGET_GB, TARGET_SEGMENTUNITS_SECONDS = 600.0, 4.0, 180.0
INTENSITY = {  # (sector, carrier, unit): made-up amount per m2 of floor area or per resident
    ("residential", "electricity", "kWh"): ("floor_area", 35.0),
    ("residential", "natural_gas", "m3"): ("population", 120.0),
    ("commercial", "electricity", "kWh"): ("floor_area", 100.0),
    ("public", "electricity", "kWh"): ("floor_area", 70.0),
}
VKM_PER_LINK_DAY = 4000.0
"""Made-up vehicle-km per road feature and day for the city's traffic total."""
WASTE_T_PER_RESIDENT = 0.35


def activity_table(city, path, year=2024):
    """Write the city's activity CSV (the columns of resources/sample/activity_2024.csv); returns ``path``."""
    buildings = city.buildings.assign(floor_area=city.buildings.geometry.area * city.buildings["floors"])
    rows = []
    for (sector, carrier, unit), (proxy, per) in INTENSITY.items():
        if proxy == "population":
            totals = city.districts.set_index("code")["population"] * per
        else:
            chosen = buildings[buildings["use"] == sector]
            totals = pd.Series({"": chosen["floor_area"].sum() * per}) if sector != "residential" else \
                chosen.groupby(_district_of(city, chosen))["floor_area"].sum() * per
        for target, amount in totals.items():
            rows.append((f"{sector}-{carrier}-{target or 'CITY'}", target, sector, carrier, round(amount), unit, 5,
                         year, proxy))
    rows.append(("traffic-CITY", "", "road_traffic", "vkm", round(len(city.roads) * VKM_PER_LINK_DAY * 365), "vkm",
                 10, year, "traffic"))
    rows.append(("waste-CITY", "", "waste", "msw_landfill", round(city.districts["population"].sum()
                                                              * WASTE_T_PER_RESIDENT), "t", 10, year, "population"))
    pd.DataFrame(rows, columns=["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct", "year",
                                "proxy"]).to_csv(path, index=False)
    return path


def _district_of(city, buildings):
    """District code of each building (the district that holds its centroid)."""
    joined = buildings.assign(geometry=buildings.geometry.centroid).sjoin(city.districts[["code", "geometry"]],
                                                                          how="left", predicate="within")
    return joined["code"].groupby(level=0).first().fillna(city.districts["code"].iat[0])


def steps(out, ledger, vectors, image):
    """The pipeline as (algorithm, parameters)."""
    return [
        ("carbonledger:segmentunits", {
            "BOUNDARIES": f"{vectors}|layername=districts", "ROADS": f"{vectors}|layername=roads",
            "LANDUSE": f"{vectors}|layername=landuse", "BUILDINGS": f"{vectors}|layername=buildings",
            "BUILDING_USE_FIELD": "use", "LEDGER": ledger}),
        ("carbonledger:segmentimagery", {
            "LEDGER": ledger, "IMAGE": image, "SCALE": 40_000, "RED_BAND": 3, "NIR_BAND": 4,
            "LANDCOVER": os.path.join(out, "landcover_10m.tif"), "WINDOW": 2048}),
        ("carbonledger:accountsources", {
            "LEDGER": ledger, "ACTIVITY": os.path.join(out, "activity.csv"), "YEAR": 2024,
            "GRID_REGION": "central", "GRID_YEAR": 2023}),
        ("carbonledger:accountsinks", {
            "LEDGER": ledger, "LANDCOVER": os.path.join(out, "landcover_10m.tif"), "YEAR": 2024,
            "NDVI": os.path.join(out, "ndvi_10m.tif")}),
        ("carbonledger:greenspacebudget", {"LEDGER": ledger, "GRID_FACTOR": "china_grid_central_2023"}),
        ("carbonledger:uncertainty", {"LEDGER": ledger, "METHOD": 1, "ITERATIONS": 1000, "SEED": 42}),
        ("carbonledger:verifyledger", {"LEDGER": ledger, "OUTPUT": os.path.join(out, "mismatches.csv")}),
        ("carbonledger:inventoryreport", {"LEDGER": ledger, "OUTPUT": os.path.join(out, "inventory.html")}),
        ("carbonledger:districtmaps", {"LEDGER": ledger, "SCENARIO": "baseline",
                                       "OUTPUT": os.path.join(out, "atlas.pdf")}),
    ]


def generate(options):
    """Make (or reuse) the city in ``options.out``; returns (vectors, image) paths."""
    vectors, image = os.path.join(options.out, "city.gpkg"), os.path.join(options.out, "image.tif")
    if options.reuse and all(os.path.exists(p) for p in (vectors, image, os.path.join(options.out, "activity.csv"))):
        return vectors, image
    shutil.rmtree(options.out, ignore_errors=True)
    os.makedirs(options.out)
    started = time.time()
    city = make_city(options.parcels, seed=0, raster=True, out_dir=options.out, pixels=options.pixels)
    city.write_vectors(vectors)
    make_image(city, image)
    activity_table(city, os.path.join(options.out, "activity.csv"))
    print(f"synthetic city: {len(city.parcels):,} parcels, {len(city.roads):,} road features, "
          f"{len(city.buildings):,} buildings, {len(city.districts)} districts; generated in "
          f"{time.time() - started:.1f} s", flush=True)
    return vectors, image


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--pixels", type=int, default=None,
                        help="side of the rasters and image in 10 m pixels (default: 1,000 px per parcel, as "
                             "make_city; the large run takes 10,000 as the zonal anchor does for 1,000,000 parcels)")
    parser.add_argument("--out", default="/tmp/bench_city")
    parser.add_argument("--reuse", action="store_true", help="reuse the city already in --out")
    options = parser.parse_args()
    vectors, image = generate(options)
    subprocess.run(["qgis_process.bin", "plugins", "enable", "urban_carbon_ledger"], capture_output=True,
                   env=environment())
    ledger = os.path.join(options.out, "ledger.gpkg")
    if os.path.exists(ledger):
        os.remove(ledger)
    print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    total_wall, total_cpu, peaks = 0.0, 0.0, []
    for algorithm, parameters in steps(options.out, ledger, vectors, image):
        _, wall, cpu, peak = timed_run(algorithm, parameters)
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        peaks.append(peak)
        name = algorithm.split(":")[1]
        print(f"{name:18s} {wall:8.1f} s wall {cpu:8.1f} s CPU  peak {peak:5.2f} GB", flush=True)
        print(f"RESULT name={name} units={options.parcels} seconds={wall:.2f} peak_mb={peak * 1024:.0f} "
              f"cpu_seconds={cpu:.1f}", flush=True)
    print(f"{'whole pipeline':18s} {total_wall:8.1f} s wall {total_cpu:8.1f} s CPU  peak {max(peaks):5.2f} GB "
          f"(targets at 1,000,000 parcels: {TARGET_SECONDS:.0f} s and {TARGET_GB:.0f} GB; segmentunits "
          f"{TARGET_SEGMENTUNITS_SECONDS:.0f} s)", flush=True)
    print(f"RESULT name=bench_city units={options.parcels} seconds={total_wall:.2f} peak_mb={max(peaks) * 1024:.0f} "
          f"cpu_seconds={total_cpu:.1f}", flush=True)
    opened = subprocess.run([sys.executable, "-m", "benchmarks.bench_open", ledger], capture_output=True, text=True,
                            env=environment(), cwd=os.path.dirname(HERE))
    print("\n".join(line for line in opened.stdout.splitlines() if line.startswith(("open ", "RESULT"))) or
          f"bench_open failed:\n{opened.stderr[-3000:]}", flush=True)


if __name__ == "__main__":
    main()
