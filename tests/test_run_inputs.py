"""Input fingerprints of the runs table: a file is hashed as its bytes, whichever front end called."""
import hashlib
import json

import pandas as pd

from source_city import activity
from urban_carbon_ledger.algorithms.ledger.provenance import frame_sha256, input_fingerprints
from urban_carbon_ledger.algorithms.ledger.store import Ledger


def test_files_by_their_bytes_frames_by_content_absent_inputs_left_out(tmp_path):
    table = tmp_path / "a.csv"
    table.write_bytes(b"x,y\n1,2\n")
    frame = pd.DataFrame({"x": [1], "y": [2]})
    found = input_fingerprints({
        "FILE": str(table), "LAYER": f"{table}|layername=a", "FRAME": frame, "NONE": None, "EMPTY": "",
        "NO_FILE": "postgres://host/db", "FOLDER": str(tmp_path),
    })
    digest = hashlib.sha256(b"x,y\n1,2\n").hexdigest()
    assert found == {"FILE": digest, "LAYER": digest, "FRAME": frame_sha256(frame)}


def test_processing_fingerprints_an_activity_csv_as_its_bytes(ledger_path, tmp_path, run_alg):  # noqa: F811
    csv = tmp_path / "activity.csv"
    activity(("E1", "D01", "residential", "electricity", 1_000_000, "kWh", 10, 2024, "floor_area")).to_csv(
        csv, index=False)
    factors = tmp_path / "factors.csv"
    header = "factor_id,value,unit,low,high,distribution,source,year,region\n"
    factors.write_text(header)  # an empty override: no row replaced
    run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": str(csv), "FACTORS": str(factors),
                                            "YEAR": 2024, "GRID_YEAR": 2023})
    runs = Ledger(ledger_path).read_table("runs", columns=["algorithm", "input_fingerprints"])
    recorded = json.loads(runs["input_fingerprints"].iat[-1])
    assert runs["algorithm"].iat[-1] == "carbonledger:accountsources"
    assert recorded == {"ACTIVITY": hashlib.sha256(csv.read_bytes()).hexdigest(),
                        "FACTORS": hashlib.sha256(header.encode()).hexdigest()}
