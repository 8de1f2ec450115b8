"""The scenario clock of a live drill: wall time times a speed factor, stopped while paused.

``sim = anchor_sim + (wall - anchor_wall) * speed`` while running; every change (start, pause,
resume, speed, skip) re-anchors, so the sim time is continuous and never goes back.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class DrillClock:
    """Maps wall time to sim seconds.

    Args:
        speed: Sim seconds per wall second.
        now: Sim time to start from (a resumed drill starts where its journal ended).
        wall: The wall clock (``time.monotonic`` by default; tests pass their own).
    """

    def __init__(self, speed: float = 1.0, now: float = 0.0,
                 wall: Callable[[], float] = time.monotonic):
        self._wall = wall
        self.speed = speed
        self.running = False
        self._sim = now
        self._at = wall()

    def now(self) -> float:
        """Sim seconds now."""
        if not self.running:
            return self._sim
        return self._sim + (self._wall() - self._at) * self.speed

    def _anchor(self, at: float | None = None) -> None:
        self._sim = self.now() if at is None else at
        self._at = self._wall()

    def start(self, at: float | None = None) -> None:
        """Run (start or resume), from sim time ``at`` if given (the time of the command)."""
        self._anchor(at)
        self.running = True

    def pause(self, at: float | None = None) -> None:
        """Stop the sim clock (at sim time ``at`` if given: the time of the command)."""
        self._anchor(at)
        self.running = False

    def set_speed(self, speed: float, at: float | None = None) -> None:
        """Change the speed factor from now on (from sim time ``at`` if given)."""
        self._anchor(at)
        self.speed = speed

    def jump(self, sim: float) -> None:
        """Move the sim clock forward to ``sim`` (never back)."""
        self._anchor()
        self._sim = max(self._sim, sim)

    def wall_until(self, sim: float) -> float:
        """Wall seconds until the clock reads ``sim`` (inf while paused)."""
        if not self.running:
            return float("inf")
        return max(0.0, (sim - self.now()) / self.speed)

    def state(self) -> dict[str, float | bool]:
        """The clock for a client: sim time, speed, whether paused."""
        return {"sim": round(self.now(), 3), "speed": self.speed, "paused": not self.running}
