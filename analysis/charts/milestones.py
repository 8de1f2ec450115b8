"""Milestone time against target: how long each milestone of the plan took, and how long it may.

Every milestone's clock starts at its root anchor (the first alert, say, or the drill's start) and
its budget is the sum of the targets along its chain of anchors: report within 15 minutes of the
first alert, instruction within 30 minutes of the report, so instruction within 45 minutes of the
first alert. A bar shows the time taken from the root anchor (``elapsed``), a tick the budget,
and a column on the right both as text.
Green bars were on time, orange late; a milestone never reached is a hatched red bar to the end of
the drill. Milestones whose clock never started, or that the severity did not require, keep their
row with a note and no bar.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from analysis.charts.canvas import STATUS_COLOURS, clock_axis, legend_below, new_axes, wrap
from analysis.charts.labels import local, word
from analysis.record import DrillRecord
from simulator.duration import format_duration

NOTE_COLOURS = {"on_time": "#1a6e1a", "late": "#b35900", "missed": "#b01c1c"}
"""Text colour of a bar's note (time taken / budget), a darker shade of the bar's."""

BARRED = ("on_time", "late", "missed")
"""Statuses drawn as a bar; the others get a note."""

NAME_COLUMNS = {"zh": 30, "en": 38}
"""Width of a milestone name before it wraps (a Chinese character counts two)."""


def bar_width(milestone: dict[str, Any], end: float) -> float | None:
    """Length of a milestone's bar: ``elapsed``, or for a missed one the time left until ``end``.

    Args:
        milestone: An item of ``metrics["speed"]["milestones"]``.
        end: Simulated time the drill ended.

    Returns:
        Seconds, or None when the milestone gets no bar.
    """
    status = milestone.get("status")
    if status in ("on_time", "late") and milestone.get("elapsed") is not None:
        return float(milestone["elapsed"])
    if status == "missed":
        root = milestone.get("root_t") or 0.0
        return max(end - root, 0.0)
    return None


def plot_milestones(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
                    ax: Axes | None = None) -> Axes:
    """Draw each milestone's time against its budget.

    Args:
        record: The drill (its end bounds the bars of missed milestones).
        metrics: The drill's metrics (``speed.milestones`` is used).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on; a new figure when None.

    Returns:
        The axes: one bar patch per milestone reached or missed, in the order of the metrics
        (top to bottom), and a scatter of the budgets (gid ``budgets``).
    """
    items = metrics["speed"]["milestones"]
    ax = new_axes(ax, (11, 1.6 + 0.5 * max(len(items), 1)))
    end = float(metrics.get("drill", {}).get("ran") or record.end)
    rows = list(range(len(items)))
    longest = max([end, 60.0] + [float(m.get("budget") or 0) for m in items])

    notes = blended_transform_factory(ax.transAxes, ax.transData)
    for y, milestone in zip(rows, items, strict=True):
        status = milestone.get("status")
        width = bar_width(milestone, end)
        if width is None:
            ax.text(0, y, " " + word(status if status in STATUS_COLOURS else "not_started", lang),
                    va="center", ha="left", fontsize="small", color="#555555", style="italic")
            continue
        missed = status == "missed"
        ax.barh(y, width, height=0.6, color=STATUS_COLOURS[status], alpha=0.35 if missed else 0.9,
                hatch="///" if missed else None, edgecolor=STATUS_COLOURS[status], linewidth=0.8)
        budget = milestone.get("budget")
        note = word("missed", lang) if missed else format_duration(width)
        if budget is not None:
            note += f" / {format_duration(float(budget))}"
        ax.text(1.01, y, note, transform=notes, va="center", ha="left", fontsize="small",
                color=NOTE_COLOURS[status], gid="note")

    budgeted = [(float(m["budget"]), y) for y, m in zip(rows, items, strict=True)
                if m.get("budget") is not None and m.get("status") in BARRED]
    ticks = ax.scatter([b for b, _ in budgeted], [y for _, y in budgeted], marker="|", s=420,
                       linewidths=2.2, color="black", zorder=4, label=word("target", lang))
    ticks.set_gid("budgets")

    ax.set_yticks(rows, [wrap(local(m.get("name"), lang, m.get("objective", "")),
                              NAME_COLUMNS[lang], lang) for m in items],
                  fontsize="small")
    ax.set_ylim(max(len(items), 1) - 0.5, -0.5)
    ax.set_xlim(0, longest * 1.04)
    clock_axis(ax.xaxis, longest)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(word("elapsed_axis", lang))
    ax.set_title(word("milestones_title", lang))
    handles = [Patch(color=STATUS_COLOURS[s], label=word(s, lang)) for s in ("on_time", "late")]
    handles.append(Patch(facecolor=STATUS_COLOURS["missed"], alpha=0.35, hatch="///",
                         edgecolor=STATUS_COLOURS["missed"], label=word("missed", lang)))
    handles.append(Line2D([], [], marker="|", linestyle="", markersize=14, markeredgewidth=2.2,
                          color="black", label=word("target", lang)))
    legend_below(ax, handles)
    return ax

