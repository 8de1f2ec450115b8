"""Watches: conditions compiled into small objects the engine can check cheaply and often.

A scenario's conditions (:mod:`simulator.scenario.conditions`) say *what* must hold; a watch
checks *whether* it holds now, says when it should next be looked at (``wake``), and names what
it depends on (``keys``): the actions and tasks it asks about, the injects, objectives and threat
stages it waits for or counts its deadline from, and the world measures it reads. The registry of
pending watches (:mod:`simulator.engine.watches`) uses the keys to re-check, after a change, only
the watches that change can affect, and wakes the engine at the earliest ``wake`` a watch asks
for, so deadlines and delays are exact to the second rather than to the tick.

A key is a pair: ``("done", action_or_task)``, ``("inject", id)``, ``("objective", id)``,
``("stage", (threat, stage))`` or ``("measure", path)``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable

from typing_extensions import override

from simulator.engine.state import IncidentState
from simulator.scenario.conditions import (
    ActionCondition,
    AllCondition,
    AnyCondition,
    Condition,
    InjectCondition,
    NotDoneCondition,
    ObjectiveCondition,
    Target,
    TaskCondition,
    ThreatCondition,
    WorldCondition,
)

NEVER = math.inf

Key = tuple[str, object]
"""What a watch depends on: ``(kind, name)``; see the module docstring."""


def anchor_keys(after: str | None) -> frozenset[Key]:
    """The keys a target's clock depends on: the inject or objective named in ``after``."""
    if after is None:
        return frozenset()
    return frozenset({("inject", after), ("objective", after)})


def anchor_time(state: IncidentState, after: str | None) -> float | None:
    """When the clock of a target starts: 0, or when inject/objective ``after`` fired or was met."""
    if after is None:
        return 0.0
    if after in state.injects:
        return state.injects[after]
    return state.objectives.get(after)


def deadline_of(state: IncidentState, target: Target) -> float | None:
    """The absolute sim time of ``target``, or None while its anchor has not happened."""
    start = anchor_time(state, target.after)
    return None if start is None else start + target.within


class Watch(ABC):
    """A compiled condition."""

    __slots__ = ()

    @abstractmethod
    def check(self, now: float) -> bool:
        """Whether the condition holds at ``now``."""

    def wake(self, now: float) -> float:
        """The next time after ``now`` at which the answer may change without any other event."""
        return NEVER

    @abstractmethod
    def keys(self) -> frozenset[Key]:
        """What the answer depends on besides the clock (see the module docstring)."""

    def holding(self) -> bool:
        """Whether a measure is past its threshold and the watch is timing how long it holds."""
        return False


class WorldWatch(Watch):
    """A measure below or above a threshold, held for a while."""

    __slots__ = ("m", "path", "below", "above", "hold", "since")

    def __init__(self, m: dict[str, float], cond: WorldCondition):
        self.m, self.path, self.hold = m, cond.world, cond.hold
        self.below = -math.inf if cond.below is None else cond.below
        self.above = math.inf if cond.above is None else cond.above
        self.since: float | None = None

    @override
    def check(self, now: float) -> bool:
        value = self.m[self.path]
        if value < self.below or value > self.above:
            if self.since is None:
                self.since = now
            return now - self.since >= self.hold
        self.since = None
        return False

    # No wake: measures change only at world ticks (and when complaints are answered), and the
    # registry re-checks a world watch whenever its measure moved or while it is holding.

    @override
    def keys(self) -> frozenset[Key]:
        return frozenset({("measure", self.path)})

    @override
    def holding(self) -> bool:
        return self.since is not None


class DoneWatch(Watch):
    """An action or task done (optionally with fields, by a role, on a target, by a deadline)."""

    __slots__ = ("state", "what", "fields", "role", "target", "by")

    def __init__(self, state: IncidentState, what: str, fields=(), role=None, target=None,
                 by: Target | None = None):
        self.state, self.what, self.fields = state, what, tuple(fields)
        self.role, self.target, self.by = role, target, by

    @override
    def check(self, now: float) -> bool:
        deadline = None
        if self.by is not None:
            deadline = deadline_of(self.state, self.by)
            if deadline is None:
                return False
        return self.state.did(self.what, fields=self.fields, role=self.role, target=self.target,
                              before=deadline)

    @override
    def keys(self) -> frozenset[Key]:
        anchor = anchor_keys(None if self.by is None else self.by.after)
        return anchor | {("done", self.what)}


class NotDoneWatch(Watch):
    """At a deadline, an action or task still not done."""

    __slots__ = ("state", "what", "target")

    def __init__(self, state: IncidentState, cond: NotDoneCondition):
        self.state, self.what, self.target = state, cond.not_done, cond.by

    @override
    def check(self, now: float) -> bool:
        deadline = deadline_of(self.state, self.target)
        if deadline is None or now < deadline:
            return False
        return not self.state.did(self.what, before=deadline)

    @override
    def wake(self, now: float) -> float:
        deadline = deadline_of(self.state, self.target)
        return NEVER if deadline is None or deadline <= now else deadline

    @override
    def keys(self) -> frozenset[Key]:
        return anchor_keys(self.target.after) | {("done", self.what)}


class LookupWatch(Watch):
    """Something that happened at a time: an inject fired, an objective met, a threat stage."""

    __slots__ = ("table", "kind", "key", "delay")

    def __init__(self, table: dict, kind: str, key, delay: float = 0.0):
        self.table, self.kind, self.key, self.delay = table, kind, key, delay

    @override
    def check(self, now: float) -> bool:
        t = self.table.get(self.key)
        return t is not None and now >= t + self.delay

    @override
    def wake(self, now: float) -> float:
        t = self.table.get(self.key)
        return NEVER if t is None or t + self.delay <= now else t + self.delay

    @override
    def keys(self) -> frozenset[Key]:
        return frozenset({(self.kind, self.key)})


class AllWatch(Watch):
    """Every child holds."""

    __slots__ = ("children",)

    def __init__(self, children: list[Watch]):
        self.children = children

    @override
    def check(self, now: float) -> bool:
        # Evaluate every child: world watches must see each tick to time their holds.
        results = [child.check(now) for child in self.children]
        return all(results)

    @override
    def wake(self, now: float) -> float:
        return min(child.wake(now) for child in self.children)

    @override
    def keys(self) -> frozenset[Key]:
        return frozenset().union(*(child.keys() for child in self.children))

    @override
    def holding(self) -> bool:
        return any(child.holding() for child in self.children)


class AnyWatch(AllWatch):
    """At least one child holds."""

    __slots__ = ()

    @override
    def check(self, now: float) -> bool:
        results = [child.check(now) for child in self.children]
        return any(results)


def uses_world(watch: Watch) -> bool:
    """Whether the watch reads world measures (and so must be checked at every tick)."""
    if isinstance(watch, WorldWatch):
        return True
    return isinstance(watch, AllWatch) and any(uses_world(c) for c in watch.children)


def compile_condition(cond: Condition, state: IncidentState, m: dict[str, float]) -> Watch:
    """Turn a scenario condition into a watch over ``state`` and the world measures ``m``."""
    builders: dict[type, Callable[[], Watch]] = {
        WorldCondition: lambda: WorldWatch(m, cond),
        ActionCondition: lambda: DoneWatch(state, cond.action, cond.fields, cond.by_role,
                                           by=cond.by),
        TaskCondition: lambda: DoneWatch(state, cond.task, target=cond.target, by=cond.by),
        NotDoneCondition: lambda: NotDoneWatch(state, cond),
        InjectCondition: lambda: LookupWatch(state.injects, "inject", cond.inject, cond.delay),
        ObjectiveCondition: lambda: LookupWatch(state.objectives, "objective", cond.objective),
        ThreatCondition: lambda: LookupWatch(state.stages, "stage", (cond.threat, cond.stage)),
        AllCondition: lambda: AllWatch([compile_condition(c, state, m) for c in cond.all]),
        AnyCondition: lambda: AnyWatch([compile_condition(c, state, m) for c in cond.any]),
    }
    return builders[type(cond)]()
