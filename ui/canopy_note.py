"""The chessboard's note on a conversion planned where trees already stand (an amber line)."""
from ..algorithms.ledger import store as ledger_module
from ..algorithms.scenarios import existing_cover
from .i18n import tr

AMBER = "#8c6d1f"


def green_note(path, units, planned, cache):
    """An amber note (rich text) naming each of ``units`` whose land cover stored in the ledger at
    ``path`` already has at least the tree canopy share ``planned`` (0..1, canopy_share of a
    land-use conversion): the edit's number stays as accounted, but it changes little there. Empty
    when there is none. ``cache``: {unit_id: canopy share or None}, filled with the units read."""
    unknown = [unit for unit in units if unit not in cache]
    if unknown:
        shares = existing_cover.canopy_shares(ledger_module.Ledger(path), unknown)
        cache.update({unit: shares.get(unit) for unit in unknown})
    known = {unit: cache[unit] for unit in units if cache[unit] is not None}
    notes = [tr("Parcel {unit} is already green: its land cover has {existing} tree canopy, the plan "
                "{planned}; the edit changes little there.").format(
                    unit=unit, existing=f"{share:.0%}", planned=f"{planned:.0%}")
             for unit, share in existing_cover.already_green(known, planned).items()]
    return "<br>".join(f"<span style='color:{AMBER}'>{note}</span>" for note in notes)
