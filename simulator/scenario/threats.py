"""Threat specifications: the four risks of plan section 2, as a scenario describes them.

Each kind has its own engine module under ``simulator/threats/``; this module only says what a
scenario may write. Every threat names the tasks (``mitigated_by``) that weaken it, each with an
effectiveness between 0 and 1: the share of the threat's force the measure removes. Measures of
one threat combine multiplicatively, ``remaining = prod(1 - e)``, as independent filters do.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulator.duration import Duration, parse_duration
from simulator.scenario.conditions import Condition

Id = str
Effectiveness = Annotated[float, Field(ge=0, le=1)]


class Point(BaseModel):
    """A point of a time profile: at ``t`` the value is ``value``; straight lines in between."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    t: Duration
    value: float = Field(ge=0)


def _points(value: object) -> object:
    """Accept ``[[0:05, 120000], ...]`` as well as ``[{t: 0:05, value: 120000}, ...]``."""
    if isinstance(value, list):
        return [
            {"t": item[0], "value": item[1]} if isinstance(item, list | tuple) and len(item) == 2
            else item
            for item in value
        ]
    return value


class _Threat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    starts: Duration = Field(default=0.0, description="When the threat begins (drill clock).")
    start_when: Condition | None = Field(default=None, description="Or: begin on a condition, "
                                         "e.g. another threat's foothold.")
    mitigated_by: dict[Id, Effectiveness] = Field(
        default_factory=dict, description="Task id → share of the threat it removes (0–1).")
    detected_by: list[Id] = Field(default_factory=list, description="Tools that can see it.")


class _Profiled(_Threat):
    @staticmethod
    def _check_profile(points: list[Point]) -> list[Point]:
        times = [p.t for p in points]
        if times != sorted(times):
            raise ValueError("profile times must not go back")
        return points


class DdosThreat(_Profiled):
    """A distributed denial of service: attack traffic against a service's capacity."""

    kind: Literal["ddos"]
    target: Id = Field(description="The service flooded.")
    vector: Literal["http_flood", "syn_flood", "udp_amplification", "cc_attack"] = "http_flood"
    traffic: list[Point] = Field(min_length=1, description="Attack requests per second over time: "
                                 "[[0:05, 120000], [0:20, 400000]].")
    collateral: dict[Id, Effectiveness] = Field(
        default_factory=dict, description="Task id → share of legitimate traffic it also drops "
        "(a blunt rate limit hurts real customers).")

    _profile = field_validator("traffic", mode="before")(_points)
    _order = field_validator("traffic")(_Profiled._check_profile)


class ExfiltrationThreat(_Profiled):
    """Data exfiltration: records leave a data store at a rate until egress is stopped."""

    kind: Literal["exfiltration"]
    store: Id = Field(description="The data store being read out.")
    via: Id | None = Field(default=None, description="The service or host used as the way out.")
    rate: list[Point] = Field(min_length=1, description="Records per minute over time.")
    public_after: Duration | None = Field(
        default=None, description="Records on sale / news of the leak this long after it starts.")

    _profile = field_validator("rate", mode="before")(_points)
    _order = field_validator("rate")(_Profiled._check_profile)


class MalwareThreat(_Threat):
    """Malware or ransomware spreading between hosts of network segments."""

    kind: Literal["malware"]
    variant: Literal["ransomware", "worm", "trojan", "miner"] = "ransomware"
    first: Id = Field(description="The segment of patient zero.")
    initial: int = Field(default=1, ge=1, description="Hosts infected at the start.")
    contact_rate: float = Field(gt=0, le=10, description="New infections per infected host per "
                                "minute in a fully susceptible segment.")
    cross_rate: float = Field(default=0.0, ge=0, le=10, description="Infections per infected host "
                              "per minute into each reachable other segment.")
    encrypt_after: Duration | None = Field(default=None, description="Ransomware: an infected host "
                                           "is encrypted this long after infection.")
    clean_rate: float = Field(default=0.05, gt=0, le=1, description="Share of infected hosts an "
                              "EDR-style cleaning task clears per minute once completed.")
    impacts: dict[Id, Id] = Field(default_factory=dict, description="Service id → segment id whose "
                                  "encrypted share takes the service down.")


class VulnerabilityThreat(_Threat):
    """An exploited vulnerability: exposure, then exploitation, then a foothold."""

    kind: Literal["vulnerability"]
    target: Id = Field(description="The exposed service.")
    cve: str | None = Field(default=None, description="CVE or vendor advisory id, if public.")
    exploitation_starts: Duration = Field(description="When attackers begin to exploit it.")
    foothold_rate: float = Field(gt=0, le=10, description="Chance per minute that exploitation "
                                 "succeeds while unmitigated (hazard rate).")
    fraud_per_min_cny: float = Field(default=0.0, ge=0, description="Money lost per minute while "
                                     "the attacker holds the foothold (e.g. payment redirection).")
    offline_task: Id | None = Field(default=None, description="A task that takes the service "
                                    "offline (stops exploitation and the service with it).")
    evicted_by: list[Id] = Field(default_factory=list, description="Tasks that remove an "
                                 "attacker's foothold (closing the hole does not).")

    @model_validator(mode="after")
    def _starts_before_exploitation(self) -> VulnerabilityThreat:
        if self.exploitation_starts < self.starts:
            raise ValueError("exploitation_starts must not come before starts")
        return self


Threat = Annotated[
    DdosThreat | ExfiltrationThreat | MalwareThreat | VulnerabilityThreat,
    Field(discriminator="kind"),
]
"""A threat, chosen by its ``kind``."""

__all__ = ["DdosThreat", "ExfiltrationThreat", "MalwareThreat", "Point", "Threat",
           "VulnerabilityThreat", "parse_duration"]
