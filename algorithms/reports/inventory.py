"""Inventory tables of one scenario of a ledger: GPC sector x scope, flows, districts, top
sources and sinks, data quality, factors and run history (t CO2e/yr throughout).

Direct flows (``source`` positive, ``sink`` negative) make the net; ``avoided`` flows
(emissions avoided elsewhere, e.g. by green-space cooling) and ``lifecycle`` flows (green-space
construction and replanting, GPC VI other scope 3, and what is included elsewhere, IE) are
reported beside them and never added to the net, to GPC BASIC or to the GPC table. Empty GPC cells
carry a notation key: IE (included elsewhere) where ``resources/report/notation_keys.csv`` or the
user's table says so, NO or C where the user's table says so, and NE (not estimated) otherwise.
"""
import numpy as np
import pandas as pd

from ..ledger import intervals, totals
from ..ledger.schema import GRID_SUPPLY, LIFECYCLE
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import shipped_table
from ..sources.activity import SECTOR_FLOWS, SECTORS
from .report_format import interval

NOTATION = ("NO", "IE", "NE", "C")
SCOPES = (1, 2, 3)
NOT_APPLICABLE = "-"
ASSUMPTION_MARKS = ("assumption", "unconfirmed")
WIDE_INTERVAL = 0.5
"""Relative half-width of an entry's 95% interval above which the data-quality notes list it."""
REPORTED_ONLY = tuple(sorted({SECTORS[sector][0] for sector in SECTOR_FLOWS}))
"""GPC sub-sectors reported in their scope but added to neither BASIC, BASIC+ nor the net (I.4.4)."""


def gpc_sectors():
    """The GPC sub-sectors (gpc_sector, sector, name, scopes, basic_scopes, source) as shipped."""
    table = shipped_table("report", "gpc_sectors.csv", dtype=str, keep_default_na=False)
    for column in ("scopes", "basic_scopes"):
        table[column] = table[column].map(lambda text: tuple(int(s) for s in text.split()))
    return table


def notation_keys(override=None):
    """Notation keys per (gpc_sector, scope): the shipped table, rows of ``override`` replacing it.

    override: DataFrame with gpc_sector, scope, key, note (optional source). Raises
    LedgerInputError naming the row when a key is not one of NO, IE, NE, C.
    """
    table = shipped_table("report", "notation_keys.csv", dtype=str, keep_default_na=False)
    if override is not None and len(override):
        missing = [c for c in ("gpc_sector", "scope", "key") if c not in override.columns]
        if missing:
            raise LedgerInputError(tr("missing columns {missing}").format(missing=missing), layer="NOTATION_KEYS")
        override = override.astype(str).assign(key=lambda f: f["key"].str.strip().str.upper())
        bad = ~override["key"].isin(NOTATION)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise LedgerInputError(tr("'{value}' is not one of {options}").format(
                value=override["key"].iat[row], options=", ".join(NOTATION)),
                                   layer="NOTATION_KEYS", field="key", row=row + 1)
        table = pd.concat([table, override], ignore_index=True)
    table["scope"] = pd.to_numeric(table["scope"], errors="coerce")
    return table.drop_duplicates(["gpc_sector", "scope"], keep="last").set_index(["gpc_sector", "scope"])


def _per_value(values, spell):
    """``spell`` (a function of a Series of texts, giving a Series) of each distinct value of ``values`` once, as a
    Series in the order and with the index of ``values`` (a million entries' methods: a few texts)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    return pd.Series(spell(pd.Series(distinct, dtype=object)).to_numpy()[codes], index=values.index)


def direct(entries, columns=None):
    """Entries of the source and sink flows (the ones that make the net), with ``columns`` (a list; all when
    None): a report's tables copy only the columns they read."""
    return _chosen(entries, entries["flow"].isin(("source", "sink")), columns)


def _chosen(entries, mask, columns=None):
    """The rows of ``entries`` where ``mask``, ``columns`` of them (all when None), in one copy."""
    return entries[mask] if columns is None else entries.loc[np.asarray(mask, dtype=bool), list(columns)]


def gpc_table(entries, keys=None, sectors=None):
    """GPC sector x scope table: one row per sub-sector, t CO2e/yr or a notation key per scope.

    Columns gpc_sector, name, scope_1, scope_2, scope_3 (number, notation key, or '-' where GPC
    has no such scope), total_t and keys_outside_total (:func:`row_total`), basic_t (the part in GPC
    BASIC). Codes found in the entries but not in the GPC list keep their own row; the last rows are
    BASIC, BASIC+ and the total.
    Energy generated in the city and supplied to the grid (I.4.4, flow grid_supply) has its row
    but is left out of BASIC, BASIC+ and the total of direct flows.
    """
    sectors = gpc_sectors() if sectors is None else sectors
    keys = notation_keys() if keys is None else keys
    flows = _chosen(entries, entries["flow"].isin(("source", "sink", GRID_SUPPLY)), ["gpc_sector", "scope", "co2e_t"])
    code = _per_value(flows["gpc_sector"].fillna("").astype(str), lambda s: s.str.strip().replace("", "unassigned"))
    scope = pd.to_numeric(flows["scope"], errors="coerce").fillna(0).astype(int)
    sums = flows["co2e_t"].groupby([code.to_numpy(), scope.to_numpy()]).sum()
    extra = sorted(set(code) - set(sectors["gpc_sector"]))
    rows = [(r.gpc_sector, r.name, r.scopes, r.basic_scopes) for r in sectors.itertuples()]
    rows += [(c, "sub-sector not given in the ledger", tuple(sorted(set(scope[code == c]))), ()) for c in extra]
    table = []
    for gpc, name, scopes, basic in rows:
        record = {"gpc_sector": gpc, "name": name}
        basic_total = 0.0
        for s in SCOPES:
            if (gpc, s) in sums.index:
                value = float(sums[(gpc, s)])
                record[f"scope_{s}"] = value
                basic_total += value if s in basic else 0.0
            elif s in scopes:
                record[f"scope_{s}"] = keys["key"].get((gpc, s), "NE")
            else:
                record[f"scope_{s}"] = NOT_APPLICABLE
        record["total_t"], record["keys_outside_total"] = row_total(
            record, float(sums[sums.index.get_level_values(0) == gpc].sum()) if len(sums) else 0.0)
        record["basic_t"] = basic_total
        table.append(record)
    table = pd.DataFrame(table)
    in_basic_plus = ~table["gpc_sector"].str.startswith("VI") & ~table["gpc_sector"].isin(REPORTED_ONLY)
    summary = [
        {
            "gpc_sector": "BASIC",
            "name": "GPC BASIC: stationary energy and transport (scopes 1, 2), waste (1, 3)",
            "total_t": float(table["basic_t"].sum()),
        },
        {
            "gpc_sector": "BASIC+",
            "name": "GPC BASIC+: all of sectors I to V",
            "total_t": float(pd.to_numeric(table.loc[in_basic_plus, "total_t"], errors="coerce").sum()),
        },
        {
            "gpc_sector": "TOTAL",
            "name": "all direct sources and sinks",
            "total_t": float(direct(entries, ["co2e_t"])["co2e_t"].sum()),
        },
    ]
    return pd.concat([table, pd.DataFrame(summary)], ignore_index=True)


def row_total(record, summed):
    """(total, keys) of one GPC row, GPC practice. record: scope_1..scope_3 as numbers, notation keys or
    '-'; summed: the sum of the row's entries, t CO2e/yr. Where a scope holds a number the total is
    ``summed`` and ``keys`` names the scopes left out for their notation key ('scope 3 NE', for a
    footnote); over notation keys only, the total is the key itself ('NE'; 'IE, NE' when they differ)
    with no footnote, never 0."""
    cells = [(s, record[f"scope_{s}"]) for s in SCOPES]
    keyed = [(s, value) for s, value in cells if value in NOTATION]
    if keyed and not any(isinstance(value, float) for _, value in cells):
        return ", ".join(dict.fromkeys(value for _, value in keyed)), ""
    return summed, ", ".join(f"scope {s} {value}" for s, value in keyed)


def lifecycle_table(entries):
    """Life-cycle entries (flow ``lifecycle``), outside the net and GPC BASIC, per sector.

    Columns sector, gpc_sector, scope, key (IE when included elsewhere, else 'outside net': GPC VI
    other scope 3), co2e_t, low_t, high_t (t CO2e/yr), entries."""
    chosen = entries[entries["flow"] == LIFECYCLE]
    if len(chosen) == 0:
        return pd.DataFrame(columns=["sector", "gpc_sector", "scope", "key", "co2e_t", "low_t", "high_t", "entries"])
    chosen = chosen.assign(key=np.where(_per_value(chosen["method"].fillna(""), lambda s: s.str.endswith(":IE")),
                                        "IE", "outside net"))
    return intervals.sum_per_group(chosen, ["sector", "gpc_sector", "scope", "key"])


def unit_table(stored, avoided, tree, codes):
    """Totals of the units ``codes`` of the Hierarchy ``tree`` (source_t, sink_t, net_t, net_low_t, net_high_t,
    avoided_t; t CO2e/yr), indexed by the tree's unit ids (those of ``codes``).

    stored: TOTAL_COLUMNS of the units ``codes``, in that order ({column: array}; the baseline's stored totals,
    Monte Carlo intervals when they were computed, or those rolled up from the entries); avoided: the avoided
    entries (unit_id, flow, co2e_t), rolled up the tree.
    """
    frame = pd.DataFrame({c: np.asarray(stored[c], dtype=float) for c in totals.TOTAL_COLUMNS},
                         index=pd.Index(tree.ids[codes], name="unit_id"))
    rolled = totals.unit_totals(avoided.assign(flow="source"), tree, bounds=False)["source_t"].to_numpy() \
        if len(avoided) else np.zeros(len(tree))
    frame["avoided_t"] = rolled[codes]
    return frame.fillna(0.0)


def finest_without_entries(tree, levels, covered):
    """(level of each finest unit (no children) of the Hierarchy ``tree`` that carries no entry, a Series in unit
    order; the number of finest units): ``levels`` (the code of each unit's level, -1 for none; the distinct
    levels) as ``report_parts.read_tree`` gives them, ``covered`` True for the units with an entry."""
    leaves = tree.leaves
    codes, distinct = levels
    spelled = np.array([*distinct, None], dtype=object)[codes[leaves & ~covered]]
    return pd.Series(spelled, name="level"), int(leaves.sum())


def district_table(units, hierarchy):
    """Per district: name, source_t, sink_t, net_t, net_low_t, net_high_t, avoided_t."""
    districts = hierarchy[hierarchy["level"] == "district"].set_index("unit_id")
    table = units.loc[districts.index].copy()
    table.insert(0, "name", districts["name"])
    table.index.name = "district"
    return table.reset_index()


def flow_table(sums, total):
    """The whole ledger per flow: source, sink, net and avoided, t CO2e/yr, each with its 95% interval.

    sums: co2e_t, low_t, high_t of the sources, sinks and avoided flows indexed by flow (``ReportParts.flow_sums``:
    each the interval of its sum); total: (net_t, net_low_t, net_high_t) of the whole ledger (the interval
    method of the report).
    """
    net, low, high = total
    rows = [{"flow": flow, "co2e_t": float(sums.at[flow, "co2e_t"]), "low_t": float(sums.at[flow, "low_t"]),
             "high_t": float(sums.at[flow, "high_t"])} for flow in ("source", "sink")]
    rows.append({"flow": "net (source + sink)", "co2e_t": net, "low_t": low, "high_t": high})
    rows.append({"flow": "avoided (not in the net)", "co2e_t": float(sums.at["avoided", "co2e_t"]),
                 "low_t": float(sums.at["avoided", "low_t"]), "high_t": float(sums.at["avoided", "high_t"])})
    return pd.DataFrame(rows)


def top_flows(groups, flow, entries_of, names_of, ids_of, count=10):
    """The ``count`` largest sources (or sinks) by unit and sector, with Approach 1 intervals.

    groups: unit (a code), sector and co2e_t (t CO2e/yr) of every (unit, sector) of ``flow`` in the order of their
    (unit_id, sector) texts (``ReportParts.group_sums``); ids_of(codes): the unit_id texts of unit codes;
    entries_of(unit_ids): the entries of ``flow`` of those units in fid order, with the columns of their intervals;
    names_of(unit_ids): their unit_id, name and level. Only the chosen groups' entries are read: each group's
    interval rests on its own entries.
    """
    if len(groups) == 0:
        return pd.DataFrame(columns=["unit_id", "name", "level", "sector", "co2e_t", "low_t", "high_t", "entries"])
    top = groups[["co2e_t"]].sort_values("co2e_t", ascending=(flow != "source")).head(count).index.to_numpy()
    chosen = groups.iloc[np.sort(top)]
    chosen = chosen.assign(unit_id=ids_of(chosen["unit"].to_numpy()))
    ids = chosen["unit_id"].unique()
    entries = entries_of(ids)
    wanted = pd.MultiIndex.from_frame(chosen[["unit_id", "sector"]])
    entries = entries[pd.MultiIndex.from_frame(entries[["unit_id", "sector"]]).isin(wanted)].reset_index(drop=True)
    grouped = intervals.sum_per_group(entries, ["unit_id", "sector"])
    grouped = grouped.iloc[np.searchsorted(np.sort(top), top)]  # its rows in code order: back to the sort's
    grouped = grouped.join(names_of(ids).set_index("unit_id")[["name", "level"]], on="unit_id")
    return grouped[["unit_id", "name", "level", "sector", "co2e_t", "low_t", "high_t", "entries"]].reset_index(
        drop=True
    )


def factor_table(entries, factors):
    """Factor rows the entries rest on, with the entries and t CO2e/yr (direct flows) on each."""
    used = entries[["factor_id", "co2e_t"]].groupby("factor_id").agg(entries=("co2e_t", "size"))
    used["direct_t"] = direct(entries, ["factor_id", "co2e_t"]).groupby("factor_id")["co2e_t"].sum()
    table = factors.set_index("factor_id").join(used, how="inner").reset_index()
    columns = [
        "factor_id",
        "value",
        "unit",
        "low",
        "high",
        "distribution",
        "source",
        "year",
        "region",
        "entries",
        "direct_t",
    ]
    return table[[c for c in columns if c in table.columns]].fillna({"direct_t": 0.0})


def method_table(entries):
    """Direct flows by how the activity was obtained: entries, t CO2e/yr and share of |t CO2e|."""
    flows = direct(entries, ["method", "co2e_t"])
    grouped = flows.assign(method=flows["method"].fillna("unknown"), absolute=flows["co2e_t"].abs()).groupby("method")
    table = grouped.agg(entries=("co2e_t", "size"), co2e_t=("co2e_t", "sum"), absolute=("absolute", "sum"))
    table["share"] = table.pop("absolute") / max(float(flows["co2e_t"].abs().sum()), 1e-300)
    return table.sort_values("share", ascending=False).reset_index()


def quality_notes(entries, factors, total, coverage, interval_method, verification):
    """Data-quality findings as a DataFrame (topic, finding); coverage: (level of each finest unit that carries no
    entry, in unit order (a Series); the number of finest units), ``finest_without_entries``."""
    flows = direct(entries, ["method", "factor_id", "co2e_t"])
    magnitude = max(float(flows["co2e_t"].abs().sum()), 1e-300)
    notes = []
    metered = _per_value(flows["method"].fillna(""),
                         lambda s: s.str.startswith(("metered", "traffic_count", "reported")))
    notes.append(("activity data", f"{metered.mean() if len(flows) else 0:.0%} of direct entries "
                  f"({flows.loc[metered, 'co2e_t'].abs().sum() / magnitude:.0%} of |t CO2e|) rest on metered or "
                  "reported amounts; the rest are downscaled from totals or modelled"))
    assumed_ids = factors.loc[factors["source"].fillna("").str.lower().str.contains("|".join(ASSUMPTION_MARKS)),
                              "factor_id"]
    on_assumed = flows["factor_id"].isin(assumed_ids)
    notes.append(
        (
            "factors",
            f"{int(on_assumed.sum())} direct entries "
            f"({flows.loc[on_assumed, 'co2e_t'].abs().sum() / magnitude:.0%} of |t CO2e|) rest on "
            f"{int(flows.loc[on_assumed, 'factor_id'].nunique())} factor rows marked as assumptions or unconfirmed",
        )
    )
    unlisted = sorted(set(entries["factor_id"].dropna()) - set(factors["factor_id"]))
    if unlisted:
        notes.append(("factors", f"{int(entries['factor_id'].isin(unlisted).sum())} entries name factor rows missing "
                      f"from the ledger's factors table: {', '.join(unlisted)}"))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = (entries["high_t"] - entries["low_t"]) / (2 * entries["co2e_t"].abs())
    wide = half > WIDE_INTERVAL
    notes.append(("uncertainty", f"intervals from {interval_method}; {int(wide.sum())} entries have a 95% interval "
                  f"wider than +-{WIDE_INTERVAL:.0%} of their value"))
    net, low, high = total
    if net:
        notes.append(("uncertainty", f"net {net:,.1f} t CO2e/yr, 95% interval {interval(low, high)} "
                      f"({(low - net) / abs(net):+.1%} / {(high - net) / abs(net):+.1%})"))
    empty, leaves = coverage
    notes.append(("coverage", f"{len(empty):,} of {leaves:,} finest units carry no entry"
                  + (f" (by level: {', '.join(f'{k} {v:,}' for k, v in empty.value_counts().items())})"
                     if len(empty) else "")))
    avoided = entries[entries["flow"] == "avoided"]
    notes.append(("avoided flows", f"{len(avoided):,} entries, {avoided['co2e_t'].sum():,.1f} t CO2e/yr avoided "
                  "elsewhere, reported beside the net and never added to it"))
    notes.append(("verification", verification))
    return pd.DataFrame(notes, columns=["topic", "finding"])
