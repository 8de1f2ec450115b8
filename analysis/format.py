"""Numbers as management reads them, in Chinese or English: money, durations, clock times, scores.

Chinese readers count large sums in 万 (ten thousand) and 亿 (a hundred million), so
``29,976,243`` yuan reads ``¥2,997.6万`` in Chinese and ``¥29,976,243`` in English.
"""

from __future__ import annotations

from simulator.duration import format_clock


def money(value: float | None, lang: str) -> str:
    """Yuan, with 万/亿 in Chinese."""
    if value is None:
        return "—"
    if lang == "zh":
        if abs(value) >= 1e8:
            return f"¥{value / 1e8:,.2f}亿"
        if abs(value) >= 1e4:
            return f"¥{value / 1e4:,.1f}万"
    return f"¥{value:,.0f}"


def duration(seconds: float | None, lang: str) -> str:
    """A duration: ``1小时12分钟`` / ``1 h 12 min`` (seconds only under a minute)."""
    if seconds is None:
        return "—"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if lang == "zh":
        if hours:
            return f"{hours}小时{minutes}分钟" if minutes else f"{hours}小时"
        return f"{minutes}分钟" if minutes else f"{secs}秒"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min" if minutes else f"{secs} s"


def clock(seconds: float | None) -> str:
    """Drill time as ``H:MM:SS`` (the engine's drill clock), ``—`` for no time."""
    return "—" if seconds is None else format_clock(seconds)


def score(value: float | None) -> str:
    """A 0–1 score as a percentage."""
    return "—" if value is None else f"{value * 100:.0f}%"


def count(value: float | None) -> str:
    """A count with thousands separators."""
    return "—" if value is None else f"{value:,.0f}"
