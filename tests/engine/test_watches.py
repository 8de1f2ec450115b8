"""The watch registry: a change re-checks only the watches it can affect, and fires on time."""

from __future__ import annotations

import pytest

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.engine.state import Done, IncidentState
from simulator.engine.watches import WatchRegistry, keys_of
from simulator.records import Event
from simulator.scenario.loader import list_bundled, load_scenario
from tests.drills import load
from tests.engine.test_watch import watch


class Clock:
    """A hand-driven clock for a registry: ``at`` callbacks wait in a list."""

    def __init__(self):
        self.now = 0.0
        self.due: list[tuple[float, object]] = []

    def at(self, t, callback):
        self.due.append((t, callback))

    def run_until(self, t):
        self.now = t
        for when, callback in sorted(self.due, key=lambda d: d[0]):
            if when <= t:
                self.due.remove((when, callback))
                callback()


def registry(m=None, *, indexed=True):
    clock = Clock()
    return WatchRegistry(m if m is not None else {}, lambda: clock.now, clock.at,
                         indexed=indexed), clock


def event(kind, **data):
    return Event(1, 0.0, kind, "engine", data)


@pytest.mark.parametrize("indexed", [True, False])
def test_an_action_rechecks_only_the_watches_on_it(indexed):
    state = IncidentState()
    reg, clock = registry(indexed=indexed)
    fired = []
    actions = [f"action_{i}" for i in range(20)]
    for name in actions:
        reg.add(watch({"action": name}, state), lambda n=name: fired.append(n))
    reg.changed()
    assert reg.checks == 20, "each new watch is checked once"
    state.record_action("action_7", Done(5.0, "cio", {}, 2))
    reg.note(event("action.taken", action="action_7"))
    before = reg.checks
    reg.changed()
    assert fired == ["action_7"]
    assert reg.checks - before == (1 if indexed else 20 + 19), "linear: again after a fire"
    before = reg.checks
    reg.note(event("world.sample", measures={}))
    reg.changed()
    assert reg.checks - before == (0 if indexed else 19), "an event no watch names checks none"


def test_every_kind_of_event_a_watch_can_name_has_a_key():
    assert keys_of(event("action.taken", action="a")) == ("done", "a")
    assert keys_of(event("task.done", task="t")) == ("done", "t")
    assert keys_of(event("inject.fired", inject="i")) == ("inject", "i")
    assert keys_of(event("objective.met", objective="o")) == ("objective", "o")
    assert keys_of(event("threat.stage", threat="x", stage="public")) == ("stage", ("x", "public"))
    assert keys_of(event("fact.learned", role="cio", fact="f")) is None


def test_a_measure_watch_fires_when_the_measure_has_held_long_enough():
    m = {"storefront.availability": 1.0, "orders.ratio": 1.0}
    state = IncidentState()
    reg, clock = registry(m)
    fired = []
    reg.add(watch({"world": "storefront.availability", "below": 0.8, "for": "1m"}, state, m),
            lambda: fired.append(clock.now))
    reg.add(watch({"world": "orders.ratio", "below": 0.5}, state, m),
            lambda: fired.append("orders"))
    reg.changed()
    checks = reg.checks
    for t in (10.0, 20.0):
        clock.now = t
        reg.tick(t)
    assert reg.checks == checks, "no measure moved: no watch is checked"
    m["storefront.availability"] = 0.7
    for t in (30.0, 40.0, 50.0, 60.0, 70.0, 80.0):
        clock.now = t
        reg.tick(t)
        assert fired == [], f"held only {t - 30:.0f} s at {t}"
    assert reg.checks - checks == 6, "only the holding watch is checked, once a tick"
    clock.now = 90.0
    reg.tick(90.0)
    assert fired == [90.0]
    m["orders.ratio"] = 0.4
    clock.now = 100.0
    reg.tick(100.0)
    assert fired == [90.0, "orders"]
    assert len(reg) == 0


def test_a_measure_that_moves_between_ticks_is_seen_at_the_next_round():
    m = {"complaints.backlog": 80.0}
    state = IncidentState()
    reg, clock = registry(m)
    fired = []
    reg.add(watch({"world": "complaints.backlog", "below": 10}, state, m),
            lambda: fired.append(1))
    reg.changed()
    m["complaints.backlog"] = 5.0  # customer service answered complaints in a task
    reg.changed()
    assert fired == [1]


def test_a_delay_after_an_inject_wakes_the_registry_at_its_time():
    state = IncidentState()
    reg, clock = registry()
    fired = []
    reg.add(watch({"inject": "first-alert", "delay": "20m"}, state),
            lambda: fired.append(clock.now))
    reg.changed()
    assert clock.due == []
    clock.now = 60.0
    state.injects["first-alert"] = 60.0
    reg.note(event("inject.fired", inject="first-alert"))
    reg.changed()
    assert [t for t, _ in clock.due] == [1260.0]
    clock.run_until(1259.0)
    assert fired == []
    clock.run_until(1260.0)
    assert fired == [1260.0]


CASES = [*list_bundled(), "ddos", "exfiltration", "malware", "vulnerability"]


@pytest.mark.parametrize("case", CASES)
def test_the_index_makes_the_same_drill_as_a_linear_recheck_with_fewer_checks(case):
    loaded = load_scenario(case) if case in list_bundled() else load(case)
    for seed in (3, 4):
        runs = []
        for indexed in (True, False):
            drill = Drill(loaded.scenario, loaded.org, seed, indexed=indexed, mistake_rate=0.3)
            attach_bots(drill)
            drill.run()
            runs.append(drill)
        fast, slow = runs
        assert [e.as_dict() for e in fast.events] == [e.as_dict() for e in slow.events]
        assert fast.watches.checks * 2 < slow.watches.checks
