"""Activity data: the ACTIVITY table format, its sector/carrier catalogue, and validation.

One row per amount (see README "Scale: sources"):

``row_id`` (unique), ``target`` (ledger unit_id, an input feature id matched through
``units.source_id``/``links.source_id``, a facility_id, or empty for the whole city), ``sector``,
``carrier``, ``amount`` (>= 0), ``unit`` (see ``conversions.UNITS``, plus ``veh/day`` for a road
link's traffic count), optional ``low``/``high`` (absolute 2.5th/97.5th percentiles) or
``uncertainty_pct`` (95% half-width, % of amount), ``year``, ``proxy`` (empty: bottom-up, the
amount belongs to the target itself; one of PROXIES: top-down, downscaled over the units inside
the target), optional ``profile`` (temporal profile id overriding the sector's).
"""
import json

import numpy as np
import pandas as pd

from ..ledger.conversions import UNITS
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger.provenance import hash_text
from ..ledger.schema import GRID_SUPPLY

SECTORS = {
    # sector: (GPC sector, combustion category for CH4/N2O rows, building uses, temporal profile)
    "residential": ("I.1", "buildings", ("residential",), "residential"),
    "commercial": ("I.2", "commercial", ("commercial",), "commercial"),
    "public": ("I.2", "commercial", ("public",), "commercial"),
    "industry_combustion": ("I.3", "stationary", ("industrial",), "industry"),
    "industry_process": ("IV.1", "stationary", ("industrial",), "industry"),
    "energy_industries": ("I.4", "energy", ("industrial",), "industry"),
    "energy_generation": ("I.4.4", "energy", ("industrial",), "industry"),
    "road_traffic": ("II.1", "road", (), "road_traffic"),
    "waste": ("III.1", None, ("residential", "commercial", "public", "industrial"), "flat"),
}
"""Sectors the ledger accounts (GPC 2014 codes: I.1 residential buildings, I.2 commercial and
institutional, I.3 manufacturing industries, I.4 energy industries' own use (I.4.1-I.4.3: power and
heat plants' auxiliary fuel and grid energy), I.4.4 energy generation supplied to the grid, II.1
on-road transport, III.1 solid waste disposal, IV.1 industrial processes). Electricity and heat are
carriers in these sectors, scope 2 (GPC counts grid energy by the sector that uses it). Combustion
categories pick the CH4 and N2O rows: ``buildings`` residential (IPCC 2006 Vol 2 Ch 2 Table 2.5),
``commercial`` commercial/institutional (Table 2.4: coal CH4 10 kg/TJ, not the residential 300),
``stationary`` manufacturing industries (Table 2.3), ``energy`` energy industries (Table 2.2),
``road`` (Ch 3 Table 3.2.2)."""

SECTOR_FLOWS = {"energy_generation": GRID_SUPPLY}
"""Sectors whose entries are not ``source``: the fuel a power or heat plant in the city burns to
generate grid-supplied energy (GPC I.4.4) is reported in scope 1 but kept out of the net and of
BASIC, since the consumers' grid electricity and heat (scope 2) already count it."""

FUELS = ("natural_gas", "diesel", "gasoline", "coal", "anthracite", "lignite", "lpg", "fuel_oil")
_FUEL_GASES = ("ipcc2006_{carrier}_co2", "ipcc2006_{carrier}_ch4_{category}", "ipcc2006_{carrier}_n2o_{category}")

CARRIERS = {
    # carrier: (scope, sectors allowed (None: any), factor slots, GPC override, profile override)
    "electricity": (2, None, (("{grid}",),), None, None),
    "heat": (2, None, (("heat_china_default",),), None, "heating"),
    **{fuel: (1, None, tuple((slot,) for slot in _FUEL_GASES), None, None) for fuel in FUELS},
    "vkm": (1, ("road_traffic",), (("vehicle_vkm_{road_class}",),), None, None),
    "msw_landfill": (3, ("waste",), (("waste_landfill_msw", "waste_landfill_per_capita"),), "III.1", None),
    "msw_incineration": (3, ("waste",), (("waste_incineration_msw", "waste_incineration_per_capita"),), "III.3", None),
    "clinker": (1, ("industry_process",), (("ipcc2006_clinker_co2",),), None, None),
    "co2": (1, None, (("reported_co2",),), None, None),
    "co2e": (1, None, (("reported_co2e",),), None, None),
}
"""Carriers: GPC scope, the sectors that may use them, and the factor rows per gas. Each slot is
one gas (one entry); its alternatives are tried in order and the first whose unit the activity
unit converts to is used (waste per tonne or per person). ``{grid}`` is the grid row picked by
GRID_REGION and YEAR, ``{category}`` the sector's combustion category, ``{road_class}`` the
link's road class. Waste carriers are scope 3 unless treated inside the boundary (then 1, see
``accounting.waste_scopes``)."""

WASTE_CARRIERS = ("msw_landfill", "msw_incineration")
"""Carriers of waste sent to treatment; their scope follows where it is treated."""

PROXIES = ("floor_area", "population", "traffic", "facilities")
"""Top-down proxies: building floor area (m2) of the sector's uses; residents; road link
vkm (length x AADT x days) weighted by the class's per-vkm factor; industrial point sources."""

TRAFFIC_COUNT_UNIT = "veh/day"
REQUIRED = ("row_id", "sector", "carrier", "amount", "unit")
OPTIONAL = ("target", "low", "high", "uncertainty_pct", "year", "proxy", "profile")
LAYER = "ACTIVITY"


def _fail(message, frame, position, field):
    raise LedgerInputError(message, layer=LAYER, field=field, row=frame["row_id"].iat[position])


def _numbers(frame, field, required):
    """Column as floats; LedgerInputError on the first non-numeric (or missing, if required) cell."""
    raw = frame[field]
    numbers = pd.to_numeric(raw, errors="coerce")
    text = raw.astype(str).str.strip()
    blank = raw.isna() | (text == "") | (text.str.upper() == "NULL")
    bad = numbers.isna() & (~blank | required)
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        _fail(tr("'{value}' is not a number").format(value=raw.iat[position]), frame, position, field)
    return numbers.astype(float)


def _text(frame, field):
    if field not in frame.columns:
        return pd.Series("", index=frame.index)
    values = frame[field]
    return values.astype(object).where(values.notna(), "").astype(str).str.strip().replace("NULL", "")


def row_contents(frame):
    """Canonical JSON of each raw row (all columns, as text) and its SHA-256: (contents, hashes)."""
    columns = sorted(c for c in frame.columns if c != "row")
    texts = frame[columns].astype(object).where(frame[columns].notna(), "").astype(str)
    contents = [json.dumps(dict(zip(columns, values, strict=False)), sort_keys=True, ensure_ascii=False)
                for values in texts.itertuples(index=False, name=None)]
    return contents, hash_text(contents)


def read_activity(frame, year=None):
    """Validate the ACTIVITY rows and return them normalised (one row per input row of ``year``).

    frame: DataFrame of the raw table (text or numbers). year: keep rows whose ``year`` is
    empty or equal. Returns a DataFrame with row_id, target, sector, carrier, amount, unit,
    low, high, year, proxy, profile, content (JSON of the raw row) and row_hash.
    Raises LedgerInputError naming the row (its row_id) and field of the first problem.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise LedgerInputError(tr("missing columns {missing} (required: {required})").format(
            missing=missing, required=", ".join(REQUIRED)), layer=LAYER)
    if len(frame) == 0:
        raise LedgerInputError(tr("the table has a header but no rows"), layer=LAYER)
    frame = frame.reset_index(drop=True).copy()
    frame["row_id"] = _text(frame, "row_id")
    empty_or_repeated = (frame["row_id"] == "") | frame["row_id"].duplicated()
    if empty_or_repeated.any():
        position = int(np.flatnonzero(empty_or_repeated.to_numpy())[0])
        raise LedgerInputError(
            tr("row_id '{row_id}' is empty or repeated").format(row_id=frame["row_id"].iat[position]),
            layer=LAYER,
            field="row_id",
            row=position + 1,
        )
    contents, hashes = row_contents(frame)
    rows = pd.DataFrame({"row_id": frame["row_id"]})
    for field in ("target", "sector", "carrier", "unit", "proxy", "profile"):
        rows[field] = _text(frame, field)
    rows["amount"] = _numbers(frame, "amount", required=True)
    for field in ("low", "high", "uncertainty_pct", "year"):
        rows[field] = _numbers(frame, field, required=False) if field in frame.columns else np.nan
    rows["content"] = contents
    rows["row_hash"] = hashes
    _check_catalogue(rows)
    _check_amounts(rows)
    if year is not None:
        of_year = rows["year"].isna() | (rows["year"] == int(year))
        if not of_year.any():
            years = ", ".join(str(int(y)) for y in sorted(rows["year"].unique()))
            raise LedgerInputError(tr("no row of year {year} (nor without a year): the table has {years}; "
                                      "choose YEAR or add the rows").format(year=int(year), years=years),
                                   layer=LAYER, field="year")
        rows = rows[of_year]
    return rows.drop(columns="uncertainty_pct").reset_index(drop=True)


def _check_catalogue(rows):
    checks = (
        ("sector", ~rows["sector"].isin(SECTORS),
         lambda v: tr("unknown sector '{sector}' (one of {sectors})").format(sector=v, sectors=", ".join(SECTORS))),
        ("carrier", ~rows["carrier"].isin(CARRIERS),
         lambda v: tr("unknown carrier '{carrier}' (one of {carriers})").format(carrier=v,
                                                                                carriers=", ".join(CARRIERS))),
        (
            "unit",
            ~rows["unit"].isin(list(UNITS) + [TRAFFIC_COUNT_UNIT]),
            lambda v: tr("unknown unit '{unit}' (one of {units})").format(
                unit=v, units=", ".join(list(UNITS) + [TRAFFIC_COUNT_UNIT])),
        ),
        (
            "proxy",
            ~rows["proxy"].isin(("",) + PROXIES),
            lambda v: tr("unknown proxy '{proxy}' (empty or one of {proxies})").format(proxy=v,
                                                                                      proxies=", ".join(PROXIES)),
        ),
    )
    for field, bad, message in checks:
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            _fail(message(rows[field].iat[position]), rows, position, field)
    allowed = rows["carrier"].map(lambda c: CARRIERS[c][1])
    wrong = [a is not None and s not in a for a, s in zip(allowed, rows["sector"], strict=False)]
    if any(wrong):
        position = wrong.index(True)
        _fail(tr("carrier '{carrier}' is not accounted in sector '{sector}' (only in {sectors})").format(
            carrier=rows["carrier"].iat[position], sector=rows["sector"].iat[position],
            sectors=", ".join(allowed.iat[position])), rows, position, "carrier")
    generation = (rows["sector"].isin(SECTOR_FLOWS) & (rows["carrier"].map(lambda c: CARRIERS[c][0]) != 1)).to_numpy()
    if generation.any():
        position = int(np.flatnonzero(generation)[0])
        _fail(tr("sector '{sector}' takes the fuel burnt to generate grid-supplied energy (scope 1), not "
                 "'{carrier}'").format(sector=rows["sector"].iat[position], carrier=rows["carrier"].iat[position]),
              rows, position, "carrier")
    counts = (rows["unit"] == TRAFFIC_COUNT_UNIT) & ((rows["carrier"] != "vkm") | (rows["proxy"] != ""))
    if counts.any():
        position = int(np.flatnonzero(counts.to_numpy())[0])
        _fail(
            tr("'{unit}' is a traffic count: carrier vkm, a road link target, no proxy").format(
                unit=TRAFFIC_COUNT_UNIT),
            rows,
            position,
            "unit",
        )


def _check_amounts(rows):
    negative = rows["amount"] < 0
    if negative.any():
        position = int(np.flatnonzero(negative.to_numpy())[0])
        _fail(tr("amount {amount:g} is negative").format(amount=rows["amount"].iat[position]), rows, position,
              "amount")
    percent = rows["uncertainty_pct"]
    if (percent < 0).any():
        position = int(np.flatnonzero((percent < 0).to_numpy())[0])
        _fail(tr("uncertainty_pct is negative"), rows, position, "uncertainty_pct")
    from_percent = rows["amount"] * percent / 100.0
    rows["low"] = rows["low"].fillna(rows["amount"] - from_percent).fillna(rows["amount"])
    rows["high"] = rows["high"].fillna(rows["amount"] + from_percent).fillna(rows["amount"])
    rows["low"] = rows["low"].clip(lower=0.0)
    disordered = (rows["low"] > rows["amount"]) | (rows["amount"] > rows["high"])
    if disordered.any():
        position = int(np.flatnonzero(disordered.to_numpy())[0])
        _fail(tr("needs low <= amount <= high, got {low:g} / {amount:g} / {high:g}").format(
            low=rows["low"].iat[position], amount=rows["amount"].iat[position], high=rows["high"].iat[position]),
            rows, position, "low")
