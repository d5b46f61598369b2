"""Run seals: each run seals the ledger's entries and units into a chain of SHA-256 digests.

When a run commits (``store.Ledger.transaction``), its ``runs`` row gets (``schema.RUN_SEAL``):

- ``entries_count`` and ``entries_root``, ``units_count`` and ``units_root``, ``factors_count`` and
  ``factors_root``: the rows and the root of every entry, of every unit and link, and of every factor row (schema
  9), of the ledger, as buckets of rows by fid (``seal_state.py``: schema 7;
  an entry's hash covers its fingerprint, run_id and computed_at, the fingerprint its content digest and
  interval, the content digest every other column, see ``entries.CONTENT_FIELDS``; a unit's its digest,
  ``unit_digests``: every attribute but the totals rolled up from the entries, and the geometry as stored).
  The run reads again only the buckets it wrote into;
- ``run_entries``: the entries with its run_id;
- ``previous_seal``: the seal of the runs row before it, and ``seal``: SHA-256 of the row's
  canonical text (every column but ``schema.UNSEALED``).

So deleting, inserting or altering an entry, a unit or a factor row after the last run changes a root; deleting
or altering a runs row breaks the chain; ``ledger_info`` keeps the last seal and the number of runs
sealed, so deleting the last runs rows shows too. Whoever can rewrite the whole chain can forge
it: an Ed25519 signature of each seal by the metering centre's key (``signing.py``) closes that.

Schema 6 sealed the Merkle roots of every entry and unit instead (``merkle_state``); migrating to schema 7
re-seals the last run over the new roots, marked 'at migration, not at run', when those still held. Migrating to
schema 8 (two-stage fingerprints, ``renew_fingerprints``) re-seals it the same way when its roots held before, and
so does migrating to schema 9 (the factors root) when its entries and units roots held.
"""
import contextlib
import hashlib
import json

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from . import entries as entry_math, resegmentation, schema, seal_state, signing
from .seal_state import UNIT_LAYERS, merkle_root
from .sql_values import json_ids

AT_RUN = "at run"
AT_MIGRATION = "at migration, not at run"
LAST_SEAL_KEY = "last_seal"
SEALED_RUNS_KEY = "sealed_runs"


def unit_digests(connection, unit_ids=None):
    """SHA-256 digest (hex) of each unit and link (Series indexed by unit_id, in unit_id order;
    ``seal_state.layer_digests``). unit_ids: only these units (all when None)."""
    where, params = ("", ()) if unit_ids is None else (
        "unit_id IN (SELECT value FROM json_each(?))", (json_ids(set(unit_ids)),))
    return digest_series([seal_state.layer_digests(connection, layer, where, params) for layer in UNIT_LAYERS])


def digest_series(frames):
    """The ``layer_digests`` ``frames`` of the units and links as one Series unit_id -> digest, in unit_id order."""
    digests = pd.concat(frames)
    return pd.Series(digests["digest"].to_numpy(), index=digests["unit_id"].to_numpy(), dtype=object).sort_index(
        kind="stable")


def fingerprinted(connection, entries):
    """``entries`` (a frame about to be written) with their content digest, over their columns and the digests of
    their units and related units as the ledger holds them, and their fingerprint (``entries.digests``)."""
    return with_digests(entries, _unit_digests_of(connection, entries))


def with_digests(entries, units):
    """``entries`` with their content digest and fingerprint over ``units`` (unit_id -> digest)."""
    content, fingerprint = entry_math.digests(entries, units)
    return entries.assign(content_digest=content, fingerprint=fingerprint)


def unit_ids_of(entries):
    """The unit_ids of the units and related units of ``entries`` (a set)."""
    ids = set(entries["unit_id"].dropna())
    if "related_unit_id" in entries.columns:
        ids |= set(entries["related_unit_id"].dropna())
    return ids


def _unit_digests_of(connection, entries):
    """The ``unit_digests`` of the units and related units of ``entries``."""
    return unit_digests(connection, unit_ids_of(entries))


HASHED = entry_math.CONTENT_FIELDS + entry_math.INTERVAL_FIELDS
"""Entry fields hashed into a fingerprint, through the content digest or beside it."""


def _stored_entries(connection, key=None, values=(), fields=HASHED):
    """fid, the columns of ``fields`` held in the table and ``key`` of the entries whose ``key`` column is in
    ``values`` (every entry when None), REAL columns as float64."""
    where, params = ("", ()) if key is None else (
        f' WHERE "{key}" IN (SELECT value FROM json_each(?))', (json_ids(values),))
    held = [c for c in fields if c in schema.columns("entries")]
    held += [key] if key not in (None, "fid", *held) else []  # a key outside the fields (run_id)
    real = {c: "float64" for c in schema.real_columns("entries") if c in held}
    return pd.read_sql_query(f'SELECT fid, {", ".join(held)} FROM entries{where}', connection, params=params,
                             dtype=real or None)


HELD_FIELDS = (*HASHED, "content_digest", "fingerprint")
"""Entry fields read to check that an entry's stored digests still hold (``require_held``)."""
INTERVAL_HELD_FIELDS = (*entry_math.FINGERPRINT_FIELDS, "fingerprint")
"""Entry fields read to check a stored fingerprint over the stored content digest and interval alone (the entry_id
of an entry that fails is read then, not every entry's)."""


def require_held(connection, key, values):
    """Raise LedgerInputError unless the stored digests of the entries whose ``key`` is in ``values`` hold
    (``check_held``): a run about to change them and set their digests again checks first."""
    check_held(connection, _stored_entries(connection, key, values, HELD_FIELDS))


def check_held(connection, stored, interval_only=False):
    """Raise LedgerInputError when an entry of ``stored`` (as read, with its fid, content_digest and fingerprint)
    was altered since the run that wrote it: its fingerprint is not the one over its stored content
    digest and interval, or (unless ``interval_only``) its content digest is not the one over its columns and
    units. A run that set their digests again, or copied the entries into new ones with digests of their own (a new
    version of a year, a calibration, a scenario), would hide the alteration from verification. The entry named is
    read from ``stored``'s entry_id when it has that column, else looked up by fid."""
    content = stored["content_digest"].to_numpy(dtype=object)
    if not interval_only:
        content = np.asarray(entry_math.content_digests(stored, _unit_digests_of(connection, stored)), dtype=object)
    fingerprint = np.asarray(entry_math.fingerprints(
        content, *(stored[field] for field in entry_math.INTERVAL_FIELDS)), dtype=object)
    content_differs = stored["content_digest"].to_numpy(dtype=object) != content
    altered = content_differs | (stored["fingerprint"].to_numpy(dtype=object) != fingerprint)
    if not altered.any():
        return
    first = int(np.flatnonzero(altered)[0])
    field = "content_digest" if content_differs[first] else "fingerprint"
    count = int(altered.sum())
    ids = _entry_ids(connection, stored[altered])
    causes = resegmentation.explained(connection, ids) if content_differs[first] else ()
    if len(causes) == count:  # every one hangs from a unit a later segmentation run changed: not an alteration
        raise LedgerInputError(resegmentation.refusal(connection, count, field, causes.iloc[0]), layer="entries",
                               field=field, row=ids[0])
    entry_id = ids[0]
    if count == 1:
        message = tr("{count} entry was altered outside the plugin since the run that wrote it (the stored {field} "
                     "of entry '{entry_id}' does not hold); this run would have fingerprinted the alteration anew, so "
                     "it changed nothing: carbonledger:verifyledger lists the altered entries").format(
            count=count, field=field, entry_id=entry_id)
    else:
        message = tr("{count} entries were altered outside the plugin since the run that wrote them (the stored "
                     "{field} of entry '{entry_id}' does not hold, the first); this run would have fingerprinted the "
                     "alteration anew, so it changed nothing: carbonledger:verifyledger lists the altered "
                     "entries").format(count=count, field=field, entry_id=entry_id)
    raise LedgerInputError(message, layer="entries", field=field, row=entry_id)


def require_factors_held(connection):
    """Raise LedgerInputError unless the factor rows are as the last run sealed them (their buckets in seal_buckets;
    a ledger whose factors were never sealed passes). Every run checks before it writes: one that reads factors
    (uncertainty's ranges, a source's value) would book a hand edit as cited, and one that writes factor rows would
    seal the edit of a row it re-writes as its own, or erase its trace."""
    sealed = seal_state.stored_buckets(connection)
    sealed = sealed[sealed["layer"] == "factors"]
    if not len(sealed):
        return
    differ = seal_state.differing(sealed, seal_state.bucket_digests("factors", *seal_state.factor_hashes(connection)))
    if len(differ):
        fid = int(differ["first_fid"].iloc[0])
        row = connection.execute("SELECT factor_id FROM factors WHERE fid = ?", (fid,)).fetchone()
        named = tr("factor row '{factor_id}' (fid {fid})").format(factor_id=row[0], fid=fid) if row else \
            tr("the factor row of fid {fid} (deleted)").format(fid=fid)
        raise LedgerInputError(
            tr("{count:,} factor rows were altered, inserted or deleted outside the plugin since the last run "
               "sealed them, {named} the first; this run would have used or sealed the alteration as its own, so it "
               "changed nothing: carbonledger:verifyledger reports it (factors_root). Put the row back as it was "
               "(from a copy of the ledger, or for a shipped factor its row of resources/factors), then give a "
               "corrected factor as a FACTORS table of the accounting run").format(count=len(differ), named=named),
            layer="factors", field="factors_root", row=row[0] if row else fid)


def _entry_ids(connection, stored):
    """The entry_id of each entry of ``stored`` (its column, else looked up by fid), a list in order."""
    if "entry_id" in stored.columns:
        return stored["entry_id"].tolist()
    found = dict(connection.execute("SELECT fid, entry_id FROM entries WHERE fid IN (SELECT value FROM json_each(?))",
                                    (json_ids(stored["fid"].astype(int)),)).fetchall())
    return [found[int(fid)] for fid in stored["fid"]]


def refingerprint(connection, key=None, values=()):
    """Set again the content digest and fingerprint of the entries whose ``key`` column is in ``values`` (after an
    update; every entry when ``key`` is None)."""
    renewed = fingerprinted(connection, _stored_entries(connection, key, values))
    connection.executemany("UPDATE entries SET content_digest = ?, fingerprint = ? WHERE fid = ?", zip(
        renewed["content_digest"].tolist(), renewed["fingerprint"].tolist(), renewed["fid"].tolist(), strict=True))


def updated(connection, frame, key, stored=None):
    """The entries whose ``key`` is in ``frame`` as they will be once ``frame``'s columns are set on them: fid, those
    columns and their new digests, so that one UPDATE by fid writes the values and the digests, without writing the
    values first and reading them back. A key repeated in ``frame``: its last row. When ``frame`` changes only the
    interval (``entries.INTERVAL_FIELDS``), only the stored content digest and interval are read, and only the
    fingerprint is new; else both digests are recomputed from the columns and the units (``fingerprinted``).
    Raises LedgerInputError when the stored digests do not hold as they stand (``check_held``; the interval only:
    the stored fingerprint against the stored content digest and interval). stored: those entries' fid and
    INTERVAL_HELD_FIELDS as already read in the run's transaction (REAL as float64, in fid order), for a ``frame`` of
    intervals keyed by fid, or None to read them here."""
    changes = frame.drop_duplicates(key, keep="last").set_index(key)
    interval_only = set(changes.columns) <= set(entry_math.INTERVAL_FIELDS)
    fields = INTERVAL_HELD_FIELDS if interval_only else HELD_FIELDS
    if stored is None or not interval_only or key != "fid":
        stored = _stored_entries(connection, key, changes.index.tolist(), fields)
    check_held(connection, stored, interval_only)
    for column in changes.columns:
        stored[column] = changes[column].reindex(stored[key].to_numpy()).to_numpy()
    if interval_only:
        stored["fingerprint"] = entry_math.fingerprints(
            stored["content_digest"], *(stored[field] for field in entry_math.INTERVAL_FIELDS))
        return stored[["fid", *changes.columns, "fingerprint"]]
    return fingerprinted(connection, stored)[["fid", *changes.columns, "content_digest", "fingerprint"]]


MIGRATED_ROWS = 100_000
"""Entries read and fingerprinted at a time by a migration (``renew_fingerprints``, ``fingerprint_as_schema_7``)."""


def _entry_parts(connection, fields):
    """fid and the columns of ``fields`` held in the table of every entry, MIGRATED_ROWS entries at a time in fid
    order (each part read after the one before it was written), REAL columns as float64."""
    held = [c for c in fields if c in schema.columns("entries")]
    real = {c: "float64" for c in schema.real_columns("entries") if c in held}
    last = 0
    while True:
        part = pd.read_sql_query(f'SELECT fid, {", ".join(held)} FROM entries WHERE fid > ? ORDER BY fid LIMIT ?',
                                 connection, params=(last, MIGRATED_ROWS), dtype=real or None)
        if not len(part):
            return
        yield part
        last = int(part["fid"].iloc[-1])


def fingerprint_as_schema_7(connection):
    """Set the fingerprint of every entry as schemas 6 and 7 defined it: one stage over every field, the interval
    included (``entries.SCHEMA_7_FIELDS``), for the migration to schema 6."""
    for part in _entry_parts(connection, entry_math.SCHEMA_7_FIELDS):
        old = entry_math.content_digests(part, _unit_digests_of(connection, part), entry_math.SCHEMA_7_FIELDS)
        connection.executemany("UPDATE entries SET fingerprint = ? WHERE fid = ?",
                               zip(old, part["fid"].tolist(), strict=True))


def renew_fingerprints(connection):
    """Set the content digest and fingerprint (schema 8) of every entry whose stored fingerprint is the one of schemas
    6 and 7 over its columns and units (``entries.SCHEMA_7_FIELDS``); an entry whose fingerprint did not hold keeps
    it, without a content digest, so that verification still reports it. Returns how many kept theirs."""
    failing = 0
    for part in _entry_parts(connection, (*HASHED, "fingerprint")):
        units = _unit_digests_of(connection, part)
        holds = part["fingerprint"].to_numpy(dtype=object) == np.asarray(
            entry_math.content_digests(part, units, entry_math.SCHEMA_7_FIELDS), dtype=object)
        content, fingerprint = entry_math.digests(part[holds], units)
        connection.executemany("UPDATE entries SET content_digest = ?, fingerprint = ? WHERE fid = ?",
                               zip(content, fingerprint, part["fid"][holds].tolist(), strict=True))
        failing += int((~holds).sum())
    return failing


def merkle_state(connection):
    """The state schema 6 sealed (to check it before migrating the seals): entries_root, the Merkle root of one
    leaf per entry in entry_id order, ``fingerprint 0x1F run_id 0x1F computed_at``, and units_root, that of the
    unit digests in unit_id order, with their counts."""
    rows = connection.execute("SELECT fingerprint, run_id, computed_at FROM entries ORDER BY entry_id").fetchall()
    columns = list(zip(*rows, strict=True)) or [(), (), ()]
    leaves = [text.encode("utf-8") for text in seal_state.entry_leaves(*columns)]
    digests = unit_digests(connection)
    return {"entries_count": len(leaves), "entries_root": merkle_root(leaves),
            "units_count": len(digests), "units_root": merkle_root([d.encode("ascii") for d in digests])}


def ledger_state(connection):
    """What a seal records of the ledger (entries_count, entries_root, units_count, units_root), recomputed from
    every row."""
    return seal_state.state_of(seal_state.ledger_buckets(connection))


def seal_of(row):
    """SHA-256 (hex) of a runs row (a dict) over every column but ``schema.UNSEALED`` (and but those of
    ``schema.SEALED_WHEN_SET`` it leaves empty: a row sealed before schema 9 keeps its seal), as canonical JSON."""
    sealed = {c: plain(row.get(c)) for c in schema.columns("runs") if c not in schema.UNSEALED}
    for column in schema.SEALED_WHEN_SET:
        if sealed.get(column) is None:
            sealed.pop(column, None)
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


def sealed(connection, row, signing_key=None, digested=None):
    """``row`` (a runs row as a dict, about to be appended, on a connection ``seal_state.watch``-ed since the run
    began) with its seal columns set, sealed at run, and
    signed by ``signing_key`` (an Ed25519 private key, ``signing.private_key``) when one is given. digested:
    {layer: seal_state.InsertDigests} of the rows the run digested as it inserted them."""
    row = dict(row, **seal_state.sealed_state(connection, row["run_id"], digested))
    row.update(sealed=AT_RUN, previous_seal=last_seal(connection))
    row["seal"] = seal_of(row)
    if signing_key is not None:
        row["signature"], row["signed_by"] = signing.sign(signing_key, row["seal"])
    return row


def seal_existing_runs(connection):
    """Seal the runs rows of a ledger made before seals (schema < 3), in fid order, as sealed 'at migration,
    not at run'; only the last one records the ledger's entries and units (as they are now, in the Merkle roots
    of schema 6: ``merkle_state``)."""
    runs = pd.read_sql_query("SELECT fid, * FROM runs ORDER BY fid", connection)
    runs = runs.loc[:, ~runs.columns.duplicated()]
    previous = ""
    for position, row in enumerate(runs.to_dict("records")):
        row = dict(row, previous_seal=previous, sealed=AT_MIGRATION, run_entries=connection.execute(
            "SELECT count(*) FROM entries WHERE run_id = ?", (row["run_id"],)).fetchone()[0])
        if position == len(runs) - 1:
            row.update(merkle_state(connection))
        row["seal"] = previous = seal_of(row)
        columns = [c for c, _, _ in schema.RUN_SEAL if c in row]
        connection.execute(f"UPDATE runs SET {', '.join(f'{c} = ?' for c in columns)} WHERE fid = ?",
                           [plain(row[c]) for c in columns] + [int(row["fid"])])
    if len(runs):
        record_last_seal(connection, previous)


def _last_run(connection):
    """The last runs row as a dict with its fid (None without runs)."""
    runs = pd.read_sql_query("SELECT fid, * FROM runs ORDER BY fid DESC LIMIT 1", connection)
    last = runs.loc[:, ~runs.columns.duplicated()].to_dict("records")
    return last[0] if last else None


def last_run_records(connection, state):
    """Whether the last runs row records ``state`` ({column: value}: its counts and roots; False without runs)."""
    last = _last_run(connection)
    return last is not None and all(str(plain(last[k])) == str(v) for k, v in state.items())


def reseal_at_migration(connection, held, folded=None):
    """Fill seal_buckets from every row and re-seal the last runs row over the roots of schema 7, marked 'at
    migration, not at run' and unsigned (its seal changes), when its roots ``held`` before the migration changed
    the rows (``last_run_records``: the Merkle roots of schema 6, ``merkle_state``, or the buckets' roots, before
    re-fingerprinting); a ledger altered since its last run keeps that row as it was, so verification reports it.
    folded: {layer: buckets} already recomputed from the rows (the other layers are read here)."""
    buckets = seal_state.ledger_buckets(connection, folded)
    seal_state.store_buckets(connection, buckets)
    if not held:
        return
    row = dict(_last_run(connection), sealed=AT_MIGRATION, signature=None, signed_by=None,
               **seal_state.state_of(buckets))
    row["seal"] = seal_of(row)
    columns = [c for c, _, _ in schema.RUN_SEAL]
    connection.execute(f"UPDATE runs SET {', '.join(f'{c} = ?' for c in columns)} WHERE fid = ?",
                       [plain(row[c]) for c in columns] + [int(row["fid"])])
    record_last_seal(connection, row["seal"])


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


def chain_record(ledger, folded=None):
    """(runs, info, state) of a store.Ledger for verification: the runs table in fid order, the ledger_info
    values as a dict and the current ``ledger_state`` (recomputed from the rows; with ``differing``, the buckets
    that differ from seal_buckets, and ``stored_state``, the state of seal_buckets: it names those buckets only
    when it is the state the last run sealed). folded: {layer: buckets} already recomputed from the rows of those
    layers (``seal_state.BucketFold``; the other layers are read here)."""
    runs = ledger.read_table("runs")
    info = dict(ledger.read_table("ledger_info").itertuples(index=False, name=None))
    with contextlib.closing(ledger.connect()) as connection:
        buckets = seal_state.ledger_buckets(connection, folded)
        stored = seal_state.stored_buckets(connection)
    state = dict(seal_state.state_of(buckets), differing=seal_state.differing(stored, buckets),
                 stored_state=seal_state.state_of(stored))
    return runs, info, state


class UnitDigests:
    """The digests of every unit and link of a store.Ledger, 32 bytes each in one numpy array, in the order of
    the Hierarchy ``tree`` (``Ledger.units_and_links``: units then links, in fid order), read part by part with
    the buckets of their seal folded from the same parts (``buckets``, {layer: buckets}): what verification
    looks the entries' units up in, without a text per unit."""

    def __init__(self, ledger, tree):
        self.tree = tree
        self.digests = np.zeros((len(tree), 32), dtype=np.uint8)
        self.buckets = {}
        start = 0
        with contextlib.closing(ledger.connect()) as connection:
            for layer in UNIT_LAYERS:
                fold = seal_state.BucketFold(layer)
                for fids, unit_ids, hashed in seal_state.digest_parts(connection, layer):
                    end = start + len(fids)
                    if not pd.Index(unit_ids).equals(tree.ids[start:end]):
                        raise LedgerInputError(tr("the {layer} changed while the ledger was verified").format(
                            layer=layer), layer=layer)
                    self.digests[start:end] = np.frombuffer(hashed, dtype=np.uint8).reshape(-1, 32)
                    fold.add(fids, hashed)
                    start = end
                self.buckets[layer] = fold.buckets()
        if start != len(tree):
            raise LedgerInputError(tr("the units changed while the ledger was verified"), layer="units")

    def series(self, unit_ids):
        """The ``unit_digests`` (Series unit_id -> hex digest) of the distinct ``unit_ids`` that are units or links."""
        wanted = pd.unique(pd.Series(unit_ids, dtype=object).dropna())
        position = self.tree.codes(wanted)
        found = position >= 0
        return pd.Series([row.tobytes().hex() for row in self.digests[position[found]]], index=wanted[found],
                         dtype=object)
