"""Speed: milestone latency, elapsed time, status and score; reaction to injects."""

from __future__ import annotations

import pytest

from analysis.speed import inject_reactions, milestones, speed
from tests.analysis.journals import Journal


def by_id(rows):
    return {r["objective"]: r for r in rows}


def test_milestone_latency_elapsed_status_and_score():
    j = Journal()
    alert = j.inject(360, "first-alert", ["network_ops"])
    report = j.report(960, "network_ops")                        # 600 s after the alert
    met = j.met(960, "report", latency=600, evidence=(report,))
    instruct = j.act(3360, "cio", "issue_instruction", {"to": ["technical"], "text": "go"})
    j.met(3360, "instruct", latency=2400, late=True, evidence=(instruct,))
    ms = by_id(milestones(j.record()))

    assert ms["report"]["latency"] == 600 and ms["report"]["status"] == "on_time"
    assert ms["report"]["budget"] == 900 and ms["report"]["score"] == 1.0
    assert ms["report"]["evidence"] == [alert.seq, report.seq, met.seq]
    # the instruction is 2400 s after the report (target 1800): late; 3000 s after the alert
    # against a budget of 900 + 1800 = 2700: 300 s over, score 1 - 300/2700
    assert ms["instruct"]["latency"] == 2400 and ms["instruct"]["status"] == "late"
    assert ms["instruct"]["elapsed"] == 3000 and ms["instruct"]["budget"] == 2700
    assert ms["instruct"]["score"] == pytest.approx(1 - 300 / 2700, abs=1e-3)
    assert instruct.seq in ms["instruct"]["evidence"] and met.seq in ms["instruct"]["evidence"]
    assert ms["report"]["verdict"] == "objective.met"


def test_missed_milestone_scores_zero_and_cites_the_overdue_record():
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    overdue = j.add(1260, "objective.overdue", objective="report", phase="report", deadline=1260)
    ms = by_id(milestones(j.record()))
    assert ms["report"]["status"] == "missed" and ms["report"]["score"] == 0.0
    assert overdue.seq in ms["report"]["evidence"]
    # its dependant's chain started with the alert: it is missed too, not left out
    assert ms["instruct"]["status"] == "missed" and ms["instruct"]["score"] == 0.0


def test_milestone_anchored_on_an_inject_that_never_fired_is_not_started():
    j = Journal()
    ms = by_id(milestones(j.record()))
    assert ms["report"]["status"] == "not_started" and ms["report"]["score"] is None


def test_an_incomplete_report_does_not_reach_the_report_milestone():
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    j.report(500, "network_ops", leave_out=("impact",))
    full = j.report(900, "network_ops")
    j.met(900, "report", latency=540, evidence=(full,))
    ms = by_id(milestones(j.record()))
    assert ms["report"]["reached"] == 900 and full.seq in ms["report"]["evidence"]


def test_task_milestone_uses_the_task_done_record():
    j = Journal()
    j.task("security_engineer", "T1", "cleanup_scan", None, queued=100, started=100, done=5000)
    j.met(5000, "cleanup", latency=5000, evidence=(j.events[-1],))
    ms = by_id(milestones(j.record()))
    assert ms["cleanup"]["reached"] == 5000 and ms["cleanup"]["status"] == "on_time"


def test_speed_score_is_the_mean_of_scored_milestones():
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    j.met(960, "report", latency=600, evidence=(j.report(960, "network_ops"),))
    rows = milestones(j.record())
    scored = [r["score"] for r in rows if r["score"] is not None]
    assert speed(j.record())["score"]["value"] == pytest.approx(sum(scored) / len(scored),
                                                               abs=1e-3)


def test_reaction_to_an_inject_is_the_first_answer_by_a_recipient():
    j = Journal()
    j.act(100, "network_ops", "acknowledge", {"inject": "first-alert"})   # before it: not counted
    alert = j.inject(360, "first-alert", ["network_ops", "security_engineer"],
                     expects=[{"action": "report_incident", "deadline": 960, "by_role": None}])
    j.act(380, "cio", "acknowledge", {"inject": "first-alert"})          # not a recipient
    j.act(400, "security_engineer", "send_message", {"to": ["cio"], "text": "fyi"})  # unrelated
    ack = j.act(450, "network_ops", "acknowledge", {"inject": "first-alert"})
    met = j.add(700, "expectation.met", inject="first-alert", action="report_incident",
                by="network_ops", deadline=960, latency=340)
    row = inject_reactions(j.record())[0]
    assert row["reaction"] == 90 and row["by"] == "network_ops"
    assert row["evidence"] == [alert.seq, ack.seq]
    assert row["expected"] == [{"action": "report_incident", "deadline": 960, "met": True,
                                "latency": 340, "evidence": [alert.seq, met.seq]}]


def test_a_bot_answer_is_found_through_its_cause_and_a_missed_expectation_is_shown():
    j = Journal()
    alert = j.inject(360, "first-alert", ["network_ops"],
                     expects=[{"action": "report_incident", "deadline": 960, "by_role": None}])
    j.act(420, "network_ops", "start_task", {"task": "rate_limit", "target": "storefront"},
          cause=alert.seq, source="bot")
    j.add(960, "expectation.missed", inject="first-alert", action="report_incident",
          deadline=960)
    row = inject_reactions(j.record())[0]
    assert row["reaction"] == 60
    assert row["expected"][0]["met"] is False and row["expected"][0]["latency"] is None


def test_regulator_milestone_is_not_required_when_the_severity_in_force_needs_no_report():
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    j.act(500, "cio", "set_severity", {"level": "IV"})
    j.not_applicable(7200, "regulator", "IV")          # the engine's verdict at the end
    assert by_id(milestones(j.record()))["regulator"]["status"] == "not_required"
    k = Journal()
    k.inject(360, "first-alert", ["network_ops"])
    k.act(500, "cio", "set_severity", {"level": "III"})
    k.add(7200, "objective.missed", objective="regulator", phase="regulator", target=3600,
          deadline=None, started=True, overdue=None)
    assert by_id(milestones(k.record()))["regulator"]["status"] == "missed"
