"""The inventory report of one scenario: a self-contained HTML page, a CSV and an XLSX workbook.

The HTML holds the GPC sector x scope table with notation keys, the flows (direct sources,
sinks, net with its 95% interval, and avoided emissions beside them), per-district totals with
intervals, top sources and sinks, data-quality notes, the factor table with sources and the
run history, with matplotlib charts embedded as base64 PNG: it opens in a browser with no
network. ``<name>.csv`` is the GPC table; ``<name>.xlsx`` has one sheet per table.
"""
import contextlib
import html
import json
import os

import numpy as np
import pandas as pd

from . import report_parts, charts, inventory, ledger_view as ledger_queries, report_format, spreadsheet
from .year_label import inventory_year_of, titled, year_words
from .labels import text
from ..ledger.schema import BASELINE
from ..ledger import totals
from ..mrv import uncertainty, verified_files
from ..ledger.store import Ledger, utc_now
from ..core.ahead import read_ahead
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..core.version import PLUGIN_VERSION

SECTIONS = ("flows", "gpc", "lifecycle", "districts", "top_sources", "top_sinks", "methods", "quality", "factors",
            "runs")


def uncertainty_run(runs, scenario):
    """Parameters of the last carbonledger:uncertainty run of ``scenario`` (a dict), or None."""
    chosen = runs[runs["algorithm"] == "carbonledger:uncertainty"]
    for parameters in reversed(chosen["parameters"].tolist()):
        parameters = json.loads(parameters or "{}")
        if parameters.get("scenario", BASELINE) == scenario:
            return parameters
    return None


def describe(run):
    """How intervals were computed, in words, from an uncertainty run's parameters (or None)."""
    if run is not None and run.get("method") == "montecarlo":
        return (f"Monte Carlo (IPCC Approach 2), {run.get('iterations')} iterations, seed {run.get('seed')}, "
                "shared factors fully correlated")
    return "Approach 1 (error propagation, entries independent)"


def baseline_match(ledger):
    """{column: value} of the baseline entries of the ledger's latest inventory year (the report's entries)."""
    return {"scenario": BASELINE, **ledger.year_match()}


def _report_parts(ledger, scenario, tree, units, rolled):
    """The ReportParts of ``scenario``'s entries and the function reading the entries of one flow of some units
    again (for the top flows' intervals): the baseline read BATCH_ROWS entries at a time, a scenario (composed on
    its base) at once. tree, units: ``report_parts.read_tree``'s."""
    parts = report_parts.ReportParts(tree, units, rolled)
    columns = list(report_parts.READ_COLUMNS)
    if scenario != BASELINE:
        entries = ledger_queries.read_entries(ledger, scenario, columns=columns)
        parts.add(entries)
        return parts, lambda flow, ids: entries[(entries["flow"] == flow) & entries["unit_id"].isin(ids)]
    match = baseline_match(ledger)
    batches = read_ahead(ledger.matching_batches("entries", columns, match, report_parts.BATCH_ROWS))
    with contextlib.closing(batches):  # the next part read while one is added; a failure stops the read
        for batch in batches:
            parts.add(pd.DataFrame(batch, columns=columns))

    def entries_of(flow, ids):  # by unit_id alone, so that SQLite reads them through the index of unit_id
        chosen = ledger.read_entry_columns(list(dict.fromkeys([*columns, *match])), {"unit_id": list(ids)})
        kept = (chosen["flow"] == flow).to_numpy()
        for column, value in match.items():
            kept &= (chosen[column] == value).to_numpy()
        return chosen.loc[kept, columns].reset_index(drop=True)
    return parts, entries_of


def _units_and_total(ledger, scenario, tree, units, run, districts):
    """(report parts, the entries-of reader of ``_report_parts``, totals of the ``districts`` (their unit_id) and top
    units by unit_id and of the whole ledger (t CO2e/yr) with the intervals of the last uncertainty run).

    Baseline: the totals stored on the units and links, refused when they are not the sums of the
    entries (``totals.require_agreement``); rolled up from the entries when none were ever stored. A scenario:
    rolled up from its entries, with the Monte Carlo of its last uncertainty run repeated (same seed and
    iterations, same numbers), else Approach 1. tree, units: ``report_parts.read_tree``'s (the tree's ids are the
    units' codes).
    """
    codes = np.unique(np.concatenate([units.codes(districts), np.flatnonzero(tree.parent < 0)]))
    codes = codes[codes >= 0]
    if scenario == BASELINE:
        stored = report_parts.unit_columns(ledger, list(totals.CHECKED_TOTALS))  # arrays in tree order, no frame
        rolled_up = any(pd.notna(stored[c]).any() for c in totals.CHECKED_TOTALS)  # else never rolled up: from entries
        parts, entries_of = _report_parts(ledger, scenario, tree, units, rolled=not rolled_up)
        if rolled_up:
            _require_agreement(stored, parts.direct, ledger)
            stored = {**{c: stored[c][codes] for c in totals.CHECKED_TOTALS},  # intervals read for these units only
                      **{c: units.values(codes, c).astype(float) for c in ("net_low_t", "net_high_t")}}
        else:
            stored = _at(parts.direct.totals(tree), codes)
        table = inventory.unit_table(stored, parts.avoided_entries(), tree, codes)
        return parts, entries_of, _by_unit_id(table, units), uncertainty.top_total(table, tree)
    parts, entries_of = _report_parts(ledger, scenario, tree, units, rolled=True)
    table = inventory.unit_table(_at(parts.direct.totals(tree), codes), parts.avoided_entries(), tree, codes)
    if run is None or run.get("method") != "montecarlo":
        return parts, entries_of, _by_unit_id(table, units), uncertainty.top_total(table, tree)
    table = _by_unit_id(table, units)
    result = uncertainty.monte_carlo(*uncertainty.read_inputs(ledger, scenario), run["iterations"], run["seed"])
    for column in ("net_low_t", "net_high_t"):
        table[column] = result["units"][column].reindex(table.index)
    return parts, entries_of, table, result["total"]


def _at(totals_frame, codes):
    """TOTAL_COLUMNS of the units ``codes`` ({column: array}) of ``totals_frame`` (every unit's, in code order)."""
    return {c: totals_frame[c].to_numpy()[codes] for c in totals.TOTAL_COLUMNS}


def _by_unit_id(table, units):
    """``table`` (indexed by unit codes of the UnitCodes ``units``) indexed by their unit_id."""
    return table.set_axis(pd.Index(units.unit_ids(table.index.to_numpy()), name="unit_id"))


def _require_agreement(stored, direct, ledger):
    """``totals.require_agreement`` of the ``stored`` totals ({column: array} of CHECKED_TOTALS of every unit and link
    of ``ledger`` in tree order) and the roll-up of the entries (``direct``, a DirectSums on the tree): totals equal
    to the bit agree, so the check by unit_id runs only when some differ (a city's totals framed by their ids is a
    large copy)."""
    recomputed = dict(zip(totals.CHECKED_TOTALS, direct.rolled(), strict=True))
    if not all(np.array_equal(np.asarray(stored[c], dtype=float), recomputed[c]) for c in totals.CHECKED_TOTALS):
        ids = pd.Index(report_parts.unit_columns(ledger, ["unit_id"])["unit_id"], name="unit_id")
        totals.require_agreement(pd.DataFrame({"unit_id": ids, **stored}), direct.totals().set_axis(ids))


def build_tables(path, scenario=BASELINE, notation_override=None, progress=NO_PROGRESS, records=None):
    """All report tables of ``scenario`` as a dict of DataFrames, plus 'meta' (a dict).

    records: the verifier's ``verified_files.VerificationRecords``: the verification of the ledger file's very bytes
    recorded there (by carbonledger:verifyledger) is quoted instead of verifying the ledger again; None: verified."""
    ledger = Ledger(path)
    with records.hashing(path) if records is not None else contextlib.nullcontext(None) as hashed:
        return _tables(ledger, scenario, notation_override, progress, records, hashed)


def _verification(path, records, hashed, progress):
    """The report's verification finding: ``verified_files.verified``'s summary, spelled (hashed: the function giving
    the file's hash, taken in a thread beside the report's reads)."""
    progress(0.6, tr("Verifying the ledger"))
    checked, verified_at = verified_files.verified(path, records, hashed=hashed)
    return (f"{checked['mismatches']} of {checked['entries']:,} entries differ from their recomputation, "
            f"{checked['links']} links of the run seal chain are broken"
            + (f" (the first: {checked['first_broken_link']})" if checked["links"] else "")
            + f" (carbonledger:verifyledger on {verified_at})")


def _tables(ledger, scenario, notation_override, progress, records, hashed):
    """``build_tables``' tables. The verification is quoted (or run) once the tables per unit are made and their
    units let go: its file hash runs beside the reads until then, and a verification run here does not meet the
    tree in memory."""
    progress(0.05, tr("Reading scenario {scenario}").format(scenario=scenario))
    tree, units, levels = report_parts.read_tree(ledger)
    factors = ledger.read_table("factors")
    runs = ledger.read_table("runs")
    run = uncertainty_run(runs, scenario)
    method = describe(run)
    districts = report_parts.unit_rows(ledger, {"level": "district"}, ["unit_id", "level", "name"])
    parts, entries_of, table, total = _units_and_total(ledger, scenario, tree, units, run, districts["unit_id"])
    progress(0.5, tr("Building tables"))

    def top(flow):
        return inventory.top_flows(parts.group_sums(flow), flow, lambda ids: entries_of(flow, ids),
                                   lambda ids: report_parts.unit_rows(ledger, {"unit_id": list(ids)},
                                                                        ["unit_id", "name", "level"]),
                                   parts.unit_ids)

    tables = {
        "lifecycle": inventory.lifecycle_table(parts.lifecycle_entries()),
        "districts": inventory.district_table(table, districts),
        "top_sources": top("source"),
        "top_sinks": top("sink"),
    }
    coverage = inventory.finest_without_entries(tree, levels, parts.covered)
    del tree, units, levels
    parts.release_units()  # the flows' intervals need their parts alone: room for their sums (issue 22)
    verified = _verification(ledger.path, records, hashed, progress)
    tables["flows"] = inventory.flow_table(parts.flow_sums(), total)  # then the held columns alone: room for copies
    tables.update({
        "gpc": inventory.gpc_table(parts.entries(["flow", "gpc_sector", "scope", "co2e_t"]),
                                   inventory.notation_keys(notation_override)),
        "methods": inventory.method_table(parts.entries(["flow", "method", "co2e_t"])),
        "quality": inventory.quality_notes(parts.entries(["flow", "method", "factor_id", "co2e_t", "low_t", "high_t"]),
                                           factors, total, coverage, method, verified),
        "factors": inventory.factor_table(parts.entries(["factor_id", "flow", "co2e_t"]), factors),
        "runs": runs[["started_at", "ended_at", "algorithm", "user", "plugin_version", "parameters", "run_id"]],
    })
    tables = {name: tables[name] for name in SECTIONS}  # the sheets' order
    tables["meta"] = {"ledger": ledger.path, "crs": ledger.crs_authid, "scenario": scenario, "entries": parts.count,
                      "interval_method": method, "inventory_year": inventory_year_of(ledger, scenario)}
    return tables


def _section(title, *parts):
    return f"<h2>{html.escape(title)}</h2>\n" + "\n".join(parts)


def _image(uri, alt):
    return f'<img src="{uri}" alt="{html.escape(alt)}">'


def _note(note):
    return f'<p class="note">{html.escape(note)}</p>'


def _footnoted(gpc, language):
    """(the GPC table for the page, footnotes): a total that leaves out scopes with a notation key gets a
    mark, '1,234.5 [1]', and a footnote naming them ('[1] I.1: total of the scopes estimated; not in it:
    Scope 3 NE'); the keys_outside_total column is not shown."""
    totals, footnotes = gpc["total_t"].tolist(), []
    for row, (code, keys) in enumerate(zip(gpc["gpc_sector"], gpc["keys_outside_total"].fillna(""), strict=True)):
        if keys:
            scopes = ", ".join(text(f"scope_{part.split()[1]}", language).split(" (")[0].split("（")[0] + " "
                               + part.split()[2] for part in keys.split(", "))
            footnotes.append(text("note_total_keys", language).format(mark=len(footnotes) + 1, code=code,
                                                                      scopes=scopes))
            totals[row] = report_format.marked(totals[row], len(footnotes))
    return gpc.assign(total_t=totals).drop(columns="keys_outside_total"), footnotes


def render_html(tables, language="en"):
    """The report page (a string) from the tables of :func:`build_tables`, in ``language`` ('en' or 'zh').

    No folder or user name appears: the ledger by its file name, runs without their user, paths in
    run parameters cut to file names."""
    meta = tables["meta"]
    runs = tables["runs"].drop(columns="user")
    runs = runs.assign(parameters=runs["parameters"].fillna("").map(report_format.private).str.slice(0, 160))
    gpc, footnotes = _footnoted(tables["gpc"].drop(columns="basic_t"), language)
    if language != "en":  # GPC's own English names where no translation is listed
        gpc = gpc.assign(name=[text(f"gpc:{code}", language) if text(f"gpc:{code}", language) != f"gpc:{code}"
                               else name for code, name in zip(gpc["gpc_sector"], gpc["name"], strict=True)])

    def table(frame, **options):
        return report_format.html_table(frame, language, **options)

    def say(key):
        return text(key, language)

    body = [
        _section(say("sec_flows"), table(tables["flows"]),
                 _image(charts.flow_chart(tables["flows"], language), say("sec_flows")), _note(say("note_avoided"))),
        _section(say("sec_gpc"), table(gpc), *map(_note, footnotes), _note(say("note_keys")),
                 _image(charts.gpc_chart(gpc.iloc[:-3], language), say("sec_gpc"))),
        _section(say("sec_lifecycle"), table(tables["lifecycle"]), _note(say("note_lifecycle"))),
        _section(say("sec_districts"), table(tables["districts"]),
                 _image(charts.district_chart(tables["districts"], language), say("sec_districts"))),
        _section(say("sec_top_sources"), table(tables["top_sources"])),
        _section(say("sec_top_sinks"), table(tables["top_sinks"])),
        _section(say("sec_quality"), table(tables["quality"]), table(tables["methods"])),
        _section(say("sec_factors"), table(tables["factors"], general=("value", "low", "high"), spanning="source")),
        _section(say("sec_runs"), table(runs)),
    ]
    return report_format.page(
        titled(say("inventory_title").format(scenario=meta["scenario"]), meta["inventory_year"], language),
        say("inventory_meta").format(ledger=report_format.ledger_name(meta["ledger"]), crs=meta["crs"],
                                     inventory_year=year_words(meta["inventory_year"], language),
                                     scenario=meta["scenario"], entries=f"{meta['entries']:,}",
                                     method=meta["interval_method"]),
        "\n".join(body),
        say("footer_inventory").format(version=PLUGIN_VERSION, generated=utc_now()),
        language,
    )


def output_paths(output):
    """(html, csv, xlsx) paths: OUTPUT and the CSV and XLSX beside it."""
    stem = os.path.splitext(output)[0]
    return stem + ".html", stem + ".csv", stem + ".xlsx"


def write_report(path, output, scenario=BASELINE, notation_override=None, progress=NO_PROGRESS, language="en",
                 records=None):
    """Write the report of ``scenario`` to ``output`` (.html, in ``language``) with .csv and .xlsx beside it
    (records: ``build_tables``').

    Returns a dict with the three paths and the flows (t CO2e/yr): source_t, sink_t, net_t,
    net_low_t, net_high_t, avoided_t.
    """
    tables = build_tables(path, scenario, notation_override, progress.span(0.0, 0.7), records)
    html_path, csv_path, xlsx_path = output_paths(output)
    os.makedirs(os.path.dirname(os.path.abspath(html_path)), exist_ok=True)
    progress(0.75, tr("Drawing charts and writing HTML"))
    with open(html_path, "w", encoding="utf-8") as handle:
        handle.write(render_html(tables, language))
    tables["gpc"].to_csv(csv_path, index=False)
    progress(0.9, tr("Writing XLSX"))
    spreadsheet.write_xlsx(xlsx_path, {name: tables[name] for name in SECTIONS})
    flows = tables["flows"].set_index("flow")["co2e_t"]
    net = tables["flows"].iloc[2]
    progress(1.0, tr("Report written to {path}").format(path=html_path))
    return {
        "html": html_path, "csv": csv_path, "xlsx": xlsx_path,
        "source_t": float(flows.iloc[0]), "sink_t": float(flows.iloc[1]), "net_t": float(net["co2e_t"]),
        "net_low_t": float(net["low_t"]), "net_high_t": float(net["high_t"]), "avoided_t": float(flows.iloc[3]),
    }
