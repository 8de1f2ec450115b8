"""The participant's own commands: waiting for the server, and the rejected ones with why."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from simulator.actions import CATALOGUE
from tui.console.state import Commands
from tui.console.words import word

SHOWN = 6
"""Rejected commands shown (the newest)."""


class CommandLog(Static):
    """Pending and rejected commands."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = word("commands", lang)

    def show(self, commands: Commands) -> None:
        """Redraw from ``commands``."""
        text = Text()
        for pending in commands.pending():
            name = self._action_name(pending.action)
            text.append(f"… {name}  {word('sent', self.lang)}\n", "yellow")
        for pending in commands.rejections()[-SHOWN:]:
            text.append(f"✘ {self._action_name(pending.action)}: ", "bold red")
            text.append(f"{pending.reason}\n", "red")
        text.rstrip()
        self.update(text if text.plain else Text("—", "dim"))
        self.display = bool(commands.pending() or commands.rejections())

    def _action_name(self, action: str) -> str:
        spec = CATALOGUE.get(action)
        return getattr(spec.name, self.lang) if spec else action
