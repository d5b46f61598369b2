"""Temporal profiles: hours of a year sum to the annual value; shapes worked out by hand."""
import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.sources.temporal import (
    HOUR_FIELDS,
    day_shares,
    hourly_emissions,
    shipped_profiles,
    to_long,
    validate_profiles,
)


def profile_table(name, weight_of_hour):
    rows = [(name, m, d, h, weight_of_hour(h), "test")
            for m in range(1, 13) for d in ("weekday", "weekend") for h in range(24)]
    return pd.DataFrame(rows, columns=["profile", "month", "daytype", "hour", "weight", "source"])


def run(entries, profiles, start, end):
    return pd.concat(list(hourly_emissions(pd.DataFrame(entries), profiles, start, end)), ignore_index=True)


def test_flat_year_gives_annual_over_8760():
    wide = run({"unit_id": ["U1"], "co2e_t": [8760.0], "profile": [None], "entry_id": ["e1"]},
               shipped_profiles(), "2023-03-01", "2023-03-02")
    assert wide[HOUR_FIELDS].to_numpy() == pytest.approx(np.ones((2, 24)), rel=1e-12)
    assert list(wide["date"]) == ["2023-03-01", "2023-03-02"]


def test_each_day_is_normalised_by_its_own_year():
    # 2023 has 8760 hours, 2024 (leap) 8784: a flat 1 t/yr entry weighs 1/8760 then 1/8784 per hour
    wide = run({"unit_id": ["U1"], "co2e_t": [1.0], "profile": ["flat"], "entry_id": ["e1"]},
               shipped_profiles(), "2023-12-31", "2024-01-01")
    assert wide.loc[0, "h05"] == pytest.approx(1 / 8760, rel=1e-12)
    assert wide.loc[1, "h05"] == pytest.approx(1 / 8784, rel=1e-12)


@pytest.mark.parametrize("year", [2023, 2024])
def test_every_shipped_profile_sums_to_the_annual_ledger(year):
    profiles = shipped_profiles()
    names = sorted(profiles)
    entries = {"unit_id": [f"U{i}" for i in range(len(names))] + ["U0"],
               "co2e_t": [100.0 + i for i in range(len(names))] + [7.5],
               "profile": names + ["flat"], "entry_id": [f"e{i}" for i in range(len(names) + 1)]}
    wide = run(entries, profiles, f"{year}-01-01", f"{year}-12-31")
    per_unit = wide.groupby("unit_id")[HOUR_FIELDS].sum().sum(axis=1)
    expected = pd.DataFrame(entries).groupby("unit_id")["co2e_t"].sum()
    assert per_unit.to_dict() == pytest.approx(expected.to_dict(), rel=1e-9)


def test_traffic_has_morning_and_evening_peaks():
    shares = day_shares(shipped_profiles()["road_traffic"], pd.DatetimeIndex(["2024-01-03"]))[0]  # a Wednesday
    assert shares[8] / shares[3] == pytest.approx(1.6 / 0.07)  # weights in traffic.csv before the month factor
    assert shares.argmax() in (7, 8, 17, 18) and shares[7:10].max() > shares[12] < shares[17:20].max()


def test_negative_weights_keep_the_annual_sum():
    # day hours 06-17 weigh +2, night hours -1: a day sums to 24 - 12 = 12, 2023 to 365 x 12 = 4380.
    # A sink of -438 t/yr: day hours -438 x 2 / 4380 = -0.2 t (uptake), night +0.1 t (respiration).
    profiles = validate_profiles(profile_table("veg", lambda h: 2.0 if 6 <= h < 18 else -1.0), "test")
    wide = run({"unit_id": ["P1"], "co2e_t": [-438.0], "profile": ["veg"], "entry_id": ["s1"]}, profiles,
               "2023-01-01", "2023-12-31")
    assert wide.loc[0, "h12"] == pytest.approx(-0.2) and wide.loc[0, "h02"] == pytest.approx(0.1)
    assert wide[HOUR_FIELDS].to_numpy().sum() == pytest.approx(-438.0, rel=1e-12)
    long = to_long(wide.head(1))
    assert list(long["hour"]) == list(range(24)) and long["co2e_t"].sum() == pytest.approx(-0.2 * 12 + 0.1 * 12)


def test_bad_profiles_are_refused():
    table = profile_table("p", lambda h: 1.0)
    with pytest.raises(LedgerInputError, match="needs 576"):
        validate_profiles(table.iloc[:-1], "test")
    table.loc[5, "daytype"] = "holiday"
    with pytest.raises(LedgerInputError, match="daytype") as raised:
        validate_profiles(table, "test")
    assert raised.value.row == 7  # line 7 of the CSV (header is line 1)
    with pytest.raises(LedgerInputError, match="not in resources/profiles"):
        run({"unit_id": ["U"], "co2e_t": [1.0], "profile": ["nope"], "entry_id": ["e9"]}, shipped_profiles(),
            "2024-01-01", "2024-01-01")
