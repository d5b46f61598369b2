"""Uncertainty: Approach 1 by hand, Monte Carlo against Approach 1, correlation, containment, seeds."""
import json
import math

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.mrv import monte_carlo, uncertainty
from urban_carbon_ledger.algorithms.mrv.distributions import draw_factors, triangular_support
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger.store import Ledger

from mrv_ledger import FACTORS, baseline_texts, build


def read_bounds(ledger):
    entries = ledger.read_table("entries").set_index("entry_id")
    units = pd.concat([ledger.read_table("units"), ledger.read_table("links")]).set_index("unit_id")
    return entries, units


def entry_of(entries, unit_id, flow="source"):
    return entries[(entries["unit_id"] == unit_id) & (entries["flow"] == flow)].iloc[0]


def test_approach1_matches_hand_calculation(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    summary = uncertainty.run_uncertainty(ledger.path, method="approach1")
    entries, units = read_bounds(ledger)
    # building G1: 1,000 MWh +-10% x 0.5 t/MWh +-10% -> relative sqrt(0.1^2 + 0.1^2)
    g1 = entry_of(entries, "D1-B1-G1")
    assert g1["low_t"] == pytest.approx(500 * (1 - math.sqrt(0.02)))
    assert g1["high_t"] == pytest.approx(500 * (1 + math.sqrt(0.02)))
    # natural gas: 10 TJ +-5% x 56.1 t/TJ (54.3-58.3): asymmetric, each side on its own
    gas = entry_of(entries, "D2-G1")
    gas_low = 561 * (1 - math.sqrt(0.05 ** 2 + (1.8 / 56.1) ** 2))
    gas_high = 561 * (1 + math.sqrt(0.05 ** 2 + (2.2 / 56.1) ** 2))
    assert (gas["low_t"], gas["high_t"]) == pytest.approx((gas_low, gas_high))
    sink = entry_of(entries, "D1-B1-P1", "sink")
    assert (sink["low_t"], sink["high_t"]) == pytest.approx((-44.0, -4.0 * 2.0 * 44 / 12))
    # block = 500 + 200 - 36.667. G1 and G2 cite one grid factor (+-10%): its part is (500 + 200) x 0.1 = 70
    # (IPCC 2006 Vol 1 Ch 3 3.2.3.1, fully correlated); G1's activity part 500 x 0.1 = 50 and the sink's
    # 44 - 36.667 are independent: they add in quadrature (entries independent would give 80.1, not 86.3)
    block_dev = math.sqrt(70 ** 2 + 50 ** 2 + (44 - 110 / 3) ** 2)
    assert units.at["D1-B1", "net_t"] == pytest.approx(500 + 200 - 110 / 3)
    assert units.at["D1-B1", "net_low_t"] == pytest.approx(500 + 200 - 110 / 3 - block_dev)
    # district D2 = gas + link (two factors: in quadrature); the avoided -50 t stays out of the net
    d2_low = 961 - math.sqrt((561 - gas_low) ** 2 + 40 ** 2)
    assert units.at["D2", "net_t"] == pytest.approx(961)
    assert units.at["D2", "net_low_t"] == pytest.approx(d2_low)
    city_low = 1624 + 1 / 3 - math.sqrt(block_dev ** 2 + (961 - d2_low) ** 2)
    assert units.at["C", "net_low_t"] == pytest.approx(city_low)
    assert (summary["net_t"], summary["net_low_t"]) == pytest.approx((1624 + 1 / 3, city_low))
    assert list(summary["districts"].index) == ["D1", "D2"]


@pytest.mark.parametrize("kind", ["normal", "lognormal", "triangular", "uniform"])
def test_fitted_distributions_keep_the_stated_percentiles(kind):
    table = pd.DataFrame({"factor_id": ["f"], "value": [10.0], "low": [8.0], "high": [13.0], "distribution": [kind]})
    draws = draw_factors(table, 400_000, np.random.default_rng(1))[0]
    low, high = np.percentile(draws, [2.5, 97.5])
    assert low == pytest.approx(8.0, abs=0.03)
    assert high == pytest.approx(13.0, abs=0.03)


def test_lognormal_draws_have_the_stated_value_as_median():
    # a vehicle factor of 10 with 95% range 8-13: its median is 10 (ln X two-piece normal about ln 10,
    # sigma ln(10/8)/1.96 = 0.1138 below, ln(13/10)/1.96 = 0.1339 above), not sqrt(8 x 13) = 10.198
    table = pd.DataFrame({"factor_id": ["f"], "value": [10.0], "low": [8.0], "high": [13.0],
                          "distribution": ["lognormal"]})
    draws = draw_factors(table, 400_000, np.random.default_rng(5))[0]
    assert np.median(draws) == pytest.approx(10.0, abs=0.01)
    assert np.percentile(draws, 84.134) == pytest.approx(10.0 * math.exp(math.log(1.3) / 1.959964), abs=0.02)


def test_triangular_support_by_hand():
    # symmetric, mode 0, percentiles -1 and 1: b = 1 + b sqrt(0.05) -> b = 1 / (1 - sqrt(0.05))
    a, b = triangular_support(np.array([0.0]), np.array([-1.0]), np.array([1.0]))
    assert b[0] == pytest.approx(1 / (1 - math.sqrt(0.05)))
    assert a[0] == pytest.approx(-b[0])


def test_percentiles_equal_numpy():
    samples = np.random.default_rng(3).lognormal(size=(7, 1000))
    low, high = monte_carlo._percentiles(samples.copy())
    expected = np.percentile(samples, [2.5, 97.5], axis=1)
    np.testing.assert_allclose(low, expected[0])
    np.testing.assert_allclose(high, expected[1])


def frames(count, shared, factor_pct=0.10, activity_pct=0.05, per_unit=100.0):
    """``count`` buildings under one district, each one entry of ``per_unit`` t CO2e/yr."""
    hierarchy = pd.DataFrame({
        "unit_id": ["C", "D"] + [f"G{i}" for i in range(count)],
        "parent_id": [None, "C"] + ["D"] * count,
    })
    factor_ids = ["grid"] * count if shared else [f"grid{i}" for i in range(count)]
    entries = pd.DataFrame({
        "unit_id": [f"G{i}" for i in range(count)], "flow": "source", "activity": per_unit,
        "activity_low": per_unit * (1 - activity_pct), "activity_high": per_unit * (1 + activity_pct),
        "factor_id": factor_ids, "conversion": 1.0, "co2e_t": per_unit,
    })
    factors = pd.DataFrame({"factor_id": sorted(set(factor_ids)), "value": 1.0, "low": 1 - factor_pct,
                            "high": 1 + factor_pct, "distribution": "normal"})
    return entries, factors, hierarchy


def test_monte_carlo_converges_to_approach1_for_small_symmetric_uncertainties():
    entries, factors, hierarchy = frames(3, shared=False, factor_pct=0.02, activity_pct=0.03)
    mc = uncertainty.monte_carlo(entries, factors, hierarchy, 20_000, seed=11)
    a1 = uncertainty.approach1(entries.assign(factor=1.0), factors, hierarchy)
    half_a1 = a1["units"]["net_high_t"] - a1["units"]["net_t"]
    for column in ("net_low_t", "net_high_t"):
        np.testing.assert_allclose(mc["units"][column], a1["units"][column], atol=0.03 * half_a1.max())
    np.testing.assert_allclose(mc["entry_low_t"], a1["entry_low_t"], atol=0.03 * 100 * math.hypot(0.02, 0.03))
    assert mc["total"] == pytest.approx(a1["total"], rel=2e-3)


def test_city_interval_is_wider_with_a_shared_factor_than_with_independent_ones():
    correlated = uncertainty.monte_carlo(*frames(50, shared=True), 4000, seed=5)
    independent = uncertainty.monte_carlo(*frames(50, shared=False), 4000, seed=5)
    width_correlated = correlated["total"][2] - correlated["total"][1]
    width_independent = independent["total"][2] - independent["total"][1]
    # shared: 10% of 5,000 t from the factor, activities +-5% x 100 x sqrt(50) -> ~1,002 t wide;
    # independent: sqrt(50) x 100 x sqrt(0.1^2 + 0.05^2) x 2 -> ~158 t wide
    assert width_correlated == pytest.approx(2 * math.hypot(500, 5 * math.sqrt(50)), rel=0.06)
    assert width_independent == pytest.approx(2 * math.sqrt(50) * 100 * math.hypot(0.1, 0.05), rel=0.06)
    assert width_correlated > 4 * width_independent


def test_intervals_contain_the_estimate(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    for method in ("montecarlo", "approach1"):
        uncertainty.run_uncertainty(ledger.path, method=method, iterations=500, seed=3)
        entries, units = read_bounds(ledger)
        assert (entries["low_t"] <= entries["co2e_t"]).all() and (entries["co2e_t"] <= entries["high_t"]).all()
        assert (units["net_low_t"] <= units["net_t"]).all() and (units["net_t"] <= units["net_high_t"]).all()
        assert (units["net_low_t"] < units["net_high_t"]).all()


def test_a_skewed_sum_is_widened_to_reach_its_estimate():
    # lognormal factors with value 1.0 (the median) and range 0.9-3.0: sigma of ln X 0.054 below and
    # ln 3 / 1.96 = 0.56 above, mean about 1.3: the sum of 40 central values (4,000 t) lies below the
    # 2.5th percentile of the sum
    entries, factors, hierarchy = frames(40, shared=False)
    factors = factors.assign(low=0.9, high=3.0, distribution="lognormal")
    result = uncertainty.monte_carlo(entries, factors, hierarchy, 1000, seed=2)
    assert result["widened"] > 0
    assert result["total"][1] == result["total"][0] == pytest.approx(4000.0)
    assert (result["units"]["net_low_t"] <= result["units"]["net_t"]).all()


def test_same_seed_same_numbers_and_chunking_does_not_change_them(tmp_path, monkeypatch):
    entries, factors, hierarchy = frames(700, shared=False)
    entries.loc[::3, "factor_id"] = "grid0"  # some shared, some not
    hierarchy.loc[2:, "parent_id"] = ["D"] * 350 + ["C"] * 350
    first = uncertainty.monte_carlo(entries, factors, hierarchy, 200, seed=9)
    again = uncertainty.monte_carlo(entries, factors, hierarchy, 200, seed=9)
    other = uncertainty.monte_carlo(entries, factors, hierarchy, 200, seed=10)
    pd.testing.assert_frame_equal(first["units"], again["units"])
    assert not np.allclose(first["units"]["net_low_t"], other["units"]["net_low_t"])
    monkeypatch.setattr(monte_carlo, "CHUNK_CELLS", monte_carlo.BLOCK * 200)  # 256 entries per chunk
    chunked = uncertainty.monte_carlo(entries, factors, hierarchy, 200, seed=9)
    np.testing.assert_allclose(chunked["units"].to_numpy(), first["units"].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(chunked["entry_low_t"], first["entry_low_t"])
    assert chunked["total"] == pytest.approx(first["total"], rel=1e-12)
    for workers in (1, 3):  # threads draw chunks in any order; results are combined in chunk order
        monkeypatch.setattr(monte_carlo, "WORKERS", workers)
        threaded = uncertainty.monte_carlo(entries, factors, hierarchy, 200, seed=9)
        pd.testing.assert_frame_equal(threaded["units"], chunked["units"])


def test_run_writes_units_entries_and_a_run_row(tmp_path):
    ledger = build(tmp_path / "a.gpkg")
    summary = uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    entries, units = read_bounds(ledger)
    city = units.loc["C"]
    assert (summary["net_low_t"], summary["net_high_t"]) == pytest.approx((city["net_low_t"], city["net_high_t"]))
    assert city["net_t"] == pytest.approx(1624 + 1 / 3)
    avoided = entry_of(entries, "D2-G1", "avoided")
    assert -55.5 < avoided["low_t"] < -50 < avoided["high_t"] < -44.5
    run = ledger.read_table("runs").iloc[-1]
    assert run["algorithm"] == "carbonledger:uncertainty"
    assert json.loads(run["parameters"]) == {"method": "montecarlo", "scenario": "baseline", "iterations": 300,
                                             "seed": 4}
    second = build(tmp_path / "b.gpkg")
    uncertainty.run_uncertainty(second.path, iterations=300, seed=4)
    pd.testing.assert_series_equal(read_bounds(second)[1]["net_low_t"], units["net_low_t"])


def test_bad_input_is_refused_and_nothing_is_written(tmp_path):
    bad = FACTORS.copy()
    bad.loc[bad["factor_id"] == "gas", "low"] = 0.0
    ledger = build(tmp_path / "l.gpkg", factors=bad)
    runs = ledger.count("runs")
    with pytest.raises(LedgerInputError, match="gas.*lognormal"):
        uncertainty.run_uncertainty(ledger.path, iterations=100)
    with pytest.raises(LedgerInputError, match="METHOD"):
        uncertainty.run_uncertainty(ledger.path, method="approach3")
    with pytest.raises(LedgerInputError, match="scenario 'nothing' is not in the ledger"):
        uncertainty.run_uncertainty(ledger.path, scenario="nothing")
    assert Ledger(ledger.path).count("runs") == runs


def test_processing_algorithm_writes_the_same_intervals(tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    ledger = build(tmp_path / "l.gpkg")
    result = run_alg("carbonledger:uncertainty", {"LEDGER": ledger.path, "METHOD": 1, "ITERATIONS": 300, "SEED": 4})
    city = read_bounds(ledger)[1].loc["C"]
    assert (result["NET_T"], result["NET_LOW_T"], result["NET_HIGH_T"]) == pytest.approx(
        (city["net_t"], city["net_low_t"], city["net_high_t"]))
    assert [d["unit_id"] for d in json.loads(result["DISTRICTS"])] == ["D1", "D2"]
    with pytest.raises(QgsProcessingException, match="not in the ledger"):
        run_alg("carbonledger:uncertainty", {"LEDGER": ledger.path, "SCENARIO": "none"})


def test_shares_of_one_input_amount_are_drawn_together():
    # 50 buildings each get 2% of one district total (+-10%), the factor is exact: the district's
    # interval is the total's, +-10% of 5,000 t, not +-10% x 100 x sqrt(50) as for 50 separate meters
    entries, factors, hierarchy = frames(50, shared=True, factor_pct=0.0, activity_pct=0.10)
    shares = uncertainty.monte_carlo(entries.assign(inputs_hash="district-total"), factors, hierarchy, 4000, seed=8)
    meters = uncertainty.monte_carlo(entries.assign(inputs_hash=[f"meter-{i}" for i in range(50)]), factors,
                                     hierarchy, 4000, seed=8)
    assert shares["units"].at["D", "net_low_t"] == pytest.approx(4500, rel=0.01)
    assert shares["units"].at["D", "net_high_t"] == pytest.approx(5500, rel=0.01)
    assert meters["units"].at["D", "net_high_t"] == pytest.approx(5000 + 10 * math.sqrt(50), rel=0.01)
    # each building alone: +-10% either way
    assert shares["units"].at["G7", "net_low_t"] == pytest.approx(90, rel=0.01)
    assert meters["units"].at["G7", "net_low_t"] == pytest.approx(90, rel=0.01)


def test_a_factor_missing_from_the_table_is_taken_as_exact_and_named(tmp_path):
    entries, factors, hierarchy = frames(4, shared=True, factor_pct=0.0, activity_pct=0.10)
    entries = entries.assign(factor=1.0, factor_id=["grid", "grid", "grid", "unlisted"])
    for method in (uncertainty.monte_carlo, lambda *a: uncertainty.approach1(*a[:3])):
        result = method(entries, factors, hierarchy, 2000, 3)
        assert result["missing_factors"] == ["unlisted"]
        assert result["entry_low_t"][3] == pytest.approx(90, rel=0.02)  # activity +-10%, factor exact


def test_only_the_entries_whose_interval_changed_are_written():
    """changed_intervals keeps the scenario's own rows whose new low_t or high_t differs from the stored one
    (by hand: row 0 unchanged, row 1 a new high, row 2 both NaN stored and new, row 3 another scenario)."""
    entries = pd.DataFrame({"fid": [1, 2, 3, 4], "scenario": ["baseline"] * 3 + ["s"],
                            "low_t": [1.0, 2.0, np.nan, 4.0], "high_t": [1.5, 2.5, np.nan, 4.5]})
    result = {"entry_low_t": np.array([1.0, 2.0, np.nan, 0.0]), "entry_high_t": np.array([1.5, 2.6, np.nan, 0.0])}
    changed = uncertainty.changed_intervals(entries, "baseline", result)
    assert changed.columns.tolist() == ["fid", "low_t", "high_t"]
    assert changed.to_numpy().tolist() == [[2, 2.0, 2.6]]


def test_intervals_written_in_parts_are_those_written_at_once(tmp_path, monkeypatch):
    """ROWS_PER_WRITE of 3 writes the same intervals and fingerprints as one write of every entry."""
    whole, parts = build(tmp_path / "a.gpkg"), build(tmp_path / "b.gpkg")
    uncertainty.run_uncertainty(whole.path, iterations=300, seed=4)
    monkeypatch.setattr(uncertainty, "ROWS_PER_WRITE", 3)
    uncertainty.run_uncertainty(parts.path, iterations=300, seed=4)
    columns = ["low_t", "high_t", "fingerprint"]
    assert len(read_bounds(parts)[0]) > 3
    pd.testing.assert_frame_equal(read_bounds(parts)[0][columns], read_bounds(whole)[0][columns])


def test_a_rerun_with_the_same_seed_rewrites_no_entry(tmp_path):
    """The entries' intervals and fingerprints stay as the first run left them; the units keep its bounds."""
    ledger = build(tmp_path / "a.gpkg")
    uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    entries, units = read_bounds(ledger)
    again = baseline_texts(ledger)
    result = monte_carlo.monte_carlo(*again, 300, 4)
    assert len(uncertainty.changed_intervals(again[0], "baseline", result)) == 0
    uncertainty.run_uncertainty(ledger.path, iterations=300, seed=4)
    entries_after, units_after = read_bounds(ledger)
    pd.testing.assert_frame_equal(entries_after[["low_t", "high_t", "fingerprint"]],
                                  entries[["low_t", "high_t", "fingerprint"]])
    pd.testing.assert_frame_equal(units_after[["net_low_t", "net_high_t"]], units[["net_low_t", "net_high_t"]])
