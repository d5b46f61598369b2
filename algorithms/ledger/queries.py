"""Named reads and deletes of the ledger: the questions the tools ask, so that no SQL leaves this package.

``LedgerQueries`` is mixed into ``store.Ledger`` (reads, each on its own connection) and
``WriterQueries`` into ``store.LedgerWriter`` (inside the run's transaction). Row filters
elsewhere are ``match`` dicts ({column: value or list of values}), turned into SQL here.
"""
import contextlib
import json

import numpy as np
import pandas as pd

from . import arrow_read, composition, gpkg_geometry, schema, seals, sql_batches, years

SCHEMA_VERSION_KEY = "schema_version"
HIERARCHY_COLUMNS = ["unit_id", "parent_id", "level"]
_OF_ALGORITHM = "run_id IN (SELECT run_id FROM runs WHERE algorithm = ?)"
_OF_LEVEL = "unit_id IN (SELECT unit_id FROM units WHERE level = ?)"
ENVELOPE_BATCH_ROWS = 200_000
"""Feature envelopes read at a time by ``LedgerQueries.envelopes``."""
ENTRY_BATCH_ROWS = 100_000
"""Entries per batch of ``LedgerQueries.entry_batches`` (bounds the memory of a whole-ledger pass)."""
LIST_TYPES = (list, tuple, set, frozenset, np.ndarray, pd.Index, pd.Series)
"""Types of a ``match`` value that stand for any of several values."""
LISTED_VALUES = 500
"""Most values of a ``match`` list passed as one SQL parameter each; a longer list (the ids of a city's green
units) goes as one JSON array, which SQLite's limit on parameters (32,766) does not bound."""


def match_clause(match):
    """(SQL condition, parameters) selecting the rows whose columns equal the values of ``match``.

    match: {column: value, or a list/tuple/set/array of values (any of them; none when empty)}.
    """
    conditions, params = [], []
    for column, value in (match or {}).items():
        if isinstance(value, LIST_TYPES):
            values = list(value)
            if len(values) > LISTED_VALUES:
                conditions.append(f'"{column}" IN (SELECT value FROM json_each(?))')
                params.append(json.dumps([v.item() if isinstance(v, np.generic) else v for v in values]))
                continue
            conditions.append(f'"{column}" IN ({", ".join("?" * len(values))})')
            params.extend(values)
        else:
            conditions.append(f'"{column}" = ?')
            params.append(value)
    return " AND ".join(conditions), tuple(params)


def _literal(value):
    """An SQL literal of a ``match`` value (text quoted, numbers as numbers, None as NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(float(value)) if isinstance(value, (float, np.floating)) else str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def literal_where(match):
    """``match_clause``'s condition with the values written as SQL literals (for OGR's attribute filter,
    which takes no parameters); None when ``match`` is empty."""
    conditions = []
    for column, value in (match or {}).items():
        if isinstance(value, LIST_TYPES):
            conditions.append(f'"{column}" IN ({", ".join(_literal(v) for v in value)})')
        else:
            conditions.append(f'"{column}" = {_literal(value)}')
    return " AND ".join(conditions) or None


def ordered_layer_sql(name, columns, match=None):
    """SQL (SQLite's, for an OGR layer's subset) reading the fid, geometry and ``columns`` of layer ``name``'s
    rows matching ``match``, in fid order: a map layer drawn straight from the ledger with it reads only the
    columns its renderer needs, and a spatial filter's rows (through the R*-tree) still come in fid order."""
    where = literal_where(match)
    clause = f" WHERE {where}" if where else ""
    listed = ", ".join(f'"{column}"' for column in columns)
    return f'SELECT "fid", "{schema.GEOMETRY_COLUMN}", {listed} FROM "{name}"{clause} ORDER BY "fid"'


def count_rows(connection, name, match=None):
    """Number of rows of a table or layer (with the values of ``match``) on an sqlite3 ``connection``."""
    where, params = match_clause(match)
    clause = f" WHERE {where}" if where else ""
    return connection.execute(f'SELECT count(*) FROM "{name}"{clause}', params).fetchone()[0]


def read_schema_version(connection):
    """Schema version of the ledger on ``connection`` (an sqlite3 connection): its ledger_info
    row, or 1 for a ledger of release 0.1.0, which has no ledger_info table."""
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'ledger_info'").fetchone():
        return 1
    row = connection.execute('SELECT "value" FROM ledger_info WHERE "key" = ?', (SCHEMA_VERSION_KEY,)).fetchone()
    return int(row[0]) if row else 1


class LedgerQueries:
    """Named reads of a ledger (needs ``connect``, ``read_table``, ``_read`` and ``_read_features``)."""

    def schema_version(self):
        """The ledger's schema version (see schema.SCHEMA_VERSION)."""
        with contextlib.closing(self.connect()) as connection:
            return read_schema_version(connection)

    def has_table(self, name):
        """Whether the ledger holds a table or layer called ``name``."""
        with contextlib.closing(self.connect()) as connection:
            return connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def hierarchy(self, with_links=False):
        """unit_id, parent_id, level of every unit (and link when ``with_links``), in fid order."""
        layers = ("units", "links") if with_links else ("units",)
        return pd.concat([self.read_table(layer, HIERARCHY_COLUMNS) for layer in layers], ignore_index=True)

    def units_of_levels(self, levels, columns=None):
        """Units of the given ``levels`` (e.g. ('district',)) as a GeoDataFrame in the ledger CRS."""
        return self.read_layer("units", columns, {"level": list(levels)})

    def stats_starting_with(self, prefix, columns=None, match=None):
        """unit_stats rows whose ``stat`` starts with ``prefix`` (e.g. 'area_m2:'); ``match``: further
        {column: value or values} they must have (e.g. {'unit_id': the green units})."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where, params = match_clause(match)
        return self._read("unit_stats", columns, " AND ".join(["stat LIKE ? ESCAPE '\\'"] + ([where] if where else [])),
                          (escaped + "%", *params))

    def distinct(self, name, column, match=None):
        """The distinct non-NULL values of ``column`` in the rows of ``name`` with the values of ``match``, a list
        (SQLite reads the rows; only the few values reach Python)."""
        where, params = match_clause(match)
        clause = f" WHERE {where}" if where else ""
        with contextlib.closing(self.connect()) as connection:
            return [row[0] for row in connection.execute(
                f'SELECT DISTINCT "{column}" FROM "{name}"{clause}', params) if row[0] is not None]

    def scenarios(self):
        """The scenarios table (scenario, base, description, created_at, run_id) indexed by scenario name."""
        return self.read_table("scenarios").set_index("scenario", drop=False)

    def scenario_entries(self, name, year=None):
        """All entries of scenario ``name``: its base's, with the units it touched replaced by its own;
        of inventory ``year`` for the baseline (default the latest; a scenario reads its own year)."""
        return composition.compose(self, name, year)

    def inventory_years(self):
        """The inventory_years table (inventory_year, year_version, reason, based_on, created_at, run_id)."""
        return self.read_table("inventory_years")

    def inventory_year(self, year=None):
        """The years.InventoryYear a read selects: latest version of ``year`` (default the latest year);
        None for a ledger without inventory years. Raises LedgerInputError for a year not in the ledger."""
        return years.latest(self.inventory_years(), year)

    def year_match(self, year=None):
        """``match`` entries selecting inventory ``year`` (int or InventoryYear; default the latest)."""
        chosen = year if isinstance(year, years.InventoryYear) else self.inventory_year(year)
        return years.match(chosen)

    def read_columns(self, name, columns, where=None):
        """``columns`` of layer ``name`` (units, links) in fid order, as ``read_table`` gives them but
        through OGR's Arrow stream where GDAL has it (``arrow_read``: the docks' million-row reads);
        ``where``: the SQL condition of a QGIS layer's subset string on that layer, or None."""
        return pd.DataFrame(self.read_arrays(name, columns, where), columns=list(columns))

    def read_arrays(self, name, columns, where=None):
        """``read_columns`` as {column: numpy array}: no frame, whose blocks a caller would copy again."""
        if arrow_read.available():
            return arrow_read.read_arrays(self.path, name, columns, where)
        frame = self._read(name, columns, where, ())
        return {column: frame[column].to_numpy() for column in columns}

    def read_entry_columns(self, columns, match=None):
        """``columns`` of the entries with the values of ``match`` in fid order, as ``read_table`` reads them
        but through OGR's Arrow stream where GDAL has it (a report's million entries: no row tuples)."""
        if not arrow_read.available():
            return self.read_table("entries", list(columns), match)
        return pd.DataFrame(arrow_read.read_arrays(self.path, "entries", list(columns), literal_where(match)),
                            columns=list(columns))

    def entry_batches(self, columns, rows=None):
        """``columns`` of every entry (all scenarios) in fid order, as DataFrames of up to ``rows`` rows
        (default ENTRY_BATCH_ROWS) each, typed as ``read_table`` types them: a million entries are read
        with flat memory."""
        rows = rows or ENTRY_BATCH_ROWS
        batches = arrow_read.iter_arrays(self.path, "entries", columns, batch_rows=rows) if arrow_read.available() \
            else sql_batches.read(self, "entries", columns, None, (), rows)
        for arrays in batches:
            yield pd.DataFrame(arrays, columns=list(columns))

    def matching_arrays(self, name, columns, match):
        """``columns`` of the rows of table or layer ``name`` with the values of ``match`` ({column: value}), in
        fid order, as {column: numpy array} (``read_arrays``; a column ``fid`` is the row's feature id)."""
        if arrow_read.available():
            return arrow_read.read_arrays(self.path, name, columns, literal_where(match))
        frame = self._read(name, columns, *match_clause(match))
        return {column: frame[column].to_numpy() for column in columns}

    def matching_batches(self, name, columns, match, rows=None):
        """``matching_arrays`` batch by batch, {column: numpy array} of up to ``rows`` rows (ENTRY_BATCH_ROWS when
        None) in fid order, so that a caller can make each batch compact before the next is read."""
        if not arrow_read.available():
            yield from sql_batches.read(self, name, columns, *match_clause(match), rows or ENTRY_BATCH_ROWS)
            return
        yield from arrow_read.iter_arrays(self.path, name, columns, literal_where(match), rows or ENTRY_BATCH_ROWS)

    def units_and_links(self, columns):
        """``columns`` (unit_id among them) of every unit, then of every link, in fid order, as {column: numpy array}; a
        column the links layer lacks (land_use) is NaN on its rows. Joined column by column:
        pandas.concat would check every value of a column that is all NULL on one side and copy the
        blocks again (the docks' reads of 1,000,000 units)."""
        parts = [self.read_arrays(name, [c for c in columns if c in schema.columns(name)])
                 for name in ("units", "links")]
        parts = [(arrays, len(arrays["unit_id"])) for arrays in parts]
        parts = [part for part in parts if part[1]] or parts[:1]  # an empty layer sets no column's type
        return {c: np.concatenate([arrays[c] if c in arrays else np.full(rows, np.nan) for arrays, rows in parts])
                for c in columns}

    def envelopes(self, name, match=None):
        """Bounding box (minx, miny, maxx, maxy, m; NaN for an empty geometry) of every feature of layer ``name`` with
        the values of ``match``, in fid order, as an n x 4 array: read from the blobs' 40-byte headers (their xy
        envelope), not their geometries, ENVELOPE_BATCH_ROWS at a time."""
        where, params = match_clause(match)
        geometry = schema.GEOMETRY_COLUMN
        header = (f"CASE WHEN substr(\"{geometry}\", 4, 1) = x'03' THEN substr(\"{geometry}\", 1, 40) "
                  f"ELSE \"{geometry}\" END")  # flags 3: little-endian with an xy envelope
        parts = [np.empty((0, 4))]
        with contextlib.closing(self.connect()) as connection:
            cursor = connection.execute(
                f'SELECT {header} FROM "{name}"{" WHERE " + where if where else ""} ORDER BY fid', params)
            for rows in iter(lambda: cursor.fetchmany(ENVELOPE_BATCH_ROWS), []):
                parts.append(gpkg_geometry.bounds(row[0] for row in rows))
        return np.concatenate(parts)

    def subtree(self, unit_id, columns, entry_columns, scenario, match=None):
        """One district's part of the ledger: (``columns`` (unit_id among them) of unit ``unit_id`` and every unit
        below it, in fid order, then of the links hanging from them, in fid order (a column the links lack is NaN on
        theirs); the entries of ``scenario`` (``entry_columns``) of those units and links, as ``entries_of_units``
        reads them). The subtree is walked once through the parent_id indexes into a temporary table that both
        reads join, so the time grows with the subtree, not with the ledger."""
        with contextlib.closing(self.connect()) as connection:
            connection.execute("CREATE TEMP TABLE picked (unit_id TEXT PRIMARY KEY)")
            connection.execute("INSERT OR IGNORE INTO picked WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT "
                               "u.unit_id FROM units u JOIN below b ON u.parent_id = b.id) SELECT id FROM below",
                               (unit_id,))
            parts = [_frame(connection, "units", columns, "unit_id IN (SELECT unit_id FROM picked)"),
                     _frame(connection, "links", columns, "parent_id IN (SELECT unit_id FROM picked)")]
            rows = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
            rows = rows.reindex(columns=list(columns))
            if arrow_read.available():
                return rows, self._subtree_entries(unit_id, scenario, entry_columns, match)
            connection.execute("INSERT OR IGNORE INTO picked SELECT unit_id FROM links "
                               "WHERE parent_id IN (SELECT unit_id FROM picked)")
            return rows, _picked_entries(connection, scenario, entry_columns, match)

    def _subtree_entries(self, unit_id, scenario, columns, match):
        """``subtree``'s entries through OGR's Arrow stream (as ``read_entry_columns`` reads them): its filter walks
        the subtree and joins it on the entries' unit_id index, whose order the fids put back."""
        below = (f"WITH RECURSIVE below(id) AS (SELECT {_literal(unit_id)} UNION ALL SELECT u.unit_id FROM units u "
                 "JOIN below b ON u.parent_id = b.id) SELECT id FROM below UNION ALL "
                 "SELECT unit_id FROM links WHERE parent_id IN (SELECT id FROM below)")
        conditions = [f"+{condition}" for condition in (literal_where({"scenario": scenario, **(match or {})}) or
                                                        "").split(" AND ") if condition]
        arrays = arrow_read.read_arrays(self.path, "entries", ["fid", *columns],
                                        " AND ".join([f"unit_id IN ({below})", *conditions]))
        order = np.argsort(arrays.pop("fid"), kind="stable")
        return pd.DataFrame({column: arrays[column][order] for column in columns}, columns=list(columns))

    def rows_outside(self, level, columns):
        """``columns`` of the units and links at or below no unit of ``level`` (the city above the districts),
        units then links, each in fid order, as ``subtree`` reads them."""
        inside = ("WITH RECURSIVE below(id) AS (SELECT unit_id FROM units WHERE level = ? UNION ALL "
                  "SELECT u.unit_id FROM units u JOIN below b ON u.parent_id = b.id) SELECT id FROM below")
        return self._units_then_links(columns, f"unit_id NOT IN ({inside})",
                                      f"(parent_id IS NULL OR parent_id NOT IN ({inside}))", (level,))

    def _units_then_links(self, columns, unit_where, link_where, params):
        """``columns`` of the units matching ``unit_where`` then the links matching ``link_where`` (SQL conditions
        taking ``params``), each in fid order, as one DataFrame."""
        with contextlib.closing(self.connect()) as connection:
            parts = [_frame(connection, "units", columns, unit_where, params),
                     _frame(connection, "links", columns, link_where, params)]
        return pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True).reindex(
            columns=list(columns))

    def entries_of_units(self, unit_ids, scenario, columns, match=None):
        """Entries of ``scenario`` (``columns``) whose unit_id is one of ``unit_ids``, in fid order;
        ``match``: further {column: value or values} they must have (e.g. an inventory year).

        The lookup of a picked unit's entries: the ids go into a temporary table joined on the
        entries' unit_id index (``+scenario`` keeps SQLite off the scenario index, which would scan
        the whole baseline), so the time grows with the entries read, not with the ledger.
        """
        with contextlib.closing(self.connect()) as connection:
            connection.execute("CREATE TEMP TABLE picked (unit_id TEXT PRIMARY KEY)")
            connection.executemany("INSERT OR IGNORE INTO picked VALUES (?)", ((str(u),) for u in unit_ids))
            return _picked_entries(connection, scenario, columns, match)


def _picked_entries(connection, scenario, columns, match):
    """Entries of ``scenario`` (``columns``) of the units in the temporary table ``picked``, with the values of
    ``match``, in fid order (see ``LedgerQueries.entries_of_units``)."""
    selected = ", ".join(f'e."{c}"' for c in columns)
    real = {c: "float64" for c in schema.real_columns("entries") if c in columns}
    where, params = match_clause(match)
    where = " AND ".join(f"+{condition}" for condition in where.split(" AND ")) if where else ""  # no index
    return pd.read_sql_query(
        f"SELECT {selected} FROM picked p CROSS JOIN entries e ON e.unit_id = p.unit_id AND +e.scenario = ? "
        f"{'AND ' + where if where else ''} ORDER BY e.fid", connection, params=(scenario, *params),
        dtype=real or None)


def _frame(connection, name, columns, where, params=()):
    """The ``columns`` layer ``name`` has of its rows matching the SQL condition ``where``, in fid order."""
    columns = [c for c in columns if c in schema.columns(name)]
    real = {c: "float64" for c in schema.real_columns(name) if c in columns}
    selected = ", ".join(f'"{c}"' for c in columns)
    return pd.read_sql_query(f'SELECT {selected} FROM "{name}" WHERE {where} ORDER BY fid', connection,
                             params=params, dtype=real or None)


class WriterQueries:
    """Named writes inside a run's transaction (needs ``connection``, ``_delete``, ``_dropped``, ``delete_rows``
    and ``replace_rows``)."""

    @contextlib.contextmanager
    def indexes_dropped(self, *names):
        """Drop the secondary indexes of tables ``names`` while a run replaces a large share of their rows,
        and build them again at the end: one sort each, in place of a B-tree update per row deleted and
        written (a sink run replaces millions of unit_stats rows). Unique constraints stay in force."""
        indexes = [row for name in names for row in self.connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,))]
        with self._dropped("INDEX", indexes):
            yield

    def count(self, name, match=None):
        """Number of rows of a table or layer (with the values of ``match``), as the transaction sees them."""
        return count_rows(self.connection, name, match)

    def rows(self, name, match=None):
        """Rows of a table (with the values of ``match``) as the transaction sees them, a DataFrame."""
        where, params = match_clause(match)
        clause = f" WHERE {where}" if where else ""
        return pd.read_sql_query(f'SELECT * FROM "{name}"{clause} ORDER BY fid', self.connection,
                                 params=params).drop(columns="fid")

    def geometries_of(self, name, fids, column=schema.GEOMETRY_COLUMN):
        """GeoPackage geometry blobs (or another ``column``: their unit ids) of the features ``fids`` (increasing) of
        layer ``name`` as the transaction sees them, an object array in fid order (one partition's units)."""
        where, params = match_clause({"fid": np.asarray(fids, dtype=np.int64).tolist()})
        blobs = self.connection.execute(
            f'SELECT "{column}" FROM "{name}" WHERE {where} ORDER BY fid', params).fetchall()
        return np.array([row[0] for row in blobs], dtype=object)

    def _inventory_years(self):
        return pd.read_sql_query("SELECT * FROM inventory_years ORDER BY fid", self.connection)

    def latest_year(self):
        """The latest version of the latest inventory year (None in a ledger without one)."""
        return years.latest(self._inventory_years())

    def select_year(self, year):
        """Make this run read and write inventory ``year`` (int or InventoryYear; its latest version)."""
        self.year = year if isinstance(year, years.InventoryYear) else years.latest(self._inventory_years(), year)

    def _adopt_yearless(self, year):
        """Give the entries and stocks written before the ledger had an inventory year (hand-made,
        green-space runs) the first ``year`` opened, so that reads of it still find them; their fingerprints are set
        again (the year and the id's year tail are inside them) once ``seals.require_held`` found them unaltered."""
        adopted = [row[0] for row in self.connection.execute("SELECT fid FROM entries WHERE inventory_year IS NULL")]
        seals.require_held(self.connection, "fid", adopted)
        for name in years.YEARED:
            self.connection.execute(f'UPDATE "{name}" SET inventory_year = ?, year_version = ? '
                                    "WHERE inventory_year IS NULL", (year.year, year.version))
        self.connection.execute("UPDATE entries SET entry_id = entry_id || ? WHERE entry_id NOT LIKE ?",
                                (years.id_suffixes(year), "%" + years.id_suffixes(year)))
        seals.refingerprint(self.connection, "fid", adopted)

    def open_year(self, year, reason=None):
        """Make this run write inventory ``year`` (int; None: the latest, or none in a ledger without one) as
        ``years.to_write`` decides with ``reason``; a new version is recorded in inventory_years with the entries
        (once ``held``: unaltered) and stocks of the version it is based on copied into it. Raises LedgerInputError
        for a sealed year without a reason, or for an entry altered since its run."""
        if year is None:  # no year given: the latest, if the ledger has one
            latest = self.latest_year()
            if latest is None:
                return None
            year = latest.year
        table = self._inventory_years()
        chosen, new, based_on = years.to_write(table, year, reason)
        if len(table) == 0:
            self._adopt_yearless(chosen)
        if new:
            self.year = None  # the version row and copies carry their year themselves
            self.append_rows("inventory_years", years.version_row(chosen, reason, based_on, self.run_id,
                                                                  pd.Timestamp.utcnow().isoformat(timespec="seconds")))
            for name in years.YEARED if based_on is not None else ():
                earlier = pd.read_sql_query(f'SELECT * FROM "{name}" WHERE inventory_year = ? AND year_version = ?',
                                            self.connection, params=(chosen.year, based_on)).drop(columns="fid")
                self.append_rows(name, years.carried_over(self.held(name, earlier), name, chosen))
        self.year = chosen
        return chosen

    def delete_model_rows(self, name, algorithm, scenario=None):
        """Delete the rows of ``name`` written by earlier runs of ``algorithm`` (of ``scenario`` when given)."""
        if scenario is None:
            self._delete(name, _OF_ALGORITHM, (algorithm,))
        else:
            self._delete(name, f"scenario = ? AND {_OF_ALGORITHM}", (scenario, algorithm))

    def count_model_rows(self, name, algorithm, scenario=None):
        """Number of rows of ``name`` written by earlier runs of ``algorithm`` (of ``scenario`` when given) that
        ``delete_model_rows`` would delete: those of the run's inventory year and version only."""
        where, params = years.restricted(name, *((_OF_ALGORITHM, (algorithm,)) if scenario is None else (
            f"scenario = ? AND {_OF_ALGORITHM}", (scenario, algorithm))), self.year)
        return self.connection.execute(f'SELECT count(*) FROM "{name}" WHERE {where}', params).fetchone()[0]

    def delete_rows_of_level(self, name, level):
        """Delete the rows of ``name`` (e.g. unit_stats) that belong to units of ``level``."""
        self._delete(name, _OF_LEVEL, (level,))

    def delete_scenario(self, scenario):
        """Delete what scenario ``scenario`` stored: its entries (of whatever year), edits, touched units and row."""
        year, self.year = self.year, None
        for name in ("entries", "edits", "scenario_units", "scenarios"):
            self.delete_rows(name, {"scenario": scenario})
        self.year = year

    def sign_unsigned_runs(self, private):
        """Sign the seal of every runs row without a signature with the Ed25519 key ``private``; returns how many."""
        return seals.sign_unsigned(self.connection, private)

    def factor_ids(self):
        """Ids of the rows of the ledger's factors table, as a set."""
        return {row[0] for row in self.connection.execute("SELECT factor_id FROM factors")}

