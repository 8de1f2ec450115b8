"""Events out of a live session: committed, then sent; and what happens when the journal fails.

**Committed before sent.** An event reaches a client only once it is committed to the journal
(``synchronous=FULL``: on disk). A crash can then take back nothing a client has seen: the
events after the last commit are lost with the process, and a resumed drill numbers its next
events from the journal's end, so a ``seq`` a client holds always names the same event. Each
:meth:`Delivery.pump` is one group commit: every event made since the last one (a clock tick's
engine events, the events of a command) goes in one transaction and one fsync, and then out to
the clients in ``seq`` order.

**A journal that cannot be written** (a full disk, a file or directory made read-only) does not
end the drill. The failed transaction is rolled back, so nothing is acknowledged or sent that is
not stored; the session enters an *outage* (:attr:`Delivery.outage` holds the reason clients are
given): commands are refused with that reason, connected clients keep what was committed and may
still join and catch up, and the drill clock is paused, since engine events cannot be journalled
either. The clock task retries the commit every :data:`RETRY_EVERY` seconds; the first commit that
succeeds ends the outage, resumes the clock if it was running, and sends what was held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from typing import TYPE_CHECKING

from simulator.protocol import event_frame

if TYPE_CHECKING:
    from simulator.engine.drill import Drill
    from simulator.journal import Journal
    from simulator.live.clock import DrillClock
    from simulator.live.visibility import Visibility

JOURNAL_ERRORS = (sqlite3.Error, ValueError, TypeError)
"""What a failed journal write raises: SQLite's errors (a full disk), and the encoder's."""
RETRY_EVERY = 0.5
"""Seconds between two attempts to write the journal again during an outage."""
FRAME_CACHE = 4096
"""Encoded frames kept (by seq and role) for clients that join or catch up late."""

log = logging.getLogger(__name__)


def outage_reason(error: BaseException) -> str:
    """What clients are told while the journal cannot be written because of ``error``."""
    text = " ".join(str(error).split()).lower()
    if "full" in text:
        return "the journal cannot be written: disk full; commands are refused until space returns"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return ("the journal cannot be written: it is read-only; commands are refused until it "
                "can be written again")
    what = " ".join(str(error).split())[:120] or type(error).__name__
    return (f"the journal cannot be written: {what}; commands are refused until it can be "
            "written again")


class Delivery:
    """The part of :class:`~simulator.live.session.Session` that journals and sends events.

    It expects the session's ``drill``, ``journal``, ``clock``, ``visibility`` and ``clients``.
    """

    drill: Drill
    journal: Journal
    clock: DrillClock
    visibility: Visibility
    clients: set

    def _init_delivery(self) -> None:
        self._written = self.journal.last_seq()  # appended (maybe not yet committed)
        self._committed = self._written  # committed: everything up to here may be sent
        self._sent = self._written
        self._frames: dict[tuple[int, str], str | None] = {}
        self.outage: str | None = None
        """Why the journal cannot be written (the reason commands get), or None."""
        self.outages = 0
        """How many outages this session has been through."""
        self._outage_paused = False

    # -- the journal -------------------------------------------------------------------------
    def journal_pending(self) -> None:
        """Append the events not yet in the journal (raises what the journal raises)."""
        events = self.drill.events
        if self._written < len(events):
            self.journal.append(events[self._written:])
            self._written = len(events)

    def journal_commit(self) -> bool:
        """Append the events made since the last commit and commit them: one fsync for all.

        Returns:
            Whether they are committed; if not, the session is in an outage.
        """
        try:
            self.journal_pending()
            self.journal.commit()
        except JOURNAL_ERRORS as error:
            self.journal_failed(error)
            return False
        self.journalled(len(self.drill.events))
        return True

    def journal_failed(self, error: BaseException | None = None) -> None:
        """A journal write failed: drop what is uncommitted (it is appended again later).

        An SQLite error (a full disk, a read-only file) starts an outage, or goes on with it.
        """
        with contextlib.suppress(sqlite3.Error):
            self.journal.rollback()
        self._written = self._committed = self.journal.last_seq()
        if isinstance(error, sqlite3.Error) or (error is not None and self._written
                                                 < len(self.drill.events)):
            self._begin_outage(error)

    def journalled(self, written: int) -> None:
        """The drill's first ``written`` events are committed to the journal."""
        self._written = self._committed = written
        if self.outage is not None:
            self._end_outage()

    # -- outages -----------------------------------------------------------------------------
    def _begin_outage(self, error: BaseException) -> None:
        reason = outage_reason(error)
        if self.outage is None:
            self.outages += 1
            self._outage_paused = self.clock.running
            if self.clock.running:
                self.clock.pause()  # sim time stands still where it is
            log.warning("%s (%s)", reason, " ".join(str(error).split()))
        self.outage = reason

    def _end_outage(self) -> None:
        log.warning("the journal can be written again: the drill goes on")
        self.outage = None
        if self._outage_paused and not self.clock.running:
            self.clock.start()
        self._outage_paused = False

    # -- events out --------------------------------------------------------------------------
    def _pump(self) -> None:
        """Commit the new events (one group commit), then queue them for the clients.

        Nothing uncommitted is queued: during an outage the events wait in the drill and are
        committed, then sent, by a later pump.
        """
        if self._committed < len(self.drill.events) or self.outage is not None:
            self.journal_commit()  # with nothing to write, the next write tests the journal
        self._send()

    def _send(self) -> None:
        """Queue the committed events not sent yet, to each client whose role may see them."""
        events = self.drill.events
        upto = min(self._committed, len(events))
        while self._sent < upto:
            event = events[self._sent]
            self._sent += 1
            self._remember(event)
            for client in self.clients:
                frame = self._frame(event, client.role)
                if frame is not None:
                    client.push(frame)
        if len(self._frames) > FRAME_CACHE:
            self._frames.clear()

    def _remember(self, event) -> None:
        """Let the visibility rules see every event once, in order (they track recipients)."""
        self.visibility.note(event)

    def _frame(self, event, role: str) -> str | None:
        """The frame of ``event`` for ``role`` (None if it may not see it), encoded once."""
        key = (event.seq, role)
        try:
            return self._frames[key]
        except KeyError:
            data = self.visibility.view(event, role)
            frame = None if data is None else event_frame(
                event.seq, event.t, event.kind, event.actor, data)
            self._frames[key] = frame
            return frame

    async def flushed(self, timeout: float = 5.0) -> bool:
        """Wait until every client's queue is empty (the last frames handed to the sockets).

        Call it before the connections are closed at the end, so no client misses the end of
        the drill. Returns whether they all emptied within ``timeout`` seconds.
        """
        async def drained() -> None:
            while any(not c.queue.empty() and not c.dropped for c in self.clients):
                await asyncio.sleep(0.01)

        try:
            await asyncio.wait_for(drained(), timeout)
        except TimeoutError:
            return False
        return True
