"""The scorecard charts: one module per chart, each drawn from a drill record and its metrics.

Every chart is a function ``plot_X(record, metrics, lang="zh", ax=None) -> Axes`` that draws on
the axes it is given, or on a new :class:`matplotlib.figure.Figure` when given none; no chart
touches pyplot. :data:`CHARTS` lists them in the order the scorecard shows them, and
:func:`draw_all` draws each on its own figure with a Chinese font in place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts.canvas import save_pdf, save_png
from analysis.charts.fonts import CJKFontWarning, FontChoice, FontError, find_cjk_font, use_cjk_font
from analysis.charts.impact import plot_impact
from analysis.charts.labels import word
from analysis.charts.milestones import plot_milestones
from analysis.charts.network import plot_network
from analysis.charts.radar import plot_radar
from analysis.charts.swimlane import plot_swimlane
from analysis.charts.utilisation import plot_utilisation
from analysis.record import DrillRecord

Chart = Callable[..., Axes]
"""``plot_X(record, metrics, lang="zh", ax=None) -> Axes``."""

CHARTS: dict[str, Chart] = {
    "swimlane": plot_swimlane,
    "milestones": plot_milestones,
    "radar": plot_radar,
    "impact": plot_impact,
    "network": plot_network,
    "utilisation": plot_utilisation,
}
"""The scorecard's charts by name, in the order the scorecard shows them."""


def draw_all(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
             font: str | os.PathLike[str] | None = None) -> dict[str, Figure]:
    """Draw every chart of :data:`CHARTS`, each on its own figure.

    A Chinese font is put in place first (``font``, or one found on the system); without one a
    :class:`CJKFontWarning` says how to install one, for Chinese charts only.

    Args:
        record: The drill.
        metrics: Its metrics (``analysis.metrics.compute(record)``).
        lang: ``zh`` or ``en``.
        font: A font file to use for Chinese text (the ``--font`` option).

    Returns:
        Figures by chart name, in :data:`CHARTS` order.

    Raises:
        FontError: ``font`` does not exist or is not a font file.
    """
    word("drill_time", lang)  # an unknown language fails before any drawing
    use_cjk_font(font, warn=lang == "zh")
    return {name: chart(record, metrics, lang).get_figure() for name, chart in CHARTS.items()}


__all__ = [
    "CHARTS", "CJKFontWarning", "FontChoice", "FontError", "draw_all", "find_cjk_font",
    "plot_impact", "plot_milestones", "plot_network", "plot_radar", "plot_swimlane",
    "plot_utilisation", "save_pdf", "save_png", "use_cjk_font", "word",
]
