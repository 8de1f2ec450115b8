"""Durations and drill times as scenario authors write them.

A scenario speaks of time the way a drill director does: ``90s``, ``10m``, ``4h``, ``1h30m``, or a
clock reading from the start of the drill, ``0:05`` (h:mm) and ``1:02:30`` (h:mm:ss). Inside the
engine every time is a float of simulated seconds from the start of the drill.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_UNIT = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_UNITS_RE = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*d)?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$")
MAX_DURATION = 1e9
"""Longest duration accepted, in seconds (about 31 years): anything longer is a typing slip."""
_CLOCK_RE = re.compile(r"^\s*(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?\s*$")

DURATION_PATTERN = (r"^(?=.)(\d+:[0-5]\d(:[0-5]\d)?"
                    r"|(\d+(\.\d+)?d)?(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?)$")


def parse_duration(value: object) -> float:
    """Turn ``"1h30m"``, ``"0:05"`` or a number of seconds into seconds.

    Args:
        value: A string in one of the accepted forms, or an int or float of seconds.

    Returns:
        The duration in seconds, never negative.

    Raises:
        ValueError: The value is not a duration, or is longer than :data:`MAX_DURATION`.
    """
    seconds = _seconds(value)
    if not seconds <= MAX_DURATION:
        shown = _shown(value)
        raise ValueError(f"{shown} is too long for a duration (at most {MAX_DURATION:g} s, "
                         "about 31 years)")
    return seconds


def _seconds(value: object) -> float:
    """The seconds ``value`` says, unchecked for size."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 90s, 10m, 1h30m or 0:05")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("expected a duration such as 90s, 10m, 1h30m or 0:05")
    clock = _CLOCK_RE.match(value)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours) * 3600.0 + int(minutes) * 60.0 + float(seconds or 0)
    units = _UNITS_RE.match(value)
    if units and any(units.groups()):
        return sum(float(g) * _UNIT[u] for g, u in zip(units.groups(), "dhms", strict=True) if g)
    raise ValueError(f"{_shown(value, quoted=True)} is not a duration; write 90s, 10m, 1h30m or "
                     "0:05")


def _shown(value: object, *, quoted: bool = False) -> str:
    """``value`` as a message shows it: on one line, and cut short if long."""
    text = " ".join(str(value).split())
    short = text if len(text) <= 24 else text[:20] + "..."
    return repr(short) if quoted else short


def format_clock(seconds: float) -> str:
    """Show sim seconds as the drill clock ``H:MM:SS``."""
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def format_duration(seconds: float) -> str:
    """Show a duration briefly: ``45s``, ``12m``, ``1h05m``."""
    seconds = int(round(seconds))
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{sign}{seconds}s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{sign}{minutes}m" + (f"{rest:02d}s" if rest else "")
    hours, rest = divmod(seconds, 3600)
    return f"{sign}{hours}h{rest // 60:02d}m"


Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({
        "anyOf": [{"type": "string", "pattern": DURATION_PATTERN},
                  {"type": "number", "minimum": 0, "maximum": MAX_DURATION}],
        "description": "A duration: 90s, 10m, 1h30m, a clock reading 0:05 (h:mm), or seconds.",
    }),
]
"""A pydantic field type: a duration in seconds, written as scenario authors write it."""
