"""Hand-built journals whose answers are known, for the metric tests.

A :class:`Journal` collects events in the order they are added (their ``seq``), on the small test
scenario of ``tests/drills.py`` played by the bundled organisation, and turns them into a
:class:`analysis.record.DrillRecord` as ``warroom report`` would read it.
"""

from __future__ import annotations

from typing import Any

from analysis.record import DrillRecord, from_events
from simulator.actions import REPORTS, missing_fields
from simulator.records import Event
from tests.drills import ORG_TEXT, load, scenario_text

CREATED = "2026-06-18T12:00:00+00:00"


class Journal:
    """A journal written by hand, one event at a time."""

    def __init__(self, kind: str = "ddos", extra: str = "", *, bots: list[str] | None = None,
                 severity: str = "III"):
        self.text = scenario_text(kind, extra)
        loaded = load(kind, extra)
        self.scenario = loaded.scenario
        self.events: list[Event] = []
        objectives = [{
            "objective": o.id, "phase": o.phase, "name": o.name.as_dict(),
            "target": o.target.within, "after": o.target.after,
        } for o in self.scenario.objectives
            if o.required == "always" or severity in loaded.org.regulator.severities]
        self.add(0.0, "drill.started", scenario=self.scenario.id,
                 title=self.scenario.title.as_dict(), seed=1, starts="2026-06-18T20:00:00+08:00",
                 length=self.scenario.length, severity=severity, risk=self.scenario.risk,
                 roles=list(loaded.org.roles), bots=bots if bots is not None else [],
                 mistake_rate=0.0, objectives=objectives)

    def add(self, t: float, kind: str, actor: str = "engine", **data: Any) -> Event:
        """Append an event; returns it (its ``seq`` is its position)."""
        event = Event(len(self.events) + 1, float(t), kind, actor, data)
        self.events.append(event)
        return event

    def inject(self, t: float, inject: str, to: list[str], *, expects: list[dict] | None = None,
               reveals: list[str] | None = None, channel: str = "ids") -> Event:
        """An inject fired to ``to``."""
        return self.add(t, "inject.fired", inject=inject, to=to, channel=channel,
                        text={"zh": inject, "en": inject}, expects=expects or [],
                        reveals=reveals or [], cause=None)

    def act(self, t: float, role: str, action: str, args: dict[str, Any] | None = None, *,
            result: dict[str, Any] | None = None, cause: int | None = None,
            source: str = "human") -> Event:
        """An accepted action of ``role`` (a report's ``missing`` as the engine computes it)."""
        result = dict(result or {})
        if action in REPORTS:
            result.setdefault("missing", missing_fields(action, args or {}))
        return self.add(t, "action.taken", role, action=action, args=args or {}, source=source,
                        cause=cause, result=result)

    def report(self, t: float, role: str, *, leave_out: tuple[str, ...] = ()) -> Event:
        """An incident report to the leadership group, with every field but ``leave_out``."""
        fields = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "orders -60%"}
        args = {k: ("" if k in leave_out else v) for k, v in fields.items()}
        return self.act(t, role, "report_incident", args, result={
            "to": ["cio", "security_lead", "tech_support", "cs_manager", "legal", "marketing"],
            "missing": list(leave_out)})

    def met(self, t: float, objective: str, *, latency: float | None, late: bool = False,
            evidence: tuple[Event, ...] = ()) -> Event:
        """The engine's verdict that ``objective`` was met at ``t``."""
        phase = next(o.phase for o in self.scenario.objectives if o.id == objective)
        return self.add(t, "objective.met", objective=objective, phase=phase, deadline=None,
                        latency=latency, target=None, late=late, on_time=not late,
                        evidence=[e.seq for e in evidence])

    def not_applicable(self, t: float, objective: str, severity: str) -> Event:
        """The engine's verdict that ``objective`` does not apply at ``severity``."""
        phase = next(o.phase for o in self.scenario.objectives if o.id == objective)
        return self.add(t, "objective.not_applicable", objective=objective, phase=phase,
                        reason="severity_does_not_require_regulator_report", severity=severity)

    def learn(self, t: float, role: str, fact: str, via: int) -> Event:
        """A role learns a fact through the event ``via``."""
        return self.add(t, "fact.learned", role=role, fact=fact, via=via)

    def sample(self, t: float, **measures: float) -> Event:
        """A world sample; keys use ``_`` for ``.`` (``orders_ratio`` is ``orders.ratio``)."""
        return self.add(t, "world.sample",
                        measures={k.replace("_", ".", 1): v for k, v in measures.items()})

    def task(self, role: str, task_id: str, task: str, target: str | None, *, queued: float,
             started: float | None = None, done: float | None = None, staff: int = 1) -> None:
        """A task's queue, start and end records."""
        self.add(queued, "task.queued", role, task_id=task_id, task=task, target=target,
                 cause=None, staff=staff, tools=[])
        if started is not None:
            self.add(started, "task.started", role, task_id=task_id, task=task,
                     waited=started - queued)
        if done is not None:
            self.add(done, "task.done", role, task_id=task_id, task=task, target=target,
                     effect={"kind": "mitigation"})

    def record(self) -> DrillRecord:
        """The journal as analysis reads it."""
        meta = {"scenario_id": self.scenario.id, "scenario_text": self.text,
                "org_text": ORG_TEXT, "seed": "1", "bots": "[]", "created": CREATED}
        return from_events(self.events, meta)
