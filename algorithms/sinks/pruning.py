"""Pruning removals of urban trees: the loss term of IPCC 2006 Vol 4 Ch 8 Eq 8.1 (gains minus losses;
Ch 8.2: for woody biomass in settlements the stock change is the increment less the loss due to
management).

The ``rates`` entries are the gross growth of urban trees (Tier 2a crown-cover rate); pruning and
clippings carried away each year are a biomass loss of the same trees (the green waste that the
green-space budget composts). Per unit, on its own urban_trees class area:

    pruning (t fresh/yr) = area (m2) x gs_pruning_waste_<level>_urban_trees (t/m2/yr,
                           resources/greenspace/maintenance.csv)
    co2e_t = pruning x pruning_carbon_content (t C/t fresh, resources/sinks/removals.csv) x 44/12

a source in sector ``sequestration`` beside the growth entry, so that their sum is the net
(Eq 8.1). level: the maintenance level of the city's trees (``none``: no removals booked).
"""
import numpy as np
import pandas as pd

from ..core.resources import resource_path
from ..ledger import schema
from ..ledger.conversions import C_TO_CO2
from ..ledger.factors import read_factor_table
from ..units import zonal

LEVELS = ("none", "extensive", "standard", "intensive")
"""Maintenance levels of the green-space maintenance table (``none``: no pruning booked)."""
DEFAULT_LEVEL = "standard"
TREE_CLASS = "urban_trees"
CARBON_CONTENT = "pruning_carbon_content"


def pruning_rate_id(level):
    """Factor id of the pruning waste rate (t fresh/m2/yr) of urban trees at a maintenance level."""
    return f"gs_pruning_waste_{level}_{TREE_CLASS}"


def removal_factors(level):
    """Factor rows of the pruning loss at ``level``: the pruning rate and the carbon content
    (empty for ``none``)."""
    if level == "none":
        return pd.DataFrame()
    maintenance = read_factor_table(resource_path("greenspace", "maintenance.csv"))
    removals = read_factor_table(resource_path("sinks", "removals.csv"))
    return pd.concat([maintenance.loc[[pruning_rate_id(level)]], removals.loc[[CARBON_CONTENT]]])


def removal_rows(ids, tree_m2, factors, level):
    """Accounting rows of pruning losses: one per unit with urban trees (none for level ``none``).

    tree_m2: own urban_trees class area per unit, m2; factors: a table holding ``removal_factors``.
    """
    if level == "none":
        return pd.DataFrame()
    rate = factors.loc[pruning_rate_id(level)]
    keep = zonal.is_land(np.asarray(tree_m2, dtype=float))
    area = np.asarray(tree_m2, dtype=float)[keep]
    return pd.DataFrame({
        "unit_id": np.asarray(ids)[keep], "flow": "source", "sector": schema.SEQUESTRATION, "gpc_sector": "V.2",
        "scope": 1, "carrier": f"{TREE_CLASS}_pruning", "activity": area * rate["value"],
        "activity_unit": f"t fresh pruning/yr ({level} maintenance)",
        "activity_low": area * rate["low"], "activity_high": area * rate["high"],
        "factor_id": CARBON_CONTENT, "conversion": C_TO_CO2,
        "conversion_note": f"t C -> t CO2e (x 44/12), a loss; t fresh = m2 of {TREE_CLASS} x {pruning_rate_id(level)}",
        "method": "pruning_removal", "profile": "flat",
    })
