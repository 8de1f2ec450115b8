"""One connection as the session sees it: its role, its queue of frames, its command budget.

A client's frames wait in its queue until its writer task sends them; a client that falls too
far behind (:data:`QUEUE_LIMIT` frames or :data:`QUEUE_BYTES` bytes waiting) is dropped, and can
reconnect and catch up. What a client missed before it joined is not queued at all: its writer
sends it page by page straight from the drill's events (:mod:`simulator.live.catchup`), so a
fresh join catches up however long the drill has run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from simulator.live.limits import COMMAND_BURST, COMMANDS_PER_SECOND, TokenBucket

QUEUE_LIMIT = 20_000
"""Frames a client may have waiting; past that it is dropped (it can reconnect and catch up)."""
QUEUE_BYTES = 32 * 1024 * 1024
"""Bytes of frames a client may have waiting; past that it is dropped too."""


class Client:
    """One connection, as the session sees it.

    Attributes:
        role: The role its code opened.
        address: The peer's address (for logs).
        queue: Frames waiting for its writer.
        bucket: Its own command budget (its role has another, shared).
        welcome: The welcome frame, sent first.
        backlog: ``(after, upto)``: the events with ``after < seq <= upto`` it missed before it
            joined, sent after the welcome and before anything queued.
        dropped: Whether it was dropped for falling behind.
    """

    def __init__(self, role: str, address: str = "?", close: Callable[[str], None] | None = None):
        self.role = role
        self.address = address
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.queued_bytes = 0
        self.bucket = TokenBucket(COMMANDS_PER_SECOND, COMMAND_BURST)
        self.limited = 0
        """Commands refused for the rate limits."""
        self.welcome: str | None = None
        self.backlog: tuple[int, int] = (0, 0)
        self._close = close
        self.dropped = False

    def push(self, frame: str) -> None:
        """Queue a frame for this client (or drop the client if it is too far behind)."""
        if self.dropped:
            return
        if self.queue.qsize() >= QUEUE_LIMIT or self.queued_bytes + len(frame) > QUEUE_BYTES:
            self.dropped = True
            self.close("too slow: reconnect to catch up")
            return
        self.queued_bytes += len(frame)
        self.queue.put_nowait(frame)

    async def next_frame(self) -> str:
        """The next queued frame (for the writer)."""
        frame = await self.queue.get()
        self.queued_bytes -= len(frame)
        return frame

    def close(self, reason: str) -> None:
        """End this connection with ``reason`` (sent to the client as an ``error``)."""
        if self._close is not None:
            self._close(reason)
