"""Bots: roles played by the plan when nobody plays them.

A bot reacts to what reaches its role (an inject, a report, an instruction, a finished task...)
with the duties the organisation file gives the role, after the role's on-call latency, in the
plan's order. At the drill's ``mistake_rate`` it slips as people do: late, an incomplete report,
the wrong measure, a duty forgotten, or a duplicate.

Bots are players, not engine parts: :func:`attach_bots` seats a :class:`BotTable` at a drill, as
a :class:`~simulator.engine.players.Player`. It learns of prompts and events from the engine and
acts through the drill's ``submit``, like a participant's console; which roles it plays is the
engine's record (``Drill.bot_roles``), and a hand-over journalled as ``bots.changed`` is obeyed
as it is made.
"""

from __future__ import annotations

from simulator.bots.bot import Bot
from simulator.bots.table import BotTable, attach_bots

__all__ = ["Bot", "BotTable", "attach_bots"]
