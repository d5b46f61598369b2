"""A seed's Monte Carlo numbers are kept: the intervals of every entry, unit and the whole of a small city
(``monte_carlo_city``: every kind of draw) with seed 11 and 300 iterations, compared bit for bit with those main's code
drew at ad9b9e1 (tests/data/monte_carlo_seed11.csv, floats spelled by repr). Any change to what is drawn, in what
order, or how the draws are combined fails here; a speed-up must not change them."""
import os

import numpy as np
import pandas as pd
import pytest

import monte_carlo_city as city
from urban_carbon_ledger.algorithms.mrv import monte_carlo

PINNED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "monte_carlo_seed11.csv")


def pinned():
    """The pinned (kind, key, low_t, high_t) rows, floats read back to the bit."""
    return pd.read_csv(PINNED, dtype={"key": str}, keep_default_na=False, float_precision="round_trip")


def drawn():
    """The city's Monte Carlo intervals (seed 11, 300 iterations) as rows like ``pinned``."""
    result = monte_carlo.monte_carlo(city.entries(), city.FACTORS, city.hierarchy(), 300, seed=11)
    units = result["units"]
    assert result["widened"] == 0 and result["missing_factors"] == ["ghost"]
    return pd.DataFrame({
        "kind": ["entry"] * len(result["entry_low_t"]) + ["unit"] * len(units) + ["total"],
        "key": [str(i) for i in range(len(result["entry_low_t"]))] + units.index.tolist() + [""],
        "low_t": np.concatenate([result["entry_low_t"], units["net_low_t"], [result["total"][1]]]),
        "high_t": np.concatenate([result["entry_high_t"], units["net_high_t"], [result["total"][2]]]),
    })


def assert_same_bits(got, expected):
    assert got[["kind", "key"]].equals(expected[["kind", "key"]])
    for column in ("low_t", "high_t"):
        differ = got[column].to_numpy().view(np.int64) != expected[column].to_numpy(dtype=float).view(np.int64)
        assert not differ.any(), f"{column} differs in {got.loc[differ, ['kind', 'key']].head().to_dict('records')}"


def test_the_seed_draws_the_pinned_numbers():
    assert_same_bits(drawn(), pinned())


@pytest.mark.parametrize("tile_rows", [1, 5, 64])
def test_tiles_and_threads_do_not_change_a_number(monkeypatch, tile_rows):
    monkeypatch.setattr(monte_carlo, "TILE_CELLS", 300 * tile_rows)  # tiles of 1, 5 or 64 entries of a chunk
    monkeypatch.setattr(monte_carlo, "WORKERS", 1 if tile_rows == 5 else 3)
    assert_same_bits(drawn(), pinned())
