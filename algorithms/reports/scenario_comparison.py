"""Comparison of scenarios against a base: deltas per unit, district and sector, cost per t CO2e
per measure, a marginal abatement cost (MAC) curve and the carbon-neutrality timetable.

Deltas come from the entries that differ between the base's and the scenario's complete entries
(``scenarios.scenario_entries``): removed entries count negated, added ones as they are, and
their Approach 1 intervals add in quadrature (``totals.unit_totals``). Per-edit figures come from
replaying each scenario's chain of edits from the baseline in a ``Chessboard``; a scenario's
measures are the edits of its chain that are not in the base's chain. Flows in t CO2e/yr, costs
in the measures' currency (CNY 2024 for the shipped library).
"""
import base64
import html
import os

import numpy as np
import pandas as pd

from ..scenarios import economics
from ..ledger import intervals, totals
from ..ledger.schema import LAND_CONVERSION, LIFECYCLE
from ..scenarios.chessboard import Chessboard
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..ledger.store import Ledger, utc_now
from . import charts, report_format
from .labels import text
from .year_label import inventory_year_of, titled, year_words
from ..core.version import PLUGIN_VERSION
from .ledger_view import read_hierarchy
from ..scenarios.measures import MeasureLibrary
from ..core.progress import NO_PROGRESS
from ..ledger.provenance import canonical_text
from ..scenarios.scenario_store import (
    BASELINE,
    factor_table,
    read_units,
    scenario_chain,
    scenario_entries,
    stored_edits,
)

CURRENCY = "CNY"
"""Currency of the shipped measures library's costs (CNY 2024)."""

CONTENT_KEY = ("unit_id", "flow", "sector", "carrier", "factor_id", "method", "related_unit_id", "activity", "co2e_t")
"""Fields that make two entries the same account line, whatever scenario they are stored under."""


def entry_changes(base, scenario):
    """(removed, added): entries of ``base`` not in ``scenario`` and the reverse (multiset difference)."""
    def keyed(frame):
        key = canonical_text(frame, CONTENT_KEY)
        return key + "#" + key.groupby(key).cumcount().astype(str)

    base_key, scenario_key = keyed(base), keyed(scenario)
    return base[~base_key.isin(set(scenario_key))], scenario[~scenario_key.isin(set(base_key))]


def signed_changes(removed, added):
    """One frame of entry changes: removed entries negated (bounds swapped), added ones as they are,
    with the columns their interval needs (``intervals.CORRELATED``: a removed and an added entry of one
    factor cancel before the factor's deviation applies)."""
    columns = ["unit_id", "flow", "sector", "co2e_t", "low_t", "high_t", *intervals.CORRELATED]
    return pd.concat([intervals.negated(removed[columns]), added[columns]], ignore_index=True)


def replay(base_entries, units, factors, library, edits, discount_rate):
    """Apply stored ``edits`` (chain order) on ``base_entries``; return one row per edit.

    Columns: scenario, seq, unit_id, measure_id, rollout_year, maturity_years, delta_t, low_t,
    high_t, source_t, sink_t, sink_added_t, sink_removed_t, avoided_flow_t, lifecycle_t (GPC VI, outside
    the net) and the cost fields (avoided_t levelised over the measure's life).
    """
    board = Chessboard(base_entries, units, factors, library, discount_rate=discount_rate)
    records = []
    for edit in edits.itertuples(index=False):
        result = board.apply(edit.unit_id, edit.measure_id, edit.parameters, row=f"{edit.scenario}/{edit.seq}")
        records.append(dict(
            scenario=edit.scenario, seq=edit.seq, unit_id=edit.unit_id, measure_id=edit.measure_id,
            rollout_year=result.parameters.get("rollout_year"), maturity_years=result.parameters.get("maturity_years"),
            delta_t=result.delta["net_t"], low_t=result.delta["net_low_t"], high_t=result.delta["net_high_t"],
            source_t=result.delta["source_t"], sink_t=result.delta["sink_t"], sink_added_t=result.sink_added_t,
            sink_removed_t=result.sink_removed_t, avoided_flow_t=result.avoided_t, lifecycle_t=result.lifecycle_t,
            **result.cost,
        ))
    columns = ["scenario", "seq", "unit_id", "measure_id", "rollout_year", "maturity_years", "delta_t", "low_t",
               "high_t", "source_t", "sink_t", "sink_added_t", "sink_removed_t", "avoided_flow_t", "lifecycle_t",
               "quantity",
               "capital", "om_per_yr", "lifetime_years", "annualised_capital", "annual_cost", "avoided_t", "cost_per_t"]
    return pd.DataFrame.from_records(records, columns=columns)


def _named(frame, hierarchy):
    info = hierarchy.set_index("unit_id")[["level", "name"]]
    return info.join(frame, how="inner").rename_axis("unit_id").reset_index()


def compare_scenarios(path, base, scenarios, discount_rate=None, start_year=None, end_year=None,
                      source_growth=None, progress=NO_PROGRESS, conversion_until=None):
    """Compare ``scenarios`` (list of names) with ``base``; return a dict of DataFrames.

    Keys: units (per changed unit: source/sink/net delta with 2.5/97.5 percentiles), districts,
    sectors (per scenario, flow and sector), edits (per edit: delta and cost), measures (per
    scenario and measure: avoided t CO2e/yr, capital, annual cost, cost per t), trajectories
    (per scenario and year), timetable (per scenario: neutrality year or 'not before END').
    Economics defaults (rate % per yr, years, growth % per yr, the last year the land-conversion
    average is carried: conversion_until) from resources/measures/economics.csv. Refused when the
    baseline totals stored on the units are not the sums of its entries (``totals.require_agreement``).
    """
    discount_rate = economics.default("discount_rate") if discount_rate is None else discount_rate
    start_year = int(economics.default("start_year") if start_year is None else start_year)
    end_year = int(economics.default("end_year") if end_year is None else end_year)
    source_growth = economics.default("source_growth") if source_growth is None else source_growth
    conversion_until = int(economics.default("land_conversion_until") if conversion_until is None else conversion_until)
    if end_year < start_year:
        raise LedgerInputError(tr("END_YEAR {end_year} is before START_YEAR {start_year}").format(
            end_year=end_year, start_year=start_year), layer="END_YEAR")
    if not scenarios:
        raise LedgerInputError(tr("name at least one scenario to compare"), layer="SCENARIOS")
    ledger = Ledger(path)
    library = MeasureLibrary.shipped()
    hierarchy = read_hierarchy(ledger)
    units = read_units(ledger)
    factors = factor_table(ledger)
    baseline = scenario_entries(ledger, BASELINE)
    stored = pd.concat([ledger.read_table(layer, ["unit_id", *totals.CHECKED_TOTALS]) for layer in ("units", "links")])
    totals.require_agreement(stored, totals.unit_totals(baseline, hierarchy[["unit_id", "parent_id"]]))
    base_entries = scenario_entries(ledger, base)
    base_chain = scenario_chain(ledger, base)
    tables = {k: [] for k in ("units", "districts", "sectors", "edits", "measures", "trajectories", "timetable")}
    replayed = {}
    for count, name in enumerate([base] + [s for s in scenarios if s != base]):
        progress(count / (len(scenarios) + 1), tr("Comparing '{scenario}'").format(scenario=name))
        chain = scenario_chain(ledger, name)
        edits = stored_edits(ledger, chain)
        replayed[name] = replay(baseline, units, factors, library, edits, discount_rate)
        path_frame = _trajectory(baseline, replayed[name], start_year, end_year, source_growth, conversion_until)
        tables["trajectories"].append(path_frame.assign(scenario=name))
        tables["timetable"].append({"scenario": name, "net_start_t": float(path_frame["net_t"].iloc[0]),
                                    "net_end_t": float(path_frame["net_t"].iloc[-1]),
                                    "neutral_year": str(economics.neutrality_year(path_frame, end_year))})
        if name == base:
            continue
        own = replayed[name][~replayed[name]["scenario"].isin(base_chain)]
        tables["edits"].append(own)
        if len(own):
            tables["measures"].append(economics.measure_costs(own).assign(scenario=name))
        removed, added = entry_changes(base_entries, scenario_entries(ledger, name))
        changes = signed_changes(removed, added)
        unit_delta = totals.unit_totals(changes, hierarchy[["unit_id", "parent_id"]])
        unit_delta = unit_delta[(unit_delta["source_t"] != 0) | (unit_delta["sink_t"] != 0)]
        named = _named(unit_delta, hierarchy).assign(scenario=name)
        tables["units"].append(named)
        tables["districts"].append(named[named["level"] == "district"])
        tables["sectors"].append(intervals.sum_per_group(changes, ("flow", "sector")).assign(scenario=name))
    progress(1.0, tr("Comparison done"))
    return {key: _stack(key, frames) for key, frames in tables.items()}


def _trajectory(baseline, edits, start_year, end_year, source_growth, conversion_until):
    """Timetable of a scenario: the baseline's sources and sinks without land conversion, the
    land-conversion average (t CO2e/yr, sources and sinks of sector land_conversion) carried only
    through ``conversion_until``, and the edits."""
    flow = baseline["flow"].to_numpy()
    value = baseline["co2e_t"].to_numpy(dtype=float)
    conversion = (baseline["sector"] == LAND_CONVERSION).to_numpy() & ((flow == "source") | (flow == "sink"))
    source = float(value[(flow == "source") & ~conversion].sum())
    sink = float(value[(flow == "sink") & ~conversion].sum())
    # numbers first (None -> NaN), then the fill: filling an object column is deprecated from pandas 2.2
    edits = edits.assign(rollout_year=pd.to_numeric(edits["rollout_year"]).astype(float).fillna(start_year))
    return economics.trajectory(source, sink, edits, start_year, end_year, source_growth,
                                float(value[conversion].sum()), conversion_until)


def _stack(key, frames):
    if not frames:
        return pd.DataFrame()
    if isinstance(frames[0], dict):
        return pd.DataFrame.from_records(frames)
    # empty frames and all-NA columns left out of the concat, the columns put back after: pandas 2.1+
    # deprecates their say in the result's dtypes (pandas 1.5 and 2.x then give the same frame)
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    parts = [f.dropna(axis=1, how="all") for f in frames if len(f)]
    frame = pd.concat(parts, ignore_index=True).reindex(columns=columns) if parts else frames[0]
    if "scenario" in frame.columns:
        frame = frame[["scenario"] + [c for c in frame.columns if c != "scenario"]]
    renames = {"source_t": "delta_source_t", "sink_t": "delta_sink_t", "net_t": "delta_net_t",
               "net_low_t": "delta_low_t", "net_high_t": "delta_high_t"} if key in ("units", "districts") else {}
    return frame.rename(columns=renames)


def output_paths(output):
    """(folder, stem, main file) for OUTPUT: a folder, a .csv (the scenario summary) or a .html report."""
    lower = output.lower()
    if lower.endswith(".csv") or lower.endswith(".html") or lower.endswith(".htm"):
        folder = os.path.dirname(os.path.abspath(output))
        return folder, os.path.splitext(os.path.basename(output))[0], os.path.abspath(output)
    return os.path.abspath(output), "comparison", os.path.join(os.path.abspath(output), "comparison.html")


def write_comparison(result, output, base, language="en", ledger=None):
    """Write the comparison tables (CSV), the MAC curve (PNG, SVG) and an HTML report in ``language``
    (``ledger``: its path, named in the report by file name only).

    Returns {name: path} of the files written. With a .csv OUTPUT the main file is the summary
    table (one row per scenario); with a folder or .html OUTPUT it is the HTML report.
    """
    folder, stem, main = output_paths(output)
    os.makedirs(folder, exist_ok=True)
    written = {}
    summary = _summary(result, base)
    for key, frame in [("summary", summary)] + list(result.items()):
        as_main = key == "summary" and main.lower().endswith(".csv")
        target = main if as_main else os.path.join(folder, f"{stem}_{key}.csv")
        frame.to_csv(target, index=False)
        written[key] = target
    png, svg = os.path.join(folder, f"{stem}_mac.png"), os.path.join(folder, f"{stem}_mac.svg")
    image = charts.mac_curve(result["measures"] if len(result["measures"]) else
                             pd.DataFrame(columns=["scenario", "measure_id", "avoided_t", "cost_per_t"]), png, svg,
                             CURRENCY, language)
    written.update(mac_png=png, mac_svg=svg)
    report = main if not main.lower().endswith(".csv") else os.path.join(folder, f"{stem}.html")
    with open(report, "w", encoding="utf-8") as handle:
        handle.write(_html(result, summary, base, image, language, ledger))
    written["html"] = report
    return written


def _summary(result, base):
    """One row per scenario: net delta and life-cycle delta (t CO2e/yr), capital, annual cost, t CO2e/yr
    avoided (levelised, life cycle included: the edits' avoided_t), cost per t, neutral year."""
    rows = []
    for record in result["timetable"].to_dict("records"):
        scenario = record["scenario"]
        direct, measures = result["sectors"], result["measures"]
        if len(direct):
            direct = direct[(direct["scenario"] == scenario) & direct["flow"].isin(("source", "sink"))]
        lifecycle = result["sectors"]
        if len(lifecycle):
            lifecycle = lifecycle[(lifecycle["scenario"] == scenario) & (lifecycle["flow"] == LIFECYCLE)]
        own = measures[measures["scenario"] == scenario] if len(measures) else measures
        rows.append({
            "scenario": scenario, "base": base,
            "delta_net_t": float(direct["co2e_t"].sum()) if len(direct) else 0.0,
            "delta_lifecycle_t": float(lifecycle["co2e_t"].sum()) if len(lifecycle) else 0.0,
            "capital": float(own["capital"].sum()) if len(own) else 0.0,
            "annual_cost": float(own["annual_cost"].sum()) if len(own) else 0.0,
            "avoided_t": float(own["avoided_t"].sum()) if len(own) else 0.0,
            "neutral_year": record["neutral_year"],
        })
    frame = pd.DataFrame(rows)
    avoided = frame["avoided_t"]
    frame["cost_per_t"] = np.where(avoided > 0, frame["annual_cost"] / avoided.where(avoided > 0, 1.0), np.nan)
    return frame


EDIT_COLUMNS = ("scenario", "seq", "unit_id", "level", "name", "measure_id", "rollout_year", "maturity_years",
                "delta_t", "low_t", "high_t", "capital", "annual_cost", "avoided_t", "cost_per_t")
"""Columns of the edits table in the HTML (the CSV keeps them all)."""


def emission_signed(frame):
    """``frame`` for the page with every number signed as emissions to the atmosphere (positive = more
    emitted): the measures' levelised reduction ``avoided_t`` (positive = less emitted, as the cost per t
    and the MAC curve use it) shown as ``levelised_change_t`` = -avoided_t in its place, t CO2e/yr."""
    if "avoided_t" not in frame.columns:
        return frame
    return frame.assign(avoided_t=-frame["avoided_t"].astype(float)).rename(columns={"avoided_t": "levelised_change_t"})


def _html(result, summary, base, image, language="en", ledger=None):
    """The comparison page in ``language``: summary, timetable with a trajectory chart per scenario,
    measures, MAC curve, districts, sectors, edits, units (readable headers, no paths)."""
    def say(key):
        return text(key, language)

    def section(key, frame):
        return f"<h2>{html.escape(say(key))}</h2>\n" + report_format.html_table(emission_signed(frame), language)

    year = inventory_year_of(Ledger(ledger), base) if ledger else None
    edits = result["edits"]
    if len(edits):
        named = result["units"][["unit_id", "level", "name"]].drop_duplicates("unit_id") if len(result["units"]) \
            else pd.DataFrame(columns=["unit_id", "level", "name"])
        edits = edits.merge(named, on="unit_id", how="left")
        edits = edits[[c for c in EDIT_COLUMNS if c in edits.columns]]
    trajectories = charts.trajectory_chart(result["trajectories"], result["timetable"], language) \
        if len(result["trajectories"]) else None
    parts = [
        section("sec_summary", summary.drop(columns="base")),
        f'<p class="note">{html.escape(say("note_comparison_signs"))}</p>',
        section("sec_timetable", result["timetable"]),
    ]
    if trajectories:
        parts.append(f'<img alt="{html.escape(say("sec_trajectories"))}" src="{trajectories}">')
    parts += [
        section("sec_measures", result["measures"]),
        f"<h2>{html.escape(say('sec_mac'))}</h2>",
        f"<img alt='{html.escape(say('sec_mac'))}' src='data:image/png;base64,"
        f"{base64.b64encode(image).decode('ascii')}'>",
        section("sec_districts", result["districts"]),
        section("sec_sectors", result["sectors"]),
        section("sec_edits", edits),
        section("sec_units", result["units"]),
    ]
    return report_format.page(
        titled(say("comparison_title").format(base=base), year, language),
        say("comparison_meta").format(ledger=report_format.ledger_name(ledger) if ledger else "", currency=CURRENCY,
                                      inventory_year=year_words(year, language)),
        "\n".join(parts),
        say("footer_comparison").format(version=PLUGIN_VERSION, generated=utc_now()),
        language,
    )
