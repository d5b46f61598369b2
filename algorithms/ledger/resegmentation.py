"""Entries under re-segmented units: a segmentation run that changes a unit or link that entries name (its outline,
its attributes, or its id gone) leaves those entries' content digests failing by design, since an entry's content
digest covers its unit and related unit as they were when it was accounted (``entries.CONTENT_FIELDS``).

So a segmentation run stops before it commits when it would do that, unless the user chose to (REPLACE yes: the
notice then goes into run_notices), and a later run that refuses to copy such entries (``seals.check_held``) says
that a re-segmentation changed their units, not that someone altered them, and what to run instead.
"""
import contextlib

import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from . import seal_state, years
from .sql_values import json_ids

NAMED = ("SELECT unit_id FROM entries UNION SELECT related_unit_id FROM entries WHERE related_unit_id IS NOT NULL")
"""SQL of the ids of the units and links the entries name (unit_id or related_unit_id), every scenario and year."""


def _store_digests(connection, table, where):
    """Fill temporary table ``table`` (unit_id, digest) with the digests (``seal_state.digest_parts``: 32 bytes) of
    the units and links matching the SQL ``where``, part by part: no whole-city object is held."""
    connection.execute(f"CREATE TEMP TABLE {table} (unit_id TEXT PRIMARY KEY, digest BLOB) WITHOUT ROWID")
    for layer in seal_state.UNIT_LAYERS:
        for _, unit_ids, hashed in seal_state.digest_parts(connection, layer, where):
            connection.executemany(f"INSERT INTO temp.{table} VALUES (?, ?)", zip(
                unit_ids.tolist(), (hashed[i:i + 32] for i in range(0, len(hashed), 32)), strict=True))


@contextlib.contextmanager
def units_under_entries(writer, policy, algorithm):
    """Around the writes of segmentation run ``algorithm`` in ``writer``'s transaction (its reconciliation rows
    included): afterwards, the units and links entries name whose digest changed or that are gone raise
    LedgerInputError (the transaction rolls back: the ledger is left byte for byte as it was) unless
    ``policy.replace``; then the notice goes into run_notices. The digests before and after wait in temporary
    tables of the run's connection (dropped at the end)."""
    connection = writer.connection
    _store_digests(connection, "named_before", f"unit_id IN ({NAMED})")
    yield  # an error rolls the transaction back, the temporary tables with it
    _store_digests(connection, "named_after", "unit_id IN (SELECT unit_id FROM temp.named_before)")
    connection.execute("CREATE TEMP TABLE named_changed AS SELECT b.unit_id FROM temp.named_before b "
                       "LEFT JOIN temp.named_after a USING (unit_id) WHERE a.digest IS NOT b.digest")
    count, first = connection.execute("SELECT count(*), min(unit_id) FROM temp.named_changed").fetchone()
    entries = _entries_of(connection, first) if count else None
    for table in ("named_before", "named_after", "named_changed"):
        connection.execute(f"DROP TABLE temp.{table}")
    if not count:
        return
    level, status = connection.execute(
        "SELECT level, status FROM reconciliation WHERE run_id = ? AND unit_id = ?", (writer.run_id, first)
    ).fetchone() or ("unit", "kept")
    field = {"orphaned": "unit_id", "moved": "geom"}.get(status, "attributes")
    how = {"orphaned": tr("orphaned: no new unit takes its id"), "moved": tr("moved: its outline changes")}.get(
        status, tr("kept, but its attributes (land use, name, floors, population ...) change"))
    more = tr(" and {count:,} more").format(count=count - 1) if count > 1 else ""
    what = tr("{algorithm} changes {count:,} units and links that {entries:,} entries name ({years}, every "
              "scenario): {level} '{unit_id}' ({how}; entry '{entry_id}'){more}").format(
        algorithm=algorithm, count=count, entries=entries["count"], years=entries["years"], level=level,
        unit_id=first, how=how, entry_id=entries["first"], more=more)
    if not policy.replace:
        raise LedgerInputError(
            tr("{what}. An entry's content digest covers its unit's attributes and outline, so those entries would "
               "no longer verify, and no later run could copy them (a REASON run of a sealed year, a calibration, a "
               "scenario on their units); nothing was written. Check the input layers where that unit lies, or set "
               "REPLACE to yes to write the new units anyway: the entries stay under their unit ids, listed in the "
               "reconciliation table; then account the latest inventory year again (carbonledger:accountsources "
               "and carbonledger:accountsinks) to account them on the new units; earlier years stay as "
               "accounted").format(what=what),
            layer="units", field=field, row=first)
    writer.append_rows("run_notices", pd.DataFrame([{
        "run_id": writer.run_id, "table_name": "entries", "replaced": float(entries["count"]), "written": 0.0,
        "notice": tr("{what}; their content digests no longer hold; written because REPLACE is yes").format(
            what=what)}]))


def _entries_of(connection, unit_id):
    """How many entries name the units of temp.named_changed (count), the first entry naming ``unit_id`` (first)
    and their inventory years, spelled (years)."""
    where = ("unit_id IN (SELECT unit_id FROM temp.named_changed) OR "
             "related_unit_id IN (SELECT unit_id FROM temp.named_changed)")
    (count,) = connection.execute(f"SELECT count(*) FROM entries WHERE {where}").fetchone()
    (first,) = connection.execute("SELECT min(entry_id) FROM entries WHERE unit_id = ? OR related_unit_id = ?",
                                  (unit_id, unit_id)).fetchone()
    found = [row[0] for row in connection.execute(
        f"SELECT DISTINCT inventory_year FROM entries WHERE {where} ORDER BY 1")]
    dated = [str(y) for y in found if y is not None]
    if not dated:
        years_of = tr("no inventory year")
    elif len(dated) == 1:
        years_of = tr("inventory year {year}").format(year=dated[0])
    else:
        years_of = tr("inventory years {years}").format(years=", ".join(dated))
    if dated and None in found:
        years_of = tr("{years} and none").format(years=years_of)
    return {"count": count, "first": first, "years": years_of}


def explained(connection, entry_ids):
    """Of the entries ``entry_ids`` (whose content digests failed), those whose unit or related unit a segmentation
    run committed after the entry's run listed in the reconciliation table as moved or orphaned (or as kept, when
    that run noted in run_notices that it changed units entries name: their attributes): a DataFrame (entry_id,
    unit_id, status, run_id, algorithm, ended_at, inventory_year, year_version), the latest such run per entry, in
    the order given."""
    entries = pd.read_sql_query(
        "SELECT e.entry_id, e.unit_id, e.related_unit_id, e.inventory_year, e.year_version, w.fid AS entry_run "
        "FROM entries e JOIN runs w ON w.run_id = e.run_id WHERE e.entry_id IN (SELECT value FROM json_each(?))",
        connection, params=(json_ids(entry_ids),))
    named = pd.concat([entries[["entry_id", "entry_run", "inventory_year", "year_version", column]].rename(
        columns={column: "unit_id"}) for column in ("unit_id", "related_unit_id")]).dropna(subset=["unit_id"])
    listed = pd.read_sql_query(  # a unit listed kept changed only when the run noted that it changed such units
        "SELECT c.unit_id, c.status, s.run_id, s.algorithm, s.ended_at, s.fid AS run_fid FROM reconciliation c "
        "JOIN runs s ON s.run_id = c.run_id WHERE c.unit_id IN (SELECT value FROM json_each(?)) AND (c.status != "
        "'kept' OR c.run_id IN (SELECT run_id FROM run_notices WHERE table_name = 'entries'))", connection,
        params=(json_ids(named["unit_id"].unique()),))
    rows = named.merge(listed, on="unit_id")
    rows = rows[rows["run_fid"] > rows["entry_run"]].sort_values("run_fid")
    rows = rows.drop_duplicates("entry_id", keep="last").set_index("entry_id")
    return rows.reindex([e for e in entry_ids if e in rows.index]).reset_index()[[
        "entry_id", "unit_id", "status", "run_id", "algorithm", "ended_at", "inventory_year", "year_version"]]


def refusal(connection, count, field, first):
    """The message of ``seals.check_held`` when all ``count`` entries whose digests fail (``first``: a DataFrame row of
    ``explained``, the first of them; ``field``: the stored digest that failed) hang from units a later segmentation
    run changed: what happened, and what to run instead."""
    latest = years.latest(pd.read_sql_query("SELECT * FROM inventory_years", connection))
    year = None if pd.isna(first["inventory_year"]) else years.InventoryYear(
        int(first["inventory_year"]), int(first["year_version"]))
    # the latest year is open: accounting it again replaces its entries (a REASON run of it opened its new version)
    if latest is None or year is None or year.year == latest.year:
        named = tr("inventory year {year}").format(year=latest.year) if latest is not None else \
            tr("the sources and sinks")
        way = tr("account {what} again on the new units (carbonledger:accountsources and carbonledger:accountsinks "
                 "without a REASON replace those entries), then run this again").format(what=named)
    else:
        way = tr("inventory year {year} v{version} was accounted on the old units and stays as accounted "
                 "(carbonledger:verifyledger lists those entries): a new version of it cannot carry them over; "
                 "recalculate it in a copy of the ledger from before that run").format(
            year=year.year, version=year.version)
    algorithm, run_id, ended_at = first["algorithm"], first["run_id"], first["ended_at"]
    if count == 1:
        hang = tr("{count} entry hangs from units that {algorithm} run {run_id} ({ended_at}) changed after the run "
                  "that wrote it").format(count=count, algorithm=algorithm, run_id=run_id, ended_at=ended_at)
    else:
        hang = tr("{count} entries hang from units that {algorithm} run {run_id} ({ended_at}) changed after the run "
                  "that wrote them").format(count=count, algorithm=algorithm, run_id=run_id, ended_at=ended_at)
    return tr("{hang} (table reconciliation of that run: unit '{unit_id}', {status}); an entry's content digest "
              "covers its unit as it was, so the stored {field} of entry '{entry_id}' no longer holds: the entries "
              "were not altered, but accounted on the old units, and this run would have copied them onto the new "
              "ones, so it changed nothing: {way}").format(
        hang=hang, unit_id=first["unit_id"], status=first["status"], field=field, entry_id=first["entry_id"], way=way)
