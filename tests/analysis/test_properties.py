"""Properties of the scores over generated journals (Hypothesis).

What a security lead must be able to trust (DESIGN, "Scores you can trust"):

- a slower response never raises the speed score (any milestone's, or the mean);
- a report missing more fields is never scored more complete;
- noise (messages that reach nobody, and repeats of what was already said) never raises the
  coordination score.

The journals are written as the engine writes them: analysis reads the engine's verdicts
(``objective.met`` with its latency, deadline and ``on_time``; ``objective.missed`` at the end;
``result.missing`` of a report; ``result.recipients`` of a message) and never re-evaluates, so the
generators compute those verdicts the way :mod:`simulator.engine.objectives` does.

Each property's docstring gives the share of its examples that exercise it, measured once with
``pytest tests/analysis/test_properties.py --hypothesis-show-statistics`` (the ``event`` lines;
Hypothesis prints them as a share of every case it generated, the few it discarded while
generating included, so the docstrings count the 150 examples that ran).
"""

from __future__ import annotations

from hypothesis import event, given, settings, target
from hypothesis import strategies as st

from analysis.coordination import completeness, reports
from analysis.metrics import compute
from analysis.speed import speed
from simulator.actions import POST_INCIDENT_FIELDS, REGULATOR_FIELDS, REPORT_FIELDS
from simulator.records import Event
from tests.analysis.journals import Journal
from tests.drills import load

LOADED = load("ddos")
ORG = LOADED.org
LENGTH = LOADED.scenario.length
OBJECTIVES = {o.id: (o.target.within, o.target.after) for o in LOADED.scenario.objectives}
"""Each objective's target and anchor: report 15 min after first-alert, instruct 30 min after
report, regulator within 4 h, cleanup within 3 h (of the 3 h drill)."""
ALERT = "first-alert"
FIELDS = {"report_incident": REPORT_FIELDS, "report_to_regulator": REGULATOR_FIELDS,
          "file_post_incident_report": POST_INCIDENT_FIELDS}
REPORTERS = {"report_incident": ["network_ops", "security_engineer", "security_lead"],
             "report_to_regulator": ["cio", "security_lead"],
             "file_post_incident_report": ["cio", "security_lead"]}
LEADERSHIP = ORG.groups["leadership"].roles()


# -- speed ---------------------------------------------------------------------------------------

def root_of(objective: str) -> str | None:
    """The anchor at the root of an objective's chain (an inject, or None for the start)."""
    after = OBJECTIVES[objective][1]
    while after in OBJECTIVES:
        after = OBJECTIVES[after][1]
    return after


def budget_of(objective: str) -> float:
    """The sum of the targets along the chain, as :func:`analysis.speed.milestones` scores."""
    total, oid = 0.0, objective
    while oid in OBJECTIVES:
        total += OBJECTIVES[oid][0]
        oid = OBJECTIVES[oid][1]
    return total


def speed_journal(alert_at: float, reached: dict[str, float]) -> Journal:
    """The first alert, each objective met at ``reached[oid]`` (if within the drill) or missed
    at the end, and the end: the verdicts as the engine journals them."""
    j = Journal()
    rows = [(alert_at, 0, ALERT)] + [(t, 1, oid) for oid, t in reached.items() if t <= LENGTH]
    met: dict[str | None, float] = {None: 0.0}
    for t, _, what in sorted(rows):
        if what == ALERT:
            j.inject(t, ALERT, ["network_ops", "security_engineer"])
            met[ALERT] = t
            continue
        within, after = OBJECTIVES[what]
        anchor = met.get(after)
        deadline = None if anchor is None else anchor + within
        late = deadline is not None and t > deadline + 1e-9
        j.add(t, "objective.met", objective=what, phase=_phase(what), deadline=deadline,
              latency=None if anchor is None else round(t - anchor, 3), target=within,
              late=late, on_time=not late, evidence=[])
        met[what] = t
    for oid, (within, after) in OBJECTIVES.items():
        if oid not in met:
            anchor = met.get(after)
            j.add(LENGTH, "objective.missed", objective=oid, phase=_phase(oid), target=within,
                  deadline=None if anchor is None else anchor + within,
                  started=anchor is not None, overdue=None)
    j.add(LENGTH, "drill.ended", reason="length")
    return j


def _phase(objective: str) -> str:
    return next(o.phase for o in LOADED.scenario.objectives if o.id == objective)


def scores(j: Journal) -> tuple[dict[str, float | None], float | None]:
    result = speed(j.record())
    return ({m["objective"]: m["score"] for m in result["milestones"]},
            result["score"]["value"])


@st.composite
def slower_responses(draw):
    """A drill's milestones and the same drill with one of them reached later.

    The milestone that is delayed is reached within the drill with some score left to lose
    (under twice its budget from the root of its chain), and the delay takes it past its
    budget by at least 1 % of it (or past the end of the drill, where it is missed): a slower
    response that the score must notice. The other milestones are anywhere in the drill or
    never reached.
    """
    alert_at = draw(st.floats(0, 3600, allow_nan=False).map(lambda x: round(x, 1)))
    root_t = {None: 0.0, ALERT: alert_at}
    reached: dict[str, float] = {}
    for oid in OBJECTIVES:
        if draw(st.booleans()):
            t = root_t[root_of(oid)] + draw(st.floats(0, 2 * budget_of(oid), allow_nan=False))
            reached[oid] = round(t, 1)
    slow = draw(st.sampled_from(sorted(OBJECTIVES)))
    root, budget = root_t[root_of(slow)], budget_of(slow)
    elapsed = draw(st.floats(0, min(1.9 * budget, LENGTH - root), allow_nan=False))
    reached[slow] = round(root + elapsed, 1)
    past = max(elapsed, budget) - elapsed + draw(st.floats(budget / 100, budget, allow_nan=False))
    later = dict(reached)
    later[slow] = round(reached[slow] + past, 1)
    return alert_at, reached, later, slow


@settings(max_examples=150, deadline=None)
@given(slower_responses())
def test_a_slower_response_never_raises_a_speed_score(case):
    """Delaying a milestone never raises its score, any other's, or the mean.

    A later milestone anchored on the delayed one may become "on time" by its own target (it is
    nearer its anchor), but its score counts from the root of its chain, so it is not forgiven.

    Measured share: 150 of the 150 examples (100 %) lower the delayed milestone's score and the
    mean (``event`` lines). The delay goes at least 1 % of the budget past it, so the loss shows
    in the 3 decimals a score is rounded to (with 1 s past it, 4 % of examples did not).
    """
    alert_at, reached, later, slow = case
    before, before_mean = scores(speed_journal(alert_at, reached))
    after, after_mean = scores(speed_journal(alert_at, later))
    for objective, score in before.items():
        assert (score is None) == (after[objective] is None), objective
        if score is not None:
            assert after[objective] <= score + 1e-9, objective
    assert before_mean is not None and after_mean <= before_mean + 1e-9
    if after[slow] < before[slow]:
        event("lowered the delayed milestone's score")
    if after_mean < before_mean:
        event("lowered the mean")
    target(before[slow] - after[slow], label="score lost by the delayed milestone")


def test_a_slow_report_is_not_forgiven_by_a_quick_instruction_after_it():
    quick = speed_journal(360, {"report": 360 + 600, "instruct": 360 + 600 + 1500})
    slow = speed_journal(360, {"report": 360 + 2000, "instruct": 360 + 2000 + 1500})
    assert scores(slow)[0]["instruct"] < scores(quick)[0]["instruct"]
    met = [e for e in slow.events if e.kind == "objective.met" and e.data["objective"] ==
           "instruct"]
    assert met[0].data["on_time"], "on time by its own target, from the late report"


# -- completeness --------------------------------------------------------------------------------

def report_by(roles: list[str]):
    """A report (time, role, action, fields filled) by one of ``roles``."""
    actions = sorted(a for a in FIELDS if set(REPORTERS[a]) & set(roles))
    return st.sampled_from(actions).flatmap(lambda action: st.tuples(
        st.floats(0, LENGTH, allow_nan=False).map(lambda x: round(x, 1)),
        st.sampled_from([r for r in REPORTERS[action] if r in roles]), st.just(action),
        st.sets(st.sampled_from(FIELDS[action]))))


report = report_by(sorted(ORG.roles))


def report_journal(rows: list[tuple[float, str, str, frozenset[str] | set[str]]]) -> Journal:
    """Reports in time order, each with ``result.missing`` as the engine computes it."""
    j = Journal()
    for t, role, action, filled in sorted(rows, key=lambda r: r[0]):
        args = {f: ("x" if f in filled else "") for f in FIELDS[action]}
        j.act(t, role, action, args, result={"to": LEADERSHIP} if action == "report_incident"
              else {})
    return j


@st.composite
def reports_with_one_thinner(draw):
    """Reports, and the same reports with fields left out of one that had some."""
    rows = draw(st.lists(report, min_size=1, max_size=6))
    which = draw(st.integers(0, len(rows) - 1))
    t, role, action, filled = rows[which]
    filled = filled or {draw(st.sampled_from(FIELDS[action]))}
    rows[which] = (t, role, action, filled)
    dropped = draw(st.sets(st.sampled_from(sorted(filled)), min_size=1))
    fewer = list(rows)
    fewer[which] = (t, role, action, set(filled) - dropped)
    return rows, fewer


@settings(max_examples=150, deadline=None)
@given(reports_with_one_thinner())
def test_a_report_missing_more_fields_is_never_scored_more_complete(case):
    """Leaving fields out of a report lowers its completeness and the mean, and never raises
    the ratings built on completeness (reporting, regulatory, post-incident).

    Measured share: 150 of the 150 examples (100 %) leave at least one filled field out of a
    report, so completeness must fall, and all 150 have a rating built on it to compare.
    """
    rows, fewer = case
    full = report_journal(rows).record()
    less = report_journal(fewer).record()
    assert completeness(reports(less))["value"] < completeness(reports(full))["value"]
    event("completeness fell")
    for a, b in zip(reports(less), reports(full), strict=True):
        assert a["completeness"] <= b["completeness"]
    rate = {c["capability"]: c["score"] for c in compute(full)["ratings"]["capabilities"]}
    rate_less = {c["capability"]: c["score"] for c in compute(less)["ratings"]["capabilities"]}
    compared = 0
    for cap in ("reporting", "regulatory", "post_incident"):
        if rate[cap] is not None:
            assert rate_less[cap] is not None and rate_less[cap] <= rate[cap] + 1e-9, cap
            compared += 1
    if compared:
        event("a rating built on completeness was compared")


# -- coordination and noise ----------------------------------------------------------------------

def recipients(role: str, to: list[str]) -> list[str]:
    """Whom a message of ``role`` to ``to`` reaches, as the engine's ``result.recipients``."""
    return [r for r in ORG.expand(to) if r != role]


TALKERS = sorted(r for r, spec in ORG.roles.items() if "send_message" in spec.actions)


def message_by(roles: list[str]):
    """A message (time, sender, to) by one of ``roles`` to any roles and groups."""
    return st.tuples(
        st.floats(0, LENGTH, allow_nan=False).map(lambda x: round(x, 1)),
        st.sampled_from(roles),
        st.lists(st.sampled_from(sorted([*ORG.roles, *ORG.groups])), min_size=1, max_size=3,
                 unique=True))


def drill_journal(messages: list, reports_: list) -> Journal:
    """Messages and reports in time order (stable: noise added later comes after at equal t)."""
    j = Journal()
    rows = [(m[0], 0, i, "message", m) for i, m in enumerate(messages)]
    rows += [(r[0], 1, i, "report", r) for i, r in enumerate(reports_)]
    for t, _, _, kind, row in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
        if kind == "message":
            _, role, to = row
            j.act(t, role, "send_message", {"to": to, "text": "..."},
                  result={"recipients": recipients(role, to)})
        else:
            _, role, action, filled = row
            args = {f: ("x" if f in filled else "") for f in FIELDS[action]}
            j.act(t, role, action, args,
                  result={"to": LEADERSHIP} if action == "report_incident" else {})
    return j


def coordination(j: Journal) -> float | None:
    return compute(j.record())["coordination"]["score"]["value"]


@st.composite
def drills_with_noise(draw):
    """A drill's messages and reports, and the same with noise added.

    Noise is what informs nobody new: a message that reaches no one (sent to one's own role),
    by a role whose group has already acted, or an earlier message said again, later, to the
    same people. In the base drill one group stays silent (its roles may be written to, but
    do not act), so coordination has room to rise: that is where noise could wrongly be
    rewarded.
    """
    quiet = draw(st.sampled_from(sorted(ORG.groups)))
    others = [r for r in TALKERS if ORG.roles[r].group != quiet]
    messages = draw(st.lists(message_by(others), min_size=1, max_size=6))
    reports_ = draw(st.lists(report_by(others), max_size=3))
    acted = {m[1] for m in messages} | {r[1] for r in reports_}
    acted_groups = {ORG.roles[r].group for r in acted}
    noisy = sorted(r for r in TALKERS if ORG.roles[r].group in acted_groups)
    noise = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            said = draw(st.sampled_from(messages))
            noise.append((round(said[0] + draw(st.floats(0, LENGTH - said[0])), 1), said[1],
                          said[2]))
        else:
            role = draw(st.sampled_from(noisy))
            noise.append((draw(st.floats(0, LENGTH).map(lambda x: round(x, 1))), role, [role]))
    return messages, reports_, noise


@settings(max_examples=150, deadline=None)
@given(drills_with_noise())
def test_noise_never_raises_coordination(case):
    """Messages that inform nobody new never raise the coordination score.

    Measured share: 150 of the 150 examples (100 %) add noise to a drill where coordination
    had room to rise (``event`` "room to rise": a silent group or a split network).
    """
    messages, reports_, noise = case
    base = drill_journal(messages, reports_)
    noisy = drill_journal(messages + noise, reports_)
    before, after = coordination(base), coordination(noisy)
    assert before is not None and after <= before + 1e-9
    metrics = compute(base.record())["coordination"]
    if any(g["silent"] for g in metrics["groups"]) or metrics["network"]["fragmentation"] > 0:
        event("room to rise")


def test_a_silent_group_messaging_nobody_does_not_raise_coordination():
    """A group that only talks to itself stays silent (it used to count as having acted)."""
    base = drill_journal([(600.0, "network_ops", ["cio"])], [])
    noise = drill_journal([(600.0, "network_ops", ["cio"]), (700.0, "legal", ["legal"])], [])
    assert coordination(noise) <= coordination(base)


def test_generated_journals_are_in_time_order():
    j = drill_journal([(500.0, "cio", ["technical"]), (50.0, "legal", ["cio"])],
                      [(100.0, "network_ops", "report_incident", {"time"})])
    times = [e.t for e in j.events if isinstance(e, Event)]
    assert times == sorted(times)
    j = speed_journal(3000, {"report": 100, "cleanup": LENGTH + 1})
    times = [e.t for e in j.events if isinstance(e, Event)]
    assert times == sorted(times)
