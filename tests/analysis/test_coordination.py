"""Coordination: phase order, report completeness, information and message latency, escalations,
groups."""

from __future__ import annotations

import pytest

from analysis import coordination as co
from analysis.escalation import escalations
from analysis.speed import milestones
from tests.analysis.journals import Journal


def test_phase_order_counts_phases_reached_against_the_plan():
    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    order_ = j.act(500, "cio", "issue_instruction", {"to": ["technical"], "text": "go"})
    j.met(500, "instruct", latency=None, evidence=(order_,))     # before the report
    report = j.report(900, "network_ops")
    j.met(900, "report", latency=540, evidence=(report,))
    order = co.phase_order(milestones(j.record()))
    assert order["inversions"] == [["report", "instruction"]]
    assert order["value"] == 0.0          # one comparable pair, out of order
    j2 = Journal()
    j2.inject(360, "first-alert", ["network_ops"])
    j2.met(500, "report", latency=140, evidence=(j2.report(500, "network_ops"),))
    j2.met(900, "instruct", latency=400, evidence=(
        j2.act(900, "cio", "issue_instruction", {"to": ["technical"], "text": "go"}),))
    assert co.phase_order(milestones(j2.record()))["value"] == 1.0


def test_report_completeness_counts_required_fields():
    j = Journal()
    a = j.report(100, "network_ops", leave_out=("impact",))
    b = j.act(200, "cio", "report_to_regulator", {"time": "t", "system": "s", "type": "x",
                                                  "impact": "", "measures": "", "contact": "c"})
    c = j.act(300, "cio", "file_post_incident_report", {"description": "d", "process": "p",
                                                        "improvements": "i"})
    rows = co.reports(j.record())
    assert [(r["seq"], r["missing"], r["completeness"]) for r in rows] == [
        (a.seq, ["impact"], 0.75), (b.seq, ["impact", "measures"], 0.667), (c.seq, [], 1.0)]
    assert co.completeness(rows)["value"] == pytest.approx((0.75 + 4 / 6 + 1) / 3, abs=1e-3)
    assert co.completeness([])["value"] is None


def test_information_latency_until_leadership_and_customer_service_know():
    j = Journal()
    alert = j.inject(100, "first-alert", ["network_ops"])
    first = j.learn(100, "network_ops", "attack_start", alert.seq)
    report = j.report(400, "network_ops")
    j.learn(400, "security_lead", "attack_start", report.seq)     # the leadership's deputy
    cs = j.learn(1000, "cs_manager", "attack_start", report.seq)
    j.learn(200, "security_engineer", "vector", alert.seq)        # never reaches anyone else
    rows = {r["fact"]: r for r in co.information(j.record())}
    start = rows["attack_start"]
    assert start["first_role"] == "network_ops" and start["first_t"] == 100
    assert start["leadership"]["latency"] == 300 and start["customer_service"]["latency"] == 900
    assert start["customer_service"]["evidence"] == sorted({first.seq, cs.seq, alert.seq,
                                                            report.seq})
    summary = co.information_latency(list(rows.values()))
    assert summary["value"] == 600 and summary["unreached"] == 2


def test_message_response_latency_by_reply_cause_or_task_asked():
    j = Journal()
    msg = j.act(100, "cio", "send_message", {"to": ["security_lead"], "text": "status?"},
                result={"recipients": ["security_lead"]})
    j.act(130, "security_lead", "send_message", {"to": ["legal"], "text": "other"},
          result={"recipients": ["legal"]})                         # not an answer
    j.act(160, "security_lead", "send_message", {"to": ["cio"], "text": "ok",
                                                 "reply_to": str(msg.seq)},
          result={"recipients": ["cio"]})
    order = j.act(200, "cio", "issue_instruction", {"to": ["network_ops"], "text": "limit",
                                                    "tasks": ["rate_limit"]},
                  result={"recipients": ["network_ops"]})
    j.act(230, "network_ops", "start_task", {"task": "rate_limit", "target": "storefront"})
    rows = {r["seq"]: r for r in co.messages(j.record())}
    assert rows[msg.seq]["responses"][0]["latency"] == 60
    assert rows[order.seq]["kind"] == "instruction"
    assert rows[order.seq]["responses"][0]["latency"] == 30
    summary = co.message_latency(list(rows.values()))
    # the reply to msg and the message to legal were never answered
    assert summary["unanswered"] == 2 and summary["value"] == 45


def test_escalations_reach_the_right_roles():
    j = Journal()
    j.report(100, "network_ops")
    j.act(200, "cio", "issue_instruction", {"to": ["technical"], "text": "go"},
          result={"recipients": ["security_engineer", "network_ops", "sysadmin"]})
    j.act(300, "marketing", "publish_statement", {"statement": "S1"})   # never approved
    j.act(400, "cio", "set_severity", {"level": "IV"})                  # no regulator report due
    checks = {c["check"]: c for c in escalations(j.record())}
    assert checks["report_to_leadership"]["reached"] is True
    assert checks["instruction_to_technical"]["reached"] is True
    assert checks["instruction_to_customer_service"]["reached"] is False
    assert checks["statement_reviewed"]["reached"] is False
    assert checks["regulator_reported"]["reached"] is None
    assert checks["resources_approved"]["reached"] is None
    assert checks["management_informed"]["reached"] is False


def test_statement_approved_before_publication_and_regulator_required_at_iii():
    j = Journal()
    j.act(100, "legal", "approve_statement", {"statement": "S1"})
    j.act(200, "marketing", "publish_statement", {"statement": "S1"})
    checks = {c["check"]: c for c in escalations(j.record())}
    assert checks["statement_reviewed"]["reached"] is True
    assert checks["regulator_reported"]["reached"] is False       # severity III needs it


def test_silent_groups_and_who_acted():
    j = Journal()
    j.act(100, "cio", "set_severity", {"level": "III"})
    j.act(200, "security_lead", "send_message", {"to": ["cio"], "text": "x"}, source="bot")
    rows = {g["group"]: g for g in co.groups(j.record())}
    assert rows["leadership"]["actions"] == 2 and not rows["leadership"]["silent"]
    cio = next(r for r in rows["leadership"]["roles"] if r["role"] == "cio")
    assert (cio["by_people"], cio["by_bots"]) == (1, 0)
    assert rows["technical"]["silent"] and rows["customer_service"]["silent"]


def test_severity_assessed_against_the_scenario():
    j = Journal()
    assert {c["check"]: c for c in escalations(j.record())}["severity_assessed"]["reached"] is None
    j.act(100, "cio", "set_severity", {"level": "IV"})
    assert {c["check"]: c for c in escalations(j.record())}["severity_assessed"]["reached"] is False
    j.act(200, "cio", "set_severity", {"level": "III"})
    assert {c["check"]: c for c in escalations(j.record())}["severity_assessed"]["reached"] is True
