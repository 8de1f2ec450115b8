"""Repairing a damaged journal: keep every readable event, remake what replay can, say the rest.

A journal can be damaged by what happens to files: a copy cut short, a disk that fills or fails,
a write-ahead log lost or overwritten. The drill it records is still worth most of what it was,
because the engine is deterministic: from the meta (scenario, organisation, seed) and the events
that came from outside the engine (people's commands, the facilitator's controls), a replay
remakes every engine event exactly.

:func:`repair` reads what it can of a damaged journal, record by record, and writes a new one:

1. the meta must be readable (without the scenario nothing can be remade);
2. every readable event is kept; the outside events are replayed in order, which remakes the
   engine events between them, including those whose pages were lost;
3. where a replayed event disagrees with a readable one (an outside event was lost, so the drill
   took another course from there), the new journal ends before it, and the readable events from
   there on are written to a JSON Lines file beside it, so nothing readable is thrown away.

The damaged file itself is never changed: SQLite works on a private copy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from simulator.journal import Journal, JournalDamaged, JournalError, read_row
from simulator.records import Event
from simulator.replay import ReplayError, is_external, reapply, rebuild
from simulator.wal import check_wal, wal_path

_CHUNK = 256
_GIVE_UP = 1024
"""Consecutive unreadable or missing seqs after which the scan stops (no max(seq) to go by)."""


@dataclass
class Salvage:
    """What could be read of a journal."""

    meta: dict[str, str]
    events: dict[int, Event] = field(default_factory=dict)
    unreadable: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Repair:
    """What :func:`repair` kept, remade and dropped."""

    out: Path
    kept: int
    remade: list[int]
    dropped: list[int]
    dropped_file: Path | None
    notes: list[str]

    def lines(self) -> list[str]:
        """The report, a line each, for the command line."""
        lines = [*self.notes, f"kept {self.kept} events in {self.out}"]
        if self.remade:
            lines.append(f"remade by replay {len(self.remade)} events that could not be read "
                         f"({_ranges(self.remade)})")
        if self.dropped:
            lines.append(f"dropped {len(self.dropped)} readable events after the drill took "
                         f"another course ({_ranges(self.dropped)}); they are in "
                         f"{self.dropped_file}")
        return lines


def salvage(path: Path) -> Salvage:
    """Read every readable record of the journal at ``path`` (which is not changed).

    Raises:
        JournalError: Not a journal, or its meta cannot be read (nothing can be rebuilt).
    """
    path = Path(path)
    if not path.is_file():
        raise JournalError(f"{path}: no such file")
    notes = []
    log = check_wal(path)
    if log.problem is not None:
        notes.append(log.problem)
    with tempfile.TemporaryDirectory(prefix="warroom-repair-") as folder:
        copy = Path(folder) / "journal.sqlite"
        shutil.copyfile(path, copy)
        if log.size and log.header_ok:
            shutil.copyfile(wal_path(path), wal_path(copy))
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
            # A file cut short is refused outright unless the schema is "writable": then SQLite
            # goes by the file's real size. Only the private copy is opened so, and only read.
            conn.execute("PRAGMA writable_schema = ON")
        except sqlite3.Error as error:
            raise JournalError(f"{path}: cannot open: {error}") from None
        try:
            return _read(conn, path, notes)
        finally:
            conn.close()


def _read(conn: sqlite3.Connection, path: Path, notes: list[str]) -> Salvage:
    try:
        rows = conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError as error:
        why = "; ".join([*notes, str(error)])
        raise JournalDamaged(f"{path}: damaged beyond repair: its meta (the scenario, the seed) "
                             f"cannot be read ({why})") from None
    meta = {k: v for k, v in rows if isinstance(k, str) and isinstance(v, str)}
    missing = [k for k in ("scenario_text", "org_text", "seed", "bots") if k not in meta]
    if missing:
        raise JournalDamaged(f"{path}: damaged beyond repair: its meta lacks "
                             f"{', '.join(missing)}")
    found = Salvage(meta, notes=notes)
    try:
        top = conn.execute("SELECT max(seq) FROM events").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        top = None
    seq, misses = 1, 0
    while (seq <= top) if top is not None else misses < _GIVE_UP:
        chunk = _rows(conn, seq, seq + _CHUNK - 1)
        if chunk is None:  # a damaged page in this range: read it a record at a time
            chunk = {}
            for one in range(seq, seq + _CHUNK):
                rows_one = _rows(conn, one, one)
                if rows_one:
                    chunk.update(rows_one)
        for number in range(seq, seq + _CHUNK):
            event = chunk.get(number)
            if event is None:
                if top is None or number <= top:
                    found.unreadable.append(number)
                misses += 1
            else:
                found.events[number] = event
                misses = 0
        seq += _CHUNK
    last = max(found.events, default=0)
    found.unreadable = [n for n in found.unreadable if n < last]
    lost = f"events {last + 1} to {top}" if top and top > last else "nothing"
    found.notes.append(f"the last readable event is {last}; {lost} after it could be read"
                       if top is not None else
                       f"the last readable event is {last}; nothing after it could be read")
    return found


def _rows(conn: sqlite3.Connection, first: int, last: int) -> dict[int, Event] | None:
    """The well-formed events with seq in ``first..last``, or None if the range cannot be read."""
    try:
        rows = conn.execute("SELECT seq, t, kind, actor, data, wall FROM events "
                            "WHERE seq BETWEEN ? AND ? ORDER BY seq", (first, last)).fetchall()
    except sqlite3.DatabaseError:
        return None
    events = {}
    for row in rows:
        event = read_row(row)
        if event is not None and event.seq == row[0]:
            events[event.seq] = event
    return events


def repair(path: Path, out: Path) -> Repair:
    """Write to ``out`` a journal of everything of ``path`` that can be read or remade.

    Raises:
        JournalError: ``path`` is not a journal or its meta is unreadable, or ``out`` exists.
    """
    found = salvage(path)
    drill = rebuild(found.meta)
    drill.start()
    readable = [found.events[n] for n in sorted(found.events)]
    upto = 0  # the new journal holds drill.events[:upto]
    diverged_at = None
    ended = False
    for event in readable:
        after_end, ended = ended, ended or event.kind == "drill.ended"
        if is_external(event):
            try:
                reapply(drill, event, after_end=after_end)
            except ReplayError:
                diverged_at = event.seq
                break
        while drill.last_seq < event.seq and not drill.is_over:
            drill.env.step()
        if event.seq > drill.last_seq or not _same(drill.events[event.seq - 1], event):
            diverged_at = event.seq
            break
        upto = event.seq
    kept = drill.events[:upto]
    remade = [e.seq for e in kept if e.seq not in found.events]
    walls = _walls(kept, found.events)
    with Journal.create(out, found.meta, durable=True) as journal:
        journal.append([Event(e.seq, e.t, e.kind, e.actor, e.data, walls[i])
                        for i, e in enumerate(kept)])
    dropped = [e.seq for e in readable if diverged_at is not None and e.seq >= diverged_at]
    dropped_file = None
    if dropped:
        dropped_file = out.with_name(out.name + ".dropped.jsonl")
        with dropped_file.open("w", encoding="utf-8") as handle:
            for seq in dropped:
                e = found.events[seq]
                handle.write(json.dumps({"seq": e.seq, "t": e.t, "kind": e.kind,
                                         "actor": e.actor, "data": e.data, "wall": e.wall},
                                        ensure_ascii=False) + "\n")
    return Repair(out, len(kept), remade, dropped, dropped_file, found.notes)


def _same(ours: Event, theirs: Event) -> bool:
    return (ours.seq, ours.t, ours.kind, ours.actor, ours.data) == \
        (theirs.seq, theirs.t, theirs.kind, theirs.actor, theirs.data)


def _walls(kept: list[Event], original: dict[int, Event]) -> list[float | None]:
    """Wall times: the original's where readable, else the last known one before (never None)."""
    walls: list[float | None] = []
    last = next((original[s].wall for s in sorted(original) if original[s].wall), None)
    for event in kept:
        known = original.get(event.seq)
        if known is not None and known.wall is not None:
            last = known.wall
        walls.append(last)
    return walls


def _ranges(numbers: list[int]) -> str:
    """``1-3, 7, 9-12`` for [1, 2, 3, 7, 9, 10, 11, 12] (the first few ranges)."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(f"{start}" if start == n else f"{start}-{n}")
            start = None
    return ", ".join(parts[:6]) + (f" and {len(parts) - 6} more ranges" if len(parts) > 6 else "")
