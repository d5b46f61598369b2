"""Sums per group with their intervals gathered part by part: the sums of all the entries at once, to the bit."""
import math

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger import intervals
from urban_carbon_ledger.algorithms.ledger.group_parts import GroupSums


def gathered(groups, count, entries, units, rows):
    """(total, low, high) of GroupSums fed ``rows`` entries at a time."""
    sums = GroupSums(count)
    for start in range(0, len(entries), rows):
        part = slice(start, start + rows)
        sums.add(groups[part], entries.iloc[part].reset_index(drop=True), units[part])
    return sums.sums()


def test_a_factor_shared_across_parts_applies_once_by_hand():
    # entries 100 and 200 t cite one factor (+-10%), their activities independent (+-5%), one per part:
    # 300 +- sqrt(30^2 + 5^2 + 10^2) = sqrt(1025), as test_intervals works it out for one sum; the third entry,
    # 50 t under another factor (+-10%, activity +-5%), is a group of its own: its own interval
    value = np.array([100.0, 50.0, 200.0])
    entries = pd.DataFrame({"co2e_t": value, "low_t": value * (1 - math.hypot(0.05, 0.10)),
                            "high_t": value * (1 + math.hypot(0.05, 0.10)), "factor_id": ["grid", "gas", "grid"],
                            "activity": value, "activity_low": value * 0.95, "activity_high": value * 1.05,
                            "inputs_hash": ["a", "b", "c"]})
    total, low, high = gathered(np.array([0, 1, 0]), 2, entries, np.array([0, 1, 2]), 1)
    assert total.tolist() == [300.0, 50.0]
    assert low == pytest.approx([300.0 - math.sqrt(1025.0), 50.0 * (1 - math.hypot(0.05, 0.10))])
    assert high == pytest.approx([300.0 + math.sqrt(1025.0), 50.0 * (1 + math.hypot(0.05, 0.10))])


def random_entries(count, seed):
    """Entries of three groups with shared and unshared factors and input amounts, proxy errors on some, a
    unit of several entries of one input, NULL factor ids and hashes, sources and sinks."""
    rng = np.random.default_rng(seed)
    value = rng.lognormal(3.0, 2.0, count) * np.where(rng.random(count) < 0.2, -1.0, 1.0)
    activity = rng.lognormal(2.0, 1.0, count)
    bound = rng.choice([0.0, 0.05, 0.1], count)
    spread = rng.uniform(0.0, 0.4, (2, count))
    factor = rng.choice(np.array(["f1", "f2", "f3", None], dtype=object), count)
    hashes = rng.choice(np.array(["h1", "h2", "h3", "h4", None, ""], dtype=object), count)
    proxy = rng.random(count) < 0.5
    return pd.DataFrame({
        "co2e_t": value, "low_t": value * (1 - spread[0] * np.sign(value)), "high_t": value * (1 + spread[1]
                                                                                              * np.sign(value)),
        "factor_id": factor, "activity": activity, "activity_low": activity * (1 - bound),
        "activity_high": activity * (1 + bound), "inputs_hash": hashes,
        "proxy_error": np.where(proxy, 0.2, np.nan),
        "proxy_share": np.where(proxy, rng.uniform(0, 0.01, count), np.nan),
        "proxy_concentration": np.where(proxy, 0.001, np.nan),
        "unit_id": rng.choice(np.array([f"u{i}" for i in range(40)] + [None], dtype=object), count),
    }), rng.integers(0, 3, count)


@pytest.mark.parametrize("rows", [7, 97, 5000])
def test_parts_give_the_sums_of_all_entries_at_once_to_the_bit(rows):
    entries, groups = random_entries(1200, seed=3)
    units = pd.factorize(entries["unit_id"])[0]  # equal ids, equal codes; -1 for none
    expected = intervals.group_sums(groups, 4, entries)
    for got, want in zip(gathered(groups, 4, entries, units, rows), expected, strict=True):
        np.testing.assert_array_equal(got.view(np.int64), want.view(np.int64))
    assert expected[0][3] == 0.0 and expected[1][0] < expected[0][0] < expected[2][0]  # an empty group; intervals
