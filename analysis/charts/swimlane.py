"""The swimlane: what each role received and did, along the drill clock.

One lane per role of the organisation, grouped as the plan groups them, so a glance shows who was
busy, who waited and who stayed silent. Injects (the scenario's messages to a role) are marked
where they reached the role; actions where the role took them, with messages and instructions
(the coordination the plan asks for) drawn apart from the other actions. A top lane carries the
milestones of the plan where they were reached, coloured by whether they were on time.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.canvas import STATUS_COLOURS, clock_axis, group_colours, legend_below, new_axes
from analysis.charts.labels import local, word
from analysis.record import DrillRecord

MESSAGES = frozenset({"send_message", "issue_instruction"})
"""Actions that pass information or orders to other roles."""

INJECT_OFFSET = -0.22
"""Injects sit a little above the lane's line (the y axis runs downwards), actions on it."""

MILESTONE_LANE = -1.2
"""y of the milestones lane, above the first role."""

INJECT_STYLE = {"marker": "v", "color": "#a0a0a0", "s": 36, "zorder": 3}
ACTION_STYLE = {"marker": "o", "color": "#333333", "s": 30, "zorder": 4}
MESSAGE_STYLE = {"marker": "D", "color": "#9467bd", "s": 30, "zorder": 4}
MILESTONE_STYLE = {"marker": "*", "s": 140, "zorder": 5, "edgecolors": "black", "linewidths": 0.5}


def lanes(record: DrillRecord) -> list[str]:
    """Role ids in lane order: the organisation's groups in order, each group's home roles."""
    ordered: list[str] = []
    for group in record.org.groups:
        ordered += [r for r in record.roles if record.group_of(r) == group and r not in ordered]
    return ordered + [r for r in record.roles if r not in ordered]


def plot_swimlane(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
                  ax: Axes | None = None) -> Axes:
    """Draw the drill's timeline with one lane per role.

    Args:
        record: The drill.
        metrics: The drill's metrics (``speed.milestones`` is used).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on; a new figure when None.

    Returns:
        The axes. Its collections are, in order: injects received, other actions, messages and
        instructions, milestones reached (each a scatter whose offsets are ``(t, lane y)``).
    """
    ax = new_axes(ax, (11, 6.5))
    roles = lanes(record)
    y_of = {role: float(i) for i, role in enumerate(roles)}

    injects, actions, messages = [], [], []
    for event in record.of("inject.fired"):
        injects += [(event.t, y_of[r] + INJECT_OFFSET) for r in event.data.get("to", [])
                    if r in y_of]
    for event in record.of("action.taken"):
        if event.actor in y_of:
            chosen = messages if event.data.get("action") in MESSAGES else actions
            chosen.append((event.t, y_of[event.actor]))

    reached = [m for m in metrics["speed"]["milestones"] if m.get("reached") is not None]
    colours = group_colours(list(record.org.groups))
    for i, role in enumerate(roles):
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
        if i and record.group_of(role) != record.group_of(roles[i - 1]):
            ax.axhline(i - 0.5, color="#bbbbbb", linewidth=0.8)
    for milestone in reached:
        ax.axvline(milestone["reached"], color=STATUS_COLOURS[_status(milestone)],
                   linewidth=0.8, alpha=0.45, linestyle=":", zorder=1)

    _scatter(ax, injects, INJECT_STYLE, word("inject_received", lang))
    _scatter(ax, actions, ACTION_STYLE, word("action_taken", lang))
    _scatter(ax, messages, MESSAGE_STYLE, word("message_sent", lang))
    stars = ax.scatter([m["reached"] for m in reached], [MILESTONE_LANE] * len(reached),
                       c=[STATUS_COLOURS[_status(m)] for m in reached],
                       label=word("milestone_reached", lang), **MILESTONE_STYLE)
    stars.set_gid("milestones")

    end = max(record.end, 60.0)
    ax.set_xlim(0, end * 1.01)
    clock_axis(ax.xaxis, end)
    ax.set_ylim(len(roles) - 0.5, MILESTONE_LANE - 0.6)
    ax.set_yticks([MILESTONE_LANE, *y_of.values()],
                  [word("milestones_lane", lang),
                   *(local(record.org.roles[r].name, lang, r) for r in roles)])
    for tick, role in zip(ax.get_yticklabels()[1:], roles, strict=True):
        tick.set_color(colours.get(record.group_of(role) or "", "black"))
    ax.axhline(MILESTONE_LANE + 0.6, color="#bbbbbb", linewidth=0.8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(word("drill_time", lang))
    title = local(record.started.data.get("title"), lang)
    ax.set_title(f"{word('swimlane_title', lang)} · {title}" if title else
                 word("swimlane_title", lang))
    handles, _ = ax.get_legend_handles_labels()
    handles[-1:] = [Line2D([], [], marker="*", linestyle="", markersize=11,
                           markerfacecolor=STATUS_COLOURS[status], markeredgecolor="black",
                           markeredgewidth=0.5, label=f"{word('milestone_reached', lang)}"
                           f"{'：' if lang == 'zh' else ': '}{word(status, lang)}")
                    for status in ("on_time", "late")]
    groups = [Patch(color=colours[g], label=local(record.org.groups[g].name, lang, g))
              for g in record.org.groups if any(record.group_of(r) == g for r in roles)]
    legend_below(ax, [handles[:3], handles[3:], groups])
    return ax


RASTER_ABOVE = 2000
"""A layer of more marks than this is rasterized in vector output (PDF): a drill with fifty
people makes tens of thousands of marks, which PDF viewers draw slowly and no one reads singly."""


def _scatter(ax: Axes, points: list[tuple[float, float]], style: dict[str, Any],
             label: str) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    dense = len(points) > RASTER_ABOVE
    if dense:  # thousands of marks: small and translucent, so that density shows, not a block
        style = {**style, "s": min(style.get("s", 30), 8), "alpha": 0.35}
    ax.scatter(xs, ys, label=label, rasterized=dense, **style)


def _status(milestone: dict[str, Any]) -> str:
    status = milestone.get("status")
    return status if status in STATUS_COLOURS else "on_time"
