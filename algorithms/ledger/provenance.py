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

    Built from plain Python lists (fast on the few rows of a chessboard edit and on millions).
    """
    columns = []
    for field in fields:
        if field not in frame.columns:
            columns.append([""] * len(frame))
            continue
        series = frame[field]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            values = series.to_numpy(dtype=float, na_value=np.nan)
            columns.append(["" if value != value else repr(value) for value in values.tolist()])
        else:
            values = series.to_numpy(dtype=object)
            missing = pd.isna(values).tolist()
            columns.append(["" if gone else str(value) for value, gone in zip(values.tolist(), missing, strict=False)])
    return pd.Series(["\x1f".join(parts) for parts in zip(*columns, strict=False)] if columns else [""] * len(frame),
                     index=frame.index, dtype=object)


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
