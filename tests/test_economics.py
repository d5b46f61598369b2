"""Cost per t CO2e and the neutrality timetable against hand calculations."""
import math

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.scenarios import economics


def test_capital_recovery_factor_by_hand():
    # 8% over 10 years: 0.08 x 1.08^10 / (1.08^10 - 1) = 0.08 x 2.158925 / 1.158925 = 0.1490295
    assert economics.capital_recovery_factor(8, 10) == pytest.approx(0.1490295, rel=1e-6)
    assert economics.capital_recovery_factor(0, 25) == pytest.approx(0.04)


def test_cost_per_tonne_by_hand():
    # 2 units x 500 CNY capital, 10 CNY/yr O&M each, 10 years at 8%, 4 t CO2e/yr avoided:
    # (1000 x 0.1490295 + 20) / 4 = 42.257
    cost = economics.edit_cost({"capital_cost": 500, "om_cost": 10, "lifetime_years": 10}, 2, 4.0, 8)
    assert cost["capital"] == 1000
    assert cost["annual_cost"] == pytest.approx(149.0295 + 20, rel=1e-6)
    assert cost["cost_per_t"] == pytest.approx((149.0295 + 20) / 4, rel=1e-6)
    cost = economics.edit_cost({"capital_cost": 1, "om_cost": 0, "lifetime_years": 5}, 1, 0.0, 8)
    assert math.isnan(cost["cost_per_t"])


def test_neutrality_year_with_shrinking_sources():
    # 100 x 0.95^n <= 50  <=>  n >= ln 0.5 / ln 0.95 = 13.51  ->  n = 14  ->  2025 + 14 = 2039
    path = economics.trajectory(100.0, -50.0, pd.DataFrame(columns=[
        "rollout_year", "source_t", "sink_added_t", "sink_removed_t", "maturity_years"]), 2025, 2060, -5.0)
    assert economics.neutrality_year(path, 2060) == 2039
    assert path.loc[path["year"] == 2038, "net_t"].iloc[0] > 0


def test_neutrality_year_with_maturing_trees_and_a_cut():
    # net 5 t/yr; a cut of 1 t/yr from 2030 and new trees of -10 t/yr at maturity, planted 2026 and
    # ramping over 10 years: net(y) = 5 - 1[y>=2030] - 10 (y - 2025)/10. In 2028: 5 - 3 = 2 > 0;
    # 2029: 5 - 4 = 1 > 0; 2030: 5 - 1 - 5 = -1 <= 0  ->  2030
    edits = pd.DataFrame([
        {"rollout_year": 2030, "source_t": -1.0, "sink_added_t": 0.0, "sink_removed_t": 0.0, "maturity_years": None},
        {"rollout_year": 2026, "source_t": 0.0, "sink_added_t": -10.0, "sink_removed_t": 0.0, "maturity_years": 10},
    ])
    path = economics.trajectory(20.0, -15.0, edits, 2025, 2060, 0.0)
    assert path.set_index("year").at[2029, "net_t"] == pytest.approx(1.0)
    assert economics.neutrality_year(path, 2060) == 2030
    assert economics.neutrality_year(economics.trajectory(20.0, -15.0, edits.iloc[:1], 2025, 2060, 0.0), 2060) == \
        "not before 2060"


def test_measure_costs_sum_per_measure():
    table = pd.DataFrame({"measure_id": ["a", "a", "b"], "capital": [1.0, 2.0, 5.0], "om_per_yr": [0.0, 0.0, 1.0],
                          "annual_cost": [3.0, 3.0, 2.0], "avoided_t": [1.0, 2.0, 0.0]})
    costs = economics.measure_costs(table).set_index("measure_id")
    assert costs.at["a", "cost_per_t"] == pytest.approx(2.0)
    assert math.isnan(costs.at["b", "cost_per_t"])


def test_levelised_share_by_hand():
    """20-yr linear ramp over a 40-yr life at 8%: [(1/20) (Ia)_20 + a_40 - a_20] / a_40 with
    a_20 = (1 - 1.08^-20) / 0.08 = 9.818147, a_40 = 11.924613, (Ia)_20 = (1.08 a_20 - 20 x 1.08^-20) /
    0.08 = (10.603599 - 4.290964) / 0.08 = 78.90794: (3.945397 + 2.106466) / 11.924613 = 0.507510,
    the issue's 51% of the mature uptake. Without a ramp (maturity 1) the share is 1."""
    assert economics.levelised_share(20, 40, 8) == pytest.approx(0.507510, rel=1e-5)
    assert economics.levelised_share(1, 40, 8) == pytest.approx(1.0)
    # a source cut (no maturity) avoids its full delta; a planting -10 t/yr mature avoids 5.0751 t/yr
    assert economics.levelised_avoided(-3.0, 0.0, {"lifetime_years": 8}, 8) == pytest.approx(3.0)
    assert economics.levelised_avoided(-10.0, -10.0, {"maturity_years": 20, "lifetime_years": 40}, 8) == \
        pytest.approx(5.07510, rel=1e-5)


def test_land_conversion_average_stops_after_its_period():
    """Sources 20, sinks -15, and a past land-conversion average of +3 t/yr counted through 2026 only:
    net 8 in 2025 and 2026, 5 from 2027; carried to 2060 unchanged (the old way) it would stay 8."""
    empty = pd.DataFrame(columns=["rollout_year", "source_t", "sink_added_t", "sink_removed_t", "maturity_years"])
    path = economics.trajectory(20.0, -15.0, empty, 2025, 2060, 0.0, conversion_t=3.0, conversion_until=2026)
    net = path.set_index("year")["net_t"]
    assert net[2025] == pytest.approx(8.0) and net[2026] == pytest.approx(8.0)
    assert net[2027] == pytest.approx(5.0) and net[2060] == pytest.approx(5.0)
    assert economics.trajectory(20.0, -15.0, empty, 2025, 2060, 0.0, conversion_t=3.0)["net_t"].iloc[0] == \
        pytest.approx(5.0)
