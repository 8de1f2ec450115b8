"""The drill's SimPy environment, with the two facts the engine needs counted in the open.

The engine reports how many SimPy events it processed (for benchmarks) and, in a live drill, must
step over the marker SimPy leaves when ``run(until=...)`` stops: the stopping event is scheduled
again, at the current time and ahead of everything else, with its remaining (empty) callbacks.
Both are observed here through SimPy's public methods (``schedule`` and ``step``) instead of
peeking at the environment's private queue and event counter.
"""

from __future__ import annotations

import simpy
from simpy.core import EmptySchedule
from simpy.events import URGENT


class Clock(simpy.Environment):
    """A :class:`simpy.Environment` that counts processed events and notes a stopped run.

    Attributes:
        processed: SimPy events processed so far.
        stop_marker: Whether a stopped run's event waits at the head of the queue.
    """

    def __init__(self) -> None:
        super().__init__()
        self.processed = 0
        self.stop_marker = False

    def schedule(self, event, priority=simpy.events.NORMAL, delay=0) -> None:
        """Schedule ``event``; a priority ahead of URGENT is SimPy re-queueing a stopped run."""
        if priority < URGENT:
            self.stop_marker = True
            self.processed -= 1  # back on the queue: it counts when it is processed again
        super().schedule(event, priority, delay)

    def step(self) -> None:
        """Process the next event and count it."""
        try:
            super().step()
        except EmptySchedule:
            raise
        except BaseException:
            self.processed += 1  # taken off the queue (a stop re-queues it, see schedule)
            raise
        self.processed += 1

    def drop_stop_marker(self) -> None:
        """Step over the event a stopped run left at the head of the queue (it does nothing)."""
        if self.stop_marker and self.peek() == self.now:
            self.stop_marker = False
            self.step()
        self.stop_marker = False
