"""The drill: one scenario played on one simulated clock with named random streams.

:class:`Drill` is the facade of the engine. The parts live in their own modules and the drill
wires them: the world (:mod:`~simulator.engine.world`) and the threats that push on it, the teams
that carry out tasks (:mod:`~simulator.engine.teams`), the injects of the MSEL
(:mod:`~simulator.engine.injects`), the objectives of the plan
(:mod:`~simulator.engine.objectives`), the pending conditions (:mod:`~simulator.engine.watches`)
and the progress notices (:mod:`~simulator.engine.progress`). Each part is given the drill through
its port (:mod:`~simulator.engine.ports`), which names what it may do, and the sibling parts it
needs explicitly; no part imports this module. From outside, a drill is started, run or advanced,
given commands (:meth:`Drill.submit`, :meth:`Drill.facilitate`) and watched
(:meth:`Drill.attach`); it is synchronous and does no I/O. Every change becomes an
:class:`~simulator.records.Event` in :attr:`Drill.events`, which the caller journals.

Players sit above the engine (:mod:`~simulator.engine.players`): the bots of
:mod:`simulator.bots` and the consoles of people. The engine never imports them; whoever builds
a drill attaches them, and they learn of events and prompts through :meth:`Drill.attach`.

Time is a :class:`simpy.Environment` (:class:`~simulator.engine.clock.Clock`) in seconds from
the start of the drill. A rehearsal calls :meth:`Drill.run` and the drill goes as fast as the CPU
allows; a live session calls :meth:`Drill.advance` from its clock task and :meth:`Drill.submit`
for each participant's command. Given the same scenario, organisation, seed and commands (at the
same sim times), a drill makes the same events: all randomness comes from :attr:`Drill.streams`,
one named stream per threat, tool, bot and task (see :mod:`simulator.engine.streams`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np

from simulator.audience import Resolver
from simulator.engine import commands, facilitation
from simulator.engine.clock import Clock
from simulator.engine.commands import READABLE, Outcome
from simulator.engine.injects import InjectScheduler
from simulator.engine.objectives import ObjectiveTracker
from simulator.engine.players import Player
from simulator.engine.progress import COMPLAINTS_PROMPT, Progress
from simulator.engine.state import IncidentState
from simulator.engine.streams import Streams
from simulator.engine.teams import Teams
from simulator.engine.watch import Watch, compile_condition
from simulator.engine.watches import WatchRegistry
from simulator.engine.world import World
from simulator.org.model import Organisation
from simulator.records import ENGINE, Event
from simulator.scenario.model import Scenario
from simulator.threats import ThreatProcess, make_threat

__all__ = ["COMPLAINTS_PROMPT", "READABLE", "Drill", "Outcome"]


class Drill:
    """One drill of one scenario.

    Args:
        scenario: The validated scenario.
        org: The validated organisation it plays on.
        seed: Seed of the drill's random streams.
        bots: Roles played by bots (default: every role). The engine records and journals who
            plays what; the bots themselves are attached by whoever builds the drill
            (:func:`simulator.bots.attach_bots`).
        mistake_rate: Chance that a bot slips on a duty (default: the scenario's).
        lang: Language bots write their reports and messages in.
        indexed: Re-check only the conditions a change can affect (False: re-check every one,
            the benchmark's baseline; see :mod:`simulator.engine.watches`).
    """

    def __init__(self, scenario: Scenario, org: Organisation, seed: int, *,
                 bots: Collection[str] | None = None, mistake_rate: float | None = None,
                 lang: str = "zh", indexed: bool = True):
        self.scenario = scenario
        self.org = org
        self.seed = seed
        self.env = Clock()
        self.streams = Streams(seed)
        self.state = IncidentState()
        self.world = World(scenario.world)
        self.lang = lang
        self.events: list[Event] = []
        self.mistake_rate = scenario.bots.mistake_rate if mistake_rate is None else mistake_rate
        self.bot_roles = list(org.roles) if bots is None else [r for r in org.roles if r in bots]
        self.players: list[Player] = []
        self.audience = Resolver(org)
        self._seq = 0
        self._last_sample = -np.inf
        self.ended = self.env.event()
        self.watches = WatchRegistry(self.world.m, lambda: self.env.now, self.at,
                                     indexed=indexed)
        self.threats: list[ThreatProcess] = [make_threat(self, spec) for spec in scenario.threats]
        self.progress = Progress(self, self.threats)
        self.teams = Teams(self, self.threats, self.progress)
        self.injects = InjectScheduler(self)
        self.objectives = ObjectiveTracker(self)
        self.started = False

    # -- basics ----------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""
        return self.env.now

    def attach(self, player: Player) -> None:
        """Tell ``player`` of every event and every prompt from now on (bots, observers)."""
        self.players.append(player)

    def emit(self, kind: str, actor: str = ENGINE, data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""
        self._seq += 1
        event = Event(self._seq, float(self.env.now), kind, actor, data or {})
        self.events.append(event)
        self.watches.note(event)
        self.progress.note(event)
        for player in self.players:
            player.observe(event)
        return event

    @property
    def last_seq(self) -> int:
        """Sequence number of the newest event."""
        return self._seq

    def threat(self, threat_id: str) -> ThreatProcess:
        """The threat with this id."""
        return next(t for t in self.threats if t.id == threat_id)

    # -- running ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the drill at sim time 0: threats, injects, teams and the world clock."""
        if self.started:
            return
        self.started = True
        self.emit("drill.started", data={
            "scenario": self.scenario.id, "title": self.scenario.title.as_dict(),
            "seed": self.seed, "starts": self.scenario.starts.isoformat(),
            "length": self.scenario.length, "severity": self.scenario.severity,
            "risk": self.scenario.risk, "roles": list(self.org.roles),
            "bots": list(self.bot_roles), "mistake_rate": self.mistake_rate,
            "objectives": [{
                "objective": o.id, "phase": o.phase, "name": o.name.as_dict(),
                "target": o.target.within, "after": o.target.after,
            } for o in self.objectives.applicable()],
        })
        for threat in self.threats:
            if threat.spec.start_when is not None:
                watch = compile_condition(threat.spec.start_when, self.state, self.world.m)
                self.watch(watch, threat.begin)
            elif threat.spec.starts <= 0:
                threat.begin()
            else:
                self.at(threat.spec.starts, threat.begin)
        self.teams.start()
        self.injects.start()
        self.objectives.start()
        self.env.process(self._clock())
        self.env.timeout(self.scenario.length).callbacks.append(lambda _: self.end("length"))
        self.sample()
        self.changed()

    def run(self) -> None:
        """Play the whole drill as fast as possible (until its length, or until closed)."""
        self.start()
        self.env.run(until=self.ended)

    def advance(self, until: float) -> None:
        """Process every engine event before sim time ``until`` (for a live clock)."""
        if not self.started:
            self.start()
        if self.ended.triggered:
            return
        if until > self.scenario.length:
            self.env.run(until=self.ended)  # through the end of the drill
        elif until > self.env.now:
            self.env.run(until=until)
            # SimPy re-queues its stop event, stripped of callbacks, at the current time; it
            # would make next_due() say an event is due now. Stepping over it does nothing.
            self.env.drop_stop_marker()

    def next_due(self) -> float:
        """Sim time of the next engine event (``inf`` when none is scheduled)."""
        return self.env.peek()

    def end(self, reason: str, actor: str = ENGINE, extra: dict[str, Any] | None = None) -> None:
        """End the drill now."""
        if self.ended.triggered:
            return
        self.sample()
        self.objectives.finish()
        self.emit("drill.ended", actor, {"reason": reason, **(extra or {})})
        self.ended.succeed(reason)

    @property
    def is_over(self) -> bool:
        """Whether the drill has ended."""
        return self.ended.triggered

    def simpy_events(self) -> int:
        """SimPy events processed so far."""
        return self.env.processed

    def at(self, t: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` at sim time ``t`` (now if ``t`` has passed)."""
        self.env.timeout(max(0.0, t - self.env.now)).callbacks.append(lambda _: callback())

    def _clock(self):
        tick = self.scenario.tick
        world = self.world
        threats = self.threats
        while True:
            yield self.env.timeout(tick)
            if self.is_over:  # the end came first in this instant: the world stops with it
                return
            now = self.env.now
            for threat in threats:
                if threat.active:
                    threat.tick(now, tick)
            world.advance(tick)
            if now - self._last_sample >= self.scenario.sample_every - 1e-9:
                self.sample()
            self.progress.tick(now)
            self.watches.tick(now)

    def sample(self) -> None:
        """Journal a snapshot of the world's measures."""
        self._last_sample = self.env.now
        self.emit("world.sample", data={"measures": self.world.snapshot()})

    # -- for the engine's parts: conditions, prompts, facts, hand-overs --------------------
    def watch(self, watch: Watch, fire: Callable[[], None]) -> None:
        """Call ``fire`` once, as soon as ``watch`` holds."""
        self.watches.add(watch, fire)
        self.changed()

    def changed(self) -> None:
        """Something changed: fire every watch it lets hold, until nothing more fires."""
        self.watches.changed()

    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Prompt ``roles``: ``trigger`` happened (bots act on it; people see the event)."""
        payload = payload or {}
        for role in roles:
            for player in self.players:
                player.prompt(role, trigger, cause, payload)

    def learn(self, roles: Collection[str], facts: Collection[str], via: Event) -> None:
        """``roles`` come to know ``facts``; each first learning is journalled."""
        for role in roles:
            known = self.state.known.setdefault(role, set())
            for fact in facts:
                if fact not in known:
                    known.add(fact)
                    self.emit("fact.learned", data={"role": role, "fact": fact, "via": via.seq})

    def set_bot(self, role: str, enabled: bool, actor: str,
                command: dict[str, Any] | None = None) -> Event:
        """Hand ``role`` to a bot (``enabled``) or to people, from now on.

        The engine records the choice in :attr:`bot_roles` and journals it as ``bots.changed``;
        the attached bot layer obeys the event.
        """
        playing = set(self.bot_roles)
        if enabled:
            playing.add(role)
        else:
            playing.discard(role)
        self.bot_roles = [r for r in self.org.roles if r in playing]
        data: dict[str, Any] = {"role": role, "bot": enabled}
        if command is not None:
            data["command"] = command
        return self.emit("bots.changed", actor, data)

    # -- commands --------------------------------------------------------------------------
    def facilitate(self, action: str, args: dict[str, Any] | None = None,
                   actor: str = "facilitator", command_id: str | None = None) -> Outcome:
        """Apply a facilitator command (see :mod:`simulator.engine.facilitation`).

        A refused facilitator command changes nothing and is not journalled.
        """
        args = dict(args or {})
        reason = facilitation.check(self, self.injects, action, args)
        if reason is not None:
            return Outcome(reason=reason)
        return facilitation.apply(self, self.injects, action, args, actor, command_id)

    def mark_read(self, role: str, message: int | str, command_id: str | None = None
                  ) -> Outcome:
        """Journal that ``role`` read a message, instruction or report that reached it.

        A read receipt changes nothing in the world and is not scored; it lets the sender see who
        has read what. It is journalled as ``message.read`` with the ``command`` that made it, so
        a replay (crash recovery) makes it again at the same place. A second receipt for the same
        message is refused.
        """
        return commands.mark_read(self, role, message, command_id)

    def submit(self, role: str, action: str, args: dict[str, Any] | None = None, *,
               source: str = "human", cause: int | None = None,
               command_id: str | None = None) -> Outcome:
        """Apply a command of ``role`` at the current sim time.

        Args:
            role: Who acts.
            action: An action id of the catalogue.
            args: The action's arguments.
            source: ``human`` or ``bot``.
            cause: For a bot, the event that prompted it.
            command_id: The client's id of the command (journalled, so a repeated id is
                recognised even after a crash).

        Returns:
            The outcome: the ``action.taken`` event, or the reason it was rejected (also
            journalled as ``action.rejected``).
        """
        args = dict(args or {})
        reason = commands.check(self, role, action, args)
        if reason is not None:
            data = {"action": action, "args": args, "reason": reason, "source": source}
            if command_id is not None:
                data["command_id"] = command_id
            self.emit("action.rejected", role, data)
            return Outcome(reason=reason)
        event = commands.apply(self, self.teams, role, action, args, source, cause, command_id)
        self.changed()
        return Outcome(event=event)
