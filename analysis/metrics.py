"""All the metrics of one drill, as the dict written to ``metrics.json``.

Pure functions of the journal's records: the same journal always gives the same metrics, byte for
byte (:func:`dumps`). Every figure carries ``evidence``, the ``seq`` numbers of the records it was
computed from, and every score its ``rule`` in Chinese and English. The sections:

- ``drill``: what was played, by whom, when;
- ``speed``: milestones against targets, reactions to injects (:mod:`analysis.speed`);
- ``coordination``: phase order, reports, information, messages, escalations, groups, tasks, the
  communication network (:mod:`analysis.coordination`, :mod:`analysis.escalation`,
  :mod:`analysis.tasks`, :mod:`analysis.network`);
- ``outcome``: what the incident cost (:mod:`analysis.outcome`);
- ``observations``: what the evaluators recorded;
- ``ratings``: HSEEP P/S/M/U and GB/T 38645 1/3/5 (:mod:`analysis.ratings`);
- ``improvements``: the improvement plan (:mod:`analysis.improvements`);
- ``headline``: the few numbers of the summary page and the history.
"""

from __future__ import annotations

import json
from typing import Any

from analysis import coordination as co
from analysis.components import information as info_score
from analysis.escalation import escalations, severity
from analysis.evidence import figure, num, rule
from analysis.improvements import improvements
from analysis.network import network
from analysis.outcome import outcome
from analysis.ratings import ratings
from analysis.record import DrillRecord, bots_at_start
from analysis.speed import speed
from analysis.tasks import tasks

FORMAT = 1
"""Version of the ``metrics.json`` layout."""

COORDINATION_RULE = rule(
    "以下各项（0–1）的平均值：阶段顺序、报告完整性、信息传递及时性、上报/传达环节达成比例、参与行动的工作组比例、"
    "沟通网络连通性（1 − 碎片化）。",
    "Mean of these (0–1): phase order, report completeness, information reaching leadership and "
    "customer service, share of escalations that reached their roles, share of groups that acted, "
    "network connectedness (1 − fragmentation).",
)


def _drill(record: DrillRecord) -> dict[str, Any]:
    data = record.started.data
    ended = record.of("drill.ended")
    return {
        "scenario": data.get("scenario"), "title": dict(data.get("title", {})),
        "seed": data.get("seed"), "severity": severity(record),
        "severity_planned": data.get("severity"), "risk": data.get("risk"),
        "starts": data.get("starts"), "length": num(data.get("length")),
        "ran": num(ended[0].t if ended else record.end),
        "ended": ended[0].data.get("reason") if ended else "running",
        "roles": record.roles, "people": record.played_by_people(),
        "bots": bots_at_start(record), "created": record.meta.get("created"),
        "warroom_version": record.meta.get("warroom_version"), "events": len(record.events),
    }


def _observations(record: DrillRecord) -> list[dict[str, Any]]:
    return [{"seq": e.seq, "t": num(e.t), "capability": e.data.get("capability", ""),
             "rating": e.data.get("rating"), "text": e.data.get("text", ""),
             "roles": list(e.data.get("roles") or [])}
            for e in record.of("observation.recorded")]


def _coordination_score(c: dict[str, Any], info_component: dict[str, Any]) -> dict[str, Any]:
    parts: list[tuple[float | None, list[int]]] = [
        (c["phase_order"]["value"], c["phase_order"]["evidence"]),
        (c["completeness"]["value"], c["completeness"]["evidence"]),
        (info_component["value"], info_component["evidence"]),
    ]
    applicable = [e for e in c["escalations"] if e["reached"] is not None]
    parts.append((sum(bool(e["reached"]) for e in applicable) / len(applicable)
                  if applicable else None, [s for e in applicable for s in e["evidence"]]))
    groups = c["groups"]
    parts.append((sum(not g["silent"] for g in groups) / len(groups) if groups else None, []))
    parts.append((1.0 - c["network"]["fragmentation"], c["network"]["evidence"]))
    values = [v for v, _ in parts if v is not None]
    value = sum(values) / len(values) if values else None
    return figure(value, [s for v, ev in parts if v is not None for s in ev],
                  rule=COORDINATION_RULE)


def compute(record: DrillRecord) -> dict[str, Any]:
    """Every metric of the drill in ``record``."""
    sp = speed(record)
    report_rows = co.reports(record)
    info_rows = co.information(record)
    message_rows = co.messages(record)
    coordination: dict[str, Any] = {
        "phase_order": co.phase_order(sp["milestones"]),
        "reports": report_rows,
        "completeness": co.completeness(report_rows),
        "information": info_rows,
        "information_latency": co.information_latency(info_rows),
        "messages": message_rows,
        "message_latency": co.message_latency(message_rows),
        "escalations": escalations(record),
        "groups": co.groups(record),
        "tasks": tasks(record),
        "network": network(record),
    }
    m: dict[str, Any] = {
        "format": FORMAT, "drill": _drill(record), "speed": sp, "coordination": coordination,
        "outcome": outcome(record), "observations": _observations(record),
    }
    coordination["score"] = _coordination_score(coordination, info_score(m))
    m["ratings"] = ratings(m)
    m["improvements"] = improvements(record, m)
    rows = sp["milestones"]
    m["headline"] = {
        "speed": sp["score"]["value"], "coordination": coordination["score"]["value"],
        "milestones": sum(1 for r in rows if r["status"] != "not_started"),
        "milestones_on_time": sum(1 for r in rows if r["status"] == "on_time"),
        "money_lost_cny": m["outcome"]["money_lost_cny"]["value"],
        "downtime": m["outcome"]["downtime"]["value"],
        "records_exposed": m["outcome"]["records_exposed"]["value"],
        "complaints": m["outcome"]["complaints"]["value"],
        "task_clashes": len(coordination["tasks"]["duplicates"])
        + len(coordination["tasks"]["conflicts"]),
    }
    return m


def dumps(metrics: dict[str, Any]) -> bytes:
    """``metrics.json`` bytes: sorted keys, UTF-8 text as is, compact, newline at the end.

    Compact, because a drill with fifty people cites tens of thousands of records and the
    indenting encoder is several times slower; ``jq . metrics.json`` shows it indented.
    """
    text = json.dumps(metrics, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text + "\n").encode("utf-8")
