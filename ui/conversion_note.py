"""The chessboard's line on the buildings a land-use conversion keeps (they and their entries stay)."""
from .formatting import number
from .i18n import tr


def kept_buildings_note(combined):
    """The line saying how many buildings the converted parcels keep and their net (t CO2e/yr), from
    ``Chessboard.combined`` (``buildings_kept``, ``buildings_kept_t``); empty when there is none."""
    count = combined.get("buildings_kept", 0)
    if not count:
        return ""
    if count == 1:
        text = tr("1 building on the converted parcel keeps its {net} t CO2e/yr: a conversion re-plants the "
                  "ground, the building and its entries stay.")
    else:
        text = tr("{count} buildings on the converted parcels keep their {net} t CO2e/yr: a conversion re-plants "
                  "the ground, the buildings and their entries stay.")
    return text.format(count=f"{count:,}", net=number(combined["buildings_kept_t"]))
