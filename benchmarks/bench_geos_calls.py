"""Where segmentunits' geometry time goes, call site by call site (issue 22), no QGIS.

Reads a city GeoPackage as ``bench_segment_phases.py`` does, runs ``segment_units.segment_units`` and prints,
for every line of ``algorithms/units`` (blocks, parcels, district_batches, segment_units) that calls shapely,
the CPU seconds spent in that call (the calling thread's CPU clock, so the batches cut ahead in threads are
counted where they run), the number of calls and the geometries passed (length of the first argument), largest
first. STRtree queries are counted too. The overhead is a Python call per shapely call, not per geometry.

    .venv/bin/python benchmarks/bench_geos_calls.py /tmp/bench_city/city.gpkg
"""
import argparse
import collections
import os
import sys
import time

import numpy as np
import shapely

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_segment_phases import LAYERS, read_layer  # noqa: E402

from urban_carbon_ledger.algorithms.units import (  # noqa: E402
    blocks, district_batches, parcels, segment_units as segmentation)

MODULES = (blocks, parcels, district_batches, segmentation)
"""Modules whose shapely calls are timed (each reaches shapely through its module attribute ``shapely``)."""


class Calls:
    """CPU seconds, calls and geometries per call site ('file:line function shapely-function')."""

    def __init__(self):
        self.sites = collections.defaultdict(lambda: [0.0, 0, 0])

    def timed(self, function, name, counted=0):
        """``function`` timed under ``name``; counted: position of the argument whose length is counted."""
        def call(*args, **kwargs):
            caller = sys._getframe(1)
            site = f"{os.path.basename(caller.f_code.co_filename)}:{caller.f_lineno} {caller.f_code.co_name} {name}"
            first = args[counted] if len(args) > counted else None
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                entry = self.sites[site]
                entry[0] += time.thread_time() - start
                entry[1] += 1
                entry[2] += len(first) if isinstance(first, np.ndarray) else 1
        return call


class TimedShapely:
    """Stands for the shapely module inside the timed modules: its functions are timed, the rest passed on."""

    def __init__(self, calls):
        self._calls = calls

    def __getattr__(self, name):
        attribute = getattr(shapely, name)
        if callable(attribute) and not isinstance(attribute, type):
            return self._calls.timed(attribute, name)
        return attribute


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("city", help="GeoPackage with the layers districts, roads, landuse, buildings")
    parser.add_argument("--top", type=int, default=40, help="call sites to print")
    options = parser.parse_args()
    frames = {name: read_layer(options.city, name) for name in LAYERS}
    calls = Calls()
    for module in MODULES:
        module.shapely = TimedShapely(calls)
    query = shapely.STRtree.query
    shapely.STRtree.query = calls.timed(query, "STRtree.query", counted=1)
    start = time.process_time()
    result = segmentation.segment_units(frames["districts"], frames["roads"], frames["landuse"], frames["buildings"],
                                        crs=frames["districts"].crs.to_wkt(),
                                        fields=segmentation.UnitFields(building_use="use"))
    total = time.process_time() - start
    shapely.STRtree.query = query
    sites = sorted(calls.sites.items(), key=lambda item: -item[1][0])
    print(f"{result.counts['parcel']:,} parcels, {result.counts['block']:,} blocks; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'CPU s':>7s} {'calls':>7s} {'geometries':>11s}  call site")
    for site, (cpu, count, geometries) in sites[:options.top]:
        print(f"{cpu:7.2f} {count:7d} {geometries:11,d}  {site}")
    timed = sum(cpu for cpu, _, _ in calls.sites.values())
    print(f"shapely calls {timed:.1f} of {total:.1f} CPU s of segment_units (writing not included)")


if __name__ == "__main__":
    main()
