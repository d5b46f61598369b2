"""Million-row reads of a ledger layer's attributes through OGR's Arrow stream (GDAL >= 3.6).

``pandas.read_sql_query`` builds a Python tuple per row: 2.9 s of CPU for nine columns of the
1,000,000 units of ``benchmarks/bench_docks.py``; OGR's Arrow stream hands columns over as numpy
arrays in C, 0.6 s for the same. Used where the docks open a large ledger; with a GDAL on which
that read was not checked (``core.gdal_arrow``) the ordinary read is used.
"""
import numpy as np
import pandas as pd
from osgeo import ogr

from . import schema
from ..core.gdal_arrow import numpy_arrow_reads
from ..core.gdal_errors import gdal_exceptions


def available():
    """True when this GDAL hands a layer over as numpy arrays faithfully (``core.gdal_arrow``)."""
    return numpy_arrow_reads()


def read_arrays(path, name, columns, where=None):
    """``columns`` of layer ``name`` of the GeoPackage at ``path`` as {column: numpy array} in fid order;
    ``where``: an SQL condition on the layer's columns the rows must meet (a QGIS layer's subset string).
    A column ``fid`` is the row's feature id (int64).

    REAL columns are float64 with NULL as NaN, INTEGER ones int64 (float64 with NaN when there is a
    NULL), the others objects with NULL as None (text decoded from UTF-8); the geometry is not read.
    """
    parts = {column: [] for column in columns}
    for batch in iter_arrays(path, name, columns, where):
        for column in columns:
            parts[column].append(batch[column])
    real = set(schema.real_columns(name))
    return {column: np.concatenate(arrays) if arrays else np.array([], dtype=float if column in real else object)
            for column, arrays in parts.items()}


def iter_arrays(path, name, columns, where=None, batch_rows=None):
    """``read_arrays`` batch by batch: {column: numpy array} of up to ``batch_rows`` rows (GDAL's
    default, 65,536, when None) at a time, in fid order, so that a whole table is never held at once."""
    real = set(schema.real_columns(name))
    with gdal_exceptions():
        source = ogr.Open(path)
        layer = source.GetLayerByName(name)
        fields = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
        layer.SetIgnoredFields([field for field in fields if field not in columns] + ["OGR_GEOMETRY"])
        if where:
            layer.SetAttributeFilter(where)
        fid = layer.GetFIDColumn() or "OGC_FID"
        options = [f"INCLUDE_FID={'YES' if fid in columns else 'NO'}"]
        options += [f"MAX_FEATURES_IN_BATCH={int(batch_rows)}"] if batch_rows else []
        for batch in layer.GetArrowStreamAsNumPy(options=options):
            # converted at once: a batch's arrays are the stream's until the next
            yield {column: _values(batch[column], column in real) for column in columns}
        source = None


def _values(array, real):
    """One column of one batch: float64 with NaN (real) or objects with None, as new arrays."""
    mask, data = np.ma.getmaskarray(array), np.ma.getdata(array)
    if real or (data.dtype.kind in "iu" and mask.any()):  # integers with NULL: float64 with NaN, as pandas reads them
        return np.where(mask, np.nan, data.astype(float))
    if data.dtype.kind in "iub":
        return data.copy()
    if mask.all():  # a column of NULLs (a ledger's unnamed units): nothing to decode
        return np.full(len(data), None, dtype=object)
    values = _texts(data) if data.dtype.kind == "S" else data.astype(object)
    values[mask] = None
    return values


SAMPLE = 1000
"""Values of a text column looked at to tell whether it holds few distinct values (decoded once each)."""


def _texts(data):
    """str objects of a fixed-width bytes column. A wide column of few distinct values (citations, methods,
    units: at most one in ten of its first SAMPLE values distinct) decodes each distinct value once."""
    if data.dtype.itemsize > 8 and len(data) > SAMPLE and len(np.unique(data[:SAMPLE])) <= SAMPLE // 10:
        codes, distinct = _factorized(data)
        return _decoded(distinct)[codes]
    return _decoded(data)


def _factorized(data):
    """(codes, distinct) of a fixed-width bytes array: its values told apart by a 64-bit hash of their bytes
    (eight at a time, in C; sorting long texts that share their start, as np.unique does, took 40 ms per
    100,000 citations), each code checked to stand for its value's exact bytes (np.unique if one does not)."""
    width = -(-data.dtype.itemsize // 8) * 8
    padded = np.zeros((len(data), width), dtype=np.uint8)
    padded[:, :data.dtype.itemsize] = np.ascontiguousarray(data).view(np.uint8).reshape(len(data), -1)
    words = padded.view(np.uint64)
    hashed = words[:, 0].copy()
    for column in range(1, words.shape[1]):
        hashed = hashed * np.uint64(0x100000001B3) ^ words[:, column]  # wraps modulo 2**64
    codes, _ = pd.factorize(hashed)
    distinct = data[np.unique(codes, return_index=True)[1]]
    if not np.array_equal(distinct[codes], data):  # two values shared a hash
        distinct, codes = np.unique(data, return_inverse=True)
    return codes, distinct


def _decoded(data):
    """str objects of a fixed-width bytes array: ASCII widened in C, else decoded from UTF-8."""
    if not data.size or data.view(np.uint8).max() < 128:
        return _ascii(np.ascontiguousarray(data).view(np.uint8).reshape(len(data), data.dtype.itemsize))
    return np.char.decode(data, "utf-8").astype(object)


def _ascii(rows):
    """Objects (str) of fixed-width ASCII values, one per row of the (values, width) uint8 array ``rows``.

    Each byte is widened to a code point in C (half the time of ``astype("U")`` at 1,000,000 ids); a
    short code (up to 8 bytes: level, flow, sector) is one integer, so each distinct one is decoded
    once and shared (a level column of 1,000,000 units: 0.16 -> 0.03 s).
    """
    width = rows.shape[1]
    if width <= 8 and len(rows):
        padded = np.zeros((len(rows), 8), dtype=np.uint8)
        padded[:, :width] = rows
        codes, distinct = pd.factorize(padded.view(np.uint64).ravel())
        return _widened(distinct.view(np.uint8).reshape(len(distinct), 8)[:, :width])[codes]
    return _widened(rows)


def _widened(rows):
    """str objects of the (values, width) uint8 ASCII array ``rows``, each byte a code point."""
    return rows.astype(np.uint32).view(f"U{rows.shape[1]}").ravel().astype(object)
