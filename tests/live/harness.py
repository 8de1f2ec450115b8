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


@contextlib.asynccontextmanager
async def live(tmp_path: Path, scenario: str = "ddos-618", *, speed: float = 60.0,
               bots: bool = True, start: bool = True, **kwargs):
    """A running session and its URL."""
    session = Session.create(load_scenario(scenario), tmp_path / "journal.sqlite", seed=1,
                             speed=speed, bots=bots, **kwargs)
    server = SessionServer(session)
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


async def until(ws, predicate, timeout: float = 5.0) -> list[dict]:
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


async def collect(ws, seconds: float) -> list[dict]:
    """Frames received during the next ``seconds``."""
    frames: list[dict] = []
    end = asyncio.get_running_loop().time() + seconds
    with contextlib.suppress(TimeoutError):
        while (left := end - asyncio.get_running_loop().time()) > 0:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), left)))
    return frames


async def command(ws, cid: str, action: str, args: dict | None = None) -> dict:
    """Send a command and wait for its ack or reject."""
    await ws.send(json.dumps({"type": "command", "id": cid, "action": action,
                              "args": args or {}}))
    frames = await until(ws, lambda f: f["type"] in ("ack", "reject") and f.get("id") == cid)
    return frames[-1]
