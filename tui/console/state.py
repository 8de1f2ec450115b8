"""What a participant's console knows of the drill, as plain data (no Textual).

:class:`ConsoleState` is built from the server's ``welcome`` and fed every event the role may see
(:mod:`simulator.live.visibility` has already filtered them). It keeps

- the **clock** (:class:`DrillTime`): sim time from the events' ``t`` and ``clock.changed``, the
  speed and whether the drill is paused;
- the **status** (:class:`Measures`): the latest value of each measure of ``world.sample`` (and of
  ``incident.recovered``) with a bounded history for sparklines;
- the **duties** (:class:`tui.console.duties.Duties`): the role's plan duties as a checklist;
- the **commands** (:class:`Commands`): what the participant sent, acknowledged or rejected;
- the **inbox** (:class:`tui.console.inbox.Inbox`);
- the ids a form may refer to: statements and resource requests seen in ``action.taken`` results,
  tasks seen in task events and duties.

Events are keyed by ``seq``: an event seen before (a replay after a reconnect) changes nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.console.duties import Duties
from tui.console.inbox import Inbox, InboxItem

HISTORY = 120
"""Samples kept per measure for its sparkline."""


@dataclass
class DrillTime:
    """The drill clock as a console sees it: the newest sim time known, advanced while running.

    Attributes:
        sim: Sim seconds at ``anchor`` (wall time, from ``wall``).
        speed: Sim seconds per wall second.
        paused: Whether the drill clock stands still (before the start, paused, over).
        over: Whether the drill has ended.
    """

    sim: float = 0.0
    speed: float = 1.0
    paused: bool = True
    over: bool = False
    wall: Callable[[], float] = time.monotonic
    anchor: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.anchor = self.wall()

    def now(self) -> float:
        """Sim seconds now (the newest known time, plus what passed since while running)."""
        if self.paused or self.over:
            return self.sim
        return self.sim + (self.wall() - self.anchor) * self.speed

    def observe(self, t: float) -> None:
        """An event happened at sim ``t``: the clock is at least there (it never goes back)."""
        self.sim = max(self.now(), t)
        self.anchor = self.wall()

    def change(self, action: str, args: Mapping[str, Any], t: float) -> None:
        """Apply a ``clock.changed`` command (start, pause, resume, speed, skip) made at ``t``."""
        self.sim, self.anchor = max(self.sim, t), self.wall()
        if action in ("start", "resume"):
            self.paused = False
        elif action == "pause":
            self.paused = True
        elif action == "speed" and args.get("factor"):
            self.speed = float(args["factor"])


class Measures:
    """The platform status a role sees: each measure's latest value and recent history."""

    def __init__(self, history: int = HISTORY):
        self.history = history
        self.values: dict[str, deque[float]] = {}

    def add(self, measures: Mapping[str, float]) -> None:
        """Take one sample (``{path: value}``)."""
        for path, value in measures.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.values.setdefault(path, deque(maxlen=self.history)).append(float(value))

    def latest(self, path: str) -> float | None:
        """The newest value of ``path``, or None."""
        series = self.values.get(path)
        return series[-1] if series else None

    def paths(self) -> list[str]:
        """Measure paths seen so far, sorted."""
        return sorted(self.values)


@dataclass
class Pending:
    """A command the participant sent.

    Attributes:
        id: The command id (also the client's id for it).
        action: The action id.
        args: Its arguments.
        status: ``sent``, ``acked`` or ``rejected``.
        reason: Why it was rejected.
        seq: The event it became, once acknowledged.
    """

    id: str
    action: str
    args: dict[str, Any]
    status: str = "sent"
    reason: str | None = None
    seq: int | None = None


class Commands:
    """The participant's commands: sent (waiting), acknowledged and rejected."""

    def __init__(self) -> None:
        self.all: dict[str, Pending] = {}

    def sent(self, id: str, action: str, args: dict[str, Any]) -> Pending:
        """Note a command on its way."""
        self.all[id] = Pending(id, action, dict(args))
        return self.all[id]

    def acked(self, id: str, seq: int) -> None:
        """The server committed the command as event ``seq``."""
        if id in self.all:
            self.all[id].status, self.all[id].seq = "acked", seq

    def rejected(self, id: str, reason: str) -> None:
        """The server (or the connection) refused the command."""
        if id in self.all:
            self.all[id].status, self.all[id].reason = "rejected", reason

    def pending(self) -> list[Pending]:
        """Commands still waiting for an answer, oldest first."""
        return [p for p in self.all.values() if p.status == "sent"]

    def rejections(self) -> list[Pending]:
        """Rejected commands, oldest first."""
        return [p for p in self.all.values() if p.status == "rejected"]


class ConsoleState:
    """Everything the console shows, fed by ``welcome`` and the events.

    Args:
        role: The role id.
        drill: The ``welcome``'s ``drill`` dict (``Session.describe``).
        wall: The wall clock for :class:`DrillTime` (tests pass their own).
    """

    def __init__(self, role: str, drill: Mapping[str, Any],
                 wall: Callable[[], float] = time.monotonic):
        self.role = role
        self.drill = dict(drill)
        clock = drill.get("clock") or {}
        self.clock = DrillTime(float(clock.get("sim", 0.0)), float(clock.get("speed", 1.0)),
                               bool(clock.get("paused", True)), bool(drill.get("over")), wall)
        self.measures = Measures()
        self.duties = Duties(role, drill.get("duties") or [])
        self.commands = Commands()
        self.inbox = Inbox(role, drill.get("tools") or {})
        self.statements: dict[str, str] = {}
        self.requests: dict[str, str] = {}
        self.tasks: set[str] = {d.task for d in self.duties.items if d.task}
        self.first_inject: float | None = None
        self.severity: str | None = None
        self.last_seq = 0
        self._seen: set[int] = set()

    # -- what the welcome says -------------------------------------------------------------
    def role_name(self, role: str, lang: str) -> str:
        """A role's name in ``lang`` (its id when unknown)."""
        return (self.drill.get("roles", {}).get(role, {}).get("name") or {}).get(lang, role)

    def group_name(self, group: str, lang: str) -> str:
        """A group's name in ``lang`` (its id when unknown)."""
        return (self.drill.get("groups", {}).get(group, {}).get("name") or {}).get(lang, group)

    @property
    def group(self) -> str | None:
        """The role's home group."""
        return self.drill.get("roles", {}).get(self.role, {}).get("group")

    @property
    def actions(self) -> list[str]:
        """The actions the role may take."""
        return list(self.drill.get("actions") or [])

    def title(self, lang: str) -> str:
        """The scenario title in ``lang``."""
        return (self.drill.get("title") or {}).get(lang) or str(self.drill.get("scenario", ""))

    # -- events ----------------------------------------------------------------------------
    def apply(self, events: Iterable[Any]) -> list[InboxItem]:
        """Take a batch of events (``EventFrame`` or dicts); return the new inbox items."""
        new: list[InboxItem] = []
        for raw in events:
            event = raw if isinstance(raw, Mapping) else raw.model_dump()
            seq = int(event["seq"])
            if seq in self._seen:
                continue
            self._seen.add(seq)
            self.last_seq = max(self.last_seq, seq)
            self._apply(event)
            item = self.inbox.add(event)
            if item is not None:
                new.append(item)
        return new

    def _apply(self, event: Mapping[str, Any]) -> None:
        kind, data, t = event["kind"], event.get("data") or {}, float(event["t"])
        if kind == "clock.changed":
            command = data.get("command") or {}
            self.clock.change(command.get("action", ""), command.get("args") or {}, t)
        else:
            self.clock.observe(t)
        if kind == "drill.ended":
            self.clock.over = True
        elif kind in ("world.sample", "incident.recovered"):
            self.measures.add(data.get("measures") or {})
        elif kind == "inject.fired" and self.role in data.get("to", ()):
            if self.first_inject is None:
                self.first_inject = t
        elif kind.startswith("task.") and data.get("task"):
            self.tasks.add(str(data["task"]))
        elif kind == "action.taken":
            self._action(event, data)
        self.duties.apply(event)

    def _action(self, event: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        result, args = data.get("result") or {}, data.get("args") or {}
        if result.get("statement"):
            self.statements[str(result["statement"])] = str(args.get("text", ""))
        if args.get("statement"):
            self.statements.setdefault(str(args["statement"]), "")
        if result.get("request"):
            self.requests[str(result["request"])] = str(args.get("reason", ""))
        if data.get("action") == "set_severity":
            self.severity = args.get("level")

    def regulator_deadline(self, hours: float = 4.0) -> float | None:
        """Sim time by which the regulator must have the report (CAC: 4 h from the first inject)."""
        return None if self.first_inject is None else self.first_inject + hours * 3600
