"""Conditions: when an inject fires and when an objective is met.

A condition is written as a small mapping whose key says what kind it is:

- ``{world: storefront.availability, below: 0.8, for: 5m}``: a measure past a threshold, held;
- ``{action: report_incident, fields: [time, place, type, impact], by_role: network_ops}``: an
  action was taken (optionally with those fields filled, by that role, ``by`` a deadline);
- ``{task: scrubbing, target: storefront, by: 0:40}``: a task was completed (by a deadline);
- ``{not_done: report_incident, by: 0:25}``: at the deadline, an action or task was not done;
- ``{inject: first-alert, delay: 2m}``: another inject fired (and a delay passed);
- ``{objective: contain}``: an objective was met;
- ``{threat: cve, stage: foothold}``: a threat reached a stage;
- ``{all: [...]}`` and ``{any: [...]}``: combinations.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from simulator.duration import Duration

Id = str
MAX_PARTS = 100
"""Most conditions in one ``all`` or ``any``: the engine re-checks them all on every change, so
20,000 of them made a rehearsal take minutes."""
ThreatStage = Literal[
    "started", "exploited", "foothold", "public", "contained", "removed", "ended",
]


class _Cond(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class WorldCondition(_Cond):
    """A world measure below or above a threshold, held for a while."""

    world: str = Field(description="A measure path such as storefront.availability or "
                       "orders.ratio; see docs/scenarios.md for the list.")
    below: float | None = None
    above: float | None = None
    hold: Duration = Field(default=0.0, alias="for", description="How long it must hold.")

    @model_validator(mode="after")
    def _one_threshold(self) -> WorldCondition:
        if (self.below is None) == (self.above is None):
            raise ValueError("give exactly one of below or above")
        return self


class ActionCondition(_Cond):
    """An action was taken (by a deadline, if ``by`` is given)."""

    action: Id
    fields: list[str] = Field(default_factory=list, description="Arguments that must be filled.")
    by_role: Id | None = None
    by: Target | None = Field(default=None, description="Deadline: done by then, or never holds.")


class TaskCondition(_Cond):
    """A task was completed (by a deadline, if ``by`` is given)."""

    task: Id
    target: Id | None = None
    by: Target | None = Field(default=None, description="Deadline: done by then, or never holds.")


class NotDoneCondition(_Cond):
    """At a deadline, an action or task was still not done."""

    not_done: Id = Field(description="An action id or a task id.")
    by: Target


class InjectCondition(_Cond):
    """Another inject fired, and ``delay`` passed since."""

    inject: Id
    delay: Duration = 0.0


class ObjectiveCondition(_Cond):
    """An objective was met."""

    objective: Id


class ThreatCondition(_Cond):
    """A threat reached a stage."""

    threat: Id
    stage: ThreatStage


class AllCondition(_Cond):
    """Every one of the conditions holds."""

    all: list[Condition] = Field(min_length=1, max_length=MAX_PARTS)


class AnyCondition(_Cond):
    """At least one of the conditions holds."""

    any: list[Condition] = Field(min_length=1, max_length=MAX_PARTS)


CONDITION_KEYS = ("world", "action", "task", "not_done", "inject", "objective", "threat", "all",
                  "any")
"""The key that says which kind a condition is."""


def _kind(value: object) -> str | None:
    if isinstance(value, dict):
        return next((key for key in CONDITION_KEYS if key in value), None)
    return next((key for key in CONDITION_KEYS if getattr(value, key, None) is not None), None)


Condition = Annotated[
    Annotated[WorldCondition, Tag("world")] | Annotated[ActionCondition, Tag("action")]
    | Annotated[TaskCondition, Tag("task")] | Annotated[NotDoneCondition, Tag("not_done")]
    | Annotated[InjectCondition, Tag("inject")] | Annotated[ObjectiveCondition, Tag("objective")]
    | Annotated[ThreatCondition, Tag("threat")] | Annotated[AllCondition, Tag("all")]
    | Annotated[AnyCondition, Tag("any")],
    Discriminator(_kind, custom_error_type="condition_kind",
                  custom_error_message="a condition needs one of the keys "
                  + ", ".join(CONDITION_KEYS)),
]


class Target(_Cond):
    """A deadline: ``within`` seconds of the drill start, or of an inject or objective.

    Written ``60m`` (from the start) or ``15m after first-alert``.
    """

    within: Duration
    after: Id | None = Field(default=None, description="An inject or objective id; the clock "
                             "starts when it fires or is met.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, str) and " after " in value:
            within, _, after = value.partition(" after ")
            return {"within": within.strip(), "after": after.strip()}
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return {"within": value}
        return value


ActionCondition.model_rebuild()
TaskCondition.model_rebuild()
NotDoneCondition.model_rebuild()
AllCondition.model_rebuild()
AnyCondition.model_rebuild()


def walk(condition: Condition):
    """Yield ``condition`` and every condition nested in it, depth first."""
    yield condition
    for child in getattr(condition, "all", None) or getattr(condition, "any", None) or ():
        yield from walk(child)
