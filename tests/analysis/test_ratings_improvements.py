"""Ratings (HSEEP P/S/M/U, GB/T 38645 1/3/5) with overrides, and the improvement plan."""

from __future__ import annotations

import pytest

from analysis.metrics import compute
from analysis.ratings import CAPABILITIES, GBT_ITEMS, gbt, hseep
from tests.analysis.journals import CREATED, Journal


@pytest.mark.parametrize(("score", "rating"), [
    (1.0, "P"), (0.9, "P"), (0.89, "S"), (0.7, "S"), (0.5, "M"), (0.4, "M"), (0.39, "U"),
    (0.0, "U"), (None, None)])
def test_hseep_thresholds(score, rating):
    assert hseep(score) == rating


@pytest.mark.parametrize(("score", "points"), [
    (1.0, 5), (0.8, 5), (0.79, 3), (0.5, 3), (0.49, 1), (None, None)])
def test_gbt_thresholds(score, points):
    assert gbt(score) == points


def reported(leave_out=()):
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    report = j.report(700, "network_ops", leave_out=leave_out)
    if not leave_out:                                # the engine meets it with a full report
        j.met(700, "report", latency=340, evidence=(report,))
    return j


def capability(metrics, cid):
    return next(c for c in metrics["ratings"]["capabilities"] if c["capability"] == cid)


def item(metrics, iid):
    return next(c for c in metrics["ratings"]["gbt38645"] if c["item"] == iid)


def test_rating_is_the_mean_of_its_components_with_the_rule_shown():
    m = compute(reported().record())
    rep = capability(m, "reporting")
    assert [p["value"] for p in rep["components"]] == [1.0, 1.0, 1.0]
    assert rep["score"] == 1.0 and rep["computed"] == "P" and rep["rating"] == "P"
    assert rep["override"] is None
    assert "≥0.9" in rep["rule"]["en"] and "≥0.9" in rep["rule"]["zh"]
    # an incomplete report that never reached the milestone: 0, 0.75, 1 → 0.583 → M
    m = compute(reported(leave_out=("impact",)).record())
    rep = capability(m, "reporting")
    assert rep["score"] == pytest.approx((0 + 0.75 + 1) / 3, abs=1e-3)
    assert rep["rating"] == "M" and item(m, "reporting")["rating"] == 3


def test_components_that_do_not_apply_are_left_out():
    m = compute(reported().record())
    reg = capability(m, "public_information")       # nothing published, no customer milestone
    assert all(p["value"] is None for p in reg["components"])
    assert reg["score"] is None and reg["rating"] is None


def test_the_evaluators_observation_overrides_and_both_are_shown():
    j = reported()
    j.add(800, "observation.recorded", "facilitator", capability="reporting", rating="P",
          text="first", roles=[], command={"action": "observe", "args": {}, "id": "o1"})
    last = j.add(900, "observation.recorded", "facilitator", capability="Incident reporting",
                 rating="U", text="The report went to the wrong group", roles=["network_ops"],
                 command={"action": "observe", "args": {}, "id": "o2"})
    m = compute(j.record())
    rep = capability(m, "reporting")
    assert rep["computed"] == "P" and rep["rating"] == "U"
    assert rep["override"] == {"rating": "U", "text": "The report went to the wrong group",
                               "evidence": [last.seq]}
    assert last.seq in rep["evidence"]
    gb = item(m, "reporting")
    assert gb["computed"] == 5 and gb["rating"] == 1
    # an observation by GB/T id touches only that item
    j.add(950, "observation.recorded", "facilitator", capability="gbt.monitoring", rating="S",
          text="slow", roles=[], command={"action": "observe", "args": {}, "id": "o3"})
    m = compute(j.record())
    assert item(m, "monitoring")["rating"] == 3
    assert capability(m, "detection")["override"] is None


def test_nine_gbt_items_and_ten_capabilities():
    assert len(GBT_ITEMS) == 9 and len(CAPABILITIES) == 10
    m = compute(reported().record())
    assert [i["item"] for i in m["ratings"]["gbt38645"]] == list(GBT_ITEMS)


def test_improvement_items_name_an_owner_a_due_date_and_the_measure_they_target():
    j = Journal()
    alert = j.inject(360, "first-alert", ["network_ops"])
    filed = j.report(2000, "network_ops")            # late: 1640 s against 900 s
    j.met(2000, "report", latency=1640, late=True, evidence=(filed,))
    m = compute(j.record())
    late = next(i for i in m["improvements"] if i["id"] == "milestone:report")
    assert late["owner"] == "network_ops"            # whose duty the report is
    assert late["measure"] == "speed.milestones.report.elapsed" and late["value"] == 1640
    assert late["better"] == "lower" and late["capability"] == "reporting"
    assert late["due"] == "2026-12-15"               # 180 days after the drill (not urgent)
    assert alert.seq in late["evidence"]
    assert late["issue"]["zh"].startswith("超时") and late["issue"]["en"].startswith("Late")
    missed = next(i for i in m["improvements"] if i["id"] == "milestone:instruct")
    assert missed["urgent"] and missed["due"] == "2026-09-16"     # 90 days
    assert CREATED.startswith("2026-06-18")
    silent = {i["id"] for i in m["improvements"] if i["id"].startswith("silent:")}
    assert silent == {"silent:leadership", "silent:customer_service"}
    esc = {i["id"] for i in m["improvements"] if i["id"].startswith("escalation:")}
    assert "escalation:instruction_to_technical" in esc
    assert m["improvements"][0]["urgent"]            # most urgent first
