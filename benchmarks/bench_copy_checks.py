"""Benchmark: the runs that copy stored entries into new ones, which check the copied entries' stored digests first.

Steps, each its own process so that its CPU seconds and peak memory are its own (run them with the PYTHONPATH of
the code to measure, e.g. main's and a branch's, each on its own copy of the same ledger; they write LEDGER):

- ``year LEDGER``: a new version of the ledger's latest inventory year (``open_year`` with a reason), which copies
  every entry of the version before it;
- ``calibrate LEDGER``: carbonledger:groundcheck's calibration (``run_ground_check``, apply 'calibration') with a
  metered sample of SAMPLE buildings (each building's modelled electricity x 0.8 or 1.2, by position) and the reason
  of ``year``, so that it continues the version ``year`` opened: it re-shares the downscaled entries, no copy.

Each prints the CPU seconds of the step (``time.process_time``: user + system), the part spent in
``seals.check_held`` and the peak memory. The scenario copies are measured by ``chessboard_session.py apply``.
Run: ``PYTHONPATH=build/plugins .venv/bin/python benchmarks/bench_copy_checks.py year LEDGER``.
"""
import sys
import time

import pandas as pd

from urban_carbon_ledger.benchmarks.memory import own_peak_mb

REASON = "benchmark: copies checked"
SAMPLE = 300
"""Metered buildings of ``calibrate``."""
DOWNSCALED = "downscaled_floor_area"
"""Method of the entries ``calibrate`` meters (and re-shares), before and after a calibration."""


def timed_checks():
    """Wrap seals.check_held so that each call's CPU seconds are appended to the list returned."""
    from urban_carbon_ledger.algorithms.ledger import seals

    original, spent = seals.check_held, []

    def check_held(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.process_time() - start)

    seals.check_held = check_held
    return spent


def year(path):
    from urban_carbon_ledger.algorithms.ledger.store import Ledger

    ledger, spent = Ledger(path), timed_checks()
    start = time.process_time()
    with ledger.transaction("bench:year", {"reason": REASON}) as writer:
        chosen = writer.open_year(ledger.inventory_year().year, REASON)
    used = time.process_time() - start
    print(f"year {chosen.year} v{chosen.version}: {ledger.count('entries', {'year_version': chosen.version})} "
          f"entries copied, {used:.2f} CPU s, check_held {sum(spent):.2f} CPU s, peak {own_peak_mb():.0f} MB")


def observed(ledger):
    """The metered sample: the first SAMPLE buildings (fid order) with a floor-area electricity entry (calibrated or
    not) of the latest year, observed = modelled kWh x 0.8 (even positions) or 1.2 (odd)."""
    chosen = ledger.inventory_year()
    entries = ledger.read_table("entries", ["unit_id", "carrier", "activity", "activity_unit"], {
        "scenario": "baseline", "method": [DOWNSCALED, f"{DOWNSCALED}_calibrated"], "carrier": "electricity",
        "inventory_year": chosen.year, "year_version": chosen.version})
    sample = entries.drop_duplicates("unit_id").head(SAMPLE).reset_index(drop=True)
    scale = [0.8 if position % 2 == 0 else 1.2 for position in range(len(sample))]
    return pd.DataFrame({"unit_id": sample["unit_id"], "sector": "", "carrier": sample["carrier"],
                         "observed": sample["activity"] * scale, "unit": sample["activity_unit"],
                         "year": chosen.year, "source": "benchmark"})


def calibrate(path):
    from urban_carbon_ledger.algorithms.ledger.store import Ledger
    from urban_carbon_ledger.algorithms.mrv import proxy_calibration

    sample = observed(Ledger(path))
    original, applied = proxy_calibration.apply_calibration, []

    def apply_calibration(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            applied.append(time.process_time() - start)

    proxy_calibration.apply_calibration = apply_calibration
    spent = timed_checks()
    start = time.process_time()
    result = proxy_calibration.run_ground_check(path, sample, apply="calibration", reason=REASON)[3]
    used = time.process_time() - start
    print(f"groundcheck {len(sample)} meters, {result['changed']} entries re-shared in {result['version']}: "
          f"{used:.2f} CPU s, of which apply_calibration {sum(applied):.2f}, check_held {sum(spent):.2f}; "
          f"peak {own_peak_mb():.0f} MB")


if __name__ == "__main__":
    {"year": year, "calibrate": calibrate}[sys.argv[1]](*sys.argv[2:])
