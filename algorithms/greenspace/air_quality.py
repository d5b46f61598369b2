"""Air pollutants removed by the tree canopy of green units (i-Tree Eco form), in kg, not CO2.

    removal (kg/yr) = Vd (m/s) x C (ug/m3) x canopy (m2) x leaf-on share x seconds per year x 1e-9

Vd is the pollutant's mean deposition velocity to canopy (gases and PM10 after Nowak et al. 2006,
PM2.5 net of resuspension after Nowak et al. 2013), C its annual mean concentration, the
canopy the unit's mean tree-cover fraction from a canopy raster (``unit_stats`` ``mean:canopy``,
written by the sink accounting when it is given CANOPY) x its effective area, else its effective
area of tree classes (forest, urban_trees). i-Tree computes the flux
hour by hour; annual means give its order of magnitude. The interval combines the ranges of Vd,
C and the leaf-on share (Approach 1). Parameters: ``resources/greenspace/air_quality.csv``.
"""
import pandas as pd

from .parameters import land_cover_classes, product_activity

SECONDS_PER_YEAR = 365 * 24 * 3600
KG_PER_UG = 1e-9


CANOPY_STAT = "mean:canopy"
"""unit_stats row holding a unit's mean tree-cover fraction (0..1) from a canopy raster."""


def canopy_areas(green, cover, effective_m2, stats):
    """Tree canopy per green unit, m2: mean:canopy x effective area where measured, else tree-class area."""
    trees = land_cover_classes().query("tree == 1")["class"].tolist()
    from_classes = cover[trees].to_numpy().sum(axis=1)
    fraction = stats[stats["stat"] == CANOPY_STAT].groupby("unit_id")["value"].mean()
    measured = fraction.reindex(green["unit_id"]).to_numpy(dtype=float)
    return pd.Series(measured * effective_m2).fillna(pd.Series(from_classes)).to_numpy()


def pollutant_removal(green, canopy, parameters):
    """Rows of the pollutant_removal table (unit_id, pollutant, canopy_m2, removal_kg, low, high).

    canopy: tree canopy per green unit, m2 (see canopy_areas).
    """
    leaf_id = parameters.id_for("leaf_on_share", "all")
    velocities = parameters.ids("deposition_velocity")
    concentrations = parameters.ids("concentration")
    frames = []
    for pollutant in sorted(set(velocities) & set(concentrations)):
        base = canopy * SECONDS_PER_YEAR * KG_PER_UG
        value, low, high = product_activity(
            base, [velocities[pollutant], concentrations[pollutant], leaf_id], parameters
        )
        frames.append(pd.DataFrame({
            "unit_id": green["unit_id"].to_numpy(), "pollutant": pollutant, "canopy_m2": canopy,
            "removal_kg": value, "removal_low_kg": low, "removal_high_kg": high,
        }))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table[table["canopy_m2"] > 0].reset_index(drop=True) if len(table) else table


def totals_by_pollutant(table):
    """kg/yr removed per pollutant, summed over units."""
    return table.groupby("pollutant")["removal_kg"].sum() if len(table) else pd.Series(dtype=float)
