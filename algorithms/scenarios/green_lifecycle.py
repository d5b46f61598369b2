"""What a new green unit of the chessboard costs in carbon: the green-space budget's rows for it.

A land-use conversion to a green land use (a row of ``resources/greenspace/design_types.csv``,
e.g. pocket_park) builds a new green unit, so it carries what ``carbonledger:greenspacebudget``
would charge it (``greenspace.budget.lifecycle_rows``, the same parameters and formulas):
amortised construction and replanting (GPC VI.1, scope 3, ``lifecycle`` entries, outside the
territorial net) and maintenance (mowing II.5, fertiliser V.3, pruning waste III.2 scope 3, ``source``
entries). Irrigation is a scope-2 ``source`` entry: a new park's pumps are new demand, not inside
the present electricity totals. Cover areas are the planting plan's (m2); t CO2e/yr throughout.
"""
import numpy as np
import pandas as pd

from ..core.messages import tr
from ..greenspace import budget
from ..greenspace.parameters import Parameters, design_types, land_cover_classes


def green_design(to_land_use):
    """(design_type, regime) of a land use that makes a green unit, or None."""
    types = design_types().set_index("land_use")
    if to_land_use not in types.index:
        return None
    return types.at[to_land_use, "design_type"], types.at[to_land_use, "regime"]


def park_lifecycle_rows(unit_id, area_m2, to_land_use, class_areas_m2, factors, grid_factor_id):
    """Accounting rows of a new green unit and the parameter rows they cite that ``factors`` lacks.

    unit_id: the converted parcel; area_m2: its area (m2); class_areas_m2: {land-cover class: m2}
    of the planting plan; factors: the chessboard's factor table (indexed by factor_id);
    grid_factor_id: grid factor of the irrigation electricity (kg CO2/kWh).
    Returns (rows DataFrame, new factor rows DataFrame); both empty when the land use is not green.
    """
    design = green_design(to_land_use)
    if design is None:
        return pd.DataFrame(columns=["unit_id"]), factors.iloc[0:0]
    parameters = Parameters()
    parameters.row(grid_factor_id, tr("grid electricity factor of the new park's irrigation"))
    green = pd.DataFrame({"unit_id": [unit_id], "design_type": [design[0]], "regime": [design[1]]})
    classes = land_cover_classes()["class"].tolist()
    cover = pd.DataFrame([[float(class_areas_m2.get(name, 0.0)) for name in classes]], columns=classes,
                         index=green["unit_id"])
    rows = budget.lifecycle_rows(green, np.array([float(area_m2)]), cover, parameters, grid_factor_id)
    used = parameters.table.loc[sorted(parameters.used | set(rows["factor_id"]))]
    return rows, used[~used.index.isin(factors.index)]
