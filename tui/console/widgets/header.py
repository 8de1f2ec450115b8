"""The console header: who I am, which drill, the drill clock, the connection."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui.console.state import ConsoleState
from tui.console.words import clock_text, word

CONNECTION_STYLE = {"connecting": "yellow", "connected": "green", "reconnecting": "bold yellow",
                    "closed": "bold red"}


class ConsoleHeader(Static):
    """Role, group, scenario, clock (H:MM:SS and speed), the paused banner, the connection."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.state: ConsoleState | None = None
        self.connection = "connecting"

    def show(self, state: ConsoleState | None = None, connection: str | None = None) -> None:
        """Take new state (attributes down) and redraw."""
        if state is not None:
            self.state = state
        if connection is not None:
            self.connection = connection
        self.update(self.text())

    def text(self) -> Table:
        """The header: who and which drill on the left (cut first), clock and link on the right."""
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(self.who(), self.clock())
        return grid

    def who(self) -> Text:
        """Role, group and scenario title."""
        lang, line, state = self.lang, Text(), self.state
        if state is not None:
            line.append(f" {state.role_name(state.role, lang)} ", "bold reverse")
            line.append(f" {state.title(lang)}", "bold")
            if state.group:
                line.append(f"  {state.group_name(state.group, lang)}", "dim")
        return line

    def clock(self) -> Text:
        """Clock, speed, paused banner, severity and the connection."""
        lang, line, state = self.lang, Text(), self.state
        if state is not None:
            clock = state.clock
            line.append(clock_text(clock.now()), "bold cyan")
            line.append(f" ×{clock.speed:g}", "cyan")
            if clock.over:
                line.append(f"  {word('over', lang)} ", "bold white on red")
            elif clock.paused:
                line.append(f"  {word('paused', lang)} ", "bold black on yellow")
            if state.severity:
                line.append(f"  {word('severity', lang)} {state.severity}", "bold magenta")
        line.append("  │  ")
        line.append(f"● {word(self.connection, lang)}",
                    CONNECTION_STYLE.get(self.connection, ""))
        return line
