"""The participant's own commands: pending, rejected (with why), and who read what it sent."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from simulator.actions import CATALOGUE
from tui.console.inbox import Inbox
from tui.console.state import Commands
from tui.console.words import word

SHOWN = 6
"""Rejected commands shown (the newest)."""

SENT_SHOWN = 4
"""Sent messages shown with their readers (the newest)."""

READABLE = ("send_message", "issue_instruction", "report_incident")
"""Commands whose recipients send read receipts."""


class CommandLog(Static):
    """Pending and rejected commands."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = word("commands", lang)

    def show(self, commands: Commands, inbox: Inbox | None = None,
             names: dict[str, str] | None = None) -> None:
        """Redraw from ``commands`` (and the receipts in ``inbox``)."""
        text = Text()
        sent = [p for p in commands.all.values()
                if p.status == "acked" and p.action in READABLE and p.seq is not None]
        for pending in sent[-SENT_SHOWN:] if inbox is not None else []:
            readers = [(names or {}).get(r, r) for r in inbox.readers(pending.seq)]
            text.append(f"✓ {self._action_name(pending.action)} #{pending.seq}  ", "green")
            text.append((word("read_by", self.lang) + ("、" if self.lang == "zh" else ", ")
                         .join(readers)) if readers else word("unread", self.lang), "dim")
            text.append("\n")
        for pending in commands.pending():
            name = self._action_name(pending.action)
            text.append(f"… {name}  {word('sent', self.lang)}\n", "yellow")
        for pending in commands.rejections()[-SHOWN:]:
            text.append(f"✘ {self._action_name(pending.action)}: ", "bold red")
            text.append(f"{pending.reason}\n", "red")
        text.rstrip()
        self.update(text if text.plain else Text("—", "dim"))
        self.display = bool(text.plain)

    def _action_name(self, action: str) -> str:
        spec = CATALOGUE.get(action)
        return getattr(spec.name, self.lang) if spec else action
