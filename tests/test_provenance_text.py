"""Canonical row text of provenance: spelled by hand, and the same as the plain per-value spelling
(repr of every float, str of every other value) on the teaching district's entries and units."""
import hashlib
import sqlite3

import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.ledger import schema
from urban_carbon_ledger.algorithms.ledger.entries import digests
from urban_carbon_ledger.algorithms.ledger.provenance import canonical_text, row_hashes
from urban_carbon_ledger.algorithms.ledger.seals import unit_digests
from conftest import demo_parameters, run_algorithm


def plain_text(frame, fields):
    """The straightforward spelling, one value at a time: the reference the fast one must equal."""
    def spell(field, value):
        if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
            return ""
        numeric = pd.api.types.is_numeric_dtype(frame[field]) and not pd.api.types.is_bool_dtype(frame[field])
        return repr(float(value)) if numeric else str(value)
    return ["\x1f".join(spell(f, row[f]) if f in frame.columns else "" for f in fields)
            for row in frame.astype(object).to_dict("records")]


def test_floats_ints_and_missing_spelled_by_hand():
    frame = pd.DataFrame({
        "x": [0.1, 1e-7, 123456789.123, np.nan, -0.0, 0.0, 1e16, 1e15, np.inf, 0.1],
        "n": pd.array([3, None, 2024, 2024, -1, 0, 7, 7, 1, 3], dtype="Int64"),
        "s": ["a", None, 5, "é", np.nan, "", "b", "b", 1.5, "a"],
    })
    texts = canonical_text(frame, ["x", "n", "missing", "s"]).tolist()
    assert texts == [
        "0.1\x1f3.0\x1f\x1fa", "1e-07\x1f\x1f\x1f", "123456789.123\x1f2024.0\x1f\x1f5", "\x1f2024.0\x1f\x1fé",
        "-0.0\x1f-1.0\x1f\x1f", "0.0\x1f0.0\x1f\x1f", "1e+16\x1f7.0\x1f\x1fb", "1000000000000000.0\x1f7.0\x1f\x1fb",
        "inf\x1f1.0\x1f\x1f1.5", "0.1\x1f3.0\x1f\x1fa",
    ]
    assert texts == plain_text(frame, ["x", "n", "missing", "s"])
    assert row_hashes(frame.iloc[:1], ["x", "n", "missing", "s"]) == [
        hashlib.sha256("0.1\x1f3.0\x1f\x1fa".encode()).hexdigest()]


def test_teaching_district_entries_and_units_hash_as_the_plain_spelling(teaching_ledger, tmp_path):
    parameters = demo_parameters("carbonledger:accountsources", str(tmp_path))
    parameters["LEDGER"] = teaching_ledger
    run_algorithm("carbonledger:accountsources", parameters)
    with sqlite3.connect(teaching_ledger) as connection:
        entries = pd.read_sql_query("SELECT * FROM entries", connection)
        unit_digest = unit_digests(connection)
        units = pd.read_sql_query('SELECT * FROM "units"', connection).drop(columns=schema.GEOMETRY_COLUMN)
    assert len(entries) > 100
    fields = list(entries.columns)
    assert canonical_text(entries, fields).tolist() == plain_text(entries, fields)
    assert canonical_text(units, list(units.columns)).tolist() == plain_text(units, list(units.columns))
    # the stored fingerprints are recomputed from the stored entries and unit digests
    assert digests(entries, unit_digest) == (entries["content_digest"].tolist(), entries["fingerprint"].tolist())


def test_few_valued_neighbours_joined_per_combination_spell_as_the_plain_spelling():
    """Columns of few values beside each other are joined per distinct combination (2,000 rows, a few
    flows and sectors, Chinese text, -0.0 met before 0.0, missing values): the texts stay those of the
    plain spelling."""
    rows = 2000
    position = np.arange(rows)
    frame = pd.DataFrame({
        "id": [f"e{i}" for i in position],
        "flow": np.where(position % 3 == 0, "source", "sink"),
        "sector": pd.Series(["电力", "heat", None, "road"], dtype=object).to_numpy()[position % 4],
        "scope": np.where(position % 5 == 0, np.nan, (position % 3 + 1).astype(float)),
        "zero": np.where(position % 2 == 0, -0.0, 0.0),
        "value": position * 0.1 + 1e-7,
        "year": np.full(rows, 2024),
    })
    fields = ["id", "flow", "sector", "scope", "zero", "missing", "value", "year"]
    texts = canonical_text(frame, fields).tolist()
    assert texts[0] == "e0\x1fsource\x1f电力\x1f\x1f-0.0\x1f\x1f1e-07\x1f2024.0"
    assert texts[7] == "e7\x1fsink\x1froad\x1f2.0\x1f0.0\x1f\x1f0.7000001\x1f2024.0"
    assert texts == plain_text(frame, fields)
