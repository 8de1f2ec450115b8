"""Properties of the scores over generated journals (Hypothesis).

- Delaying any one participant action never raises a speed score (any milestone's, or the mean).
- Removing a required field from a report never raises completeness.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.coordination import completeness, reports
from analysis.metrics import compute
from analysis.speed import speed
from simulator.actions import POST_INCIDENT_FIELDS, REGULATOR_FIELDS, REPORT_FIELDS
from simulator.records import Event
from tests.analysis.journals import Journal

FIELDS = {"report_incident": REPORT_FIELDS, "report_to_regulator": REGULATOR_FIELDS,
          "file_post_incident_report": POST_INCIDENT_FIELDS}
ACTIONS = [("network_ops", "report_incident"), ("security_engineer", "report_incident"),
           ("cio", "issue_instruction"), ("cio", "report_to_regulator"),
           ("cio", "file_post_incident_report"), ("cio", "set_severity"),
           ("network_ops", "acknowledge")]

action = st.tuples(
    st.floats(0, 10_000, allow_nan=False).map(lambda x: round(x, 1)),
    st.sampled_from(ACTIONS),
    st.sets(st.sampled_from(sorted(set(REPORT_FIELDS + REGULATOR_FIELDS
                                       + POST_INCIDENT_FIELDS)))),
)


def args_for(name: str, filled: set[str]) -> dict:
    if name in FIELDS:
        return {f: ("x" if f in filled else "") for f in FIELDS[name]}
    if name == "issue_instruction":
        return {"to": ["technical"], "text": "go"}
    if name == "set_severity":
        return {"level": "III"}
    return {"inject": "first-alert"}


def journal(alert_at: float, actions: list) -> Journal:
    """A journal with the first alert and the actions, in time order (as the engine writes)."""
    j = Journal()
    rows = [(alert_at, 0, "inject", None)]
    rows += [(a[0], i + 1, "act", a) for i, a in enumerate(actions)]
    for t, _, what, spec in sorted(rows, key=lambda r: (r[0], r[1])):
        if what == "inject":
            j.inject(t, "first-alert", ["network_ops", "security_engineer"])
        else:
            _, (role, name), filled = spec
            j.act(t, role, name, args_for(name, filled))
    return j


def scores(j: Journal) -> tuple[dict[str, float | None], float | None]:
    result = speed(j.record())
    return ({m["objective"]: m["score"] for m in result["milestones"]},
            result["score"]["value"])


@settings(max_examples=150, deadline=None)
@given(st.floats(0, 3600, allow_nan=False), st.lists(action, min_size=1, max_size=8),
       st.data())
def test_delaying_one_action_never_raises_a_speed_score(alert_at, actions, data):
    which = data.draw(st.integers(0, len(actions) - 1))
    delay = data.draw(st.floats(0.1, 20_000, allow_nan=False))
    later = list(actions)
    t, spec, filled = later[which]
    later[which] = (round(t + delay, 1), spec, filled)
    before, before_mean = scores(journal(alert_at, actions))
    after, after_mean = scores(journal(alert_at, later))
    for objective, score in before.items():
        if score is None:
            assert after[objective] is None
        else:
            assert after[objective] is not None and after[objective] <= score + 1e-9, objective
    if before_mean is not None:
        assert after_mean <= before_mean + 1e-9


@settings(max_examples=150, deadline=None)
@given(st.lists(action, min_size=1, max_size=8), st.data())
def test_removing_a_required_field_never_raises_completeness(actions, data):
    reports_only = [a for a in actions if a[1][1] in FIELDS]
    if not reports_only:
        return
    which = data.draw(st.integers(0, len(reports_only) - 1))
    t, spec, filled = reports_only[which]
    present = sorted(set(filled) & set(FIELDS[spec[1]]))
    if not present:
        return
    dropped = data.draw(st.sampled_from(present))
    fewer = list(reports_only)
    fewer[which] = (t, spec, set(filled) - {dropped})
    full = journal(0, reports_only).record()
    less = journal(0, fewer).record()
    assert completeness(reports(less))["value"] < completeness(reports(full))["value"]
    for a, b in zip(reports(less), reports(full), strict=True):
        assert a["completeness"] <= b["completeness"]
    # and the ratings built on completeness do not rise either
    rate = {c["capability"]: c["score"] for c in compute(full)["ratings"]["capabilities"]}
    rate_less = {c["capability"]: c["score"] for c in compute(less)["ratings"]["capabilities"]}
    for cap in ("reporting", "regulatory", "post_incident"):
        if rate[cap] is not None:
            assert rate_less[cap] <= rate[cap] + 1e-9, cap


def test_generated_journals_are_in_time_order():
    j = journal(500, [(100.0, ("cio", "set_severity"), set()),
                      (50.0, ("network_ops", "acknowledge"), set())])
    times = [e.t for e in j.events if isinstance(e, Event)]
    assert times == sorted(times)
