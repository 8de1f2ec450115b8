"""The WebSocket front of a live session: joins, frames, limits, and serving until stopped.

One coroutine per connection: the first frame must be ``hello`` with a join code (failed codes
are rate-limited per address); then the client's queue is drained by a writer task while its
commands are read, checked and answered. Every malformed, oversized or forbidden frame is
answered with ``reject`` (or ``error`` before the join) and never stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from simulator.live.codes import FACILITATOR, OBSERVER
from simulator.live.limits import JoinGuard
from simulator.live.session import Client, Session
from simulator.protocol import (
    MAX_FRAME_BYTES,
    Command,
    Error,
    Hello,
    ProtocolError,
    Reject,
    decode_client,
    encode,
)

HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to send its hello."""
TRANSPORT_MAX = 4 * MAX_FRAME_BYTES
"""Frames up to this size are read and rejected politely; larger ones close the connection."""


class SessionServer:
    """Serves one :class:`Session` over WebSocket."""

    def __init__(self, session: Session, *, guard: JoinGuard | None = None):
        self.session = session
        self.guard = guard or JoinGuard()
        self.server: Server | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0,
                    tls: ssl.SSLContext | None = None) -> tuple[str, int]:
        """Listen; returns the bound address (port 0 picks a free port)."""
        self.server = await serve(self.handle, host, port, max_size=TRANSPORT_MAX, ssl=tls,
                                  ping_interval=20, ping_timeout=20, max_queue=64,
                                  close_timeout=1, compression=None)
        sock = next(iter(self.server.sockets))
        return sock.getsockname()[:2]

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.server.wait_closed(), 3)

    async def handle(self, ws: ServerConnection) -> None:
        """One connection from hello to close."""
        address = (ws.remote_address or ("?",))[0]
        hello = await self._hello(ws, address)
        if hello is None:
            return
        session = self.session
        role = session.role_for(hello.code)

        def close(reason: str) -> None:
            asyncio.ensure_future(_close_with(ws, reason))

        client = Client(role, address, close)
        session.attach(client, hello.last_seq)
        writer = asyncio.create_task(_write(ws, client))
        try:
            with contextlib.suppress(ConnectionClosed):  # the client went away: clean up below
                async for frame in ws:
                    client.push(self._answer(client, frame))
        finally:
            session.detach(client)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _hello(self, ws: ServerConnection, address: str) -> Hello | None:
        try:
            first = await asyncio.wait_for(ws.recv(), timeout=HELLO_TIMEOUT)
        except (TimeoutError, ConnectionClosed):
            await _close_with(ws, "no hello")
            return None
        try:
            message = decode_client(first)
        except ProtocolError as error:
            await _close_with(ws, str(error))
            return None
        if not isinstance(message, Hello):
            await _close_with(ws, "the first frame must be a hello")
            return None
        if self.guard.blocked(address):
            await _close_with(ws, "too many failed join attempts; wait a minute")
            return None
        if self.session.role_for(message.code) is None:
            self.guard.failed(address)
            await _close_with(ws, "unknown join code")
            return None
        return message

    def _answer(self, client: Client, frame: str | bytes) -> str:
        try:
            message = decode_client(frame)
        except ProtocolError as error:
            return encode(Reject(type="reject", id=_guess_id(frame), reason=str(error)))
        if not isinstance(message, Command):
            return encode(Reject(type="reject", id=None, reason="already joined"))
        return self.session.command(client, message)


async def _write(ws: ServerConnection, client: Client) -> None:
    """Drain the client's queue to its socket."""
    queue = client.queue
    with contextlib.suppress(ConnectionClosed):
        while True:
            frame = await queue.get()
            await ws.send(frame)


async def _close_with(ws: ServerConnection, reason: str) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.send(encode(Error(type="error", reason=reason)))
        await ws.close(1008 if reason != "no hello" else 1002, reason[:120])


def _guess_id(frame: str | bytes) -> str | None:
    """The id of a command we could not parse, when it can still be read."""
    if isinstance(frame, bytes) or len(frame) > MAX_FRAME_BYTES:
        return None
    try:
        value = json.loads(frame).get("id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return value if isinstance(value, str) and len(value) <= 64 else None


def tls_context(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    """A server TLS context from PEM files, or None for plain ws://."""
    if cert is None:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


async def serve_session(session: Session, host: str, port: int, *,
                        tls: ssl.SSLContext | None = None, autostart: bool = True,
                        ready: Callable[[str, int], Awaitable[None] | None] | None = None) -> None:
    """Serve ``session`` until SIGINT/SIGTERM, then close the journal cleanly."""
    server = SessionServer(session)
    bound = await server.start(host, port, tls)
    if ready is not None:
        result = ready(*bound)
        if asyncio.iscoroutine(result):
            await result
    if autostart and not session.clock.running and not session.drill.is_over \
            and not _ever_started(session):
        session.facilitate_now("start", actor=FACILITATOR)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    clock = asyncio.create_task(session.run())
    try:
        await stop.wait()
    finally:
        session.stopped = True
        session.wake.set()
        await clock
        await server.stop()
        session.close()


def _ever_started(session: Session) -> bool:
    return any(e.kind == "clock.changed" for e in session.drill.events)


__all__ = ["FACILITATOR", "OBSERVER", "SessionServer", "serve_session", "tls_context"]
