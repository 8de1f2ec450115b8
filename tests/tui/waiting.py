"""Waiting for a console to get somewhere: on a condition, never for a fixed time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

OUTER = 30.0
"""Seconds after which a condition that never holds fails the test: generous, never a measure
(a Pilot key press alone costs about 100 ms on a busy machine)."""


async def until(pilots, condition: Callable[[], object], timeout: float = OUTER) -> None:
    """Let the apps of ``pilots`` (one Pilot or several) run until ``condition()`` holds.

    Raises:
        AssertionError: It did not hold within ``timeout`` seconds.
    """
    group: Iterable = pilots if isinstance(pilots, tuple | list) else (pilots,)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the app never got there")
        for pilot in group:
            await pilot.pause(0.01)
