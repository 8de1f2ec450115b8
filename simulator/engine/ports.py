"""Ports: what each part of the engine may do with the drill it belongs to.

The drill (:class:`~simulator.engine.drill.Drill`) wires its parts together, and each part used to
take the whole drill and reach into it. Now each part is given a port, a
:class:`typing.Protocol` that names exactly what it may read and do, and nothing else: a threat
pushes on the world and journals its stages, but it cannot fire an inject or start a task. The
drill satisfies every port; a test checks that it does, and that no part imports the drill.

- :class:`Core`: what the parts share: the scenario being played on its organisation, the
  bookkeeping of what was done, the clock, the events so far, and the engine's conditions;
- :class:`ThreatRoom`: a threat of plan section 2 (:mod:`simulator.threats`);
- :class:`TeamRoom`: the teams and tools that carry out tasks (:mod:`~simulator.engine.teams`);
- :class:`InjectRoom`: the MSEL (:mod:`~simulator.engine.injects`);
- :class:`ObjectiveRoom`: the plan's milestones (:mod:`~simulator.engine.objectives`);
- :class:`ProgressRoom`: containment, recovery and the complaints backlog
  (:mod:`~simulator.engine.progress`);
- :class:`CommandRoom`: the participants' actions (:mod:`~simulator.engine.commands`);
- :class:`FacilitatorRoom`: the drill director's commands (:mod:`~simulator.engine.facilitation`).

A part that needs a sibling part is given it explicitly when it is made or called, never through
the drill: progress and the teams are given the threats, the teams are given the progress
notices, commands are given the teams, facilitation is given the inject scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np
    import simpy

    from simulator.audience import Resolver
    from simulator.engine.state import IncidentState
    from simulator.engine.watch import Watch
    from simulator.engine.world import World
    from simulator.org.model import Organisation
    from simulator.records import Event
    from simulator.scenario.model import Scenario


@runtime_checkable
class Core(Protocol):
    """What every part of the engine shares.

    The scenario and organisation being played, the bookkeeping of what was done (the
    :class:`~simulator.engine.state.IncidentState`), the drill clock and the events so far; a
    part records a change as an event, schedules a callback at a sim time, waits for a condition
    and reports that something changed so that the conditions it lets hold fire.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""

    @property
    def org(self) -> Organisation:
        """The organisation it is played on."""

    @property
    def state(self) -> IncidentState:
        """What has been done so far: actions, tasks, injects, stages, objectives."""

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    @property
    def events(self) -> Sequence[Event]:
        """Every event so far, in order (read only)."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def at(self, t: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` at sim time ``t`` (now if ``t`` has passed)."""

    def watch(self, watch: Watch, fire: Callable[[], None]) -> None:
        """Call ``fire`` once, as soon as ``watch`` holds."""

    def changed(self) -> None:
        """Something changed: fire every watch it lets hold."""


@runtime_checkable
class ThreatRoom(Protocol):
    """What a threat process may do: push on the world and journal how far it got.

    A threat reads the scenario (the stores and segments it works on), draws from its own random
    stream (``threat:<id>``), changes the world's measures at each tick, journals its start, its
    stages and the mitigations applied to it, and reports that a stage was reached so that the
    conditions waiting on it fire. It fires no inject and starts no task.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""

    @property
    def state(self) -> IncidentState:
        """The bookkeeping, where the threat's stages are recorded."""

    @property
    def world(self) -> World:
        """The platform the threat pushes on."""

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    def streams(self, name: str) -> np.random.Generator:
        """The random stream named ``name`` (a threat uses ``threat:<id>``)."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def changed(self) -> None:
        """Something changed: fire every watch it lets hold."""


@runtime_checkable
class TeamRoom(Protocol):
    """What the teams and tools may do: carry out tasks on the drill's clock.

    The teams hold staff and tools as SimPy resources on the drill's environment, draw task
    durations and tool failures from their own streams (``task:<id>``, ``tool:<id>``), schedule
    the scenario's outages, apply a finished task's effect to the world and the bookkeeping, teach
    the role what the task found, and prompt whom the audience table names.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario being played (outages, facts, length)."""

    @property
    def org(self) -> Organisation:
        """The organisation: headcounts, tools, tasks."""

    @property
    def state(self) -> IncidentState:
        """What has been done so far."""

    @property
    def world(self) -> World:
        """The platform a task's effect changes."""

    @property
    def env(self) -> simpy.Environment:
        """The drill's SimPy environment (resources, processes, timeouts)."""

    @property
    def audience(self) -> Resolver:
        """Who is told of what (:mod:`simulator.audience`)."""

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    def streams(self, name: str) -> np.random.Generator:
        """The random stream named ``name``."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def at(self, t: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` at sim time ``t``."""

    def changed(self) -> None:
        """Something changed: fire every watch it lets hold."""

    def learn(self, roles: Collection[str], facts: Collection[str], via: Event) -> None:
        """``roles`` come to know ``facts``."""

    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Prompt ``roles``: ``trigger`` happened."""


@runtime_checkable
class InjectRoom(Core, Protocol):
    """What the inject scheduler may do: fire the MSEL and follow up its expectations.

    Everything of :class:`Core` (it schedules timed injects, waits for conditional ones and for
    expected actions, and reads the last event as the cause of what a condition fired), plus the
    world its conditions read, whether the drill is over, and telling: recipients learn what an
    inject reveals and are prompted.
    """

    @property
    def world(self) -> World:
        """The platform, whose measures conditions read."""

    @property
    def is_over(self) -> bool:
        """Whether the drill has ended (an inject then fires no more)."""

    def learn(self, roles: Collection[str], facts: Collection[str], via: Event) -> None:
        """``roles`` come to know ``facts``."""

    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Prompt ``roles``: ``trigger`` happened."""


@runtime_checkable
class ObjectiveRoom(Protocol):
    """What the objective tracker may do: judge the plan's milestones and journal the verdicts.

    It reads the scenario's objectives and severity, the regulator rules of the organisation, the
    bookkeeping and the world's measures, waits for each objective and its deadline, and journals
    each verdict with the seqs of the events that show it.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario being played (objectives, severity)."""

    @property
    def org(self) -> Organisation:
        """The organisation (which severities require a regulator report)."""

    @property
    def state(self) -> IncidentState:
        """What has been done so far."""

    @property
    def world(self) -> World:
        """The platform, whose measures conditions read."""

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    @property
    def events(self) -> Sequence[Event]:
        """Every event so far, in order (the evidence of a verdict)."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a verdict as the next event."""

    def watch(self, watch: Watch, fire: Callable[[], None]) -> None:
        """Call ``fire`` once, as soon as ``watch`` holds."""


@runtime_checkable
class ProgressRoom(Protocol):
    """What the progress notices may do: tell every role of containment and recovery.

    They read the bookkeeping and the world (a recovery task done, the services healthy, the
    complaints backlog), journal ``incident.recovered``, and prompt whom the audience table names,
    with the last event as the cause.
    """

    @property
    def state(self) -> IncidentState:
        """What has been done so far."""

    @property
    def world(self) -> World:
        """The platform's measures."""

    @property
    def audience(self) -> Resolver:
        """Who is told of what (:mod:`simulator.audience`)."""

    @property
    def events(self) -> Sequence[Event]:
        """Every event so far, in order."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Prompt ``roles``: ``trigger`` happened."""


@runtime_checkable
class CommandRoom(Protocol):
    """What the participants' commands may do: check an action, carry it out, tell whom it concerns.

    A command reads the organisation (who may do what) and the scenario (the places a task may
    target), changes the bookkeeping and the world (a statement published, users notified),
    journals ``action.taken`` or ``message.read``, teaches and prompts whom the audience table
    names, and may close the incident, which ends the drill. It starts tasks through the teams it
    is given.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""

    @property
    def org(self) -> Organisation:
        """The organisation: roles, their actions, tasks, the regulator."""

    @property
    def state(self) -> IncidentState:
        """What has been done so far."""

    @property
    def world(self) -> World:
        """The platform a statement or a user notice changes."""

    @property
    def audience(self) -> Resolver:
        """Who is told of what (:mod:`simulator.audience`)."""

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    @property
    def events(self) -> Sequence[Event]:
        """Every event so far, in order (the message a receipt is for)."""

    @property
    def is_over(self) -> bool:
        """Whether the drill has ended (a command is then refused)."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def learn(self, roles: Collection[str], facts: Collection[str], via: Event) -> None:
        """``roles`` come to know ``facts``."""

    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Prompt ``roles``: ``trigger`` happened."""

    def end(self, reason: str, actor: str = ..., extra: dict[str, Any] | None = None) -> None:
        """End the drill now (the incident is closed)."""


@runtime_checkable
class FacilitatorRoom(Protocol):
    """What the drill director's commands may do to a running drill.

    They check recipients and roles against the organisation and injects against the
    bookkeeping, journal clock changes and observations, hand roles between people and bots,
    end the drill, and report the change. Injects are fired through the scheduler they are given.
    """

    @property
    def org(self) -> Organisation:
        """The organisation: roles and groups."""

    @property
    def state(self) -> IncidentState:
        """What has been done so far (which injects fired)."""

    @property
    def events(self) -> Sequence[Event]:
        """Every event so far, in order."""

    @property
    def is_over(self) -> bool:
        """Whether the drill has ended (a command is then refused)."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""

    def changed(self) -> None:
        """Something changed: fire every watch it lets hold."""

    def set_bot(self, role: str, enabled: bool, actor: str,
                command: dict[str, Any] | None = None) -> Event:
        """Hand ``role`` to a bot (``enabled``) or to people, from now on."""

    def end(self, reason: str, actor: str = ..., extra: dict[str, Any] | None = None) -> None:
        """End the drill now."""


PORTS: tuple[type, ...] = (Core, ThreatRoom, TeamRoom, InjectRoom, ObjectiveRoom, ProgressRoom,
                           CommandRoom, FacilitatorRoom)
"""Every port of the engine's parts (the drill satisfies each of them)."""
