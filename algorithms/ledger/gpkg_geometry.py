"""GeoPackage geometry blobs <-> shapely arrays, vectorised (GeoPackage 1.3, clause 2.1.3).

A blob is an 8-byte header ('GP', version, flags, srs_id), an optional envelope, then WKB.
We always write little-endian blobs with an xy envelope (minx, maxx, miny, maxy).
"""
import struct

import numpy as np
import shapely

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_FLAGS_XY_ENVELOPE_LE = 0b00000011  # little-endian, envelope code 1
_FLAGS_EMPTY_LE = 0b00010001  # little-endian, empty geometry, no envelope
_HEADER = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"), ("envelope", "<f8", 4)])
"""A blob header with an xy envelope, packed little-endian (40 bytes; the first 8 without envelope)."""


_MULTI = {"polygon": (3, 6), "line": (1, 5)}
"""WKB type of the single geometry and of its multi-geometry, per kind."""


def to_multi(geometries, kind):
    """Promote single polygons or lines to multi-geometries ('polygon' or 'line'); others pass."""
    geometries = np.asarray(geometries, dtype=object)
    out = geometries.copy()
    single = shapely.get_type_id(geometries) == _MULTI[kind][0]
    if single.any():
        build = shapely.multipolygons if kind == "polygon" else shapely.multilinestrings
        out[single] = build(geometries[single], indices=np.arange(int(single.sum())))
    return out


def encode(geometries, srs_id, multi=None):
    """Encode an array of shapely geometries as GeoPackage blobs (list of bytes, None for None).

    The 40-byte headers (with the xy envelope) are built as one numpy record array; an empty
    geometry gets the 8-byte header without envelope. multi: 'polygon' or 'line' writes single polygons
    or lines as one-part multi-geometries (``to_multi``): a non-empty 2D one as its own WKB after the
    9-byte head of a multi-geometry of one part, the bytes shapely writes for it, without building it."""
    geometries = np.asarray(geometries, dtype=object)
    promoted = np.zeros(len(geometries), dtype=bool)
    empty = shapely.is_empty(geometries)
    if multi:
        single = shapely.get_type_id(geometries) == _MULTI[multi][0]
        promoted = single & ~shapely.has_z(geometries) & ~empty
        built = single & ~promoted  # empty or Z singles: built as multi-geometries (only those)
        if built.any():
            geometries = geometries.copy()
            geometries[built] = to_multi(geometries[built], multi)
    wkb = shapely.to_wkb(geometries, byte_order=1)
    if promoted.any():
        head = b"\x01" + struct.pack("<II", _MULTI[multi][1], 1)
        wkb[promoted] = [head + part for part in wkb[promoted].tolist()]
    header = np.zeros(len(geometries), dtype=_HEADER)
    header["magic"], header["srs_id"] = b"GP", srs_id
    header["flags"] = np.where(empty, _FLAGS_EMPTY_LE, _FLAGS_XY_ENVELOPE_LE)
    header["envelope"] = shapely.bounds(geometries)[:, [0, 2, 1, 3]]  # minx, maxx, miny, maxy
    raw = header.tobytes()
    size = _HEADER.itemsize
    return [None if g_wkb is None else raw[i * size:i * size + (8 if is_empty else size)] + g_wkb
            for i, (g_wkb, is_empty) in enumerate(zip(wkb.tolist(), empty.tolist(), strict=True))]


def decode(blobs):
    """Decode GeoPackage blobs into a numpy array of shapely geometries (None stays None)."""
    wkb = []
    for blob in blobs:
        if blob is None:
            wkb.append(None)
            continue
        envelope = (blob[3] >> 1) & 0b111
        wkb.append(bytes(blob[8 + _ENVELOPE_BYTES[envelope]:]))
    return shapely.from_wkb(np.array(wkb, dtype=object))


def bounds(blobs):
    """minx, miny, maxx, maxy (n x 4 float array, NaN for None or an empty geometry) of GeoPackage blobs, from the
    xy envelope of a little-endian header (the blob may stop there: 40 bytes), else from the WKB."""
    blobs = list(blobs)
    out = np.full((len(blobs), 4), np.nan)
    enveloped = np.array([blob is not None and len(blob) >= _HEADER.itemsize and blob[3] == _FLAGS_XY_ENVELOPE_LE
                          for blob in blobs], dtype=bool)
    if enveloped.any():
        headers = np.frombuffer(b"".join(bytes(blobs[i][:_HEADER.itemsize]) for i in np.flatnonzero(enveloped)),
                                dtype=_HEADER)
        out[enveloped] = headers["envelope"][:, [0, 2, 1, 3]]
    rest = np.flatnonzero(~enveloped & np.array([blob is not None for blob in blobs], dtype=bool))
    if len(rest):
        out[rest] = shapely.bounds(decode([blobs[i] for i in rest]))
    return out
