"""The journal's SQLite file: its schema, how it is created, opened, checked and checkpointed.

:mod:`simulator.journal` is the journal as the drill sees it (append events, read them back);
this module is the file underneath: the tables and triggers that make it append-only, creating
it owner-only, refusing what is not a journal (or a journal too new), and the errors a user
can cause by pointing warroom at the wrong or a damaged file.
"""

from __future__ import annotations

import os
import sqlite3
from os import PathLike
from pathlib import Path

FORMAT = 1
"""Journal format version this module writes, and the newest it reads."""

APPLICATION_ID = 0x5752_4A31
"""SQLite ``application_id`` of a warroom journal ("WRJ1"), so ``file(1)`` can tell it apart."""

SCHEMA = (
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE events (
        seq   INTEGER PRIMARY KEY CHECK (seq >= 1),
        t     REAL NOT NULL,
        wall  REAL NOT NULL,
        kind  TEXT NOT NULL,
        actor TEXT NOT NULL,
        data  TEXT NOT NULL
    )""",
    """CREATE TRIGGER events_in_order BEFORE INSERT ON events
       WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM events), 0) + 1
       BEGIN SELECT RAISE(ABORT, 'warroom journal: event seq must follow the last one'); END""",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'warroom journal: events are append-only'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'warroom journal: events are append-only'); END""",
    # Meta is written once: the ``format`` row goes in last, and after it nothing more goes in.
    """CREATE TRIGGER meta_written_once BEFORE INSERT ON meta
       WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'format')
       BEGIN SELECT RAISE(ABORT, 'warroom journal: meta is written once'); END""",
    """CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta
       BEGIN SELECT RAISE(ABORT, 'warroom journal: meta cannot be updated'); END""",
    """CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
       BEGIN SELECT RAISE(ABORT, 'warroom journal: meta cannot be deleted'); END""",
)

class JournalError(Exception):
    """A journal that cannot be used as asked (missing, not a journal, too new, exists already).

    The message is one line that names the path; the CLI prints it as a user error.
    """


class JournalDamaged(JournalError):
    """A journal whose file is damaged (cut, overwritten, a bad write-ahead log).

    The message is one line naming the path and what is wrong, and says that ``warroom repair``
    keeps every readable event.
    """


def damaged(path: Path, what: str) -> JournalDamaged:
    """The error for a journal at ``path`` found damaged as ``what`` says."""
    return JournalDamaged(f"{path}: damaged: {what}; `warroom repair {path}` keeps every "
                          "readable event")


def make_empty_file(path: Path, *, overwrite: bool) -> None:
    """Create ``path`` as an empty file, atomically refusing an existing one unless overwriting."""
    try:
        if overwrite:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        # Owner-only (0600): a journal holds the join codes' hashes and every message of the
        # drill. SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise JournalError(f"{path}: already exists; not overwriting it") from None
    except FileNotFoundError:
        raise JournalError(f"{path}: directory {path.parent} does not exist") from None
    except OSError as error:
        raise JournalError(f"{path}: cannot create journal: {error.strerror}") from None


def connect(path: Path, mode: str) -> sqlite3.Connection:
    """Connect to an existing file in ``mode`` (``ro`` or ``rw``) without creating it."""
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def set_sync(conn: sqlite3.Connection, durable: bool) -> None:
    """``synchronous=FULL`` for a live drill (a commit is on disk when it returns), else NORMAL."""
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    if durable:
        # A live drill commits on its event loop; an automatic checkpoint inside COMMIT stalls
        # it for up to ~200 ms. The session checkpoints from another thread instead (see
        # :func:`checkpoint`), and close() checkpoints what is left.
        conn.execute("PRAGMA wal_autocheckpoint = 0")


def checkpoint(path: str | PathLike[str]) -> None:
    """Copy committed WAL pages into the database without blocking writers (PASSIVE).

    Opens its own connection, so it may run in a worker thread while another connection keeps
    committing.
    """
    conn = sqlite3.connect(str(path), timeout=1.0)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()


def open_checked(path: Path, mode: str) -> sqlite3.Connection:
    """Connect to ``path`` and check that it is a warroom journal this version can read."""
    if not path.exists():
        raise JournalError(f"{path}: no such file")
    if path.is_dir():
        raise JournalError(f"{path}: is a directory, not a journal")
    if path.stat().st_size == 0:
        raise JournalError(f"{path}: empty file, not a journal")
    try:
        conn = connect(path, mode)
    except sqlite3.Error as error:
        raise JournalError(f"{path}: cannot open: {error}") from error
    try:
        _check_journal(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_journal(conn: sqlite3.Connection, path: Path) -> None:
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not {"meta", "events"} <= tables:
            raise JournalError(f"{path}: not a warroom journal (no meta and events tables)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise JournalError(f"{path}: not a warroom journal (not a SQLite file)") from None
        raise damaged(path, f"cannot read it ({error})") from None
    if row is None:
        raise JournalError(f"{path}: not a warroom journal (no format in its meta)")
    if not row[0].isdigit():
        raise JournalError(f"{path}: unknown journal format {row[0]!r}")
    if int(row[0]) > FORMAT:
        raise JournalError(
            f"{path}: journal format {row[0]} is newer than this warroom reads ({FORMAT}); "
            "upgrade warroom"
        )
