"""Figures that say where they come from.

Every number of ``metrics.json`` carries the ``seq`` numbers of the journal records it was computed
from, so that a participant can open the journal (``warroom export``, or the sqlite3 shell) and
check it. The helpers here build such figures and keep their evidence lists sorted and free of
repeats, so that the same journal always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from simulator.records import Event
from simulator.text import Text


def seqs(*sources: Iterable[int | Event | None] | int | Event | None) -> list[int]:
    """Sorted, unique ``seq`` numbers from events, numbers and iterables of either."""
    out: set[int] = set()
    for source in sources:
        if source is None:
            continue
        if isinstance(source, int | Event):
            source = [source]
        for item in source:
            if item is None:
                continue
            out.add(item.seq if isinstance(item, Event) else int(item))
    return sorted(out)


def num(value: float | int | None, digits: int = 3) -> float | int | None:
    """A number rounded for the report (ints stay ints; None, NaN and infinities become None)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    value = float(value)
    if not math.isfinite(value):
        return None
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded


def figure(value: float | int | None, evidence: Iterable[int | Event | None], **extra: Any
           ) -> dict[str, Any]:
    """A figure: ``{"value": ..., "evidence": [...], **extra}``."""
    return {"value": num(value), "evidence": seqs(evidence), **extra}


def rule(zh: str, en: str) -> dict[str, str]:
    """How a figure is computed, in both languages."""
    return {"zh": zh, "en": en}


def text(value: Text | dict[str, str] | None) -> dict[str, str]:
    """A bilingual text as a plain dict (empty texts stay empty)."""
    if value is None:
        return {"zh": "", "en": ""}
    if isinstance(value, dict):
        return {"zh": value.get("zh", ""), "en": value.get("en", "")}
    return {"zh": value.zh, "en": value.en}


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def quantile(values: Iterable[float], q: float) -> float | None:
    """The ``q`` quantile (linear interpolation, as numpy's default), or None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
