"""A seed's Monte Carlo numbers are kept: the intervals of every entry, unit and the whole of a small city
(``monte_carlo_city``: every kind of draw) with seed 11 and 300 iterations, compared bit for bit with those main's code
drew at ad9b9e1 (tests/data/monte_carlo_seed11.csv, floats spelled by repr) on the numpy they were drawn with
(PINNED_NUMPY, Debian 12's); another numpy may add a unit's draws in another order (numpy 2.2 of Debian 13 differs
in the last bit of one unit), so there the numbers must agree to 1e-12 relative. Any change to what is drawn, in
what order, or how the draws are combined fails here; a speed-up must not change them, and tiles and threads change
not one bit of what this numpy draws."""
import os

import numpy as np
import pandas as pd
import pytest

import monte_carlo_city as city
from urban_carbon_ledger.algorithms.mrv import monte_carlo

PINNED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "monte_carlo_seed11.csv")
PINNED_NUMPY = "1.24"
"""numpy major.minor the pinned numbers were drawn with."""


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


def assert_pinned(got):
    """``got`` is the pinned numbers: to the bit on PINNED_NUMPY, to 1e-12 relative on another numpy."""
    expected = pinned()
    if ".".join(np.__version__.split(".")[:2]) == PINNED_NUMPY:
        assert_same_bits(got, expected)
        return
    assert got[["kind", "key"]].equals(expected[["kind", "key"]])
    for column in ("low_t", "high_t"):
        np.testing.assert_allclose(got[column].to_numpy(), expected[column].to_numpy(dtype=float), rtol=1e-12, atol=0)


def test_the_seed_draws_the_pinned_numbers():
    assert_pinned(drawn())


@pytest.mark.parametrize("tile_rows", [1, 5, 64])
def test_tiles_and_threads_do_not_change_a_number(monkeypatch, tile_rows):
    untiled = drawn()
    monkeypatch.setattr(monte_carlo, "TILE_CELLS", 300 * tile_rows)  # tiles of 1, 5 or 64 entries of a chunk
    monkeypatch.setattr(monte_carlo, "WORKERS", 1 if tile_rows == 5 else 3)
    tiled = drawn()
    assert_same_bits(tiled, untiled)
    assert_pinned(tiled)
