"""Response speed: each milestone of the plan against its target, and the reaction to each inject.

**Milestones.** The scenario's objectives are the plan's milestones (plan section 4: detection,
report to the leadership group, instruction, technical response, user communication, regulator
report where the severity requires it, logistics, recovery, cleanup, post-incident report), each
with a target such as "15 min after first-alert" or "30 min after the report".

When was a milestone reached? Where its condition is made of participants' actions (an incident
report with its four fields, an instruction, a published statement) and of what follows from them
(a task finished, an inject fired, a threat stage), analysis finds the first record that satisfies
it, on its own, from the journal. Where it depends on the world (availability above 95% for 10
minutes), it takes the engine's ``objective.met`` record. Both are named in ``source``, and a test
checks that the two ways agree on every bundled scenario.

Two times are reported for each milestone:

- ``latency``, from its own anchor (the report 15 min after the first alert; the instruction
  30 min after the report), judged against its own ``target``: this is the ``status``, exactly as
  the engine judged it during the drill;
- ``elapsed``, from the *root* of its chain of anchors (the first alert), judged against its
  ``budget``, the sum of the targets along the chain. This is what the ``score`` uses, so that a
  slow report is not forgiven by a quick instruction after it: the instruction is scored by when
  the organisation got there. The score is 1 within budget, falls linearly to 0 at twice the
  budget, and is 0 for a milestone never reached. Delaying any action can only lower it.

A milestone required only where the severity calls for a regulator report is ``not_required``
(and not scored) when it was not reached and the severity in force at the end does not call for
one; whether that severity was right is the ``severity_assessed`` escalation check.

**Injects.** The reaction to an inject is the first action of one of its recipients that answers
it: an action (or a task started) the inject expected, an ``acknowledge`` of it, or an action a
bot took because of it (``cause``). The engine's verdict on each expected action (met in time,
or missed) is listed beside it.
"""

from __future__ import annotations

from typing import Any

from analysis.escalation import severity
from analysis.evidence import figure, num, rule, seqs, text
from analysis.record import DrillRecord
from simulator.records import Event
from simulator.scenario.conditions import (
    ActionCondition,
    AllCondition,
    AnyCondition,
    InjectCondition,
    ObjectiveCondition,
    TaskCondition,
    ThreatCondition,
)

OVER_BUDGET_TO_ZERO = 1.0
"""A milestone's score reaches 0 when it is this share of its budget over it (1.0: at 2x)."""

SCORE_RULE = rule(
    "各里程碑得分的平均值。里程碑得分：自首个告警（其目标链的起点）起所用时间不超过目标链累计时限得1分，"
    "超出部分按比例扣减，达到时限两倍时为0分；未达成为0分。",
    "Mean of the milestone scores. A milestone scores 1 when the time from the first alert (the "
    "root of its chain of targets) is within the sum of the targets along the chain, falls "
    "linearly to 0 at twice that budget, and scores 0 when it is never reached.",
)

Hit = tuple[float, list[int]]
"""When a condition first held, and the records that show it."""


class _Timeline:
    """First times of actions, tasks, injects, threat stages and objectives, from the records."""

    def __init__(self, record: DrillRecord):
        self.record = record
        self.injects: dict[str, Event] = {}
        for event in record.of("inject.fired"):
            self.injects.setdefault(event.data["inject"], event)
        self.stages: dict[tuple[str, str], Event] = {}
        for event in record.of("threat.stage"):
            self.stages.setdefault((event.data["threat"], event.data["stage"]), event)
        self.actions = record.of("action.taken")
        self.tasks = record.of("task.done")
        self.engine_met: dict[str, Event] = {}
        for event in record.of("objective.met"):
            self.engine_met.setdefault(event.data["objective"], event)
        self.objectives = {o.id: o for o in record.scenario.objectives}
        self._memo: dict[str, Hit | None] = {}

    def action(self, cond: ActionCondition) -> Hit | None:
        best: Event | None = None
        for event in self.actions:
            data = event.data
            if data["action"] != cond.action:
                continue
            if cond.by_role is not None and event.actor != cond.by_role:
                continue
            args = data.get("args") or {}
            if any(args.get(f) in (None, "", []) for f in cond.fields):
                continue
            if best is None or event.t < best.t:
                best = event
        task = self.task(TaskCondition(task=cond.action)) if best is None else None
        if best is None:
            return task
        return best.t, [best.seq]

    def task(self, cond: TaskCondition) -> Hit | None:
        for event in self.tasks:
            if event.data["task"] != cond.task:
                continue
            if cond.target is not None and event.data.get("target") != cond.target:
                continue
            return event.t, [event.seq]
        return None

    def condition(self, cond: Any) -> Hit | None | bool:
        """When ``cond`` first held; False when it cannot be decided from records alone."""
        if isinstance(cond, ActionCondition):
            return self.action(cond)
        if isinstance(cond, TaskCondition):
            return self.task(cond)
        if isinstance(cond, InjectCondition):
            fired = self.injects.get(cond.inject)
            return (fired.t + cond.delay, [fired.seq]) if fired else None
        if isinstance(cond, ThreatCondition):
            stage = self.stages.get((cond.threat, cond.stage))
            return (stage.t, [stage.seq]) if stage else None
        if isinstance(cond, ObjectiveCondition):
            return self.objective(cond.objective)
        if isinstance(cond, AnyCondition | AllCondition):
            parts = [self.condition(c) for c in (cond.any if isinstance(cond, AnyCondition)
                                                  else cond.all)]
            if any(p is False for p in parts):
                return False
            hits = [p for p in parts if p]
            if isinstance(cond, AnyCondition):
                return min(hits, key=lambda h: h[0]) if hits else None
            if len(hits) < len(parts):
                return None
            return max(h[0] for h in hits), sorted({s for h in hits for s in h[1]})
        return False  # world conditions and "not done by" need the engine's clock

    def objective(self, objective: str) -> Hit | None:
        """When ``objective`` was reached: from actions where possible, else the engine's record."""
        if objective not in self._memo:
            self._memo[objective] = None  # guards against a cycle while computing
            spec = self.objectives.get(objective)
            hit = self.condition(spec.done_when) if spec is not None else False
            if hit is False:
                met = self.engine_met.get(objective)
                hit = (met.t, [met.seq]) if met else None
            self._memo[objective] = hit
        return self._memo[objective]

    def source(self, objective: str) -> str:
        spec = self.objectives.get(objective)
        if spec is None or self.condition(spec.done_when) is False:
            return "engine"
        return "actions"

    def anchor(self, after: str | None) -> Hit | None:
        """When the clock of a target starting at ``after`` started (drill start for None)."""
        if after is None:
            return 0.0, [self.record.started.seq]
        if after in self.injects:
            return self.injects[after].t, [self.injects[after].seq]
        if after in self.objectives:
            return self.objective(after)
        return None


def milestones(record: DrillRecord) -> list[dict[str, Any]]:
    """Each objective of the drill with its latency, elapsed time, status and score."""
    line = _Timeline(record)
    specs = {spec["objective"]: spec for spec in record.started.data.get("objectives", [])}
    overdue = {e.data["objective"]: e for e in record.of("objective.overdue")}
    optional = {o.id for o in record.scenario.objectives if o.required == "if_regulator"}
    regulator_due = severity(record) in record.org.regulator.severities
    out = []
    for oid, spec in specs.items():
        hit = line.objective(oid)
        anchor = line.anchor(spec["after"])
        budget, root = float(spec["target"]), spec["after"]
        chain = [oid]
        while root in specs and root not in chain:  # anchored on another milestone
            chain.append(root)
            budget += float(specs[root]["target"])
            root = specs[root]["after"]
        root_hit = line.anchor(root)
        reached = hit[0] if hit else None
        latency = elapsed = None
        if reached is not None and anchor is not None and reached >= anchor[0]:
            latency = reached - anchor[0]
        if reached is not None and root_hit is not None:
            elapsed = max(0.0, reached - root_hit[0])
        if root_hit is None:
            status, score = "not_started", None
        elif reached is None and oid in optional and not regulator_due:
            status, score = "not_required", None
        elif reached is None:
            status, score = "missed", 0.0
        else:
            late = latency is not None and latency > spec["target"] + 1e-9
            status = "late" if late else "on_time"
            over = max(0.0, (elapsed or 0.0) - budget) / budget if budget > 0 else 0.0
            score = max(0.0, 1.0 - over / OVER_BUDGET_TO_ZERO)
        evidence = seqs(hit[1] if hit else None, anchor[1] if anchor else None,
                        root_hit[1] if root_hit else None,
                        overdue.get(oid) if reached is None else None)
        out.append({
            "objective": oid, "phase": spec["phase"], "name": text(spec["name"]),
            "target": num(spec["target"]), "after": spec["after"], "budget": num(budget),
            "root": root, "root_t": num(root_hit[0]) if root_hit else None,
            "reached": num(reached), "latency": num(latency), "elapsed": num(elapsed),
            "status": status, "score": num(score), "source": line.source(oid),
            "evidence": evidence,
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
