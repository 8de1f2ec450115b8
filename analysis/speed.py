"""Response speed: each milestone of the plan against its target, and the reaction to each inject.

**Milestones.** The scenario's objectives are the plan's milestones (plan section 4: detection,
report to the leadership group, instruction, technical response, user communication, regulator
report where the severity requires it, logistics, recovery, cleanup, post-incident report), each
with a target such as "15 min after first-alert" or "30 min after the report".

When was a milestone reached, and was it on time? Only the engine judges: analysis reads its
verdicts (``objective.met`` with its latency, ``on_time`` and ``evidence``; ``objective.missed``;
``objective.not_applicable``) and never evaluates a condition itself.

Two times are reported for each milestone:

- ``latency``, from its own anchor (the report 15 min after the first alert; the instruction
  30 min after the report), judged against its own ``target``: the ``status`` is the engine's
  verdict (``on_time``, ``late``, ``missed``, ``not_required``, or ``not_started`` while the root
  of its chain has not happened);
- ``elapsed``, from the *root* of its chain of anchors (the first alert), judged against its
  ``budget``, the sum of the targets along the chain. This is what the ``score`` uses, so that a
  slow report is not forgiven by a quick instruction after it: the instruction is scored by when
  the organisation got there. The score is 1 within budget, falls linearly to 0 at twice the
  budget, and is 0 for a milestone never reached. Delaying any action can only lower it.

A milestone required only where the severity calls for a regulator report is ``not_required``
(and not scored) when the engine journalled it ``objective.not_applicable`` (unmet, and the
severity in force at the end does not call for one); whether that severity was right is the
``severity_assessed`` escalation check. A milestone with no verdict yet (a drill still running)
counts as missed until it is met.

**Injects.** The reaction to an inject is the first action of one of its recipients that answers
it: an action (or a task started) the inject expected, an ``acknowledge`` of it, or an action a
bot took because of it (``cause``). The engine's verdict on each expected action (met in time,
or missed) is listed beside it.
"""

from __future__ import annotations

from typing import Any

from analysis.evidence import figure, num, rule, seqs, text
from analysis.record import DrillRecord
from simulator.records import Event

OVER_BUDGET_TO_ZERO = 1.0
"""A milestone's score reaches 0 when it is this share of its budget over it (1.0: at 2x)."""

SCORE_RULE = rule(
    "各里程碑得分的平均值。里程碑得分：自首个告警（其目标链的起点）起所用时间不超过目标链累计时限得1分，"
    "超出部分按比例扣减，达到时限两倍时为0分；未达成为0分。",
    "Mean of the milestone scores. A milestone scores 1 when the time from the first alert (the "
    "root of its chain of targets) is within the sum of the targets along the chain, falls "
    "linearly to 0 at twice that budget, and scores 0 when it is never reached.",
)

def _anchors(record: DrillRecord) -> dict[str | None, Event]:
    """The record that starts each possible target clock: the start, each inject, each objective."""
    out: dict[str | None, Event] = {None: record.started}
    for event in record.of("inject.fired"):
        out.setdefault(event.data["inject"], event)
    for event in record.of("objective.met"):
        out.setdefault(event.data["objective"], event)
    return out


def milestones(record: DrillRecord) -> list[dict[str, Any]]:
    """Each objective of the drill with its latency, elapsed time, status and score."""
    specs = {spec["objective"]: spec for spec in record.started.data.get("objectives", [])}
    anchors = _anchors(record)
    verdicts: dict[str, Event] = {}
    for event in record.of("objective.met", "objective.missed", "objective.not_applicable"):
        verdicts.setdefault(event.data["objective"], event)
    overdue = {e.data["objective"]: e for e in record.of("objective.overdue")}
    out = []
    for oid, spec in specs.items():
        verdict = verdicts.get(oid)
        met = verdict if verdict is not None and verdict.kind == "objective.met" else None
        anchor = anchors.get(spec["after"])
        budget, root = float(spec["target"]), spec["after"]
        chain = [oid]
        while root in specs and root not in chain:  # anchored on another milestone
            chain.append(root)
            budget += float(specs[root]["target"])
            root = specs[root]["after"]
        root_event = anchors.get(root)
        reached = met.t if met is not None else None
        latency = met.data.get("latency") if met is not None else None
        elapsed = max(0.0, reached - root_event.t) if met and root_event is not None else None
        if root_event is None:
            status, score = "not_started", None
        elif met is None and verdict is not None and verdict.kind == "objective.not_applicable":
            status, score = "not_required", None
        elif met is None:
            status, score = "missed", 0.0
        else:
            status = "on_time" if met.data.get("on_time", not met.data.get("late")) else "late"
            over = max(0.0, (elapsed or 0.0) - budget) / budget if budget > 0 else 0.0
            score = max(0.0, 1.0 - over / OVER_BUDGET_TO_ZERO)
        evidence = seqs(met.data.get("evidence") if met else None, met, anchor, root_event,
                        overdue.get(oid) if met is None else None)
        out.append({
            "objective": oid, "phase": spec["phase"], "name": text(spec["name"]),
            "target": num(spec["target"]), "after": spec["after"], "budget": num(budget),
            "root": root, "root_t": num(root_event.t) if root_event else None,
            "reached": num(reached), "latency": num(latency), "elapsed": num(elapsed),
            "status": status, "score": num(score),
            "verdict": verdict.kind if verdict is not None else None, "evidence": evidence,
        })
    return out


def inject_reactions(record: DrillRecord) -> list[dict[str, Any]]:
    """Each inject fired, with its recipients' first answering action and its expectations."""
    verdicts: dict[tuple[str, str], Event] = {}
    for event in record.of("expectation.met", "expectation.missed"):
        verdicts.setdefault((event.data["inject"], event.data["action"]), event)
    actions = record.of("action.taken")
    out = []
    for fired in record.of("inject.fired"):
        data = fired.data
        inject, to = data["inject"], set(data.get("to", []))
        expected = {e["action"] for e in data.get("expects", [])}
        answer: Event | None = None
        for event in actions:
            if event.t < fired.t or event.actor not in to:
                continue
            args = event.data.get("args") or {}
            did = args.get("task") if event.data["action"] == "start_task" else event.data["action"]
            if (event.data.get("cause") == fired.seq or did in expected
                    or (event.data["action"] == "acknowledge" and args.get("inject") == inject)):
                answer = event
                break
        rows = []
        for exp in data.get("expects", []):
            verdict = verdicts.get((inject, exp["action"]))
            met = verdict is not None and verdict.kind == "expectation.met"
            rows.append({
                "action": exp["action"], "deadline": num(exp["deadline"]), "met": met,
                "latency": num(verdict.data.get("latency")) if met and verdict else None,
                "evidence": seqs(fired, verdict),
            })
        out.append({
            "inject": inject, "seq": fired.seq, "t": num(fired.t), "to": list(data.get("to", [])),
            "channel": data.get("channel"),
            "reaction": num(answer.t - fired.t) if answer else None,
            "by": answer.actor if answer else None, "expected": rows,
            "evidence": seqs(fired, answer),
        })
    return out


def speed(record: DrillRecord) -> dict[str, Any]:
    """The speed section of the metrics."""
    rows = milestones(record)
    scored = [m for m in rows if m["score"] is not None]
    value = sum(m["score"] for m in scored) / len(scored) if scored else None
    return {
        "milestones": rows,
        "injects": inject_reactions(record),
        "score": figure(value, [s for m in scored for s in m["evidence"]], rule=SCORE_RULE),
    }
