"""The capability radar: how well each capability of the exercise was performed, on one polygon.

The capabilities are the HSEEP core capabilities the drill exercised. Each has a computed score
from 0 (unable to perform) to 1 (performed without challenges) and a final P/S/M/U rating (which
an evaluator's observation may override). A capability with no score, because nothing in the
drill exercised it, sits at the centre with a cross, and its label says so.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes

from analysis.charts.canvas import PALETTE, new_axes, wrap
from analysis.charts.labels import local, word
from analysis.record import DrillRecord

NAME_COLUMNS = {"zh": 18, "en": 18}
"""Width of a capability name before it wraps."""

SCALE_DROP = 56
"""Points between the bottom of the circle and the P/S/M/U key, below the lowest label."""


def angles(count: int) -> list[float]:
    """Angles (radians) of ``count`` spokes, the first at the top, going clockwise."""
    return [2 * math.pi * i / count for i in range(count)]


def plot_radar(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
               ax: Axes | None = None) -> Axes:
    """Draw the capability scores as a radar polygon.

    Args:
        record: The drill (unused; every chart takes it).
        metrics: The drill's metrics (``ratings.capabilities`` is used).
        lang: ``zh`` or ``en``.
        ax: Polar axes to draw on; a new figure when None.

    Returns:
        The axes. Its first line is the closed polygon (the first vertex repeated at the end)
        with ``ydata`` the scores, None drawn as 0; a scatter (gid ``unscored``) marks those.

    Raises:
        ValueError: ``ax`` is not polar.
    """
    if ax is not None and ax.name != "polar":
        raise ValueError("the capability radar needs polar axes: "
                         "figure.add_subplot(projection='polar')")
    ax = new_axes(ax, (7.5, 7), polar=True)
    capabilities = metrics["ratings"]["capabilities"]
    spokes = angles(len(capabilities))
    scores = [float(c["score"]) if c.get("score") is not None else 0.0 for c in capabilities]

    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    if capabilities:
        ax.plot([*spokes, spokes[0]], [*scores, scores[0]], color=PALETTE[0], linewidth=2,
                marker="o", markersize=5)
        ax.fill([*spokes, spokes[0]], [*scores, scores[0]], color=PALETTE[0], alpha=0.2)
    unscored = [a for a, c in zip(spokes, capabilities, strict=True) if c.get("score") is None]
    marks = ax.scatter(unscored, [0.0] * len(unscored), marker="x", s=60, color=PALETTE[-1],
                       zorder=5, label=word("no_score", lang))
    marks.set_gid("unscored")

    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize="x-small",
                  color="#666666")
    ax.set_rlabel_position(180 / max(len(capabilities), 1))
    ax.set_xticks(spokes, [_label(c, lang) for c in capabilities], fontsize="small")
    ax.tick_params(axis="x", pad=10)
    for angle, label in zip(spokes, ax.get_xticklabels(), strict=True):
        across = math.sin(angle)  # clockwise from the top: right of the centre is positive
        label.set_horizontalalignment("left" if across > 0.2 else "right" if across < -0.2
                                      else "center")
    ax.set_title(word("radar_title", lang), pad=30)
    ax.annotate(word("rating_scale", lang), (0.5, 0), xycoords="axes fraction",
                xytext=(0, -SCALE_DROP), textcoords="offset points", ha="center", va="top",
                fontsize="x-small", color="#555555")
    return ax


def _label(capability: dict[str, Any], lang: str) -> str:
    name = wrap(local(capability.get("name"), lang, capability.get("capability", "")),
                NAME_COLUMNS[lang], lang)
    if capability.get("score") is None:
        return f"{name}\n({word('no_score', lang)})"
    rating = capability.get("rating")
    return f"{name}\n{rating} · {capability['score']:.2f}" if rating else name
