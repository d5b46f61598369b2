"""Golden test of the whole teaching-district pipeline: every case of tests/data/golden/*.yaml runs
its Processing steps in-process on a copy of a ledger and compares the stored totals of the units
of some levels (sources, sinks and net in t CO2e/yr, and the net's 95% interval bounds) with the
expected numbers of the case, within its relative tolerance. Adding a case is adding data.

The cases start from the teaching district segmented once per session (conftest.py); a case whose
first steps equal those of a case run before starts from that case's ledger after them."""
import glob
import json
import math
import os
import shutil

import pytest
import yaml

from urban_carbon_ledger.algorithms.ledger.store import Ledger

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "golden")
SAMPLE = os.path.join(os.path.dirname(GOLDEN), os.pardir, os.pardir, "resources", "sample")
COLUMNS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")
"""Compared columns of the units table (t CO2e/yr)."""


def cases():
    """(file name, case) of every case in tests/data/golden/*.yaml, in file order."""
    found = []
    for path in sorted(glob.glob(os.path.join(GOLDEN, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            found += [(os.path.basename(path), case) for case in yaml.safe_load(handle)["tests"]]
    return found


def parameters(step, ledger, out):
    """A step's params with {ledger}, {sample} and {out} replaced by paths."""
    paths = {"ledger": ledger, "sample": os.path.normpath(SAMPLE), "out": out}
    return {name: value.format(**paths) if isinstance(value, str) else value for name, value in step["params"].items()}


@pytest.fixture(scope="module")
def ledgers_after():
    """{json of (start, steps so far): ledger path after them}, shared by the cases of this module."""
    return {}


def run_steps(start, start_path, steps, ledgers_after, run_alg, folder):
    """Run ``steps`` on a copy of ``start_path`` (the ledger of the fixture named ``start``), from the
    longest run of first steps already done by a case before; returns the ledger path after them."""
    keys = [json.dumps([start, steps[:count]], sort_keys=True) for count in range(len(steps) + 1)]
    done = max(count for count, key in enumerate(keys) if count == 0 or key in ledgers_after)
    ledger = ledgers_after.get(keys[done], start_path)
    for count in range(done, len(steps)):
        path = str(folder / f"after_{count + 1}.gpkg")
        shutil.copyfile(ledger, path)
        run_alg(steps[count]["algorithm"], parameters(steps[count], path, str(folder)))
        ledgers_after[keys[count + 1]] = ledger = path
    return ledger


def stored_totals(ledger, levels):
    """{unit_id: {column: value}} of the units of ``levels`` (t CO2e/yr)."""
    units = Ledger(ledger).read_table("units", columns=["unit_id", "level", *COLUMNS])
    units = units[units["level"].isin(levels)].set_index("unit_id")
    return {unit_id: {column: float(row[column]) for column in COLUMNS} for unit_id, row in units.iterrows()}


def as_yaml(totals):
    """``totals`` to 6 significant figures, as the ``units`` block of a case (to write a new case)."""
    return yaml.safe_dump({"units": {unit_id: {column: float(f"{value:.6g}") for column, value in row.items()}
                                     for unit_id, row in totals.items()}}, sort_keys=False, width=200)


CASES = cases()


@pytest.mark.slow
@pytest.mark.parametrize("case", [case for _, case in CASES], ids=[f"{name}:{case['name']}" for name, case in CASES])
def test_golden_pipeline(case, request, ledgers_after, run_alg, tmp_path):
    start = request.getfixturevalue(case["start"]).path
    ledger = run_steps(case["start"], start, case["steps"], ledgers_after, run_alg, tmp_path)
    expected = case["results"]
    got = stored_totals(ledger, expected["levels"])
    assert set(got) == set(expected["units"]), as_yaml(got)
    wrong = [(unit_id, column, got[unit_id][column], value) for unit_id, row in expected["units"].items()
             for column, value in row.items() if not math.isclose(got[unit_id][column], value,
                                                                  rel_tol=expected["rel_tol"])]
    assert not wrong, f"{wrong}\ngot (6 significant figures):\n{as_yaml(got)}"
