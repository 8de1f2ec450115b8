"""Rate limits: commands per connection and per role, and failed join attempts.

Commands are limited twice: per connection, and per role across all its connections, so that
reconnecting does not buy a fresh budget (:class:`RoleBudgets`). Each role, the facilitator
included, has its own budget: a participant flooding the drill cannot starve the facilitator's
controls. Wrong join codes are limited per address and over all addresses (:class:`JoinGuard`);
the facilitator's long code is checked before this guard (see :mod:`simulator.live.codes`).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

COMMANDS_PER_SECOND, COMMAND_BURST = 10.0, 30.0
"""A connection's command budget."""
ROLE_COMMANDS_PER_SECOND, ROLE_COMMAND_BURST = 20.0, 60.0
"""A role's command budget, over all the connections in that role."""


class TokenBucket:
    """Allows ``rate`` actions per second on average, bursts of up to ``burst``."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens = burst
        self._at = clock()

    def allow(self) -> bool:
        """Take a token if there is one."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class RoleBudgets:
    """One :class:`TokenBucket` per role, shared by every connection in the role."""

    def __init__(self, rate: float = ROLE_COMMANDS_PER_SECOND,
                 burst: float = ROLE_COMMAND_BURST,
                 clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._buckets: dict[str, TokenBucket] = {}

    def allow(self, role: str) -> bool:
        """Take a token from ``role``'s budget if there is one."""
        bucket = self._buckets.get(role)
        if bucket is None:
            bucket = self._buckets[role] = TokenBucket(self.rate, self.burst, self._clock)
        return bucket.allow()


class JoinGuard:
    """Refuses joins after ``limit`` failures from an address, or ``total`` from all, a window.

    Args:
        limit: Failed joins an address may have within ``window`` seconds.
        window: Seconds a failure counts.
        total: Failed joins all addresses together may have within ``window``.
        clock: Seconds (monotonic); a test passes one it moves by hand.
    """

    ADDRESSES = 4096
    """Addresses remembered at most (the oldest are forgotten; the global limit still holds)."""

    def __init__(self, limit: int = 5, window: float = 60.0, total: int = 30,
                 clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.total, self._clock = limit, window, total, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._all: deque[float] = deque()

    def _prune(self, failures: deque[float]) -> deque[float]:
        cutoff = self._clock() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def blocked(self, address: str) -> bool:
        """Whether a join from ``address`` must wait (its own failures, or everyone's)."""
        if len(self._prune(self._all)) >= self.total:
            return True
        failures = self._failures.get(address)
        return failures is not None and len(self._prune(failures)) >= self.limit

    def failed(self, address: str) -> None:
        """Note a failed attempt from ``address``."""
        now = self._clock()
        failures = self._failures.pop(address, None) or deque()
        self._prune(failures).append(now)
        self._failures[address] = failures  # most recent last
        while len(self._failures) > self.ADDRESSES:
            self._failures.popitem(last=False)
        self._prune(self._all).append(now)
