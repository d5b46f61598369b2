"""Stormwater retained by green units (InVEST Urban Stormwater Retention form) and the energy it saves.

For each green unit and land-cover class k on hydrologic soil group s (parameters in
``resources/greenspace/stormwater.csv``):

    RE_k = 1 - RC_k,s                                   retention ratio
    retained_k (m3/yr) = P (mm/yr) x RE_k x A_k (m2) x 0.001
    avoided_k (m3/yr)  = P x max(RE_k - RE_ref, 0) x A_k x 0.001
    kWh_k = avoided_k x e_storm (kWh/m3),  avoided t CO2e = kWh x grid / 1000

``retained`` is InVEST's absolute retention; ``avoided`` is what the drainage system does not
convey or treat because the ground is green rather than the reference cover (default ``paved``):
the sealed surface it would otherwise be also lets some water soak away, and only the difference
is credited. A reference whose runoff coefficient is 1 (``water``) gives InVEST's absolute figure.
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from .parameters import product_activity

SOIL_GROUPS = ("A", "B", "C", "D")


def stormwater_rows(green, cover, parameters, grid_factor_id, soil_group="B", reference_cover="paved"):
    """(avoided-emission accounting rows, per-unit retained and avoided m3/yr) for the green units."""
    if soil_group not in SOIL_GROUPS:
        raise LedgerInputError(tr("soil group '{soil_group}' is not one of A, B, C, D").format(soil_group=soil_group),
                               layer="SOIL_GROUP")
    if reference_cover not in cover.columns:
        raise LedgerInputError(
            tr("reference cover '{reference_cover}' is not a land-cover class ({classes})").format(
                reference_cover=reference_cover, classes=", ".join(cover.columns)),
            layer="REFERENCE_COVER",
        )
    precipitation_id = parameters.id_for("precipitation", "all")
    energy_id = parameters.id_for("stormwater_energy", "all")
    precipitation = parameters.value(precipitation_id)
    reference_re = 1.0 - parameters.value(parameters.id_for("runoff_coefficient", f"{reference_cover}:{soil_group}"))
    frames = []
    retained = np.zeros(len(cover))
    avoided = np.zeros(len(cover))
    for cover_class in cover.columns:
        area = cover[cover_class].to_numpy()
        if not (area > 0).any():
            continue
        runoff_id = parameters.id_for("runoff_coefficient", f"{cover_class}:{soil_group}")
        retention = 1.0 - parameters.value(runoff_id)
        retained += precipitation * retention * area * 0.001
        gain = max(retention - reference_re, 0.0)
        avoided += precipitation * gain * area * 0.001
        take = (area > 0) & (gain > 0)
        if not take.any():
            continue
        value, low, high = product_activity(area[take] * gain * 0.001, [precipitation_id, energy_id], parameters)
        units = green["unit_id"].to_numpy()[take]
        frames.append(pd.DataFrame({
            "unit_id": units, "flow": "avoided", "sector": "greenspace_stormwater", "gpc_sector": "I.2",
            "scope": 2, "carrier": cover_class, "activity": value, "activity_unit": "kWh",
            "activity_low": low, "activity_high": high, "factor_id": grid_factor_id, "conversion": -0.001,
            "conversion_note": (
                f"kg -> t, avoided (negative); kWh = area x ({runoff_id} vs {reference_cover}:{soil_group}) x "
                f"{precipitation_id} x 0.001 x {energy_id}"
            ),
            "method": "invest_stormwater_retention", "related_unit_id": units, "basis": area[take] * gain,
        }))
    volumes = pd.DataFrame(
        {"unit_id": green["unit_id"].to_numpy(), "retained_m3": retained, "avoided_runoff_m3": avoided}
    )
    return frames, volumes
