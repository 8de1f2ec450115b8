"""The drill history: every report's figures, kept so that each drill can be compared with the last.

The plan asks for a drill a year, and management asks whether this one went better than the
last. So each ``warroom report`` also records its drill here: one row per drill in an SQLite file
in the user's data folder (``WARROOM_HISTORY`` or ``--history PATH`` chooses another), headline
figures as columns and the whole metrics JSON beside them, for comparisons not yet thought of.

**Which drill is which.** A drill is its journal. A journal is known by the scenario, the seed
and the time it was created (kept in its meta and copied into ``metrics["drill"]``), so the key
of a row is a hash of those three: reporting the same journal again (a corrected observation, a
moved file) updates its row instead of adding another.

**The previous drill.** A history file belongs to one organisation (keep another organisation's
drills in another file). The drill before this one is the latest recorded with an earlier
``created`` time, *whatever its scenario*: the plan's yearly drill may well play a different risk
each year, and its improvement items are what this year's drill must answer. Like is compared
with like: a drill that people took part in is compared with the last such drill, never with a
bot-only rehearsal played in between; a rehearsal is compared with whatever came before it.

**Follow-up.** Each improvement item names the figure it targets by a dotted key into the metrics
(:func:`measure_value`) and whether lower or higher is better; :func:`follow_up` reads it in both
drills and gives a verdict, by rules written there for figures that are missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

SCHEMA = 1
"""Schema version this module writes, and the newest it reads."""

KIND = "warroom history"
"""The ``kind`` row of the meta table, which tells a history file from other SQLite files."""

ENV = "WARROOM_HISTORY"
"""Environment variable naming the history file, overriding the user data folder."""

ID_FIELDS = ("id", "objective", "capability", "item", "inject", "check", "fact", "task_id",
             "role", "group", "phase", "action")
"""Fields that name an item of a list in the metrics, in the order :func:`measure_value` tries."""

EVENT_TIMES = frozenset({"elapsed", "latency", "reached", "reaction"})
"""Last segments of a key that name when something happened: None there means it never did."""

NOT_APPLICABLE = frozenset({"not_required", "not_started"})
"""Milestone statuses under which a missing time means "not measured", not "never reached"."""

HEADLINE = ("speed", "coordination", "money_lost_cny", "downtime", "milestones_on_time",
            "milestones", "records_exposed", "complaints")
"""Headline figures kept as columns."""

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drills (
    key TEXT PRIMARY KEY,           -- drill_key(): scenario, seed, journal creation time
    created TEXT NOT NULL,          -- journal creation time, ISO 8601 with its offset
    created_utc TEXT NOT NULL,      -- the same instant in UTC, for ordering
    scenario TEXT NOT NULL, title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
    seed INTEGER, severity TEXT,
    people INTEGER NOT NULL,        -- roles played by people; 0 = bot-only rehearsal
    speed REAL, coordination REAL, money_lost_cny REAL, downtime REAL,
    milestones_on_time INTEGER, milestones INTEGER, records_exposed REAL, complaints REAL,
    improvements INTEGER NOT NULL,  -- improvement items raised
    journal TEXT NOT NULL, report_dir TEXT,
    recorded TEXT NOT NULL,         -- wall clock of the last write
    metrics TEXT NOT NULL           -- the whole metrics dict, JSON
);
CREATE INDEX IF NOT EXISTS drills_by_date ON drills (created_utc);
"""
"""The history's tables; ``meta`` holds ``kind`` (:data:`KIND`) and ``schema`` (:data:`SCHEMA`)."""

_COLUMNS = ("key", "created", "created_utc", "scenario", "title_zh", "title_en", "seed",
            "severity", "people", *HEADLINE, "improvements", "journal", "report_dir",
            "recorded", "metrics")

_ABSENT = object()


class HistoryError(Exception):
    """A history file that cannot be used; ``str()`` is one line naming the file."""


@dataclass(frozen=True)
class Entry:
    """One recorded drill: a flat, immutable row of the history.

    Attributes:
        key: The drill's identity (a hash of scenario, seed and journal creation time).
        created: When the drill's journal was created, with its UTC offset: the drill's date.
        scenario, title, seed, severity: As in ``metrics["drill"]``.
        people: How many roles people played (0 for a bot-only rehearsal).
        speed, coordination, money_lost_cny, downtime, milestones_on_time, milestones,
            records_exposed, complaints: ``metrics["headline"]`` (scores 0..1, yuan, seconds).
        improvements: How many improvement items the drill raised.
        journal, report_dir: The files the report was made from and written to.
        recorded: When this row was last written (wall clock, ISO 8601).
        metrics: The drill's whole metrics dict.
    """

    key: str
    created: datetime
    scenario: str
    title: dict[str, str]
    seed: int | None
    severity: str | None
    people: int
    speed: float | None
    coordination: float | None
    money_lost_cny: float | None
    downtime: float | None
    milestones_on_time: int | None
    milestones: int | None
    records_exposed: float | None
    complaints: float | None
    improvements: int
    journal: str
    report_dir: str | None
    recorded: str
    metrics: dict[str, Any] = field(repr=False, compare=False)

    @property
    def rehearsal(self) -> bool:
        """Whether bots played every role (no person took part)."""
        return self.people == 0

    def as_dict(self) -> dict[str, Any]:
        """The row without the metrics, JSON-ready (``created`` as ISO 8601)."""
        out = {name: getattr(self, name) for name in _FIELDS}
        return {**out, "created": self.created.isoformat()}


_FIELDS = tuple(name for name in Entry.__dataclass_fields__ if name != "metrics")


@dataclass(frozen=True)
class FollowUp:
    """What became of one improvement item of the previous drill.

    Attributes:
        item: The improvement item as the previous drill raised it (its ``measure`` is the dotted
            key of the figure it targets, ``better`` says whether lower or higher is better).
        then: The figure at the previous drill (None: never reached, or not measured).
        now: The figure at this drill (None: never reached, or not measured).
        verdict: ``"better"``, ``"worse"``, ``"same"`` or ``"not_measured"``.
    """

    item: dict[str, Any]
    then: float | None
    now: float | None
    verdict: str


def _make_private(path: Path) -> None:
    """Create ``path`` owner-only (0600) if it does not exist yet, as journals are.

    A history holds every drill's scores and improvement items; SQLite gives its -wal and -shm
    files the mode of the database file.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def default_path() -> Path:
    """The history file: ``$WARROOM_HISTORY``, else ``history.sqlite`` in the user data folder."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    return platformdirs.user_data_path("warroom") / "history.sqlite"


def drill_key(metrics: dict[str, Any]) -> str:
    """The identity of a drill: a hash of its scenario, seed and journal creation time."""
    drill = metrics["drill"]
    ident = json.dumps([drill["scenario"], drill.get("seed"), drill["created"]])
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


class History:
    """A history file, opened (and created if need be); a context manager.

    Args:
        path: The history file; None for :func:`default_path`. Missing parent folders are made.

    Raises:
        HistoryError: The path is a folder, cannot be opened, is not a warroom history, or was
            written by a newer warroom.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        if self.path.is_dir():
            raise HistoryError(f"{self.path}: is a folder, not a history file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _make_private(self.path)
            self._db = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(f"{self.path}: cannot open the history ({error})") from None
        try:
            self._check_schema()
        except (sqlite3.DatabaseError, HistoryError) as error:
            self._db.close()
            if isinstance(error, HistoryError):
                raise
            what = ("not a warroom history" if type(error) is sqlite3.DatabaseError  # not a DB
                    else "cannot use it")
            raise HistoryError(f"{self.path}: {what} ({error})") from None

    def _check_schema(self) -> None:
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            self._db.executescript(f"BEGIN; {SCHEMA_SQL} INSERT OR IGNORE INTO meta VALUES "
                                   f"('kind', '{KIND}'), ('schema', '{SCHEMA}'); COMMIT;")
            return
        meta = dict(self._db.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        if meta.get("kind") != KIND:
            raise HistoryError(f"{self.path}: not a warroom history (another SQLite file)")
        schema = int(meta["schema"]) if meta.get("schema", "").isdigit() else SCHEMA + 1
        if schema > SCHEMA:
            raise HistoryError(f"{self.path}: history schema {schema} is newer than this "
                               f"warroom reads ({SCHEMA}); upgrade warroom")

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, metrics: dict[str, Any], *, journal: str, report_dir: str | None) -> Entry:
        """Record a drill (update its row if it was recorded before) and return its entry.

        Args:
            metrics: The drill's metrics (``analysis.metrics.compute``).
            journal: The journal file the report was made from (kept as an absolute path).
            report_dir: The folder the report was written to, if any.
        """
        drill, head = metrics["drill"], metrics["headline"]
        title = drill.get("title") or {}
        row = {
            "key": drill_key(metrics), "created": drill["created"],
            "created_utc": _utc(drill["created"]), "scenario": drill["scenario"],
            **{f"title_{lang}": title.get(lang, drill["scenario"]) for lang in ("zh", "en")},
            "seed": drill.get("seed"), "severity": drill.get("severity"),
            "people": len(drill.get("people") or ()),
            **{name: head.get(name) for name in HEADLINE},
            "improvements": len(metrics.get("improvements") or ()),
            "journal": os.path.abspath(journal),
            "report_dir": os.path.abspath(report_dir) if report_dir is not None else None,
            "recorded": datetime.now().astimezone().isoformat(timespec="seconds"),
            "metrics": json.dumps(metrics, ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")),
        }
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "key")
        with self._db:
            self._db.execute(f"INSERT INTO drills ({', '.join(_COLUMNS)}) VALUES "
                             f"({', '.join('?' * len(_COLUMNS))}) ON CONFLICT (key) DO UPDATE "
                             f"SET {updates}", [row[c] for c in _COLUMNS])
        return _entry(row, metrics)

    def entries(self, scenario: str | None = None) -> list[Entry]:
        """Recorded drills in date order (journal creation time), of one scenario or all."""
        where = " WHERE scenario = ?" if scenario is not None else ""
        rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM drills{where} ORDER BY "
                                "created_utc, key", (scenario,) if where else ())
        return [_entry(dict(zip(_COLUMNS, row, strict=True))) for row in rows]

    def previous(self, metrics: dict[str, Any]) -> Entry | None:
        """The drill before this one, by the rule of :func:`previous_in`.

        Only the row found is read and parsed, not every drill's metrics.
        """
        drill = metrics["drill"]
        people = "" if not drill.get("people") else " AND people > 0"
        row = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM drills WHERE created_utc < ? AND key != ?"
            f"{people} ORDER BY created_utc DESC, key DESC LIMIT 1",
            (_utc(drill["created"]), drill_key(metrics))).fetchone()
        return _entry(dict(zip(_COLUMNS, row, strict=True))) if row else None


def previous_in(entries: list[Entry], metrics: dict[str, Any]) -> Entry | None:
    """Among ``entries`` (in date order), the drill before the one ``metrics`` describe.

    That is the latest with an earlier journal creation time, of any scenario; when people took
    part in this drill, bot-only rehearsals are passed over.
    """
    drill = metrics["drill"]
    before, key = _utc(drill["created"]), drill_key(metrics)
    rehearsal = not drill.get("people")
    for entry in reversed(entries):
        if (_utc(entry.created.isoformat()) < before and entry.key != key
                and (rehearsal or not entry.rehearsal)):
            return entry
    return None


def open_items(entries: list[Entry]) -> dict[str, int]:
    """For each drill's key (of ``entries``, in date order), its improvement items still open.

    An item is closed once the drill that follows its drill up shows its measure better: the
    first later drill whose previous it is (a drill with people is not followed up by a rehearsal).
    """
    out = {entry.key: entry.improvements for entry in entries}
    done: set[str] = set()
    for later in entries:
        before = previous_in(entries, later.metrics)
        if before is None or before.key in done or (later.rehearsal and not before.rehearsal):
            continue
        done.add(before.key)
        out[before.key] = sum(f.verdict != "better" for f in follow_up(before, later.metrics))
    return out


def follow_up(previous: Entry, metrics: dict[str, Any]) -> list[FollowUp]:
    """Each improvement item of the previous drill with its figure then and now, and a verdict.

    Rules:
        - *Then* is read from the previous drill's metrics by the item's ``measure``, else it is
          the item's own ``value``.
        - A figure a drill does not have (no such milestone in another scenario, a milestone not
          required or whose clock never started, no number at the key) is *not measured*.
        - A time that is None (key ending in ``elapsed``, ``latency``, ``reached`` or
          ``reaction``, lower is better) is *never reached*: a missed milestone, an unanswered
          inject, a fact that never reached leadership. It is worse than any number. Any other
          None (a score that could not be given, a p90 of no waits) is *not measured*.
        - Verdict: ``not_measured`` if either side is; ``same`` if both are never reached or the
          numbers are equal (within 1e-9); ``better`` if now is a number and then was never
          reached, or now is lower (higher) than then; ``worse`` otherwise.
    """
    out = []
    for item in previous.metrics.get("improvements") or ():
        key, better = item.get("measure", ""), item.get("better", "lower")
        then = _reading(previous.metrics, key, better)
        if then[0] == "absent":
            then = _reading({"value": item.get("value")}, "value", better)
        now = _reading(metrics, key, better)
        out.append(FollowUp(item, then[1], now[1], _verdict(then, now, better)))
    return out


def measure_value(metrics: dict[str, Any], key: str) -> float | None:
    """The number a dotted key names in a metrics dict, or None.

    One dot-separated segment at a time: in a dict, the segment is a key; in a list, it names
    the first item whose *identifying field* (the first of :data:`ID_FIELDS` the item has:
    ``objective`` in ``speed.milestones``, ``capability`` in ``ratings.capabilities``, ``item``
    in ``ratings.gbt38645``, ``group`` in ``coordination.groups``, ``inject``, ``check``,
    ``fact``, ``role``, ...) equals it. At the end, a dict with a ``value`` (``outcome.downtime``,
    ``speed.score``) gives that value; a bool counts as 1 or 0. So
    ``speed.milestones.report.elapsed`` is the ``elapsed`` of the milestone whose objective is
    ``report``. None when the key does not resolve to a number or is null (:func:`follow_up`
    tells the two apart).
    """
    kind, value = _reading(metrics, key, "higher")
    return value if kind == "value" else None


def _reading(metrics: Any, key: str, better: str) -> tuple[str, float | None]:
    """("value", x), ("never", None) or ("absent", None): see :func:`follow_up`."""
    node, item = metrics, None
    for segment in key.split(".") if key else ():
        if isinstance(node, list):  # the item whose identifying field is the segment
            node = item = next((i for i in node if _ident(i) == segment), _ABSENT)
        else:
            node = node.get(segment, _ABSENT) if isinstance(node, dict) else _ABSENT
    if isinstance(node, dict):
        node = node.get("value", _ABSENT)
    if node is None:
        applies = not (isinstance(item, dict) and item.get("status") in NOT_APPLICABLE)
        if better == "lower" and key.rsplit(".", 1)[-1] in EVENT_TIMES and applies:
            return "never", None
    elif isinstance(node, int | float) and not math.isnan(node):  # a bool counts as 1 or 0
        return "value", float(node)
    return "absent", None


def _ident(item: Any) -> str | None:
    """The identifying field's value of a list item (the first of :data:`ID_FIELDS` it has)."""
    if isinstance(item, dict):
        for name in ID_FIELDS:
            if name in item:
                return str(item[name])
    return None


def _verdict(then: tuple[str, float | None], now: tuple[str, float | None], better: str) -> str:
    if "absent" in (then[0], now[0]):
        return "not_measured"
    if then[0] == "never" or now[0] == "never":
        return "same" if then[0] == now[0] else "better" if then[0] == "never" else "worse"
    a, b = float(then[1] or 0), float(now[1] or 0)
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
        return "same"
    return "better" if (b < a) == (better == "lower") else "worse"


def _utc(created: str) -> str:
    """UTC ISO text of an ISO time (without an offset: local time), so that times sort right."""
    return datetime.fromisoformat(created).astimezone(UTC).isoformat()


def _entry(row: dict[str, Any], metrics: dict[str, Any] | None = None) -> Entry:
    """An entry from a row; ``metrics`` when the caller has them parsed already."""
    return Entry(**{name: row[name] for name in _FIELDS if name not in ("created", "title")},
                 created=datetime.fromisoformat(row["created"]),
                 title={"zh": row["title_zh"], "en": row["title_en"]},
                 metrics=metrics if metrics is not None else json.loads(row["metrics"]))
