"""Ground check: the modelled ledger against what was measured (meter readings of sampled buildings,
traffic counts, an inventory-plot or flux-tower value), with residuals, bias and coverage.

Each OBSERVED row names a unit, a sector or a carrier, an amount in a unit, its year and its source.
The modelled amount is that of the unit and every unit below it, in the inventory year of the row
(its latest version): in t CO2e the entries' co2e_t; in any other unit (kWh, m3, TJ, vkm, ha) their
activity converted to it (``ledger.conversions``), each amount counted once (a fuel's CO2, CH4 and
N2O entries share one activity). The modelled 95% interval is ``intervals.group_sums`` over those
entries (amounts of one input are correlated, as everywhere in the ledger), an amount's own interval
holding its activity's and, for a downscaled share, its proxy error (``intervals.proxy_deviation``).

    residual = modelled - observed          relative error = residual / observed
    bias = mean residual                    relative bias = sum of residuals / sum observed
    coverage = share of observations inside [modelled low, modelled high]  (0.95 when honest)

Nothing is written to the ledger here; ``proxy_calibration`` fits and, when told to, applies a
calibration of the downscaling proxies.
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger import intervals
from ..ledger.conversions import quantity_multiplier
from ..ledger.hierarchy import Hierarchy
from ..ledger.schema import BASELINE

LAYER = "OBSERVED"
APPLY_OPTIONS = ("none", "calibration")
CO2E_UNITS = {"t CO2e": 1.0, "t": 1.0, "kg CO2e": 0.001, "kt CO2e": 1000.0}
"""Observed units compared with co2e_t (t CO2e/yr), and what one of them is in t CO2e."""
REQUIRED = ("unit_id", "observed", "unit", "year")
ENTRY_COLUMNS = ["unit_id", "flow", "sector", "carrier", "activity_unit", "method", "co2e_t", "low_t", "high_t",
                 *intervals.CORRELATED]
ROW_COLUMNS = ("row", "unit_id", "level", "sector", "carrier", "year", "unit", "observed", "modelled",
               "modelled_low", "modelled_high", "residual", "relative_error", "inside", "entries", "source")
"""Columns of the rows compared (amounts in ``unit``)."""
SUMMARY_COLUMNS = ("what", "level", "unit", "n", "observed", "modelled", "bias", "relative_bias",
                   "mean_abs_relative_error", "coverage")


def read_observed(frame):
    """Validated OBSERVED rows: unit_id, sector, carrier, observed (float), unit, year (int), source, row
    (1-based row number). Raises LedgerInputError naming the row and field of the first problem."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise LedgerInputError(tr("missing columns {missing} (required: {required} and sector or carrier)").format(
            missing=missing, required=", ".join(REQUIRED)), layer=LAYER)
    rows = pd.DataFrame({"row": np.arange(1, len(frame) + 1)})
    for column in ("unit_id", "sector", "carrier", "unit", "source"):
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        rows[column] = values.fillna("").astype(str).str.strip().to_numpy()
    for column, kind in (("observed", float), ("year", int)):
        numbers = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(numbers)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise LedgerInputError(tr("'{value}' is not a number").format(value=frame[column].iat[first]), layer=LAYER,
                                   field=column, row=first + 1)
        rows[column] = numbers.astype(kind)
    for column, problem in (("unit_id", rows["unit_id"] == ""),
                            ("sector", (rows["sector"] == "") & (rows["carrier"] == "")),
                            ("unit", rows["unit"] == "")):
        if problem.any():
            first = int(np.flatnonzero(problem.to_numpy())[0])
            raise LedgerInputError(tr("empty: every row needs a unit_id, a sector or a carrier, and a unit"),
                                   layer=LAYER, field=column, row=first + 1)
    return rows


def modelled(row, entries, tree, factors):
    """(amount, low, high, entries counted) of one observed ``row`` (a Series of read_observed) from the
    ``entries`` of its year (ENTRY_COLUMNS), in the row's unit. tree: Hierarchy of units and links."""
    code = tree.codes([row["unit_id"]])[0]
    if code < 0:
        raise LedgerInputError(tr("unit '{unit_id}' is not in the ledger").format(unit_id=row["unit_id"]), layer=LAYER,
                               field="unit_id", row=row["row"])
    inside = np.isin(tree.codes(entries["unit_id"].to_numpy()), np.append(tree.below([code]), code))
    chosen = entries[inside & entries["flow"].isin(("source", "sink")).to_numpy()]
    chosen = chosen[chosen["sector"] == row["sector"]] if row["sector"] else chosen
    chosen = chosen[chosen["carrier"] == row["carrier"]] if row["carrier"] else chosen
    if row["unit"] in CO2E_UNITS:
        total, low, high = intervals.sum_interval(chosen)
        scale = 1.0 / CO2E_UNITS[row["unit"]]
        return total * scale, low * scale, high * scale, len(chosen)
    amounts = chosen.drop_duplicates(["unit_id", "sector", "carrier", "activity_unit", "method", "activity",
                                      "inputs_hash"])
    multipliers = np.ones(len(amounts))
    for position, (unit, carrier) in enumerate(zip(amounts["activity_unit"], amounts["carrier"], strict=False)):
        try:
            multipliers[position] = quantity_multiplier(unit, row["unit"], carrier, factors)[0]
        except KeyError as error:
            raise LedgerInputError(tr("the modelled {carrier} in {unit} cannot be compared with '{observed_unit}': "
                                      "{reason}").format(carrier=carrier, unit=unit, observed_unit=row["unit"],
                                                         reason=error.args[0]),
                                   layer=LAYER, field="unit", row=row["row"]) from None
    activity = amounts["activity"].to_numpy(dtype=float)
    proxy = intervals.proxy_deviation(amounts)  # a downscaled share's own error, beside its total's
    low, high = intervals.relative_bounds(activity * multipliers, *(
        intervals.quadrature((intervals.relative_deviation(activity, amounts[bound]), proxy))
        for bound in ("activity_low", "activity_high")))
    as_amounts = pd.DataFrame({
        "co2e_t": activity * multipliers, "low_t": low, "high_t": high,
        "activity": activity, "activity_low": amounts["activity_low"].to_numpy(),
        "activity_high": amounts["activity_high"].to_numpy(), "inputs_hash": amounts["inputs_hash"].to_numpy(),
        "factor_id": None, **{c: amounts[c].to_numpy() for c in intervals.PROXY if c in amounts.columns},
    })
    return (*intervals.sum_interval(as_amounts), len(amounts))


def compare(observed, entries_of_year, hierarchy, factors):
    """The rows compared (ROW_COLUMNS). observed: read_observed rows; entries_of_year: {year: entries};
    hierarchy: unit_id, parent_id, level of every unit and link; factors: factor table indexed by factor_id."""
    tree = Hierarchy(hierarchy)
    results = []
    for _, row in observed.iterrows():
        amount, low, high, count = modelled(row, entries_of_year[row["year"]], tree, factors)
        results.append((amount, low, high, count))
    amount, low, high, count = (np.array(v, dtype=float) for v in zip(*results, strict=False)) if results else (
        np.zeros(0),) * 4
    table = observed.assign(level=tree.level[tree.codes(observed["unit_id"].to_numpy())] if len(observed) else [],
                            modelled=amount, modelled_low=low, modelled_high=high, entries=count.astype(np.int64))
    table["residual"] = table["modelled"] - table["observed"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["relative_error"] = np.where(table["observed"] != 0, table["residual"] / table["observed"], np.nan)
    table["inside"] = ((table["observed"] >= table["modelled_low"])
                       & (table["observed"] <= table["modelled_high"])).astype(np.int64)
    return table[list(ROW_COLUMNS)]


def summary(rows):
    """Bias and coverage (SUMMARY_COLUMNS) per sector (or carrier), level and unit, and over all rows
    of each unit ('all'); relative figures are ratios (0.1 = 10%)."""
    rows = rows.assign(what=np.where(rows["sector"] != "", rows["sector"], rows["carrier"]))
    frames = [rows, rows.assign(what="all", level="all")]
    grouped = pd.concat(frames, ignore_index=True).groupby(["what", "level", "unit"], sort=True)
    table = grouped.agg(n=("observed", "size"), observed=("observed", "sum"), modelled=("modelled", "sum"),
                        bias=("residual", "mean"), residuals=("residual", "sum"),
                        mean_abs_relative_error=("relative_error", lambda e: float(np.nanmean(np.abs(e)))
                                                 if np.isfinite(e).any() else np.nan),
                        coverage=("inside", "mean")).reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["relative_bias"] = np.where(table["observed"] != 0, table["residuals"] / table["observed"], np.nan)
    return table[list(SUMMARY_COLUMNS)]


def read_entries_of_years(ledger, years):
    """{year: baseline entries of that inventory year (its latest version)} of a store.Ledger."""
    found = {}
    for year in sorted(set(int(y) for y in years)):
        try:
            match = ledger.year_match(year)
        except LedgerInputError as error:
            raise LedgerInputError(error.detail, layer=LAYER, field="year") from None
        found[year] = ledger.read_table("entries", ENTRY_COLUMNS, {"scenario": BASELINE, **match})
    return found
