"""Help (F1): the role's duties from the plan, the keys and how the drill is scored."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.console.state import ConsoleState
from tui.console.words import word

KEYS = (("ctrl+p", "key_actions"), ("a", "key_actions"), ("i", "key_report"),
        ("k", "key_ack"), ("m", "key_compose"), ("r", "key_reply"), ("f", "key_filter"),
        ("f1", "key_help"), ("q", "key_quit"))
"""Keys shown in the help, with their word."""


class HelpScreen(ModalScreen[None]):
    """The help text; any of escape, q or F1 closes it."""

    BINDINGS = [("escape", "dismiss", ""), ("q", "dismiss", ""), ("f1", "dismiss", "")]

    def __init__(self, state: ConsoleState | None, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang

    def compose(self):
        """One scrolling text."""
        with VerticalScroll(id="help"):
            yield Static(self.text())

    def text(self) -> Text:
        """The help as Rich text."""
        lang, text = self.lang, Text()
        if self.state is not None:
            text.append(f"{word('duties', lang)} · {self.state.role_name(self.state.role, lang)}\n",
                        "bold")
            for item in self.state.duties.items:
                text.append(f"  • {item.text.get(lang) or item.id}\n")
        text.append(f"\n{word('help_keys', lang)}\n", "bold")
        for key, name in KEYS:
            text.append(f"  {key:<8}", "bold cyan")
            text.append(f"{word(name, lang)}\n")
        text.append(f"\n{word('help_scoring', lang)}\n", "bold")
        text.append(word("scoring", lang))
        return text

    async def action_dismiss(self, result=None) -> None:
        """Close the help."""
        self.dismiss(None)
