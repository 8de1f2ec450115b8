"""DDoS: attack traffic against a service's capacity (plan section 2, risk 1).

The attack sends ``traffic`` requests per second (a profile over time since the attack began).
Mitigations remove shares of it: rate limiting, scrubbing, a WAF rule, a CDN shield, blocking
sources. A blunt measure may also drop legitimate traffic (``collateral``). The world turns what
reaches the service into availability: ``min(1, capacity / (legitimate + attack))``.

The attack counts as *contained* once a mitigation is in place and the service has stayed at or
above 95% availability for ten minutes, and as *ended* when its profile falls to zero for good.
"""

from __future__ import annotations

from typing_extensions import override

from simulator.threats.base import ThreatProcess, interpolate

HEALTHY = 0.95
HOLD = 600.0


class Ddos(ThreatProcess):
    """A DDoS attack on one service."""

    @override
    def on_begin(self) -> None:
        self._service = self.room.world.services[self.spec.target]
        self._sent = 0.0
        self._healthy_since: float | None = None
        self._collateral = 1.0
        self._last = self.spec.traffic[-1]

    @override
    def tick(self, now: float, dt: float) -> None:
        since = now - self.started_at
        attack = interpolate(self.spec.traffic, since) * self.remaining
        service = self._service
        service.attack += attack - self._sent
        self._sent = attack
        if since >= self._last.t and self._last.value == 0.0:
            self.active = False
            service.attack -= self._sent
            self._sent = 0.0
            self.stage("ended")
            return
        if self.applied and not self.reached("contained"):
            if self.room.world.m[self.spec.target + ".availability"] >= HEALTHY:
                if self._healthy_since is None:
                    self._healthy_since = now
                elif now - self._healthy_since >= HOLD:
                    self.stage("contained")
            else:
                self._healthy_since = None

    @override
    def on_mitigated(self, task: str, effectiveness: float) -> None:
        drop = self.spec.collateral.get(task)
        if drop:
            self._collateral *= 1.0 - drop
            self._service.collateral = 1.0 - self._collateral
        if self.remaining < 0.001:
            self.stage("contained")
