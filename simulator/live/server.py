"""The WebSocket front of a live session: joins, frames, limits, and serving until stopped.

One coroutine per connection: the first frame must be ``hello`` with a join code, within
:data:`HELLO_TIMEOUT` seconds (codes are checked by :class:`~simulator.live.guard.JoinDesk`:
guessing is limited per address and globally, never against the facilitator's code); then a
writer task sends the welcome, what the client missed, and its queue, while its commands are
read, checked and answered. Every malformed, oversized or forbidden frame is answered with
``reject`` (or ``error`` before the join) and never stops the server; a connection that keeps
sending frames the protocol refuses is closed. Connections that have not joined yet are bounded
(:class:`~simulator.live.guard.Doorway`). A client's fault is logged in one line at most, never
with a traceback, and no log above debug holds a join code or a message's text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from simulator.live.catchup import send_backlog
from simulator.live.codes import FACILITATOR, OBSERVER, new_code
from simulator.live.guard import Doorway, JoinDesk
from simulator.live.limits import JoinGuard, TokenBucket
from simulator.live.peer import Client
from simulator.live.session import Session
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
OPEN_TIMEOUT = 10.0
"""Seconds a new TCP connection has to finish its WebSocket handshake."""
BAD_FRAMES_PER_SECOND, BAD_FRAME_BURST = 20.0, 200.0
"""Frames the protocol refuses that a connection may send before it is closed."""
log = logging.getLogger("warroom.live")
TRANSPORT_MAX = 4 * MAX_FRAME_BYTES
"""Frames up to this size are read and rejected politely; larger ones close the connection."""


class SessionServer:
    """Serves one :class:`Session` over WebSocket."""

    def __init__(self, session: Session, *, guard: JoinGuard | None = None,
                 doorway: Doorway | None = None):
        self.session = session
        self.desk = JoinDesk(session, guard)
        self.guard = self.desk.guard
        self.doorway = doorway if doorway is not None else Doorway()
        self.server: Server | None = None
        self.closed = {"no hello": 0, "bad frames": 0, "refused join": 0}
        """Connections closed by the server, by why (for the hostile-clients benchmark)."""

    async def start(self, host: str = "127.0.0.1", port: int = 0,
                    tls: ssl.SSLContext | None = None) -> tuple[str, int]:
        """Listen; returns the bound address (port 0 picks a free port)."""
        doorway = self.doorway

        class Connection(ServerConnection):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                doorway.arrived(transport)
                super().connection_made(transport)

            def connection_lost(self, exc: Exception | None) -> None:
                doorway.left(self.transport)
                super().connection_lost(exc)

        self.server = await serve(self.handle, host, port, max_size=TRANSPORT_MAX, ssl=tls,
                                  ping_interval=20, ping_timeout=20,
                                  close_timeout=1, compression=None, open_timeout=OPEN_TIMEOUT,
                                  create_connection=Connection,
                                  logger=logging.getLogger("warroom.live.websockets"))
        sock = next(iter(self.server.sockets))
        return sock.getsockname()[:2]

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.server.wait_closed(), 3)

    async def handle(self, ws: ServerConnection) -> None:
        """One connection from hello to close; a failure is logged in one line, no traceback."""
        try:
            await self._handle(ws)
        except (ConnectionClosed, asyncio.CancelledError):
            pass
        except Exception as error:  # never a traceback in the log for one connection
            log.warning("connection from %s ended by %s", _address(ws), type(error).__name__)
        finally:
            self.doorway.left(ws.transport)

    async def _handle(self, ws: ServerConnection) -> None:
        address = _address(ws)
        joined = await self._hello(ws, address)
        if joined is None:
            return
        hello, role = joined
        self.doorway.left(ws.transport)
        session = self.session

        def close(reason: str) -> None:
            asyncio.ensure_future(_close_with(ws, reason))

        client = Client(role, address, close)
        session.attach(client, hello.last_seq)
        log.info("%s joined from %s", role, address)
        writer = asyncio.create_task(_write(ws, client, session))
        bad = TokenBucket(BAD_FRAMES_PER_SECOND, BAD_FRAME_BURST)
        try:
            with contextlib.suppress(ConnectionClosed):  # the client went away: clean up below
                async for frame in ws:
                    limited = client.limited
                    answer, refused = await self._answer(client, frame)
                    client.push(answer)
                    refused = refused or client.limited > limited
                    if refused and not bad.allow():
                        self.closed["bad frames"] += 1
                        await _close_with(ws, "too many refused frames")
                        break
        finally:
            session.detach(client)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _hello(self, ws: ServerConnection, address: str) -> tuple[Hello, str] | None:
        try:
            first = await asyncio.wait_for(ws.recv(), timeout=HELLO_TIMEOUT)
        except (TimeoutError, ConnectionClosed):
            self.closed["no hello"] += 1
            await _close_with(ws, "no hello")
            return None
        try:
            message = decode_client(first)
        except ProtocolError as error:
            self.closed["refused join"] += 1
            await _close_with(ws, str(error))
            return None
        if not isinstance(message, Hello):
            self.closed["refused join"] += 1
            await _close_with(ws, "the first frame must be a hello")
            return None
        role, why = await self.desk.role_for(message.code, address)
        if role is None:
            self.closed["refused join"] += 1
            log.info("join refused from %s: %s", address, why)
            await _close_with(ws, why or "unknown join code")
            return None
        return message, role

    async def _answer(self, client: Client, frame: str | bytes) -> tuple[str, bool]:
        """The answer to a frame, and whether the protocol refused it."""
        try:
            message = decode_client(frame)
        except ProtocolError as error:
            return encode(Reject(type="reject", id=_guess_id(frame), reason=str(error))), True
        if not isinstance(message, Command):
            return encode(Reject(type="reject", id=None, reason="already joined")), True
        secret = None
        if client.role == FACILITATOR and message.action == "codes" \
                and message.args.get("do") == "rotate" and isinstance(message.args.get("role"),
                                                                      str):
            plain = new_code(message.args["role"])
            async with self.desk.kdf:
                secret = (plain, await asyncio.to_thread(self.session.book.digest, plain))
        return self.session.command(client, message, secret), False


def _address(ws: ServerConnection) -> str:
    remote = ws.remote_address
    return str(remote[0]) if remote else "?"


async def _write(ws: ServerConnection, client: Client, session: Session) -> None:
    """Send the welcome, then what the client missed, then its queue, to its socket."""
    with contextlib.suppress(ConnectionClosed):
        if client.welcome is not None:
            await ws.send(client.welcome)
        await send_backlog(session, client, ws.send)
        while True:
            await ws.send(await client.next_frame())


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
        await session.flushed()  # the last frames (the end of the drill) reach every client
        await server.stop()
        session.close()


def _ever_started(session: Session) -> bool:
    return any(e.kind == "clock.changed" for e in session.drill.events)


__all__ = ["FACILITATOR", "OBSERVER", "SessionServer", "serve_session", "tls_context"]
