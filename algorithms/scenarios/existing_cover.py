"""What a parcel already has: its tree canopy share from the land cover the sink accounting stored.

The sink accounting (carbonledger:accountsinks) stores each unit's area per land-cover class of the
accounting year in ``unit_stats`` as ``area_m2:<class>`` (m2; ``area_m2:<class>:<year>`` for the
earlier map). A unit's canopy share is the area of the tree classes (``tree`` = 1 in
resources/greenspace/land_cover_classes.csv: forest, urban_trees) over the area of all its classes.
A conversion that plants no more canopy than a parcel already has gains little: the chessboard says so.
"""
import numpy as np

from ..greenspace.parameters import land_cover_classes

AREA_STAT = "area_m2:"
"""Prefix of the unit_stats rows holding a unit's area of one land-cover class, m2."""


def canopy_shares(ledger, unit_ids):
    """{unit_id: tree canopy share 0..1} of the accounting year's land cover of ``unit_ids`` (a
    ledger.store.Ledger); units without stored land cover (no sink accounting, not a parcel) are left out."""
    ids = list(unit_ids)
    if not ids:
        return {}
    stats = ledger.read_table("unit_stats", ["unit_id", "stat", "value"], {"unit_id": ids})
    names = stats["stat"].astype(str)
    current = stats[names.str.startswith(AREA_STAT) & (names.str.count(":") == 1)]
    if current.empty:
        return {}
    trees = {AREA_STAT + name for name in land_cover_classes().query("tree == 1")["class"]}
    tree_area = np.where(current["stat"].isin(trees), current["value"].to_numpy(dtype=float), 0.0)
    sums = current.assign(tree=tree_area).groupby("unit_id")[["tree", "value"]].sum()
    sums = sums[sums["value"] > 0]
    return (sums["tree"] / sums["value"]).to_dict()


def already_green(shares, planned_share):
    """Units of ``shares`` ({unit_id: canopy share}) whose canopy is at or above ``planned_share``
    (0..1, the conversion's canopy share): {unit_id: share}, in the order given."""
    return {unit: share for unit, share in shares.items() if share >= planned_share}
