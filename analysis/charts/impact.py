"""Impact curves: what the incident did to the business, and when the key decisions came.

The world samples of the journal give, over the drill clock, the orders taken as a share of a
normal evening (``orders.ratio``), each service's availability and the money lost so far
(``money.lost_cny``, on its own axis). Vertical lines mark the decisions the plan cares about (the
incident report, the severity, the leadership's instructions, each technical task, the public
statement, the user notice and the regulator report), so a reader sees which decision turned a
curve.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from analysis.charts.canvas import PALETTE, clock_axis, legend_below, new_axes, wrap
from analysis.charts.labels import local, word
from analysis.record import DrillRecord
from simulator.actions import CATALOGUE

DECISIONS = ("report_incident", "set_severity", "issue_instruction", "start_task",
             "publish_statement", "notify_users", "report_to_regulator")
"""Actions marked on the chart as decisions."""

MONEY_UNIT = {"zh": 1e4, "en": 1e6}
"""The money axis counts 万元 (ten thousand yuan) in Chinese and millions in English."""

SERVICE_STYLES = ("-", "-.", (0, (5, 1.5)), (0, (1, 1)))
"""Line styles of the services' availability, so lines that coincide stay apart."""

LABEL_POINTS = 6.5
"""Font size of the decision labels."""

BAND = (1.02, 1.06)
"""Shares where a decision's leader starts (just above 100%) and its label begins."""

TOP = 1.5
"""Top of the shares axis: the band above 1.06 holds the decision labels."""


def samples(record: DrillRecord, measure: str) -> tuple[list[float], list[float]]:
    """Times and values of ``measure`` in the world samples that carry it."""
    times, values = [], []
    for event in record.of("world.sample"):
        value = event.data.get("measures", {}).get(measure)
        if value is not None:
            times.append(event.t)
            values.append(float(value))
    return times, values


def decision_label(record: DrillRecord, action: str, args: dict[str, Any], lang: str) -> str:
    """A decision's label: the task's name for a technical task, else the action's name."""
    if action == "start_task":
        task = record.org.tasks.get(args.get("task", ""))
        if task is not None:
            return local(task.name, lang)
    spec = CATALOGUE.get(action)
    return local(spec.name, lang, action) if spec else action


def plot_impact(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
                ax: Axes | None = None) -> Axes:
    """Draw orders and availability against normal, money lost, and the key decisions.

    Args:
        record: The drill (its world samples and actions are used).
        metrics: The drill's metrics (unused; every chart takes them).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on; a new figure when None. Money lost goes on a twin axes.

    Returns:
        The axes of the shares. Its lines: ``orders.ratio`` first, then each service's
        availability (gid = the measure), then one vertical line per decision (gid
        ``decision``). The money line (gid ``money.lost_cny``) is on ``ax.money``.
    """
    ax = new_axes(ax, (11, 5.5))
    money_ax = ax.twinx()
    ax.money = money_ax  # type: ignore[attr-defined]
    end = max(record.end, 60.0)

    times, values = samples(record, "orders.ratio")
    ax.plot(times, values, color="black", linewidth=2.6, alpha=0.75,
            label=word("orders_ratio", lang), gid="orders.ratio", zorder=3)
    for i, (service, spec) in enumerate(record.scenario.world.services.items()):
        measure = f"{service}.availability"
        times, values = samples(record, measure)
        if times:
            name = local(spec.name, lang, service)
            sep = "" if lang == "zh" else " "
            ax.plot(times, values, color=PALETTE[i % (len(PALETTE) - 1)], linewidth=1.3,
                    linestyle=SERVICE_STYLES[i % len(SERVICE_STYLES)],
                    label=f"{name}{sep}{word('availability', lang)}", gid=measure, zorder=4)

    times, values = samples(record, "money.lost_cny")
    money_ax.plot(times, values, color=PALETTE[-1], linewidth=1.6, linestyle="--",
                  label=word("money_lost", lang), gid="money.lost_cny")
    unit = MONEY_UNIT[lang]
    highest = max(values, default=0.0)
    ticks = [v for v in MaxNLocator(5).tick_values(0, highest or unit)
             if 0 <= v <= max(highest, unit) * 1.05]
    step = (ticks[1] - ticks[0]) / unit if len(ticks) > 1 else 1.0
    decimals = min(max(0, -math.floor(math.log10(step))), 3) if step > 0 else 0
    money_ax.set_ylim(0, (highest or unit) * TOP / 0.9)
    money_ax.set_yticks(ticks)
    money_ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / unit:,.{decimals}f}"))
    money_ax.set_ylabel(word("money_axis", lang), color=PALETTE[-1])
    money_ax.tick_params(axis="y", colors=PALETTE[-1])

    _decisions(ax, record, lang, end)

    ax.set_xlim(0, end * 1.01)
    ax.set_ylim(0, TOP)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(word("share_axis", lang))
    clock_axis(ax.xaxis, end)
    ax.set_xlabel(word("drill_time", lang))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_title(word("impact_title", lang))
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = money_ax.get_legend_handles_labels()
    legend_below(ax, handles + more, labels + more_labels)
    return ax


def _decisions(ax: Axes, record: DrillRecord, lang: str, end: float) -> None:
    """Vertical lines at the key decisions, labelled in the band above the 100% line.

    Labels run upwards and keep at least one label's thickness apart: one that would touch the
    previous label moves right, and a short leader joins it to its line.
    """
    points_per_second = ax.bbox.width / ax.get_figure().dpi * 72 / (end * 1.01)
    gap = LABEL_POINTS * 1.35 / max(points_per_second, 1e-9)
    previous = -end
    for event in record.of("action.taken"):
        action = event.data.get("action")
        if action not in DECISIONS:
            continue
        ax.axvline(event.t, ymin=0, ymax=BAND[0] / TOP, color="#888888", linewidth=0.7,
                   linestyle=":", gid="decision", zorder=2)
        x = max(event.t, previous + gap)
        previous = x
        ax.plot([event.t, event.t, x], [BAND[0], BAND[0] + 0.015, BAND[1]], color="#888888",
                linewidth=0.6, gid="leader")
        label = wrap(decision_label(record, action, event.data.get("args") or {}, lang),
                     18 if lang == "zh" else 24, lang, lines=1)
        ax.text(x, BAND[1] + 0.01, label, rotation=90, ha="center",
                va="bottom", fontsize=LABEL_POINTS, color="#444444")
