"""Change between two inventory years per unit and sector, split into activity, factor and method
parts, with the 95% interval of the change and whether it is told apart from noise.

Entries of the two years are paired by what they count: unit, flow, sector, carrier, activity unit
and factor *series* (the factor id without a trailing year: ``china_grid_central_2023`` and
``china_grid_central_2024`` are the same grid factor, updated). Per pair, with activity A and
effective factor f = co2e_t / A (factor x conversion) in the earlier (0) and later (1) year:

    activity part = (A1 - A0) x (f0 + f1) / 2
    factor part   = (f1 - f0) x (A0 + A1) / 2          (the two add up to E1 - E0 exactly)

where a pair's ``method`` differs between the years (metered in one, downscaled in the other), its
activity part is the method part instead (the amount changed because it was obtained another way; the
factor part stays what it is), and an entry of one year only (a new building, a parcel converted) is
an activity change as a whole. The parts are summed per unit of LEVEL (the unit and the units below it)
and sector. The interval of each change is ``intervals.difference_sums``: a factor row cited in both
years is fully correlated between them, so a change caused only by a new grid factor has the
interval of the two grid rows, not of every activity. A change is significant when its interval
excludes zero.
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger import intervals
from ..ledger.hierarchy import Hierarchy
from ..ledger.schema import BASELINE, LEVELS
from ..ledger.store import Ledger

FLOWS = ("source", "sink")
ALL_SECTORS = "all"
"""Sector of the rows that sum all sectors of a unit."""
RELATIVE_ROUNDING = 1e-9
"""Bounds closer to zero than this share of the amounts are rounding, not a change (an unchanged unit's
difference of two equal sums is a few 1e-17 t, its bound as well)."""
PAIR_FIELDS = ("unit_id", "flow", "sector", "carrier", "activity_unit")
ENTRY_COLUMNS = ["unit_id", "flow", "sector", "carrier", "activity_unit", "method", "co2e_t", "low_t", "high_t",
                 *intervals.CORRELATED]
CHANGE_COLUMNS = ("unit_id", "name", "level", "sector", "from_t", "to_t", "change_t", "change_low_t",
                  "change_high_t", "activity_t", "factor_t", "method_t", "significant")
"""Columns of the change table (t CO2e/yr; significant: 1 when the interval excludes zero, else 0)."""


def pair_keys(entries):
    """Text key per entry pairing it with the same entry of another year (see the module docstring)."""
    series = entries["factor_id"].fillna("").astype(str).str.replace(r"_(19|20)\d\d$", "", regex=True)
    key = series
    for field in PAIR_FIELDS:
        key = key + "\x1f" + entries[field].fillna("").astype(str)
    return key


def change_parts(before, after):
    """(keys, activity part, factor part, method part) per pair key, t CO2e/yr (see the module docstring).

    before, after: entries of the earlier and later year with co2e_t, activity, method and pair_keys' fields.
    """
    sides = []
    for entries in (before, after):
        frame = pd.DataFrame({"key": pair_keys(entries), "activity": entries["activity"].to_numpy(dtype=float),
                              "co2e_t": entries["co2e_t"].to_numpy(dtype=float),
                              "method": entries["method"].fillna("").astype(str)})
        sides.append(frame.groupby("key", sort=True).agg(activity=("activity", "sum"), co2e_t=("co2e_t", "sum"),
                                                         method=("method", lambda m: "|".join(sorted(set(m))))))
    old, new = (side.reindex(sides[0].index.union(sides[1].index)) for side in sides)
    a0, a1 = old["activity"].fillna(0.0).to_numpy(), new["activity"].fillna(0.0).to_numpy()
    e0, e1 = old["co2e_t"].fillna(0.0).to_numpy(), new["co2e_t"].fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        f0, f1 = e0 / a0, e1 / a1
    both = old["co2e_t"].notna().to_numpy() & new["co2e_t"].notna().to_numpy()
    same = old["method"].to_numpy(dtype=object) == new["method"].to_numpy(dtype=object)
    split = both & np.isfinite(f0) & np.isfinite(f1)
    f0, f1 = np.where(split, f0, 0.0), np.where(split, f1, 0.0)
    amount = np.where(split, (a1 - a0) * (f0 + f1) / 2, e1 - e0)  # the whole change where it cannot be split
    factor = np.where(split, (f1 - f0) * (a0 + a1) / 2, 0.0)
    moved = both & ~same
    activity, method = np.where(moved, 0.0, amount), np.where(moved, amount, 0.0)
    return old.index, activity, factor, method


def year_change(before, after, hierarchy, level):
    """The change table (CHANGE_COLUMNS) from ``before`` to ``after`` per unit of ``level`` and sector,
    plus one row per unit with sector ``all``; units and sectors without entries in either year are left out.

    before, after: entries of the two years (ENTRY_COLUMNS; flows other than source and sink are left
    out). hierarchy: unit_id, parent_id, level, name of every unit and link. Returns (table, number of
    entries under no unit of ``level``, left out).
    """
    if level not in LEVELS:
        raise LedgerInputError(tr("'{value}' is not one of {options}").format(value=level, options=", ".join(LEVELS)),
                               layer="LEVEL")
    tree = Hierarchy(hierarchy)
    sides, outside = [], 0
    for entries in (before, after):
        entries = entries[entries["flow"].isin(FLOWS)].reset_index(drop=True)
        codes = tree.codes(entries["unit_id"].to_numpy())
        owner = np.full(len(entries), -1, dtype=np.int64)
        owner[codes >= 0] = tree.ancestor_at_level(level, codes[codes >= 0])
        outside += int((owner < 0).sum())
        sides.append(entries[owner >= 0].reset_index(drop=True).assign(owner=owner[owner >= 0]))
    keys, activity, factor, method = change_parts(*sides)
    pair_owner = pd.concat([s.set_index(pair_keys(s))["owner"] for s in sides])
    pair_owner = pair_owner[~pair_owner.index.duplicated()].reindex(keys).to_numpy(dtype=np.int64)
    pair_sector = pd.Series(keys, dtype=object).str.split("\x1f").str[3].to_numpy(dtype=object)
    names = hierarchy["name"].to_numpy(dtype=object) if "name" in hierarchy.columns else np.full(len(tree), None)
    tables = [_summed(tree, names, sides, pair_owner, pair_sector, (activity, factor, method), by_sector)
              for by_sector in (True, False)]
    table = pd.concat(tables, ignore_index=True).sort_values(["unit_id", "sector"], kind="stable")
    return table[list(CHANGE_COLUMNS)].reset_index(drop=True), outside


def _summed(tree, names, sides, pair_owner, pair_sector, parts, by_sector):
    """Change rows per (owner, sector) when ``by_sector``, else per owner with sector ``all``."""
    labels = [side["sector"].astype(str).to_numpy(dtype=object) if by_sector else np.full(len(side), ALL_SECTORS,
                                                                                          dtype=object)
              for side in sides]
    pair_label = pair_sector if by_sector else np.full(len(pair_owner), ALL_SECTORS, dtype=object)
    groups = pd.MultiIndex.from_arrays([np.concatenate([s["owner"].to_numpy() for s in sides] + [pair_owner]),
                                        np.concatenate(labels + [pair_label])])
    codes, unique = pd.factorize(groups)
    ends = np.cumsum([len(sides[0]), len(sides[1])])
    count = len(unique)
    before, after = sides
    from_t = np.bincount(codes[:ends[0]], weights=before["co2e_t"].to_numpy(dtype=float), minlength=count)
    to_t = np.bincount(codes[ends[0]:ends[1]], weights=after["co2e_t"].to_numpy(dtype=float), minlength=count)
    change, low, high = intervals.difference_sums(codes[ends[0]:ends[1]], codes[:ends[0]], count, after, before)
    summed = [np.bincount(codes[ends[1]:], weights=part, minlength=count) for part in parts]
    owner = unique.get_level_values(0).to_numpy(dtype=np.int64)
    return pd.DataFrame({
        "unit_id": tree.ids[owner].to_numpy(dtype=object), "name": names[owner], "level": tree.level[owner],
        "sector": unique.get_level_values(1).to_numpy(dtype=object),
        "from_t": from_t, "to_t": to_t, "change_t": change, "change_low_t": low, "change_high_t": high,
        "activity_t": summed[0], "factor_t": summed[1], "method_t": summed[2],
        "significant": _excludes_zero(low, high, np.maximum(np.abs(from_t), np.abs(to_t))),
    })


def _excludes_zero(low, high, scale):
    """1 where the interval [low, high] excludes zero by more than rounding (RELATIVE_ROUNDING of ``scale``,
    the larger of the two years' magnitudes, t CO2e/yr), else 0."""
    margin = RELATIVE_ROUNDING * scale + 1e-12
    return ((low > margin) | (high < -margin)).astype(np.int64)


def read_year_change(path, from_year, to_year, level="district", progress=NO_PROGRESS):
    """The change table of the ledger at ``path`` from inventory year ``from_year`` to ``to_year``
    (ints; each in its latest version) per unit of ``level``; returns (table, summary dict)."""
    ledger = Ledger(path)
    if int(from_year) == int(to_year):
        raise LedgerInputError(tr("FROM_YEAR and TO_YEAR are both {year}: choose two inventory years").format(
            year=int(to_year)),
                               layer="TO_YEAR")
    chosen = [ledger.inventory_year(int(year)) for year in (from_year, to_year)]
    progress(0.1, tr("Reading the entries of both years"))
    before, after = (ledger.read_table("entries", ENTRY_COLUMNS, {"scenario": BASELINE, "flow": list(FLOWS),
                                                                  **ledger.year_match(year)}) for year in chosen)
    hierarchy = pd.concat([ledger.read_table(layer, ["unit_id", "parent_id", "level", "name"])
                           for layer in ("units", "links")], ignore_index=True)
    progress(0.5, tr("Pairing entries and summing the change"))
    table, outside = year_change(before, after, hierarchy, level)
    if outside:
        progress.warn(tr("{entries} entries lie under no {level} unit (or in units no longer in the ledger) and are "
                         "left out").format(entries=outside, level=level))
    whole = table[table["sector"] == ALL_SECTORS]
    progress(1.0, tr("Done"))
    return table, {
        "from": f"{chosen[0].year} v{chosen[0].version}", "to": f"{chosen[1].year} v{chosen[1].version}",
        "units": len(whole), "significant": int(whole["significant"].sum()),
        "change_t": float(whole["change_t"].sum()), "outside": outside,
    }
