"""Benchmark: one chessboard edit on a 100,000-parcel ledger, re-accounted with totals updated.

The ledger is tabular (units, links, entries in memory; geometry plays no part in an edit):
a city, 10 districts, 1,000 blocks, N parcels (two sink classes each), one building per parcel
on 70% of them (grid electricity and natural gas: 4 entries), and N/2 road links (one vkm entry).
It times ``Chessboard.apply`` -- resolve parameters, re-account the touched units, finalise the
new entries (factor lookup, interval, fingerprint), update unit/district/city deltas and cost
per t -- for a mix of measures, and prints median, 95th percentile and maximum against the
100 ms target of issue 7. Run: ``make bench`` or
``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_scenario_edit [N]``.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.ledger import entries as entries_module, factors as factor_tables
from urban_carbon_ledger.algorithms.sinks import accounting as sinks
from urban_carbon_ledger.algorithms.scenarios.chessboard import Chessboard
from urban_carbon_ledger.algorithms.ledger.store import utc_now
from urban_carbon_ledger.benchmarks.memory import own_peak_mb

TARGET_MS = 100.0


def factor_table():
    """Shipped factors with the sink accounting's class factors (sink_rate_<class>)."""
    return factor_tables.override_factors(factor_tables.shipped_factors(),
                                          sinks.class_factors(sinks.read_class_table()))


def synthetic_ledger(n_parcels, seed=0):
    """(units, entries) of a tabular ledger with ``n_parcels`` parcels; entries finalised."""
    rng = np.random.default_rng(seed)
    factors = factor_table()
    districts = [f"D{d:02d}" for d in range(1, 11)]
    blocks = [f"{districts[b % 10]}-B{b:04d}" for b in range(1000)]
    parcel_block = np.array(blocks)[np.arange(n_parcels) % 1000]
    parcels = np.char.add(np.char.add(parcel_block.astype(str), "-P"), np.arange(n_parcels).astype(str))
    built = rng.random(n_parcels) < 0.7
    buildings = np.char.add(parcels[built], "-G1")
    links = np.array([f"{districts[i % 10]}-L{i:06d}" for i in range(n_parcels // 2)])
    area = rng.uniform(200, 5000, n_parcels)
    units = pd.concat([
        pd.DataFrame({"unit_id": ["CITY"], "parent_id": [None], "level": ["city"]}),
        pd.DataFrame({"unit_id": districts, "parent_id": "CITY", "level": "district"}),
        pd.DataFrame({"unit_id": blocks, "parent_id": [b[:3] for b in blocks], "level": "block"}),
        pd.DataFrame({"unit_id": parcels, "parent_id": parcel_block, "level": "parcel", "area_m2": area,
                      "land_use": "bare_land"}),
        pd.DataFrame({"unit_id": buildings, "parent_id": parcels[built], "level": "building",
                      "area_m2": area[built] * 0.3, "floors": 6, "floor_area_m2": area[built] * 1.8}),
        pd.DataFrame({"unit_id": links, "parent_id": [link[:3] for link in links], "level": "link",
                      "length_m": rng.uniform(50, 800, len(links))}),
    ], ignore_index=True)
    grid = "china_grid_central_2023"
    kwh = area[built] * 1.8 * 60.0
    gas_tj = area[built] * 1.8 * 0.0002
    rows = [
        pd.DataFrame({"unit_id": np.repeat(parcels, 2), "flow": "sink",
                      "sector": "sequestration", "gpc_sector": "V", "scope": 1,
                      "carrier": np.tile(["grassland", "urban_trees"], n_parcels),
                      "activity": np.repeat(area, 2) / 10_000 * np.tile([0.3, 0.1], n_parcels),
                      "activity_unit": "ha",
                      "factor_id": np.tile(["sink_rate_grassland", "sink_rate_urban_trees"], n_parcels),
                      "conversion": -44 / 12, "conversion_note": "-44/12", "method": "zonal_exact"}),
        pd.DataFrame({"unit_id": buildings, "flow": "source", "sector": "residential", "gpc_sector": "I.1",
                      "scope": 2, "carrier": "electricity", "activity": kwh, "activity_unit": "kWh",
                      "factor_id": grid, "conversion": 1e-3, "conversion_note": "1/1000", "method": "downscaled"}),
    ]
    for gas in ("co2", "ch4_buildings", "n2o_buildings"):
        factor_id = f"ipcc2006_natural_gas_{gas}"
        rows.append(pd.DataFrame({"unit_id": buildings, "flow": "source", "sector": "residential",
                                  "gpc_sector": "I.1", "scope": 1, "carrier": "natural_gas", "activity": gas_tj,
                                  "activity_unit": "TJ", "factor_id": factor_id if factor_id in factors.index else
                                  "ipcc2006_natural_gas_co2", "conversion": 1e-3, "conversion_note": "kg -> t",
                                  "method": "downscaled"}))
    rows.append(pd.DataFrame({"unit_id": links, "flow": "source", "sector": "road_traffic", "gpc_sector": "II.1",
                              "scope": 1, "carrier": "vkm", "activity": rng.uniform(1e5, 5e6, len(links)),
                              "activity_unit": "vkm", "factor_id": "vehicle_vkm_arterial", "conversion": 1e-3,
                              "conversion_note": "kg -> t", "method": "downscaled"}))
    accounting = pd.concat(rows, ignore_index=True)
    accounting["activity_low"] = accounting["activity"] * 0.9
    accounting["activity_high"] = accounting["activity"] * 1.1
    return units, entries_module.finalize_entries(accounting, factors, "baseline", "bench", utc_now()), factors


def edit_mix(units, count, seed=1):
    """``count`` edits cycling through the measures, on random units of the right level."""
    rng = np.random.default_rng(seed)
    by_level = {level: group["unit_id"].to_numpy() for level, group in units.groupby("level")}
    plan = [
        ("parcel", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2}),
        ("link", "signal_countdown", {}),
        ("building", "building_retrofit", {"cut_electricity": 0.25}),
        ("building", "rooftop_pv", {}),
        ("parcel", "tree_planting", {"trees": 3}),
    ]
    return [(rng.choice(by_level[level]), measure, params) for level, measure, params in
            (plan[i % len(plan)] for i in range(count))]


def main(n_parcels=100_000, edits=200):
    started = time.perf_counter()
    units, entries, factors = synthetic_ledger(n_parcels)
    built = time.perf_counter() - started
    started = time.perf_counter()
    board = Chessboard(entries, units, factors, scenario="bench")
    loaded = time.perf_counter() - started
    timings, cpu_ms = {}, 0.0
    for unit_id, measure, params in edit_mix(units, edits):
        started, cpu = time.perf_counter(), time.process_time()
        result = board.apply(unit_id, measure, params)
        timings.setdefault(measure, []).append((time.perf_counter() - started) * 1000)
        cpu_ms += (time.process_time() - cpu) * 1000
        assert result.city is not None
    started = time.perf_counter()
    board.undo()
    undo_ms = (time.perf_counter() - started) * 1000
    everything = np.concatenate([np.array(v) for v in timings.values()])
    print(f"ledger: {n_parcels:,} parcels, {len(units):,} units and links, {len(entries):,} entries "
          f"(built in {built:.1f} s); Chessboard loaded in {loaded:.2f} s")
    print(f"{'measure':<22}{'edits':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for measure, values in timings.items():
        values = np.array(values)
        print(f"{measure:<22}{len(values):>6}{np.median(values):>11.1f}{np.percentile(values, 95):>9.1f}"
              f"{values.max():>9.1f}")
    print(f"{'all':<22}{len(everything):>6}{np.median(everything):>11.1f}{np.percentile(everything, 95):>9.1f}"
          f"{everything.max():>9.1f}   target < {TARGET_MS:.0f} ms per edit "
          f"({'met' if np.percentile(everything, 95) < TARGET_MS else 'NOT met'} at p95)")
    print(f"CPU time per edit {cpu_ms / len(everything):.1f} ms (wall times include waiting for the 2 shared "
          f"cores; load average {os.getloadavg()[0]:.1f})")
    print(f"undo of the last edit: {undo_ms:.2f} ms; city delta after {len(everything) - 1} edits: "
          f"{board.level_delta('CITY')['net_t']:+.1f} t CO2e/yr")
    print(f"RESULT name=scenario_edit_p95 units={n_parcels} seconds={np.percentile(everything, 95) / 1000:.4f} "
          f"peak_mb={own_peak_mb():.0f} "
          f"median_ms={np.median(everything):.1f} cpu_ms={cpu_ms / len(everything):.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
