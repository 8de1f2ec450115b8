"""Bots: roles played by the plan when nobody plays them.

A bot reacts to what reaches its role (an inject, a report, an instruction, a finished task...)
with the duties the organisation file gives the role, after the role's on-call latency, in the
plan's order. At the drill's ``mistake_rate`` it slips as people do: late, an incomplete report,
the wrong measure, a duty forgotten, or a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from simulator.bots.bot import Bot

if TYPE_CHECKING:
    from simulator.engine.drill import Drill


def start_bots(drill: Drill, roles: Iterable[str]) -> dict[str, Bot]:
    """A bot for each of ``roles``."""
    return {role: Bot(drill, role) for role in roles}


__all__ = ["Bot", "start_bots"]
