"""Benchmark of the tape measure: segmentunits and segmentimagery on a synthetic city, via qgis_process.

Generates a city (``synthetic_city.make_city``: parcels, noisy road grid, land use, buildings,
a 10 m land-cover grid and a 4-band image on it), then times the real command-line runs
(``qgis_process.bin run carbonledger:segmentunits`` and ``...:segmentimagery``, start-up
included) with ``/usr/bin/time`` for wall time and peak memory, and prints them beside the
targets of issue 3 and the anchors of /work/shared/reference/performance.md.

    .venv/bin/python benchmarks/bench_segmentation.py                  # 100,000 parcels, 10,000^2 px
    .venv/bin/python benchmarks/bench_segmentation.py --parcels 16000 --pixels 4000   # smaller

Run it once at full size on a quiet machine: it takes a few minutes on 2 cores.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from osgeo import gdal  # noqa: E402

from tests.synthetic_city import make_city, make_image  # noqa: E402

ANCHORS = {
    "segmentunits": "target 100,000 parcels / 300,000 roads within 120 s; anchor: shapely.polygonize of 476k "
                    "segments 3.2 s, union_all noding of 50k lines 0.61 s",
    "segmentimagery": "target 10,000^2 px 4-band within 300 s and 4 GB; anchor: whole-image SLIC (no Lab) "
                      "5,000^2 px 41.3 s / 1.6 GB, 10,000^2 px about 2-3 min and about 12 GB",
}


def environment():
    """Environment for qgis_process.bin with the plugin and the venv's packages."""
    env = dict(os.environ)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    plugins = os.path.join(ROOT, "build", "plugins")
    env.update({
        "QT_QPA_PLATFORM": "offscreen", "QGIS_PLUGINPATH": plugins,
        "PYTHONPATH": os.pathsep.join([os.path.join(ROOT, ".venv", "lib", version, "site-packages"), plugins]),
    })
    return env


def timed_run(algorithm, parameters):
    """Run one algorithm through qgis_process.bin under /usr/bin/time; (results, wall s, CPU s, peak GB).

    CPU time (user + system) is the fairer figure when other work shares the 2 cores."""
    command = ["/usr/bin/time", "-v", "qgis_process.bin", "run", algorithm, "--json", "--"]
    command += [f"{name}={value}" for name, value in parameters.items()]
    started = time.time()
    completed = subprocess.run(command, capture_output=True, text=True, env=environment())
    wall = time.time() - started
    if completed.returncode != 0:
        sys.exit(f"{algorithm} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr).group(1))
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", completed.stderr).group(1))
              for kind in ("User", "System"))
    results = json.loads(completed.stdout[completed.stdout.index("{"):])["results"]
    return results, wall, cpu, peak_kb / 1024 ** 2


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--pixels", type=int, default=None, help="side of the rasters in px (default 10,000 "
                        "for 100,000 parcels)")
    parser.add_argument("--segment-px", type=float, default=400.0, help="SCALE in pixels per segment")
    parser.add_argument("--window", type=int, default=2048)
    parser.add_argument("--out", default="/tmp/bench_segmentation")
    parser.add_argument("--skip-image", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the city already in --out (same sizes)")
    options = parser.parse_args()
    vectors = os.path.join(options.out, "city.gpkg")
    image = None if options.skip_image else os.path.join(options.out, "image.tif")
    if not (options.reuse and os.path.exists(vectors) and (image is None or os.path.exists(image))):
        shutil.rmtree(options.out, ignore_errors=True)
        os.makedirs(options.out)
        started = time.time()
        city = make_city(options.parcels, seed=0, raster=image is not None, out_dir=options.out,
                         pixels=options.pixels)
        city.write_vectors(vectors)
        if image is not None:
            make_image(city, image)
        print(f"synthetic city: {len(city.parcels):,} parcels, {len(city.roads):,} road features, "
              f"{len(city.buildings):,} buildings, {len(city.districts)} districts; generated in "
              f"{time.time() - started:.1f} s", flush=True)
    subprocess.run(["qgis_process.bin", "plugins", "enable", "urban_carbon_ledger"], capture_output=True,
                   env=environment())
    print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    ledger_path = os.path.join(options.out, "ledger.gpkg")
    if os.path.exists(ledger_path):
        os.remove(ledger_path)
    results, wall, cpu, peak = timed_run("carbonledger:segmentunits", {
        "BOUNDARIES": f"{vectors}|layername=districts", "ROADS": f"{vectors}|layername=roads",
        "LANDUSE": f"{vectors}|layername=landuse", "BUILDINGS": f"{vectors}|layername=buildings",
        "BUILDING_USE_FIELD": "use", "LEDGER": ledger_path,
    })
    print(f"segmentunits   {wall:7.1f} s wall, {cpu:6.1f} s CPU, peak {peak:5.2f} GB  "
          f"blocks {results['N_BLOCKS']:,}  parcels "
          f"{results['N_PARCELS']:,}  buildings {results['N_BUILDINGS']:,}  links {results['N_LINKS']:,}  "
          f"residual ratios {results['BLOCK_RESIDUAL_RATIO']:.1e} / {results['PARCEL_RESIDUAL_RATIO']:.1e}")
    print(f"               {ANCHORS['segmentunits']}", flush=True)
    print(f"RESULT name=segmentunits units={results['N_PARCELS']} seconds={wall:.2f} peak_mb={peak * 1024:.0f}",
          flush=True)
    if image is None:
        return
    source = gdal.Open(image)
    pixel_size, megapixels = source.GetGeoTransform()[1], source.RasterXSize * source.RasterYSize / 1e6
    source = None
    scale = options.segment_px * pixel_size ** 2
    results, wall, cpu, peak = timed_run("carbonledger:segmentimagery", {
        "LEDGER": ledger_path, "IMAGE": image, "SCALE": scale, "RED_BAND": 3, "NIR_BAND": 4,
        "LANDCOVER": os.path.join(options.out, "landcover_10m.tif"), "WINDOW": options.window,
    })
    print(f"segmentimagery {wall:7.1f} s wall, {cpu:6.1f} s CPU, peak {peak:5.2f} GB  {megapixels:,.0f} Mpx "
          f"4-band, window {options.window} px, SCALE {scale:,.0f} m2: {results['N_SEGMENTS']:,} segments "
          f"({cpu / megapixels:.2f} CPU s/Mpx; at 100 Mpx about {cpu / megapixels * 100:,.0f} CPU s)")
    print(f"               {ANCHORS['segmentimagery']}", flush=True)
    print(f"RESULT name=segmentimagery units={results['N_SEGMENTS']} megapixels={megapixels:.0f} seconds={wall:.2f} "
          f"peak_mb={peak * 1024:.0f}", flush=True)


if __name__ == "__main__":
    main()
