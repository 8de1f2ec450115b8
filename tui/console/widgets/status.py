"""The platform status the role can see: each measure's value and a sparkline of its history."""

from __future__ import annotations

from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Sparkline

from tui.console.state import Measures
from tui.console.words import measure_name, word


def value_text(path: str, value: float) -> str:
    """A measure value for a person: shares as percentages, big numbers with separators."""
    if path.endswith((".availability", ".ratio", ".load_ratio")) or path == "sentiment":
        return f"{value:.0%}" if path != "sentiment" else f"{value:+.2f}"
    return f"{value:,.0f}"


class StatusPane(VerticalScroll):
    """One row per measure: name, latest value, sparkline; rows are added as measures appear."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = word("status", lang)
        self._rows: dict[str, tuple[Label, Sparkline]] = {}  # the value label, the sparkline

    def compose(self):
        """An empty-state label; rows come with the first samples."""
        yield Label(word("no_measures", self.lang), id="no-measures")

    def show(self, measures: Measures) -> None:
        """Update the rows from ``measures`` (new measures get a new row)."""
        for path in measures.paths():
            series = list(measures.values[path])
            text = value_text(path, series[-1])
            if path not in self._rows:
                label = Label(text, classes="measure-value")
                spark = Sparkline(series, classes="measure-spark")
                self._rows[path] = (label, spark)
                name = Label(measure_name(path, self.lang), classes="measure-name")
                self.mount(Horizontal(name, label, spark, classes="measure"))
            else:
                label, spark = self._rows[path]
                label.update(text)
                spark.data = series
        self.query_one("#no-measures").display = not self._rows
