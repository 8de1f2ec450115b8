"""Properties that hold for every seed and mistake rate (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.drills import THREATS, make_drill

drills = st.builds(
    lambda kind, seed, rate: (kind, seed, rate),
    st.sampled_from(sorted(THREATS)), st.integers(0, 2**32 - 1),
    st.floats(0, 1, allow_nan=False))


def run(params):
    kind, seed, rate = params
    drill = make_drill(kind, seed=seed, mistake_rate=rate)
    drill.run()
    return drill


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drills)
def test_invariants(params):
    drill = run(params)
    events = drill.events
    # sim time never goes back; seq counts from 1 without gaps
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(a.t <= b.t for a, b in zip(events, events[1:], strict=False))
    # each inject fires at most once
    fired = [e.data["inject"] for e in events if e.kind == "inject.fired"]
    assert len(fired) == len(set(fired))
    # no action before the thing that prompted it
    by_seq = {e.seq: e for e in events}
    for e in events:
        if e.kind == "action.taken" and e.data.get("cause") is not None:
            cause = by_seq[e.data["cause"]]
            assert cause.seq < e.seq and cause.t <= e.t
    # measures stay in their bounds; money and complaints never fall
    scenario = drill.scenario
    records = sum(s.records for s in scenario.world.stores.values())
    hosts = sum(s.hosts for s in scenario.world.segments.values())
    last_money = last_complaints = 0.0
    for e in events:
        if e.kind != "world.sample":
            continue
        m = e.data["measures"]
        for sid in scenario.world.services:
            assert 0.0 <= m[sid + ".availability"] <= 1.0
        assert 0.0 <= m["orders.ratio"] <= 1.0
        assert -1.0 <= m["sentiment"] <= 1.0
        assert 0 <= m["records.exfiltrated"] <= records
        assert 0 <= m["hosts.encrypted"] <= m["hosts.infected"] <= hosts
        assert m["money.lost_cny"] >= last_money and m["complaints.total"] >= last_complaints
        assert m["complaints.backlog"] >= 0
        last_money, last_complaints = m["money.lost_cny"], m["complaints.total"]
    # objectives are met at most once and their latency is not negative
    met = [e for e in events if e.kind == "objective.met"]
    assert len({e.data["objective"] for e in met}) == len(met)
    assert all(e.data["latency"] is None or e.data["latency"] >= 0 for e in met)
    assert events[0].kind == "drill.started" and events[-1].kind == "drill.ended"
