"""A verifier's own record of the ledger files it verified, by the SHA-256 of their bytes: the inventory report
quotes the verification of the same bytes instead of verifying the whole ledger again (issue 22: in a pipeline,
carbonledger:verifyledger and then carbonledger:inventoryreport verified every entry twice).

Why a record is safe to quote:

- Verification without INPUTS and PUBLIC_KEY (the only one recorded: the report's) is a function of the ledger
  file's bytes alone. A record holds the SHA-256 of the whole file as it was verified; the file must not have
  changed (its size, times and inode) from before it was hashed until the result was recorded.
- A record is looked up by the SHA-256 of the file as it is when the report starts: a ledger whose bytes differ by
  one from those verified (a tampered entry, a unit, a total, a seal, the file's header) finds no record and is
  verified again.
- Records live in the verifier's own folder (the QGIS profile), never in or beside the ledger: whoever can alter a
  ledger can write a record beside it, not into the verifier's profile (who can write there can change the
  plugin's code too). Nothing read from the ledger decides whether a record is used.
- A ledger with a SQLite journal or WAL file beside it is neither recorded nor looked up: SQLite would read those
  pages too (or roll them back into the file), so the file's bytes would not be what is read.
- A record of another plugin version or ledger schema is not used (another verifier).
"""
import contextlib
import json
import os
import tempfile
import time

from ..core.ahead import beside
from ..core.progress import NO_PROGRESS
from ..core.version import PLUGIN_VERSION
from ..ledger.provenance import file_sha256
from ..ledger.schema import SCHEMA_VERSION
from ..ledger.store import utc_now
from . import verification

SIDE_FILES = ("-journal", "-wal", "-shm")
"""Files SQLite reads beside a database (a hot rollback journal, a write-ahead log and its index)."""
RECORDS_KEPT = 200
"""Records a verifier keeps (about 340 bytes each): the oldest beyond these are removed when one is kept."""
SETTLED_NS = 2_000_000_000
"""A file written less than this long ago (ns) is not hashed for a record: a file system's clock may tick coarsely,
so a write in the same tick as the last one would leave its times as they were."""


def file_state(path):
    """(size, modification time, change time in ns, inode) of the file at ``path``: a write changes one of them."""
    stat = os.stat(path)
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def file_bytes_changed(path, hashed):
    """Whether the file at ``path`` may hold other bytes than when ``hashed`` (``VerificationRecords.hashed``): its
    state differs, or a journal lies beside it."""
    try:
        return file_state(path) != hashed[0] or any(os.path.exists(path + side) for side in SIDE_FILES)
    except OSError:  # gone
        return True


class VerificationRecords:
    """The records of the verifications run by this verifier: one JSON file per verified file's SHA-256 in
    ``folder`` (the summary of ``verification.verify_ledger`` and when it ran)."""

    def __init__(self, folder, settled_ns=SETTLED_NS, kept=RECORDS_KEPT):
        self.folder, self.settled_ns, self.kept = folder, settled_ns, kept

    def hashed(self, path):
        """(``file_state``, SHA-256 hex of the bytes) of the ledger file at ``path``; None when a file SQLite would also
        read lies beside it (SIDE_FILES), it was written less than ``settled_ns`` ago (SETTLED_NS) or it cannot be
        read."""
        with self.hashing(path) as hashed:
            return hashed()

    @contextlib.contextmanager
    def hashing(self, path):
        """Yield a function giving ``hashed(path)``: the file's state is taken now, before the caller reads the file,
        and its bytes are hashed in a thread while the caller works (hashlib and the reads of 1 MiB blocks leave the
        GIL: wall time, not CPU); the hash stops when the block is left before it was asked for (an error, a
        cancel)."""
        state = self._settled_state(path)
        if state is None:
            yield lambda: None
            return
        with beside(_sha256, path) as digest:
            yield lambda: None if digest() is None else (state, digest())

    def _settled_state(self, path):
        """``file_state`` of the ledger file at ``path``, or None when it is not to be hashed (see ``hashed``)."""
        if any(os.path.exists(path + side) for side in SIDE_FILES):
            return None
        try:  # no file, or one that cannot be read: verification says why
            state = file_state(path)
        except OSError:
            return None
        return None if time.time_ns() - max(state[1], state[2]) < self.settled_ns else state

    def _path(self, digest):
        return os.path.join(self.folder, f"{digest}.json")

    def find(self, hashed):
        """(summary, verified at: UTC text) of the bytes ``hashed`` (``hashed``'s), or None when not recorded by this
        plugin version on this schema (or ``hashed`` is None)."""
        if hashed is None:
            return None
        try:
            with open(self._path(hashed[1]), encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            return None
        if (record.get("sha256"), record.get("plugin_version"), record.get("schema_version")) != (
                hashed[1], PLUGIN_VERSION, SCHEMA_VERSION):
            return None
        return record["summary"], record["verified_at"]

    def keep(self, path, hashed, summary, verified_at):
        """Record ``summary`` (``verify_ledger``'s, no INPUTS, no PUBLIC_KEY) of the file at ``path`` verified at
        ``verified_at``, whose bytes were ``hashed`` (``hashed``'s) before it was verified: only when the file has not
        changed since (and no journal lies beside it). Returns whether it was recorded."""
        if hashed is None or file_bytes_changed(path, hashed):
            return False
        record = {"sha256": hashed[1], "size": hashed[0][0], "plugin_version": PLUGIN_VERSION,
                  "schema_version": SCHEMA_VERSION, "verified_at": verified_at, "summary": summary}
        temporary = None
        try:  # a record that cannot be written (a read-only profile) only costs the next report a verification
            os.makedirs(self.folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out)
            os.replace(temporary, self._path(hashed[1]))  # whole or not at all
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.remove(temporary)
            return False
        self._prune()
        return True

    def _prune(self):
        """Remove the records beyond the ``kept`` most recently written (a removed one costs a verification)."""
        with contextlib.suppress(OSError):
            with os.scandir(self.folder) as found:
                records = [entry for entry in found if entry.name.endswith(".json")]
            newest_first = sorted(records, key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
            for entry in newest_first[self.kept:]:
                os.remove(entry.path)


def _sha256(path, stop):
    """``file_sha256`` of the file at ``path`` (None when ``stop`` is set first, or it cannot be read)."""
    try:
        return file_sha256(path, stop=stop)
    except OSError:
        return None


def verified(path, records=None, progress=NO_PROGRESS, hashed=None):
    """(summary of ``verification.verify_ledger(path)``, the UTC time it ran): the record of the file's bytes in
    ``records`` (a VerificationRecords) when it holds one, else verified now (and recorded there). hashed: a function
    giving ``records.hashed(path)`` as taken before the caller read the file (``VerificationRecords.hashing``'s);
    None: the file is hashed now."""
    hashed = None if records is None else hashed() if hashed is not None else records.hashed(path)
    found = records.find(hashed) if records is not None else None
    if found is not None:
        return found
    _, summary, verified_at = verify_and_keep(path, records, progress=progress, hashed=hashed)
    return summary, verified_at


def verify_and_keep(path, records=None, inputs=None, public_key=None, progress=NO_PROGRESS, hashed=None):
    """(mismatches, summary, verified at: UTC text) of ``verification.verify_ledger`` run now on the file at ``path``
    (``inputs``, ``public_key`` as there). The summary is kept in ``records`` (a VerificationRecords) only when the
    file's bytes alone decided it: no ``inputs``, no ``public_key``. hashed: ``records.hashed(path)`` when the
    caller took it already (else the file is hashed here, in a thread beside the verification)."""
    recordable = records is not None and inputs is None and public_key is None
    taken = contextlib.nullcontext(lambda: hashed) if hashed is not None or not recordable else records.hashing(path)
    with taken as hashed_bytes:
        mismatches, summary = verification.verify_ledger(path, inputs, progress, public_key)
        verified_at = utc_now()
        if recordable:
            records.keep(path, hashed_bytes(), summary, verified_at)
    return mismatches, summary, verified_at
