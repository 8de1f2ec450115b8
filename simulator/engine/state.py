"""The incident as the organisation handles it: reports, severity, instructions, statements.

This is the bookkeeping side of the drill, separate from the world (what the attack does) and
from the journal (what is recorded): what has been done, by whom and when, so that conditions
("was the incident reported with all four fields?") and bots ("has the severity been set?") can
ask in one lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Done:
    """One completed action or task."""

    t: float
    role: str
    args: dict[str, Any]
    seq: int


@dataclass(slots=True)
class Statement:
    """A public statement on its way from draft to publication (legal approves in between)."""

    id: str
    channel: str
    text: str
    drafted_by: str
    approved_by: str | None = None
    published_by: str | None = None


@dataclass(slots=True)
class Request:
    """A request for resources or funds (plan section 4.4, logistics)."""

    id: str
    kind: str
    amount: float
    by: str
    approved_by: str | None = None


@dataclass
class IncidentState:
    """Everything done so far in the drill, indexed for conditions and bots."""

    actions: dict[str, list[Done]] = field(default_factory=dict)
    tasks: dict[str, list[Done]] = field(default_factory=dict)
    injects: dict[str, float] = field(default_factory=dict)
    inject_seq: dict[str, int] = field(default_factory=dict)
    objectives: dict[str, float] = field(default_factory=dict)
    stages: dict[tuple[str, str], float] = field(default_factory=dict)
    measures: dict[tuple[str, str | None], float] = field(default_factory=dict)
    """Mitigations in place, ``(task, target) -> time done``: state of the target, so they act on
    threats that start there later too."""
    severity: str | None = None
    statements: dict[str, Statement] = field(default_factory=dict)
    requests: dict[str, Request] = field(default_factory=dict)
    known: dict[str, set[str]] = field(default_factory=dict)
    received: dict[str, list[str]] = field(default_factory=dict)
    tasks_running: dict[str, int] = field(default_factory=dict)
    read: set[tuple[str, int]] = field(default_factory=set)
    recovery_task_done: bool = False
    closed: bool = False

    def record_action(self, action: str, done: Done) -> None:
        """Note that ``action`` was taken."""
        self.actions.setdefault(action, []).append(done)

    def record_task(self, task: str, done: Done) -> None:
        """Note that ``task`` was completed."""
        self.tasks.setdefault(task, []).append(done)

    def did(self, what: str, *, fields: list[str] | tuple[str, ...] = (), role: str | None = None,
            before: float | None = None, target: str | None = None) -> bool:
        """Whether an action or task ``what`` was done (with ``fields`` filled, by ``role``)."""
        return self.find(what, fields=fields, role=role, before=before, target=target) is not None

    def find(self, what: str, *, fields: list[str] | tuple[str, ...] = (), role: str | None = None,
             before: float | None = None, target: str | None = None) -> Done | None:
        """The first doing of ``what`` that :meth:`did` would accept (its record is the proof)."""
        for done in self.actions.get(what, ()) or self.tasks.get(what, ()):
            if role is not None and done.role != role:
                continue
            if before is not None and done.t > before:
                continue
            if target is not None and done.args.get("target") != target:
                continue
            if all(done.args.get(f) not in (None, "", []) for f in fields):
                return done
        return None

    def first(self, what: str) -> Done | None:
        """The first time an action or task ``what`` was done."""
        entries = self.actions.get(what) or self.tasks.get(what)
        return entries[0] if entries else None

    def first_after(self, what: str, t: float, role: str | None = None) -> Done | None:
        """The first time ``what`` was done at or after ``t`` (by ``role``)."""
        for done in self.actions.get(what, ()) or self.tasks.get(what, ()):
            if done.t >= t and (role is None or done.role == role):
                return done
        return None
