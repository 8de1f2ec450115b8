"""Whole drills: determinism, the plan's order, and the bookkeeping of injects and objectives."""

from __future__ import annotations

from tests.drills import make_drill


def stream(drill):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in drill.events]


def test_same_seed_same_events(kind):
    first, second = make_drill(kind, seed=7), make_drill(kind, seed=7)
    first.run()
    second.run()
    assert stream(first) == stream(second)


def test_different_seed_different_events(kind):
    first, second = make_drill(kind, seed=1), make_drill(kind, seed=2)
    first.run()
    second.run()
    assert stream(first) != stream(second)


def test_bots_follow_the_plan_order():
    drill = make_drill("ddos", seed=5, mistake_rate=0.0)  # a seed whose drill closes
    drill.run()
    firsts = {}
    for event in drill.events:
        if event.kind == "action.taken":
            firsts.setdefault(event.data["action"], event.t)
    order = ["report_incident", "set_severity", "issue_instruction", "start_task",
             "file_post_incident_report", "close_incident"]
    times = [firsts[action] for action in order]
    assert times == sorted(times)
    assert drill.events[-1].kind == "drill.ended"
    assert drill.events[-1].data["reason"] == "closed"


def test_every_objective_met_without_mistakes():
    drill = make_drill("ddos", seed=5, mistake_rate=0.0)
    drill.run()
    met = {e.data["objective"] for e in drill.events if e.kind == "objective.met"}
    assert met == {"report", "instruct", "regulator", "cleanup"}


def test_contingency_fires_when_expectation_missed():
    drill = make_drill("ddos", seed=1, bots=[])  # nobody reports
    drill.run()
    kinds = [(e.kind, e.data.get("inject")) for e in drill.events]
    assert ("expectation.missed", "first-alert") in kinds
    nudge = next(e for e in drill.events
                 if e.kind == "inject.fired" and e.data["inject"] == "nudge")
    missed = next(e for e in drill.events if e.kind == "expectation.missed")
    assert nudge.t == missed.t == 16 * 60
    assert nudge.data["cause"] == missed.seq
    cio = next(e for e in drill.events if e.kind == "inject.fired"
               and e.data["inject"] == "cio-calls")
    assert cio.t == 25 * 60
    follow = next(e for e in drill.events if e.kind == "inject.fired"
                  and e.data["inject"] == "follow-up")
    assert follow.t == 26 * 60
    assert drill.events[-1].data["reason"] == "length"
    overdue = {e.data["objective"] for e in drill.events if e.kind == "objective.overdue"}
    # instruct never starts its clock; cleanup (3h) and regulator (4h) fall at or after the end
    assert overdue == {"report"}


def test_world_condition_waits_for_its_hold():
    drill = make_drill("ddos", seed=1, bots=[])
    drill.run()
    fired = next(e for e in drill.events if e.kind == "inject.fired"
                 and e.data["inject"] == "orders-drop")
    samples = [e for e in drill.events if e.kind == "world.sample" and e.t <= fired.t]
    below = [s for s in samples if s.data["measures"]["orders.ratio"] < 0.9]
    assert below, "orders fell below 90% before the inject"
    assert fired.t - below[0].t >= 5 * 60 - 60  # held five minutes (samples are a minute apart)


def test_human_commands_are_checked():
    drill = make_drill("ddos", seed=1, bots=[])
    drill.start()
    drill.advance(400)
    assert drill.submit("cs_agent", "set_severity", {"level": "III"}).reason \
        == "cs_agent may not set_severity"
    assert drill.submit("cio", "set_severity", {"level": "V"}).reason \
        == "'level' must be one of I, II, III, IV"
    assert drill.submit("cio", "fly", {}).reason == "unknown action 'fly'"
    assert drill.submit("network_ops", "start_task", {"task": "patch", "target": "admin"}).reason \
        == "patch is done by sysadmin, not network_ops"
    assert drill.submit("network_ops", "start_task", {"task": "scrubbing"}).reason \
        == "scrubbing needs a target service"
    assert drill.submit("marketing", "publish_statement", {"statement": "S1"}).reason \
        == "no statement 'S1'"
    ok = drill.submit("cs_manager", "draft_statement", {"channel": "website", "text": "..."})
    assert ok.accepted and ok.event.data["result"]["statement"] == "S1"
    assert drill.submit("cs_manager", "publish_statement", {"statement": "S1"}).reason \
        == "S1 is not approved by legal yet"
    assert drill.submit("legal", "approve_statement", {"statement": "S1"}).accepted
    assert drill.submit("cs_manager", "publish_statement", {"statement": "S1"}).accepted
    rejected = [e for e in drill.events if e.kind == "action.rejected"]
    assert len(rejected) == 7


def test_incomplete_report_is_accepted_and_recorded():
    drill = make_drill("ddos", seed=1, bots=[])
    drill.start()
    drill.advance(500)
    outcome = drill.submit("network_ops", "report_incident", {"time": "20:06", "type": "DDoS"})
    assert outcome.accepted
    assert outcome.event.data["result"]["missing"] == ["place", "impact"]
    drill.advance(2000)
    assert "report" not in drill.state.objectives  # the objective needs all four fields
