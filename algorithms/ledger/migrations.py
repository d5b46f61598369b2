"""Explicit migrations of ledgers of an older schema to ``schema.SCHEMA_VERSION``, one step per version.

Every entry point (Processing algorithms, docks, the command line) opens a ledger through
``open_ledger`` (or calls ``migrate``) before anything reads or writes it; the accounting never
upgrades a ledger on its own, and ``store.Ledger.transaction`` refuses to write into one that is
not current. A migration runs in one SQLite transaction: when a step fails, the file is left
exactly as it was. A ledger of a newer schema than this plugin's is refused.

Versions: 1 = release 0.1.0 (no ledger_info table); 2 = ledger_info and scenario_units; 3 = the proxy
error of downscaled entries (entries.proxy_error, proxy_share, proxy_concentration); 4 = reconciliation
and run_notices; 5 = inventory years; 6 = run seals (it fingerprints and seals what the steps before it left);
7 = seals over buckets of rows (it re-seals what the steps before it left); 8 = two-stage fingerprints (last: it
re-fingerprints the entries whose schema-7 fingerprint held and re-seals); 9 = the factors table sealed (it re-seals
the last run over the factor rows as they are, when its other roots held); 10 = greenspace_budget's outline_m2 and
counted_in (empty in the rows before).
"""
import json
import os
import shutil
import sqlite3

import pandas as pd

from . import composition, faults, schema, seal_state, seals, years
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import shipped_table
from ..core.version import PLUGIN_VERSION
from .queries import SCHEMA_VERSION_KEY, read_schema_version
from .store import Ledger, create_index_sql, create_ledger, utc_now

ADDED_IN_2 = ("scenario_units", "ledger_info")
"""Tables schema 2 added to schema 1."""
ADDED_IN_4 = ("reconciliation", "run_notices")
"""Tables schema 4 added to schema 3."""


def open_ledger(path):
    """The ledger at ``path`` (a store.Ledger), migrated first when its schema is older."""
    migrate(path)
    return Ledger(path)


def create_or_open_ledger(path, crs):
    """A new ledger at ``path`` in the projected ``crs``, or the existing one there, migrated
    (its CRS and data kept). Returns a store.Ledger."""
    if os.path.exists(path):
        return open_ledger(path)
    create_ledger(path, crs)
    return Ledger(path)


def migrate(path):
    """Bring the ledger at ``path`` to schema.SCHEMA_VERSION, one step per version, in one transaction.

    Returns the versions it was migrated to, in order ([] when it was current). Raises
    LedgerInputError for a missing file, a GeoPackage that is not a ledger, a ledger of a newer
    schema, or a failed step (the file is then unchanged).
    """
    if Ledger(path).schema_version() == schema.SCHEMA_VERSION:
        return []
    done = []
    with faults.write_session(os.fspath(path)) as connection:
        try:
            connection.execute("BEGIN IMMEDIATE")
            version = read_schema_version(connection)
            for target in range(version + 1, schema.SCHEMA_VERSION + 1):
                note = STEPS[target](connection)
                _set_info(connection, {
                    SCHEMA_VERSION_KEY: str(target),
                    f"migrated_to_{target}": f"{utc_now()} by plugin {PLUGIN_VERSION}" + (f"; {note}" if note else ""),
                })
                done.append(target)
            connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error) and faults.cause(error, path) is None:
                raise LedgerInputError(
                    tr("migrating '{path}' to ledger schema {schema} failed ({error}); the ledger was left "
                       "unchanged").format(path=path, schema=schema.SCHEMA_VERSION, error=str(error)),
                    layer="LEDGER") from None
            raise
    return done


def migrate_keeping_original(path):
    """migrate(path), first copying a ledger that needs it to ``<path>.pre-migration``; returns that
    copy's path (None when the ledger was current). A run that is then refused puts the copy back with
    ``restore_original`` (its ledger keeps its bytes, schema included) or drops it with ``drop_original``."""
    if Ledger(path).schema_version() == schema.SCHEMA_VERSION:
        return None
    faults.check_writable(os.fspath(path))
    original = f"{os.fspath(path)}.pre-migration"
    shutil.copy2(path, original)
    try:
        migrate(path)
    except BaseException:
        os.remove(original)
        raise
    return original


def restore_original(original, path):
    """Put the copy made by migrate_keeping_original back at ``path`` (an atomic rename)."""
    os.replace(original, path)


def drop_original(original):
    """Delete the copy made by migrate_keeping_original after a run that went through."""
    if os.path.exists(original):
        os.remove(original)


def to_schema_2(connection):
    """Schema 1 (release 0.1.0) -> 2, on an sqlite3 ``connection`` inside the migration's transaction.

    Completes the attribute tables and columns of schema 1 that ledgers made before 0.1.0 lack,
    then adds ``ledger_info`` (created_with: the plugin version of the ledger's first run) and
    ``scenario_units``, filled with the units each stored scenario touched, worked out as
    release 0.1.0 did when it read a scenario: from its edits, the unit hierarchy and the
    measures' kinds in resources/measures/measures.csv.
    """
    for name in schema.SPATIAL_LAYERS:
        if not _table_exists(connection, name):
            raise LedgerInputError(
                tr("the ledger has no '{layer}' layer: create a new ledger and run the tools again").format(layer=name),
                layer="LEDGER")
        _add_missing_columns(connection, name, schema.SPATIAL_LAYERS[name][1])
    for name, columns in schema.TABLES.items():
        if name in ADDED_IN_2 or name in ADDED_IN_4:
            continue
        if _table_exists(connection, name):
            _add_missing_columns(connection, name, columns)
        else:
            _create_attribute_table(connection, name, columns)
    for name in ADDED_IN_2:
        _create_attribute_table(connection, name, schema.TABLES[name])
    for table, indexed in schema.INDEXES.items():
        for column in indexed if table not in ADDED_IN_4 else ():
            connection.execute(create_index_sql(table, column))
    first = connection.execute("SELECT plugin_version FROM runs ORDER BY started_at, fid LIMIT 1").fetchone()
    _set_info(connection, {"created_with": first[0] if first and first[0] else "unknown"})
    connection.executemany("INSERT INTO scenario_units (scenario, unit_id) VALUES (?, ?)",
                           _touched_by_stored_scenarios(connection))


def to_schema_3(connection):
    """Schema 2 -> 3: the columns of the proxy error of downscaled entries (empty in entries accounted
    before: their intervals stay as they were computed; accounting the sources again adds the error)."""
    _add_missing_columns(connection, "entries", schema.ENTRIES)


def to_schema_4(connection):
    """Schema 3 -> 4, on an sqlite3 ``connection`` inside the migration's transaction: adds the
    ``reconciliation`` and ``run_notices`` tables (empty: earlier runs recorded neither)."""
    for name in ADDED_IN_4:
        if not _table_exists(connection, name):
            _create_attribute_table(connection, name, schema.TABLES[name])
        for column in schema.INDEXES.get(name, ()):
            connection.execute(create_index_sql(name, column))


def to_schema_5(connection):
    """Schema 4 -> 5: inventory years. Adds inventory_year and year_version to entries and stocks,
    inventory_year to scenarios, and the inventory_years and year_totals tables.

    The ledger's one inventory year is its runs' inventory year: the YEAR parameter of its latest
    accountsources run, else of its latest accountsinks run, else the latest stocks year. A ledger
    where nothing says the year keeps its rows without one (reads then take them all) until the first
    year is accounted, which adopts them (``queries.WriterQueries.open_year``). Otherwise every entry and
    stock becomes version 1 of that year (entry ids get '@<year>v1'), every scenario starts from it, and
    the units' and links' totals become its year_totals.
    """
    for name, columns in ((n, schema.TABLES[n]) for n in ("entries", "stocks", "scenarios")):
        _add_missing_columns(connection, name, columns)
    for name in ("inventory_years", "year_totals"):
        if not _table_exists(connection, name):  # step 2 made them when it ran first, from this schema
            _create_attribute_table(connection, name, schema.TABLES[name])
    connection.execute(create_index_sql("year_totals", "unit_id"))
    year = _runs_inventory_year(connection)
    if year is None:
        return
    connection.execute("UPDATE entries SET inventory_year = ?, year_version = 1, entry_id = entry_id || ?",
                       (year, years.id_suffixes(years.InventoryYear(year, 1))))
    connection.execute("UPDATE stocks SET inventory_year = ?, year_version = 1", (year,))
    connection.execute("UPDATE scenarios SET inventory_year = ?", (year,))
    connection.execute(
        "INSERT INTO inventory_years (inventory_year, year_version, reason, created_at, run_id) VALUES (?, 1, ?, ?, ?)",
        (year, f"{years.FIRST_REASON} (year from the runs' YEAR, migrated to schema 5)", utc_now(), None))
    totals = ", ".join(("source_t", "sink_t", "net_t", "net_low_t", "net_high_t"))
    connection.execute(f"INSERT INTO year_totals (unit_id, inventory_year, year_version, {totals}) "
                       f"SELECT unit_id, ?, 1, {totals} FROM units UNION ALL SELECT unit_id, ?, 1, {totals} FROM links",
                       (year, year))


def to_schema_6(connection):
    """Schema 5 -> 6: run seals. Adds ``schema.RUN_SEAL`` to ``runs``, sets every entry's fingerprint
    over all its columns and its units as schemas 6 and 7 defined it (``entries.SCHEMA_7_FIELDS``; the numbers stay
    as they are) and seals the existing runs into a chain, marked 'at migration, not at run'
    (``seals.seal_existing_runs``)."""
    _add_missing_columns(connection, "runs", schema.RUN_SEAL)
    seals.fingerprint_as_schema_7(connection)
    seals.seal_existing_runs(connection)


def to_schema_7(connection):
    """Schema 6 -> 7: seals over buckets of rows. Adds ``seal_buckets``, fills it from every row and re-seals
    the last run over the roots of schema 7, marked 'at migration, not at run', when its schema-6 roots still
    held (``seals.reseal_at_migration``)."""
    if not _table_exists(connection, "seal_buckets"):  # step 2 made it when it ran first, from this schema
        _create_attribute_table(connection, "seal_buckets", schema.SEAL_BUCKETS)
    _add_missing_columns(connection, "runs", schema.RUN_SEAL)  # the roots of schema 9, which a re-seal sets
    seals.reseal_at_migration(connection, seals.last_run_records(connection, seals.merkle_state(connection)))


def to_schema_8(connection):
    """Schema 7 -> 8: two-stage fingerprints. Adds ``content_digest`` to entries; sets the content digest and the
    fingerprint of every entry whose schema-7 fingerprint still held (``seals.renew_fingerprints``), the others
    keeping theirs, so that verification still reports them (a migration launders no alteration); re-seals the
    last run, marked 'at migration, not at run', when its roots held before (``seals.reseal_at_migration``).
    Returns a note of how many fingerprints did not hold (None when all did)."""
    _add_missing_columns(connection, "entries", schema.ENTRIES)
    before = seal_state.ledger_buckets(connection)
    held = seals.last_run_records(connection, seal_state.state_of(before))
    failing = seals.renew_fingerprints(connection)
    seals.reseal_at_migration(connection, held, {layer: before[before["layer"] == layer]
                                                 for layer in seal_state.UNIT_LAYERS})
    return (f"{failing} entries whose schema-7 fingerprint did not hold kept it (verification reports them)"
            if failing else None)


def to_schema_9(connection):
    """Schema 8 -> 9: the factors table sealed. Adds ``factors_count`` and ``factors_root`` to ``runs`` (empty in the
    runs before: their seals stay as they were, ``schema.SEALED_WHEN_SET``), fills seal_buckets with the factor
    rows' buckets and re-seals the last run over them, marked 'at migration, not at run', when its entries and
    units roots held (``seals.reseal_at_migration``): a factor row edited by hand before the migration is sealed
    as it is, as an entry was by the migration to schema 6. Returns a note when the last run was not re-sealed."""
    _add_missing_columns(connection, "runs", schema.RUN_SEAL)
    before = seal_state.ledger_buckets(connection)
    state = seal_state.state_of(before)
    held = seals.last_run_records(connection, {k: v for k, v in state.items() if not k.startswith("factors_")})
    seals.reseal_at_migration(connection, held, {layer: before[before["layer"] == layer]
                                                 for layers in seal_state.ROOTS.values() for layer in layers})
    has_runs = connection.execute("SELECT 1 FROM runs LIMIT 1").fetchone()
    return None if held or not has_runs else ("the last run's entries or units did not hold: its seal was kept, "
                                              "and the factor rows are sealed by the next run")


def to_schema_10(connection):
    """Schema 9 -> 10: why a green unit's area was reduced. Adds ``outline_m2`` and ``counted_in`` to
    ``greenspace_budget`` (``schema.GREENSPACE_BUDGET``). The rows already there keep NULL in both, and every other
    value as it was: their run recorded neither its outlines nor which units took its ground, and a migration does
    not work them out afresh (the units may have changed since); the next greenspacebudget run of their scenario
    fills them. Nothing sealed changes: the seals cover entries, units, links and factors, not this table."""
    if _table_exists(connection, "greenspace_budget"):
        _add_missing_columns(connection, "greenspace_budget", schema.GREENSPACE_BUDGET)
    else:
        _create_attribute_table(connection, "greenspace_budget", schema.GREENSPACE_BUDGET)


STEPS = {2: to_schema_2, 3: to_schema_3, 4: to_schema_4, 5: to_schema_5, 6: to_schema_6, 7: to_schema_7,
         8: to_schema_8, 9: to_schema_9, 10: to_schema_10}
"""Target schema version -> the function that migrates a ledger of the version before it."""


def _touched_by_stored_scenarios(connection):
    """(scenario, unit_id) of every unit each stored scenario's edits touched, in edit order, ids sorted."""
    edits = pd.read_sql_query("SELECT scenario, unit_id, measure_id FROM edits ORDER BY fid", connection)
    hierarchy = pd.read_sql_query(
        "SELECT unit_id, parent_id FROM units UNION ALL SELECT unit_id, parent_id FROM links", connection)
    kinds = shipped_table("measures", "measures.csv", dtype=str).set_index("measure_id")["kind"]
    return [(scenario, unit_id) for scenario, group in edits.groupby("scenario", sort=False)
            for unit_id in sorted(composition.touched_units(group, hierarchy, kinds))]


def _runs_inventory_year(connection):
    """Inventory year (int) of a schema-2 ledger: see to_schema_3; None when nothing says it."""
    for algorithm in ("carbonledger:accountsources", "carbonledger:accountsinks"):
        for (parameters,) in connection.execute(
                "SELECT parameters FROM runs WHERE algorithm = ? ORDER BY started_at DESC, fid DESC", (algorithm,)):
            year = json.loads(parameters or "{}").get("YEAR")
            if year not in (None, ""):
                return int(year)
    row = connection.execute("SELECT max(year) FROM stocks").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _set_info(connection, values):
    """Insert or replace ledger_info rows from ``values`` ({key: text})."""
    for key, value in values.items():
        connection.execute('DELETE FROM ledger_info WHERE "key" = ?', (key,))
        connection.execute('INSERT INTO ledger_info ("key", "value") VALUES (?, ?)', (key, value))


def _table_exists(connection, name):
    return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()


def _add_missing_columns(connection, name, columns):
    """Add the schema's ``columns`` a table lacks (plain type: SQLite adds no NOT NULL or UNIQUE column)."""
    present = {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
    for column, sql_type, _ in columns:
        if column not in present:
            connection.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {sql_type.split()[0]}')


def _create_attribute_table(connection, name, columns):
    """Create an attribute table as GDAL's GeoPackage driver does and register it in gpkg_contents."""
    defined = ", ".join(f'"{column}" {sql_type}' for column, sql_type, _ in columns)
    connection.execute(f'CREATE TABLE "{name}" ("fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {defined})')
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) "
        "VALUES (?, 'attributes', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", (name, name))
    if _table_exists(connection, "gpkg_ogr_contents"):
        connection.execute("INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, NULL)", (name,))
