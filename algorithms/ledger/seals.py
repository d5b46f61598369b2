"""Run seals: each run seals the ledger's entries and units into a chain of SHA-256 digests.

When a run commits (``store.Ledger.transaction``), its ``runs`` row gets (``schema.RUN_SEAL``):

- ``entries_count`` and ``entries_root``: the Merkle root of every entry of the ledger, one leaf per
  entry, SHA-256 of ``fingerprint, run_id, computed_at`` (the fingerprint covers every other column,
  see ``entries.FINGERPRINT_FIELDS``), leaves in entry_id order;
- ``units_count`` and ``units_root``: the Merkle root of every unit and link, one leaf per unit, its
  digest (``unit_digests``: every attribute but the totals rolled up from the entries, and the
  geometry as stored), in unit_id order;
- ``previous_seal``: the seal of the runs row before it, and ``seal``: SHA-256 of the row's
  canonical text (every column but ``schema.UNSEALED``).

So deleting, inserting or altering an entry or a unit after the last run changes a root; deleting
or altering a runs row breaks the chain; ``ledger_info`` keeps the last seal and the number of runs
sealed, so deleting the last runs rows shows too. Whoever can rewrite the whole chain can forge
it: an Ed25519 signature of each seal by the metering centre's key (``signing.py``) closes that.

The Merkle tree follows RFC 6962 section 2.1: leaf hash SHA-256(0x00 + leaf), node hash
SHA-256(0x01 + left + right), a level's odd last node promoted; the root of no leaves is SHA-256
of nothing.
"""
import contextlib
import hashlib
import json

import pandas as pd

from . import entries as entry_math, schema, signing
from .provenance import canonical_text
from .totals import TOTAL_COLUMNS

AT_RUN = "at run"
AT_MIGRATION = "at migration, not at run"
LAST_SEAL_KEY = "last_seal"
SEALED_RUNS_KEY = "sealed_runs"
UNIT_LAYERS = ("units", "links")


def digest_columns(layer):
    """Columns of ``layer`` (units or links) in its units' digests: all but the totals."""
    return [c for c in schema.columns(layer) if c not in TOTAL_COLUMNS]


def _json_ids(ids):
    return json.dumps([str(i) for i in ids])


def unit_digests(connection, unit_ids=None):
    """SHA-256 digest of each unit and link (Series indexed by unit_id, in unit_id order).

    A digest covers the canonical text of ``digest_columns`` (floats by repr) and the geometry
    blob as stored (GeoPackage header and WKB). unit_ids: only these units (all when None).
    """
    parts = []
    for layer in UNIT_LAYERS:
        names = digest_columns(layer)
        selected = ", ".join(f'"{c}"' for c in names + [schema.GEOMETRY_COLUMN])
        where, params = ("", ()) if unit_ids is None else (
            " WHERE unit_id IN (SELECT value FROM json_each(?))", (_json_ids(set(unit_ids)),))
        real = {c: "float64" for c in schema.real_columns(layer) if c in names}
        frame = pd.read_sql_query(f'SELECT {selected} FROM "{layer}"{where}', connection, params=params,
                                  dtype=real or None)
        texts = canonical_text(frame, names).tolist()
        blobs = frame[schema.GEOMETRY_COLUMN].tolist()
        parts.append(pd.Series([hashlib.sha256(text.encode("utf-8") + b"\x1e" + (blob or b"")).hexdigest()
                                for text, blob in zip(texts, blobs, strict=True)],
                               index=frame["unit_id"].to_numpy(), dtype=object))
    digests = pd.concat(parts)
    return digests.sort_index(kind="stable")


def fingerprinted(connection, entries):
    """``entries`` (a frame about to be written) with the fingerprint over their columns and the digests
    of their units and related units as the ledger holds them (``entries.fingerprints``)."""
    ids = set(entries["unit_id"].dropna())
    if "related_unit_id" in entries.columns:
        ids |= set(entries["related_unit_id"].dropna())
    return entries.assign(fingerprint=entry_math.fingerprints(entries, unit_digests(connection, ids)))


def refingerprint(connection, key=None, values=()):
    """Set again the fingerprint of the entries whose ``key`` column is in ``values`` (after an update;
    every entry when ``key`` is None)."""
    where, params = ("", ()) if key is None else (
        f' WHERE "{key}" IN (SELECT value FROM json_each(?))', (_json_ids(values),))
    real = {c: "float64" for c in schema.real_columns("entries")}
    stored = pd.read_sql_query(f"SELECT fid, * FROM entries{where}", connection, params=params, dtype=real)
    stored = stored.loc[:, ~stored.columns.duplicated()]
    renewed = fingerprinted(connection, stored)
    connection.executemany("UPDATE entries SET fingerprint = ? WHERE fid = ?",
                           zip(renewed["fingerprint"].tolist(), renewed["fid"].tolist(), strict=True))


def merkle_root(leaves):
    """Merkle root (hex) of ``leaves`` (a list of bytes), as RFC 6962 section 2.1 with odd nodes promoted."""
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        level = paired + ([level[-1]] if len(level) % 2 else [])
    return level[0].hex()


def entry_leaves(connection):
    """One leaf per entry, in entry_id order: fingerprint, run_id and computed_at, as bytes."""
    rows = connection.execute("SELECT fingerprint, run_id, computed_at FROM entries ORDER BY entry_id")
    return ["\x1f".join("" if v is None else str(v) for v in row).encode("utf-8") for row in rows]


def ledger_state(connection, digests=None):
    """What a seal records of the ledger now: entries_count, entries_root, units_count, units_root.

    digests: the ledger's ``unit_digests`` when already read."""
    leaves = entry_leaves(connection)
    digests = unit_digests(connection) if digests is None else digests
    return {"entries_count": len(leaves), "entries_root": merkle_root(leaves),
            "units_count": len(digests), "units_root": merkle_root([d.encode("ascii") for d in digests])}


def seal_of(row):
    """SHA-256 (hex) of a runs row (a dict) over every column but ``schema.UNSEALED``, as canonical JSON."""
    sealed = {c: plain(row.get(c)) for c in schema.columns("runs") if c not in schema.UNSEALED}
    return hashlib.sha256(json.dumps(sealed, sort_keys=True).encode("utf-8")).hexdigest()


def plain(value):
    """A runs value as JSON holds it the same way whether it came from Python or from SQLite."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def last_seal(connection):
    """The seal of the last runs row ('' when there is none)."""
    row = connection.execute("SELECT seal FROM runs ORDER BY fid DESC LIMIT 1").fetchone()
    return (row[0] or "") if row else ""


def sealed(connection, row, signing_key=None):
    """``row`` (a runs row as a dict, about to be appended) with its seal columns set, sealed at run, and
    signed by ``signing_key`` (an Ed25519 private key, ``signing.private_key``) when one is given."""
    row = dict(row)
    written = connection.execute("SELECT count(*) FROM entries WHERE run_id = ?", (row["run_id"],)).fetchone()[0]
    row.update(ledger_state(connection))
    row.update(run_entries=written, sealed=AT_RUN, previous_seal=last_seal(connection))
    row["seal"] = seal_of(row)
    if signing_key is not None:
        row["signature"], row["signed_by"] = signing.sign(signing_key, row["seal"])
    return row


def seal_existing_runs(connection):
    """Seal the runs rows of a ledger made before seals (schema < 3), in fid order, as sealed 'at migration,
    not at run'; only the last one records the ledger's entries and units (as they are now)."""
    runs = pd.read_sql_query("SELECT fid, * FROM runs ORDER BY fid", connection)
    runs = runs.loc[:, ~runs.columns.duplicated()]
    previous = ""
    for position, row in enumerate(runs.to_dict("records")):
        row = dict(row, previous_seal=previous, sealed=AT_MIGRATION, run_entries=connection.execute(
            "SELECT count(*) FROM entries WHERE run_id = ?", (row["run_id"],)).fetchone()[0])
        if position == len(runs) - 1:
            row.update(ledger_state(connection))
        row["seal"] = previous = seal_of(row)
        columns = [c for c, _, _ in schema.RUN_SEAL if c in row]
        connection.execute(f"UPDATE runs SET {', '.join(f'{c} = ?' for c in columns)} WHERE fid = ?",
                           [plain(row[c]) for c in columns] + [int(row["fid"])])
    if len(runs):
        record_last_seal(connection, previous)


def sign_unsigned(connection, private):
    """Sign, with the Ed25519 ``private`` key (``signing.private_key``), the seal of every runs row that has
    none; returns how many were signed."""
    unsigned = connection.execute("SELECT fid, seal FROM runs WHERE coalesce(signature, '') = '' ORDER BY fid")
    signed = [(*signing.sign(private, seal or ""), fid) for fid, seal in unsigned.fetchall()]
    connection.executemany("UPDATE runs SET signature = ?, signed_by = ? WHERE fid = ?", signed)
    return len(signed)


def record_last_seal(connection, seal):
    """Keep the last seal and the number of runs rows in ``ledger_info`` (deleting runs rows then shows)."""
    count = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    for key, value in ((LAST_SEAL_KEY, seal), (SEALED_RUNS_KEY, str(count))):
        connection.execute('DELETE FROM ledger_info WHERE "key" = ?', (key,))
        connection.execute('INSERT INTO ledger_info ("key", "value") VALUES (?, ?)', (key, value))


def chain_record(ledger):
    """(runs, info, state, digests) of a store.Ledger for verification: the runs table in fid order, the
    ledger_info values as a dict, the current ``ledger_state`` and the ``unit_digests``."""
    runs = ledger.read_table("runs")
    info = dict(ledger.read_table("ledger_info").itertuples(index=False, name=None))
    with contextlib.closing(ledger.connect()) as connection:
        digests = unit_digests(connection)
        state = ledger_state(connection, digests)
    return runs, info, state, digests
