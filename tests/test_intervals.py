"""The interval algebra: entries' 95% intervals combined into the interval of their sum, by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger import intervals, part_keys

# three entries (t CO2e/yr): deviations below 3, 4, 12 and above 2, 3, 6; nothing says what they share
VALUE = np.array([100.0, -20.0, 50.0])
LOW = np.array([97.0, -24.0, 38.0])
HIGH = np.array([102.0, -17.0, 56.0])
INDEPENDENT = pd.DataFrame({"co2e_t": VALUE, "low_t": LOW, "high_t": HIGH})


def entries(activity, activity_bound, factor_id, factor_bound, inputs_hash=None, conversion=1.0):
    """Entries E = activity x 1 x conversion with relative activity and factor deviations (each +-),
    and their Approach 1 product intervals (``intervals.product_bounds``)."""
    activity = np.asarray(activity, dtype=float)
    value, low, high = intervals.product_bounds(
        activity, activity * (1 - activity_bound), activity * (1 + activity_bound),
        1.0, 1.0 - factor_bound, 1.0 + factor_bound, conversion)
    return pd.DataFrame({
        "co2e_t": value, "low_t": low, "high_t": high, "factor_id": factor_id, "activity": activity,
        "activity_low": activity * (1 - activity_bound), "activity_high": activity * (1 + activity_bound),
        "inputs_hash": inputs_hash,
    })


def test_sum_of_three_independent_entries_by_hand():
    # 100 - 20 + 50 = 130; below sqrt(9 + 16 + 144) = 13, above sqrt(4 + 9 + 36) = 7
    assert intervals.sum_interval(INDEPENDENT) == (130.0, 117.0, 137.0)


def test_group_sums_by_hand():
    total, low, high = intervals.group_sums([0, 0, 1], 3, INDEPENDENT)
    assert total.tolist() == [80.0, 50.0, 0.0]
    assert low.tolist() == [75.0, 38.0, 0.0]  # 80 - sqrt(9 + 16); one entry keeps its own bounds
    assert high == pytest.approx([80.0 + math.sqrt(13.0), 56.0, 0.0])


def test_shared_factor_applies_once_to_the_summed_entries_by_hand():
    # IPCC 2006 Vol 1 Ch 3 3.2.3.1. Entries 100 and 200 t cite one factor (+-10%); their activities are
    # measured independently (+-5%). Factor part: (100 + 200) x 0.10 = 30 (fully correlated); activity
    # parts 100 x 0.05 = 5 and 200 x 0.05 = 10: 300 +- sqrt(30^2 + 5^2 + 10^2) = sqrt(1025) = 32.0156.
    # (Entries independent would give sqrt((100^2 + 200^2) x (0.05^2 + 0.10^2)) = 25.0.)
    shared = entries([100.0, 200.0], 0.05, "grid", 0.10, inputs_hash=["a", "b"])
    total, low, high = intervals.sum_interval(shared)
    assert total == pytest.approx(300.0)
    assert low == pytest.approx(300.0 - math.sqrt(1025.0)) and high == pytest.approx(300.0 + math.sqrt(1025.0))
    assert total - low > 25.0 + 7.0
    # two different factors: no shared part, the entries add in quadrature (25.0)
    apart = entries([100.0, 200.0], 0.05, ["grid", "gas"], 0.10, inputs_hash=["a", "b"])
    assert intervals.sum_interval(apart)[1] == pytest.approx(300.0 - 25.0)


def test_shares_of_one_input_amount_are_correlated_by_hand():
    # The downscaled shares 100 and 200 of one district total (same inputs_hash, same relative bounds +-5%)
    # under one factor (+-10%): factor part 300 x 0.10 = 30, activity part 300 x 0.05 = 15, both shared:
    # 300 +- sqrt(900 + 225) = 33.541
    shares = entries([100.0, 200.0], 0.05, "grid", 0.10, inputs_hash="district-total")
    total, low, high = intervals.sum_interval(shares)
    assert high - total == pytest.approx(math.sqrt(1125.0)) and total - low == pytest.approx(math.sqrt(1125.0))


def test_removed_and_added_entries_of_one_factor_cancel_first_by_hand():
    # An edit removes 100 t and adds 80 t of electricity under one grid factor (+-10%), activities exact:
    # the change is -20 and the factor moves it by 20 x 0.10 = 2 (not sqrt(10^2 + 8^2) = 12.8)
    removed = intervals.negated(entries([100.0], 0.0, "grid", 0.10))
    assert removed[["co2e_t", "low_t", "high_t"]].to_numpy()[0] == pytest.approx([-100.0, -110.0, -90.0])
    change = pd.concat([removed, entries([80.0], 0.0, "grid", 0.10)], ignore_index=True)
    total, low, high = intervals.sum_interval(change)
    assert (total, low, high) == pytest.approx((-20.0, -22.0, -18.0))


def test_scenario_delta_with_a_shared_cut_factor_by_hand():
    # A cut of 4.4% (95%: 2.2% to 6.6%, i.e. +-50%) on 11 links of 1,000 t each (+-5% each, independent),
    # conversion -1: each entry -44 t, together -484 t. The cut factor is one row: its part is
    # 484 x 0.5 = 242; activities 11 x (44 x 0.05)^2 -> sqrt(11) x 2.2 = 7.30: +-sqrt(242^2 + 53.24) = 242.11,
    # -726.1 to -241.9 t, at least +-50% (independent entries would give +-sqrt(11) x 44 x 0.5025 = 73.3).
    cut = entries(np.full(11, 1000.0 * 0.044), 0.05, "cut_signal_countdown", 0.5,
                  inputs_hash=[f"link{i}" for i in range(11)], conversion=-1.0)
    total, low, high = intervals.sum_interval(cut)
    deviation = math.sqrt(242.0 ** 2 + 11 * 2.2 ** 2)
    assert total == pytest.approx(-484.0)
    assert (low, high) == pytest.approx((-484.0 - deviation, -484.0 + deviation))
    assert high - total >= 0.5 * 484.0 and total - low >= 0.5 * 484.0


def test_spread_of_a_part_with_sources_and_sinks_by_hand():
    # a factor (+-10%) cited by a source of 100 and a sink of -30 (negative conversion): shifts 10 - 3 = 7
    # each side; a part net negative (shift below -5, above -4) deviates by 4 below and 5 above
    mixed = pd.concat([entries([100.0], 0.0, "f", 0.10), entries([30.0], 0.0, "f", 0.10, conversion=-1.0)])
    assert intervals.sum_interval(mixed) == pytest.approx((70.0, 63.0, 77.0))
    assert [d.tolist() for d in intervals.spread([-5.0], [-4.0])] == [[4.0], [5.0]]


def test_sinks_sharing_one_input_amount_by_hand():
    # two sink entries from one measured area (same inputs_hash, activity 3% below, 4% above), factor
    # exact, conversion -1: -100 and -200. The area's low end lowers the magnitude: the sum -300 rises by
    # 300 x 0.03 = 9 (high -291); its high end lowers it by 300 x 0.04 = 12 (low -312)
    area = pd.DataFrame({"activity": [100.0, 200.0], "factor": 1.0, "conversion": -1.0})
    value, low, high = intervals.product_bounds(area["activity"], area["activity"] * 0.97, area["activity"] * 1.04,
                                                1.0, 1.0, 1.0, -1.0)
    sinks = pd.DataFrame({"co2e_t": value, "low_t": low, "high_t": high, "factor_id": "rate",
                          "activity": area["activity"], "activity_low": area["activity"] * 0.97,
                          "activity_high": area["activity"] * 1.04, "inputs_hash": "one-area"})
    assert intervals.sum_interval(sinks) == pytest.approx((-300.0, -312.0, -291.0))


def test_shifts_add_edit_by_edit_as_the_whole_sum():
    # the chessboard's moments: Shifts of two edits added equal the Shifts of their entries together,
    # and taking one back leaves the other
    first = entries([100.0], 0.05, "grid", 0.10, inputs_hash="a")
    second = entries([200.0], 0.05, "grid", 0.10, inputs_hash="b")
    both = intervals.Shifts.of(first) + intervals.Shifts.of(second)
    assert both.bounds(300.0) == pytest.approx((300.0 - math.sqrt(1025.0), 300.0 + math.sqrt(1025.0)))
    assert (both - intervals.Shifts.of(second)).bounds(100.0) == pytest.approx(
        intervals.sum_interval(first)[1:])


def test_bounds_ignore_rounding_below_zero():
    assert intervals.bounds(5.0, -1e-18, 4.0) == (5.0, 7.0)


def test_interval_of_one_entry_a_product_by_hand():
    # activity 100 (97-104: 3% below, 4% above) x factor 2 (1.92-2.06: 4% below, 3% above) x -1 (a sink):
    # 5% each side (sqrt(3^2 + 4^2)), applied to the magnitude: -210 to -190
    value, low, high = intervals.product_bounds([100.0], [97.0], [104.0], [2.0], [1.92], [2.06], [-1.0])
    assert value.tolist() == [-200.0]
    assert low == pytest.approx([-210.0]) and high == pytest.approx([-190.0])
    assert intervals.quadrature([0.03, 0.04]) == pytest.approx(0.05) and intervals.quadrature([]) == 0.0
    assert intervals.relative_bounds([10.0], [1.5], [0.5]) == ([0.0], [15.0])  # stops at zero
    assert intervals.relative_deviation([0.0, 4.0], [1.0, np.nan]).tolist() == [0.0, 0.0]


def test_activity_codes_number_the_activity_keys_by_hand():
    # rows: a 10%/20% share of input h (key K1), the same share again (K1), another bound of h (K2),
    # no hash (its own), a blank hash (its own), -0.0 and 0.0 (spelled '-0.0' and '0.0': two keys K3, K4),
    # two NaN bounds (both 'nan': one key K5), and K1 again. In order of first appearance:
    # K1=0, K1=0, K2=1, own=2, own=3, K3=4, K4=5, K5=6, K5=6, K1=0.
    hashes = ["h", "h", "h", None, "", "h", "h", "g", "g", "h"]
    below = [0.1, 0.1, 0.3, 0.1, 0.1, -0.0, 0.0, np.nan, np.nan, 0.1]
    above = [0.2, 0.2 + 1e-14, 0.2, 0.2, 0.2, 0.0, 0.0, 0.5, 0.5, 0.2]  # 1e-14: the same to 12 decimals
    codes = part_keys.activity_codes(hashes, below, above)
    assert codes.tolist() == [0, 0, 1, 2, 3, 4, 5, 6, 6, 0]
    keys = pd.Series(part_keys.activity_keys(np.array(hashes, dtype=object), below, above), dtype=object)
    keys[keys.isna()] = [f"own {i}" for i in np.flatnonzero(keys.isna())]
    assert pd.factorize(keys)[0].tolist() == codes.tolist()  # the spelled keys number the same
    # unspelled (the roll-up's): K1..K5 numbered 0..4 in order of first appearance, -1 for the two without a hash
    key_codes, distinct = part_keys.activity_key_codes(np.array(hashes, dtype=object), below, above)
    assert key_codes.tolist() == [0, 0, 1, -1, -1, 2, 3, 4, 4, 0]
    assert [key[0] for key in distinct] == ["h", "h", "h", "h", "g"]
