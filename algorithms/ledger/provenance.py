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

    Numeric columns are spelled by repr, text columns by str, the columns joined by \x1f. Each
    column is spelled per distinct value (``_spelled``), and neighbouring columns whose values
    combine into few distinct rows (scenario, flow, sector ... of entries) are joined per distinct
    combination (``_merged``), so a row's text joins a few pieces rather than one per field.
    """
    if not fields:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    pieces = []
    for field in fields:
        codes, texts = _spelled(frame, field)
        merged = _merged(pieces[-1], (codes, texts), len(frame)) if pieces else None
        if merged is None:
            pieces.append((codes, texts))
        else:
            pieces[-1] = merged
    columns = [np.array(texts, dtype=object)[codes].tolist() for codes, texts in pieces]
    return pd.Series(list(map("\x1f".join, zip(*columns, strict=True))), index=frame.index, dtype=object)


MERGED_SHARE = 16
"""Neighbouring columns are joined per distinct combination when there are at most rows / MERGED_SHARE."""


def _merged(left, right, rows):
    """(codes, texts) of two neighbouring spelled columns joined by \x1f per distinct pair, or None
    when the pairs are too many to gain (more than rows / MERGED_SHARE)."""
    (left_codes, left_texts), (right_codes, right_texts) = left, right
    most = max(rows // MERGED_SHARE, 1)
    if max(len(left_texts), len(right_texts)) > most:
        return None
    codes, pairs = pd.factorize(left_codes.astype(np.int64) * len(right_texts) + right_codes)
    if len(pairs) > most:
        return None
    texts = [left_texts[pair // len(right_texts)] + "\x1f" + right_texts[pair % len(right_texts)]
             for pair in pairs.tolist()]
    return codes, texts


def _spelled(frame, field):
    """(codes, texts) of one column: the text of row i is texts[codes[i]]; "" where missing or absent."""
    if field not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), [""]
    series = frame[field]
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return _float_texts(series.to_numpy(dtype=float, na_value=np.nan))
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        # mixed values (5, 1.5, True): distinct by their text, since 1 == 1.0 == True share a hash
        values = np.array(list(map(str, values.tolist())), dtype=object)
        values[pd.isna(series.to_numpy(dtype=object))] = None
    codes, distinct = pd.factorize(values)
    texts = list(map(str, distinct.tolist())) + [""]  # missing (code -1) takes the last: ""
    return np.where(codes < 0, len(texts) - 1, codes), texts


def _float_texts(values):
    """(codes, texts): repr of each distinct float of an array, "" for NaN, -0.0 apart from 0.0."""
    codes, distinct = pd.factorize(values)  # NaN -> code -1, the "" appended last
    texts = list(map(repr, distinct.tolist())) + [""]
    codes = np.where(codes < 0, len(texts) - 1, codes)
    zero = values == 0.0  # -0.0 and 0.0 share a code: spell each
    if zero.any():
        texts[codes[np.flatnonzero(zero)[0]]] = "0.0"
        negative = zero & np.signbit(values)
        if negative.any():
            codes[negative] = len(texts)
            texts.append("-0.0")
    return codes, texts


def file_sha256(path, chunk_bytes=1 << 20):
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_bytes), b""):
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
