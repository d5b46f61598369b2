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


def to_multi(geometries, kind):
    """Promote single polygons or lines to multi-geometries ('polygon' or 'line'); others pass."""
    geometries = np.asarray(geometries, dtype=object)
    out = geometries.copy()
    types = shapely.get_type_id(geometries)
    single = types == (3 if kind == "polygon" else 1)
    if single.any():
        build = shapely.multipolygons if kind == "polygon" else shapely.multilinestrings
        out[single] = build(geometries[single], indices=np.arange(int(single.sum())))
    return out


def encode(geometries, srs_id):
    """Encode an array of shapely geometries as GeoPackage blobs (list of bytes, None for None)."""
    geometries = np.asarray(geometries, dtype=object)
    wkb = shapely.to_wkb(geometries, byte_order=1)
    bounds = shapely.bounds(geometries)
    empty = shapely.is_empty(geometries)
    blobs = []
    for g_wkb, (minx, miny, maxx, maxy), is_empty in zip(wkb, bounds, empty, strict=False):
        if g_wkb is None:
            blobs.append(None)
        elif is_empty:
            blobs.append(struct.pack("<2sBBi", b"GP", 0, _FLAGS_EMPTY_LE, srs_id) + g_wkb)
        else:
            header = struct.pack(
                "<2sBBi4d", b"GP", 0, _FLAGS_XY_ENVELOPE_LE, srs_id, minx, maxx, miny, maxy
            )
            blobs.append(header + g_wkb)
    return blobs


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
