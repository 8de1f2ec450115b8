"""The objective tracker: the plan's milestones against their target times, and their verdicts.

The engine is the only judge of an objective; analysis reads its verdicts from the journal
(``docs/journal.md``) and never evaluates a condition again. Each applicable objective ends the
drill with exactly one final verdict:

- ``objective.met`` once, when its ``done_when`` holds, with its latency from its target's anchor
  (the drill start, or the inject or objective named in ``after``), whether that was ``on_time``
  against the deadline, and the ``evidence``: the seqs of the records that satisfied it;
- ``objective.missed`` when the drill ends with it unmet (``started`` says whether its target's
  clock had started at all);
- ``objective.not_applicable``, with a ``reason``, when it applies only where a regulator report is
  required and the severity does not require one: at the start for the scenario's severity, or at
  the end, unmet, for the severity in force then.

Before that, ``objective.overdue`` is journalled once when the deadline passes first; the objective
can still be met late.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import override

from simulator.engine.watch import (
    NEVER,
    Key,
    Watch,
    anchor_keys,
    anchor_time,
    compile_condition,
    deadline_of,
)
from simulator.scenario.conditions import (
    ActionCondition,
    AllCondition,
    AnyCondition,
    Condition,
    InjectCondition,
    ObjectiveCondition,
    TaskCondition,
    ThreatCondition,
    WorldCondition,
)
from simulator.scenario.model import Objective

if TYPE_CHECKING:
    from simulator.engine.ports import ObjectiveRoom
    from simulator.engine.state import IncidentState

SEVERITY_NOT_REQUIRING_REGULATOR = "severity_does_not_require_regulator_report"
"""The reason an objective required only where a regulator report is due does not apply."""


class DeadlineWatch(Watch):
    """Holds once an objective's deadline has passed."""

    __slots__ = ("state", "objective")

    def __init__(self, state: IncidentState, objective: Objective):
        self.state, self.objective = state, objective

    @override
    def check(self, now: float) -> bool:
        deadline = deadline_of(self.state, self.objective.target)
        return deadline is not None and now > deadline

    @override
    def wake(self, now: float) -> float:
        deadline = deadline_of(self.state, self.objective.target)
        return NEVER if deadline is None or deadline < now else deadline + 1e-6

    @override
    def keys(self) -> frozenset[Key]:
        return anchor_keys(self.objective.target.after)


class ObjectiveTracker:
    """Watches every objective of the scenario and journals its verdict.

    Args:
        room: What the tracker may read and do in the drill.
    """

    def __init__(self, room: ObjectiveRoom):
        self.room = room
        self.met_seq: dict[str, int] = {}
        self.overdue_seq: dict[str, int] = {}

    def _regulator_due(self, level: str | None) -> bool:
        return level in self.room.org.regulator.severities

    def applicable(self) -> list[Objective]:
        """Objectives that apply to this scenario's severity."""
        required = self._regulator_due(self.room.scenario.severity)
        return [o for o in self.room.scenario.objectives
                if o.required == "always" or required]

    def start(self) -> None:
        """Journal the objectives that do not apply; watch every other one and its deadline."""
        room = self.room
        applicable = self.applicable()
        for objective in room.scenario.objectives:
            if objective not in applicable:
                room.emit("objective.not_applicable", data={
                    "objective": objective.id, "phase": objective.phase,
                    "reason": SEVERITY_NOT_REQUIRING_REGULATOR,
                    "severity": room.scenario.severity})
        for objective in applicable:
            watch = compile_condition(objective.done_when, room.state, room.world.m)
            room.watch(watch, lambda o=objective: self._met(o))
            room.watch(DeadlineWatch(room.state, objective), lambda o=objective: self._overdue(o))

    def finish(self) -> None:
        """At the end of the drill: the final verdict of every applicable objective not met."""
        room = self.room
        state = room.state
        level = state.severity or room.scenario.severity
        for objective in self.applicable():
            if objective.id in state.objectives:
                continue
            if objective.required == "if_regulator" and not self._regulator_due(level):
                room.emit("objective.not_applicable", data={
                    "objective": objective.id, "phase": objective.phase,
                    "reason": SEVERITY_NOT_REQUIRING_REGULATOR, "severity": level})
                continue
            deadline = deadline_of(state, objective.target)
            room.emit("objective.missed", data={
                "objective": objective.id, "phase": objective.phase,
                "target": objective.target.within, "deadline": deadline,
                "started": anchor_time(state, objective.target.after) is not None,
                "overdue": self.overdue_seq.get(objective.id)})

    def _met(self, objective: Objective) -> None:
        room = self.room
        state = room.state
        state.objectives[objective.id] = room.now
        deadline = deadline_of(state, objective.target)
        anchor = anchor_time(state, objective.target.after)
        late = deadline is not None and room.now > deadline + 1e-9
        event = room.emit("objective.met", data={
            "objective": objective.id, "phase": objective.phase, "deadline": deadline,
            "latency": None if anchor is None else round(room.now - anchor, 3),
            "target": objective.target.within, "late": late, "on_time": not late,
            "evidence": sorted(set(self.evidence(objective.done_when))),
        })
        self.met_seq[objective.id] = event.seq

    def _overdue(self, objective: Objective) -> None:
        room = self.room
        if objective.id in room.state.objectives:
            return
        event = room.emit("objective.overdue", data={
            "objective": objective.id, "phase": objective.phase,
            "deadline": deadline_of(room.state, objective.target)})
        self.overdue_seq[objective.id] = event.seq

    def evidence(self, cond: Condition) -> list[int]:
        """The seqs of the records that show ``cond`` holding now (it was just found to hold)."""
        state = self.room.state
        if isinstance(cond, AllCondition | AnyCondition):
            parts = cond.all if isinstance(cond, AllCondition) else cond.any
            return [seq for part in parts for seq in self.evidence(part)]
        if isinstance(cond, ActionCondition | TaskCondition):
            return self._done_evidence(cond)
        if isinstance(cond, InjectCondition):
            seq = state.inject_seq.get(cond.inject)
            return [] if seq is None else [seq]
        if isinstance(cond, ObjectiveCondition):
            seq = self.met_seq.get(cond.objective)
            return [] if seq is None else [seq]
        if isinstance(cond, ThreatCondition):
            return self._last_seq("threat.stage", threat=cond.threat, stage=cond.stage)
        if isinstance(cond, WorldCondition):
            return self._last_seq("world.sample")
        return []  # "not done by": the absence of a record shows it

    def _done_evidence(self, cond: ActionCondition | TaskCondition) -> list[int]:
        state = self.room.state
        if isinstance(cond, ActionCondition):
            what, fields, role, target, by = cond.action, cond.fields, cond.by_role, None, cond.by
        else:
            what, fields, role, target, by = cond.task, (), None, cond.target, cond.by
        before = None if by is None else deadline_of(state, by)
        done = state.find(what, fields=fields, role=role, before=before, target=target)
        return [] if done is None else [done.seq]

    def _last_seq(self, kind: str, **data: Any) -> list[int]:
        for event in reversed(self.room.events):
            if event.kind == kind and all(event.data.get(k) == v for k, v in data.items()):
                return [event.seq]
        return []
