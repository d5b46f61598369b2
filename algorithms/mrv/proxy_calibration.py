"""Calibration of the downscaling proxies from a metered sample, and its application as a new version
of an inventory year.

Top-down totals are shared among buildings by floor area (``sources.downscaling``): every m2 of a
district gets the same kWh, whatever the building's use. A metered sample tells how much one m2 of
each use really takes. Per building use (``land_use`` of the building unit), carrier and unit, over
the sampled buildings i with floor area x_i and observed amount y_i (ratio estimator, Cochran 1977
Sampling Techniques, 6.3-6.4):

    intensity R = sum y / sum x                 (e.g. kWh per m2 of floor area)
    SE(R) = sqrt(sum (y_i - R x_i)^2 / (n - 1) / n) / mean x
    95% interval = R -+ t(0.975, n - 1) x SE(R)

with the intensity the ledger implies (sum modelled / sum x) beside it; the row ``all`` pools the uses.

Applied (``apply_calibration``, only when the user asks): within each downscaled total (the entries
of one ``inputs_hash`` and factor row), each entry of a calibrated carrier gets the share
activity x R(use) / sum of activity x R(use): floor area x intensity instead of floor area alone,
the total kept. Entries and their proxy shares are rescaled (the shares' concentration summed again)
and their intervals recomputed (``ledger.intervals.product_bounds`` with the factor rows of the ledger
and the new proxy deviation), fingerprints renewed (by the store, once the stored digests of the entries
re-shared are found to hold: ``LedgerWriter.held``); their method becomes ``<method>_calibrated``, and the whole is
written as a new version of the inventory year with the reason given (``ledger.years``), earlier versions untouched.
"""
import numpy as np
import pandas as pd
from scipy import stats

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger import entries as entry_rows, intervals, totals, years
from ..ledger.schema import BASELINE
from ..ledger.store import Ledger
from .ground_check import APPLY_OPTIONS, CO2E_UNITS, LAYER, compare, read_entries_of_years, read_observed, summary

ALGORITHM = "carbonledger:groundcheck"
ALL_USES = "all"
CALIBRATION_COLUMNS = ("land_use", "carrier", "unit", "year", "n", "floor_area_m2", "intensity", "intensity_se",
                       "intensity_low", "intensity_high", "modelled_intensity", "scale")
"""Fitted intensities (in ``unit`` per m2 of floor area per year); scale = intensity / modelled_intensity."""
SCALED = ("activity", "activity_low", "activity_high", "co2e_t")


def fit(rows, units):
    """The calibration table (CALIBRATION_COLUMNS) from the rows compared (ground_check.compare) of
    buildings with a floor area, a carrier and an amount unit (not t CO2e). units: unit_id, level,
    land_use, floor_area_m2 of the ledger's units."""
    buildings = units[(units["level"] == "building") & (units["floor_area_m2"].fillna(0) > 0)]
    sample = rows[(rows["carrier"] != "") & ~rows["unit"].isin(list(CO2E_UNITS))].merge(
        buildings[["unit_id", "land_use", "floor_area_m2"]], on="unit_id")
    sample["land_use"] = sample["land_use"].fillna("").astype(str)
    pooled = sample.assign(land_use=ALL_USES)
    fitted = [_ratio(key, group) for frame in (sample, pooled)
              for key, group in frame.groupby(["land_use", "carrier", "unit", "year"], sort=True)]
    return pd.DataFrame(fitted, columns=list(CALIBRATION_COLUMNS))


def _ratio(key, group):
    """One calibration row: the ratio estimator of ``group`` (observed y over floor area x)."""
    x, y = group["floor_area_m2"].to_numpy(dtype=float), group["observed"].to_numpy(dtype=float)
    n, ratio = len(x), y.sum() / x.sum()
    se = np.sqrt(((y - ratio * x) ** 2).sum() / (n - 1) / n) / x.mean() if n > 1 else np.nan
    half = stats.t.ppf(0.975, n - 1) * se if n > 1 else np.nan
    implied = group["modelled"].to_numpy(dtype=float).sum() / x.sum()
    return (*key, n, x.sum(), ratio, se, ratio - half, ratio + half, implied,
            ratio / implied if implied else np.nan)


def rescaled(entries, uses, calibration, factors):
    """The downscaled entries of the calibrated carriers re-shared (see the module docstring).

    entries: entries of one year and version; uses: Series unit_id -> land_use; calibration: fit()
    rows of that year; factors: the ledger's factor rows (factor_id, low, high). Returns the changed
    entries (ids, method and fingerprint not yet renewed).
    """
    by_use = calibration.set_index(["land_use", "carrier"])["intensity"]
    chosen = entries[entries["method"].fillna("").str.startswith("downscaled")
                     & entries["carrier"].isin(calibration["carrier"])].copy()
    if len(chosen) == 0:
        return chosen
    use = chosen["unit_id"].map(uses).fillna("").astype(str)
    pooled = chosen["carrier"].map(calibration[calibration["land_use"] == ALL_USES].set_index("carrier")["intensity"])
    own = pd.Series(list(zip(use, chosen["carrier"], strict=False)), index=chosen.index).map(by_use)
    intensity = own.fillna(pooled).to_numpy(dtype=float)
    activity = chosen["activity"].to_numpy(dtype=float)
    weight = pd.Series(activity * intensity, index=chosen.index)
    total = [chosen["inputs_hash"].fillna(""), chosen["factor_id"].fillna("")]  # one downscaled total
    shared = weight * chosen["activity"].groupby(total).transform("sum") / weight.groupby(total).transform("sum")
    ratio = np.where((activity > 0) & np.isfinite(shared.to_numpy()), shared.to_numpy() / np.where(
        activity > 0, activity, 1.0), 1.0)
    for column in SCALED:
        chosen[column] = chosen[column].to_numpy(dtype=float) * ratio
    share = pd.Series(pd.to_numeric(chosen["proxy_share"], errors="coerce").fillna(0.0).to_numpy() * ratio,
                      index=chosen.index)
    chosen["proxy_share"] = share
    chosen["proxy_concentration"] = (share ** 2).groupby(total).transform("sum")
    bounds = factors.drop_duplicates("factor_id").set_index("factor_id").reindex(chosen["factor_id"])
    _, chosen["low_t"], chosen["high_t"] = intervals.product_bounds(
        chosen["activity"], chosen["activity_low"], chosen["activity_high"], chosen["factor"],
        bounds["low"].to_numpy(dtype=float), bounds["high"].to_numpy(dtype=float), chosen["conversion"],
        intervals.proxy_deviation(chosen))
    return chosen


def apply_calibration(path, calibration, reason, parameters=None, progress=NO_PROGRESS):
    """Write the calibration (fit() rows; its latest year) into the ledger at ``path`` as a new version
    of that inventory year with ``reason``. Returns (entries changed, the InventoryYear written)."""
    if len(calibration) == 0:
        raise LedgerInputError(tr("no calibration to apply: OBSERVED has no metered buildings with a floor area"),
                               layer=LAYER)
    year = int(calibration["year"].max())
    ledger = Ledger(path)
    units = ledger.read_table("units", ["unit_id", "land_use"])
    uses = units.set_index("unit_id")["land_use"]
    with ledger.transaction(ALGORITHM, parameters) as writer:
        chosen = writer.open_year(year, reason or "calibrated downscaling proxies")
        stored = writer.rows("entries", {"scenario": BASELINE, **years.match(chosen)})
        changed = rescaled(stored, uses, calibration[calibration["year"] == year], writer.rows("factors"))
        progress(0.5, tr("{entries} downscaled entries re-shared").format(entries=len(changed)))
        if len(changed):
            writer.held("entries", stored.loc[changed.index])  # the rows re-shared, unaltered since their run
            ids = changed["entry_id"].tolist()
            for start in range(0, len(ids), 500):
                writer.delete_rows("entries", {"entry_id": ids[start:start + 500]})
            changed["method"] = changed["method"] + "_calibrated"
            changed["entry_id"] = entry_rows.entry_ids(changed) + years.id_suffixes(chosen)
            changed["run_id"] = writer.run_id
            writer.append_rows("entries", changed)
            totals.write_unit_totals(writer)
    return len(changed), chosen


def run_ground_check(path, observed, apply="none", reason=None, parameters=None, progress=NO_PROGRESS):
    """carbonledger:groundcheck on the ledger at ``path`` with the raw OBSERVED table ``observed``.

    Returns (rows compared, summary, calibration, summary dict). The ledger is changed only when
    ``apply`` is 'calibration' (a new version of the year, see apply_calibration).
    """
    if apply not in APPLY_OPTIONS:
        raise LedgerInputError(tr("'{value}' is not one of {options}").format(
            value=apply, options=", ".join(APPLY_OPTIONS)), layer="APPLY")
    ledger = Ledger(path)
    rows = read_observed(observed)
    progress(0.1, tr("Reading the entries of {years} inventory years").format(years=len(set(rows["year"]))))
    entries = read_entries_of_years(ledger, rows["year"])
    hierarchy = ledger.hierarchy(with_links=True)
    factors = ledger.read_table("factors").set_index("factor_id")
    progress(0.3, tr("Comparing {observations} observations").format(observations=len(rows)))
    compared = compare(rows, entries, hierarchy, factors)
    table = summary(compared)
    calibration = fit(compared, ledger.read_table("units", ["unit_id", "level", "land_use", "floor_area_m2"]))
    result = {"observations": len(compared), "coverage": float(compared["inside"].mean()) if len(compared) else 0.0,
              "bias_pct": float(100 * compared["residual"].sum() / compared["observed"].sum())
              if compared["observed"].sum() else 0.0, "changed": 0}
    if apply == "calibration":
        progress(0.6, tr("Applying the calibration as a new version of the year"))
        result["changed"], written = apply_calibration(path, calibration, reason, parameters, progress)
        result["version"] = f"{written.year} v{written.version}"
    progress(1.0, tr("Done"))
    return compared, table, calibration, result
