"""Progress of the response: containment, recovery, and the customer-service backlog.

Three moments of the plan concern every role, and the engine tells them when they come:

- **contained** (plan 4.3): every threat that started is contained, removed or over. Only a
  ``threat.started`` or ``threat.stage`` event can change that, so the check runs only after one
  of them (it used to look at every threat at every world tick);
- **recovered** (plan 4.5): a recovery task is done, the threats are contained and every service
  is back above 95 % availability. It is armed by those events; once armed, the availability is
  looked at each world tick (it moves only then) until it is back, and never again after;
- **complaints** (plan 4.3, customer service): the backlog of unanswered complaints reaches
  :data:`COMPLAINTS_PROMPT`; customer service is prompted at most every ten minutes. The backlog
  is a measure that moves at every tick while customers cannot buy, so this check reads one
  number per tick.

Who is told is the ``NOTICES`` table of :mod:`simulator.audience`. The notices go out at the
same places in the drill as before the checks were event-driven (at the next world tick, or right
after the task that contained the last threat), so the event stream is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.audience import NOTICES
from simulator.records import ENGINE, Event

if TYPE_CHECKING:
    from collections.abc import Sequence

    from simulator.engine.ports import ProgressRoom
    from simulator.threats import ThreatProcess

COMPLAINTS_PROMPT = 50.0
"""Backlog of complaints at which customer service is prompted to handle enquiries."""
PROMPT_EVERY = 600.0
"""Seconds between two prompts of customer service about the backlog."""

_CONTAINMENT_KINDS = frozenset({"threat.started", "threat.stage"})


class Progress:
    """Watches for containment, recovery and the complaints backlog in one drill.

    Args:
        room: What the notices may read and do in the drill.
        threats: The drill's threats, whose containment they follow.

    Attributes:
        contained_told: Whether every role has been told that the threats are contained.
        recovered: Whether ``incident.recovered`` has been journalled.
    """

    def __init__(self, room: ProgressRoom, threats: Sequence[ThreatProcess]):
        self.room = room
        self.threats = threats
        self.contained_told = False
        self.recovered = False
        self._stale = True        # the cached answer of contained() may be out of date
        self._unchecked = False   # containment may have changed since check_contained looked
        self._contained = True
        self._last_prompt = -float("inf")
        self._complaint_roles = room.audience.resolve(NOTICES["complaints"], ENGINE)

    def note(self, event: Event) -> None:
        """An event was made: note whether it can change containment."""
        if event.kind in _CONTAINMENT_KINDS:
            self._stale = self._unchecked = True

    def contained(self) -> bool:
        """Every threat that started is contained (or over)."""
        if self._stale:
            self._stale = False
            self._contained = all(t.contained for t in self.threats
                                  if t.started_at is not None)
        return self._contained

    def check_contained(self, cause: Event) -> None:
        """Tell every role, once, when every threat that started is contained."""
        if self.contained_told or not self._unchecked:
            return
        self._unchecked = False
        room = self.room
        if any(t.started_at is not None for t in self.threats) and self.contained():
            self.contained_told = True
            room.notify(room.audience.resolve(NOTICES["contained"], ENGINE), "contained", cause)

    def tick(self, now: float) -> None:
        """After a world tick: the complaints backlog, containment and recovery."""
        room = self.room
        if now - self._last_prompt >= PROMPT_EVERY:
            backlog = room.world.m["complaints.backlog"]
            if backlog >= COMPLAINTS_PROMPT:
                self._last_prompt = now
                room.notify(self._complaint_roles, "complaints", room.events[-1],
                            {"backlog": backlog})
        self.check_contained(room.events[-1])
        if not self.recovered and room.state.recovery_task_done and self.contained() \
                and room.world.healthy():
            self.recovered = True
            event = room.emit("incident.recovered", data={"measures": room.world.snapshot()})
            room.notify(room.audience.resolve(NOTICES["recovered"], ENGINE), "recovered", event)
