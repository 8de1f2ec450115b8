"""The drill journal: every event of a drill, in order, in one append-only SQLite file.

A drill is its event stream. The engine numbers its events from 1 and the journal stores them one
row per event, in a table that the database itself refuses to change: triggers abort any ``UPDATE``
or ``DELETE`` of an event, and any insert whose ``seq`` does not follow the last one (a gap or a
repeat). Beside the events, a ``meta`` table written once at creation holds what it takes to
replay the drill from the file alone: the full scenario and organisation YAML, the seed and the
roles played by bots. Replaying that input reproduces the same events (wall-clock time aside):
that is how analysis can trust a journal and how a live session recovers from a crash.

Three ways in:

* :meth:`Journal.create` starts a new journal (a rehearsal, or a live drill with ``durable=True``,
  where every command is committed, fsynced, before it is acknowledged);
* :meth:`Journal.append_to` reopens an existing journal to carry on appending (crash recovery);
* :meth:`Journal.open` reads a journal and cannot write to it.

Event ``data`` is stored as compact JSON with sorted keys, so two runs of the same seed give the
same bytes. The columns and the event kinds are described in ``docs/journal.md``.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import datetime
from importlib import metadata
from os import PathLike
from pathlib import Path
from types import TracebackType

from simulator.journal_file import (  # noqa: F401 - the file's names, re-exported
    APPLICATION_ID,
    FORMAT,
    JournalDamaged,
    JournalError,
    checkpoint,
    connect,
    damaged,
    make_empty_file,
    open_checked,
    set_sync,
)
from simulator.journal_file import SCHEMA as _SCHEMA
from simulator.records import Event
from simulator.wal import check_wal

REQUIRED_META = ("scenario_id", "scenario_name", "scenario_text", "org_text", "seed", "bots")
"""Meta keys the caller must give to :meth:`Journal.create`; ``format``, ``warroom_version`` and
``created`` are filled in when missing."""

EVENT_KINDS = frozenset({
    "drill.started", "drill.ended", "world.sample",
    "threat.started", "threat.stage", "threat.mitigated", "tool.down", "tool.up",
    "inject.fired", "fact.learned", "expectation.met", "expectation.missed",
    "action.taken", "action.rejected",
    "task.queued", "task.started", "task.done", "task.blocked",
    "objective.met", "objective.overdue", "objective.missed", "objective.not_applicable",
    "bot.slip", "incident.recovered",
    "clock.changed", "observation.recorded", "bots.changed", "message.read",
    "codes.changed", "commands.refused",
})
"""The event kinds of ``docs/journal.md`` ("Event kinds"), where each one's actor and data keys
are listed. The journal stores any kind; this set is what tools can check names against."""

_INSERT = "INSERT INTO events (seq, t, wall, kind, actor, data) VALUES (?, ?, ?, ?, ?, ?)"
_DATA_JSON = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


class SequenceError(ValueError):
    """An event whose ``seq`` does not follow the last one in the journal (a gap or a repeat)."""


def warroom_version() -> str:
    """The installed warroom version, or ``"unknown"`` when running from an uninstalled tree."""
    try:
        return metadata.version("warroom")
    except metadata.PackageNotFoundError:
        return "unknown"


class Journal:
    """An open drill journal; see the module docstring.

    Use the class methods to get one, and close it (or use it as a context manager) when done.
    A journal may be handed between threads but must not be used by two threads at once.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, writable: bool, last_seq: int):
        self.path = path
        self.writable = writable
        self._conn = conn
        self._last_seq = last_seq
        self._meta: dict[str, str] | None = None
        self._closed = False

    @classmethod
    def create(
        cls,
        path: str | PathLike[str],
        meta: Mapping[str, str],
        *,
        durable: bool = False,
        overwrite: bool = False,
    ) -> Journal:
        """Create a new, empty journal with its meta, committed before this returns.

        Args:
            path: Where to create the journal file.
            meta: Meta values, all strings; must hold :data:`REQUIRED_META` (``bots`` as a JSON
                list). ``format``, ``warroom_version`` and ``created`` are added when missing.
            durable: Commit with ``synchronous=FULL`` (live drills: a committed event survives a
                power cut) instead of ``NORMAL`` (rehearsals: fast, still never corrupt).
            overwrite: Replace an existing file instead of refusing.

        Raises:
            JournalError: The file exists (and ``overwrite`` is false) or cannot be created.
            ValueError: ``meta`` lacks a required key or holds a bad value.
            TypeError: A meta value is not a string.
        """
        path = Path(path)
        rows = _complete_meta(meta)
        make_empty_file(path, overwrite=overwrite)
        conn = connect(path, "rw")
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows)
            conn.execute("COMMIT")
            set_sync(conn, durable)
        except sqlite3.Error as error:
            conn.close()
            path.unlink(missing_ok=True)
            raise JournalError(f"{path}: cannot create journal: {error}") from error
        return cls(path, conn, writable=True, last_seq=0)

    @classmethod
    def append_to(cls, path: str | PathLike[str], *, durable: bool = True) -> Journal:
        """Reopen an existing journal to append to it; the next event must follow :meth:`last_seq`.

        Raises:
            JournalError: The file is missing, not a warroom journal, or of a newer format.
        """
        path = Path(path)
        cls.check_log(path)
        conn = open_checked(path, "rw")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            set_sync(conn, durable)
            last = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        except sqlite3.Error as error:
            conn.close()
            raise JournalError(f"{path}: cannot open journal for appending: {error}") from error
        return cls(path, conn, writable=True, last_seq=last)

    @staticmethod
    def check_log(path: str | PathLike[str]) -> None:
        """Refuse a journal whose write-ahead log SQLite would quietly cut (:mod:`simulator.wal`).

        Call it before a journal nobody is writing is opened to carry on (a resume): SQLite
        reads a damaged log only up to the damage, so the drill would go on without decisions
        that were acknowledged.

        Raises:
            JournalDamaged: The log is cut short, damaged or unreadable.
        """
        path = Path(path)
        if path.is_file():
            log = check_wal(path)
            if log.problem is not None:
                raise damaged(path, log.problem)

    @classmethod
    def open(cls, path: str | PathLike[str]) -> Journal:
        """Open a journal read-only (it may still be growing, written by a live session).

        Raises:
            JournalError: The file is missing, not a warroom journal, or of a newer format.
        """
        path = Path(path)
        return cls(path, open_checked(path, "ro"), writable=False, last_seq=0)

    def append(self, events: Iterable[Event]) -> None:
        """Append events in the current transaction; :meth:`commit` makes them durable.

        The batch goes in whole or not at all. Events without a wall time are stamped with the time
        of this call.

        Raises:
            SequenceError: An event's ``seq`` does not follow the one before it.
            TypeError: An event's data is not JSON-able.
            ValueError: An event's data holds NaN or an infinity.
            JournalError: The journal was opened read-only.
        """
        if not self.writable:
            raise JournalError(f"{self.path}: journal is open read-only")
        now = time.time()
        expected = self._last_seq + 1
        rows = []
        for event in events:
            if event.seq != expected:
                raise SequenceError(
                    f"{self.path}: event seq {event.seq} ({event.kind}) does not follow "
                    f"seq {expected - 1}"
                )
            wall = now if event.wall is None else event.wall
            rows.append(
                (event.seq, event.t, wall, event.kind, event.actor, _DATA_JSON.encode(event.data))
            )
            expected += 1
        if not rows:
            return
        conn = self._conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        conn.execute("SAVEPOINT batch")
        try:
            conn.executemany(_INSERT, rows)
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back the whole transaction itself
                conn.execute("ROLLBACK TO batch")
                conn.execute("RELEASE batch")
            raise
        conn.execute("RELEASE batch")
        self._last_seq = expected - 1

    def commit(self) -> None:
        """Commit the appended events (with ``durable``, they are on disk when this returns)."""
        if self._conn.in_transaction:
            self._conn.execute("COMMIT")

    def rollback(self) -> None:
        """Drop what was appended since the last commit (after a write that failed)."""
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._last_seq = self._conn.execute(
            "SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]

    def close(self) -> None:
        """Commit what was appended and close the file. Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.writable:
                self.commit()
                # Fold the write-ahead log into the main file, so the closed journal is that one
                # file (a reader still busy may postpone this; SQLite then keeps the ``-wal``).
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Appended events are facts of the drill so far: they are kept even if the drill failed.
        self.close()

    def meta(self) -> dict[str, str]:
        """The meta table as a dict (a copy; meta never changes once written)."""
        if self._meta is None:
            try:
                rows = self._conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
            except sqlite3.DatabaseError as error:
                raise damaged(self.path, f"its meta cannot be read ({error})") from None
            if any(not isinstance(k, str) or not isinstance(v, str) for k, v in rows):
                raise damaged(self.path, "its meta holds values that are not text")
            self._meta = dict(rows)
        return dict(self._meta)

    def events(
        self, kinds: Collection[str] | None = None, after_seq: int = 0
    ) -> Iterator[Event]:
        """Iterate over events in ``seq`` order.

        Args:
            kinds: Only these kinds (``None``: all kinds; empty: none; a string: that kind).
            after_seq: Only events with a ``seq`` greater than this (to follow a growing journal).
        """
        if kinds is None:
            cursor = self._conn.execute(
                "SELECT seq, t, kind, actor, data, wall FROM events WHERE seq > ? ORDER BY seq",
                (after_seq,),
            )
        else:
            kinds = [kinds] if isinstance(kinds, str) else sorted(kinds)
            cursor = self._conn.execute(
                "SELECT seq, t, kind, actor, data, wall FROM events"
                " WHERE seq > ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY seq",
                (after_seq, json.dumps(kinds)),
            )
        expected = after_seq + 1 if kinds is None else None
        try:
            for row in cursor:
                event = read_row(row)
                if event is None:
                    after = f"after event {expected - 1}" if expected else "in it"
                    raise damaged(self.path, f"a record {after} is not well-formed")
                if expected is not None:
                    if event.seq != expected:
                        raise damaged(self.path, f"events {expected} to {event.seq - 1} are "
                                      "missing")
                    expected += 1
                yield event
        except sqlite3.DatabaseError as error:
            raise damaged(self.path, f"cannot read past event {(expected or 1) - 1} "
                          f"({error})") from None

    def kinds(self) -> dict[str, int]:
        """How many events of each kind the journal holds, by kind."""
        rows = self._conn.execute("SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind")
        return dict(rows)

    def last_seq(self) -> int:
        """The ``seq`` of the last event (0 for an empty journal), appended or committed."""
        if self.writable:
            return self._last_seq
        return self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM events").fetchone()[0]

    def __repr__(self) -> str:
        mode = "append" if self.writable else "read-only"
        return f"<Journal {str(self.path)!r} {mode}>"


def read_row(row: tuple) -> Event | None:
    """The event of a row ``(seq, t, kind, actor, data, wall)``, or None if it is malformed."""
    seq, t, kind, actor, data, wall = row
    if not (isinstance(seq, int) and isinstance(t, float | int) and isinstance(kind, str)
            and isinstance(actor, str) and isinstance(data, str)
            and (wall is None or isinstance(wall, float | int))):
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict) or not math.isfinite(t):
        return None
    return Event(seq, float(t), kind, actor, value, wall)


def _complete_meta(meta: Mapping[str, str]) -> list[tuple[str, str]]:
    """Check the caller's meta, fill in the defaults and order the rows (``format`` last)."""
    missing = [key for key in REQUIRED_META if key not in meta]
    if missing:
        raise ValueError(f"journal meta lacks {', '.join(missing)}")
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"journal meta {key!r}: keys and values must be strings")
    if "format" in meta and meta["format"] != str(FORMAT):
        raise ValueError(f"journal meta format {meta['format']!r}: this warroom writes {FORMAT}")
    try:
        bots = json.loads(meta["bots"])
    except json.JSONDecodeError:
        bots = None
    if not isinstance(bots, list):
        raise ValueError(f"journal meta bots {meta['bots']!r}: must be a JSON list of role ids")
    full = {
        "warroom_version": warroom_version(),
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        **meta,
    }
    full.pop("format", None)
    return [*sorted(full.items()), ("format", str(FORMAT))]


