"""Catch-up: what a client missed before it joined, sent page by page from the drill's events.

A join used to queue every missed event at once, so a role with more than the queue's limit of
visible events could never join from scratch ("too slow: reconnect to catch up"), and one
participant flooding refused commands could cause that in seconds. Now nothing missed is queued:
the client's writer walks the drill's own event list from the client's ``last_seq`` to where
the live fan-out took over, builds each frame as the role may see it and sends it with the
socket's back-pressure, yielding to the event loop every :data:`PAGE` events. The catch-up costs
one frame of memory whatever its length, and a client that reads slowly only slows itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from simulator.protocol import event_frame

if TYPE_CHECKING:
    from simulator.live.peer import Client
    from simulator.live.session import Session

PAGE = 256
"""Events looked at between two turns of the event loop."""


async def send_backlog(session: Session, client: Client,
                       send: Callable[[str], Awaitable[None]]) -> int:
    """Send ``client`` the events it missed (``client.backlog``); returns how many were sent."""
    after, upto = client.backlog
    role, sent = client.role, 0
    for index in range(after, upto):
        if index % PAGE == 0:
            await asyncio.sleep(0)
        events = session.drill.events  # read each time: a failed write may rebuild the drill
        if index >= len(events):
            break
        event = events[index]
        data = session.visibility.view(event, role)
        if data is not None:
            await send(event_frame(event.seq, event.t, event.kind, event.actor, data))
            sent += 1
    return sent
