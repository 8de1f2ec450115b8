"""The server's door: join codes checked off the loop, guessing limited, half-open peers bounded.

:class:`JoinDesk` decides which role a hello's code opens. A code of the facilitator's length
is checked first with a fast keyed hash and never counts as a failed attempt, so guessing
cannot lock out the facilitator (:mod:`simulator.live.codes` gives the entropy). Any other code
is refused while :class:`~simulator.live.limits.JoinGuard` blocks its address (or everyone, past
the global limit), and otherwise hashed with scrypt in a worker thread (at most
:data:`KDF_THREADS` at a time) so that a join never stalls the drill's clock.

:class:`Doorway` bounds the connections that have not joined yet: a TCP peer that never
finishes its WebSocket handshake or never says hello holds a file descriptor until a timeout,
so more than :data:`MAX_UNJOINED` of them evict the oldest at once. An honest join needs a few
milliseconds at the door, so a flood of half-open connections must replace the whole doorway
faster than that to push one out.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections import OrderedDict
from typing import TYPE_CHECKING

from simulator.live.codes import FACILITATOR, is_long, normalise
from simulator.live.limits import JoinGuard

if TYPE_CHECKING:
    from simulator.live.session import Session

KDF_THREADS = 2
"""scrypt runs at once (each takes about 40 ms and 16 MiB)."""
MAX_UNJOINED = 256
"""Connections that have not joined yet, at most; a new one evicts the oldest."""
REMEMBERED = 64
"""Verified codes remembered for quick rejoins."""
UNKNOWN = "unknown join code"
BLOCKED = "too many failed join attempts; wait a minute"


class JoinDesk:
    """Checks join codes against the session's :class:`~simulator.live.codes.CodeBook`."""

    def __init__(self, session: Session, guard: JoinGuard | None = None):
        self.session = session
        self.guard = guard if guard is not None else JoinGuard()
        self.attempts = 0
        self.kdf = asyncio.Semaphore(KDF_THREADS)
        self._known: dict[str, tuple[str, str]] = {}
        """Codes verified with scrypt, by a fast keyed hash: a reconnect skips the slow hash
        (still after the guard, so guessing gains nothing); at most :data:`REMEMBERED`."""

    async def role_for(self, code: str, address: str) -> tuple[str | None, str | None]:
        """``(role, None)`` if ``code`` opens a role, else ``(None, why not)``."""
        self.attempts += 1
        book, code = self.session.book, normalise(code)
        if is_long(code):  # the facilitator's: checked before any lockout, never counted
            role = book.role_of(book.digest(code))
            return (role, None) if role == FACILITATOR else (None, UNKNOWN)
        if self.guard.blocked(address):
            return None, BLOCKED
        quick = hmac.new(book.salt.encode(), code.encode("utf-8", "replace"),
                         hashlib.sha256).hexdigest()
        remembered = self._known.get(quick)
        if remembered is not None:
            if book.role_of(remembered[1]) == remembered[0]:
                return remembered[0], None  # verified before, and still this role's code
            del self._known[quick]  # rotated or revoked since
        async with self.kdf:
            digest = await asyncio.to_thread(book.digest, code)
        role = book.role_of(digest)
        if role is None or role == FACILITATOR:
            self.guard.failed(address)
            return None, UNKNOWN
        if len(self._known) < REMEMBERED:
            self._known[quick] = (role, digest)
        return role, None


class Doorway:
    """The connections not joined yet, oldest first; past :data:`MAX_UNJOINED` the oldest go."""

    def __init__(self, limit: int = MAX_UNJOINED):
        self.limit = limit
        self.evicted = 0
        self._waiting: OrderedDict[int, asyncio.BaseTransport] = OrderedDict()

    def arrived(self, transport: asyncio.BaseTransport) -> None:
        """A TCP connection was accepted: it waits at the door until it joins or goes."""
        self._waiting[id(transport)] = transport
        while len(self._waiting) > self.limit:
            _key, oldest = self._waiting.popitem(last=False)
            self.evicted += 1
            oldest.abort()  # frees its file descriptor at once

    def left(self, transport: asyncio.BaseTransport | None) -> None:
        """The connection joined, or closed: it no longer waits."""
        if transport is not None:
            self._waiting.pop(id(transport), None)

    def __len__(self) -> int:
        return len(self._waiting)
