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

    def _target(self, target: dict) -> str:
        minutes = round(float(target.get("target") or 0) / 60)
        after = (target.get("after_name") or {}).get(self.lang) or target.get("after")
        after = after.split("（")[0].split(" (")[0] if after else after
        if self.lang == "zh":
            return f"{after}后{minutes}分钟内" if after else f"演练开始后{minutes}分钟内"
        return f"within {minutes} min of {after}" if after else f"within {minutes} min"

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
            for target in item.targets[:1]:  # the phase's first milestone and its target
                text.append(f"\n    {word('target', self.lang)}{self._target(target)}", "dim")
        counts = duties.counts()
        self.border_subtitle = f"{counts['done']}/{len(duties.items)}"
        self.update(text)
