"""What every chart shares: new figures, the drill clock on an axis, colours, wrapped names, saving.

Charts are drawn with matplotlib's object API (``Figure`` and ``Axes``), never pyplot, so drawing
a scorecard touches no global figure state and works in any thread or server. Saved files carry
no timestamps or version strings, so the same journal gives byte-identical images.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator
from matplotlib.transforms import ScaledTranslation

DPI = 150
"""Resolution of saved PNG files."""

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#d62728")
"""Colours for groups and series, in order (matplotlib's tab10, red last: red means trouble)."""

STATUS_COLOURS = {"on_time": "#2ca02c", "late": "#ff7f0e", "missed": "#d62728",
                  "not_required": "#c7c7c7", "not_started": "#7f7f7f"}
"""Colour of a milestone by its status."""

LEGEND_DROP = 0.5
"""How far (inches) a legend under the axes sits below them, clear of the ticks and x label."""

CLOCK_STEPS = (60, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600)
"""Tick spacings of a drill-clock axis, in seconds."""


def new_axes(ax: Axes | None, size: tuple[float, float], *, polar: bool = False) -> Axes:
    """``ax`` itself, or the axes of a new figure of ``size`` inches (constrained layout).

    Args:
        ax: Axes given by the caller, or None.
        size: Width and height of a new figure.
        polar: Make the new axes polar.
    """
    if ax is not None:
        return ax
    figure = Figure(figsize=size, layout="constrained")
    return figure.add_subplot(projection="polar" if polar else None)


def split(ax: Axes, ratios: tuple[float, float] = (1.0, 1.0), wspace: float = 0.05) -> Axes:
    """Give the right part of ``ax``'s place to a second panel, and return that panel.

    ``ax`` keeps the left part. An axes placed by a grid (``add_subplot``) is split in its grid
    cell, so the figure's layout engine places both panels; other axes are split by position.

    Args:
        ax: The axes to split.
        ratios: Widths of the left and right panels, relative to each other.
        wspace: Space between the panels, as a share of the width (for axes without a grid).
    """
    figure = ax.get_figure()
    spec = ax.get_subplotspec()
    if spec is not None:
        inner = spec.subgridspec(1, 2, width_ratios=ratios)
        ax.set_subplotspec(inner[0])
        return figure.add_subplot(inner[1])
    box = ax.get_position()
    left = box.width * ratios[0] / sum(ratios)
    ax.set_position([box.x0, box.y0, left - wspace * box.width / 2, box.height])
    return figure.add_axes([box.x0 + left + wspace * box.width / 2, box.y0,
                            box.width - left - wspace * box.width / 2, box.height])


def legend_below(ax: Axes, handles: list, labels: list[str] | None = None, *,
                 ncol: int = 4) -> None:
    """A frameless legend under ``ax``'s x-axis label, whatever the axes' height.

    Args:
        ax: The axes.
        handles: Legend handles; a list of lists puts each inner list on a row of its own.
        labels: Labels of ``handles`` (default: each handle's label).
        ncol: Columns, when ``handles`` is a flat list.
    """
    if handles and isinstance(handles[0], list):
        ncol = max(len(row) for row in handles)
        padded = [row + [Patch(visible=False, label="")] * (ncol - len(row)) for row in handles]
        handles = [row[c] for c in range(ncol) for row in padded]  # legends fill by column
    below = ax.transAxes + ScaledTranslation(0, -LEGEND_DROP, ax.get_figure().dpi_scale_trans)
    if labels is None:
        labels = [h.get_label() for h in handles]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below,
              ncol=ncol, frameon=False, fontsize="small")


def clock(seconds: float) -> str:
    """Drill time as ``H:MM`` (negative times keep their sign)."""
    sign = "-" if seconds < 0 else ""
    minutes = int(round(abs(seconds) / 60))
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def clock_axis(axis, end: float, *, ticks: int = 10) -> None:
    """Put ``H:MM`` ticks on a matplotlib ``XAxis``/``YAxis`` running from 0 to ``end`` seconds.

    Args:
        axis: ``ax.xaxis`` or ``ax.yaxis``.
        end: The largest time shown, in seconds.
        ticks: At most this many major ticks.
    """
    step = next((s for s in CLOCK_STEPS if end / s <= ticks), CLOCK_STEPS[-1])
    axis.set_major_locator(MultipleLocator(step))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: clock(value)))


def wrap(text: str, width: int, lang: str, *, lines: int = 3) -> str:
    """Break ``text`` into lines of about ``width`` columns (a Chinese character is two).

    English breaks at spaces; Chinese anywhere, but not before closing punctuation. Lines
    beyond ``lines`` are dropped and the last one kept ends with an ellipsis.
    """
    if lang == "en":
        out: list[str] = []
        for token in text.split():
            if out and _columns(out[-1]) + 1 + _columns(token) <= width:
                out[-1] += " " + token
            else:
                out.append(token)
    else:
        out = [""]
        for char in text:
            if _columns(out[-1] + char) > width and char not in "，。、；：）」』！？,.;:)":
                out.append("")
            out[-1] += char
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(" ,，、") + "…"
    return "\n".join(out)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def group_colours(groups: list[str]) -> dict[str, str]:
    """A colour per group id, in the given order."""
    return {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(groups)}


def save_png(figure: Figure, path: str | os.PathLike[str], *, dpi: int = DPI) -> Path:
    """Save ``figure`` as a PNG without a timestamp or software tag (same input, same bytes).

    Returns:
        The path written.
    """
    path = Path(path)
    figure.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
    return path


def save_pdf(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Save ``figure`` as a PDF without a creation date or producer string.

    Returns:
        The path written.
    """
    path = Path(path)
    figure.savefig(path, format="pdf",
                   metadata={"CreationDate": None, "Creator": None, "Producer": None})
    return path
