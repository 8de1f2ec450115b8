"""Watches: compiled conditions against the incident state and the world measures."""

from __future__ import annotations

from simulator.engine.state import Done, IncidentState
from simulator.engine.watch import NEVER, compile_condition
from simulator.scenario.conditions import Target
from simulator.scenario.model import Objective


def watch(condition: dict, state: IncidentState, m: dict | None = None):
    objective = Objective.model_validate({
        "id": "o", "phase": "response", "name": {"zh": "目标", "en": "Objective"},
        "done_when": condition, "target": "1h"})
    return compile_condition(objective.done_when, state, m or {})


def test_done_by_a_deadline():
    state = IncidentState()
    w = watch({"task": "isolate_segment", "by": "0:40"}, state)
    assert not w.check(100)
    state.record_task("isolate_segment", Done(2000.0, "network_ops", {"target": "office"}, 5))
    assert w.check(2000)
    late = IncidentState()
    late.record_task("isolate_segment", Done(2500.0, "network_ops", {"target": "office"}, 5))
    assert not watch({"task": "isolate_segment", "by": "0:40"}, late).check(2500)


def test_done_by_a_deadline_after_an_inject():
    state = IncidentState()
    w = watch({"action": "report_incident", "by": "10m after alert"}, state)
    state.record_action("report_incident", Done(300.0, "cio", {}, 3))
    assert not w.check(300), "the deadline is unknown until the inject fires"
    state.injects["alert"] = 0.0
    assert w.check(300)


def test_not_done_wakes_at_its_deadline():
    state = IncidentState()
    w = watch({"not_done": "report_incident", "by": "15m after alert"}, state)
    assert w.wake(0) == NEVER
    state.injects["alert"] = 60.0
    assert w.wake(100) == 960.0
    assert not w.check(959) and w.check(960)
    state.record_action("report_incident", Done(900.0, "cio", {}, 3))
    assert not w.check(960)


def test_world_hold():
    m = {"storefront.availability": 0.5}
    w = watch({"world": "storefront.availability", "below": 0.8, "for": "5m"}, IncidentState(), m)
    assert not w.check(0) and not w.check(299) and w.check(300)
    m["storefront.availability"] = 0.9
    assert not w.check(315)
    m["storefront.availability"] = 0.7
    assert not w.check(330) and w.check(630)


def test_all_and_any():
    state = IncidentState()
    both = watch({"all": [{"inject": "a"}, {"inject": "b", "delay": "2m"}]}, state)
    either = watch({"any": [{"inject": "a"}, {"objective": "x"}]}, state)
    state.injects["a"] = 10.0
    assert either.check(10) and not both.check(10)
    state.injects["b"] = 20.0
    assert both.wake(20) == 140.0
    assert not both.check(139) and both.check(140)


def test_target_short_forms():
    assert Target.model_validate("15m after first-alert") == Target(within=900, after="first-alert")
    assert Target.model_validate("1h30m") == Target(within=5400)
