"""Event records: everything that happens in a drill, as flat immutable rows.

The engine turns every change into an :class:`Event`; the journal stores them; the live server fans
them out; analysis reads nothing else. ``seq`` numbers events from 1 in the order the engine made
them, ``t`` is simulated seconds from the start of the drill, ``actor`` is the role (or ``engine``,
``facilitator``) that caused it, and ``data`` is a JSON-able mapping whose keys depend on ``kind``
(see ``docs/journal.md``). Wall-clock time is kept apart, because it is the one thing a replay does
not reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ENGINE = "engine"
"""Actor of events the engine makes on its own (world samples, threat stages, injects)."""


@dataclass(frozen=True, slots=True)
class Event:
    """One journal record."""

    seq: int
    t: float
    kind: str
    actor: str
    data: dict[str, Any]
    wall: float | None = None

    def as_dict(self, wall: bool = False) -> dict[str, Any]:
        """The record as the export writes it: ``seq, t, kind, actor, data`` (and ``wall``)."""
        out: dict[str, Any] = {
            "seq": self.seq, "t": self.t, "kind": self.kind, "actor": self.actor, "data": self.data,
        }
        if wall:
            out["wall"] = self.wall
        return out
