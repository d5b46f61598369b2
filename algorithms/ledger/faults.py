"""System faults around the ledger file as messages, not tracebacks: a file that is not a GeoPackage or not
a ledger, a missing folder, a read-only file or folder, a ledger locked by another program (after a stated
busy timeout, naming the holder where the system tells), a full disk (the real cause, not the failed
rollback that follows it).

The checks here run before anything writes, so a refused run leaves the ledger's bytes as they were.
"""
import contextlib
import errno
import os
import sqlite3

from ..core.errors import LedgerInputError
from ..core.messages import tr

BUSY_TIMEOUT_S = 30.0
"""Seconds a connection waits for another program's lock on the ledger before the run is refused."""
RUN_CACHE_KIB = 262_144
"""SQLite page cache of a run's write session, KiB (SQLite's default is 2,000). A run reaches a city's pages
out of file order (its units by id, their totals and year totals, the entries' index pages) and back again;
with the default cache every return was a read from the file (a rerun of accountsources on the 2.2 GB ledger of
the 100,000-parcel city read 9.7 GB, a fifth of its CPU in system time). Pages are taken as they are
used, so a small run holds little; at most this much per run."""
SQLITE_HEADER = b"SQLite format 3\x00"
LEDGER_TABLES = ("entries", "runs")
"""Tables every ledger has had since release 0.1.0 (schema 1): a GeoPackage with a ``units`` layer but
without these is another tool's."""


def connect(path, **options):
    """An sqlite3 connection to ``path`` that waits BUSY_TIMEOUT_S for another program's lock."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, **options)


def check_geopackage(path):
    """Raise LedgerInputError when ``path`` is missing, a folder, unreadable or not an SQLite file."""
    if not os.path.exists(path):
        raise LedgerInputError(tr("no ledger at '{path}'; create it with carbonledger:createledger").format(path=path),
                               layer="LEDGER")
    if os.path.isdir(path):
        raise LedgerInputError(tr("'{path}' is a folder, not a ledger GeoPackage").format(path=path), layer="LEDGER")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise LedgerInputError(tr("cannot read '{path}' ({reason})").format(path=path, reason=error.strerror),
                               layer="LEDGER") from None
    if header != SQLITE_HEADER:
        raise LedgerInputError(tr("'{path}' is not a GeoPackage (not an SQLite database file)").format(path=path),
                               layer="LEDGER")


def check_ledger_tables(connection, path):
    """Raise LedgerInputError when the GeoPackage on ``connection`` has a ``units`` layer but is not a ledger."""
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = {row[1] for row in connection.execute('PRAGMA table_info("units")')}
    missing = [name for name in LEDGER_TABLES if name not in names]
    if missing or "unit_id" not in columns:
        what = tr("no {tables} table").format(tables=", ".join(missing)) if missing else \
            tr("its units layer has no unit_id field")
        raise LedgerInputError(
            tr("'{path}' is a GeoPackage from another tool, not a ledger ({what}); choose a ledger file or create "
               "one with carbonledger:createledger").format(path=path, what=what), layer="LEDGER")


def _writable(path):
    """Whether ``path`` may be written: permitted, and not marked read-only (no write bit; an
    administrator's account could write it, but the owner marked it read-only)."""
    return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)


def check_writable(path):
    """Raise LedgerInputError when the ledger at ``path`` (existing or to be created) cannot be written:
    a missing folder, a read-only folder (SQLite writes its journal next to the file) or file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise LedgerInputError(tr("the folder '{folder}' does not exist").format(folder=folder), layer="LEDGER")
    if not _writable(folder):
        raise LedgerInputError(
            tr("the folder '{folder}' is read-only: the ledger needs it writable for its journal").format(
                folder=folder), layer="LEDGER")
    if os.path.exists(path) and not _writable(path):
        raise LedgerInputError(tr("'{path}' is read-only").format(path=path), layer="LEDGER")


def holders(path):
    """'pid (program)' of the other processes that have ``path`` open, as far as /proc tells (Linux; the
    current user's processes only); empty elsewhere."""
    target = os.path.realpath(path)
    found = []
    with contextlib.suppress(OSError):
        for pid in filter(str.isdigit, os.listdir("/proc")):
            if int(pid) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                fds = os.listdir(f"/proc/{pid}/fd")
                if any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == target for fd in fds):
                    with open(f"/proc/{pid}/comm") as handle:
                        found.append(f"{pid} ({handle.read().strip()})")
    return found


def cause(error, path):
    """The message of an sqlite3 error (or OSError) met reading or writing the ledger at ``path``."""
    text = f"{error} {getattr(error, 'sqlite_errorname', '')}".lower()
    if "locked" in text or "busy" in text:
        held = holders(path)
        who = tr("held by process {processes}").format(processes=", ".join(held)) if held else \
            tr("held by another program")
        return tr("the ledger '{path}' is locked ({who}) and stayed locked for {timeout:g} s; close the "
                  "other program's edit session or wait for its run to end, then run again").format(
            path=path, who=who, timeout=BUSY_TIMEOUT_S)
    if "full" in text or getattr(error, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return tr("the disk (or the file size limit) holding '{path}' is full; free space and run again "
                  "(the ledger was left as it was)").format(path=path)
    if "ioerr" in text or "disk i/o" in text:
        return tr("writing '{path}' failed ({error}): the disk is full, a file size limit was reached or the drive "
                  "failed; the ledger was left as it was").format(path=path, error=str(error))
    if "readonly" in text or "read-only" in text:
        return tr("'{path}' or its folder is read-only").format(path=path)
    if "not a database" in text or "malformed" in text:
        return tr("'{path}' is not a GeoPackage, or is damaged ({error})").format(path=path, error=str(error))
    if "unable to open" in text:
        return tr("cannot open '{path}' (missing folder or no permission)").format(path=path)
    return None


@contextlib.contextmanager
def sqlite_faults(path):
    """Turn an sqlite3 error (or a disk OSError) inside the block into LedgerInputError naming its cause."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        reason = cause(error, path)
        if reason is None:
            raise
        raise LedgerInputError(reason, layer="LEDGER") from None


@contextlib.contextmanager
def write_session(path):
    """An sqlite3 connection (autocommit; the caller begins and ends its transaction) for one run's writes,
    after check_writable; sqlite3 errors become LedgerInputError naming their cause.

    The journal mode is the file's own: a ledger QGIS is editing is in WAL mode (QGIS sets it while editing
    a GeoPackage and sets DELETE back on closing it), so readers and this writer do not block each other.
    The plugin does not switch a ledger to WAL itself: switching writes the file's header, so a run that is
    refused or rolled back would no longer leave the ledger's bytes as they were, and a WAL-mode file cannot
    be opened in a read-only folder (a verifier's copy). In DELETE mode a reader blocks the commit for at
    most BUSY_TIMEOUT_S, then the run is refused naming the holder.
    """
    check_writable(path)
    with sqlite_faults(path):
        connection = connect(path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA cache_size = -{RUN_CACHE_KIB}")
            yield connection
        except sqlite3.Error:
            connection.close()
            _recover(path)
            raise
        finally:
            connection.close()


def _recover(path):
    """After a failed write (a full disk), let SQLite roll the hot journal back now, so that the file
    holds its old bytes again without waiting for the next reader."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(connect(path)) as connection:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
