"""How tests/data/ledger_v0_1_0.gpkg was made: run once with the plugin at commit 9a1f9e0 (release
0.1.0, schema 1, no ledger_info table), from the repository root:

    eval "$(make -s env)" && .venv/bin/python tests/data/make_ledger_v0_1_0.py

The ledger is the hand-made one of tests/test_scenarios.py (city C > district D1 > block D1-B1 >
bare parcel D1-B1-P1 > building D1-B1-P1-G1, three road links, baseline entries), with two
scenarios applied by that release: 'park' (land-use conversion of D1-B1-P1, which re-accounts the
parcel and the building below it) and 'corridor' on 'park' (signal countdown on D1-L1).
Kept for tests/test_migrations.py; do not regenerate it with a later release.
"""
import json
import os
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from test_scenarios import make_ledger  # noqa: E402
from urban_carbon_ledger.algorithms.scenarios.scenario_store import apply_scenario, edits_from_frame  # noqa: E402

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ledger_v0_1_0.gpkg")


def edits(*records):
    frame = pd.DataFrame([{"unit_id": u, "measure_id": m, "parameters": json.dumps(p)} for u, m, p in records])
    frame["row"] = range(1, len(frame) + 1)
    return edits_from_frame(frame)


if __name__ == "__main__":
    if os.path.exists(PATH):
        os.remove(PATH)
    make_ledger(PATH)
    apply_scenario(PATH, "park", edits(
        ("D1-B1-P1", "land_use_conversion", {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2})))
    apply_scenario(PATH, "corridor", edits(("D1-L1", "signal_countdown", {})), base="park")
    print(PATH, os.path.getsize(PATH))
