"""A fake drill client for console tests, and a real drill's welcome and events to feed it.

:class:`FakeClient` has the public API of :class:`simulator.live.client.DrillClient`; the welcome
and events come from a real :class:`simulator.live.session.Session` of the bundled ``ddos-618``
scenario (built once, in a temporary directory), filtered for the role as the server would.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import tempfile
from pathlib import Path
from typing import Any

from simulator.live.connection import ClientClosed, CommandRejected, JoinRefused
from simulator.live.session import Session
from simulator.live.visibility import Visibility
from simulator.protocol import Ack, EventFrame, Welcome
from simulator.scenario.loader import load_scenario


@functools.lru_cache(maxsize=1)
def _drill(until: float = 3600.0) -> tuple[dict[str, dict[str, Any]], list[Any], Visibility]:
    loaded = load_scenario("ddos-618")
    with tempfile.TemporaryDirectory() as folder:
        session = Session.create(loaded, Path(folder) / "drill.db", seed=1, bots=True)
        describe = {role: session.describe(role) for role in loaded.org.roles}
        session.drill.advance(until)
        events = list(session.drill.events)
        session.close()
    return describe, events, Visibility(loaded.org, loaded.scenario)


def describe(role: str = "cio") -> dict[str, Any]:
    """``Session.describe(role)`` of a fresh ddos-618 drill (a copy)."""
    return copy.deepcopy(_drill()[0][role])


def events_for(role: str = "cio", until: float = 3600.0) -> list[EventFrame]:
    """The first hour of a bot-played ddos-618 drill as ``role`` sees it."""
    _, events, visibility = _drill()
    frames = []
    for event in events:
        data = visibility.view(event, role)
        if data is not None and event.t <= until:
            frames.append(EventFrame(type="event", seq=event.seq, t=event.t, kind=event.kind,
                                     actor=event.actor, data=copy.deepcopy(data)))
    return frames


def frame(seq: int, kind: str, data: dict[str, Any], actor: str = "engine",
          t: float | None = None) -> EventFrame:
    """An event frame."""
    return EventFrame(type="event", seq=seq, t=float(seq * 10 if t is None else t), kind=kind,
                      actor=actor, data=data)


class FakeClient:
    """A :class:`~simulator.live.connection.DrillConnection` fed by the test, with scripted answers.

    Args:
        role: The role joined.
        refuse: When set, ``connect`` raises ``JoinRefused`` with it.
        drill: The welcome's drill dict (``describe(role)`` by default).

    Attributes:
        sent: ``(action, args, id)`` of every command sent.
        answers: Scripted answers, popped per command: an int is the ack ``seq``, a str the
            reject reason; when empty, commands are acknowledged with increasing seqs.
    """

    def __init__(self, role: str = "cio", *, refuse: str | None = None,
                 drill: dict[str, Any] | None = None):
        self.url = "ws://fake"
        self.role = role
        self.refuse = refuse
        self.drill = drill or describe(role)
        self.on_state = None
        self.state = "closed"
        self.welcome: Welcome | None = None
        self.closed_reason: str | None = None
        self.queue: asyncio.Queue[EventFrame | None] = asyncio.Queue()
        self.sent: list[tuple[str, dict[str, Any], str | None]] = []
        self.answers: list[int | str] = []
        self.hold: asyncio.Event | None = None
        self._seq = 1000

    def _set(self, state: str) -> None:
        self.state = state
        if self.on_state is not None:
            self.on_state(state)

    async def connect(self) -> Welcome:
        """Welcome, or ``JoinRefused``."""
        self._set("connecting")
        if self.refuse:
            self._set("closed")
            raise JoinRefused(self.refuse)
        self.welcome = Welcome(type="welcome", role=self.role, drill=self.drill, seq=0)
        self._set("connected")
        return self.welcome

    def feed(self, *events: EventFrame) -> None:
        """Make events available to the console."""
        for event in events:
            self.queue.put_nowait(event)

    async def events(self):
        """What :meth:`feed` gave, until :meth:`close`."""
        while True:
            event = await self.queue.get()
            if event is None:
                return
            yield event

    async def send(self, action: str, args: dict[str, Any] | None = None, *,
                   id: str | None = None, timeout: float | None = 10.0) -> Ack:
        """Record the command; answer as scripted (waiting for ``hold`` when set)."""
        self.sent.append((action, dict(args or {}), id))
        if self.hold is not None:
            await self.hold.wait()
        if self.state == "closed":
            raise ClientClosed("the client is not connected")
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, str):
            raise CommandRejected(answer, id)
        self._seq += 1
        return Ack(type="ack", id=id or "x", seq=answer or self._seq)

    async def close(self) -> None:
        """End the stream."""
        self.queue.put_nowait(None)
        self._set("closed")


def sync(test):
    """Run an async test function with ``asyncio.run`` (the project has no asyncio plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run
