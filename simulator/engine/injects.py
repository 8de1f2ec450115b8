"""The inject scheduler: the MSEL played out.

An inject fires at its time (``at``) or when its condition holds (``when``), once. Firing it
delivers its text to its recipients over its channel, teaches them the facts it reveals, and
starts a watch for each expected action: met when the action (or task) is done, missed when its
deadline passes first, in which case the contingency inject (``else``) fires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from simulator.engine.watch import Key, Watch, compile_condition
from simulator.scenario.model import Expectation, Inject

if TYPE_CHECKING:
    from simulator.engine.ports import InjectRoom
    from simulator.engine.state import IncidentState
    from simulator.records import Event


class ExpectationWatch(Watch):
    """Met or missed: an expected action against its deadline."""

    __slots__ = ("state", "expectation", "deadline", "roles")

    def __init__(self, state: IncidentState, expectation: Expectation, deadline: float):
        self.state, self.expectation, self.deadline = state, expectation, deadline

    @override
    def check(self, now: float) -> bool:
        exp = self.expectation
        return now >= self.deadline or self.state.did(exp.action, role=exp.by_role)

    @override
    def wake(self, now: float) -> float:
        return self.deadline

    @override
    def keys(self) -> frozenset[Key]:
        return frozenset({("done", self.expectation.action)})


class InjectScheduler:
    """Fires the scenario's injects and follows up their expectations.

    Args:
        room: What the scheduler may read and do in the drill.
    """

    def __init__(self, room: InjectRoom):
        self.room = room
        self.by_id = {inject.id: inject for inject in room.scenario.injects}
        self.adhoc: list[Inject] = []

    def start(self) -> None:
        """Schedule timed injects and watch conditional ones."""
        room = self.room
        for inject in room.scenario.injects:
            if inject.at is not None:
                room.at(inject.at, lambda i=inject: self.fire(i, None))
            elif inject.when is not None:
                watch = compile_condition(inject.when, room.state, room.world.m)
                room.watch(watch, lambda i=inject: self.fire(i, room.events[-1]))

    def fire(self, inject: Inject, cause: Event | None, actor: str | None = None,
             extra: dict | None = None) -> Event | None:
        """Fire ``inject`` now (at most once per drill); ``extra`` adds to the event's data."""
        room = self.room
        state = room.state
        if inject.id in state.injects or room.is_over:
            return None
        roles = room.org.expand(inject.to)
        state.injects[inject.id] = room.now
        expects = [{"action": e.action, "deadline": room.now + e.within, "by_role": e.by_role}
                   for e in inject.expects]
        data = {
            "inject": inject.id, "to": roles, "channel": inject.channel,
            "text": inject.text.as_dict(), "expects": expects, "reveals": list(inject.reveals),
            "cause": None if cause is None else cause.seq, **(extra or {}),
        }
        event = room.emit("inject.fired", actor or "engine", data)
        state.inject_seq[inject.id] = event.seq
        for role in roles:
            state.received.setdefault(inject.id, []).append(role)
        room.learn(roles, inject.reveals, event)
        for expectation in inject.expects:
            self._expect(inject, expectation, room.now + expectation.within)
        room.notify(roles, "inject", event, {"inject": inject.id})
        room.changed()
        return event

    def _expect(self, inject: Inject, expectation: Expectation, deadline: float) -> None:
        room = self.room
        fired_at = room.now
        watch = ExpectationWatch(room.state, expectation, deadline)

        def settle() -> None:
            state = room.state
            done = state.first_after(expectation.action, fired_at, expectation.by_role)
            if done is not None and done.t <= deadline:
                room.emit("expectation.met", data={
                    "inject": inject.id, "action": expectation.action, "deadline": deadline,
                    "by": done.role, "latency": round(max(0.0, done.t - fired_at), 3)})
                return
            if done is None and state.did(expectation.action, role=expectation.by_role):
                room.emit("expectation.met", data={
                    "inject": inject.id, "action": expectation.action, "deadline": deadline,
                    "by": None, "latency": 0.0})
                return
            room.emit("expectation.missed", data={
                "inject": inject.id, "action": expectation.action, "deadline": deadline})
            if expectation.otherwise:
                self.fire(self.by_id[expectation.otherwise], room.events[-1])

        room.watch(watch, settle)
