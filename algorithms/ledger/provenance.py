"""Hashes for provenance: canonical row text, SHA-256 of rows, files and data frames."""
import hashlib
import os

import numpy as np
import pandas as pd


def hash_text(texts):
    """SHA-256 hex digests of an iterable of strings."""
    return [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]


ROWS_PER_CHUNK = 200_000
"""Rows spelled out at a time by row_hashes (bounds the memory of the texts)."""


def row_hashes(frame, fields):
    """SHA-256 hex digest of each row's canonical text over ``fields`` (a list, in row order).

    The texts are built and hashed ROWS_PER_CHUNK rows at a time, so millions of rows never hold
    all their texts at once.
    """
    return [digest for start in range(0, len(frame), ROWS_PER_CHUNK)
            for digest in hash_text(canonical_text(frame.iloc[start:start + ROWS_PER_CHUNK], fields))]


def canonical_text(frame, fields):
    """One canonical string per row over ``fields``: floats by repr, missing as empty.

    Numeric columns are spelled per distinct value (a column of a few factors, years or scopes
    costs a few repr calls), text columns by str; the columns are joined by \x1f. Neighbouring
    columns of few values (a sector, its scope, a factor row's value and unit) are spelled and joined
    once per distinct combination of their values, so that each row joins a few parts, not every field.
    """
    parts, run = [], []
    for field in fields:
        spelled = _spelled(frame, field)
        if isinstance(spelled, tuple):
            run.append(spelled)
            continue
        parts.extend(_joined_run(run))
        run = []
        parts.append(spelled)
    parts.extend(_joined_run(run))
    if not parts:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    texts = parts[0] if len(parts) == 1 else list(map("\x1f".join, zip(*parts, strict=False)))
    return pd.Series(texts, index=frame.index, dtype=object)


FEW_VALUES = 64
"""A column spelled per distinct value has at most this many in its first SAMPLE_ROWS rows."""
SAMPLE_ROWS = 1024


def _spelled(frame, field):
    """A field's texts: (codes, texts) when it has few values (texts[codes] spells each row), else a list of one text
    per row."""
    if field not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), np.array([""], dtype=object)
    series = frame[field]
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        if len(pd.unique(values[:SAMPLE_ROWS])) > FEW_VALUES:
            return _float_texts(values)
        codes, distinct = pd.factorize(values)  # NaN: "", after the distinct values; -0.0 apart from 0.0
        texts = np.array([repr(v) if v != 0.0 else "0.0" for v in distinct.tolist()] + ["", "-0.0"], dtype=object)
        codes = np.where(codes < 0, len(distinct), codes)
        codes[(values == 0.0) & np.signbit(values)] = len(distinct) + 1
        return codes, texts
    values = series.to_numpy(dtype=object)
    if len(pd.unique(values[:SAMPLE_ROWS])) <= FEW_VALUES:
        codes, distinct = pd.factorize(values)  # None and NaN: "", after the distinct values
        if len(distinct) <= FEW_VALUES and all(type(v) is str for v in distinct):  # equal keys, equal texts
            return np.where(codes < 0, len(distinct), codes), np.array(list(distinct) + [""], dtype=object)
    return _object_texts(values)


def _joined_run(run):
    """The parts of a run of few-valued fields ((codes, texts) each): one list of texts per row, each the run's
    texts joined by \x1f, spelled once per distinct combination (none for an empty run)."""
    if not run:
        return []
    combined = np.zeros(len(run[0][0]), dtype=np.int64)
    for codes, texts in run:
        combined = pd.factorize(combined * len(texts) + codes)[0].astype(np.int64)  # kept below the number of rows
    first = np.unique(combined, return_index=True)[1]  # first row of each combination (numbered 0, 1, ...)
    spelled = ["\x1f".join(texts[codes[row]] for codes, texts in run) for row in first.tolist()]
    return [np.array(spelled, dtype=object)[combined].tolist()]


def _object_texts(values):
    """str of each value of an object array, "" where it is missing (None, NaN); text as it is (no str call per
    value when every value is text)."""
    kind = pd.api.types.infer_dtype(values, skipna=False)
    if kind == "string":
        return values.tolist()
    texts = values.tolist() if kind == "empty" else list(map(str, values.tolist()))
    for position in np.flatnonzero(pd.isna(values)).tolist():
        texts[position] = ""
    return texts


def _float_texts(values):
    """repr of each float of an array, "" for NaN, each distinct value spelled once."""
    codes, distinct = pd.factorize(values)  # NaN -> code -1, the "" appended last
    texts = np.array(list(map(repr, distinct.tolist())) + [""], dtype=object)[codes]
    zero = values == 0.0  # -0.0 and 0.0 share a code: spell each
    texts[zero] = np.where(np.signbit(values[zero]), "-0.0", "0.0")
    return texts.tolist()


def file_sha256(path, chunk_bytes=1 << 20, stop=None):
    """SHA-256 hex digest of a file's bytes; None when ``stop`` (a threading.Event) is set before the last block
    (hashlib and the reads leave the GIL for blocks this size: a thread can hash beside other work)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_bytes), b""):
            if stop is not None and stop.is_set():
                return None
            digest.update(chunk)
    return digest.hexdigest()


def frame_sha256(frame):
    """SHA-256 hex digest of a (Geo)DataFrame's content: columns, values and geometry WKB."""
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    plain = pd.DataFrame(frame).copy()
    geometry = getattr(frame, "_geometry_column_name", None)
    if geometry in plain.columns:
        plain[geometry] = frame.geometry.to_wkb()
    if len(plain):
        digest.update(np.ascontiguousarray(pd.util.hash_pandas_object(plain, index=False).to_numpy()).tobytes())
    return digest.hexdigest()


def input_fingerprints(inputs):
    """{name: SHA-256 hex digest} of a run's inputs, for the runs table, whichever front end called.

    inputs: {input id: value}. A value is a path (the file is hashed as its bytes; a GDAL/OGR
    '|layername=...' suffix is dropped, so a layer is fingerprinted by its whole file; a path that
    is no file, such as a database URI, is left out), a (Geo)DataFrame for data held in no file
    (hashed as its content by frame_sha256), or None or '' for an input not given (left out).
    """
    found, files = {}, {}
    for name, value in inputs.items():
        if isinstance(value, str):
            path = value.split("|", 1)[0]
            if path and os.path.isfile(path):
                if path not in files:  # several layers of one GeoPackage: the file is read once
                    files[path] = file_sha256(path)
                found[name] = files[path]
        elif value is not None:
            found[name] = frame_sha256(value)
    return found
