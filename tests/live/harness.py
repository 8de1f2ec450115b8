"""A live session on a real socket (port 0) for tests, and a bare WebSocket client."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

from websockets.asyncio.client import connect

from simulator.live.server import SessionServer
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario

OUTER = 30.0
"""Seconds a test waits for something that should come at once: generous, never a measure."""


class ManualWall:
    """A wall clock that moves only when the test says: the session's ``wall`` in tests.

    Moving it wakes the sessions that follow it, so their clock task advances the engine at
    once; a command (see :func:`settle`) also brings the engine up to the clock first.
    """

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.sessions: list[Session] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of wall time pass (``seconds`` times the speed of sim time)."""
        self.now += seconds
        for session in self.sessions:
            session.wake.set()


@contextlib.asynccontextmanager
async def live(tmp_path: Path, scenario: str = "ddos-618", *, speed: float = 60.0,
               bots: bool = True, start: bool = True, wall: ManualWall | None = None,
               guard=None, doorway=None, **kwargs):
    """A running session and its URL; with ``wall``, its clock moves only with ``wall``.

    ``guard`` and ``doorway`` are the server's join guard and doorway, when a test sets them.
    """
    if wall is not None:
        kwargs["wall"] = wall
    session = Session.create(load_scenario(scenario), tmp_path / "journal.sqlite", seed=1,
                             speed=speed, bots=bots, **kwargs)
    if wall is not None:
        wall.sessions.append(session)
    server = SessionServer(session, guard=guard, doorway=doorway)
    host, port = await server.start("127.0.0.1", 0)
    if start:
        session.facilitate_now("start")
    clock = asyncio.create_task(session.run())
    try:
        yield session, f"ws://{host}:{port}"
    finally:
        session.stopped = True
        session.wake.set()
        await clock
        await server.stop()
        session.close()


async def join(url: str, code: str, last_seq: int | None = None):
    """Connect and say hello; returns the socket and the first answer."""
    ws = await connect(url, max_size=2**22, close_timeout=1)
    await ws.send(json.dumps({"type": "hello", "code": code, "last_seq": last_seq}))
    return ws, json.loads(await ws.recv())


async def until(ws, predicate, timeout: float = OUTER) -> list[dict]:
    """Frames received until one satisfies ``predicate`` (included)."""
    frames: list[dict] = []

    async def read():
        while True:
            frame = json.loads(await ws.recv())
            frames.append(frame)
            if predicate(frame):
                return

    await asyncio.wait_for(read(), timeout)
    return frames


async def command(ws, cid: str, action: str, args: dict | None = None) -> dict:
    """Send a command and wait for its ack or reject."""
    await ws.send(json.dumps({"type": "command", "id": cid, "action": action,
                              "args": args or {}}))
    frames = await until(ws, lambda f: f["type"] in ("ack", "reject") and f.get("id") == cid)
    return frames[-1]


async def settle(ws, cid: str, action: str = "acknowledge", args: dict | None = None
                 ) -> list[dict]:
    """Send a command and return every frame received up to its answer (included).

    A barrier, with no waiting on time: the session brings the engine up to its clock before it
    applies a command, and queues the answer after every frame queued before it, so the frames
    are all the socket's role may see up to now. The default, an ``acknowledge`` of an inject
    that never fired, is refused by the engine (and journalled as refused) and changes nothing
    else; a facilitator can send ``speed`` at the current factor.
    """
    await ws.send(json.dumps({"type": "command", "id": cid, "action": action,
                              "args": {"inject": "settle"} if args is None else args}))
    return await until(ws, lambda f: f["type"] in ("ack", "reject") and f.get("id") == cid)


def events(frames: list[dict]) -> list[dict]:
    """The event frames among ``frames``."""
    return [f for f in frames if f["type"] == "event"]


async def eventually(predicate, timeout: float = OUTER) -> None:
    """Wait until ``predicate()`` holds, checking each turn of the event loop (a few ms)."""
    async def poll():
        while not predicate():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)
