"""Scale-out: the Dask path writes exactly the entries, intervals, fingerprints, stocks and unit
statistics of the single-machine run."""
import hashlib
import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.cli import scale
from urban_carbon_ledger.algorithms.greenspace import indirect_benefits, service_flows
from urban_carbon_ledger.algorithms.ledger import partitions
from urban_carbon_ledger.algorithms.sinks import accounting as sinks
from urban_carbon_ledger.algorithms.greenspace.budget import DEFAULT_GRID_FACTOR
from urban_carbon_ledger.algorithms.greenspace.parameters import Parameters
from urban_carbon_ledger.algorithms.greenspace.green_units import read_green_context
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.core.progress import NO_PROGRESS
from urban_carbon_ledger.algorithms.sources.accounting import ALGORITHM

import scale_out_runs
from scale_out_runs import segmented_ledger, synthetic_activity
from synthetic_city import make_city

ITERATIONS, SEED = 100, 7


def both_runs(folder, ledger_path, client, **steps):
    """scale_out_runs.run_both with the test's Monte Carlo: (summaries here, on the cluster, both ledgers)."""
    runs = scale_out_runs.run_both(folder, ledger_path, client, iterations=ITERATIONS, seed=SEED, **steps)
    return runs.expected, runs.got, Ledger(runs.single), Ledger(runs.spread)


def assert_same_ledgers(single, spread, tables=()):
    """Equal to the bit (scale_out_runs.differences), with entries (and ``tables``) not empty."""
    assert scale_out_runs.differences(single.path, spread.path) == {}
    entries = single.read_table("entries", columns=["co2e_t", "low_t", "high_t"])
    assert len(entries) > 0 and all(single.count(table) > 0 for table in tables)
    assert (entries["low_t"] <= entries["co2e_t"]).all() and (entries["co2e_t"] <= entries["high_t"]).all()


def test_district_of_and_partitions_by_hand():
    units = pd.DataFrame({
        "unit_id": ["C", "D1", "D2", "B1", "B2", "P1", "P2", "P3"],
        "parent_id": [None, "C", "C", "D1", "D2", "B1", "B1", "B2"],
        "level": ["city", "district", "district", "block", "block", "parcel", "parcel", "parcel"],
    })
    links = pd.DataFrame({"unit_id": ["L1"], "parent_id": ["D2"]})
    district = partitions.district_of(units, links)
    assert district.to_dict() == {"C": partitions.ABOVE_DISTRICTS, "D1": "D1", "D2": "D2", "B1": "D1", "B2": "D2",
                                  "P1": "D1", "P2": "D1", "P3": "D2", "L1": "D2"}
    # rows:        0     1     2     3     4     5     6     7
    rows = ["P1", "P2", "P3", "P1", "L1", "C", "P2", "B1"]
    parts = partitions.partition_rows(rows, district, max_rows=2)
    # D1 holds P1 (0, 3), P2 (1, 6), B1 (7): cut at unit boundaries before a part passes 2 rows;
    # D2 holds P3 (2) and L1 (4); the city row (5) is a partition of its own.
    assert [p.tolist() for p in parts] == [[0, 3], [1, 6], [7], [2, 4], [5]]
    assert [p.tolist() for p in partitions.partition_rows(rows, district, max_rows=3)] == [[0, 3], [1, 6, 7], [2, 4],
                                                                                           [5]]
    assert [p.tolist() for p in partitions.partition_rows(rows, district, max_rows=5)] == [[0, 1, 3, 6, 7], [2, 4], [5]]


def test_districts_in_a_given_order_and_small_partitions_merged_by_hand():
    district = pd.Series({"P1": "D1", "P2": "D1", "P3": "D2", "P4": "D3", "C": partitions.ABOVE_DISTRICTS})
    rows = ["P1", "P3", "P4", "P2", "C", "P4"]
    parts = partitions.partition_rows(rows, district, max_rows=10, districts=["D3", "D2", "D1"])
    assert [p.tolist() for p in parts] == [[2, 5], [1], [0, 3], [4]]  # D3, D2, D1, then the city
    assert [p.tolist() for p in partitions.merge_partitions(parts, 3)] == [[1, 2, 5], [0, 3, 4]]
    assert [p.tolist() for p in partitions.merge_partitions(parts, 2)] == [[2, 5], [1], [0, 3], [4]]


def test_teaching_district_same_entries(tmp_path, teaching_ledger, dask_threads):
    # sources with facilities; sinks by rates with CANOPY and the 2015 land cover, on parcels and buildings
    activity, facilities, sink = scale_out_runs.teaching_district_inputs()
    expected, got, single, spread = both_runs(str(tmp_path), teaching_ledger, dask_threads, activity=activity,
                                              facilities=facilities, max_rows=400, sink=sink, max_units=150)
    assert got == expected
    assert expected[1]["entries"] > 0 and expected[1]["units"] > 3 * 150  # several sink partitions
    assert_same_ledgers(single, spread, ("stocks", "unit_stats"))
    methods = set(single.read_table("entries", columns=["method"])["method"])
    assert {"zonal_exact", "zonal_exact_canopy", "transition_tier1", "pruning_removal"} <= methods


@pytest.mark.cluster  # scale.main starts its own cluster (--workers 2 --no-processes)
def test_scale_command_runs_sources_sinks_and_monte_carlo(teaching_ledger, sample_dir, capsys):
    ledger_path = teaching_ledger
    sample = os.path.join(sample_dir, "teaching_district.gpkg")
    scale.main([ledger_path, "--year", "2024", "--grid-year", "2023",
                "--activity", os.path.join(sample_dir, "activity_2024.csv"),
                "--facilities", f"{sample}|layername=facilities",
                "--landcover", os.path.join(sample_dir, "landcover_2024_10m.tif"), "--max-units", "100",
                "--service-flows", "area", "--indirect-benefits", "--max-green-units", "300",
                "--workers", "2", "--no-processes", "--montecarlo", "50", "--quiet"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["sources", "sinks", "service flows", "indirect benefits",
                                                     "Monte Carlo (50 iterations, seed 42, on the driver)"]
    ledger = Ledger(ledger_path)
    runs = ledger.read_table("runs", columns=["algorithm", "parameters", "input_fingerprints"])
    # after segmentunits, before the Monte Carlo
    assert runs["algorithm"].tolist()[-5:-1] == [ALGORITHM, sinks.ALGORITHM, service_flows.ALGORITHM,
                                                 indirect_benefits.ALGORITHM]
    assert '"MAX_UNITS": 100' in runs["parameters"].iat[-4]
    with open(os.path.join(sample_dir, "activity_2024.csv"), "rb") as handle:  # the file's bytes, as Processing
        activity_sha256 = hashlib.sha256(handle.read()).hexdigest()
    assert json.loads(runs["input_fingerprints"].iat[-5])["ACTIVITY"] == activity_sha256
    assert '"MAX_GREEN_UNITS": 300' in runs["parameters"].iat[-2] and '"SUPPLY": "area"' in runs["parameters"].iat[-3]
    assert ledger.count("service_access") > 0
    entries = ledger.read_table("entries", columns=["flow", "co2e_t", "low_t", "high_t"])
    assert set(entries["flow"]) >= {"source", "sink", "avoided"}
    assert (entries["low_t"] <= entries["co2e_t"]).all() and (entries["co2e_t"] <= entries["high_t"]).all()


@pytest.fixture(scope="module")
def synthetic_ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    city = make_city(2000, seed=1, raster=True, out_dir=str(folder), n_districts=4)
    path = segmented_ledger(str(folder / "ledger.gpkg"), city.districts, city.roads, city.landuse, city.buildings,
                            city.crs)
    return path, synthetic_activity(path), city


def test_synthetic_city_same_entries_threads(tmp_path, synthetic_ledger, dask_threads):
    ledger_path, activity, _ = synthetic_ledger
    expected, got, single, spread = both_runs(str(tmp_path), ledger_path, dask_threads, activity=activity, max_rows=300)
    assert got == expected
    assert_same_ledgers(single, spread)
    assert single.count("entries") > 4 * 300  # several partitions per district


def test_synthetic_city_same_entries_processes(tmp_path, synthetic_ledger, dask_processes):
    ledger_path, activity, _ = synthetic_ledger
    expected, got, single, spread = both_runs(str(tmp_path), ledger_path, dask_processes, activity=activity,
                                              max_rows=2000)
    assert got == expected
    assert_same_ledgers(single, spread)


def test_synthetic_city_sinks_by_light_use_same_on_worker_processes(tmp_path, synthetic_ledger, dask_processes):
    ledger_path, _, city = synthetic_ledger
    sink = {"landcover": city.landcover_path, "ndvi": city.ndvi_path, "method": "lue", "year": 2024,
            "levels": ("parcel", "building")}
    expected, got, single, spread = both_runs(str(tmp_path), ledger_path, dask_processes, sink=sink, max_units=700)
    assert got == expected
    assert_same_ledgers(single, spread, ("stocks", "unit_stats"))
    assert single.count("entries") > 4 * 700


@pytest.mark.slow
def test_sink_partitions_keep_nesting_whole(tmp_path, synthetic_ledger):
    """Small partitions split districts at parcel boundaries: each building still nests in its
    parcel, so stocks per unit agree with one partition per district (up to rounding)."""
    ledger_path, _, city = synthetic_ledger
    sink = {"landcover": city.landcover_path, "year": 2024, "levels": ("parcel", "building")}
    results = []
    for max_units in (300, 10 ** 9):
        path = str(tmp_path / f"ledger_{max_units}.gpkg")
        shutil.copy(ledger_path, path)
        sinks.account_sinks(path, max_units=max_units, **sink)
        stocks = Ledger(path).read_table("stocks").set_index(["unit_id", "pool", "year"])
        results.append(stocks["stock_t_c"].sort_index())
    small, whole = (r.reindex(results[0].index.union(results[1].index), fill_value=0.0) for r in results)
    # a floored remainder can be 1e-13 t C (a row) in one run and 0 (no row) in the other
    np.testing.assert_allclose(small.to_numpy(), whole.to_numpy(), rtol=1e-9, atol=1e-9)
    level = Ledger(ledger_path).read_table("units", columns=["unit_id", "level"]).set_index("unit_id")["level"]
    assert (level.reindex(small.index.get_level_values("unit_id")) == "building").any()  # nested units were accounted


RADII = pd.read_csv(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "greenspace",
                                 "access.csv")).query("parameter == 'search_radius'")["factor_id"].tolist()
SMALL_KERNELS = pd.DataFrame([
    {"factor_id": factor_id, "value": value, "unit": "m", "low": value, "high": value, "distribution": "uniform",
     "source": "test: kernels narrower than the synthetic city's districts", "year": 2024, "region": "test"}
    for factor_id, value in [(row, 600.0) for row in RADII] + [("gs_cooling_distance", 120.0)]
])
"""PARAMETERS override: catchments of 600 m and a cooling cut-off of 600 m, so that on the 14 km
synthetic city each partition's halo holds only part of the city."""


@pytest.fixture(scope="module")
def sample_with_sinks(segmented_teaching_district, tmp_path_factory):
    """The teaching district's ledger with its sinks (rates, CANOPY) on parcels and buildings."""
    ledger_path = segmented_teaching_district.copy(tmp_path_factory.mktemp("sample_green") / "ledger.gpkg")
    sinks.account_sinks(ledger_path, **scale_out_runs.teaching_district_inputs()[2])
    return ledger_path


@pytest.fixture(scope="module")
def city_with_sinks(synthetic_ledger, tmp_path_factory):
    """The synthetic city's ledger with its sinks (rates) on parcels and buildings."""
    path = str(tmp_path_factory.mktemp("city_green") / "ledger.gpkg")
    shutil.copy(synthetic_ledger[0], path)
    sinks.account_sinks(path, landcover=synthetic_ledger[2].landcover_path, year=2024, levels=("parcel", "building"))
    return path


def test_teaching_district_service_flows_and_cooling_same_on_cluster(tmp_path, sample_with_sinks, dask_threads):
    expected, got, single, spread = both_runs(str(tmp_path), sample_with_sinks, dask_threads,
                                              flows={"supply_kind": "area"}, benefits={}, max_green_units=150)
    assert got == expected
    assert_same_ledgers(single, spread, ("service_access", "service_districts", "service_flow_matrix", "service_flows"))
    assert single.count("entries", {"sector": "greenspace_cooling"}) > 0
    context = read_green_context(single)
    buildings = service_flows.residents(context["units"], NO_PROGRESS)
    parts = partitions.district_parts(context["units"], pd.concat([buildings["unit_id"], context["green"]["unit_id"]]),
                                      150)
    assert len(parts) > 5  # the cluster run went through many partitions
    assert expected[0]["cross_district_share"] > 0  # flows cross district boundaries


def test_synthetic_city_service_flows_and_cooling_same_on_worker_processes(tmp_path, city_with_sinks, dask_processes):
    expected, got, single, spread = both_runs(
        str(tmp_path), city_with_sinks, dask_processes, flows={"supply_kind": "sink", "kernel_kind": "gaussian",
                                                              "parameters": SMALL_KERNELS},
        benefits={"parameters": SMALL_KERNELS}, max_green_units=200)
    assert got == expected
    assert_same_ledgers(single, spread, ("service_access", "service_flow_matrix"))
    assert single.count("entries", {"sector": "greenspace_cooling"}) > 0


def _city_inputs(ledger_path):
    """(units, parameters, catchment tables, reach, cooling tables, reach) of the synthetic city with
    SMALL_KERNELS, as the partitioned runs build them."""
    ledger = Ledger(ledger_path)
    context = read_green_context(ledger)
    table = Parameters(SMALL_KERNELS)
    residents = service_flows.residents(context["units"], NO_PROGRESS)
    green = context["green"]
    supply = service_flows.green_supply("area", context, table, ledger, "baseline")
    radius = table.values_for("search_radius", green["design_type"])
    flows = service_flows.catchment_inputs(residents, green, supply, radius)
    ids = pd.concat([residents["unit_id"], green["unit_id"]]).to_numpy()
    buildings, parks, reach = indirect_benefits.cooling_inputs(context, table)
    return context["units"], table, flows, ids, float(radius.max()), (buildings, parks), reach


@pytest.mark.slow
def test_a_halo_narrower_than_the_kernel_changes_results(city_with_sinks):
    """The partitioned results equal the whole-city ones only because of the halo: with the halo
    cut to a quarter of the kernel's reach, partitions miss green units (or residents) that reach
    their buildings, and the results differ."""
    units, table, (residents, green), ids, radius, (buildings, parks), reach = _city_inputs(city_with_sinks)
    assert radius == 600.0 and reach == 5 * 120.0
    whole = [np.arange(len(residents) + len(green))]
    parts = partitions.district_parts(units, ids, 200)
    assert len(parts) > 4
    expected = service_flows.catchment_by_partition(residents, green, whole, radius, "exponential")[3]
    for halo, same in ((radius, True), (radius / 4, False)):
        got = service_flows.catchment_by_partition(residents, green, parts, halo, "exponential")[3]
        assert np.array_equal(got, expected) is same

    def cooled(parts, halo):
        results = [indirect_benefits.cooling_partition(*task, parameters=table, grid_factor_id=DEFAULT_GRID_FACTOR,
                                                       scenario="baseline", run_id="r", computed_at="t")
                   for task in indirect_benefits.cooling_tasks(buildings, parks, parts, halo)]
        per_building = pd.concat([part.per_building for part in results], ignore_index=True)
        return per_building.set_index("unit_id")["cc_park"].sort_index()

    expected = cooled([np.arange(len(buildings))], reach)
    parts = partitions.district_parts(units, buildings["unit_id"].to_numpy(), 200)
    assert len(parts) > 4
    pd.testing.assert_series_equal(cooled(parts, reach), expected, check_exact=True)
    assert not cooled(parts, reach / 4).equals(expected)


@pytest.mark.cluster  # scale.main starts its own cluster
def test_a_refused_command_leaves_an_old_ledger_byte_for_byte(tmp_path):
    """The command line migrates an old ledger only for a run that goes through: an ACTIVITY with only a
    header is refused and the release 0.1.0 ledger keeps its bytes, its schema included."""
    import shutil

    old = str(tmp_path / "old.gpkg")
    shutil.copyfile(os.path.join(os.path.dirname(__file__), "data", "ledger_v0_1_0.gpkg"), old)
    activity = tmp_path / "activity.csv"
    activity.write_text("row_id,target,sector,carrier,amount,unit,uncertainty_pct,year,proxy\n", encoding="utf-8")
    before = open(old, "rb").read()
    with pytest.raises(SystemExit, match="error: .*ACTIVITY"):
        scale.main([old, "--year", "2024", "--activity", str(activity), "--workers", "1", "--no-processes", "--quiet"])
    assert open(old, "rb").read() == before
    assert not os.path.exists(old + ".pre-migration")
