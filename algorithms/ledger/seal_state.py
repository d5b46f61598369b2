"""The state a run seals: the ledger's entries, and its units and links, as buckets of rows by fid, so that a
run seals what it wrote without reading the rest of the ledger (schema 7; see seals.py for the chain).

- A row's hash (32 bytes): for an entry, SHA-256 of ``fingerprint 0x1F run_id 0x1F computed_at`` (NULL as
  empty text; the fingerprint covers the content digest and the interval, the content digest every other column,
  see ``entries.CONTENT_FIELDS``); for a unit or a
  link, its digest (``layer_digests``: every attribute but the totals rolled up from the entries, and the
  geometry blob as stored); for a factor row, SHA-256 of the canonical text of every column (schema 9: an entry
  copies its factor's value, unit and source, but the rows no entry names, the GWPs and calorific values that
  enter the activities, and the distributions of the Monte Carlo are in no entry).
- A bucket: the rows of one layer whose fid // BUCKET_ROWS (factors: FACTOR_BUCKET_ROWS, a row each) is the
  same. Its digest is SHA-256 of, for each row in fid order, the fid as 8 bytes big-endian followed by the row's hash.
- A root: the Merkle root (``merkle_root``) of one leaf per non-empty bucket, in bucket order, the leaf being
  ``layer 0x1F bucket 0x1F rows 0x1F digest``: ``entries_root`` over the entries, ``units_root`` over the
  units' buckets then the links', ``factors_root`` over the factor rows; ``entries_count``, ``units_count`` and
  ``factors_count`` are the rows in them.

The ``seal_buckets`` table keeps each bucket's rows and digest as the last run sealed them. While a run writes,
temporary triggers on its own connection (``watch``) note the bucket of every row it inserts or deletes and of
every row whose hashed columns it updates; at commit (``sealed_state``) only those buckets are read again, and
the roots are taken over seal_buckets: the cost is the rows the run wrote plus one leaf per bucket (1 leaf per
BUCKET_ROWS rows). A run may digest the units and links it inserts as it writes them (``digest_inserts``,
segmentunits): their buckets are then not read again, unless they hold other rows or were touched since.
Verification never trusts seal_buckets: ``ledger_state`` recomputes every bucket from the rows. A row altered
outside a run in a bucket no later run wrote into therefore stays different from the seal, and one in a bucket a
later run wrote into is sealed by that run as it then was (as when every run read the whole ledger).
"""
import contextlib
import hashlib
import json

import numpy as np
import pandas as pd

from . import schema
from .provenance import canonical_text
from .totals import TOTAL_COLUMNS

BUCKET_ROWS = 1024
"""Consecutive fids per bucket (a power of two), but in the factors table (``bucket_rows``)."""
FACTOR_BUCKET_ROWS = 1
"""Fids per bucket of the factors table: a bucket per factor row (a few hundred rows, each a leaf), so that a
broken factors root names the row that differs."""


def bucket_rows(layer):
    """Consecutive fids per bucket of ``layer``."""
    return FACTOR_BUCKET_ROWS if layer == "factors" else BUCKET_ROWS


ROOTS = {"entries": ("entries",), "units": ("units", "links"), "factors": ("factors",)}
"""Each sealed root (``<name>_root`` and ``<name>_count`` in runs) and the layers it covers, in order."""
ENTRY_LEAF = ("fingerprint", "run_id", "computed_at")
"""Columns of an entry in its row hash."""
UNIT_LAYERS = ("units", "links")


def digest_columns(layer):
    """Columns of ``layer`` (units or links) in its units' digests: all but the totals."""
    return [c for c in schema.columns(layer) if c not in TOTAL_COLUMNS]


def hashed_columns(layer):
    """Columns whose change changes a row's hash in ``layer``."""
    if layer == "entries":
        return list(ENTRY_LEAF)
    if layer == "factors":
        return schema.columns("factors")
    return digest_columns(layer) + [schema.GEOMETRY_COLUMN]


def layer_digests(connection, layer, where="", params=()):
    """fid, unit_id and SHA-256 digest (hex) of the units or links of ``layer`` (those matching the SQL
    ``where``), in fid order. A digest covers the canonical text of ``digest_columns`` (floats by repr) and
    the geometry blob as stored (GeoPackage header and WKB), after the byte 0x1E. Read DIGEST_ROWS rows at a
    time: the geometries of a whole city are never held at once."""
    return hex_digests(digest_parts(connection, layer, where, params))


def hex_digests(parts):
    """fid, unit_id and digest (hex) of the ``digest_parts`` ``parts`` of a layer, one frame in their order."""
    parts = [pd.DataFrame({"fid": fids, "unit_id": unit_ids, "digest": pd.Series(
        [hashed[i:i + 32].hex() for i in range(0, len(hashed), 32)], dtype=object).to_numpy()})
        for fids, unit_ids, hashed in parts]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({
        "fid": np.zeros(0, dtype=np.int64), "unit_id": np.zeros(0, dtype=object), "digest": np.zeros(0, dtype=object)})


DIGEST_ROWS = 10_000
"""Units or links read and digested at a time by layer_digests (50,000 left some 75 MB more of the read's rows
behind at 771,560 units and links, for the same CPU seconds)."""


def digest_parts(connection, layer, where="", params=()):
    """The ``layer_digests`` of ``layer`` DIGEST_ROWS rows at a time, in fid order, each part as (fids, unit_ids,
    digests): the digests as one bytes object holding each row's 32-byte digest in turn."""
    for frame in digest_rows(connection, layer, where, params):
        yield part_digests(layer, frame)


def digest_rows(connection, layer, where="", params=()):
    """The rows a digest of ``layer`` covers (fid, ``digest_columns``, geometry) matching the SQL ``where``, read
    DIGEST_ROWS at a time in fid order: frames for ``part_digests`` (which reads nothing, so a thread can digest
    them while the connection writes)."""
    names = digest_columns(layer)
    selected = ", ".join(f'"{c}"' for c in ["fid"] + names + [schema.GEOMETRY_COLUMN])
    clause = f" WHERE {where}" if where else ""
    real = {c: "float64" for c in schema.real_columns(layer) if c in names}
    for frame in pd.read_sql_query(f'SELECT {selected} FROM "{layer}"{clause} ORDER BY fid', connection,
                                   params=params, dtype=real or None, chunksize=DIGEST_ROWS):
        yield frame.loc[:, ~frame.columns.duplicated()]


def part_digests(layer, frame):
    """(fids, unit_ids, digests) of a ``digest_rows`` frame of ``layer``: the digests as one bytes object holding
    each row's 32-byte digest in turn."""
    return frame["fid"].to_numpy(np.int64), frame["unit_id"].to_numpy(), row_digests(
        frame, digest_columns(layer), frame[schema.GEOMETRY_COLUMN].tolist())


def row_digests(frame, names, blobs):
    """The 32-byte digests of the rows of ``frame`` (units or links) in turn, as one bytes object: SHA-256 of each
    row's canonical text over ``names`` (``digest_columns``), the byte 0x1E and its geometry blob (``blobs``, bytes
    or None)."""
    sha256 = hashlib.sha256
    return b"".join(sha256(text.encode("utf-8") + b"\x1e" + (blob or b"")).digest()
                    for text, blob in zip(canonical_text(frame, names).tolist(), blobs, strict=True))


def _unit_hashes(parts):
    """(fids, 32-byte hashes) of the ``digest_parts`` ``parts`` of a unit layer, the digests as they come (not
    spelled in hex and back)."""
    fids, hashes = [np.zeros(0, dtype=np.int64)], []
    for part_fids, _, digests in parts:
        fids.append(part_fids)
        hashes.extend(digests[start:start + 32] for start in range(0, len(digests), 32))
    return np.concatenate(fids), hashes


def _in_buckets(layer, buckets):
    """SQL condition and parameters: the rows of ``layer`` in ``buckets`` (None: every row)."""
    if buckets is None:
        return "", ()
    size = bucket_rows(layer)
    ranges = json.dumps([[int(b) * size, (int(b) + 1) * size] for b in sorted(buckets)])
    return (f'fid IN (SELECT t.fid FROM json_each(?) AS r CROSS JOIN "{layer}" AS t '
            "WHERE t.fid >= json_extract(r.value, '$[0]') AND t.fid < json_extract(r.value, '$[1]'))", (ranges,))


def row_hashes(connection, layer, buckets=None):
    """(fids, hashes): the fids (int64, ascending) and 32-byte hashes of the rows of ``layer`` in ``buckets``
    (every row when None)."""
    where, params = _in_buckets(layer, buckets)
    if layer == "factors":
        return factor_hashes(connection, where, params)
    if layer != "entries":
        return _unit_hashes(digest_parts(connection, layer, where, params))
    clause = f" WHERE {where}" if where else ""
    rows = connection.execute(f"SELECT fid, {_LEAF_BYTES} FROM entries{clause} ORDER BY fid", params).fetchall()
    sha256 = hashlib.sha256
    return (np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows)),
            [sha256(row[1]).digest() for row in rows])


def factor_hashes(connection, where="", params=()):
    """(fids, hashes) of the factor rows matching the SQL ``where``, in fid order: SHA-256 of each row's canonical
    text over every column of the schema (floats by repr; a factors table holds hundreds of rows, read at once)."""
    names = schema.columns("factors")
    selected = ", ".join(f'"{c}"' for c in names)
    clause = f" WHERE {where}" if where else ""
    rows = pd.read_sql_query(f"SELECT fid, {selected} FROM factors{clause} ORDER BY fid", connection, params=params,
                             dtype={c: "float64" for c in schema.real_columns("factors")})
    return rows["fid"].to_numpy(np.int64), [hashlib.sha256(text.encode("utf-8")).digest()
                                            for text in canonical_text(rows, names).tolist()]


_LEAF_BYTES = "CAST({} AS BLOB)".format(" || char(31) || ".join(f"coalesce({c}, '')" for c in ENTRY_LEAF))
"""SQL of an entry's ``entry_leaves`` text as its UTF-8 bytes, spelled by SQLite: the leaf columns are TEXT, so a
value is its text and NULL is empty, as ``entry_leaves`` spells them (no Python str per column and row)."""


def entry_hashes(*columns):
    """32-byte SHA-256 hashes of entries from their ``ENTRY_LEAF`` ``columns``: each row's ``entry_leaves`` text,
    hashed row by row."""
    sha256 = hashlib.sha256
    return [sha256(text.encode("utf-8")).digest() for text in entry_leaves(*columns)]


def entry_leaves(*columns):
    """Each entry's leaf text from its ``ENTRY_LEAF`` ``columns`` (sequences of equal length, None for NULL): the
    values joined by 0x1F, NULL as empty text, column by column in C (a list of str)."""
    texts = np.full(len(columns[0]), "", dtype=object)
    for position, column in enumerate(columns):
        spelled = pd.Series(column, dtype=object)
        spelled = spelled.where(spelled.notna(), "").astype(str).to_numpy(dtype=object)
        texts = texts + spelled if position == 0 else texts + "\x1f" + spelled
    return texts.tolist()


def bucket_digests(layer, fids, hashes):
    """The buckets (layer, bucket, rows, digest) of the rows ``fids`` (ascending) with their 32-byte ``hashes``
    (a list of them, or of byte strings each holding the consecutive hashes of some rows)."""
    if not len(fids):
        return pd.DataFrame({"layer": pd.Series(dtype=object), "bucket": pd.Series(dtype=np.int64),
                             "rows": pd.Series(dtype=np.int64), "digest": pd.Series(dtype=object)})
    records = np.empty((len(fids), 40), dtype=np.uint8)
    records[:, :8] = fids.astype(">u8").view(np.uint8).reshape(-1, 8)
    records[:, 8:] = np.frombuffer(b"".join(hashes), dtype=np.uint8).reshape(-1, 32)
    buckets = fids // bucket_rows(layer)
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    ends = np.r_[starts[1:], len(fids)]
    return pd.DataFrame({"layer": layer, "bucket": buckets[starts], "rows": ends - starts,
                         "digest": [hashlib.sha256(records[a:b].tobytes()).hexdigest()
                                    for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]})


def merkle_root(leaves):
    """Merkle root (hex) of ``leaves`` (a list of bytes), as RFC 6962 section 2.1 with odd nodes promoted:
    leaf hash SHA-256(0x00 + leaf), node hash SHA-256(0x01 + left + right); no leaves: SHA-256 of nothing."""
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        level = paired + ([level[-1]] if len(level) % 2 else [])
    return level[0].hex()


def state_of(buckets):
    """entries_count, entries_root, units_count, units_root of the ``buckets`` (layer, bucket, rows, digest)."""
    state = {}
    for name, layers in ROOTS.items():
        part = [buckets[buckets["layer"] == layer].sort_values("bucket") for layer in layers]
        leaves = [f"{layer}\x1f{bucket}\x1f{rows}\x1f{digest}".encode("utf-8")
                  for frame in part for layer, bucket, rows, digest in
                  frame[["layer", "bucket", "rows", "digest"]].itertuples(index=False, name=None)]
        state[f"{name}_count"] = int(sum(int(frame["rows"].sum()) for frame in part))
        state[f"{name}_root"] = merkle_root(leaves)
    return state


def ledger_buckets(connection, folded=None):
    """Every bucket of the ledger recomputed from its rows. folded: {layer: its buckets} already recomputed
    (``BucketFold``) by a caller that read the rows; the other layers are read here."""
    folded = folded or {}
    frames = [folded[layer] if layer in folded else _layer_buckets(connection, layer)
              for layers in ROOTS.values() for layer in layers]
    return pd.concat(frames, ignore_index=True)


def _layer_buckets(connection, layer):
    """The buckets of every row of ``layer`` recomputed from its rows (units and links part by part)."""
    if layer in ("entries", "factors"):
        return bucket_digests(layer, *row_hashes(connection, layer))
    fold = BucketFold(layer)
    for fids, _, hashed in digest_parts(connection, layer):
        fold.add(fids, hashed)
    return fold.buckets()


class BucketFold:
    """The buckets (``bucket_digests``) of one layer's rows given part by part in fid order: each part's
    complete buckets are hashed as it comes, only the rows of its last bucket wait for the next part (the
    hashes of a whole city are never held at once)."""

    def __init__(self, layer):
        self.layer = layer
        self.done = []
        self.fids, self.hashes = np.zeros(0, dtype=np.int64), b""

    def add(self, fids, hashes):
        """Add the rows ``fids`` (ascending, after those added) with ``hashes``, one bytes object holding
        their 32-byte hashes in turn."""
        fids, hashes = np.concatenate([self.fids, np.asarray(fids, dtype=np.int64)]), self.hashes + hashes
        size = bucket_rows(self.layer)
        cut = int(np.searchsorted(fids, fids[-1] // size * size)) if len(fids) else 0
        if cut:
            self.done.append(bucket_digests(self.layer, fids[:cut], [hashes[:cut * 32]]))
        self.fids, self.hashes = fids[cut:], hashes[cut * 32:]

    def buckets(self):
        """The buckets of every row added (layer, bucket, rows, digest), in bucket order."""
        parts = [*self.done, bucket_digests(self.layer, self.fids, [self.hashes])]
        return pd.concat([part for part in parts if len(part)] or parts[-1:], ignore_index=True)


def stored_buckets(connection):
    """The seal_buckets table (layer, bucket, rows, digest): the buckets as the last run sealed them."""
    return pd.read_sql_query("SELECT layer, bucket, rows, digest FROM seal_buckets", connection)


def differing(stored, buckets):
    """The buckets (layer, bucket, first_fid, last_fid, sealed_rows, rows) whose rows or digest differ between
    ``stored`` (seal_buckets) and ``buckets`` (recomputed), in layer and bucket order (rows 0: none)."""
    both = stored.merge(buckets, on=["layer", "bucket"], how="outer", suffixes=("_sealed", ""))
    both[["rows_sealed", "rows"]] = both[["rows_sealed", "rows"]].fillna(0).astype(np.int64)
    changed = both[(both["digest_sealed"] != both["digest"]) | (both["rows_sealed"] != both["rows"])]
    changed = changed.sort_values(["layer", "bucket"])
    size = changed["layer"].map(bucket_rows).to_numpy(dtype=np.int64)
    return pd.DataFrame({"layer": changed["layer"], "bucket": changed["bucket"].astype(np.int64),
                         "first_fid": changed["bucket"].astype(np.int64) * size,
                         "last_fid": (changed["bucket"].astype(np.int64) + 1) * size - 1,
                         "sealed_rows": changed["rows_sealed"], "rows": changed["rows"]}).reset_index(drop=True)


def store_buckets(connection, buckets, replaced=None):
    """Write ``buckets`` into seal_buckets in place of those of ``replaced`` ({layer: buckets}; all when None)."""
    if replaced is None:
        connection.execute("DELETE FROM seal_buckets")
    for layer, numbers in (replaced or {}).items():
        connection.execute("DELETE FROM seal_buckets WHERE layer = ? AND bucket IN (SELECT value FROM json_each(?))",
                           (layer, json.dumps(sorted(int(b) for b in numbers))))
    connection.executemany("INSERT INTO seal_buckets (layer, bucket, rows, digest) VALUES (?, ?, ?, ?)",
                           buckets[["layer", "bucket", "rows", "digest"]].itertuples(index=False, name=None))


def watch(connection):
    """Note, in temp.seal_touched of this connection, the bucket of every row of the sealed layers inserted,
    deleted or with a hashed column updated from now on (temporary: gone with the connection)."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS seal_touched (layer TEXT, bucket INTEGER, "
                       "PRIMARY KEY (layer, bucket)) WITHOUT ROWID")
    for layers in ROOTS.values():
        for layer in layers:
            hashed = ", ".join(f'"{c}"' for c in ["fid"] + hashed_columns(layer))
            for name, event, body in (("insert", "INSERT", _note(layer, "NEW")),
                                      ("delete", "DELETE", _note(layer, "OLD")),
                                      ("update", f"UPDATE OF {hashed}", _note(layer, "OLD")),
                                      ("move", 'UPDATE OF "fid"', _note(layer, "NEW"))):  # NEW: another bucket only
                when = " WHEN NEW.fid IS NOT OLD.fid" if name == "move" else ""  # when the fid changed
                connection.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{layer}_{name}" '
                                   f'AFTER {event} ON main."{layer}"{when} BEGIN {body} END')


@contextlib.contextmanager
def inserts_noted(connection, layer, fids):
    """Insert rows ``fids`` (int array) of ``layer`` on a ``watch``-ed connection with its insert trigger off, their
    buckets noted in one statement: the per-row trigger doubled the cost of a bulk insert (issue 22)."""
    trigger = f"seal_{layer}_insert"
    if not connection.execute("SELECT 1 FROM sqlite_temp_master WHERE type = 'trigger' AND name = ?",
                              (trigger,)).fetchone():
        yield
        return
    connection.execute(f'DROP TRIGGER temp."{trigger}"')
    connection.executemany("INSERT OR IGNORE INTO seal_touched VALUES (?, ?)",  # noted first: a failed insert
                           ((layer, bucket) for bucket in np.unique(np.asarray(fids) // bucket_rows(layer)).tolist()))
    try:  # that is not rolled back still leaves its buckets noted
        yield
    finally:
        watch(connection)


def _note(layer, row):
    """Trigger statement noting the bucket of ``row`` (NEW or OLD) of ``layer`` as touched."""
    return f"INSERT OR IGNORE INTO seal_touched VALUES ('{layer}', {row}.fid / {bucket_rows(layer)});"


class InsertDigests:
    """The buckets of the rows a run inserts into one unit layer, digested from the rows as it writes them (the
    values it binds and the geometry blobs), so that the seal does not read them back (issue 22). A part whose
    values SQLite would store otherwise than they are spelled (``_spelled_as_stored``) is left to the read-back,
    as is a bucket holding rows the run did not digest (those before it, or touched since: ``seal_touched``)."""

    def __init__(self, layer):
        self.layer = layer
        self.fold = BucketFold(layer)
        self.last = 0  # the last fid digested

    def noted(self, connection, fids, frame, blobs):
        """Digest the rows ``frame`` (fids ``fids``, ascending, about to be inserted; ``blobs`` their geometry
        blobs); returns the fids whose buckets the seal must still read back (all, none, or the first)."""
        names = digest_columns(self.layer)
        if not len(fids) or fids[0] <= self.last or not _spelled_as_stored(frame, self.layer, names):
            return fids
        first = int(fids[0]) // BUCKET_ROWS * BUCKET_ROWS
        before = connection.execute(f'SELECT count(*) FROM "{self.layer}" WHERE fid >= ? AND fid < ?',
                                    (first, int(fids[0]))).fetchone()[0]
        mixed = before != int((self.fold.fids >= first).sum())  # rows of its first bucket not digested here
        self.fold.add(fids, row_digests(frame, names, blobs))
        self.last = int(fids[-1])
        return fids[:1] if mixed else fids[:0]


def digest_inserts(writer, layers):
    """Have ``writer`` (a store.LedgerWriter) digest the rows it inserts into ``layers`` (units, links) as it writes
    them (``InsertDigests``), for the seal at its commit."""
    writer.insert_digests = {layer: InsertDigests(layer) for layer in layers}


def _spelled_as_stored(frame, layer, names):
    """Whether each of the columns ``names`` of ``frame`` reads back from ``layer`` as canonical_text spells it now:
    numbers in REAL and INTEGER columns (no -0.0, which SQLite may keep as the integer 0), text in the others,
    or nothing."""
    numeric = set(schema.real_columns(layer)) | set(schema.integer_columns(layer))
    for name in (name for name in names if name in frame.columns):
        series = frame[name]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            values = series.to_numpy(dtype=float, na_value=np.nan)
            if name not in numeric or ((values == 0.0) & np.signbit(values)).any():
                return False
        elif series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) not in (
                ("empty",) if name in numeric else ("string", "empty")):
            return False
    return True


def sealed_state(connection, run_id, digested=None):
    """The state to seal at the commit of run ``run_id`` on a ``watch``-ed connection: the buckets it touched
    are read again and stored in seal_buckets, with those of ``digested`` ({layer: InsertDigests}) not touched as
    digested; returns the ``state_of`` seal_buckets and ``run_entries``, the entries with its run_id (all in
    buckets it touched)."""
    touched = pd.read_sql_query("SELECT layer, bucket FROM temp.seal_touched ORDER BY layer, bucket", connection)
    digested, written = digested or {}, 0
    for layer in sorted(set(touched["layer"]) | set(digested)):
        numbers = touched.loc[touched["layer"] == layer, "bucket"].tolist()
        if layer in digested:  # every bucket at once, in bucket order (as the read-back stores them)
            found = digested[layer].fold.buckets()
            found = pd.concat([found[~found["bucket"].isin(numbers)], bucket_digests(
                layer, *row_hashes(connection, layer, numbers))]).sort_values("bucket")
            store_buckets(connection, found, {layer: sorted(set(numbers) | set(found["bucket"].tolist()))})
            continue
        for start in range(0, len(numbers), BUCKETS_AT_ONCE):  # buckets are digested each on its own
            part = numbers[start:start + BUCKETS_AT_ONCE]
            fids, hashes = row_hashes(connection, layer, part)
            store_buckets(connection, bucket_digests(layer, fids, hashes), {layer: part})
            if layer == "entries":
                where, params = _in_buckets(layer, part)
                written += connection.execute(f"SELECT count(*) FROM entries WHERE {where} AND run_id = ?",
                                              params + (run_id,)).fetchone()[0]
    return dict(state_of(stored_buckets(connection)), run_entries=written)


BUCKETS_AT_ONCE = 256
"""Touched buckets read again and digested at a time at a run's commit (262,144 rows): the hashes of a run that
wrote every entry of a city are never held at once."""
