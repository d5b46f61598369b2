"""Per-phase CPU and wall times of segmentunits in one process (issue 22), no QGIS.

Reads the districts, roads, landuse and buildings layers of a city GeoPackage (as
``bench_city.py`` / ``bench_segmentation.py`` write it with ``synthetic_city.make_city``) through
GDAL's Arrow stream, runs ``segment_units.segment_units`` and ``write_units`` into a new ledger, and prints
the CPU seconds (user + system of this process, the fair figure on a shared machine) and wall
seconds of every phase that ``segment_units`` reports through its progress messages, then of the
write, and the peak memory.

    .venv/bin/python benchmarks/bench_segment_phases.py /tmp/bench_city/city.gpkg
"""
import argparse
import os
import resource
import sys
import tempfile
import time

import geopandas as gpd
import numpy as np
import shapely

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "build", "plugins"))
sys.path.append("/usr/lib/python3/dist-packages")  # GDAL's Python bindings (osgeo), as QGIS has them
from osgeo import ogr  # noqa: E402

from urban_carbon_ledger.algorithms.core.progress import Progress  # noqa: E402
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger  # noqa: E402
from urban_carbon_ledger.algorithms.units import segment_units as segmentation  # noqa: E402

LAYERS = ("districts", "roads", "landuse", "buildings")


class Clock:
    """Phase times: each ``mark(name)`` closes the phase running since the previous mark."""

    def __init__(self):
        self.phases, self._phase = [], None
        self._cpu, self._wall = time.process_time(), time.perf_counter()

    def mark(self, name):
        cpu, wall = time.process_time(), time.perf_counter()
        if self._phase:
            self.phases.append((self._phase, cpu - self._cpu, wall - self._wall))
        self._phase, self._cpu, self._wall = name, cpu, wall


def read_layer(path, name):
    """A GeoPackage layer as a GeoDataFrame with a ``row`` column of feature ids, read in bulk through GDAL's
    Arrow stream as the plugin's front end reads one (``processing_provider/bulk_read.py``, which needs QGIS)."""
    columns, source = {}, ogr.Open(path)  # the data source must outlive its layer
    layer = source.GetLayerByName(name)
    for batch in layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"]):
        for column, values in batch.items():
            columns.setdefault(column, []).append(values)
    columns = {column: np.concatenate(values) for column, values in columns.items()}
    geometry = shapely.from_wkb(np.array([bytes(blob) for blob in columns.pop("geom")], dtype=object))
    frame = {"row": columns.pop("fid")}
    frame.update({column: np.char.decode(values, "utf-8").astype(object) if values.dtype.kind == "S" else values
                  for column, values in columns.items()})
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=layer.GetSpatialRef().ExportToWkt())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("city", help="GeoPackage with the layers districts, roads, landuse, buildings")
    parser.add_argument("--ledger", default=None, help="ledger to write (default: a new temporary file)")
    options = parser.parse_args()
    clock = Clock()
    clock.mark("read layers (GDAL Arrow stream)")
    frames = {name: read_layer(options.city, name) for name in LAYERS}
    crs = frames["districts"].crs.to_wkt()
    progress = Progress(report=lambda fraction, message: message and clock.mark(f"segment: {message}"))
    result = segmentation.segment_units(frames["districts"], frames["roads"], frames["landuse"], frames["buildings"],
                                        crs=crs, fields=segmentation.UnitFields(building_use="use"),
                                        progress=progress)
    path = options.ledger or os.path.join(tempfile.mkdtemp(prefix="bench_phases_"), "ledger.gpkg")
    if os.path.exists(path):
        os.remove(path)
    clock.mark("write_units (ledger, R*-tree, seal)")
    create_ledger(path, "EPSG:4547")
    segmentation.write_units(Ledger(path), result)
    clock.mark("end")
    parcels = result.counts["parcel"]
    print(f"{parcels:,} parcels, {result.counts['block']:,} blocks, {result.counts['building']:,} buildings, "
          f"{result.counts['link']:,} links; parcel residual ratio {result.residuals['parcel_residual_ratio']:.1e}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'phase':58s} {'CPU s':>8s} {'wall s':>8s}")
    for name, cpu, wall in clock.phases:
        print(f"{name:58s} {cpu:8.1f} {wall:8.1f}")
    measured = clock.phases[1:]
    cpu, wall = sum(p[1] for p in measured), sum(p[2] for p in measured)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'segment_units + write_units (reading excluded)':58s} {cpu:8.1f} {wall:8.1f}   peak {peak:,.0f} MB")
    print(f"RESULT name=segmentunits_phases units={parcels} seconds={wall:.2f} peak_mb={peak:.0f} "
          f"cpu_seconds={cpu:.1f}", flush=True)


if __name__ == "__main__":
    main()
