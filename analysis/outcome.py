"""Outcome: what the incident cost, from the world samples the engine recorded.

- **downtime**: time during which orders ran below 95% of normal (from consecutive samples);
- **orders lost** and **money lost** (CNY), **records exposed**, **complaints**: the last sample's
  running totals;
- **hosts infected**: the peak over the drill;
- **sentiment**: public sentiment (-1 to 1) at the end and at its lowest.
"""

from __future__ import annotations

from typing import Any

from analysis.evidence import figure
from analysis.record import DrillRecord
from simulator.records import Event

DOWN_BELOW = 0.95
"""Orders below this share of normal count as downtime."""


def down_intervals(samples: list[Event]) -> list[tuple[Event, Event]]:
    """Pairs of consecutive samples where the first shows orders below 95% of normal."""
    return [(this, after) for this, after in zip(samples, samples[1:], strict=False)
            if this.data["measures"].get("orders.ratio", 1.0) < DOWN_BELOW]


def downtime(samples: list[Event]) -> float:
    """Seconds during which orders ran below 95% of normal."""
    return sum(after.t - this.t for this, after in down_intervals(samples))


def outcome(record: DrillRecord) -> dict[str, Any]:
    """The outcome section of the metrics."""
    samples = record.of("world.sample")
    last = samples[-1] if samples else None
    measures = last.data["measures"] if last else {}

    def total(key: str) -> dict[str, Any]:
        return figure(measures.get(key, 0.0), [last])

    def extreme(key: str, pick: Any, default: float) -> dict[str, Any]:
        if not samples:
            return figure(default, [])
        best = pick(samples, key=lambda e: e.data["measures"].get(key, default))
        return figure(best.data["measures"].get(key, default), [best])

    intervals = down_intervals(samples)
    return {
        "downtime": figure(downtime(samples), [e for pair in intervals for e in pair],
                           unit="s"),
        "orders_lost": total("orders.lost"),
        "money_lost_cny": total("money.lost_cny"),
        "records_exposed": total("records.exfiltrated"),
        "hosts_infected": extreme("hosts.infected", max, 0),
        "complaints": total("complaints.total"),
        "sentiment_end": total("sentiment"),
        "sentiment_min": extreme("sentiment", min, 0.0),
    }
