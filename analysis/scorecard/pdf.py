"""The scorecard PDF: its summary page, and the whole document written with ``PdfPages``.

The summary page is the one management reads first: the drill, the headline figures (with last
drill's beside them when the history has one), the capability ratings and the most urgent
improvement items. :func:`write` puts it before the pages of :mod:`analysis.scorecard.pages`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis import format as fmt
from analysis.charts.canvas import wrap
from analysis.record import DrillRecord
from analysis.scorecard.pages import A4, as_page, chart_figures, figures_page, plan_page
from analysis.scorecard.words import say

SHOW_PEOPLE = 6
"""Roles named on the summary page before the rest are counted."""

RATING_COLOURS = {"P": "#2ca02c", "S": "#98df8a", "M": "#ff7f0e", "U": "#d62728", None: "#dddddd"}
"""Cell colour of an HSEEP rating."""


def _page(title: str, metrics: dict[str, Any], lang: str) -> Figure:
    fig = Figure(figsize=A4)
    drill = metrics["drill"]
    fig.text(0.03, 0.965, title, fontsize=17, weight="bold", va="top")
    fig.text(0.97, 0.965, f"{drill['title'].get(lang, '')} · {(drill.get('created') or '')[:10]}",
             fontsize=9, color="#555555", ha="right", va="top")
    fig.text(0.03, 0.015, say("trace", lang), fontsize=7.5, color="#777777")
    return fig


def _people(metrics: dict[str, Any], record: DrillRecord, lang: str) -> str:
    names = [record.org.roles[r].name.get(lang) for r in metrics["drill"]["people"]
             if r in record.org.roles]
    bots = len(metrics["drill"]["roles"]) - len(names)
    more = len(names) - SHOW_PEOPLE
    names = names[:SHOW_PEOPLE] + ([f"+{more}"] if more > 0 else [])
    shown = "、".join(names) if lang == "zh" else ", ".join(names)
    return (f"{say('people', lang)}: {shown or say('none', lang)} "
            f"({bots} {say('bots', lang)})")


def _tiles(metrics: dict[str, Any], lang: str, previous: dict[str, Any] | None
           ) -> list[tuple[str, str, str | None]]:
    h = metrics["headline"]
    last = (previous or {}).get("headline") or {}

    def was(key: str, show: Callable[[Any], str]) -> str | None:
        return f"{say('vs_last', lang)} {show(last[key])}" if key in last else None

    return [
        (say("speed", lang), fmt.score(h["speed"]), was("speed", fmt.score)),
        (say("coordination", lang), fmt.score(h["coordination"]),
         was("coordination", fmt.score)),
        (say("on_time", lang), f"{h['milestones_on_time']}/{h['milestones']}",
         was("milestones_on_time", str)),
        (say("money", lang), fmt.money(h["money_lost_cny"], lang),
         was("money_lost_cny", lambda v: fmt.money(v, lang))),
        (say("downtime", lang), fmt.duration(h["downtime"], lang),
         was("downtime", lambda v: fmt.duration(v, lang))),
        (say("records", lang), fmt.count(h["records_exposed"]),
         was("records_exposed", fmt.count)),
        (say("complaints", lang), fmt.count(h["complaints"]), was("complaints", fmt.count)),
    ]


def summary_page(record: DrillRecord, metrics: dict[str, Any], lang: str,
                 previous: dict[str, Any] | None = None) -> Figure:
    """The first page: what management reads in five minutes."""
    drill = metrics["drill"]
    fig = _page(f"{say('scorecard', lang)}: {drill['title'].get(lang, drill['scenario'])}",
                metrics, lang)
    fig.text(0.03, 0.905, "   ".join([
        f"{say('drill_on', lang)}: {(drill.get('created') or '—')[:10]}",
        f"{say('severity', lang)}: {drill.get('severity') or '—'}",
        f"{say('ran', lang)}: {fmt.duration(drill['ran'], lang)} / {say('of', lang)} "
        f"{fmt.duration(drill['length'], lang)}"]), fontsize=10)
    fig.text(0.03, 0.875, _people(metrics, record, lang), fontsize=9, color="#333333")
    tiles = _tiles(metrics, lang, previous)
    width = 0.94 / len(tiles)
    for i, (label, value, before) in enumerate(tiles):
        ax = fig.add_axes((0.03 + i * width, 0.68, width - 0.01, 0.16))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#f4f6f8")
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.text(0.5, 0.78, label, ha="center", va="center", fontsize=9, color="#444444",
                transform=ax.transAxes, wrap=True)
        ax.text(0.5, 0.42, value, ha="center", va="center", fontsize=17, weight="bold",
                transform=ax.transAxes)
        if before:
            ax.text(0.5, 0.12, before, ha="center", va="center", fontsize=8, color="#666666",
                    transform=ax.transAxes)
    fig.text(0.03, 0.625, say("capabilities", lang), fontsize=10, weight="bold")
    caps = metrics["ratings"]["capabilities"]
    cell = 0.94 / len(caps)
    for i, cap in enumerate(caps):
        ax = fig.add_axes((0.03 + i * cell, 0.5, cell - 0.006, 0.1))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(RATING_COLOURS.get(cap["rating"], "#dddddd"))
        ax.text(0.5, 0.62, cap["rating"] or "—", ha="center", va="center", fontsize=15,
                weight="bold", transform=ax.transAxes)
        ax.text(0.5, 0.22, wrap(cap["name"][lang], 14, lang, lines=2), ha="center",
                va="center", fontsize=6.5, transform=ax.transAxes, linespacing=1.0)
    fig.text(0.03, 0.44, say("top_items", lang), fontsize=10, weight="bold")
    items = metrics["improvements"]
    if not items:
        fig.text(0.04, 0.40, say("no_items", lang), fontsize=9)
    for i, item in enumerate(items[:6]):
        owner = record.org.roles[item["owner"]].name.get(lang) if item["owner"] in \
            record.org.roles else (item["owner"] or "—")
        mark = "●" if item["urgent"] else "○"
        fig.text(0.04, 0.40 - i * 0.05, f"{mark} {item['issue'][lang]}", fontsize=9.5)
        fig.text(0.04, 0.375 - i * 0.05, f"   {item['action'][lang]}  —  "
                 f"{say('owner', lang)}: {owner}; {say('due', lang)}: {item['due']}",
                 fontsize=8, color="#555555")
    if len(items) > 6:
        fig.text(0.04, 0.40 - 6 * 0.05, say("more_items", lang, n=len(items) - 6), fontsize=8)
    return fig


def write(path: str | Path, record: DrillRecord, metrics: dict[str, Any], lang: str,
          previous: dict[str, Any] | None = None,
          charts: dict[str, Figure] | None = None) -> Path:
    """Write the scorecard PDF to ``path``.

    Args:
        path: The PDF file.
        record: The drill.
        metrics: Its metrics.
        lang: ``zh`` or ``en``.
        previous: The previous drill's metrics, for the comparison on the summary page.
        charts: The chart figures of :func:`analysis.scorecard.pages.chart_figures` (already
            saved as PNGs); drawn here when None.
    """
    charts = charts if charts is not None else chart_figures(record, metrics, lang)
    pages = [summary_page(record, metrics, lang, previous), figures_page(record, metrics, lang),
             *(as_page(fig, name, metrics, lang) for name, fig in charts.items()),
             plan_page(record, metrics, lang)]
    path = Path(path)
    with PdfPages(path, metadata={"CreationDate": None, "Creator": None,
                                  "Producer": None}) as pdf:
        for number, page in enumerate(pages, start=1):
            page.text(0.99, 0.005, say("page", lang, n=number, of=len(pages)), fontsize=7.5,
                      color="#777777", ha="right", va="bottom")
            pdf.savefig(page)
    return path
