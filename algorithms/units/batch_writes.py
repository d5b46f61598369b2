"""segmentunits into a fresh ledger: the units and links written a batch of districts at a time, as
``segment_units.segment_batches`` yields them (issue 22: one batch's geometry held at once)."""
from ..ledger import rtree_bulk, seal_state
from .segment_units import drain
from .unit_frames import Wider


def is_fresh(ledger):
    """Whether ``ledger`` holds no units, links or entries yet: segmentunits may then write batch by batch."""
    return not any(ledger.count(name) for name in ("units", "links", "entries"))


def write_batches(ledger, segment, parameters=None, inputs=None, algorithm="carbonledger:segmentunits"):
    """Write the units and links of a fresh ledger (``is_fresh``) a batch of districts at a time, in one
    transaction, as ``segment(digits)`` (a ``segment_batches`` generator padding ids to ``digits``) yields them:
    one batch's geometry held at once, the spatial indexes packed after the last batch, the rows digested for
    the seal as written. Returns (run id, the generator's summary Segmentation). A refusal writes nothing."""
    digits = {}
    while True:
        try:
            with ledger.transaction(algorithm, parameters, inputs) as writer, \
                    rtree_bulk.deferred(writer, ("units", "links")):
                seal_state.digest_inserts(writer, ("units", "links"))
                return writer.run_id, drain(segment(digits), lambda kind, frame: writer.update_columns("units", frame)
                                            if kind == "population" else writer.append_rows(kind, frame))
        except Wider as wider:
            digits = wider.digits
