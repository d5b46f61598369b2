"""The chessboard's line on the buildings a land-use conversion keeps (they and their entries stay)."""
from .formatting import count, number
from .i18n import tr


def kept_buildings_note(combined, parcels=1):
    """The line saying how many buildings the ``parcels`` converted parcels keep and their net (t CO2e/yr), from
    ``Chessboard.combined`` (``buildings_kept``, ``buildings_kept_t``); empty when there is none."""
    buildings = combined.get("buildings_kept", 0)
    if not buildings:
        return ""
    if parcels > 1:
        text = tr("{count} buildings on the converted parcels keep their {net} t CO2e/yr: a conversion re-plants "
                  "the ground, the buildings and their entries stay.") if buildings > 1 else tr(
            "1 building on the converted parcels keeps its {net} t CO2e/yr: a conversion re-plants the ground, "
            "the building and its entries stay.")
    elif buildings > 1:
        text = tr("{count} buildings on the converted parcel keep their {net} t CO2e/yr: a conversion re-plants "
                  "the ground, the buildings and their entries stay.")
    else:
        text = tr("1 building on the converted parcel keeps its {net} t CO2e/yr: a conversion re-plants the "
                  "ground, the building and its entries stay.")
    return text.format(count=count(buildings), net=number(combined["buildings_kept_t"]))
