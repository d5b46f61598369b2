"""Light-use efficiency (CASA type): a unit's net uptake from its greenness.

    fAPAR = min(max(a x NDVI + b, 0), fAPAR_max)                       (ratio)
    NPP   = fAPAR x PAR x epsilon x stress                             (g C/m2/yr)
    Rh    = rh_share x NPP                                             (g C/m2/yr)
    NEP   = NPP - Rh = fAPAR x PAR x epsilon x stress x (1 - rh_share)  (g C/m2/yr; 1 g C/m2 = 0.01 t C/ha)

The parameters are the rows of ``resources/sinks/lue_parameters.csv`` (a factor table, sources in
its ``source`` column). In the ledger the absorbed light is the activity and epsilon the factor:

    co2e_t = APAR (MJ/yr) x epsilon (g C/MJ) x [stress x (1 - rh_share) x 1e-6 t/g x -44/12]

with APAR = fAPAR(mean NDVI) x PAR x area (m2), over the unit's pixels whose class is credited:
cropland is left out (IPCC 2006 Vol 4 Ch 5 Tier 1: annual crops are harvested within the year, no
net uptake). Each pixel's NDVI is floored at -b / a (fAPAR 0) before the mean, so water and
sealed pixels (negative NDVI) count as no uptake instead of pulling their neighbours' fAPAR
down; fAPAR is linear above that floor, so the fAPAR of the floored mean is the mean of the
pixels' fAPAR wherever none reaches the cap.

Interval (Approach 1): the relative ranges of PAR, stress and (1 - rh_share) (from rh_share's
range) enter the activity's low and high, in quadrature; epsilon's is the factor's.
"""
import numpy as np
import pandas as pd
from osgeo import gdal

from ..ledger import schema
from ..ledger.conversions import C_TO_CO2
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.gdal_errors import gdal_exceptions
from ..core.plausibility import check_range
from ..units.zonal_accumulators import Accumulator
from ..core.resources import resource_path
from ..ledger.factors import read_factor_table
from ..ledger.intervals import quadrature, relative_deviation

PARAMETERS = ("lue_epsilon", "lue_stress", "lue_par", "lue_fapar_slope", "lue_fapar_intercept",
              "lue_fapar_max", "lue_rh_share")
"""Factor ids the model needs."""

GRAMS_PER_TONNE = 1e6
UNCREDITED_CLASSES = ("cropland",)
"""Classes whose greenness earns no net uptake (IPCC 2006 Vol 4 Ch 5 Tier 1: harvested within the year)."""


def ndvi_floor(parameters):
    """NDVI at which fAPAR reaches 0 (-intercept / slope): pixels below it absorb nothing."""
    p = parameters["value"]
    return -p["lue_fapar_intercept"] / p["lue_fapar_slope"]


def activity_deviations(parameters):
    """Relative deviations (below, above) of the activity: those of PAR, stress and 1 - rh_share
    (whose low end is 1 - rh_share's high end) in quadrature."""
    p = parameters
    values = np.array([p.at["lue_par", "value"], p.at["lue_stress", "value"], 1.0 - p.at["lue_rh_share", "value"]])
    lows = np.array([p.at["lue_par", "low"], p.at["lue_stress", "low"], 1.0 - p.at["lue_rh_share", "high"]])
    highs = np.array([p.at["lue_par", "high"], p.at["lue_stress", "high"], 1.0 - p.at["lue_rh_share", "low"]])
    return quadrature(relative_deviation(values, lows)), quadrature(relative_deviation(values, highs))


def read_parameters(path=None, layer="LUE_PARAMETERS"):
    """The parameter table (shipped one when ``path`` is None), validated, indexed by factor_id."""
    table = read_factor_table(path or resource_path("sinks", "lue_parameters.csv"), layer)
    missing = [p for p in PARAMETERS if p not in table.index]
    if missing:
        raise LedgerInputError(tr("missing parameters {parameters}").format(parameters=missing), layer=layer,
                               field="factor_id")
    return table


def fapar(ndvi, parameters):
    """Fraction of PAR absorbed (0..fAPAR_max, ratio) for NDVI values."""
    p = parameters["value"]
    slope, intercept, cap = p["lue_fapar_slope"], p["lue_fapar_intercept"], p["lue_fapar_max"]
    return (slope * pd.Series(ndvi, dtype=float) + intercept).clip(lower=0.0, upper=cap).to_numpy()


def conversion(parameters):
    """The multiplier from g C (APAR x epsilon) to t CO2e of net uptake (negative), and its note."""
    stress = parameters.at["lue_stress", "value"]
    rh_share = parameters.at["lue_rh_share", "value"]
    value = -stress * (1.0 - rh_share) * C_TO_CO2 / GRAMS_PER_TONNE
    note = (f"x stress {stress:g} (lue_stress) x (1 - Rh share {rh_share:g}, lue_rh_share) "
            f"x 1e-6 t/g x -44/12 (uptake negative)")
    return value, note


def nep_t_c_ha(ndvi, parameters):
    """Net ecosystem production for NDVI values, t C/ha/yr (positive = uptake)."""
    v = parameters["value"]
    g_c_m2 = fapar(ndvi, parameters) * v["lue_par"] * v["lue_epsilon"] * v["lue_stress"] * (1.0 - v["lue_rh_share"])
    return g_c_m2 / 100.0


def accounting_rows(unit_ids, ndvi_mean, area_m2, parameters):
    """One LUE accounting row per unit with a valid NDVI mean and area > 0.

    unit_ids: unit ids; ndvi_mean: mean NDVI of each unit's area; area_m2: the area the mean
    covers, m2 (credited classes only). Activity = absorbed PAR, MJ/yr, its low and high carrying
    the ranges of PAR, stress and 1 - rh_share (``activity_deviations``).
    """
    frame = pd.DataFrame({"unit_id": unit_ids, "ndvi": ndvi_mean, "area": area_m2})
    frame = frame[frame["ndvi"].notna() & (frame["area"] > 0)]
    absorbed = fapar(frame["ndvi"], parameters) * frame["area"].to_numpy()
    activity = absorbed * parameters.at["lue_par", "value"]
    below, above = activity_deviations(parameters)
    value, note = conversion(parameters)
    return pd.DataFrame({
        "unit_id": frame["unit_id"].to_numpy(),
        "flow": "sink", "sector": schema.SEQUESTRATION, "gpc_sector": "V.2", "scope": 1, "carrier": "ndvi_lue",
        "activity": activity, "activity_unit": "MJ APAR",
        "activity_low": activity * (1.0 - below), "activity_high": activity * (1.0 + above),
        "factor_id": "lue_epsilon", "conversion": value, "conversion_note": note,
        "method": "lue_ndvi", "profile": "vegetation",
    })


STRIP_PIXELS = 1 << 20
"""NDVI pixels read at a time by ``check_ndvi_raster`` (4 MB of float32; at least one row of blocks)."""


def check_ndvi_raster(path, layer="NDVI"):
    """Refuse an NDVI raster whose values leave -1..1 (resources/plausible_ranges.csv): a product scaled
    x10000 (MODIS) or digital numbers would multiply the uptake. Reads band 1's exact minimum and maximum
    (nodata and NaN excluded) STRIP_PIXELS at a time, in whole rows of blocks dropped from GDAL's cache after
    each strip (``zonal_accumulators.Accumulator``), so a city's raster is never held; an all-nodata raster is
    left to the accounting's coverage check."""
    low, high = np.inf, -np.inf
    with gdal_exceptions():
        dataset = gdal.Open(path)
        strips = Accumulator(dataset)
        rows = strips.block_rows * max(1, STRIP_PIXELS // (strips.width * strips.block_rows))
        for row0 in range(0, strips.height, rows):
            values = strips.read(row0, min(row0 + rows, strips.height))
            valid = values[~np.isnan(values)] if values.dtype.kind == "f" else values
            if strips.nodata is not None:
                valid = valid[valid != values.dtype.type(strips.nodata)]
            if valid.size:
                low, high = min(low, float(valid.min())), max(high, float(valid.max()))
    if low > high:  # no valid pixel
        return
    check_range([low, high], ["minimum", "maximum"], "ndvi", layer, "band 1")
