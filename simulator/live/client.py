"""The drill client: one console's connection to a live drill, kept alive across drops.

A console (a participant's, the facilitator's or an observer's) and the tests talk to a live
drill only through this module and :mod:`simulator.protocol` (see ``docs/protocol.md``). A
:class:`DrillClient` joins with a code (``hello`` → ``welcome``), hands out the events the role may
see in ``seq`` order, and sends commands, each answered by an ``ack`` or a ``reject``.

Connections drop during a drill: laptops sleep, Wi-Fi roams, the server restarts after a crash.
The client then reconnects by itself, with exponential backoff and jitter, and sends ``hello`` with
the newest ``seq`` it has, so the server replays only what was missed; events it already has are
dropped, so the iterator never yields one twice. Commands not yet answered are sent again with
the *same* id, which the server answers again without applying them twice: a command survives a
dropped connection and still resolves exactly once. A ``hello`` refused on reconnect (the code
was revoked, the server is a different drill) ends the client.

All network work is here and it is plain asyncio; a Textual console runs it in a worker and posts
what it gets as messages. The client satisfies :class:`simulator.live.connection.DrillConnection`,
which is all a console relies on; its states and errors are defined there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl as _ssl
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from simulator.live.connection import (
    ClientClosed,
    CommandRejected,
    JoinRefused,
    State,
)
from simulator.protocol import (
    MAX_SERVER_FRAME_BYTES,
    PROTOCOL_VERSION,
    Ack,
    Command,
    Error,
    EventFrame,
    Hello,
    ProtocolError,
    Reject,
    Welcome,
    decode_server,
    encode,
)

BACKOFF = (0.2, 5.0)
"""First and longest wait between reconnection attempts, in seconds (doubling in between)."""

RECEIVE_LIMIT = MAX_SERVER_FRAME_BYTES
"""Largest frame accepted from the server (``simulator.protocol.MAX_SERVER_FRAME_BYTES``)."""

log = logging.getLogger(__name__)


def backoff_delay(attempt: int, first: float = BACKOFF[0], longest: float = BACKOFF[1],
                  rng: random.Random | None = None) -> float:
    """How long to wait before reconnection attempt ``attempt`` (0, 1, ...).

    The wait doubles from ``first`` up to ``longest``; each is scaled by a random factor between
    0.5 and 1 so that a room of consoles dropped together does not reconnect in lockstep.
    """
    base = min(longest, first * 2 ** min(attempt, 30))
    return base * (rng or random).uniform(0.5, 1.0)


class _Pending:
    """A command sent and not yet answered."""

    __slots__ = ("frame", "future", "sent_on", "waiters")

    def __init__(self, frame: str, future: asyncio.Future[Ack]):
        self.frame = frame
        self.future = future
        self.sent_on: ClientConnection | None = None
        self.waiters = 0


class DrillClient:
    """A connection to a live drill that joins, streams events, sends commands and reconnects.

    Use it as an async context manager (``async with DrillClient(url, code) as client:``) or call
    :meth:`connect` and :meth:`close`. Read events with ``async for event in client.events()``
    (one reader) and send commands with :meth:`send`.

    Args:
        url: The server, ``ws://host:port`` or ``wss://host:port``.
        code: The join code of a role (or of the facilitator or the observers).
        lang: The user's language, ``zh`` or ``en``.
        last_seq: The newest event already held, when resuming a console's saved state.
        reconnect: Whether to reconnect after a drop; without it a drop closes the client.
        on_state: Called with the new :data:`State` each time it changes.
        ssl: TLS context for ``wss://`` (e.g. one that trusts a self-signed certificate).
        backoff: First and longest wait between reconnection attempts, in seconds.
        open_timeout: Seconds to open the connection and to get the answer to ``hello``.
        client_name: Sent in ``hello`` so the server's log says who connected.

    Attributes:
        welcome: The server's latest ``welcome`` (None before the first join).
        last_seq: The newest event ``seq`` received (None before any).
        state: The connection's :data:`State`.
        closed_reason: Why the client ended, when it was not :meth:`close` (e.g. a ``hello``
            refused on reconnect), else None.
    """

    def __init__(self, url: str, code: str, *, lang: Literal["zh", "en"] = "zh",
                 last_seq: int | None = None, reconnect: bool = True,
                 on_state: Callable[[State], Any] | None = None,
                 ssl: _ssl.SSLContext | None = None, backoff: tuple[float, float] = BACKOFF,
                 open_timeout: float = 10.0, client_name: str | None = "warroom"):
        self.url = url
        self.code = code
        self.lang = lang
        self.last_seq = last_seq
        self.reconnect = reconnect
        self.on_state = on_state
        self.welcome: Welcome | None = None
        self.state: State = "closed"
        self.closed_reason: str | None = None
        self._ssl = ssl
        self._backoff = backoff
        self._open_timeout = open_timeout
        self._client_name = client_name
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._events: asyncio.Queue[EventFrame | None] = asyncio.Queue()
        self._pending: dict[str, _Pending] = {}
        self._closing = False
        self._started = False
        self._ended = False

    # -- public API ------------------------------------------------------------------------------
    @property
    def role(self) -> str | None:
        """The role the code opened (``facilitator``/``observer`` included), once joined."""
        return self.welcome.role if self.welcome else None

    async def connect(self) -> Welcome:
        """Join the drill: send ``hello`` and wait for ``welcome``.

        Returns:
            The server's ``welcome``.

        Raises:
            JoinRefused: The server answered with ``error``; its reason says why.
            OSError: The server cannot be reached (the first join is not retried).
            TimeoutError: No answer within ``open_timeout``.
            RuntimeError: The client was already connected once (a client joins once).
        """
        if self._started:
            raise RuntimeError("a DrillClient connects once; make a new one")
        self._set_state("connecting")
        try:
            ws = await self._open()
        except BaseException:
            self._set_state("closed")
            raise
        self._started = True
        self._task = asyncio.create_task(self._run(ws), name=f"drill-client {self.url}")
        assert self.welcome is not None
        return self.welcome

    async def close(self) -> None:
        """Leave the drill; unanswered commands fail with :class:`ClientClosed`."""
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._finish(None)

    async def __aenter__(self) -> DrillClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def events(self) -> AsyncIterator[EventFrame]:
        """The events the role may see, in ``seq`` order, each once; ends when the client closes.

        Events received before iteration starts are kept and yielded first.
        """
        while True:
            event = await self._events.get()
            if event is None:
                self._events.put_nowait(None)  # so that every later call also ends
                return
            yield event

    async def send(self, action: str, args: dict[str, Any] | None = None, *,
                   id: str | None = None, timeout: float | None = 10.0) -> Ack:
        """Send a command and wait until the server commits it.

        The command is sent again, with the same id, after every reconnection until it is
        answered, so it is applied once even if the connection drops while it is in flight.

        Args:
            action: A participant action of the catalogue, or a facilitator command.
            args: The action's arguments.
            id: The command id (a fresh random one by default). A repeated id gets the answer of
                the first command with it, and is never applied twice.
            timeout: Seconds to wait for the answer, reconnections included (None: no limit).
                After a timeout the command may still be applied: send it again with the same id
                to learn its fate.

        Returns:
            The ``ack``: the command is committed to the journal as event ``seq``.

        Raises:
            CommandRejected: The server refused the command; ``reason`` says why.
            ClientClosed: The client closed before the answer came.
            TimeoutError: No answer within ``timeout``.
        """
        if self.state == "closed":
            raise ClientClosed(self.closed_reason or "the client is not connected")
        id = id or uuid.uuid4().hex
        pending = self._pending.get(id)
        fresh = pending is None
        if pending is None:
            frame = encode(Command(type="command", id=id, action=action, args=args or {}))
            pending = _Pending(frame, asyncio.get_running_loop().create_future())
            self._pending[id] = pending
        pending.waiters += 1
        try:
            ws = self._ws
            if fresh and self.state == "connected" and ws is not None:
                pending.sent_on = ws
                with contextlib.suppress(ConnectionClosed):
                    await ws.send(pending.frame)  # if it drops now, the reconnection re-sends it
            return await asyncio.wait_for(asyncio.shield(pending.future), timeout)
        finally:
            pending.waiters -= 1
            if not pending.waiters and self._pending.get(id) is pending:
                del self._pending[id]  # timed out or cancelled: stop re-sending it

    # -- joining ---------------------------------------------------------------------------------
    async def _open(self) -> ClientConnection:
        """Open a connection and join; returns it, ready, with the pending commands re-sent."""
        options: dict[str, Any] = {"max_size": RECEIVE_LIMIT, "open_timeout": self._open_timeout,
                                   "close_timeout": 2}
        if self._ssl is not None:
            options["ssl"] = self._ssl
        ws = await connect(self.url, **options)
        try:
            hello = Hello(type="hello", code=self.code, last_seq=self.last_seq, lang=self.lang,
                          client=self._client_name)
            await ws.send(encode(hello))
            answer = decode_server(await asyncio.wait_for(ws.recv(), self._open_timeout))
            if isinstance(answer, Error):
                raise JoinRefused(answer.reason)
            if not isinstance(answer, Welcome):
                raise ProtocolError(f"expected welcome, got {answer.type}")
            if answer.protocol != PROTOCOL_VERSION:
                raise JoinRefused(f"the server speaks protocol {answer.protocol}, "
                                  f"this client {PROTOCOL_VERSION}")
            self.welcome = answer
            self._ws = ws
            await self._resend(ws)
        except BaseException:
            await ws.close()
            raise
        self._set_state("connected")
        return ws

    async def _resend(self, ws: ClientConnection) -> None:
        """Send every unanswered command not yet sent on ``ws``, in the order they were made."""
        while True:
            unsent = [p for p in self._pending.values() if p.sent_on is not ws]
            if not unsent:
                return
            for pending in unsent:
                pending.sent_on = ws
                await ws.send(pending.frame)

    # -- the connection task -----------------------------------------------------------------
    async def _run(self, ws: ClientConnection) -> None:
        """Read frames; on a drop, reconnect (or end); a bug ends the client, never hangs it."""
        try:
            await self._serve(ws)
        except Exception as error:
            log.exception("the drill client failed")
            self._finish(f"the client failed: {error}")

    async def _serve(self, ws: ClientConnection) -> None:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            joined = loop.time()
            await self._read(ws)
            if self._closing:
                return
            if not self.reconnect:
                self._finish("the connection was lost")
                return
            if loop.time() - joined >= self._backoff[1]:
                attempt = 0  # it held a while; a connection that keeps failing keeps backing off
            self._set_state("reconnecting")
            reopened, attempt = await self._reconnect(attempt)
            if reopened is None:
                return
            ws = reopened

    async def _read(self, ws: ClientConnection) -> None:
        """Handle the server's frames until the connection closes."""
        with contextlib.suppress(ConnectionClosed):  # a drop ends reading; the caller reconnects
            async for frame in ws:
                try:
                    message = decode_server(frame)
                except ProtocolError as error:
                    log.warning("ignored a frame from %s: %s", self.url, error)
                    continue
                self._handle(message)

    def _handle(self, message: Welcome | Error | EventFrame | Ack | Reject) -> None:
        if isinstance(message, EventFrame):
            if self.last_seq is not None and message.seq <= self.last_seq:
                return  # already had it (a replay overlapping what came before a drop)
            self.last_seq = message.seq
            self._events.put_nowait(message)
        elif isinstance(message, Ack | Reject):
            pending = self._pending.pop(message.id, None) if message.id else None
            if pending is None or pending.future.done():
                if isinstance(message, Reject) and message.id is None:
                    log.warning("the server could not read a command: %s", message.reason)
                return
            if isinstance(message, Ack):
                pending.future.set_result(message)
            else:
                pending.future.set_exception(CommandRejected(message.reason, message.id))
        elif isinstance(message, Error):
            log.info("the server is closing the connection: %s", message.reason)

    async def _reconnect(self, attempt: int) -> tuple[ClientConnection | None, int]:
        """Try again and again, backing off from ``attempt``.

        Returns:
            The new connection (None when the join is refused or the client closed) and the
            number of attempts made so far.
        """
        while not self._closing:
            await asyncio.sleep(backoff_delay(attempt, *self._backoff))
            attempt += 1
            try:
                return await self._open(), attempt
            except JoinRefused as refused:
                log.warning("rejoining %s was refused: %s", self.url, refused.reason)
                self._finish(refused.reason)
                return None, attempt
            except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed,
                    ProtocolError) as error:
                log.info("reconnecting to %s failed (%s); trying again", self.url, error)
            except InvalidURI as error:  # pragma: no cover - connect() would have failed first
                self._finish(str(error))
                return None, attempt
        return None, attempt

    # -- state -------------------------------------------------------------------------------
    def _set_state(self, state: State) -> None:
        if state == self.state:
            return
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(state)
            except Exception:
                log.exception("the on_state callback failed")

    def _finish(self, reason: str | None) -> None:
        """End the client: fail what is pending, stop the iterator, state ``closed``."""
        if self.closed_reason is None:
            self.closed_reason = reason
        pending, self._pending = self._pending, {}
        for item in pending.values():
            if not item.future.done():
                item.future.set_exception(ClientClosed(reason or "the client was closed"))
        if not self._ended:
            self._ended = True
            self._events.put_nowait(None)
        self._set_state("closed")
