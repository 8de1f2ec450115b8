"""The scorecard's pages after the summary: the key figures, one page per chart, the plan.

Each chart is drawn once, on an A4 figure of its own (:func:`chart_figures`): the report saves
that figure as the chart's PNG, then adds the area's title (:func:`as_page`) and puts the same
figure in the PDF, so a chart is never drawn twice. Pages use constrained layout.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis import format as fmt
from analysis.charts import CHARTS
from analysis.charts.canvas import wrap
from analysis.improvements import ELEMENTS
from analysis.record import DrillRecord
from analysis.scorecard.words import say

A4 = (11.69, 8.27)
"""A4 landscape, inches."""

GBT_COLOURS = {5: "#2ca02c", 3: "#ffbb78", 1: "#d62728", None: "#dddddd"}
"""Cell colour of a GB/T 1/3/5 score."""


def new_page(title: str, metrics: dict[str, Any], lang: str) -> Figure:
    """An A4 page with its title and the traceability note at the bottom."""
    fig = Figure(figsize=A4, layout="constrained")
    drill = metrics["drill"]
    fig.suptitle(f"{title}  ·  {drill['title'].get(lang, '')}", x=0.01, ha="left",
                 fontsize=15, weight="bold")
    fig.supxlabel(say("trace", lang), fontsize=7.5, color="#777777")
    return fig


def figures_panel(ax: Axes, rows: list[tuple[str, str]], title: str = "") -> None:
    """Key figures as a two-column list filling ``ax`` (axis hidden)."""
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    for i, (label, value) in enumerate(rows):
        y = 1.0 - i * (1.0 / max(len(rows), 1))
        ax.text(0.0, y, label, fontsize=9, va="top", transform=ax.transAxes)
        ax.text(1.0, y, value, fontsize=9, va="top", ha="right", weight="bold",
                transform=ax.transAxes)


CHART_AREAS = {
    "milestones": "area_speed", "swimlane": "area_timeline", "network": "area_network",
    "utilisation": "area_teams", "impact": "area_outcome", "radar": "area_ratings",
}
"""The area each chart's page covers (a key of the scorecard's words)."""


def chart_figures(record: DrillRecord, m: dict[str, Any], lang: str) -> dict[str, Figure]:
    """Each chart drawn once, on an A4 page of its own: saved as its PNG, then as a PDF page."""
    out = {}
    for name, chart in CHARTS.items():
        fig = Figure(figsize=A4, layout="constrained")
        chart(record, m, lang, ax=fig.add_subplot(projection="polar" if name == "radar"
                                                  else None))
        out[name] = fig
    return out


def as_page(fig: Figure, name: str, m: dict[str, Any], lang: str) -> Figure:
    """Turn a chart's figure into a scorecard page: the area's title and the traceability note."""
    drill = m["drill"]
    fig.suptitle(f"{say(CHART_AREAS[name], lang)}  ·  {drill['title'].get(lang, '')}", x=0.01,
                 ha="left", fontsize=15, weight="bold")
    fig.supxlabel(say("trace", lang), fontsize=7.5, color="#777777")
    return fig


def figures_page(record: DrillRecord, m: dict[str, Any], lang: str) -> Figure:
    """The key figures of every area, and the GB/T 38645 table."""
    fig = new_page(say("area_figures", lang), m, lang)
    grid = fig.add_gridspec(2, 2, height_ratios=(15, 8))
    injects = m["speed"]["injects"]
    reactions = sorted(i["reaction"] for i in injects if i["reaction"] is not None)
    expected = [e for i in injects for e in i["expected"]]
    median = reactions[len(reactions) // 2] if reactions else None
    c = m["coordination"]
    info = c["information_latency"]
    applicable = [e for e in c["escalations"] if e["reached"] is not None]
    net = c["network"]
    silent = [g["name"][lang] for g in c["groups"] if g["silent"]]
    wait = c["tasks"]["wait"]
    figures_panel(fig.add_subplot(grid[0, 0]), [
        (say("speed", lang), fmt.score(m["speed"]["score"]["value"])),
        (say("inject_median", lang), fmt.duration(median, lang)),
        (say("expected_met", lang), f"{sum(e['met'] for e in expected)}/{len(expected)}"),
        (say("coordination", lang), fmt.score(c["score"]["value"])),
        (say("phase_order", lang), fmt.score(c["phase_order"]["value"])),
        (say("completeness", lang), fmt.score(c["completeness"]["value"])),
        (say("info_latency", lang), f"{fmt.duration(info['value'], lang)} / "
         f"{fmt.duration(info['p90'], lang)}"),
        (say("unreached", lang), str(info["unreached"])),
        (say("msg_latency", lang), fmt.duration(c["message_latency"]["value"], lang)),
        (say("escalations", lang),
         f"{sum(bool(e['reached']) for e in applicable)}/{len(applicable)}"),
        (say("silent", lang), ("、" if lang == "zh" else ", ").join(silent) or say("none", lang)),
        (say("network", lang), f"{net['density']:.2f} / {net['centralisation']:.2f} / "
         f"{net['fragmentation']:.2f}"),
        (say("waits", lang), f"{fmt.duration(wait['total'], lang)} / "
         f"{fmt.duration(wait['p90'], lang)} / {fmt.duration(wait['max'], lang)}"),
        (say("duplicates", lang), str(len(c["tasks"]["duplicates"]))),
        (say("conflicts", lang), str(len(c["tasks"]["conflicts"]))),
    ], say("speed_and_coordination", lang))
    o = m["outcome"]
    figures_panel(fig.add_subplot(grid[1, 0]), [
        (say("downtime", lang), fmt.duration(o["downtime"]["value"], lang)),
        (say("orders", lang), fmt.count(o["orders_lost"]["value"])),
        (say("money", lang), fmt.money(o["money_lost_cny"]["value"], lang)),
        (say("records", lang), fmt.count(o["records_exposed"]["value"])),
        (say("hosts", lang), fmt.count(o["hosts_infected"]["value"])),
        (say("complaints", lang), fmt.count(o["complaints"]["value"])),
        (say("sentiment", lang), f"{o['sentiment_end']['value']:+.2f} / "
         f"{o['sentiment_min']['value']:+.2f}"),
    ], say("area_outcome", lang))
    gbt_table(fig.add_subplot(grid[:, 1]), m, lang)
    return fig


def gbt_table(ax: Axes, m: dict[str, Any], lang: str) -> None:
    """The GB/T 38645 items with the rule's score and the final one."""
    ax.set_axis_off()
    ax.set_title(say("gbt_title", lang), fontsize=11, loc="left")
    items = m["ratings"]["gbt38645"]
    cells = [[i["name"][lang], "—" if i["computed"] is None else str(i["computed"]),
              "—" if i["rating"] is None else str(i["rating"])] for i in items]
    table = ax.table(cellText=cells, colLabels=[say("item", lang), say("computed", lang),
                                                 say("final", lang)],
                     loc="upper center", cellLoc="left", colWidths=(0.62, 0.19, 0.19))
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.6)
    for row, item in enumerate(items, start=1):
        table[row, 2].set_facecolor(GBT_COLOURS.get(item["rating"], "#dddddd"))
    ax.text(0, 0.02, say("gbt_note", lang), fontsize=7.5, color="#555555",
            transform=ax.transAxes, wrap=True)


def plan_page(record: DrillRecord, m: dict[str, Any], lang: str) -> Figure:
    """The improvement plan as a table (the first 14 items; the AAR has them all)."""
    fig = new_page(say("area_plan", lang), m, lang)
    ax = fig.add_subplot()
    ax.set_axis_off()
    items = m["improvements"]
    if not items:
        ax.text(0, 0.9, say("no_items", lang), fontsize=11, transform=ax.transAxes)
        return fig
    def owner(role: str | None) -> str:
        spec = record.org.roles.get(role or "")
        return spec.name.get(lang) if spec else (role or "—")

    rows = [[wrap(i["issue"][lang], 34, lang, lines=2), wrap(i["action"][lang], 46, lang,
                                                             lines=2),
             ELEMENTS.get(i["element"], i["element"]) if lang == "zh" else i["element"],
             owner(i["owner"]), i["due"]] for i in items[:14]]
    table = ax.table(cellText=rows, colLabels=[say(k, lang) for k in (
        "issue", "action", "element", "owner_col", "due_col")], loc="upper center",
        cellLoc="left", colWidths=(0.3, 0.4, 0.1, 0.12, 0.08))
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 2.3)
    if len(items) > 14:
        ax.text(0, 0.0, say("more_items", lang, n=len(items) - 14), fontsize=8,
                transform=ax.transAxes)
    return fig


