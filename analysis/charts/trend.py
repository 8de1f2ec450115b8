"""The drill trend: is this year's drill better than last year's?

One point per recorded drill, at the drill's date (its journal's creation time, in the drill's own
time zone), so yearly drills spread across the years. The speed and coordination scores (0 to 1,
higher is better) share the left axis; the money lost, or the downtime, is on a right axis of its
own (lower is better). Each drill's tick names its date and scenario, since the yearly drill may
play a different risk each year. The figures come from :mod:`analysis.history` entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.ticker import FuncFormatter

from analysis.charts.canvas import PALETTE, new_axes
from analysis.history import Entry

LANGS = ("zh", "en")

OUTCOMES = ("money", "downtime")
"""What the right axis can show."""

TICKED = 12
"""Up to this many drills, each gets its own tick with date and scenario (unless too close)."""

MARGIN = 0.08
"""Space left and right of the first and last drill, as a share of the time between them."""

WORDS = {
    "title": {"zh": "历次演练趋势", "en": "Drills over time"},
    "date": {"zh": "演练日期", "en": "Drill date"},
    "score_axis": {"zh": "得分（0–1，越高越好）", "en": "Score (0–1, higher is better)"},
    "speed": {"zh": "响应速度", "en": "Response speed"},
    "coordination": {"zh": "协同", "en": "Coordination"},
    "money": {"zh": "经济损失（元）", "en": "Money lost (CNY)"},
    "downtime": {"zh": "停机时长（分钟）", "en": "Downtime (min)"},
    "none": {"zh": "尚无演练记录", "en": "No drills recorded yet"},
}
"""The chart's words in Chinese and English."""

COLOURS = {"speed": PALETTE[0], "coordination": PALETTE[1], "money": PALETTE[-1],
           "downtime": PALETTE[-1]}


def drill_date(entry: Entry) -> datetime:
    """Where a drill sits on the x axis: its date and time in its own time zone (naive)."""
    return entry.created.replace(tzinfo=None)


def outcome_value(entry: Entry, outcome: str) -> float:
    """The right axis' figure of a drill: yuan lost, or minutes of downtime (NaN if unknown)."""
    value = entry.money_lost_cny if outcome == "money" else entry.downtime
    if value is None:
        return float("nan")
    return float(value) if outcome == "money" else float(value) / 60


def plot_trend(entries: Sequence[Entry], lang: str = "zh", ax: Axes | None = None, *,
               outcome: str = "money") -> Axes:
    """Draw the main figures of each drill across the drills.

    Args:
        entries: Recorded drills, in date order (:meth:`analysis.history.History.entries`).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on (the scores); a new figure when None. The outcome goes on a twin
            axes sharing its x axis, drawn behind it.
        outcome: ``money`` (yuan lost) or ``downtime`` (minutes) on the right axis.

    Returns:
        The scores' axes, which holds the legend for all three lines.
    """
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r}: must be zh or en")
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r}: must be money or downtime")
    w = {key: words[lang] for key, words in WORDS.items()}
    ax = new_axes(ax, (8.0, 4.5))
    ax.set_title(w["title"])
    if not entries:
        ax.text(0.5, 0.5, w["none"], transform=ax.transAxes, ha="center", va="center")
        ax.set_axis_off()
        return ax
    xs = [drill_date(e) for e in entries]
    right = ax.twinx()
    ax.set_zorder(right.get_zorder() + 1)  # the scores and the legend above the outcome
    ax.patch.set_visible(False)
    lines = []
    for name in ("speed", "coordination"):
        ys = [float("nan") if getattr(e, name) is None else float(getattr(e, name))
              for e in entries]
        lines += ax.plot(xs, ys, marker="o", color=COLOURS[name], label=w[name])
    lines += right.plot(xs, [outcome_value(e, outcome) for e in entries], marker="s",
                        linestyle="--", color=COLOURS[outcome], label=w[outcome])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(w["score_axis"])
    ax.set_xlabel(w["date"])
    right.set_ylabel(w[outcome])
    right.margins(y=0.1)
    right.set_ylim(bottom=0)
    right.yaxis.set_major_formatter(FuncFormatter(_money if outcome == "money" else _minutes))
    if len(entries) <= TICKED:
        ticked = _spaced(xs)
        ax.set_xticks([xs[i] for i in ticked],
                      [f"{xs[i]:%Y-%m-%d}\n{entries[i].scenario}" for i in ticked])
    else:
        locator = AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.margins(x=MARGIN)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(lines, [line.get_label() for line in lines], loc="upper center",
              bbox_to_anchor=(0.5, -0.2), ncols=3, frameon=False)
    return ax


def _spaced(xs: list[datetime]) -> list[int]:
    """Indexes of the drills that get a tick, so that labels do not print over each other.

    The latest drill, then each one more than a 30th of the time shown before the last ticked:
    a rehearsal played days before a drill leaves its tick to the drill.
    """
    span = (xs[-1] - xs[0]) * (1 + 2 * MARGIN)
    keep = [len(xs) - 1]
    for i in range(len(xs) - 2, -1, -1):
        if (xs[keep[-1]] - xs[i]) * 30 > span:
            keep.append(i)
    return keep[::-1]


def _money(value: float, _pos: int) -> str:
    return f"¥{value:,.0f}"


def _minutes(value: float, _pos: int) -> str:
    return f"{value:,.0f}"
