"""Entries about to be written, digested one frame ahead in a thread (issue 22: both cores).

The store sets every entry's content digest and fingerprint as it writes it (``seals.fingerprinted``). Of a
run's entries written as several frames, this module reads the next frame's units in SQL on the writing thread,
then hashes that frame (its units' rows, its canonical lines: Python) in a thread while the frame before is
inserted: SQLite's step, most of an insert, runs outside the GIL. The connection is only ever used by the
writing thread; the digests are those ``seals.fingerprinted`` gives, and the frames come in their order.
"""
from ..core import ahead
from . import seal_state, seals
from .sql_values import json_ids


def digested_frames(connection, frames, dated):
    """``seals.fingerprinted(connection, dated(frame))`` of each of ``frames`` in order, the next one dated and hashed
    in a thread while the caller writes the one before (memory: one more frame, its units' rows and digests).
    dated: frame -> the frame with its inventory year (``years.dated``; it changes no unit_id)."""
    return ahead.results_in_order(lambda item: digested(dated(item[0]), item[1]),
                                  ((frame, unit_rows(connection, frame)) for frame in frames), workers=1)


def unit_rows(connection, entries):
    """What ``seals.fingerprinted`` reads of ``entries``' units and related units: a list of (layer, frame) of the
    rows their digests cover (``seal_state.digest_rows``), for ``digested``; all of them at once (a frame's units)."""
    where, params = "unit_id IN (SELECT value FROM json_each(?))", (json_ids(seals.unit_ids_of(entries)),)
    return [(layer, frame) for layer in seal_state.UNIT_LAYERS
            for frame in seal_state.digest_rows(connection, layer, where, params)]


def digested(entries, rows):
    """``seals.fingerprinted`` of ``entries`` over their units' ``rows`` (``unit_rows``), the same digests; it reads
    nothing, so a thread can work on it while the connection writes."""
    return seals.with_digests(entries, seals.digest_series([seal_state.hex_digests(
        [seal_state.part_digests(layer, frame) for layer, frame in rows if layer == each])
        for each in seal_state.UNIT_LAYERS]))
