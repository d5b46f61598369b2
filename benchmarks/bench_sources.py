"""Benchmark: source accounting of 1,000,000 buildings and 300,000 road links (issue 4: < 60 s, < 4 GB).

A synthetic ledger (made up; squares and straight links as geometry) holds a city, 20
districts, 2,000 blocks, N buildings (60% residential, 20% commercial, 10% public, 10%
industrial) and M road links in four classes. The activity table mixes both forms, so that
every building and every link gets an entry: per-district residential electricity (floor
area), city commercial/public/industrial electricity (floor area), city vehicle-km (traffic),
10,000 metered buildings and 1,000 traffic counts subtracted before downscaling. ``--full``
adds per-district residential natural gas (population; three gas entries per building) and
city landfilled waste (population), about 2.6 more entries per residential building. ``account_sources`` is
timed end to end -- validate, read the
ledger, resolve targets, downscale, apply factors, finalise entries (interval, fingerprint),
write entries/activities/factors in one transaction, roll up unit totals -- in a fresh process
whose peak resident memory is reported. Beside it, a plain-pandas reference computes the same
t CO2e (merge, groupby shares, one factor per row, no validation, no provenance) and writes
them with ``DataFrame.to_sql``, also in a fresh process.

Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_sources [--buildings N] [--links M]``.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from urban_carbon_ledger.algorithms.ledger.factors import shipped_factors
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.benchmarks.memory import own_peak_mb

CRS = "EPSG:4547"
TARGET_SECONDS = 60.0
TARGET_GB = 4.0
USES = np.array(["residential", "commercial", "public", "industrial"])
USE_SHARES = [0.6, 0.2, 0.1, 0.1]
CLASSES = np.array(["motorway", "arterial", "secondary", "local"])
CLASS_AADT = np.array([60_000, 25_000, 10_000, 2_000])
N_DISTRICTS, N_BLOCKS, N_METERED, N_COUNTS = 20, 2000, 10_000, 1_000
METERED_SHARE = 0.1
"""Largest share of commercial buildings metered and of links counted (small cities meter fewer)."""


def build(folder, n_buildings, n_links, full=False, seed=0):
    """Write the synthetic ledger and activity CSV into ``folder``; returns their paths."""
    rng = np.random.default_rng(seed)
    districts = np.array([f"D{d:02d}" for d in range(1, N_DISTRICTS + 1)])
    blocks = np.char.add(np.char.add(districts[np.arange(N_BLOCKS) % N_DISTRICTS], "-B"),
                         np.char.zfill(np.arange(N_BLOCKS).astype(str), 4))
    block_of = np.arange(n_buildings) % N_BLOCKS
    buildings = np.char.add(np.char.add(blocks[block_of], "-G"), np.char.zfill(np.arange(n_buildings).astype(str), 7))
    use = USES[rng.choice(4, n_buildings, p=USE_SHARES)]
    floors = rng.integers(1, 30, n_buildings)
    footprint = rng.uniform(80, 2000, n_buildings)
    population = np.where(use == "residential", np.round(footprint * floors / 35.0), 0.0)
    side = int(np.ceil(np.sqrt(n_buildings)))
    x, y = (np.arange(n_buildings) % side) * 50.0, (np.arange(n_buildings) // side) * 50.0
    units = gpd.GeoDataFrame({
        "unit_id": np.concatenate([["CITY"], districts, blocks, buildings]),
        "parent_id": np.concatenate([[None], np.full(N_DISTRICTS, "CITY"), districts[np.arange(N_BLOCKS) % N_DISTRICTS],
                                     blocks[block_of]]).astype(object),
        "level": np.repeat(["city", "district", "block", "building"], [1, N_DISTRICTS, N_BLOCKS, n_buildings]),
        "land_use": np.concatenate([np.full(1 + N_DISTRICTS + N_BLOCKS, None), use]),
        "source_id": np.concatenate([[None], districts, np.full(N_BLOCKS, None),
                                     np.char.add("G", np.arange(n_buildings).astype(str))]).astype(object),
        "floors": np.concatenate([np.full(1 + N_DISTRICTS + N_BLOCKS, np.nan), floors]),
        "floor_area_m2": np.concatenate([np.full(1 + N_DISTRICTS + N_BLOCKS, np.nan), footprint * floors]),
        "population": np.concatenate([np.full(1 + N_DISTRICTS + N_BLOCKS, np.nan), population]),
    }, geometry=np.concatenate([[shapely.box(0, 0, side * 50.0, side * 50.0)] * (1 + N_DISTRICTS + N_BLOCKS),
                                shapely.box(x, y, x + 20.0, y + 20.0)]), crs=CRS)
    road_class = rng.choice(4, n_links)
    length = rng.uniform(50, 500, n_links)
    lx, ly = rng.uniform(0, side * 50.0, n_links), rng.uniform(0, side * 50.0, n_links)
    links = gpd.GeoDataFrame({
        "unit_id": np.char.add(np.char.add(districts[np.arange(n_links) % N_DISTRICTS], "-L"),
                               np.arange(n_links).astype(str)),
        "parent_id": districts[np.arange(n_links) % N_DISTRICTS], "level": "link",
        "source_id": np.char.add("R", np.arange(n_links).astype(str)),
        "road_class": CLASSES[road_class], "length_m": length,
        "aadt": np.round(CLASS_AADT[road_class] * rng.uniform(0.5, 1.5, n_links)),
    }, geometry=shapely.linestrings(np.stack([np.stack([lx, ly], 1), np.stack([lx + length, ly], 1)], 1)), crs=CRS)
    ledger_path = os.path.join(folder, "ledger.gpkg")
    create_ledger(ledger_path, CRS)
    with Ledger(ledger_path).transaction("benchmark:setup") as writer:
        writer.append_rows("units", units)
        writer.append_rows("links", links)
    activity_path = os.path.join(folder, "activity.csv")
    activity(rng, districts, units, links, full).to_csv(activity_path, index=False)
    return ledger_path, activity_path


def activity(rng, districts, units, links, full):
    """The activity table: top-down totals sized so that the metered rows fit inside them.

    full: add residential natural gas (three gases per building) and landfilled waste.
    """
    people = units["population"].sum()
    floor = units.groupby("land_use")["floor_area_m2"].sum()
    rows = []
    for d in districts:
        rows.append((f"E-{d}", d, "residential", "electricity", 1_000 * people / N_DISTRICTS * 1.1, "kWh", 5,
                     "floor_area"))
        if full:
            rows.append((f"G-{d}", d, "residential", "natural_gas", 60 * people / N_DISTRICTS * 1.1, "m3", 10,
                         "population"))
    for sector, use, intensity in (("commercial", "commercial", 100), ("public", "public", 80),
                                   ("industry_combustion", "industrial", 250)):
        rows.append((f"E-{sector}", "", sector, "electricity", intensity * floor[use] / 1000, "MWh", 5, "floor_area"))
    vkm = float((links["length_m"] / 1000 * links["aadt"]).sum() * 366)
    rows.append(("V-CITY", "", "road_traffic", "vkm", vkm, "vkm", 15, "traffic"))
    if full:
        rows.append(("W-CITY", "", "waste", "msw_landfill", people * 0.365, "t", 20, "population"))
    commercial = units.index[(units["land_use"] == "commercial").to_numpy()]
    for i in rng.choice(commercial, min(N_METERED, int(len(commercial) * METERED_SHARE)), replace=False):
        rows.append((f"M-{i}", units.at[i, "source_id"], "commercial", "electricity", units.at[i, "floor_area_m2"] * 90,
                     "kWh", 2, ""))
    for i in rng.choice(len(links), min(N_COUNTS, int(len(links) * METERED_SHARE)), replace=False):
        rows.append((f"C-{i}", links["source_id"].iat[i], "road_traffic", "vkm", links["aadt"].iat[i], "veh/day", 5,
                     ""))
    frame = pd.DataFrame(rows, columns=["row_id", "target", "sector", "carrier", "amount", "unit", "uncertainty_pct",
                                        "proxy"])
    frame["year"] = 2024
    return frame


def run_ours(ledger_path, activity_path):
    """Time account_sources end to end (this process is fresh)."""
    from urban_carbon_ledger.algorithms.sources.accounting import account_sources

    activity_frame = pd.read_csv(activity_path, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    written, total = account_sources(ledger_path, activity_frame, 2024, grid_year=2023)
    return {"seconds": time.perf_counter() - started, "entries": written, "total_t": total}


def run_pandas(ledger_path, activity_path):
    """Plain-pandas reference: the same numbers without validation or provenance."""
    import sqlite3

    started = time.perf_counter()
    factors = shipped_factors()["value"]
    with sqlite3.connect(ledger_path) as connection:
        units = pd.read_sql_query("SELECT unit_id, parent_id, level, land_use, source_id, floor_area_m2, population "
                                  "FROM units", connection)
        links = pd.read_sql_query("SELECT unit_id, parent_id, source_id, road_class, length_m, aadt FROM links",
                                  connection)
    rows = pd.read_csv(activity_path)
    buildings = units[units["level"] == "building"].copy()
    buildings["district"] = buildings["parent_id"].map(units.set_index("unit_id")["parent_id"])
    metered = rows[rows["row_id"].str.startswith("M-")].merge(buildings[["source_id", "unit_id"]], left_on="target",
                                                              right_on="source_id")
    counts = rows[rows["row_id"].str.startswith("C-")].merge(links[["source_id", "unit_id", "length_m", "road_class"]],
                                                           left_on="target", right_on="source_id")
    grid, ncv = factors["china_grid_central_2023"] / 1000, factors["ncv_natural_gas"] * 1e-6
    gas = sum(factors[f"ipcc2006_natural_gas_{g}"] * factors[f"gwp_ar5_{w}"] for g, w in
              (("co2", "co2"), ("ch4_buildings", "ch4"), ("n2o_buildings", "n2o"))) * ncv / 1000
    parts = []
    for _, row in rows[rows["proxy"].notna()].iterrows():
        if row["proxy"] == "traffic":
            take = links[~links["unit_id"].isin(counts["unit_id"])].copy()
            weight = take["length_m"] * take["aadt"]
            remainder = row["amount"] - (counts["amount"] * counts["length_m"] / 1000 * 366).sum()
            factor = take["road_class"].map(lambda c: factors[f"vehicle_vkm_{c}"]) / 1000
        else:
            take = buildings if row["target"] != row["target"] else buildings[buildings["district"] == row["target"]]
            if row["proxy"] == "floor_area":
                use = {"residential": "residential", "commercial": "commercial",
                       "public": "public"}.get(row["sector"], "industrial")
                take = take[take["land_use"] == use]
                known = metered[metered["sector"] == row["sector"]]
                take = take[~take["unit_id"].isin(known["unit_id"])]
                weight = take["floor_area_m2"]
                amount = row["amount"] * (1000 if row["unit"] == "MWh" else 1)
                remainder = amount - known["amount"].sum()
                factor = grid
            else:
                take = take[take["population"] > 0]
                weight, remainder = take["population"], row["amount"]
                factor = gas if row["carrier"] == "natural_gas" else factors["waste_landfill_msw"]
        parts.append(pd.DataFrame({"unit_id": take["unit_id"].to_numpy(),
                                   "co2e_t": (remainder * weight / weight.sum() * factor).to_numpy()}))
    parts.append(pd.DataFrame({"unit_id": metered["unit_id"], "co2e_t": metered["amount"] * grid}))
    parts.append(pd.DataFrame({"unit_id": counts["unit_id"],
                               "co2e_t": counts["amount"] * counts["length_m"] / 1000 * 366
                               * counts["road_class"].map(lambda c: factors[f"vehicle_vkm_{c}"]) / 1000}))
    entries = pd.concat(parts, ignore_index=True)
    with sqlite3.connect(ledger_path) as connection:
        entries.to_sql("reference_entries", connection, if_exists="replace", index=False)
    return {"seconds": time.perf_counter() - started, "entries": len(entries),
            "total_t": float(entries["co2e_t"].sum())}


def child(kind, ledger_path, activity_path):
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = (run_ours if kind == "ours" else run_pandas)(ledger_path, activity_path)
    after = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    result["peak_gb"] = own_peak_mb() / 1024.0
    print(json.dumps(result))


def clear(folder):
    """Reuse a folder of an earlier run: drop the entries, activities and reference rows it holds."""
    import sqlite3

    ledger_path, activity_path = os.path.join(folder, "ledger.gpkg"), os.path.join(folder, "activity.csv")
    with sqlite3.connect(ledger_path) as connection:
        connection.execute("DELETE FROM entries")
        connection.execute("DELETE FROM activities")
        connection.execute("DROP TABLE IF EXISTS reference_entries")
    with sqlite3.connect(ledger_path) as connection:
        connection.execute("VACUUM")
    return ledger_path, activity_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=300_000)
    parser.add_argument("--full", action="store_true", help="add residential gas (3 gases) and waste entries")
    parser.add_argument("--reuse", metavar="FOLDER",
                        help="ledger folder of an earlier run (same sizes); entries are cleared")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "LEDGER", "ACTIVITY"))
    arguments = parser.parse_args()
    if arguments.child:
        return child(*arguments.child)
    started = time.perf_counter()
    if arguments.reuse:
        folder = arguments.reuse
        ledger_path, activity_path = clear(folder)
    else:
        folder = tempfile.mkdtemp(prefix="bench_sources_")
        ledger_path, activity_path = build(folder, arguments.buildings, arguments.links, arguments.full)
    print(f"setup: {arguments.buildings:,} buildings, {arguments.links:,} links in "
          f"{time.perf_counter() - started:.1f} s ({folder})")
    results = {}
    for kind in ("ours", "pandas"):
        completed = subprocess.run([sys.executable, "-m", "benchmarks.bench_sources", "--child", kind, ledger_path,
                                    activity_path], capture_output=True, text=True, env=os.environ)
        if completed.returncode != 0:
            sys.exit(completed.stderr[-3000:])
        results[kind] = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"{'':34s} {'wall s':>8s} {'CPU s':>8s} {'peak GB':>8s} {'entries':>10s} {'t CO2e/yr':>14s}")
    for kind, label in (("ours", "carbonledger:accountsources core"), ("pandas", "plain pandas reference")):
        r = results[kind]
        print(f"{label:34s} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} {r['peak_gb']:8.2f} {r['entries']:10,d} "
              f"{r['total_t']:14,.1f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall time grows with it)")
    ours, reference = results["ours"], results["pandas"]
    print(f"totals agree to {abs(ours['total_t'] - reference['total_t']) / reference['total_t']:.1e} (relative); "
          f"targets: < {TARGET_SECONDS:.0f} s and < {TARGET_GB:.0f} GB -> "
          f"{'met' if ours['seconds'] < TARGET_SECONDS and ours['peak_gb'] < TARGET_GB else 'NOT met'}")
    print(f"RESULT name=account_sources units={arguments.buildings} links={arguments.links} entries={ours['entries']} "
          f"seconds={ours['seconds']:.2f} peak_mb={ours['peak_gb'] * 1024:.0f} peer=plain_pandas "
          f"peer_seconds={reference['seconds']:.2f} peer_peak_mb={reference['peak_gb'] * 1024:.0f}")


if __name__ == "__main__":
    main()
