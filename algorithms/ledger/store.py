"""The ledger GeoPackage: create, read, and write atomically. No QGIS import.

One ledger per project holds the ``units`` and ``links`` layers and the tables of ``schema.py``.
The file is created through GDAL/OGR so that it is a conformant GeoPackage that QGIS opens as
it is; bulk writes go through one SQLite transaction per run (``Ledger.transaction``), so a run
that fails or is cancelled leaves the ledger exactly as it was, and every run leaves a row in
``runs``, sealed into a chain (``seals.py``). A ledger of an older schema is read-only here until
``migrations.migrate`` has brought it up to ``schema.SCHEMA_VERSION``; one of a newer schema is refused.
"""
import contextlib
import datetime
import functools
import getpass
import json
import os
import sqlite3
import uuid

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from osgeo import ogr, osr

from . import contents, digests_ahead, faults, gpkg_geometry, rtree_bulk, schema, seal_state, seals, years
from ..core.gdal_errors import gdal_exceptions
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .factors import factor_rows_for_ledger
from .sql_values import sql_values, update_by_fid
from .queries import SCHEMA_VERSION_KEY, LedgerQueries, WriterQueries, count_rows, match_clause, read_schema_version
from ..core.version import PLUGIN_VERSION


GEOMETRY_COLUMN = schema.GEOMETRY_COLUMN
INSERT_ROWS = 100_000
"""Rows converted to SQL values and inserted at a time (bounds the memory of a large append)."""
BULK_ROWS = 50_000
"""An append of at least this many rows, and at least as many as the table holds, rebuilds the
table's secondary indexes once afterwards instead of updating them row by row."""
_OGR_TYPES = {"TEXT": ogr.OFTString, "REAL": ogr.OFTReal, "INTEGER": ogr.OFTInteger64}
_GEOMETRY_TYPES = {"MULTIPOLYGON": ogr.wkbMultiPolygon, "MULTILINESTRING": ogr.wkbMultiLineString}


def utc_now():
    """Current UTC time as an ISO 8601 string with seconds."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@gdal_exceptions()
def projected_srs(crs, what="ledger"):
    """An osr.SpatialReference for ``crs`` (EPSG code, 'EPSG:nnnn' or WKT); refuse geographic ones."""
    srs = osr.SpatialReference()
    try:
        srs.SetFromUserInput(str(crs) if not isinstance(crs, int) else f"EPSG:{crs}")
    except RuntimeError as error:
        raise LedgerInputError(tr("the CRS '{crs}' is not understood ({error})").format(crs=crs, error=str(error)),
                               layer=what) from None
    if not srs.IsProjected():
        raise LedgerInputError(
            tr("the CRS '{crs}' is geographic (degrees), but areas and lengths need metres: "
               "choose a projected CRS, e.g. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) "
               "or the local UTM zone (EPSG:326zz north, 327zz south, zz = floor((lon + 180) / 6) + 1)").format(
                crs=srs.GetName()),
            layer=what,
        )
    return srs


def _create_fields(layer, columns):
    for name, sql_type, _ in columns:
        field = ogr.FieldDefn(name, _OGR_TYPES[sql_type.split()[0]])
        if "NOT NULL" in sql_type:
            field.SetNullable(False)
        if "UNIQUE" in sql_type:
            field.SetUnique(True)
        layer.CreateField(field)


@gdal_exceptions()
def create_ledger(path, crs):
    """Create an empty ledger of schema SCHEMA_VERSION at ``path`` in a projected ``crs``.

    A file already at ``path`` is refused: open an existing ledger with
    ``migrations.open_ledger``, which migrates an older schema explicitly.
    Returns the ledger's summary (see ``Ledger.summary``).
    """
    path = os.fspath(path)
    if os.path.exists(path):
        raise LedgerInputError(tr("'{path}' exists already: open it instead of creating it").format(path=path),
                               layer="LEDGER")
    faults.check_writable(path)
    srs = projected_srs(crs)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    if dataset is None:
        raise LedgerInputError(tr("cannot create '{path}' as a GeoPackage").format(path=path), layer="LEDGER")
    for name, (geometry_type, columns) in schema.SPATIAL_LAYERS.items():
        layer = dataset.CreateLayer(
            name, srs, _GEOMETRY_TYPES[geometry_type],
            options=[f"GEOMETRY_NAME={GEOMETRY_COLUMN}", "FID=fid", "SPATIAL_INDEX=YES"],
        )
        _create_fields(layer, columns)
    for name, columns in schema.TABLES.items():
        _create_fields(dataset.CreateLayer(name, None, ogr.wkbNone, options=["FID=fid"]), columns)
    dataset = None
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for table, indexed in schema.INDEXES.items():
            for column in indexed:
                connection.execute(create_index_sql(table, column))
        # GeoPackage 1.3; the ledger's own version is in ledger_info
        connection.execute(f"PRAGMA user_version = {10300}")
        connection.executemany('INSERT INTO ledger_info ("key", "value") VALUES (?, ?)', [
            (SCHEMA_VERSION_KEY, str(schema.SCHEMA_VERSION)), ("created_with", PLUGIN_VERSION),
        ])
        connection.commit()
    return Ledger(path).summary()


def create_index_sql(table, column):
    """The statement that indexes ``column`` of ``table`` (named idx_<table>_<column>)."""
    return f'CREATE INDEX IF NOT EXISTS "idx_{table}_{column}" ON "{table}" ("{column}")'


class Ledger(LedgerQueries):
    """An existing ledger GeoPackage: read its layers and tables, write in transactions."""

    def __init__(self, path):
        self.path = os.fspath(path)
        faults.check_geopackage(self.path)
        with faults.sqlite_faults(self.path), contextlib.closing(self.connect()) as connection:
            row = connection.execute(
                "SELECT s.srs_id, s.definition, s.organization, s.organization_coordsys_id "
                "FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON g.srs_id = s.srs_id "
                "WHERE g.table_name = 'units'"
            ).fetchone()
            if row is None:
                raise LedgerInputError(tr("'{path}' is not a ledger (no units layer)").format(path=self.path),
                                       layer="LEDGER")
            faults.check_ledger_tables(connection, self.path)
            version = read_schema_version(connection)
        if version > schema.SCHEMA_VERSION:
            raise LedgerInputError(
                tr("'{path}' has ledger schema {version}, newer than the {schema} of this plugin "
                   "({plugin_version}): update the Urban Carbon Ledger plugin to open it").format(
                    path=self.path, version=version, schema=schema.SCHEMA_VERSION, plugin_version=PLUGIN_VERSION),
                layer="LEDGER")
        self.srs_id, self.crs_wkt, organization, code = row
        self.crs_authid = f"{organization.upper()}:{code}" if organization else None

    def connect(self):
        """A new SQLite connection to the ledger (close it after use), waiting faults.BUSY_TIMEOUT_S for locks."""
        return faults.connect(self.path)

    def read_table(self, name, columns=None, match=None):
        """Rows of a table (or a layer's attributes) as a DataFrame, in fid order.

        match: {column: value or list of values} the rows must have (all rows when empty).
        REAL columns are float64 even when every value is NULL (NaN, not None).
        """
        return self._read(name, columns, *match_clause(match))

    def read_layer(self, name="units", columns=None, match=None):
        """Features of ``units`` or ``links`` as a GeoDataFrame in the ledger CRS, in fid order."""
        frame = self.read_table(name, (columns or schema.columns(name)) + [GEOMETRY_COLUMN], match)
        geometry = gpkg_geometry.decode(frame.pop(GEOMETRY_COLUMN).to_numpy())
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=self.crs_wkt)

    def count(self, name, match=None):
        """Number of rows in a table or layer (those with the values of ``match``)."""
        with contextlib.closing(self.connect()) as connection:
            return count_rows(connection, name, match)

    def _read(self, name, columns, where, params):
        """read_table with an SQL condition (only for this package's named queries)."""
        columns = columns or schema.columns(name)
        selected = ", ".join(f'"{c}"' for c in columns)
        clause = f" WHERE {where}" if where else ""
        real = {c: "float64" for c in schema.real_columns(name) if c in columns}
        with faults.sqlite_faults(self.path), contextlib.closing(self.connect()) as connection:
            return pd.read_sql_query(
                f'SELECT {selected} FROM "{name}"{clause} ORDER BY fid', connection, params=params, dtype=real or None
            )

    def summary(self):
        """What the ledger holds: CRS, units per level, links, entries per scenario, runs."""
        with contextlib.closing(self.connect()) as connection:
            levels = dict(connection.execute("SELECT level, count(*) FROM units GROUP BY level").fetchall())
            scenarios = dict(connection.execute("SELECT scenario, count(*) FROM entries GROUP BY scenario").fetchall())
            counts = {
                name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in list(schema.SPATIAL_LAYERS) + list(schema.TABLES)
            }
        return {
            "path": self.path,
            "crs": self.crs_authid,
            "units_per_level": levels,
            "entries_per_scenario": scenarios,
            "counts": counts,
        }

    @contextlib.contextmanager
    def transaction(self, algorithm, parameters=None, inputs=None, signing_key=None):
        """Write inside one SQLite transaction; commit with a sealed ``runs`` row, or roll back on error.

        algorithm: id of the algorithm writing, e.g. 'carbonledger:accountsources'.
        parameters: JSON-serialisable parameters of the run.
        inputs: {name: fingerprint} of the input files or layers.
        signing_key: an Ed25519 private key (``signing.private_key``) that signs the run's seal, or None.
        Yields a :class:`LedgerWriter`.
        """
        with faults.write_session(self.path) as connection:
            yield from self._run(connection, algorithm, parameters, inputs, signing_key)

    def _run(self, connection, algorithm, parameters, inputs, signing_key):
        """The body of ``transaction`` on an open write session."""
        writer = LedgerWriter(self, connection)
        started_at = utc_now()
        try:
            connection.execute("BEGIN IMMEDIATE")
            version = read_schema_version(connection)
            if version != schema.SCHEMA_VERSION:
                raise LedgerInputError(
                    tr("'{path}' has ledger schema {version}, this plugin writes schema {schema}: open it through "
                       "migrations.open_ledger (every carbonledger algorithm and dock does) to migrate it "
                       "first").format(
                        path=self.path, version=version, schema=schema.SCHEMA_VERSION), layer="LEDGER")
            writer.year = writer.latest_year()
            seals.require_factors_held(connection)  # a run reads factors or writes them: never on a hand-edited row
            seal_state.watch(connection)
            yield writer
            run = seals.sealed(connection, {
                "run_id": writer.run_id, "algorithm": algorithm,
                "parameters": json.dumps(parameters or {}, sort_keys=True, default=str),
                "input_fingerprints": json.dumps(inputs or {}, sort_keys=True), "plugin_version": PLUGIN_VERSION,
                "user": _user(), "started_at": started_at, "ended_at": utc_now(),
            }, signing_key, writer.insert_digests)
            writer.append_rows("runs", pd.DataFrame([run]))
            seals.record_last_seal(connection, run["seal"])
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # SQLite has already rolled back after a full disk
                connection.execute("ROLLBACK")
            raise


def _user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class LedgerWriter(WriterQueries):
    """Writes to one ledger inside a transaction opened by ``Ledger.transaction``."""

    def __init__(self, ledger, connection):
        self.ledger = ledger
        self.connection = connection
        self.run_id = str(uuid.uuid4())
        self.year = None  # years.InventoryYear the run writes: entries and stocks get it, deletes narrowed to it
        self.deferred_index = {}  # layer -> [(fids, bounds)] held for one bulk load (rtree_bulk.deferred)
        self.insert_digests = {}  # layer -> seal_state.InsertDigests: its inserts digested as written (digest_inserts)

    def delete_rows(self, name, match=None):
        """Delete the rows of a table or layer with the values of ``match`` (all rows when empty)."""
        self._delete(name, *match_clause(match))

    def _delete(self, name, where, params):
        """delete_rows with an SQL condition (only for this package's named queries)."""
        where, params = years.restricted(name, where, params, self.year)
        everything = not where or self.connection.execute(
            f'SELECT NOT EXISTS (SELECT 1 FROM "{name}" WHERE ({where}) IS NOT 1)', params).fetchone()[0]
        if everything:  # every row goes: without a WHERE, SQLite can empty a table that no trigger watches at once
            where, params = "", ()
        clause = f" WHERE {where}" if where else ""
        if name in schema.SPATIAL_LAYERS:
            rtree = schema.rtree_table(name)
            if everything:
                rtree_bulk.clear(self.connection, rtree)  # the index is emptied at once
            else:
                self.connection.execute(f'DELETE FROM "{rtree}" WHERE id IN (SELECT fid FROM "{name}"{clause})',
                                        params)
        with self._triggers_suspended(name):
            self.connection.execute(f'DELETE FROM "{name}"{clause}', params)
        contents.refresh(self.connection, name)

    def append_rows(self, name, frame):
        """Insert the rows of ``frame`` (columns named as in the schema) into a table or layer.

        For ``units`` and ``links`` the frame is a GeoDataFrame in the ledger CRS; polygons and
        lines are promoted to multi-geometries and the spatial index is kept in step: packed at once
        (``rtree_bulk``) when it was empty, else a row at a time.
        """
        self.append_parts(name, (frame,), len(frame))

    def append_parts(self, name, parts, count):
        """``append_rows`` of the frames ``parts`` (``count`` rows in all), as one append of them all: fids, indexes
        and spatial index as for one frame, each part written before the next is taken (none held after)."""
        if count == 0:
            return
        known = schema.columns(name)
        next_fid = self.connection.execute(f'SELECT coalesce(max(fid), 0) + 1 FROM "{name}"').fetchone()[0]
        rtree = schema.rtree_table(name)
        indexed = self.deferred_index.get(name)
        bulk = indexed is not None or (name in schema.SPATIAL_LAYERS and rtree_bulk.is_empty(self.connection, rtree))
        indexed = [] if indexed is None else indexed  # packed at once, or after the last batch when deferred
        extent = []
        with self._triggers_suspended(name), self._indexes_suspended(name, count):
            dated = functools.partial(years.dated, name, year=self.year)
            for frame in digests_ahead.digested_frames(self.connection, parts, dated) if name == "entries" else map(
                    dated, parts):
                unknown = [c for c in frame.columns if c not in known and c != getattr(frame, "_geometry_column_name",
                                                                                          None)]
                if unknown:
                    raise ValueError(f"columns {unknown} are not in the ledger schema of '{name}'")
                names = [c for c in known if c in frame.columns]
                columns = ["fid"] + names + ([GEOMETRY_COLUMN] if name in schema.SPATIAL_LAYERS else [])
                quoted = ", ".join(f'"{c}"' for c in columns)
                insert = f'INSERT INTO "{name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
                for start in range(0, len(frame), INSERT_ROWS):
                    part = frame.iloc[start:start + INSERT_ROWS]
                    fids = np.arange(next_fid + start, next_fid + start + len(part))
                    data = [fids.tolist()] + [sql_values(part[c]) for c in names]
                    noted = fids
                    if name in schema.SPATIAL_LAYERS:
                        kind = "polygon" if name == "units" else "line"
                        geometries = part.geometry.to_numpy()
                        data.append(gpkg_geometry.encode(geometries, self.ledger.srs_id, multi=kind))
                        if name in self.insert_digests:
                            noted = self.insert_digests[name].noted(self.connection, fids, part, data[-1])
                    with seal_state.inserts_noted(self.connection, name, noted):
                        self.connection.executemany(insert, zip(*data, strict=False))
                    if name in schema.SPATIAL_LAYERS:
                        bounds = shapely.bounds(geometries)[:, [0, 2, 1, 3]]  # min x, max x, min y, max y
                        extent.append(bounds)
                        if bulk:
                            indexed.append((fids, bounds))
                        else:
                            self._index_bounds(rtree, fids, bounds)
                next_fid += len(frame)
            if indexed and name not in self.deferred_index:
                rtree_bulk.bulk_load(self.connection, rtree, np.concatenate([f for f, _ in indexed]),
                                     np.concatenate([b for _, b in indexed]))
        contents.extend(self.connection, name, count, contents.extent_of(extent))

    def _index_bounds(self, rtree, fids, bounds):
        """Add the (n, 4) bounds (min x, max x, min y, max y) of features ``fids`` to the R*-tree
        ``rtree`` one row at a time (empty geometries skipped)."""
        keep = ~np.isnan(bounds).any(axis=1)
        self.connection.executemany(
            f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)',
            zip(fids[keep].tolist(), *(bounds[keep][:, i].tolist() for i in range(4)), strict=False),
        )

    def append_entries(self, entries, factor_table, also_used=(), count=None):
        """Append ledger entries and copy into ``factors`` every row of ``factor_table`` they name.

        entries: output of entries.finalize_entries (extra columns are dropped), or such frames in order, ``count``
        entries in all, appended as one frame would be (a frame's digests are worked out in a thread while the one
        before is written, ``digests_ahead``; the factor rows a frame names are copied as it is taken).
        factor_table: the factor table indexed by factor_id that the entries were built from.
        also_used: ids of further factor rows that entered the activities (calorific values, pumping energy), so
        that a third party can recompute those too."""
        parts = (self._copied(part, factor_table, also_used) for part in ([entries] if count is None else entries))
        self.append_parts("entries", parts if count else list(parts), len(entries) if count is None else count)

    def _copied(self, entries, factor_table, also_used):
        """The schema's columns of ``entries``, once the rows of ``factor_table`` they (and ``also_used``) name are
        copied into ``factors``."""
        used = set(entries["factor_id"].dropna()) | set(also_used)
        if used:
            self.upsert_rows("factors", factor_rows_for_ledger(factor_table, used), "factor_id")
        return entries[[c for c in schema.columns("entries") if c in entries.columns]]

    def replace_rows(self, name, frame, match=None):
        """Delete the rows with the values of ``match`` (all when empty), then append ``frame``."""
        self.delete_rows(name, match)
        self.append_rows(name, frame)

    def update_columns(self, name, frame, key="unit_id", fingerprinted=False):
        """Set the columns of ``frame`` on the rows whose ``key`` matches (attributes only); entries with their new
        digests, unless ``frame`` already holds them (``seals.updated``, as the interval writes give them)."""
        names = [c for c in frame.columns if c != key]
        if not names or len(frame) == 0:
            return
        if name == "entries" and not fingerprinted:  # the values and the new fingerprints in one UPDATE by fid
            frame, key = seals.updated(self.connection, frame, key), "fid"
            names = [c for c in frame.columns if c != key]
        data = [sql_values(frame[c]) for c in names] + [sql_values(frame[key])]
        with self._triggers_suspended(name):
            if fingerprinted:  # the interval writes' parts: the rows' UPDATE as one statement
                update_by_fid(self.connection, name, names, data)
            else:
                assignments = ", ".join(f'"{c}" = ?' for c in names)
                self.connection.executemany(
                    f'UPDATE "{name}" SET {assignments} WHERE "{key}" = ?', zip(*data, strict=False))

    def held(self, name, rows):
        """``rows`` of table ``name`` as read from the ledger (every column), about to be copied into new rows, once
        their stored digests are found to hold (entries: ``seals.check_held``; other tables have none). The store
        fingerprints a copy anew, so a copy of an entry altered since its run would verify: LedgerInputError."""
        if name == "entries":
            seals.check_held(self.connection, rows)
        return rows

    def upsert_rows(self, name, frame, key):
        """Replace rows whose ``key`` is in ``frame``, then append ``frame`` (attribute tables)."""
        keys = frame[key].astype(str).unique().tolist()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            self.delete_rows(name, {key: chunk})
        self.append_rows(name, frame)

    @contextlib.contextmanager
    def _triggers_suspended(self, name):
        """Drop the table's triggers (feature counts, rtree) during a bulk write, then restore."""
        triggers = self.connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (name,)
        ).fetchall()
        with self._dropped("TRIGGER", triggers):
            yield

    @contextlib.contextmanager
    def _indexes_suspended(self, name, appending):
        """Drop the table's secondary indexes during a bulk append of ``appending`` rows, then rebuild.

        Only when the append is large (BULK_ROWS) and at least doubles the table: one sort then
        costs less than a B-tree update per row. Unique constraints stay in force. Inside the
        transaction, so a rollback restores the indexes.
        """
        indexes = self.connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,),
        ).fetchall() if appending >= BULK_ROWS else []
        if indexes and appending < self.connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]:
            indexes = []  # counted only when there is an index to drop: a table without one is scanned whole
        with self._dropped("INDEX", indexes):
            yield

    @contextlib.contextmanager
    def _dropped(self, kind, objects):
        """Drop schema ``objects`` ((name, CREATE sql) pairs of one ``kind``: TRIGGER or INDEX), then
        create them again from their sql."""
        for name, _ in objects:
            self.connection.execute(f'DROP {kind} "{name}"')
        try:
            yield
        finally:
            if self.connection.in_transaction:  # else SQLite rolled the drops back itself (a full disk)
                for _, sql in objects:
                    self.connection.execute(sql)
