"""DDoS: attack traffic against a service's capacity (plan section 2, risk 1).

The attack sends ``traffic`` requests per second (a profile over time since the attack began).
Mitigations remove shares of it: rate limiting, scrubbing, a WAF rule, a CDN shield, blocking
sources. A blunt measure may also drop legitimate traffic (``collateral``). The world turns what
reaches the service into availability: ``min(1, capacity / (legitimate + attack))``.

The attack counts as *contained* while its traffic is still coming, a mitigation is in place and
what reaches the service has stayed within what it can serve at 95% for ten minutes; a
mitigation done before the traffic starts does not contain it before it has been tested. If the
traffic later overwhelms the mitigated service again for five minutes (a bigger wave), it is
*reopened*. It has *ended* when its profile falls to zero for good.
"""

from __future__ import annotations

from typing_extensions import override

from simulator.threats.base import ThreatProcess, interpolate

HEALTHY = 0.95
"""Share of its load a service must be able to serve for the attack to count as held."""
HOLD = 600.0
"""Seconds the attack must be held, while it comes, to count as contained."""
REOPEN_AFTER = 300.0
"""Seconds a contained attack may overwhelm the service before it counts as reopened."""


class Ddos(ThreatProcess):
    """A DDoS attack on one service."""

    @override
    def on_begin(self) -> None:
        self._service = self.room.world.services[self.spec.target]
        self._sent = 0.0
        self._held_since: float | None = None
        self._overrun_since: float | None = None
        self._collateral = 1.0
        self._last = self.spec.traffic[-1]

    @override
    def tick(self, now: float, dt: float) -> None:
        since = now - self.started_at
        coming = interpolate(self.spec.traffic, since)
        attack = coming * self.remaining
        service = self._service
        service.attack += attack - self._sent
        self._sent = attack
        if since >= self._last.t and self._last.value == 0.0:
            self.active = False
            service.attack -= self._sent
            self._sent = 0.0
            self.stage("ended")
            return
        if coming <= 0.0:  # nothing to hold yet (or in a lull): containment is not tested
            self._held_since = self._overrun_since = None
            return
        legit = service.baseline * (1.0 - service.collateral)
        held = legit + service.attack <= service.capacity / HEALTHY
        if not self.reached("contained"):
            self._overrun_since = None
            if not (self.applied and held):
                self._held_since = None
            elif self._held_since is None:
                self._held_since = now
            elif now - self._held_since >= HOLD:
                self.stage("contained")
        else:
            self._held_since = None
            if held:
                self._overrun_since = None
            elif self._overrun_since is None:
                self._overrun_since = now
            elif now - self._overrun_since >= REOPEN_AFTER:
                self._overrun_since = None
                self.reopen("the attack overwhelms the mitigated service again")

    @override
    def on_mitigated(self, task: str, effectiveness: float) -> None:
        drop = self.spec.collateral.get(task)
        if drop:
            self._collateral *= 1.0 - drop
            self._service.collateral = 1.0 - self._collateral
