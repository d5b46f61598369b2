"""Temporal rhythms: spread annual entries (t CO2e/yr) over the hours of given days.

Profiles are CSVs in ``resources/profiles/`` (format in its README): a weight per month x
day type (weekday, weekend) x hour. For a calendar year Y the weights are normalised by
W(Y) = sum over every day of Y and every hour, so an entry's hours in Y sum to its annual
value whatever the year's month lengths and weekday count:

    hourly (t CO2e) = annual (t CO2e/yr) x weight(month, daytype, hour) / W(Y)

Negative weights (night-time respiration of a sink) are allowed; W(Y) must be positive.
"""
import glob
import os

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path, shipped_table
from ..core.progress import NO_PROGRESS

DAYTYPES = ("weekday", "weekend")
FIELDS = ("profile", "month", "daytype", "hour", "weight", "source")
HOUR_FIELDS = [f"h{hour:02d}" for hour in range(24)]
DEFAULT_PROFILE = "flat"


def validate_profiles(table, layer):
    """Check a long profile table; return {profile: weights array (12 months, 2 day types, 24 hours)}."""
    missing = [c for c in FIELDS if c not in table.columns]
    if missing:
        raise LedgerInputError(tr("missing columns {missing}").format(missing=missing), layer=layer)
    table = table.reset_index(drop=True)
    month = pd.to_numeric(table["month"], errors="coerce")
    hour = pd.to_numeric(table["hour"], errors="coerce")
    weight = pd.to_numeric(table["weight"], errors="coerce")
    checks = (
        ("month", ~month.isin(range(1, 13)), tr("month must be 1-12")),
        ("hour", ~hour.isin(range(24)), tr("hour must be 0-23")),
        ("daytype", ~table["daytype"].isin(DAYTYPES), tr("daytype must be weekday or weekend")),
        ("weight", weight.isna(), tr("weight is not a number")),
        ("source", table["source"].isna() | (table["source"].astype(str).str.strip() == ""), tr("no source")),
    )
    for field, bad, message in checks:
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise LedgerInputError(message, layer=layer, field=field, row=row + 2)
    key = pd.DataFrame({"profile": table["profile"].astype(str), "month": month.astype(int),
                        "daytype": table["daytype"], "hour": hour.astype(int)})
    repeated = key.duplicated()
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise LedgerInputError(
            tr("repeats profile '{profile}' month/daytype/hour").format(profile=key.at[row, "profile"]), layer=layer,
            row=row + 2
        )
    profiles = {}
    daytype = key["daytype"].map({name: i for i, name in enumerate(DAYTYPES)}).to_numpy()
    for name, rows in key.groupby("profile").groups.items():
        rows = np.asarray(rows)
        if len(rows) != 12 * 2 * 24:
            raise LedgerInputError(
                tr("profile '{profile}' has {count} rows, needs 576 (12 months x 2 day types x 24 h)").format(
                    profile=name, count=len(rows)), layer=layer, field="profile")
        weights = np.zeros((12, 2, 24))
        weights[key["month"].to_numpy()[rows] - 1, daytype[rows], key["hour"].to_numpy()[rows]] = weight.to_numpy()[
            rows
        ]
        profiles[name] = weights
    return profiles


def shipped_profiles(folder="profiles"):
    """All profile CSVs under ``resources/<folder>/``; a profile id may appear in one file only."""
    paths = sorted(glob.glob(resource_path(folder, "*.csv")))
    table = pd.concat([shipped_table(folder, os.path.basename(p)) for p in paths], ignore_index=True)
    return validate_profiles(table, f"resources/{folder}")


def day_shares(weights, days):
    """Share of the annual value in each hour of ``days``: array (len(days), 24).

    weights: (12, 2, 24) profile. days: DatetimeIndex of whole days. Each day's row is
    divided by W of that day's calendar year, so a full year's shares sum to 1.
    """
    days = pd.DatetimeIndex(days)
    shares = weights[days.month - 1, (days.dayofweek >= 5).astype(int)]
    totals = {}
    for year in np.unique(days.year):
        year_days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
        total = weights[year_days.month - 1, (year_days.dayofweek >= 5).astype(int)].sum()
        if not total > 0:
            raise LedgerInputError(
                tr("the weights of a year ({year}) sum to {total:g}; they must sum to a positive number").format(
                    year=year, total=total)
            )
        totals[year] = total
    return shares / np.array([totals[y] for y in days.year])[:, None]


def hourly_emissions(entries, profiles, start, end, chunk_cells=20_000_000, progress=NO_PROGRESS):
    """Each unit's hourly emissions (t CO2e) for the days start..end (inclusive), wide, in chunks.

    entries: DataFrame with unit_id, co2e_t (t CO2e/yr), profile (empty -> 'flat'), entry_id.
    Yields DataFrames with unit_id, date (ISO text) and h00..h23 (t CO2e in that hour), one
    row per unit and day, units in first-appearance order, at most ``chunk_cells`` values each.
    """
    days = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")
    if len(days) == 0:
        raise LedgerInputError(tr("END_DATE {end} is before START_DATE {start}").format(end=end, start=start),
                               field="END_DATE")
    profile = entries["profile"].fillna("").astype(str).replace("", DEFAULT_PROFILE)
    unknown = ~profile.isin(list(profiles))
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise LedgerInputError(tr("profile '{profile}' is not in resources/profiles").format(profile=profile.iat[row]),
                               layer="LEDGER",
                               field="profile", row=entries["entry_id"].iat[row] if "entry_id" in entries else row)
    if len(entries) == 0:
        return
    unit_codes, unit_ids = pd.factorize(entries["unit_id"])
    values = entries["co2e_t"].to_numpy(dtype=float)
    names = pd.unique(profile)
    annual = np.zeros((len(unit_ids), len(names)))
    for column, name in enumerate(names):
        chosen = (profile == name).to_numpy()
        annual[:, column] = np.bincount(unit_codes[chosen], weights=values[chosen], minlength=len(unit_ids))
    shares = np.stack([day_shares(profiles[name], days).reshape(-1) for name in names])  # profiles x (days*24)
    dates = days.strftime("%Y-%m-%d").to_numpy(dtype=object)
    step = max(1, int(chunk_cells // (len(days) * 24)))
    for first in range(0, len(unit_ids), step):
        progress(first / max(len(unit_ids), 1), tr("Spreading entries over hours"))
        block = annual[first:first + step] @ shares
        count = block.shape[0]
        frame = pd.DataFrame(block.reshape(-1, 24), columns=HOUR_FIELDS)
        frame.insert(0, "date", np.tile(dates, count))
        frame.insert(0, "unit_id", np.repeat(np.asarray(unit_ids[first:first + step], dtype=object), len(days)))
        yield frame


def to_long(wide):
    """Wide hourly frame -> long: unit_id, date, hour (0-23), co2e_t."""
    long = wide.melt(id_vars=["unit_id", "date"], value_vars=HOUR_FIELDS, var_name="hour", value_name="co2e_t")
    long["hour"] = long["hour"].str[1:].astype(int)
    return long.sort_values(["unit_id", "date", "hour"], kind="stable").reset_index(drop=True)
