"""What every threat shares: a start, stages, and mitigation by tasks.

A threat's force is scaled by ``remaining``, the product of ``1 - e`` over the effectiveness ``e``
of every mitigating task completed against it. Mitigations are state of their target: a measure
already in place when a threat starts (rate limiting on the storefront, an isolated segment) acts
on it from its first moment.

Stages go forward (started, exploited, foothold, public, contained, removed, ended), each
journalled as ``threat.stage``. *Contained* means the threat can no longer make things worse
because of what the team did; it is not forever: when that stops being true (a DDoS's traffic
overwhelms the mitigated service again, a service taken offline comes back unpatched, an
outbreak infects again) the threat is journalled ``reopened`` and can be contained again later.
*Ended* means the threat has stopped on its own (the attack traffic ended for good).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.engine.ports import ThreatRoom

CONTAINED_BELOW = 0.05
"""A threat whose remaining force is below this share counts as stopped."""


class ThreatProcess:
    """Base of the four threat kinds."""

    target_kind = "service"

    def __init__(self, room: ThreatRoom, spec):
        self.room = room
        self.spec = spec
        self.id = spec.id
        self.active = False
        self.started_at: float | None = None
        self.remaining = 1.0
        self.applied: dict[str, float] = {}
        self.rng = room.streams(f"threat:{spec.id}")

    # -- life cycle --------------------------------------------------------------------------
    @property
    def target(self) -> str | None:
        """The service, store or segment the threat works on."""
        return getattr(self.spec, "target", None)

    def begin(self) -> None:
        """Start the threat now."""
        if self.active or self.started_at is not None:
            return
        self.active = True
        self.started_at = self.room.now
        self.room.emit("threat.started", data={
            "threat": self.id, "kind": self.spec.kind, "target": self.target})
        self.stage("started")
        self.on_begin()
        for task, target in list(self.room.state.measures):  # measures already in place
            if self.applies(task, target):
                self.mitigate(task, target)

    def on_begin(self) -> None:
        """Hook: the threat has just started."""

    def tick(self, now: float, dt: float) -> None:
        """Push on the world for the last ``dt`` seconds."""

    def stage(self, name: str) -> bool:
        """Reach stage ``name`` (once); returns whether it is new."""
        key = (self.id, name)
        if key in self.room.state.stages:
            return False
        self.room.state.stages[key] = self.room.now
        self.room.emit("threat.stage", data={"threat": self.id, "stage": name})
        self.room.changed()
        return True

    def reopen(self, why: str) -> None:
        """Containment no longer holds: journal ``reopened`` (with ``why``); it may come again."""
        if not self.reached("contained"):
            return
        stages = self.room.state.stages
        for name in ("contained", "removed"):
            stages.pop((self.id, name), None)
        stages[(self.id, "reopened")] = self.room.now
        self.room.emit("threat.stage", data={"threat": self.id, "stage": "reopened",
                                             "why": why})
        self.room.changed()

    def reached(self, name: str) -> bool:
        """Whether the threat reached stage ``name``."""
        return (self.id, name) in self.room.state.stages

    @property
    def contained(self) -> bool:
        """Stopped for good: contained, removed, or over."""
        return self.reached("contained") or self.reached("removed") or self.reached("ended")

    # -- mitigation --------------------------------------------------------------------------
    def applies(self, task: str, target: str | None) -> bool:
        """Whether completing ``task`` on ``target`` acts on this threat."""
        if task not in self.spec.mitigated_by:
            return False
        return target is None or self.target is None or target == self.target

    def mitigate(self, task: str, target: str | None) -> float | None:
        """Apply a completed task; returns the remaining share, or None if it does nothing."""
        if not self.applies(task, target):
            return None
        effectiveness = self.spec.mitigated_by[task]
        if task in self.applied:
            return self.remaining  # the same measure twice adds nothing
        self.applied[task] = effectiveness
        self.remaining *= 1.0 - effectiveness
        self.room.emit("threat.mitigated", data={
            "threat": self.id, "task": task, "effectiveness": effectiveness,
            "remaining": round(self.remaining, 6)})
        self.on_mitigated(task, effectiveness)
        return self.remaining

    def on_mitigated(self, task: str, effectiveness: float) -> None:
        """Hook: a mitigation was applied."""
        if self.remaining < CONTAINED_BELOW:
            self.stage("contained")

    def mitigations(self) -> list[tuple[str, float]]:
        """Tasks that would still weaken this threat, most effective first."""
        return sorted(((t, e) for t, e in self.spec.mitigated_by.items() if t not in self.applied),
                      key=lambda item: (-item[1], item[0]))

    def cleanup(self) -> None:
        """The cleanup of plan section 4.5 removes what is left of a contained threat."""
        if self.contained:
            self.stage("removed")


def interpolate(points, t: float) -> float:
    """Value of a time profile at ``t``: 0 before the first point, straight lines, last held."""
    if t < points[0].t:
        return 0.0
    prev = points[0]
    for point in points[1:]:
        if t < point.t:
            span = point.t - prev.t
            return prev.value + (point.value - prev.value) * (t - prev.t) / span
        prev = point
    return prev.value
