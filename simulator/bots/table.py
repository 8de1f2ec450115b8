"""The bot table: the bots seated at one drill, one per role the engine says a bot plays.

The engine keeps the record of who plays which role (``bot_roles``, journalled in
``drill.started`` and ``bots.changed``); the table follows it. When a facilitator (or the live
session, when the last person of a role leaves) hands a role to a bot, the ``bots.changed`` event
seats a new bot, with a fresh memory; handing it back to people unseats it, and what the bot was
about to do is dropped.
"""

from __future__ import annotations

from typing import Any

from simulator.bots.bot import Bot
from simulator.engine.players import Seat
from simulator.records import Event


class BotTable:
    """The bots of one drill (a :class:`~simulator.engine.players.Player`).

    Args:
        drill: The drill the bots play in.

    Attributes:
        bots: The seated bot of each role a bot plays now.
    """

    def __init__(self, drill: Seat):
        self.drill = drill
        self.bots: dict[str, Bot] = {role: Bot(drill, role, self) for role in drill.bot_roles}

    def plays(self, bot: Bot) -> bool:
        """Whether ``bot`` still holds its seat (people may have taken the role over)."""
        return self.bots.get(bot.role) is bot

    def observe(self, event: Event) -> None:
        """Obey the engine's record of who plays what."""
        if event.kind != "bots.changed":
            return
        role = event.data["role"]
        if event.data["bot"]:
            if role not in self.bots:
                self.bots[role] = Bot(self.drill, role, self)
        else:
            self.bots.pop(role, None)

    def prompt(self, role: str, trigger: str, cause: Event, payload: dict[str, Any]) -> None:
        """Pass a prompt to the bot of ``role``, if a bot plays it."""
        bot = self.bots.get(role)
        if bot is not None:
            bot.prompt(trigger, cause, payload)


def attach_bots(drill: Seat) -> BotTable:
    """Seat bots in the roles ``drill`` gives to bots, and attach them; returns the table."""
    table = BotTable(drill)
    drill.attach(table)
    return table
