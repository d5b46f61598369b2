"""Scenarios in the ledger: read edits, apply them, store them, and read a scenario back whole.

Storage (documented in the README's Chessboard section): a scenario stores only what it changes.
``scenarios`` holds its name and its base; ``edits`` its edits in order; ``scenario_units`` the
units its edits touched (the edited unit, and for a land-use conversion the units below it);
``entries`` with ``scenario = name`` hold the complete entries of those units, re-keyed under the
scenario's name. The scenario's full account is its base's full account with the touched units'
entries replaced: :func:`scenario_entries` (``ledger.composition``) composes it down the chain of
bases to ``baseline``. So a scenario costs a few rows, not a copy of the city, and a change to the
baseline shows in every scenario on top of it (the touched units stay as the scenario re-accounted
them).
"""
import json
import os

import pandas as pd

from ..ledger.schema import BASELINE
from ..ledger import composition, factors as factor_tables, schema
from ..sinks import accounting as sinks
from .chessboard import Chessboard
from .session_units import UNIT_COLUMNS, stored_units
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.tables import read_table
from ..ledger.store import Ledger, utc_now
from .measures import MeasureLibrary, parse_parameters
from ..core.progress import NO_PROGRESS

EDIT_FIELDS = ("unit_id", "measure_id", "parameters")


def read_edits_file(path):
    """Edits from a CSV or JSON file as a DataFrame with unit_id, measure_id, parameters (dict), row.

    CSV: columns unit_id, measure_id, optional parameters (JSON object text) and any further
    column named as a parameter (its non-empty cells are parameters too). row = data line (1 = first).
    JSON: a list of {unit_id, measure_id, parameters: {...}} or {"edits": [...]}; row = position (1-based).
    """
    layer = os.path.basename(path)
    if not os.path.exists(path):
        raise LedgerInputError(tr("no edits file at '{path}'").format(path=path), layer="EDITS")
    if path.lower().endswith(".json"):
        with open(path, encoding="utf-8") as handle:
            try:
                data = json.load(handle)
            except json.JSONDecodeError as error:
                raise LedgerInputError(tr("not valid JSON ({reason}, line {line})").format(
                    reason=error.msg, line=error.lineno), layer=layer) from None
        records = data.get("edits") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise LedgerInputError(tr("expected a list of edits or {example}").format(example='{"edits": [...]}'),
                                   layer=layer)
        frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=list(EDIT_FIELDS))
    else:
        frame = read_table(path, layer, dtype=str, keep_default_na=False)
    frame["row"] = range(1, len(frame) + 1)
    return edits_from_frame(frame, layer)


def edits_from_frame(frame, layer="EDITS", only_parameter_columns=False):
    """Normalise an edits table (from a file or a layer, with a ``row`` column) to unit_id,
    measure_id, parameters (dict), row; extra non-empty columns become parameters.

    only_parameter_columns: take as parameters only columns named like a parameter of the
    library (for layers, whose other fields are unit attributes); otherwise every extra column.
    """
    for field in ("unit_id", "measure_id"):
        if field not in frame.columns:
            raise LedgerInputError(tr("the edits have no '{field}' column").format(field=field), layer=layer,
                                   field=field)
    extra = [c for c in frame.columns if c not in EDIT_FIELDS + ("row", "fid")]
    if only_parameter_columns:
        extra = [c for c in extra if c in set(MeasureLibrary.shipped().parameters["parameter"])]
    records = []
    for record in frame.to_dict("records"):
        params = parse_parameters(record.get("parameters"), record["row"], layer)
        for column in extra:
            value = record[column]
            if value is not None and str(value).strip() != "" and not (isinstance(value, float) and value != value):
                params[column] = value
        unit_id, measure_id = str(record["unit_id"] or "").strip(), str(record["measure_id"] or "").strip()
        if not unit_id or not measure_id:
            raise LedgerInputError(tr("unit_id and measure_id must not be empty"), layer=layer, row=record["row"])
        records.append({"unit_id": unit_id, "measure_id": measure_id, "parameters": params, "row": record["row"]})
    if not records:
        raise LedgerInputError(tr("there are no edits"), layer=layer)
    return pd.DataFrame.from_records(records)


def factor_table(ledger):
    """Factors a scenario may cite: shipped factors and the sink accounting's class factors
    (sink_rate_<class>), overridden by the ledger's rows."""
    shipped = factor_tables.override_factors(factor_tables.shipped_factors(),
                                             sinks.class_factors(sinks.read_class_table()))
    stored = ledger.read_table("factors")
    if len(stored):
        shipped = factor_tables.override_factors(shipped, stored.set_index("factor_id", drop=False))
    return shipped


def read_units(ledger, columns=UNIT_COLUMNS):
    """``columns`` (default UNIT_COLUMNS) of every unit and link of the ledger (attributes only), units
    first; a column a layer lacks (land_use on links) is NaN on its rows."""
    return pd.DataFrame(ledger.units_and_links(columns), columns=list(columns))


def scenario_chain(ledger, name, table=None):
    """Scenarios from the first one built on baseline down to ``name`` (empty for baseline)."""
    return composition.scenario_chain(ledger.scenarios() if table is None else table, name)


def scenario_entries(ledger, name, year=None):
    """All entries of scenario ``name`` (its base's, with the units its edits touched replaced).

    ledger: a ledger.Ledger or a path. The one way the comparisons and the docks read a scenario.
    year: inventory year of the baseline (default the latest; a scenario reads the year it starts from).
    """
    return (ledger if isinstance(ledger, Ledger) else Ledger(ledger)).scenario_entries(name, year)


def open_chessboard(ledger, base=BASELINE, scenario="draft", discount_rate=None, year=None):
    """A Chessboard on scenario ``base`` of ``ledger`` (a ledger.Ledger or a path), for live edits and
    applyscenario.

    When the city has its totals of the year the base starts from stored (on the layers for the latest year, else
    in year_totals) the session reads its top unit when it starts (and for a stored scenario the units its chain
    touched), and an edit the rows and entries of the units it touches (``session_units.StoredUnits``);
    otherwise it reads every unit and the base's entries.
    Its new entries are named ``scenario``; discount_rate in % per yr (default economics.csv); year:
    inventory year a session on the baseline starts from (default the latest).
    """
    ledger = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
    units, read_entries = stored_units(ledger, base, year)
    if units is not None:
        return Chessboard(read_entries, units, factor_table(ledger), MeasureLibrary.shipped(), scenario=scenario,
                          discount_rate=discount_rate)
    return Chessboard(scenario_entries(ledger, base, year), read_units(ledger), factor_table(ledger),
                      MeasureLibrary.shipped(), scenario=scenario, discount_rate=discount_rate)


def board_edits(board):
    """The edits applied on a Chessboard, as the frame ``apply_scenario`` takes (to save a session)."""
    return pd.DataFrame([{"unit_id": r.unit_id, "measure_id": r.measure_id, "parameters": dict(r.parameters),
                          "row": r.seq} for r in board.results()])


def stored_edits(ledger, chain):
    """Edits of the scenarios in ``chain``, in chain order then seq, parameters as dicts."""
    frames = [ledger.read_table("edits", match={"scenario": scenario}).sort_values("seq") for scenario in chain]
    edits = pd.concat(frames, ignore_index=True) if frames else ledger.read_table("edits", match={"scenario": []})
    edits["parameters"] = [json.loads(text) if text else {} for text in edits["parameters"]]
    return edits


def edited_units(ledger, scenario):
    """The edits of ``scenario`` and of the scenarios it is built on (``stored_edits``): unit_id, measure_id; none
    for the baseline."""
    chain = scenario_chain(ledger, scenario) if scenario != BASELINE else []
    return stored_edits(ledger, chain)[["unit_id", "measure_id"]]


def refuse_repeated_edits(edits, layer="EDITS"):
    """Raise LedgerInputError when one unit gets the same measure twice in ``edits`` (unit_id, measure_id,
    row): the same signal timing three times on a link would compound its cut, two land-use conversions
    of one parcel would count its new cover twice. A scenario on a scenario may repeat a measure of its base."""
    key = edits["unit_id"].astype(str) + "\x1f" + edits["measure_id"].astype(str)
    repeated = key.duplicated(keep=False).to_numpy()
    if repeated.any():
        first = key[repeated].iloc[0]
        rows = edits.loc[(key == first).to_numpy(), "row"].tolist()
        unit, measure = first.split("\x1f")
        raise LedgerInputError(
            tr("unit '{unit_id}' gets measure '{measure_id}' {count} times (rows {rows}): its effect would compound; "
               "give each measure once per unit (with all its parameters)").format(
                unit_id=unit, measure_id=measure, count=len(rows), rows=", ".join(map(str, rows))),
            layer=layer, field="measure_id", row=rows[-1])


def apply_scenario(path, scenario, edits, base=BASELINE, description="", progress=NO_PROGRESS,
                   algorithm="carbonledger:applyscenario", run_parameters=None, replace=False, year=None):
    """Apply ``edits`` (edits_from_frame / read_edits_file) on ``base`` and store scenario ``scenario``.

    An existing scenario of that name is refused unless ``replace``. A unit may get each measure once
    (refuse_repeated_edits). Every edit is checked and re-accounted before anything is written, and the base
    entries of the touched units are checked unaltered since their run (``LedgerWriter.held``); the write is one
    transaction. Returns a summary dict with the scenario, base, edits, touched units,
    entries written, city delta (t CO2e/yr) and the EditResults. year: inventory year a scenario on the
    baseline starts from (default the latest; a scenario on a scenario starts from its base's year).
    """
    ledger = Ledger(path)
    scenario = (scenario or "").strip()
    if not scenario or scenario == BASELINE:
        raise LedgerInputError(tr("give the scenario a name other than '{baseline}'").format(baseline=BASELINE),
                               layer="SCENARIO")
    table = ledger.scenarios()
    if scenario in table.index and not replace:
        raise LedgerInputError(
            tr("scenario '{scenario}' exists already (stored {created_at}); choose another name, "
               "or set REPLACE to yes to replace it").format(
                scenario=scenario, created_at=table.at[scenario, "created_at"]), layer="SCENARIO")
    refuse_repeated_edits(edits)
    if base != BASELINE and base not in table.index:
        raise LedgerInputError(tr("base scenario '{base}' is not in the ledger").format(base=base), layer="BASE")
    if scenario in scenario_chain(ledger, base, table):
        raise LedgerInputError(tr("scenario '{scenario}' cannot build on '{base}', which builds on it").format(
            scenario=scenario, base=base), layer="BASE")
    dependants = sorted(table.index[table["base"] == scenario])
    if dependants:
        progress.warn(tr("scenarios {scenarios} build on '{scenario}': their own units keep the entries they were "
                         "applied with; apply them again to re-account them on this version").format(
            scenarios=", ".join(dependants), scenario=scenario))
    progress(0.05, tr("Reading scenario '{scenario}'").format(scenario=base))
    board = open_chessboard(ledger, base, scenario=scenario, year=year)
    total = len(edits)
    for count, edit in enumerate(edits.itertuples(index=False)):
        result = board.apply(edit.unit_id, edit.measure_id, edit.parameters, row=edit.row)
        for warning in result.warnings:
            progress.warn(warning)  # a Message, or a NothingToCut (said_in)
        if count % 50 == 0:
            progress(0.1 + 0.7 * count / max(total, 1), tr("Edit {number} of {total}").format(number=count + 1,
                                                                                              total=total))
    now = utc_now()
    rows = board.scenario_rows()
    touched = sorted(board.touched_units())
    progress(0.85, tr("Writing the scenario"))
    start_year = starting_year(ledger, base, year)
    copied = board.base_entries(touched)
    with ledger.transaction(algorithm, run_parameters or {"scenario": scenario, "base": base}) as writer:
        writer.held("entries", copied)  # the base entries the touched units' new entries come from, unaltered
        writer.delete_scenario(scenario)
        writer.select_year(start_year)  # the scenario's entries carry the inventory year it starts from
        writer.append_rows("scenarios", pd.DataFrame([{
            "scenario": scenario, "base": base, "description": description, "created_at": now,
            "run_id": writer.run_id, "inventory_year": start_year}]))
        writer.append_rows("edits", pd.DataFrame([{
            "edit_id": f"{scenario}/{r.seq}", "scenario": scenario, "seq": r.seq, "unit_id": r.unit_id,
            "measure_id": r.measure_id, "parameters": json.dumps(r.parameters, sort_keys=True), "created_at": now,
        } for r in board.results()]))
        writer.append_rows("scenario_units", pd.DataFrame({"scenario": scenario, "unit_id": touched}))
        rows = rows.assign(run_id=writer.run_id)
        writer.append_rows("entries", rows[[c for c in schema.columns("entries") if c in rows.columns]])
        known = writer.factor_ids()
        cited = board.used_factors()
        used = factor_tables.factor_rows_for_ledger(cited, cited.index)
        writer.append_rows("factors", used[~used["factor_id"].isin(known)])
    progress(1.0, tr("Scenario '{scenario}' stored").format(scenario=scenario))
    city = board.results()[-1].city if board.results() else None
    return {"scenario": scenario, "base": base, "edits": len(board.results()),
            "touched_units": len(board.touched_units()), "entries": len(rows),
            "city_delta_t": city["net_t"] if city else 0.0, "results": board.results()}


def starting_year(ledger, base, year=None):
    """Inventory year (int, or None in a ledger without one) a scenario on ``base`` starts from: the
    base scenario's, or for the baseline ``year`` (default the latest year)."""
    table = ledger.scenarios()
    if base != BASELINE and pd.notna(table.at[base, "inventory_year"]):
        return int(table.at[base, "inventory_year"])
    latest = ledger.inventory_year(None if year is None else int(year))
    return None if latest is None else latest.year


def scenario_flows(ledger, scenario):
    """Source and sink entries of ``scenario`` (composed on its base), with unit_id, co2e_t, profile."""
    entries = scenario_entries(ledger, scenario)
    return entries[entries["flow"].isin(("source", "sink"))].reset_index(drop=True)
