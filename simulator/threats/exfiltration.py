"""Data exfiltration: records leave a data store (plan section 2, risk 2).

The attacker reads records out at ``rate`` records per minute (a profile over time since the
exfiltration began) until the store is exhausted or the way out is closed: blocking egress,
revoking the stolen credentials, isolating the host. ``public_after`` the leak becomes public
(records offered for sale, a journalist calls), which drives complaints and sentiment. It does so
on its schedule whatever happened since: a store emptied early, or a way out closed after
records left, still goes public (what has left cannot be called back).
"""

from __future__ import annotations

from typing_extensions import override

from simulator.threats.base import ThreatProcess, interpolate


class Exfiltration(ThreatProcess):
    """Records read out of one store."""

    @property
    def target(self) -> str:
        """The store being read out."""
        return self.spec.store

    @override
    def on_begin(self) -> None:
        self._size = float(self.room.scenario.world.stores[self.spec.store].records)

    @override
    def tick(self, now: float, dt: float) -> None:
        since = now - self.started_at
        world = self.room.world
        store = self.spec.store
        if self.spec.public_after is not None and since >= self.spec.public_after \
                and not self.reached("public") and world.exfiltrated[store] > 0:
            # On its schedule, whatever the store's state: records taken are for sale.
            world.leak_public = True
            self.stage("public")
        if not self.contained and not self.reached("ended"):
            per_min = interpolate(self.spec.rate, since) * self.remaining
            taken = min(per_min * dt / 60.0, self._size - world.exfiltrated[store])
            world.exfiltrated[store] += taken
            if world.exfiltrated[store] >= self._size:
                self.stage("ended")  # the store is empty: nothing more to take
        going_public = self.spec.public_after is not None and not self.reached("public") \
            and world.exfiltrated[store] > 0
        if (self.contained or self.reached("ended")) and not going_public:
            self.active = False  # nothing more will happen on its own
