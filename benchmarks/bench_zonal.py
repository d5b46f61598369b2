"""Benchmark: class fractions and NDVI mean per parcel, exact (ours) beside its peers, same data, same run.

    .venv/bin/python benchmarks/bench_zonal.py --parcels 1000000 --pixels 10000 --out /tmp/bench_zonal

Data: ``synthetic_city.make_city`` (parcels cut from a jittered road grid, a uint8 land-cover and a
float32 NDVI GeoTIFF on one 10 m grid), written once into --out and reused by later runs with the same
--parcels and --pixels: parcels as WKB (for ours) and as a GeoPackage (for the peers, which read
files). Each approach runs in its own process so that its wall time, CPU time and peak memory are its
own. The peak is the child's VmHWM (/proc/self/status), the high-water mark of the memory it mapped
since it started: ru_maxrss would not do, because Linux carries the parent's peak over fork and exec,
so a child started after the data were made in the same run would report the data generator's peak.

- ours: ``algorithms/zonal.py`` (exact coverage fractions, windowed), from the WKB file and the GeoTIFFs;
- gdal_centre: ``gdal.Rasterize`` of parcel ids into memory + ``numpy.bincount`` (pixel centres);
- qgis: QGIS ``native:zonalhistogram`` + ``native:zonalstatisticsfb`` (pixel centres);
- exactextract: ``exact_extract`` from the files (exact), when the package is installed in the venv.

Then the error of pixel centres against exact coverage: share of each parcel's area counted in the
wrong class = 0.5 x sum over classes of |centre fraction - exact fraction|, and the NDVI mean
difference. performance.md's anchors (measured earlier on this kind of machine) are printed
beside, labelled as such; an approach that fails or times out shows its anchor only.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CODES = np.arange(1, 11)

ANCHORS = {  # performance.md, 1M parcels over 10,000 x 10,000 px (seconds, GB)
    "gdal_centre": (5.7, 1.7), "qgis": (77.1, 2.0), "exactextract": (90.0, 2.1),
}
ANCHOR_NOTE = {"exactextract": "anchor: rasters in memory, pre-encoded geometries; typical use about 415 s"}


def _package():
    """Import the plugin package whatever the folder is called (build/plugins symlink or the repo)."""
    plugins = os.path.join(ROOT, "build", "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    import urban_carbon_ledger
    return urban_carbon_ledger


def prepare(out, parcels, pixels, seed):
    """Make the synthetic city once: parcels.npy (WKB), parcels.gpkg, landcover and NDVI GeoTIFFs."""
    marker = os.path.join(out, "data.json")
    if os.path.exists(marker):
        with open(marker) as handle:
            data = json.load(handle)
        if data["parcels"] == parcels and data["pixels"] == pixels:
            return data
    _package()
    import shapely
    from osgeo import gdal, ogr
    from urban_carbon_ledger.tests.synthetic_city import make_city
    gdal.UseExceptions()
    started = time.time()
    city = make_city(parcels, seed=seed, raster=True, out_dir=out, pixels=pixels, segments_per_parcel=0.02)
    geometries = city.parcels.geometry.to_numpy()
    np.save(os.path.join(out, "parcels.npy"), np.array(shapely.to_wkb(geometries), dtype=object), allow_pickle=True)
    csv = os.path.join(out, "parcels.csv")
    with open(csv, "w") as handle:
        handle.write("pid,wkt\n")
        texts = shapely.to_wkt(geometries, rounding_precision=-1)
        handle.writelines(f'{pid + 1},"{text}"\n' for pid, text in enumerate(texts))
    with open(csv + "t", "w") as handle:
        handle.write('"Integer","WKT"\n')
    gpkg = os.path.join(out, "parcels.gpkg")
    if os.path.exists(gpkg):
        os.remove(gpkg)
    gdal.VectorTranslate(gpkg, csv, options=["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO",
                                             "-a_srs", city.crs, "-nln", "parcels", "-nlt", "POLYGON"])
    os.remove(csv)
    os.remove(csv + "t")
    written = ogr.Open(gpkg)
    assert written.GetLayer(0).GetFeatureCount() == len(geometries)
    written = None
    areas = shapely.area(geometries) / city.pixel_size ** 2
    data = {"parcels": parcels, "pixels": pixels, "landcover": city.landcover_path, "ndvi": city.ndvi_path,
            "wkb": os.path.join(out, "parcels.npy"), "gpkg": gpkg, "median_px": float(np.median(areas)),
            "seconds": time.time() - started}
    with open(marker, "w") as handle:
        json.dump(data, handle)
    return data


def run_ours(data, out):
    _package()
    import shapely
    from urban_carbon_ledger.algorithms.units import zonal
    geometries = shapely.from_wkb(np.load(data["wkb"], allow_pickle=True))
    landcover, ndvi = zonal.open_raster(data["landcover"], "LANDCOVER"), zonal.open_raster(data["ndvi"], "NDVI")
    result = zonal.zonal_statistics(geometries, np.arange(len(geometries)), len(geometries),
                                    {"landcover": (landcover, CODES)}, {"ndvi": ndvi})
    area = result.classes["landcover"].area
    covered = area.sum(axis=1) + result.classes["landcover"].unknown
    return area / np.where(covered > 0, covered, 1.0)[:, None], result.means["ndvi"].mean


def run_gdal_centre(data, out):
    from osgeo import gdal
    gdal.UseExceptions()
    landcover = gdal.Open(data["landcover"])
    ndvi_dataset = gdal.Open(data["ndvi"])
    width, height = landcover.RasterXSize, landcover.RasterYSize
    target = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Int32)
    target.SetGeoTransform(landcover.GetGeoTransform())
    target.SetProjection(landcover.GetProjection())
    gdal.Rasterize(target, data["gpkg"], layers=["parcels"], attribute="pid")
    band = target.GetRasterBand(1)
    ids = band.ReadAsArray().ravel()
    classes = landcover.GetRasterBand(1).ReadAsArray().ravel()
    n = data["parcels"] + 1
    counts = np.bincount(ids.astype(np.int64) * 16 + classes, minlength=n * 16).reshape(n, 16)[1:, 1:11]
    ndvi = ndvi_dataset.GetRasterBand(1).ReadAsArray().ravel()
    sums = np.bincount(ids, ndvi.astype(float), minlength=n)[1:]
    pixels = np.bincount(ids, minlength=n)[1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        return counts / np.where(pixels > 0, pixels, 1)[:, None], np.where(pixels > 0, sums / pixels, np.nan)


def run_qgis(data, out):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.append("/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    import processing
    processing.run("native:zonalhistogram", {"INPUT_RASTER": data["landcover"], "RASTER_BAND": 1,
                                             "INPUT_VECTOR": data["gpkg"], "COLUMN_PREFIX": "H_",
                                             "OUTPUT": os.path.join(out, "qgis_histogram.gpkg")})
    processing.run("native:zonalstatisticsfb", {"INPUT": data["gpkg"], "INPUT_RASTER": data["ndvi"], "RASTER_BAND": 1,
                                                "COLUMN_PREFIX": "ndvi_", "STATISTICS": [2],
                                                "OUTPUT": os.path.join(out, "qgis_ndvi.gpkg")})
    os._exit(0)  # QGIS may crash in exitQgis() after the results are written (performance.md)


def run_exactextract(data, out):
    from exactextract import exact_extract
    classes = exact_extract(data["landcover"], data["gpkg"], ["unique", "frac"], output="pandas")
    means = exact_extract(data["ndvi"], data["gpkg"], ["mean"], output="pandas")
    return len(classes), len(means)


APPROACHES = {"ours": run_ours, "gdal_centre": run_gdal_centre, "qgis": run_qgis, "exactextract": run_exactextract}
EDGES = {"ours": "exact", "gdal_centre": "pixel centre", "qgis": "pixel centre", "exactextract": "exact"}


def child(name, data, out):
    """Run one approach in this process; print wall seconds, CPU seconds and peak memory as JSON."""
    started = time.time()
    result = APPROACHES[name](data, out)
    seconds = time.time() - started
    if name in ("ours", "gdal_centre"):
        fractions, ndvi = result
        np.save(os.path.join(out, f"{name}_fractions.npy"), fractions.astype(np.float32))
        np.save(os.path.join(out, f"{name}_ndvi.npy"), ndvi.astype(np.float32))
    from urban_carbon_ledger.benchmarks.memory import own_peak_mb
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "peak_gb": own_peak_mb() / 1024.0, "cpu": usage.ru_utime + usage.ru_stime}))


def measure(name, data, out, timeout):
    """Run one approach in a child process; ((wall s, CPU s, peak GB) or None, note)."""
    started = time.time()
    try:
        completed = subprocess.run([sys.executable, __file__, "--child", name, "--out", out], capture_output=True,
                                   text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {timeout} s"
    wall = time.time() - started
    for line in reversed(completed.stdout.strip().splitlines()):
        if line.startswith("{"):
            figures = json.loads(line)
            return (figures["seconds"], figures["cpu"], figures["peak_gb"]), ""
    if name == "qgis" and completed.returncode == 0:  # os._exit: no JSON, whole process timed
        usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
        return (wall, float("nan"), usage), ("wall time of the whole process (QGIS start included); "
                                             "peak: ru_maxrss of children")
    return None, (completed.stderr.strip().splitlines() or ["failed"])[-1][:120]


def centre_error(out, data):
    """Centre vs exact: misassigned share of parcel area and NDVI mean difference."""
    exact = np.load(os.path.join(out, "ours_fractions.npy")).astype(float)
    centre = np.load(os.path.join(out, "gdal_centre_fractions.npy")).astype(float)
    ndvi_exact = np.load(os.path.join(out, "ours_ndvi.npy")).astype(float)
    ndvi_centre = np.load(os.path.join(out, "gdal_centre_ndvi.npy")).astype(float)
    _package()
    import shapely
    areas = shapely.area(shapely.from_wkb(np.load(data["wkb"], allow_pickle=True))) / 100.0
    empty = centre.sum(axis=1) == 0
    wrong = 0.5 * np.abs(centre - exact).sum(axis=1)
    wrong[empty] = 1.0
    small = areas < 10
    tiny = (f"parcels < 10 px mean {wrong[small].mean():.2%} (95th pct {np.percentile(wrong[small], 95):.1%})"
            if small.any() else "no parcel under 10 px")
    print(f"centre vs exact: misassigned share of parcel area mean {wrong.mean():.2%}, 95th pct "
          f"{np.percentile(wrong, 95):.1%}, worst {wrong.max():.0%}; {tiny}; {int(empty.sum())} parcels with no "
          f"pixel centre; NDVI mean max |diff| {np.nanmax(np.abs(ndvi_centre - ndvi_exact)):.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--pixels", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="/tmp/bench_zonal")
    parser.add_argument("--only", default="ours,gdal_centre,qgis,exactextract")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--child")
    arguments = parser.parse_args()
    out = os.path.abspath(arguments.out)
    os.makedirs(out, exist_ok=True)
    if arguments.child:
        with open(os.path.join(out, "data.json")) as handle:
            child(arguments.child, json.load(handle), out)
        return
    data = prepare(out, arguments.parcels, arguments.pixels, arguments.seed)
    print(f"{data['parcels']:,} parcels (median {data['median_px']:.0f} px) over {data['pixels']:,} x "
          f"{data['pixels']:,} px; data made in {data['seconds']:.0f} s")
    print(f"load average at start {os.getloadavg()[0]:.2f} (2-core machine: above 1, wall times are inflated)")
    print(f"{'approach':14s} {'edges':13s} {'wall s':>8s} {'CPU s':>8s} {'peak GB':>8s}   performance.md anchor at 1M")
    measured = {}
    for name in arguments.only.split(","):
        figures, note = measure(name, data, out, arguments.timeout)
        if figures:
            measured[name] = figures
        anchor = ANCHORS.get(name)
        anchor_text = f"anchor {anchor[0]:.1f} s, {anchor[1]:.1f} GB" if anchor else "target <= 20 s, <= 2 GB"
        anchor_text += f" ({ANCHOR_NOTE[name]})" if name in ANCHOR_NOTE else ""
        row = f"{figures[0]:8.1f} {figures[1]:8.1f} {figures[2]:8.2f}" if figures else f"{'-':>8s} {'-':>8s} {'-':>8s}"
        print(f"{name:14s} {EDGES[name]:13s} {row}   {anchor_text}" + (f"; {note}" if note else ""), flush=True)
    if all(os.path.exists(os.path.join(out, f"{n}_fractions.npy")) for n in ("ours", "gdal_centre")):
        centre_error(out, data)
    for name, (wall, cpu, peak) in measured.items():  # run_all.py's convention
        peer = measured.get("gdal_centre") if name == "ours" else None
        print(f"RESULT name=zonal_{name} units={data['parcels']} seconds={wall:.2f} peak_mb={peak * 1000:.0f} "
              f"cpu_seconds={cpu:.2f} pixels={data['pixels']}x{data['pixels']} edges={EDGES[name].replace(' ', '_')}"
              + (f" peer=gdal_centre peer_seconds={peer[0]:.2f} peer_peak_mb={peer[2] * 1000:.0f}" if peer else ""))


if __name__ == "__main__":
    main()
