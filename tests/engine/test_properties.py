"""Properties that hold for every seed and mistake rate (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
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
def test_invariants(params):
    assert_invariants(run(params))
