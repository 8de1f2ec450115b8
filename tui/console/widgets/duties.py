"""The duties checklist: the role's plan duties, done, to do, overdue or not yet triggered."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.console.duties import Duties
from tui.console.words import word

MARKS = {"done": ("✔", "green"), "overdue": ("!", "bold red"), "due": ("●", "yellow"),
         "waiting": ("○", "dim")}


class DutyList(Static):
    """The checklist; redrawn from the :class:`~tui.console.duties.Duties` model."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = word("duties", lang)

    def show(self, duties: Duties) -> None:
        """Redraw from ``duties``."""
        text = Text()
        for index, item in enumerate(duties.items):
            mark, style = MARKS[item.status]
            if index:
                text.append("\n")
            text.append(f"{mark} ", style)
            text.append(item.text.get(self.lang) or item.id,
                        "dim" if item.status == "waiting" else "")
            text.append(f"  {word(item.status, self.lang)}", style)
            if item.met and item.status != "done":
                text.append(f" · {word('milestone_met', self.lang)}", "dim green")
        counts = duties.counts()
        self.border_subtitle = f"{counts['done']}/{len(duties.items)}"
        self.update(text)
