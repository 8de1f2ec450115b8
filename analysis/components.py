"""The measured components that ratings are built from, each a score from 0 to 1 with its records.

A rating (an HSEEP P/S/M/U, a GB/T 38645 1/3/5) is the mean of a few components; this module
turns the measurements into those components and names each one, so the rating can say exactly
what it was computed from. A component that does not apply to this drill (no milestone of that
phase, no statement published) is None and is left out of the mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analysis.evidence import num, seqs

INFO_WITHIN = 1800.0
"""A fact that reaches a group at once scores 1, after this many seconds (or never) 0."""

WAIT_WITHIN = 1800.0
"""A 90th-percentile task wait of 0 scores 1, of this many seconds or more 0."""

Component = dict[str, Any]


def _component(key: str, zh: str, en: str, value: float | None, evidence: Any) -> Component:
    return {"measure": key, "name": {"zh": zh, "en": en}, "value": num(value),
            "evidence": seqs(evidence)}


def phase(m: dict[str, Any], phase: str, zh: str, en: str) -> Component:
    """Mean score of the milestones of ``phase``."""
    rows = [x for x in m["speed"]["milestones"] if x["phase"] == phase and x["score"] is not None]
    value = sum(x["score"] for x in rows) / len(rows) if rows else None
    return _component(f"speed.phase.{phase}", f"里程碑得分：{zh}", f"Milestone score: {en}",
                      value, [s for x in rows for s in x["evidence"]])


def completeness(m: dict[str, Any], action: str, zh: str, en: str) -> Component:
    """Mean completeness of the reports made with ``action``."""
    rows = [r for r in m["coordination"]["reports"] if r["action"] == action]
    value = sum(r["completeness"] for r in rows) / len(rows) if rows else None
    return _component(f"coordination.reports.{action}", f"完整性：{zh}", f"Completeness: {en}",
                      value, [r["seq"] for r in rows])


def escalation(m: dict[str, Any], check: str) -> Component:
    """1 when the escalation reached its roles, 0 when not, None when it does not apply."""
    row = next(x for x in m["coordination"]["escalations"] if x["check"] == check)
    value = None if row["reached"] is None else float(row["reached"])
    return _component(f"coordination.escalations.{check}", row["name"]["zh"], row["name"]["en"],
                      value, row["evidence"])


def information(m: dict[str, Any]) -> Component:
    """Mean over facts and groups of 1 − latency / 30 min (0 for a fact that never arrived)."""
    parts, evidence = [], []
    for row in m["coordination"]["information"]:
        for group in ("leadership", "customer_service"):
            cell = row[group]
            latency = cell["latency"]
            parts.append(0.0 if latency is None else max(0.0, 1.0 - latency / INFO_WITHIN))
            evidence.extend(cell["evidence"])
    value = sum(parts) / len(parts) if parts else None
    return _component("coordination.information", "信息传递及时性（30分钟内送达领导小组与客服组）",
                      "Information reached leadership and customer service (within 30 min)",
                      value, evidence)


def phase_order(m: dict[str, Any]) -> Component:
    """The phase-order score."""
    order = m["coordination"]["phase_order"]
    return _component("coordination.phase_order", "各阶段顺序符合预案",
                      "Phases in the plan's order", order["value"], order["evidence"])


def groups_active(m: dict[str, Any]) -> Component:
    """Share of the plan's groups that acted at all."""
    rows = m["coordination"]["groups"]
    value = sum(not g["silent"] for g in rows) / len(rows) if rows else None
    return _component("coordination.groups", "参与行动的工作组比例", "Share of groups that acted",
                      value, [s for g in rows for s in g["evidence"]])


def connected(m: dict[str, Any]) -> Component:
    """1 − fragmentation of the communication network."""
    net = m["coordination"]["network"]
    return _component("coordination.network", "沟通网络连通性（1 − 碎片化）",
                      "Communication network connected (1 − fragmentation)",
                      1.0 - net["fragmentation"], net["evidence"])


def waits(m: dict[str, Any]) -> Component:
    """1 − (90th-percentile task wait / 30 min); None when no task was started."""
    wait = m["coordination"]["tasks"]["wait"]
    value = None if wait["p90"] is None else max(0.0, 1.0 - wait["p90"] / WAIT_WITHIN)
    return _component("coordination.tasks.wait", "任务等待人员与工具的时间（P90，30分钟为0分）",
                      "Tasks waiting for staff and tools (p90; 30 min scores 0)",
                      value, wait["evidence"])


def clean_work(m: dict[str, Any]) -> Component:
    """1 − (duplicate and conflicting tasks / tasks)."""
    tasks = m["coordination"]["tasks"]
    n = len(tasks["items"])
    bad = len(tasks["duplicates"]) + len(tasks["conflicts"])
    value = None if n == 0 else max(0.0, 1.0 - bad / n)
    evidence = [s for x in tasks["duplicates"] + tasks["conflicts"] for s in x["evidence"]]
    return _component("coordination.tasks.clean", "无重复或冲突的处置任务",
                      "No duplicate or conflicting tasks", value, evidence)


Builder = Callable[[dict[str, Any]], Component]
