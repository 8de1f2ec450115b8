"""The organisation: who is in the emergency response, what they may do, and with which tools.

Plan section 3 names three groups: the Emergency Response Leadership Group under the CIO, the
Security Technical Group under the security engineer, and the Customer Service Group under the
customer-service manager. Plan section 5 names the materials: traffic monitoring, firewall, IDS,
emergency communication equipment and backup systems. The organisation file adds what an
e-commerce platform also has (WAF and scrubbing, CDN, EDR) and, for each role, its headcount, its
on-call response latency, the actions it may take and its duties by the plan. Permissions and bot
behaviour come from this data, not from code.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from simulator.actions import Phase
from simulator.distribution import Distribution
from simulator.duration import Duration
from simulator.text import Text

Id = str

Measure = Literal[
    "availability", "traffic", "orders", "money", "records", "hosts", "complaints", "sentiment",
]
"""Families of world measures a tool shows or a role can see."""

Trigger = Literal[
    "inject", "incident_reported", "severity_set", "instruction", "task_done",
    "resources_requested", "statement_drafted", "statement_approved", "statement_published",
    "message", "complaints", "contained", "recovered", "cleanup_done", "post_incident_filed",
]
"""What prompts a duty: a stimulus the engine delivers to a role."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Triggers = Annotated[
    list[Trigger], Field(min_length=1), BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [
        {"type": "string", "enum": list(Trigger.__args__)},
        {"type": "array", "items": {"type": "string", "enum": list(Trigger.__args__)},
         "minItems": 1},
    ]}),
]
"""One trigger or a list of them."""

TargetKind = Literal["service", "store", "segment", "none"]
Effect = Literal[
    "mitigation", "assessment", "monitoring", "recovery", "cleanup", "enquiries", "logistics",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Model):
    """A group of plan section 3."""

    name: Text
    leader: Id = Field(description="Role id of the group leader.")
    deputy: Id | None = Field(default=None, description="Role id of the deputy leader.")
    members: list[Id] = Field(default_factory=list, description="Role ids of the members.")
    duties: list[Text] = Field(default_factory=list, description="The group's duties (plan 3).")

    def roles(self) -> list[Id]:
        """Leader, deputy and members, in that order, without repeats."""
        seen: list[Id] = []
        for role in [self.leader, self.deputy, *self.members]:
            if role is not None and role not in seen:
                seen.append(role)
        return seen


class Duty(_Model):
    """One duty of a role: the participant's checklist item and the bot's rule.

    A bot playing the role waits for any of ``on``, then after its response latency takes ``do``.
    """

    id: Id
    text: Text
    phase: Phase
    on: Triggers
    do: Id = Field(description="Action id taken when the duty is carried out.")
    task: Id | None = Field(default=None, description="For do: start_task, the task to start "
                            "(omit to let the bot choose a mitigation of the threats it knows).")


class Role(_Model):
    """A role of plan section 3, played by people or by a bot."""

    name: Text
    group: Id = Field(description="The role's home group (it may also sit in others).")
    headcount: int = Field(ge=1, le=500,
                           description="People in the role: parallel tasks it can work.")
    latency: Distribution = Field(description="On-call response latency: from a prompt to acting.")
    actions: list[Id] = Field(description="Action ids this role may take.")
    tools: list[Id] = Field(default_factory=list, description="Tools this role works with.")
    sees: list[Measure] = Field(default_factory=list, description="Measures the role sees without "
                                "a tool (in addition to what its tools show).")
    duties: list[Duty] = Field(default_factory=list)


class Tool(_Model):
    """A tool or resource of plan section 5 (or one a platform has besides)."""

    name: Text
    plan: str | None = Field(default=None, description="Where the plan names it, e.g. '5.1'.")
    capacity: int = Field(ge=1, le=1000, description="Tasks it can serve at once.")
    availability: float = Field(ge=0, le=1, description="Probability that it works when needed.")
    shows: list[Measure] = Field(default_factory=list,
                                 description="Measures it lets its users see.")


class TaskType(_Model):
    """A technical or customer-service measure carried out by a team."""

    name: Text
    role: Id = Field(description="The role whose staff carry it out.")
    staff: int = Field(default=1, ge=1, le=100)
    tools: list[Id] = Field(default_factory=list, description="Tools it needs, all of them.")
    duration: Distribution
    target: TargetKind = "service"
    effect: Effect = "mitigation"


class Regulator(_Model):
    """When an incident must be reported to the regulator."""

    name: Text
    report_within: Duration = Field(description="Deadline from the incident's discovery.")
    severities: list[Literal["I", "II", "III", "IV"]] = Field(
        description="Severity levels that require a report.")


class Organisation(_Model):
    """The whole organisation file."""

    id: Id
    name: Text
    groups: dict[Id, Group]
    roles: dict[Id, Role]
    tools: dict[Id, Tool]
    tasks: dict[Id, TaskType]
    regulator: Regulator

    def groups_of(self, role: Id) -> list[Id]:
        """All groups ``role`` sits in, its home group first."""
        home = self.roles[role].group
        return [home] + [g for g, grp in self.groups.items() if g != home and role in grp.roles()]

    def expand(self, recipients: list[Id]) -> list[Id]:
        """Role ids named by a list of role and group ids, in order, without repeats."""
        roles: list[Id] = []
        for rid in recipients:
            for role in self.groups[rid].roles() if rid in self.groups else [rid]:
                if role not in roles:
                    roles.append(role)
        return roles

    def measures_seen(self, role: Id) -> set[str]:
        """Measure families ``role`` can see through its tools or directly."""
        spec = self.roles[role]
        seen: set[str] = set(spec.sees)
        for tool in spec.tools:
            seen.update(self.tools[tool].shows)
        return seen
