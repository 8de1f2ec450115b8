"""The rehearsal summary: each milestone's time against its target, and what the incident cost.

Computed from journal records alone: the objectives come from ``drill.started``, the milestones
from ``objective.met`` and ``objective.overdue``, the outcome from the last ``world.sample`` and
the downtime from the samples (time with orders below 95% of normal).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.outcome import downtime
from simulator.duration import format_clock, format_duration
from simulator.records import Event

WORDS = {
    "title": {"zh": "演练摘要", "en": "Rehearsal summary"},
    "seed": {"zh": "随机种子", "en": "seed"},
    "ran": {"zh": "演练时长", "en": "Drill ran"},
    "of": {"zh": "计划", "en": "of"},
    "ended": {"zh": "结束原因", "en": "ended"},
    "milestone": {"zh": "里程碑", "en": "Milestone"},
    "phase": {"zh": "阶段", "en": "Phase"},
    "reached": {"zh": "达成时间", "en": "Reached"},
    "target": {"zh": "目标", "en": "Target"},
    "result": {"zh": "结果", "en": "Result"},
    "on_time": {"zh": "按时", "en": "on time"},
    "late": {"zh": "超时", "en": "late"},
    "missed": {"zh": "未达成", "en": "not reached"},
    "before": {"zh": "早于", "en": "before"},
    "outcome": {"zh": "事件损失", "en": "Outcome"},
    "downtime": {"zh": "停机时长（订单低于平时95%）",
                 "en": "Downtime (orders below 95% of normal)"},
    "orders": {"zh": "损失订单", "en": "Orders lost"},
    "money": {"zh": "经济损失", "en": "Money lost"},
    "records": {"zh": "泄露记录", "en": "Records exposed"},
    "hosts": {"zh": "受感染主机（峰值）", "en": "Hosts infected (peak)"},
    "complaints": {"zh": "用户投诉", "en": "Complaints"},
    "sentiment": {"zh": "舆情（结束时，-1至1）", "en": "Sentiment at the end (-1 to 1)"},
    "length": {"zh": "时长到", "en": "length reached"},
    "closed": {"zh": "事件关闭", "en": "incident closed"},
    "facilitator": {"zh": "导调结束", "en": "ended by the facilitator"},
}


@dataclass(frozen=True)
class Milestone:
    """One objective's result."""

    objective: str
    phase: str
    name: dict[str, str]
    target: float
    after: str | None
    reached: float | None
    latency: float | None
    deadline: float | None
    late: bool


@dataclass(frozen=True)
class Summary:
    """What a rehearsal summary shows."""

    scenario: str
    title: dict[str, str]
    seed: int
    length: float
    ran: float
    ended: str
    milestones: list[Milestone]
    outcome: dict[str, float]


def summarise(events: Iterable[Event]) -> Summary:
    """Summarise a drill from its journal records."""
    started = ended = None
    met: dict[str, Event] = {}
    overdue: dict[str, Event] = {}
    samples: list[Event] = []
    for event in events:
        kind = event.kind
        if kind == "world.sample":
            samples.append(event)
        elif kind == "objective.met":
            met.setdefault(event.data["objective"], event)
        elif kind == "objective.overdue":
            overdue.setdefault(event.data["objective"], event)
        elif kind == "drill.started":
            started = event
        elif kind == "drill.ended":
            ended = event
    if started is None:
        raise ValueError("the journal has no drill.started event")
    milestones = []
    for spec in started.data.get("objectives", []):
        hit = met.get(spec["objective"])
        late_event = overdue.get(spec["objective"])
        deadline = hit.data["deadline"] if hit else (late_event.data["deadline"]
                                                     if late_event else None)
        milestones.append(Milestone(
            spec["objective"], spec["phase"], spec["name"], spec["target"], spec["after"],
            hit.t if hit else None, hit.data["latency"] if hit else None, deadline,
            bool(hit.data["late"]) if hit else True))
    last = samples[-1].data["measures"] if samples else {}
    return Summary(
        scenario=started.data["scenario"], title=started.data["title"],
        seed=started.data["seed"], length=started.data["length"],
        ran=ended.t if ended else (samples[-1].t if samples else 0.0),
        ended=ended.data["reason"] if ended else "running", milestones=milestones,
        outcome={
            "downtime": downtime(samples),
            "orders": last.get("orders.lost", 0.0),
            "money": last.get("money.lost_cny", 0.0),
            "records": last.get("records.exfiltrated", 0.0),
            "hosts": max((s.data["measures"].get("hosts.infected", 0) for s in samples),
                         default=0),
            "complaints": last.get("complaints.total", 0.0),
            "sentiment": last.get("sentiment", 0.0),
        })


def width(text: str) -> int:
    """Terminal columns ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))


def render(summary: Summary, lang: str = "zh") -> str:
    """The summary as text for a terminal."""
    w = {key: words[lang] for key, words in WORDS.items()}
    lines = [
        f"{w['title']}: {summary.title[lang]} ({summary.scenario}), {w['seed']} {summary.seed}",
        f"{w['ran']} {format_clock(summary.ran)} / {w['of']} {format_clock(summary.length)}"
        f" ({w['ended']}: {w.get(summary.ended, summary.ended)})",
        "",
    ]
    rows = [(w["milestone"], w["phase"], w["reached"], w["target"], w["result"])]
    for ms in summary.milestones:
        target = format_duration(ms.target) + (f" ← {ms.after}" if ms.after else "")
        if ms.reached is None:
            result = w["missed"]
        else:
            verdict = w["late"] if ms.late else w["on_time"]
            if ms.latency is not None:
                result = f"{verdict} ({format_duration(ms.latency)})"
            else:  # met before the inject or objective its clock starts from
                result = f"{verdict} ({w['before']} {ms.after})"
        reached = format_clock(ms.reached) if ms.reached is not None else "—"
        rows.append((ms.name[lang], ms.phase, reached, target, result))
    cols = [max(width(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        lines.append("  ".join(pad(cell, cols[i]) for i, cell in enumerate(row)).rstrip())
    out = summary.outcome
    money = f"¥{out['money']:,.0f}"
    lines += ["", w["outcome"]]
    facts = [
        (w["downtime"], format_duration(out["downtime"])),
        (w["orders"], f"{out['orders']:,.0f}"),
        (w["money"], money),
        (w["records"], f"{out['records']:,.0f}"),
        (w["hosts"], f"{out['hosts']:,.0f}"),
        (w["complaints"], f"{out['complaints']:,.0f}"),
        (w["sentiment"], f"{out['sentiment']:+.2f}"),
    ]
    label = max(width(k) for k, _ in facts)
    lines += [f"  {pad(k, label)}  {v}" for k, v in facts]
    return "\n".join(lines)
