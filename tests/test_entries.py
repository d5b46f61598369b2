"""Entries: activity x factor x conversion, Approach-1 intervals and fingerprints, by hand."""
import math

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger.entries import finalize_entries, finalized_slices
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError

FACTORS = pd.DataFrame({
    "factor_id": ["grid", "forest_rate"],
    "value": [0.5306, 2.9],
    "unit": ["kg CO2/kWh", "t C/ha/yr"],
    "low": [0.5306 * 0.9, 1.8],
    "high": [0.5306 * 1.1, 3.4],
    "source": ["MEE 2023", "IPCC 2006"],
}).set_index("factor_id", drop=False)


def rows(**changes):
    base = {
        "unit_id": ["G1", "P1"], "flow": ["source", "sink"], "sector": ["electricity", "forest"],
        "gpc_sector": ["I.1", "V"], "scope": [2, 1], "carrier": ["electricity", "forest"],
        "activity": [100_000.0, 2.0], "activity_unit": ["kWh", "ha"],
        "activity_low": [90_000.0, 2.0], "activity_high": [110_000.0, 2.0],
        "factor_id": ["grid", "forest_rate"], "conversion": [0.001, -44 / 12],
        "conversion_note": ["kg -> t", "t C -> t CO2, sink negative"], "method": ["metered", "zonal_exact"],
    }
    base.update(changes)
    return pd.DataFrame(base)


def test_values_and_intervals_by_hand():
    entries = finalize_entries(rows(), FACTORS, "baseline", "run-1", "2026-01-01T00:00:00+00:00")
    source, sink = entries.iloc[0], entries.iloc[1]
    assert source["co2e_t"] == pytest.approx(53.06)
    u = math.sqrt(0.1 ** 2 + 0.1 ** 2)
    assert (source["low_t"], source["high_t"]) == pytest.approx((53.06 * (1 - u), 53.06 * (1 + u)))
    assert sink["co2e_t"] == pytest.approx(-2 * 2.9 * 44 / 12)
    # the most negative bound comes from the factor's high end: (3.4 - 2.9) / 2.9
    assert sink["low_t"] == pytest.approx(-2 * 2.9 * 44 / 12 * (1 + 0.5 / 2.9))
    assert sink["high_t"] == pytest.approx(-2 * 2.9 * 44 / 12 * (1 - 1.1 / 2.9))
    assert source["source"] == "MEE 2023" and source["factor"] == 0.5306
    assert entries["entry_id"].tolist() == [
        "baseline/G1/source/electricity/electricity/grid/metered",
        "baseline/P1/sink/forest/forest/forest_rate/zonal_exact",
    ]


def test_fingerprint_is_stable_and_changes_with_the_activity():
    first = finalize_entries(rows(), FACTORS, "baseline", "run-1", "2026-01-01T00:00:00+00:00")
    again = finalize_entries(rows(), FACTORS, "baseline", "run-2", "2027-01-01T00:00:00+00:00")
    changed = finalize_entries(rows(activity=[100_001.0, 2.0]), FACTORS, "baseline", "run-1", "x")
    assert first["fingerprint"].tolist() == again["fingerprint"].tolist()
    assert changed["fingerprint"][0] != first["fingerprint"][0]
    assert changed["fingerprint"][1] == first["fingerprint"][1]


def test_unknown_factor_names_the_row():
    with pytest.raises(LedgerInputError, match="row 1: factor 'nope' is not in the factor table"):
        finalize_entries(rows(factor_id=["grid", "nope"]), FACTORS, "baseline", "r", "t")


def test_repeated_keys_get_numbered_ids():
    doubled = pd.concat([rows().iloc[[0]], rows().iloc[[0]]], ignore_index=True)
    ids = finalize_entries(doubled, FACTORS, "baseline", "r", "t")["entry_id"].tolist()
    assert ids[1] == ids[0] + "#2"


def test_slices_number_repeats_over_all_rows_and_equal_one_call():
    # G1's electricity row three times with P1's sink between: slices of 2 rows are [G1, P1], [G1, G1];
    # by hand the ids are G1, P1, G1#2, G1#3 (numbered over all rows, not restarting in the second slice)
    four = pd.concat([rows(), rows().iloc[[0, 0]]], ignore_index=True)
    slices = list(finalized_slices(four, FACTORS, "baseline", "r", "t", 2))
    whole = finalize_entries(four, FACTORS, "baseline", "r", "t", fingerprint=False)
    assert [len(part) for part in slices] == [2, 2]
    g1 = "baseline/G1/source/electricity/electricity/grid/metered"
    joined = pd.concat(slices, ignore_index=True)
    assert joined["entry_id"].tolist() == [g1, "baseline/P1/sink/forest/forest/forest_rate/zonal_exact",
                                           g1 + "#2", g1 + "#3"]
    pd.testing.assert_frame_equal(joined, whole)
    # no rows: one empty slice, so that a run without entries still writes (and copies its factors) once
    assert [len(part) for part in finalized_slices(four.iloc[:0], FACTORS, "baseline", "r", "t", 2)] == [0]
