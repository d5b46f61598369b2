"""The interval algebra: entries' 95% intervals combined into the interval of their sum, by hand."""
import math

import numpy as np
import pytest

from urban_carbon_ledger.algorithms.ledger import intervals

# three entries (t CO2e/yr): deviations below 3, 4, 12 and above 2, 3, 6
VALUE = np.array([100.0, -20.0, 50.0])
LOW = np.array([97.0, -24.0, 38.0])
HIGH = np.array([102.0, -17.0, 56.0])


def test_sum_of_three_entries_by_hand():
    # 100 - 20 + 50 = 130; below sqrt(9 + 16 + 144) = 13, above sqrt(4 + 9 + 36) = 7
    assert intervals.sum_interval(VALUE, LOW, HIGH) == (130.0, 117.0, 137.0)


def test_group_sums_by_hand():
    total, low, high = intervals.group_sums([0, 0, 1], 3, VALUE, LOW, HIGH)
    assert total.tolist() == [80.0, 50.0, 0.0]
    assert low.tolist() == [75.0, 38.0, 0.0]  # 80 - sqrt(9 + 16); one entry keeps its own bounds
    assert high == pytest.approx([80.0 + math.sqrt(13.0), 56.0, 0.0])


def test_delta_of_a_removed_and_an_added_entry_by_hand():
    # take away the first entry (100, 97-102), add (90, 88-95): change -10; the removed entry's
    # deviation above (2) counts below, its deviation below (3) above
    removed = intervals.negated(VALUE[:1], LOW[:1], HIGH[:1])
    assert [a.tolist() for a in removed] == [[-100.0], [-102.0], [-97.0]]
    value, low, high = (np.concatenate([r, [a]]) for r, a in zip(removed, (90.0, 88.0, 95.0), strict=True))
    total, below, above = intervals.sum_interval(value, low, high)
    assert total == -10.0
    assert below == pytest.approx(-10.0 - math.sqrt(4 + 4))
    assert above == pytest.approx(-10.0 + math.sqrt(9 + 25))


def test_moments_add_and_bounds_ignore_rounding_below_zero():
    value, below, above = intervals.moments(VALUE, LOW, HIGH)
    assert below.tolist() == [9.0, 16.0, 144.0] and above.tolist() == [4.0, 9.0, 36.0]
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
