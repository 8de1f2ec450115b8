"""Players: what sits above the engine and plays roles, and the two ways it meets a drill.

People play roles through their consoles; bots (:mod:`simulator.bots`) play the rest. Neither is
part of the engine: the engine never imports them. Whoever builds a drill (the rehearsal runner,
the live session, replay) attaches its players with :meth:`Drill.attach
<simulator.engine.drill.Drill.attach>`, and from then on:

- **the engine tells them**: every event as it is made (:meth:`Player.observe`), and every prompt,
  the engine's word that something a role must act on has happened (:meth:`Player.prompt`; who is
  prompted of what is the table of :mod:`simulator.audience`);
- **they act through a seat** (:class:`Seat`): they read what the drill exposes, schedule their
  own delays on its clock, and submit commands exactly as a participant's console does.

Which roles are played by bots is the engine's record (``Drill.bot_roles``, journalled in
``drill.started`` and in every ``bots.changed``); a facilitator hands a role to a bot or back to
people through the engine, and the bot layer obeys what is journalled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import simpy

    from simulator.engine.injects import InjectScheduler
    from simulator.engine.state import IncidentState
    from simulator.engine.teams import Teams
    from simulator.engine.world import World
    from simulator.org.model import Organisation
    from simulator.records import Event
    from simulator.scenario.model import Scenario
    from simulator.threats import ThreatProcess


class Player(Protocol):
    """Something attached to a drill that plays roles in it."""

    def observe(self, event: Event) -> None:
        """A new event was made (called for every event, in order)."""

    def prompt(self, role: str, trigger: str, cause: Event, payload: dict[str, Any]) -> None:
        """``role`` is told that ``trigger`` happened (``cause`` is the event behind it)."""


class Seat(Protocol):
    """What a player may read of a drill, and how it acts on it."""

    scenario: Scenario
    org: Organisation
    state: IncidentState
    world: World
    threats: list[ThreatProcess]
    injects: InjectScheduler
    teams: Teams
    env: simpy.Environment
    lang: str
    mistake_rate: float
    bot_roles: Sequence[str]

    @property
    def now(self) -> float:
        """Sim seconds since the start of the drill."""

    @property
    def is_over(self) -> bool:
        """Whether the drill has ended."""

    def streams(self, name: str) -> np.random.Generator:
        """The random stream named ``name``."""

    def emit(self, kind: str, actor: str = ..., data: dict[str, Any] | None = None) -> Event:
        """Journal an event of the player's own (a bot's slip)."""

    def submit(self, role: str, action: str, args: dict[str, Any] | None = None, *,
               source: str = ..., cause: int | None = None,
               command_id: str | None = None) -> Any:
        """Apply a command of ``role`` now, as a console would."""

    def attach(self, player: Player) -> None:
        """Tell ``player`` of every event and prompt from now on."""
