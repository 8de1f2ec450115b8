"""Team utilisation and waits: how busy each team was, and how long its tasks waited to start.

A task needs staff of its role (as many as the role's headcount allows at once) and its tools; when
they are all taken, or a tool is down, it waits. The left panel shows, per role, the share of its
available staff time spent on tasks (busy staff-seconds over headcount times the drill's length);
the right panel the time its tasks spent waiting for staff or tools. A busy team with long waits is
the bottleneck the after-action report should name.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from analysis.charts.canvas import PALETTE, new_axes, split
from analysis.charts.labels import local, word
from analysis.record import DrillRecord


def plot_utilisation(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
                     ax: Axes | None = None) -> Axes:
    """Draw each role's utilisation share and its tasks' waiting time, side by side.

    Args:
        record: The drill (role names).
        metrics: The drill's metrics (``coordination.tasks.utilisation`` is used).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on; a new figure when None. Its place is split in two: ``ax`` keeps the
            utilisation panel and a new axes, ``ax.waits``, gets the waits.

    Returns:
        The utilisation axes: one bar per role with width ``share``, top to bottom in the order
        of the metrics. ``ax.waits`` has one bar per role with width ``waited`` in minutes.
    """
    ax = new_axes(ax, (11, 1.6 + 0.45 * max(len(_items(metrics)), 3)))
    waits = split(ax, (3, 2))
    ax.waits = waits  # type: ignore[attr-defined]
    items = _items(metrics)
    rows = list(range(len(items)))
    shares = [float(u.get("share") or 0.0) for u in items]
    minutes = [float(u.get("waited") or 0.0) / 60 for u in items]

    ax.barh(rows, shares, height=0.6, color=PALETTE[0])
    for y, share in zip(rows, shares, strict=True):
        ax.annotate(f"{share:.0%}", (share, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize="small")
    waits.barh(rows, minutes, height=0.6, color=PALETTE[1])
    longest = max(minutes, default=0.0)
    for y, wait in zip(rows, minutes, strict=True):
        waits.annotate(f"{wait:.0f}", (wait, y), xytext=(4, 0), textcoords="offset points",
                       va="center", fontsize="small")

    names = [_name(record, u, lang) for u in items]
    for panel in (ax, waits):
        panel.set_ylim(max(len(items), 1) - 0.5, -0.5)
        panel.grid(axis="x", color="#dddddd", linewidth=0.6)
        panel.set_axisbelow(True)
    ax.set_yticks(rows, names, fontsize="small")
    waits.set_yticks(rows, [""] * len(rows))
    waits.tick_params(axis="y", length=0)
    ax.set_xlim(0, max(1.0, max(shares, default=0.0) * 1.15))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    waits.set_xlim(0, max(longest * 1.2, 5.0))
    ax.set_xlabel(word("utilisation_axis", lang))
    waits.set_xlabel(word("waited_axis", lang))
    ax.set_title(word("utilisation_title", lang))
    waits.set_title(word("waits_title", lang))
    if not items:
        ax.text(0.5, 0.5, word("none", lang), ha="center", va="center", transform=ax.transAxes)
    return ax


def _items(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    return list(metrics["coordination"]["tasks"]["utilisation"])


def _name(record: DrillRecord, item: dict[str, Any], lang: str) -> str:
    role = item.get("role", "")
    spec = record.org.roles.get(role)
    name = local(spec.name, lang, role) if spec else role
    headcount = item.get("headcount")
    if headcount is None:
        return name
    return f"{name}（{headcount}{word('headcount', lang)}）" if lang == "zh" else \
        f"{name} ({headcount} {word('headcount', lang)})"
