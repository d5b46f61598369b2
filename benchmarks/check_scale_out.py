"""Check: the Dask path writes exactly the ledger of the single-machine run (teaching district and a generated city).

The two runs and their comparison are ``tests/scale_out_runs.py`` (shared with tests/test_scale_out.py).

For each case a ledger is segmented (``segmentation.segment_units``, no QGIS) and copied twice;
one copy is accounted here (``sources.account_sources``, ``sinks.account_sinks``, then
``service_flows.account_service_flows`` with the area supply and
``indirect_benefits.account_indirect_benefits``), the other on a LocalCluster of ``--workers``
worker processes with 1 thread each (``scale_out.account_sources_distributed``,
``account_sinks_distributed``, ``account_service_flows_distributed``,
``account_indirect_benefits_distributed``: partitions of ``--max-green-units`` with their halos);
then the Monte Carlo runs on both with the same seed. Compared exactly, as stored: every column
of ``entries`` but run_id and computed_at (values, Approach-1 and Monte Carlo intervals,
fingerprints, entry ids), of ``stocks``, ``unit_stats`` and the four service tables
(``service_access``, ``service_districts``, ``service_flow_matrix``, ``service_flows``) but
run_id, and the totals of ``units`` and ``links``.

- teaching district (``resources/sample``): its activity table and facilities; sinks by rates
  with CANOPY and the 2015 land cover (stock change) on parcels and buildings.
- generated city (``tests/synthetic_city.py``, ``--parcels``, made up): activity of
  ``synthetic_activity`` (district totals in both forms, metered buildings, counted links);
  sinks by rates on parcels and buildings over its land-cover raster.

Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.check_scale_out --parcels 200000 --workers 4``.
Prints one line per case with the times and sizes; exits with status 1 when anything differs.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

import geopandas as gpd

from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.ledger.provenance import file_sha256
from urban_carbon_ledger.algorithms.scale_out.dask_pipeline import MAX_GREEN_UNITS
from urban_carbon_ledger.tests.scale_out_runs import (
    SAMPLE,
    differences,
    run_both,
    segmented_ledger,
    synthetic_activity,
    teaching_district_inputs,
)
from urban_carbon_ledger.tests.synthetic_city import make_city


def teaching_district(folder):
    """(ledger path, activity, facilities, sink options) of the bundled teaching district."""
    sample = os.path.join(SAMPLE, "teaching_district.gpkg")
    layers = {name: gpd.read_file(sample, layer=name) for name in ("districts", "roads", "landuse", "buildings")}
    path = segmented_ledger(os.path.join(folder, "ledger.gpkg"), layers["districts"], layers["roads"],
                            layers["landuse"], layers["buildings"], "EPSG:4547")
    return (path, *teaching_district_inputs())


def generated_city(folder, parcels):
    """(ledger path, activity, facilities, sink options) of a synthetic city of ``parcels`` parcels."""
    city = make_city(parcels, seed=1, raster=True, out_dir=folder)
    path = segmented_ledger(os.path.join(folder, "ledger.gpkg"), city.districts, city.roads, city.landuse,
                            city.buildings, city.crs)
    sink = {"landcover": city.landcover_path, "year": 2024, "levels": ("parcel", "building")}
    return path, synthetic_activity(path), None, sink


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=200_000, help="parcels of the generated city (0: skip it)")
    parser.add_argument("--workers", type=int, default=4, help="LocalCluster worker processes")
    parser.add_argument("--max-green-units", type=int, default=MAX_GREEN_UNITS,
                        help="residents and green units (service flows) or buildings (cooling) per partition")
    arguments = parser.parse_args()
    from distributed import Client, LocalCluster

    failed = False
    cases = [("teaching district", teaching_district)]
    if arguments.parcels:
        cases.append((f"generated city of {arguments.parcels:,} parcels",
                      lambda folder: generated_city(folder, arguments.parcels)))
    with LocalCluster(n_workers=arguments.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        for name, build in cases:
            folder = tempfile.mkdtemp(prefix="check_scale_out_")
            started = time.perf_counter()
            ledger_path, activity, facilities, sink = build(folder)
            built = time.perf_counter() - started
            sink["inputs"] = {"LANDCOVER": file_sha256(sink["landcover"])}
            runs = run_both(folder, ledger_path, client, activity, facilities, sink, flows={"supply_kind": "area"},
                            benefits={}, max_green_units=arguments.max_green_units)
            found = differences(runs.single, runs.spread)
            if runs.got != runs.expected:
                found["summaries"] = f"{runs.got} != {runs.expected}"
            counts = {t: Ledger(runs.single).count(t) for t in ("units", "links", "entries", "stocks", "unit_stats",
                                                                "service_access")}
            print(f"{name}: built in {built:.0f} s; " + ", ".join(f"{n:,} {t}" for t, n in counts.items())
                  + f"; single machine {runs.seconds_here:.1f} s, "
                  + f"{arguments.workers} workers {runs.seconds_there:.1f} s; "
                  + ("identical (entries with intervals and fingerprints, Monte Carlo intervals, stocks, unit_stats, "
                     "totals, service tables)"
                     if not found else f"DIFFERENT: {found}"), flush=True)
            failed |= bool(found)
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
