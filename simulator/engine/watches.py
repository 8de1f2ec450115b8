"""The watch registry: every condition the drill is waiting for, indexed by what it depends on.

Injects fired on a condition, expected actions and their deadlines, objectives and their targets,
threats that start on a condition: each is a pending :class:`~simulator.engine.watch.Watch` with
the callback to run, once, when it holds. A drill has dozens of them, and hundreds of changes
(actions, tasks, injects, stages, world ticks); re-checking every watch after every change costs
their product.

The registry keys each watch by what it names (:meth:`Watch.keys
<simulator.engine.watch.Watch.keys>`): the actions and tasks, injects, objectives, threat stages
and world measures its answer depends on. The engine reports each change as an event
(:func:`keys_of` maps ``action.taken``, ``task.done``, ``inject.fired``, ``objective.met`` and
``threat.stage`` to keys) and asks for a round (:meth:`WatchRegistry.changed`). A round re-checks
only:

- the watches registered since the last round;
- the watches on a key some event touched;
- the watches on a measure whose value moved since the last round (measures move at world ticks,
  and when customer service answers complaints);
- the watches timing how long a measure holds (their answer changes with the clock alone);
- the watches whose ``wake`` time has come (deadlines, delays).

Any other watch would give the answer it gave last time, so the fired watches, their order and
the events they make are the same as with a linear re-check of every pending watch. That linear
re-check is kept as an honest baseline (``WatchRegistry(indexed=False)``), used by the benchmark
and by a test that compares the two event streams; the engine uses the index.

Watches fire in registration order within a round; a round repeats until nothing more fires, and
then schedules one wake-up at the earliest ``wake`` any pending watch asks for.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from simulator.engine.watch import NEVER, Key, Watch, uses_world
from simulator.records import Event

DUE_SLACK = 1e-6
"""A watch is re-checked once the clock is this close to its wake (re-checking is harmless)."""

_EVENT_KEYS: dict[str, Callable[[dict[str, Any]], Key]] = {
    "action.taken": lambda d: ("done", d["action"]),
    "task.done": lambda d: ("done", d["task"]),
    "inject.fired": lambda d: ("inject", d["inject"]),
    "objective.met": lambda d: ("objective", d["objective"]),
    "threat.stage": lambda d: ("stage", (d["threat"], d["stage"])),
}


def keys_of(event: Event) -> Key | None:
    """The key an event touches, or None when no watch can depend on it."""
    key = _EVENT_KEYS.get(event.kind)
    return None if key is None else key(event.data)


class WatchRegistry:
    """The pending watches of one drill and the rounds that check them.

    Args:
        measures: The world's measures (:attr:`World.m <simulator.engine.world.World.m>`).
        now: The drill clock.
        at: Schedules a callback at a sim time (used for wake-ups).
        indexed: Re-check only the watches a change can affect (the engine's mode); False
            re-checks every pending watch after every change (the benchmark's baseline).

    Attributes:
        checks: How many times a watch was checked (for tests and benchmarks).
    """

    def __init__(self, measures: dict[str, float], now: Callable[[], float],
                 at: Callable[[float, Callable[[], None]], None], *, indexed: bool = True):
        self.indexed = indexed
        self.checks = 0
        self._m = measures
        self._now = now
        self._at = at
        self._pending: dict[int, tuple[Watch, Callable[[], None]]] = {}
        self._keys: dict[int, frozenset[Key]] = {}
        self._world: dict[int, None] = {}  # ordered set: watches that read measures
        self._by_key: dict[Key, set[int]] = {}
        self._seen: dict[str, float | None] = {}  # each watched measure at the last round
        self._holding: set[int] = set()
        self._new: set[int] = set()
        self._touched: set[Key] = set()
        self._heap: list[tuple[float, int]] = []
        self._wake_of: dict[int, float] = {}
        self._wakes: set[float] = set()
        self._count = 0
        self._evaluating = False
        self._again = False

    def __len__(self) -> int:
        return len(self._pending)

    # -- registering ---------------------------------------------------------------------------
    def add(self, watch: Watch, fire: Callable[[], None]) -> None:
        """Call ``fire`` once, as soon as ``watch`` holds (checked in the next round)."""
        self._count += 1
        wid = self._count
        self._pending[wid] = (watch, fire)
        keys = watch.keys()
        self._keys[wid] = keys
        for key in keys:
            self._by_key.setdefault(key, set()).add(wid)
            if key[0] == "measure" and key[1] not in self._seen:
                self._seen[key[1]] = self._m.get(key[1])
        if uses_world(watch):
            self._world[wid] = None
        self._new.add(wid)

    def _drop(self, wid: int) -> None:
        del self._pending[wid]
        for key in self._keys.pop(wid):
            self._by_key[key].discard(wid)
        self._world.pop(wid, None)
        self._holding.discard(wid)
        self._wake_of.pop(wid, None)

    def note(self, event: Event) -> None:
        """An event was made: the watches on the key it touches are re-checked next round."""
        key = keys_of(event)
        if key is not None:
            self._touched.add(key)

    # -- rounds --------------------------------------------------------------------------------
    def changed(self) -> None:
        """Fire every watch that now holds, until nothing more fires; then schedule a wake-up."""
        if self._evaluating:
            self._again = True
            return
        self._evaluating = True
        try:
            now = self._now()
            self._again = True
            while self._again:
                self._again = False
                fired = []
                for wid in self._affected(now):
                    watch = self._pending[wid][0]
                    self.checks += 1
                    if watch.check(now):
                        fired.append(wid)
                    else:
                        self._checked(wid, watch, now)
                fires = [self._pending[wid][1] for wid in fired]
                for wid in fired:
                    self._drop(wid)
                for fire in fires:
                    fire()
                    self._again = True
            wake = self._next_wake(now)
            if wake != NEVER and wake > now and wake not in self._wakes:
                self._wakes.add(wake)
                self._at(wake, lambda: (self._wakes.discard(wake), self.changed()))
        finally:
            self._evaluating = False

    def tick(self, now: float) -> None:
        """After a world tick: check the watches on measures, and run a round if one holds."""
        if self.indexed:
            moved = [path for path, seen in self._seen.items() if self._m.get(path) != seen]
            wids = set(self._holding)
            for path in moved:
                wids |= self._by_key[("measure", path)]
            due = now + DUE_SLACK
            wids.update(wid for wid in self._world if self._wake_of.get(wid, NEVER) <= due)
            candidates = sorted(wids)
        else:
            moved, candidates = [], list(self._world)
        for wid in candidates:
            watch = self._pending[wid][0]
            self.checks += 1
            if watch.check(now):
                self.changed()  # re-checks these watches (their measures still count as moved)
                return
            self._checked(wid, watch, now)
        for path in moved:
            self._seen[path] = self._m.get(path)

    def _affected(self, now: float) -> list[int]:
        """The watches to check in this pass, in registration order."""
        if not self.indexed:
            self._new.clear()
            return list(self._pending)
        wids = self._new
        self._new = set()
        for key in self._touched:
            wids |= self._by_key.get(key, set())
        self._touched.clear()
        for path, seen in self._seen.items():
            value = self._m.get(path)
            if value != seen:
                self._seen[path] = value
                wids |= self._by_key[("measure", path)]
        wids |= self._holding
        heap = self._heap
        while heap and heap[0][0] <= now + DUE_SLACK:
            wake, wid = heapq.heappop(heap)
            if self._wake_of.get(wid) == wake:
                del self._wake_of[wid]
                wids.add(wid)
        return sorted(wid for wid in wids if wid in self._pending)

    def _checked(self, wid: int, watch: Watch, now: float) -> None:
        """Note what a check that did not fire says about when to look again."""
        if not self.indexed:
            return
        if wid in self._world:
            if watch.holding():
                self._holding.add(wid)
            else:
                self._holding.discard(wid)
        wake = watch.wake(now)
        if wake == NEVER:
            self._wake_of.pop(wid, None)
        elif self._wake_of.get(wid) != wake:
            self._wake_of[wid] = wake
            heapq.heappush(self._heap, (wake, wid))

    def _next_wake(self, now: float) -> float:
        """The earliest ``wake`` of any pending watch.

        Indexed, from the heap of the wakes noted at each watch's last check. A watch's wake only
        moves later as time passes, and is noted again whenever what it depends on changes, so a
        noted wake is never later than the true one: the first entry whose wake is still true is
        the minimum.
        """
        if not self.indexed:
            return min((w.wake(now) for w, _ in self._pending.values()), default=NEVER)
        heap = self._heap
        while heap:
            wake, wid = heap[0]
            if self._wake_of.get(wid) != wake:
                heapq.heappop(heap)
                continue
            true = self._pending[wid][0].wake(now)
            if true == wake:
                return wake
            heapq.heappop(heap)
            if true == NEVER:
                del self._wake_of[wid]
            else:
                self._wake_of[wid] = true
                heapq.heappush(heap, (true, wid))
        return NEVER
