"""The drill: one scenario played on one simulated clock with named random streams.

:class:`Drill` wires the parts of the engine together: the world and the threats that push on it,
the teams that carry out tasks, the injects of the MSEL and the objectives of the plan, and the
bots that play the roles nobody plays. It is synchronous and does no I/O: every change becomes an
:class:`~simulator.records.Event` passed to ``sink`` (the journal, the live server, a test).

Time is a :class:`simpy.Environment` (:class:`~simulator.engine.clock.Clock`) in seconds from
the start of the drill. A rehearsal calls :meth:`Drill.run` and the drill goes as fast as the CPU
allows; a live session calls
:meth:`Drill.advance` from its clock task and :meth:`Drill.submit` for each participant's command.
Given the same scenario, organisation, seed and commands (at the same sim times), a drill makes
the same events: all randomness comes from :attr:`Drill.streams`, one named stream per threat,
tool, bot and task (see :mod:`simulator.engine.streams`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np

from simulator.actions import SEQ
from simulator.engine import commands
from simulator.engine.clock import Clock
from simulator.engine.injects import InjectScheduler
from simulator.engine.objectives import ObjectiveTracker
from simulator.engine.state import IncidentState
from simulator.engine.streams import Streams
from simulator.engine.teams import Teams
from simulator.engine.watch import NEVER, Watch, compile_condition, uses_world
from simulator.engine.world import World
from simulator.org.model import Organisation
from simulator.records import ENGINE, Event
from simulator.scenario.model import Scenario
from simulator.threats import ThreatProcess, make_threat

READABLE = ("send_message", "issue_instruction", "report_incident")
"""Actions whose recipients can mark them read (``message.read``)."""

COMPLAINTS_PROMPT = 50.0
"""Backlog of complaints at which customer service is prompted to handle enquiries."""


class Outcome:
    """What became of a submitted command: accepted (with its event) or rejected (with why)."""

    __slots__ = ("event", "reason")

    def __init__(self, event: Event | None = None, reason: str | None = None):
        self.event, self.reason = event, reason

    @property
    def accepted(self) -> bool:
        """Whether the command was applied."""
        return self.reason is None


class Drill:
    """One drill of one scenario.

    Args:
        scenario: The validated scenario.
        org: The validated organisation it plays on.
        seed: Seed of the drill's random streams.
        bots: Roles played by bots (default: every role).
        mistake_rate: Chance that a bot slips on a duty (default: the scenario's).
        sink: Called with every event as it is made.
        lang: Language bots write their reports and messages in.
    """

    def __init__(self, scenario: Scenario, org: Organisation, seed: int, *,
                 bots: Collection[str] | None = None, mistake_rate: float | None = None,
                 sink: Callable[[Event], Any] | None = None, lang: str = "zh"):
        self.scenario = scenario
        self.org = org
        self.seed = seed
        self.env = Clock()
        self.streams = Streams(seed)
        self.state = IncidentState()
        self.world = World(scenario.world)
        self.sink = sink
        self.lang = lang
        self.events: list[Event] = []
        self.mistake_rate = scenario.bots.mistake_rate if mistake_rate is None else mistake_rate
        self.bot_roles = list(org.roles) if bots is None else [r for r in org.roles if r in bots]
        self._seq = 0
        self._pending: list[tuple[Watch, Callable[[], None]]] = []
        self._world_watches: list[Watch] = []
        self._evaluating = False
        self._dirty = False
        self._wakes: set[float] = set()
        self._last_sample = -np.inf
        self._last_prompt = -np.inf
        self._recovery_done = False
        self._told_contained = False
        self.ended = self.env.event()
        self.threats: list[ThreatProcess] = [make_threat(self, spec) for spec in scenario.threats]
        self.teams = Teams(self)
        self.injects = InjectScheduler(self)
        self.objectives = ObjectiveTracker(self)
        self.bots: dict[str, Any] = {}
        self.started = False
        self._read: set[tuple[str, int]] = set()

    # -- basics ----------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""
        return self.env.now

    def emit(self, kind: str, actor: str = ENGINE, data: dict[str, Any] | None = None) -> Event:
        """Record a change as the next event."""
        self._seq += 1
        event = Event(self._seq, float(self.env.now), kind, actor, data or {})
        self.events.append(event)
        if self.sink is not None:
            self.sink(event)
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
        """Start the drill at sim time 0: threats, injects, teams, bots and the world clock."""
        if self.started:
            return
        self.started = True
        from simulator.bots import start_bots  # bots drive the drill; imported late

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
        self.bots = start_bots(self, self.bot_roles)
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
            self._drop_stop_marker()

    def _drop_stop_marker(self) -> None:
        """Consume what ``env.run(until=...)`` leaves behind.

        SimPy reschedules its stop event, stripped of callbacks, at the current time so a later
        run resumes cleanly; it would make :meth:`next_due` say an event is due now. Processing
        an event without callbacks does nothing, so stepping over it is safe.
        """
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
            now = self.env.now
            for threat in threats:
                if threat.active:
                    threat.tick(now, tick)
            world.advance(tick)
            if now - self._last_sample >= self.scenario.sample_every - 1e-9:
                self.sample()
            self._prompt_customer_service(now)
            self.check_contained(self.events[-1])
            self._check_recovery()
            self._tick_watches(now)

    def sample(self) -> None:
        """Journal a snapshot of the world's measures."""
        self._last_sample = self.env.now
        self.emit("world.sample", data={"measures": self.world.snapshot()})

    # -- conditions ------------------------------------------------------------------------
    def watch(self, watch: Watch, fire: Callable[[], None]) -> None:
        """Call ``fire`` once, as soon as ``watch`` holds."""
        self._pending.append((watch, fire))
        if uses_world(watch):
            self._world_watches.append(watch)
        self.changed()

    def _tick_watches(self, now: float) -> None:
        """After a world tick only watches on measures can change; check just those."""
        for watch in self._world_watches:
            if watch.check(now):
                self.changed()
                return

    def changed(self) -> None:
        """Something changed: fire every watch that now holds, until nothing more fires."""
        if self._evaluating:
            self._dirty = True
            return
        self._evaluating = True
        try:
            now = self.env.now
            self._dirty = True
            while self._dirty:
                self._dirty = False
                keep = []
                fired = []
                for item in self._pending:
                    (fired if item[0].check(now) else keep).append(item)
                self._pending = keep
                if fired:
                    gone = {id(w) for w, _ in fired}
                    self._world_watches = [w for w in self._world_watches if id(w) not in gone]
                for _, fire in fired:
                    fire()
                    self._dirty = True
            wake = min((w.wake(now) for w, _ in self._pending), default=NEVER)
            if wake != NEVER and wake > now and wake not in self._wakes:
                self._wakes.add(wake)
                self.at(wake, lambda: (self._wakes.discard(wake), self.changed()))
        finally:
            self._evaluating = False

    # -- stimuli for roles -----------------------------------------------------------------
    def notify(self, roles: Collection[str], trigger: str, cause: Event,
               payload: dict[str, Any] | None = None) -> None:
        """Tell ``roles`` that ``trigger`` happened (bots act on it; people see the event)."""
        for role in roles:
            bot = self.bots.get(role)
            if bot is not None:
                bot.prompt(trigger, cause, payload or {})

    def learn(self, roles: Collection[str], facts: Collection[str], via: Event) -> None:
        """``roles`` come to know ``facts``; each first learning is journalled."""
        for role in roles:
            known = self.state.known.setdefault(role, set())
            for fact in facts:
                if fact not in known:
                    known.add(fact)
                    self.emit("fact.learned", data={"role": role, "fact": fact, "via": via.seq})

    def _prompt_customer_service(self, now: float) -> None:
        backlog = self.world.m["complaints.backlog"]
        if backlog >= COMPLAINTS_PROMPT and now - self._last_prompt >= 600:
            self._last_prompt = now
            roles = [r for r, spec in self.org.roles.items()
                     if any("complaints" in d.on for d in spec.duties)]
            self.notify(roles, "complaints", self.events[-1], {"backlog": backlog})

    def contained(self) -> bool:
        """Every threat that started is contained (or over)."""
        return all(t.contained for t in self.threats if t.started_at is not None)

    def check_contained(self, cause: Event) -> None:
        """Tell every role, once, when every threat that started is contained."""
        if self._told_contained or not any(t.started_at is not None for t in self.threats):
            return
        if self.contained():
            self._told_contained = True
            self.notify(list(self.org.roles), "contained", cause)

    def _check_recovery(self) -> None:
        if self._recovery_done or not self.state.recovery_task_done:
            return
        if self.contained() and self.world.healthy():
            self._recovery_done = True
            event = self.emit("incident.recovered", data={
                "measures": self.world.snapshot()})
            self.notify(self.org.roles, "recovered", event)

    def set_bot(self, role: str, enabled: bool, actor: str,
                command: dict[str, Any] | None = None) -> Event:
        """Hand ``role`` to a bot (``enabled``) or to people, from now on."""
        from simulator.bots import Bot

        if enabled and role not in self.bots:
            self.bots[role] = Bot(self, role)
        elif not enabled:
            self.bots.pop(role, None)
        self.bot_roles = [r for r in self.org.roles if r in self.bots]
        data: dict[str, Any] = {"role": role, "bot": enabled}
        if command is not None:
            data["command"] = command
        return self.emit("bots.changed", actor, data)

    def facilitate(self, action: str, args: dict[str, Any] | None = None,
                   actor: str = "facilitator", command_id: str | None = None) -> Outcome:
        """Apply a facilitator command (see :mod:`simulator.engine.facilitation`).

        A refused facilitator command changes nothing and is not journalled.
        """
        from simulator.engine import facilitation

        args = dict(args or {})
        reason = facilitation.check(self, action, args)
        if reason is not None:
            return Outcome(reason=reason)
        return facilitation.apply(self, action, args, actor, command_id)

    # -- commands --------------------------------------------------------------------------
    def mark_read(self, role: str, message: int | str, command_id: str | None = None
                  ) -> Outcome:
        """Journal that ``role`` read a message, instruction or report that reached it.

        A read receipt changes nothing in the world and is not scored; it lets the sender see who
        has read what. It is journalled as ``message.read`` with the ``command`` that made it, so
        a replay (crash recovery) makes it again at the same place. A second receipt for the same
        message is refused.
        """
        seq = int(message) if SEQ.fullmatch(str(message)) else -1
        target = self.events[seq - 1] if 0 < seq <= len(self.events) else None
        if target is None or target.kind != "action.taken" or \
                target.data["action"] not in READABLE:
            return Outcome(reason=f"no message {message!r}")
        result = target.data.get("result") or {}
        if role not in (result.get("recipients") or result.get("to") or []):
            return Outcome(reason=f"message {seq} did not reach {role}")
        if (role, seq) in self._read:
            return Outcome(reason=f"message {seq} is already read")
        self._read.add((role, seq))
        event = self.emit("message.read", role, {
            "message": seq, "from": target.actor,
            "command": {"action": "read", "args": {"message": str(seq)}, "id": command_id}})
        return Outcome(event=event)

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
        event = commands.apply(self, role, action, args, source, cause, command_id)
        self.changed()
        return Outcome(event=event)
