"""A live drill server in this process, for ``warroom play``: one person against bots.

Solo play still goes through the protocol: the server listens on a free loopback port and the
console joins it with its role's code, exactly as over a network. The server runs its own asyncio
loop in a thread, so that the console's loop (Textual's) and the drill's clock never wait on each
other; :meth:`LocalServer.stop` ends the drill's clock, closes the connections and the journal.
"""

from __future__ import annotations

import asyncio
import threading

from simulator.live.server import FACILITATOR, SessionServer
from simulator.live.session import Session

HOST = "127.0.0.1"


class LocalServer:
    """A :class:`~simulator.live.session.Session` served on ``127.0.0.1`` from a thread.

    Args:
        session: The drill to serve (made with ``Session.create``).
        start_clock: Start the scenario clock as soon as the server listens.
    """

    def __init__(self, session: Session, *, start_clock: bool = True):
        self.session = session
        self.start_clock = start_clock
        self.port: int | None = None
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, name="warroom-server", daemon=True)

    @property
    def url(self) -> str:
        """``ws://127.0.0.1:PORT`` once started."""
        return f"ws://{HOST}:{self.port}"

    def start(self, timeout: float = 10.0) -> str:
        """Start serving; return the URL to join.

        Raises:
            OSError: The server could not listen.
            TimeoutError: It did not come up within ``timeout`` seconds.
        """
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the drill server did not start")
        if self.error is not None:
            raise self.error
        return self.url

    def stop(self) -> None:
        """End the drill's clock, close the server and the journal; wait for the thread."""
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # surfaced to start() or kept for the caller
            self.error = error
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        session = self.session
        server = SessionServer(session)
        try:
            _host, self.port = await server.start(HOST, 0)
        except BaseException:
            session.close()
            raise
        if self.start_clock and not session.clock.running and not session.drill.is_over:
            session.facilitate_now("start", actor=FACILITATOR)
        clock = asyncio.create_task(session.run())
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            session.stopped = True
            session.wake.set()
            await clock
            await server.stop()
            session.close()
