"""A metrics dict for chart tests, computed from a record by the shape of metrics.json.

The chart tests need realistic metrics that agree with the journal they draw from, without
depending on ``analysis.metrics`` (written separately). This builds the parts of the contract
(/tmp/spec/metrics_shape.md, ``docs`` once merged) that the charts read, by simple rules: enough to
draw and to check the drawing against, not the scoring rules themselves.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from analysis.record import DrillRecord

CAPABILITIES = [
    ("detection", {"zh": "监测与发现", "en": "Detection"}, 0.9, "P"),
    ("reporting", {"zh": "信息报告", "en": "Incident reporting"}, 0.75, "S"),
    ("coordination", {"zh": "指挥协调", "en": "Operational coordination"}, 0.6, "S"),
    ("technical", {"zh": "技术处置", "en": "Technical response"}, 0.45, "M"),
    ("public_info", {"zh": "公众沟通与舆情", "en": "Public information"}, 0.3, "M"),
    ("regulator", {"zh": "监管报告", "en": "Regulatory reporting"}, None, None),
    ("recovery", {"zh": "恢复与清理", "en": "Recovery and cleanup"}, 0.8, "S"),
]


def build_metrics(record: DrillRecord) -> dict[str, Any]:
    """The chart-facing parts of metrics.json for ``record``."""
    return {
        "format": 1,
        "drill": {"scenario": record.started.data["scenario"],
                  "title": record.started.data["title"], "ran": record.end,
                  "roles": record.roles},
        "speed": {"milestones": milestones(record)},
        "coordination": {"network": network(record),
                         "tasks": {"utilisation": utilisation(record)}},
        "ratings": {"capabilities": [
            {"capability": cid, "name": name, "rule": {"zh": "测试", "en": "test"},
             "score": score, "computed": rating, "override": None, "rating": rating,
             "observations": [], "evidence": []}
            for cid, name, score, rating in CAPABILITIES]},
    }


def milestones(record: DrillRecord) -> list[dict[str, Any]]:
    objectives = {o["objective"]: o for o in record.started.data["objectives"]}
    fired = {}
    for event in record.of("inject.fired"):
        fired.setdefault(event.data["inject"], event.t)
    met = {e.data["objective"]: e for e in record.of("objective.met")}
    out = []
    for oid, objective in objectives.items():
        budget, anchor = objective["target"], objective["after"]
        while anchor in objectives:
            budget += objectives[anchor]["target"]
            anchor = objectives[anchor]["after"]
        root_t = 0.0 if anchor is None else fired.get(anchor)
        event = met.get(oid)
        reached = event.t if event else None
        if event is not None:
            status = "late" if event.data["late"] else "on_time"
        else:
            status = "missed" if root_t is not None else "not_started"
        elapsed = reached - root_t if reached is not None and root_t is not None else None
        out.append({
            "objective": oid, "phase": objective["phase"], "name": objective["name"],
            "target": objective["target"], "after": objective["after"], "budget": budget,
            "root_t": root_t, "reached": reached,
            "latency": event.data["latency"] if event else None, "elapsed": elapsed,
            "status": status, "score": None, "source": "engine",
            "evidence": [event.seq] if event else [],
        })
    return out


def network(record: DrillRecord) -> dict[str, Any]:
    counts: Counter[tuple[str, str]] = Counter()
    evidence: dict[tuple[str, str], list[int]] = defaultdict(list)
    for event in record.of("action.taken"):
        result = event.data.get("result") or {}
        recipients = result.get("recipients") or result.get("to") or []
        for role in recipients:
            if role != event.actor:
                counts[event.actor, role] += 1
                evidence[event.actor, role].append(event.seq)
    graph = nx.Graph()
    graph.add_nodes_from(record.roles)
    graph.add_edges_from(counts)
    degree = dict(graph.degree())
    return {
        "nodes": [{"role": r, "group": record.group_of(r), "degree": degree[r]}
                  for r in record.roles],
        "edges": [{"from": a, "to": b, "count": n, "evidence": evidence[a, b]}
                  for (a, b), n in sorted(counts.items())],
        "density": nx.density(graph),
        "centralisation": 0.42,
        "fragmentation": 1 - max(len(c) for c in nx.connected_components(graph)) / len(graph),
        "components": nx.number_connected_components(graph),
        "rule": {"zh": "测试", "en": "test"}, "evidence": [],
    }


def utilisation(record: DrillRecord) -> list[dict[str, Any]]:
    started = {e.data["task_id"]: e for e in record.of("task.started")}
    queued = {e.data["task_id"]: e for e in record.of("task.queued")}
    busy: Counter[str] = Counter()
    waited: Counter[str] = Counter()
    seqs: dict[str, list[int]] = defaultdict(list)
    for event in record.of("task.done"):
        begin = started[event.data["task_id"]]
        staff = queued[event.data["task_id"]].data.get("staff", 1)
        busy[event.actor] += (event.t - begin.t) * staff
        waited[event.actor] += begin.data["waited"]
        seqs[event.actor] += [begin.seq, event.seq]
    out = []
    for role in record.roles:
        if role in busy or role in waited:
            headcount = record.org.roles[role].headcount
            out.append({"role": role, "headcount": headcount, "busy": busy[role],
                        "share": busy[role] / (headcount * record.end), "waited": waited[role],
                        "evidence": sorted(seqs[role])})
    return out
