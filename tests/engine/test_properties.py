"""Properties that hold for every seed and mistake rate (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.drills import THREATS, assert_invariants, make_drill

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
@example(("ddos", 30709, 0.8125))  # the world ticked once more after the end: recovered after it
def test_invariants(params):
    assert_invariants(run(params))


ROLES = ("cio", "security_lead", "network_ops", "sysadmin", "cs_manager", "legal")
COMMANDS = (
    ("report_incident", {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "x"}),
    ("send_message", {"to": ["leadership"], "text": "status"}),
    ("set_severity", {"level": "III"}),
    ("notify_users", {}),
)
scripts = st.lists(st.tuples(st.floats(1, 14_000, allow_nan=False), st.sampled_from(ROLES),
                             st.sampled_from(COMMANDS)), max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drills, st.sets(st.sampled_from(ROLES)), scripts, st.booleans())
def test_the_watch_index_changes_nothing(params, people, script, hand_over):
    """People acting between ticks, hand-overs and all: indexed and linear make the same drill."""
    kind, seed, rate = params
    streams = []
    for indexed in (True, False):
        drill = make_drill(kind, seed=seed, mistake_rate=rate, indexed=indexed,
                           bots=[r for r in ROLES if r not in people] + ["cs_agent"])
        drill.start()
        for t, role, (action, args) in sorted(script, key=lambda s: s[0]):
            drill.advance(t)
            if drill.is_over:
                break
            drill.submit(role, action, args)
            if hand_over:
                drill.facilitate("bots", {"role": role, "enabled": "on"})
        if not drill.is_over:
            drill.run()
        streams.append([e.as_dict() for e in drill.events])
    assert streams[0] == streams[1]
