"""The role's plan duties as a checklist: waiting, to do, done, overdue.

Each duty of the organisation file (``Duty``: ``on`` triggers, ``do`` action, ``task`` for
``start_task``) becomes a :class:`DutyItem`. The rules are simple on purpose:

- a duty is **triggered** when the role sees an event matching one of its ``on`` triggers
  (:data:`TRIGGERS`; an unknown trigger counts as triggered from the start);
- it is **done** when the role itself takes the ``do`` action (for ``start_task``: that task,
  when the duty names one) after it was triggered; a duty whose action was taken before any
  trigger was seen also counts as done, since the participant may act ahead of the plan;
- it is **overdue** when an ``objective.overdue`` of the duty's phase arrived and no
  ``objective.met`` of that phase did, and the duty is not done;
- the phase's milestone being met (``objective.met``) is shown as such even when this role did
  not act (another role of the plan may have done it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TRIGGERS: dict[str, tuple[str, ...]] = {
    "inject": ("inject.fired",),
    "incident_reported": ("action.taken:report_incident",),
    "severity_set": ("action.taken:set_severity",),
    "instruction": ("action.taken:issue_instruction",),
    "resources_requested": ("action.taken:request_resources",),
    "statement_drafted": ("action.taken:draft_statement",),
    "statement_approved": ("action.taken:approve_statement",),
    "statement_published": ("action.taken:publish_statement",),
    "post_incident_filed": ("action.taken:file_post_incident_report",),
    "task_done": ("task.done",),
    "recovered": ("incident.recovered",),
    "contained": ("objective.met:response",),
    "cleanup_done": ("objective.met:cleanup",),
    "complaints": ("inject.fired",),
}
"""Duty triggers and the events (``kind`` or ``kind:action``/``kind:phase``) that fire them."""


@dataclass
class DutyItem:
    """One duty and where it stands.

    Attributes:
        id: The duty id.
        text: Its text by language.
        phase: The plan phase (section 4) it belongs to.
        on: Its triggers.
        do: The action that carries it out.
        task: For ``start_task``, the task it asks for.
        triggered: Sim time it was triggered, or None.
        done: Sim time it was done, or None.
        met: Whether the phase's milestone was met (by anyone).
        overdue: Whether the phase's milestone deadline passed before it was met.
    """

    id: str
    text: Mapping[str, str]
    phase: str
    on: tuple[str, ...]
    do: str
    task: str | None = None
    triggered: float | None = None
    done: float | None = None
    met: bool = False
    overdue: bool = False
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``done``, ``overdue``, ``due`` (triggered, not done) or ``waiting``."""
        if self.done is not None:
            return "done"
        if self.overdue and not self.met:
            return "overdue"
        return "due" if self.triggered is not None else "waiting"


def _keys(event: Mapping[str, Any]) -> set[str]:
    kind, data = event["kind"], event.get("data") or {}
    keys = {kind}
    if data.get("action"):
        keys.add(f"{kind}:{data['action']}")
    if data.get("phase"):
        keys.add(f"{kind}:{data['phase']}")
    return keys


class Duties:
    """The checklist of one role.

    Args:
        role: The role id.
        duties: The ``duties`` of the welcome (dicts with id, text, phase, on, do, task).
    """

    def __init__(self, role: str, duties: Iterable[Mapping[str, Any]]):
        self.role = role
        self.items = [DutyItem(str(d["id"]), dict(d.get("text") or {}), str(d.get("phase", "")),
                               tuple(d.get("on") or ()), str(d["do"]), d.get("task"))
                      for d in duties]
        for item in self.items:
            if any(trigger not in TRIGGERS for trigger in item.on):
                item.triggered = 0.0

    def apply(self, event: Mapping[str, Any]) -> None:
        """Take one event (each once, in ``seq`` order)."""
        kind, data, t = event["kind"], event.get("data") or {}, float(event["t"])
        keys = _keys(event)
        own = kind == "action.taken" and event.get("actor") == self.role
        for item in self.items:
            fired = any(key in keys for trigger in item.on for key in TRIGGERS.get(trigger, ()))
            if item.triggered is None and fired and not (own and data.get("action") == item.do):
                item.triggered = t
            if own and item.done is None and data.get("action") == item.do:
                task = (data.get("args") or {}).get("task")
                if item.task is None or item.task == task:
                    item.done = t
            if kind == "drill.started":
                objectives = data.get("objectives") or ()
                names = {o["objective"]: o.get("name") or {} for o in objectives}
                phase = [{**o, "after_name": names.get(o.get("after"))}
                         for o in objectives if o.get("phase") == item.phase]
                # the milestone this duty makes: named like the duty or its action, else the
                # phase's first (set_severity -> severity, instruct -> instruct)
                item.targets = sorted(phase, key=lambda o: not (
                    o["objective"] == item.id
                    or o["objective"].replace("-", "_") in item.do))
            if kind == "objective.met" and data.get("phase") == item.phase:
                item.met = True
            elif kind == "objective.overdue" and data.get("phase") == item.phase:
                item.overdue = True

    def counts(self) -> dict[str, int]:
        """How many duties are in each status."""
        counts = {"done": 0, "overdue": 0, "due": 0, "waiting": 0}
        for item in self.items:
            counts[item.status] += 1
        return counts
