"""The scenario: what happens to the platform, what the players are told, and what they must do.

A scenario is the drill's master scenario events list (MSEL) with the world it plays on: metadata
(plan risk, GB/T 20986-2023 category and severity), the platform's services and data, the threats
that unfold against them, the injects that reach the roles, and the plan's milestones as
objectives with target times. This module only says what is well formed; cross-references
(roles, tasks, injects) are checked by :mod:`simulator.scenario.crossref` against the
organisation.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from simulator.actions import Phase
from simulator.duration import Duration, format_duration
from simulator.scenario.conditions import Condition, Target
from simulator.scenario.threats import Threat
from simulator.text import Text

Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
IdStr = str

MAX_TICKS = 100_000
"""Most world updates in a drill (``length / tick``): a week at 15 s is 40,320."""
MAX_SAMPLES = 20_000
"""Most journal samples in a drill (``length / sample_every``): a week at 1 min is 10,080."""

Risk = Literal["ddos", "data_leak", "malware", "vulnerability"]
"""The risks of plan section 2."""

Channel = Literal[
    "traffic_monitor", "ids", "edr", "waf", "phone", "email", "im", "social_media", "news",
    "regulator", "user_complaint", "ticket", "briefing",
]
"""How an inject reaches its recipients."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(_Model):
    """A service of the platform and the load it carries."""

    name: Text
    capacity_rps: float = Field(gt=0, description="Requests per second it can serve.")
    baseline_rps: float = Field(ge=0, description="Legitimate requests per second at this hour.")
    depends_on: list[IdStr] = Field(default_factory=list, description="Services it needs up.")


class Store(_Model):
    """A data store and what is in it."""

    name: Text
    records: int = Field(ge=0, le=10**11, description="Records held (user accounts, orders...).")
    personal: bool = Field(default=True, description="Holds personal information (PIPL).")


class Segment(_Model):
    """A network segment with hosts malware can spread through."""

    name: Text
    hosts: int = Field(ge=1, le=10**6)
    reaches: list[IdStr] = Field(default_factory=list, description="Segments reachable from here.")


class World(_Model):
    """The platform as the drill starts."""

    services: dict[IdStr, Service] = Field(min_length=1)
    order_path: list[IdStr] = Field(min_length=1, description="Services an order passes through; "
                                    "orders flow at the product of their availabilities.")
    orders_per_min: float = Field(gt=0, description="Baseline orders per minute.")
    order_value_cny: float = Field(gt=0, description="Average order value in CNY.")
    stores: dict[IdStr, Store] = Field(default_factory=dict)
    segments: dict[IdStr, Segment] = Field(default_factory=dict)
    complaint_rate: float = Field(default=0.002, ge=0, le=1, description="Complaints per lost "
                                  "order (customers who could not buy and say so).")
    sentiment: float = Field(default=0.2, ge=-1, le=1, description="Public sentiment at the start, "
                             "-1 (outrage) to 1 (praise).")
    leak_complaint_share: float = Field(
        default=0.001, ge=0, le=1, description="Share of the people whose records leaked who "
        "complain once the leak is public (ASSUMPTION: 0.1%; they arrive over hours, see "
        "docs/scenarios.md).")


class Expectation(_Model):
    """An action an inject expects, by when, and what comes if it does not."""

    action: IdStr = Field(description="An action id or a task id.")
    within: Duration = Field(description="Deadline after the inject fires.")
    by_role: IdStr | None = Field(default=None, description="Who is expected to act (default: "
                                  "any recipient).")
    otherwise: IdStr | None = Field(default=None, alias="else", description="Contingency inject "
                                    "fired when the deadline passes.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Inject(_Model):
    """A message of the MSEL: at a time or on a condition, to roles, over a channel."""

    id: str = Id
    at: Duration | None = Field(default=None, description="Drill time it fires.")
    when: Condition | None = Field(default=None, description="Condition that fires it.")
    to: list[IdStr] = Field(min_length=1, description="Role or group ids.")
    channel: Channel
    text: Text
    reveals: list[IdStr] = Field(default_factory=list, description="Facts the recipients learn.")
    expects: list[Expectation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _at_or_when(self) -> Inject:
        if self.at is not None and self.when is not None:
            raise ValueError("give at or when, not both")
        return self

    @property
    def contingency_only(self) -> bool:
        """Fires only as another inject's ``else``."""
        return self.at is None and self.when is None


class Objective(_Model):
    """A milestone of the plan with its target time."""

    id: str = Id
    phase: Phase
    name: Text
    done_when: Condition
    target: Target
    required: Literal["always", "if_regulator"] = Field(
        default="always", description="if_regulator: only where the severity requires a report.")


class Fact(_Model):
    """Something a role can come to know (for information latency)."""

    text: Text
    found_by: list[IdStr] = Field(default_factory=list, description="Task ids whose completion "
                                  "reveals it to the role that did the task.")


class BotSettings(_Model):
    """How bots play this scenario."""

    mistake_rate: float = Field(default=0.1, ge=0, le=1, description="Chance that a bot slips "
                                "on a duty: late, incomplete, wrong measure, or forgotten.")


class Scenario(_Model):
    """A whole scenario file."""

    id: str = Id
    title: Text
    summary: Text
    risk: Risk
    category: str = Field(pattern=r"^[A-Z]{2,8}$", description="GB/T 20986-2023 category code.")
    severity: Literal["I", "II", "III", "IV"]
    org: IdStr = Field(default="ecommerce", description="Organisation file id.")
    starts: AwareDatetime = Field(description="Wall-clock start of the story, with its UTC "
                                  "offset, e.g. 2026-06-18T20:00:00+08:00.")
    length: Duration = Field(gt=0, le=7 * 86400)
    tick: Duration = Field(default=15.0, ge=1, le=600, description="World update interval.")
    sample_every: Duration = Field(default=60.0, ge=1, description="Journal sample interval.")
    facts: dict[IdStr, Fact] = Field(default_factory=dict)
    world: World
    threats: list[Threat] = Field(min_length=1, max_length=50)
    outages: list[Outage] = Field(default_factory=list)
    injects: list[Inject] = Field(min_length=1, max_length=500)
    objectives: list[Objective] = Field(min_length=1, max_length=100)
    bots: BotSettings = BotSettings()

    @field_validator("tick", "sample_every")
    @classmethod
    def _bounded_steps(cls, value: float, info: ValidationInfo) -> float:
        """A tick or sample interval so short that the drill would take hours is refused."""
        length = info.data.get("length")
        most, what = (MAX_TICKS, "world updates") if info.field_name == "tick" else \
            (MAX_SAMPLES, "journal samples")
        if length is not None and value > 0 and length / value > most:
            least = format_duration(math.ceil(length / most))
            raise ValueError(f"every {format_duration(value)} over {format_duration(length)} "
                             f"is {length / value:,.0f} {what}, more than {most:,}; make it at "
                             f"least {least}")
        return value

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id."""
        return next(i for i in self.injects if i.id == inject_id)


class Outage(_Model):
    """A tool that fails during the drill (the IM system during a DDoS, say)."""

    tool: IdStr
    at: Duration
    lasts: Duration = Field(gt=0)
    reason: Text | None = None


Scenario.model_rebuild()
