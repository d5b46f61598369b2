"""The proxy error of downscaled activities (issue 16 item 10): worked by hand on three buildings.

A district total of 100 t CO2e/yr is spread by floor area over buildings B1, B2, B3 with shares
s = 0.5, 0.3, 0.2 (a = 50, 30, 20 t). The proxy error r = 0.8 (resources/factors/proxy.csv,
proxy_error_floor_area) is the relative 95% deviation of a building's true share; the shares'
concentration H = 0.25 + 0.09 + 0.04 = 0.38. A sum holding a_v of the buildings v deviates by
var = r^2 (sum a_v^2 - 2 G sum a_v s_v + G^2 H), G = sum a_v (``ledger.intervals``):
- B1 alone: 0.64 x 2500 x (1 - 1.0 + 0.38) = 608, deviation 24.6577 t;
- B3 alone: 0.64 x 400 x (1 - 0.4 + 0.38) = 250.88, deviation 15.8392 t;
- B1 + B2: 0.64 x (3400 - 2 x 80 x 34 + 6400 x 0.38) = 0.64 x 392 = 250.88: what B1 + B2 hold is
  what B3 lacks, so the same deviation as B3's;
- B1 + B2 + B3: 0.64 x (3800 - 2 x 100 x 38 + 10000 x 0.38) = 0: the district total is exact.
"""
import math

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger import intervals
from urban_carbon_ledger.algorithms.ledger.totals import unit_totals

SHARES = np.array([0.5, 0.3, 0.2])
ERROR = 0.8
B1 = math.sqrt(608.0)
B3 = math.sqrt(250.88)


def downscaled(shares=SHARES, total=100.0, units=("B1", "B2", "B3"), gases=1):
    """Entries of a total spread by shares, exact activity and factor: only the proxy error is uncertain.

    gases > 1 splits each building's amount into that many equal entries of different factors (the
    gases of one fuel row share the building's proxy error)."""
    shares = np.asarray(shares, dtype=float)
    frame = pd.DataFrame({
        "unit_id": np.repeat(units, gases), "flow": "source",
        "co2e_t": np.repeat(total * shares / gases, gases),
        "factor_id": np.tile([f"gas{g}" for g in range(gases)], len(units)),
        "activity": np.repeat(total * shares, gases), "inputs_hash": "district-total",
        "proxy_error": ERROR, "proxy_share": np.repeat(shares, gases),
        "proxy_concentration": float((shares ** 2).sum()),
    })
    frame["activity_low"], frame["activity_high"] = frame["activity"], frame["activity"]
    _, frame["low_t"], frame["high_t"] = intervals.product_bounds(
        frame["co2e_t"], frame["co2e_t"], frame["co2e_t"], 1.0, 1.0, 1.0, 1.0, intervals.proxy_deviation(frame))
    return frame


def test_one_building_keeps_its_own_interval():
    entries = downscaled()
    assert intervals.proxy_deviation(entries) == pytest.approx(0.8 * np.sqrt(1 - 2 * SHARES + 0.38))
    assert entries["low_t"].iat[0] == pytest.approx(50.0 - B1)
    assert intervals.sum_interval(entries.iloc[[0]]) == pytest.approx((50.0, 50.0 - B1, 50.0 + B1))
    assert intervals.sum_interval(entries.iloc[[2]]) == pytest.approx((20.0, 20.0 - B3, 20.0 + B3))


def test_part_of_a_total_deviates_as_the_rest_and_the_whole_is_exact():
    entries = downscaled()
    assert intervals.sum_interval(entries.iloc[[0, 1]]) == pytest.approx((80.0, 80.0 - B3, 80.0 + B3))
    assert intervals.sum_interval(entries) == pytest.approx((100.0, 100.0, 100.0))


def test_gases_of_one_building_move_together():
    # each building's 50/30/20 t split into two gas entries: the proxy error is the building's, so the
    # sums are as above; counted as independent entries the whole would not be exact
    entries = downscaled(gases=2)
    assert intervals.sum_interval(entries.iloc[[0, 1]]) == pytest.approx((50.0, 50.0 - B1, 50.0 + B1))
    assert intervals.sum_interval(entries) == pytest.approx((100.0, 100.0, 100.0))
    total, low, _ = intervals.group_sums([0, 0, 0, 0, 1, 1], 2, entries)
    assert total.tolist() == [80.0, 20.0]
    assert low == pytest.approx([80.0 - B3, 20.0 - B3])


def test_open_sums_edit_by_edit():
    entries = downscaled()
    one, two, three = (intervals.Shifts.of(entries.iloc[[i]]) for i in range(3))
    assert (one + two).bounds(80.0) == pytest.approx((80.0 - B3, 80.0 + B3))
    assert (one + two + three).bounds(100.0) == pytest.approx((100.0, 100.0))
    assert (intervals.Shifts.of(entries) - three).bounds(80.0) == pytest.approx((80.0 - B3, 80.0 + B3))


def test_unit_totals_roll_the_proxy_error_up_to_an_exact_district():
    # district D holds blocks K1 (B1, B2) and K2 (B3)
    hierarchy = pd.DataFrame({"unit_id": ["D", "K1", "K2", "B1", "B2", "B3"],
                              "parent_id": [None, "D", "D", "K1", "K1", "K2"]})
    totals = unit_totals(downscaled(), hierarchy)
    assert totals.loc["K1", "net_low_t"] == pytest.approx(80.0 - B3)
    assert totals.loc["K2", "net_high_t"] == pytest.approx(20.0 + B3)
    assert totals.loc["B1", "net_low_t"] == pytest.approx(50.0 - B1)
    assert totals.loc["D", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([100.0, 100.0])


def test_proxy_error_adds_in_quadrature_to_a_shared_factor():
    # the same three buildings with a +-10% factor shared by all: B1 = 50 +- sqrt(5^2 + 608)
    entries = downscaled()
    value, low, high = intervals.product_bounds(entries["activity"], entries["activity"], entries["activity"],
                                                1.0, 0.9, 1.1, 1.0, intervals.proxy_deviation(entries))
    entries = entries.assign(low_t=low, high_t=high, factor_id="shared")
    assert intervals.sum_interval(entries.iloc[[0]]) == pytest.approx((50.0, 50 - math.sqrt(633.0),
                                                                      50 + math.sqrt(633.0)))
    # the whole district: the factor's 10% of 100 t, the proxy error cancels
    assert intervals.sum_interval(entries) == pytest.approx((100.0, 90.0, 110.0))


def test_accounted_district_electricity_carries_the_floor_area_proxy_error(ledger_path):
    """1,000,000 kWh +-10% over floor areas 1000 : 3000 : 6000 m2 (tests/source_city.py): shares 0.1,
    0.3, 0.6, H = 0.01 + 0.09 + 0.36 = 0.46, r = 0.8 (proxy_error_floor_area). G1 = 52.71 t deviates
    by sqrt(0.1^2 + f^2 + 0.8^2 x (1 - 0.2 + 0.46)) with the grid factor's f = 0.0527 / 0.5271; the
    district's 527.1 t by sqrt(0.1^2 + f^2) only: the shares' errors cancel over the district."""
    from source_city import activity, entries
    from urban_carbon_ledger.algorithms.ledger.store import Ledger
    from urban_carbon_ledger.algorithms.sources.accounting import account_sources

    account_sources(ledger_path, activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024,
                                           "floor_area")), 2024, grid_year=2023)
    table = entries(ledger_path).set_index("unit_id")
    assert table["proxy_error"].tolist() == [0.8, 0.8, 0.8]
    assert table["proxy_share"].to_dict() == pytest.approx({"D01-G1": 0.1, "D01-G2": 0.3, "D01-G3": 0.6})
    assert table["proxy_concentration"].tolist() == pytest.approx([0.46] * 3)
    f = 0.0527 / 0.5271
    relative = math.sqrt(0.1 ** 2 + f ** 2 + 0.64 * 1.26)
    assert table.at["D01-G1", "low_t"] == pytest.approx(52.71 * (1 - relative))
    ledger = Ledger(ledger_path)
    assert "proxy_error_floor_area" in set(ledger.read_table("factors")["factor_id"])
    totals = ledger.read_table("units").set_index("unit_id")
    assert totals.at["D01", "net_low_t"] == pytest.approx(527.1 * (1 - math.hypot(0.1, f)))
    assert totals.at["D01-G1", "net_low_t"] == pytest.approx(52.71 * (1 - relative))


def test_metered_buildings_carry_no_proxy_error(ledger_path):
    """The metered 200 MWh of G2 are taken off first; 800,000 kWh go to G1 and G3 (1 : 6), H = 37/49."""
    from source_city import activity, entries
    from urban_carbon_ledger.algorithms.sources.accounting import account_sources

    account_sources(ledger_path, activity(
        ("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024, "floor_area"),
        ("M2", "B2", "residential", "electricity", 200, "MWh", 2, 2024, ""),
    ), 2024, grid_year=2023)
    table = entries(ledger_path).set_index("unit_id")
    assert table.at["D01-G2", "proxy_error"] == 0.0
    assert table["proxy_share"].to_dict() == pytest.approx({"D01-G1": 1 / 7, "D01-G2": 0.0, "D01-G3": 6 / 7})
    assert table.at["D01-G3", "proxy_concentration"] == pytest.approx(37 / 49)


def test_monte_carlo_draws_shares_that_add_up_to_the_total():
    """The same three buildings in the Monte Carlo (20,000 draws, exact factor and total): every draw's
    shares add up to 100 t, so the district is exact; a building's 95% interval is Approach 1's
    within sampling error (B1: 50 +- 24.66 t; K1 = B1 + B2: 80 +- 15.84 t)."""
    from urban_carbon_ledger.algorithms.mrv.monte_carlo import monte_carlo

    entries = downscaled().assign(conversion=1.0)
    factors = pd.DataFrame({"factor_id": ["gas0"], "value": [1.0], "low": [1.0], "high": [1.0],
                            "distribution": ["normal"]})
    hierarchy = pd.DataFrame({"unit_id": ["D", "K1", "K2", "B1", "B2", "B3"],
                              "parent_id": [None, "D", "D", "K1", "K1", "K2"]})
    result = monte_carlo(entries, factors, hierarchy, 20_000, seed=7)
    units = result["units"]
    assert units.loc["D", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([100.0, 100.0], abs=1e-9)
    assert units.loc["B1", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([50 - B1, 50 + B1], rel=0.03)
    assert units.loc["K1", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([80 - B3, 80 + B3], rel=0.03)
    assert result["entry_low_t"][2] == pytest.approx(20 - B3, rel=0.05)


def test_verify_recomputes_intervals_with_the_proxy_error(ledger_path):
    """verifyledger recomputes an Approach 1 entry's interval with its proxy error: none differs on an
    honest ledger; an interval narrowed back to the one without the proxy error is named."""
    import sqlite3

    from source_city import activity
    from urban_carbon_ledger.algorithms.mrv.verification import verify_ledger
    from urban_carbon_ledger.algorithms.sources.accounting import account_sources

    account_sources(ledger_path, activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024,
                                           "floor_area")), 2024, grid_year=2023)
    assert verify_ledger(ledger_path)[0].empty
    f = 0.0527 / 0.5271
    with sqlite3.connect(ledger_path) as connection:
        connection.execute("UPDATE entries SET low_t = co2e_t * (1 - ?) WHERE unit_id = 'D01-G1'",
                           (math.hypot(0.1, f),))
    found = verify_ledger(ledger_path)[0]
    assert found[["unit_id", "field"]].values.tolist() == [["D01-G1", "low_t"]]
