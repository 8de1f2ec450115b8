"""The bare baseline of the report benchmark: the six scorecard charts drawn straight from arrays.

:func:`extract` reads the arrays from a journal in one pass (no metrics); :func:`draw_bare` draws
the swimlane, milestones, radar, impact, network and utilisation charts with matplotlib's Figure
API, saves each as a PNG and all as the pages of one PDF. ``benchmarks/report_load.py`` times it
against ``warroom report``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator, PercentFormatter

from simulator.journal import Journal
from simulator.scenario.loader import load_scenario_text

DPI = 150
CHARTS = ("swimlane", "milestones", "radar", "impact", "network", "utilisation")
SIZES = {"swimlane": (11, 6.5), "milestones": (11, 7.6), "radar": (7.5, 7),
         "impact": (11, 5.5), "network": (9, 8), "utilisation": (11, 6)}
"""Figure sizes (inches) when the report's PNGs cannot tell (they are read back when they can)."""
NAME_HINTS = {"swimlane": ("swimlane", "timeline"), "milestones": ("milestone", "latency"),
              "radar": ("radar", "capabilit"), "impact": ("impact",),
              "network": ("network", "communication", "comms"),
              "utilisation": ("utilisation", "utilization", "wait", "staff", "load")}
STATUS = {"on_time": "#2ca02c", "late": "#ff7f0e", "missed": "#d62728"}
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#d62728")
RATING = {"P": 4.0, "S": 3.0, "M": 2.0, "U": 1.0}
DECISIONS = ("report_incident", "set_severity", "issue_instruction", "start_task",
             "publish_statement", "notify_users", "report_to_regulator")


# -- the untimed extraction ----------------------------------------------------------------------
def extract(path: Path) -> dict[str, Any]:
    """Everything the six bare charts draw, as numpy arrays and short lists (one pass)."""
    with Journal.open(path) as journal:
        meta = journal.meta()
        events = list(journal.events())
    loaded = load_scenario_text(meta["scenario_text"], "journal", meta["org_text"])
    org, scenario = loaded.org, loaded.scenario
    roles = [r for g in org.groups for r, s in org.roles.items() if s.group == g]
    lane = {r: i for i, r in enumerate(roles)}
    groups = list(org.groups)
    inj, act, msg, samples, decisions = [], [], [], [], []
    talk: Counter[tuple[int, int]] = Counter()
    queued: dict[int, tuple[str, float]] = {}
    busy: dict[str, list[tuple[float, float]]] = defaultdict(list)
    started_at: dict[int, float] = {}
    waits: dict[str, list[float]] = defaultdict(list)
    met: dict[str, float] = {}
    late: dict[str, bool] = {}
    observed: dict[str, list[float]] = defaultdict(list)
    objectives = events[0].data["objectives"]
    for e in events:
        kind, data = e.kind, e.data
        if kind == "action.taken":
            y = lane.get(e.actor)
            action = data["action"]
            if action in ("send_message", "issue_instruction"):
                msg.append((e.t, y))
                for r in data["result"].get("recipients", ()):
                    talk[(y, lane[r])] += 1
            else:
                act.append((e.t, y))
            if action in DECISIONS:
                decisions.append((e.t, action))
        elif kind == "inject.fired":
            for r in org.expand(data["to"]):
                inj.append((e.t, lane[r] - 0.22))
        elif kind == "world.sample":
            samples.append((e.t, data["measures"]))
        elif kind == "task.queued":
            queued[data["task_id"]] = (e.actor, e.t)
        elif kind == "task.started":
            started_at[data["task_id"]] = e.t
            waits[e.actor].append(data["waited"])
        elif kind == "task.done":
            busy[e.actor].append((started_at.get(data["task_id"], e.t), e.t))
        elif kind == "objective.met":
            met[data["objective"]] = e.t if data["latency"] is None else data["latency"]
            late[data["objective"]] = bool(data["late"])
        elif kind == "observation.recorded":
            observed[data["capability"]].append(RATING[data["rating"]])
    measures = ["orders.ratio", *(f"{s}.availability" for s in scenario.world.services),
                "money.lost_cny"]
    end = events[-1].t
    teams = sorted(busy.keys() | waits.keys(), key=lambda r: lane.get(r, 0))
    return {
        "end": end, "title": scenario.title.zh,
        "roles": [org.roles[r].name.zh for r in roles],
        "lane_colour": [PALETTE[groups.index(org.roles[r].group) % 10] for r in roles],
        "lane_group": np.array([groups.index(org.roles[r].group) for r in roles]),
        "injects": np.array(inj).reshape(-1, 2), "actions": np.array(act).reshape(-1, 2),
        "messages": np.array(msg).reshape(-1, 2),
        "milestone_names": [o["name"]["zh"] for o in objectives],
        "milestone_latency": np.array([met.get(o["objective"], np.nan) for o in objectives]),
        "milestone_target": np.array([o["target"] for o in objectives], dtype=float),
        "milestone_status": ["missed" if o["objective"] not in met else
                             "late" if late[o["objective"]] else "on_time" for o in objectives],
        "capabilities": sorted(observed),
        "capability_score": np.array([np.mean(observed[c]) / 4 for c in sorted(observed)]),
        "sample_t": np.array([t for t, _ in samples]),
        "sample_names": measures,
        "sample_values": np.array([[m.get(k, 0.0) for k in measures] for _, m in samples]),
        "decisions": decisions,
        "talk": np.array([(a, b, n) for (a, b), n in sorted(talk.items())]).reshape(-1, 3),
        "teams": [org.roles[r].name.zh for r in teams],
        "team_busy": [np.array(busy[r]).reshape(-1, 2) for r in teams],
        "team_headcount": np.array([org.roles[r].headcount for r in teams]),
        "team_waits": np.array([np.mean(waits[r]) if waits[r] else 0.0 for r in teams]),
        "team_max_wait": np.array([max(waits[r], default=0.0) for r in teams]),
    }


# -- the bare figures ----------------------------------------------------------------------------
def _clock(ax_axis, end: float) -> None:
    step = next((s for s in (60, 300, 600, 900, 1200, 1800, 3600, 7200) if end / s <= 10), 14400)
    ax_axis.set_major_locator(MultipleLocator(step))
    ax_axis.set_major_formatter(FuncFormatter(
        lambda v, _p: f"{int(round(v / 60)) // 60}:{int(round(v / 60)) % 60:02d}"))


def _figure(size, polar: bool = False):
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot(projection="polar" if polar else None)


def bare_swimlane(d, size):
    figure, ax = _figure(size)
    n = len(d["roles"])
    for i in range(0, n, 2):
        ax.axhspan(i - 0.5, i + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
    reached = np.isfinite(d["milestone_latency"])
    for t in d["milestone_latency"][reached]:
        ax.axvline(t, color=STATUS["on_time"], linewidth=0.8, alpha=0.45, linestyle=":")
    ax.scatter(d["injects"][:, 0], d["injects"][:, 1], rasterized=len(d["injects"]) > 2000,
               marker="v", color="#7f7f7f", s=36,
               label="收到的消息")
    ax.scatter(d["actions"][:, 0], d["actions"][:, 1], rasterized=len(d["actions"]) > 2000,
               marker="o", color="#1f77b4", s=30,
               label="采取的行动")
    ax.scatter(d["messages"][:, 0], d["messages"][:, 1], rasterized=len(d["messages"]) > 2000,
               marker="D", color="#9467bd", s=30,
               label="发出的消息与指令")
    ax.scatter(d["milestone_latency"][reached], np.full(reached.sum(), -1.2), marker="*", s=140,
               c=[STATUS[s] for s, r in zip(d["milestone_status"], reached, strict=True) if r],
               edgecolors="black", linewidths=0.5, label="达成的里程碑")
    ax.set_xlim(0, d["end"] * 1.01)
    _clock(ax.xaxis, d["end"])
    ax.set_ylim(n - 0.5, -1.8)
    ax.set_yticks([-1.2, *range(n)], ["里程碑", *d["roles"]])
    for tick, colour in zip(ax.get_yticklabels()[1:], d["lane_colour"], strict=True):
        tick.set_color(colour)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("演练时间")
    ax.set_title(f"演练时间线 · {d['title']}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=4, frameon=False,
              fontsize="small")
    return figure


def bare_milestones(d, size):
    figure, ax = _figure(size)
    n = len(d["milestone_names"])
    latency = np.where(np.isfinite(d["milestone_latency"]), d["milestone_latency"], d["end"])
    colours = [STATUS[s] for s in d["milestone_status"]]
    ax.barh(np.arange(n), latency, height=0.6, color=colours, edgecolor=colours)
    ax.scatter(d["milestone_target"], np.arange(n), marker="|", s=420, linewidths=2.2,
               color="black", zorder=4, label="目标")
    longest = max(d["end"], np.nanmax(d["milestone_target"]))
    for y, (w, b) in enumerate(zip(latency, d["milestone_target"], strict=True)):
        ax.text(max(w, b) + longest * 0.008, y, f"{w / 60:.0f}分 / {b / 60:.0f}分",
                va="center", fontsize="small")
    ax.set_yticks(np.arange(n), d["milestone_names"], fontsize="small")
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, longest * 1.15)
    _clock(ax.xaxis, longest)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("用时")
    ax.set_title("里程碑用时与目标")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
    return figure


def bare_radar(d, size):
    figure, ax = _figure(size, polar=True)
    k = len(d["capabilities"])
    spokes = np.linspace(0, 2 * np.pi, k, endpoint=False)
    closed = np.append(spokes, spokes[:1])
    scores = np.append(d["capability_score"], d["capability_score"][:1])
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(closed, scores, color=PALETTE[0], linewidth=2, marker="o", markersize=5)
    ax.fill(closed, scores, color=PALETTE[0], alpha=0.2)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize="x-small")
    ax.set_xticks(spokes, [f"{c}\n{s:.2f}" for c, s in zip(d["capabilities"],
                                                          d["capability_score"], strict=True)],
                  fontsize="small")
    ax.set_title("能力评估", pad=22)
    return figure


def bare_impact(d, size):
    figure, ax = _figure(size)
    money = ax.twinx()
    t, values, names = d["sample_t"], d["sample_values"], d["sample_names"]
    ax.plot(t, values[:, 0], color="black", linewidth=2.2, label="订单量（相对平时）")
    for i, name in enumerate(names[1:-1], start=1):
        ax.plot(t, values[:, i], color=PALETTE[i % 9], linewidth=1.4, label=f"{name} 可用性")
    money.plot(t, values[:, -1], color=PALETTE[-1], linewidth=1.6, linestyle="--",
               label="累计损失")
    money.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1e4:,.0f}"))
    money.set_ylim(0, values[:, -1].max() * 1.15 or 1.0)
    money.set_ylabel("损失（万元）", color=PALETTE[-1])
    for when, action in d["decisions"]:
        ax.axvline(when, ymax=1.02 / 1.3, color="#888888", linewidth=0.7, linestyle=":")
        ax.text(when, 1.28, action, rotation=90, ha="center", va="top", fontsize=6.5)
    ax.set_xlim(0, d["end"] * 1.01)
    ax.set_ylim(0, 1.3)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    _clock(ax.xaxis, d["end"])
    ax.set_xlabel("演练时间")
    ax.set_title("业务影响")
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = money.get_legend_handles_labels()
    ax.legend(handles + more, labels + more_labels, loc="upper center",
              bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False, fontsize="small")
    return figure


def bare_network(d, size):
    figure, ax = _figure(size)
    n = len(d["roles"])
    angle = 2 * np.pi * (np.arange(n) + 2 * d["lane_group"]) / (n + 2 * d["lane_group"].max() + 2)
    xy = np.column_stack([np.cos(angle), np.sin(angle)])
    talk = d["talk"]
    weight = talk[:, 2].astype(float)
    lines = LineCollection(np.stack([xy[talk[:, 0].astype(int)], xy[talk[:, 1].astype(int)]], 1),
                           linewidths=0.3 + 3 * weight / weight.max(), colors="#1f77b4",
                           alpha=0.35)
    ax.add_collection(lines)
    sent = np.bincount(talk[:, 0].astype(int), weights=weight, minlength=n)
    ax.scatter(xy[:, 0], xy[:, 1], s=40 + 400 * sent / sent.max(), c=d["lane_colour"],
               edgecolors="white", zorder=3)
    for (x, y), name in zip(xy, d["roles"], strict=True):
        ax.text(x * 1.1, y * 1.1, name, ha="center", va="center", fontsize=6)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("沟通网络")
    return figure


def bare_utilisation(d, size):
    figure = Figure(figsize=size, layout="constrained")
    ax, waits = figure.subplots(1, 2, width_ratios=(2, 1))
    grid = np.linspace(0, d["end"], 600)
    for i, (name, spans, heads) in enumerate(zip(d["teams"], d["team_busy"],
                                                 d["team_headcount"], strict=True)):
        in_use = ((spans[:, :1] <= grid) & (grid < spans[:, 1:])).sum(0) if len(spans) else \
            np.zeros_like(grid)
        ax.step(grid, in_use / heads, where="post", color=PALETTE[i % 10], label=name)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    _clock(ax.xaxis, d["end"])
    ax.set_title("人员占用")
    ax.legend(fontsize="x-small", loc="upper right")
    y = np.arange(len(d["teams"]))
    waits.barh(y, d["team_waits"] / 60, color=PALETTE[1], label="平均等待")
    waits.scatter(d["team_max_wait"] / 60, y, marker="|", s=200, color="black", label="最长等待")
    waits.set_yticks(y, d["teams"], fontsize="small")
    waits.invert_yaxis()
    waits.set_xlabel("分钟")
    waits.set_title("等待人员与工具")
    return figure


BARE: dict[str, Callable[..., Figure]] = {
    "swimlane": bare_swimlane, "milestones": bare_milestones, "radar": bare_radar,
    "impact": bare_impact, "network": bare_network, "utilisation": bare_utilisation}


def draw_bare(d: dict[str, Any], out: Path, shape: dict[str, Any]) -> list[Path]:
    """Draw the six figures and save each as a PNG and all as the pages of one PDF."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with rc_context(shape["rc"]), PdfPages(out / "scorecard.pdf") as pdf:
        for chart in CHARTS:
            figure = BARE[chart](d, shape["sizes"][chart])
            path = out / shape["names"][chart]
            figure.savefig(path, format="png", dpi=shape["dpi"], metadata={"Software": None})
            pdf.savefig(figure)
            written.append(path)
        for page in range(shape["pages"] - len(CHARTS)):  # the scorecard's other pages: text
            figure = Figure(figsize=(8.27, 11.69))
            figure.text(0.08, 0.95, f"演练评分卡 第{page + 1}页", fontsize=16, va="top")
            for row in range(30):
                figure.text(0.08, 0.9 - row * 0.028, f"指标 {row + 1}：{row * 7 % 100}",
                            fontsize=9)
            pdf.savefig(figure)
    return [*written, out / "scorecard.pdf"]


# -- what the report wrote, to draw the same ----------------------------------------------------
