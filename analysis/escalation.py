"""Escalations: whether what the plan says must reach a role or group did reach it.

Each check is one rule of the plan, answered from the journal with the records that show it:

- ``report_to_leadership`` (plan 4.1): an incident report reached the leadership group's leader;
- ``instruction_to_technical`` (4.2): an instruction reached the technical group's leader;
- ``instruction_to_customer_service`` (4.2): an instruction reached the customer-service group's
  leader;
- ``statement_reviewed`` (4.3): every published statement was approved before it went out;
- ``severity_assessed`` (4.2): the severity the leadership group set is the scenario's;
- ``regulator_reported`` (CAC rules): the regulator got a report, where the severity requires one;
- ``resources_approved`` (4.4): every resource request was approved;
- ``management_informed`` (4.6): the post-incident report was filed to management.

``reached`` is None where a check does not apply (no statement published, no resources requested,
a severity that needs no regulator report).
"""

from __future__ import annotations

from typing import Any

from analysis.evidence import num, seqs
from analysis.record import DrillRecord
from simulator.records import Event

NAMES = {
    "report_to_leadership": ("事件报告送达应急响应领导小组组长", "Incident report reached the "
                             "leadership group's leader"),
    "instruction_to_technical": ("处置指令送达网络安全技术组组长", "Instruction reached the "
                                 "technical group's leader"),
    "instruction_to_customer_service": ("处置指令送达客户服务组组长", "Instruction reached the "
                                        "customer-service group's leader"),
    "statement_reviewed": ("对外声明发布前经法务审核", "Statements approved before publication"),
    "severity_assessed": ("事件级别研判与场景设定一致", "Severity set as the scenario "
                          "intends"),
    "regulator_reported": ("按事件级别向监管部门报告", "Regulator informed where the severity "
                           "requires it"),
    "resources_approved": ("资源与经费申请获批", "Resource requests approved"),
    "management_informed": ("事后报告提交管理层", "Post-incident report filed to management"),
}


def _check(check: str, reached: bool | None, when: Event | None, evidence: list[Any]
           ) -> dict[str, Any]:
    zh, en = NAMES[check]
    return {"check": check, "name": {"zh": zh, "en": en}, "reached": reached,
            "t": num(when.t) if when is not None and reached else None,
            "evidence": seqs(evidence)}


def _reaching(actions: list[Event], action: str, role: str | None) -> Event | None:
    for event in actions:
        if event.data["action"] != action:
            continue
        result = event.data.get("result") or {}
        if role is not None and role in (result.get("recipients") or result.get("to") or []):
            return event
    return None


def severity(record: DrillRecord) -> str | None:
    """The severity in force at the end: the last one set, else the scenario's."""
    levels = [e.data["args"]["level"] for e in record.of("action.taken")
              if e.data["action"] == "set_severity"]
    return levels[-1] if levels else record.started.data.get("severity")


def escalations(record: DrillRecord) -> list[dict[str, Any]]:
    """Every escalation check of the plan, with its verdict and records."""
    actions = record.of("action.taken")
    by_action: dict[str, list[Event]] = {}
    for event in actions:
        by_action.setdefault(event.data["action"], []).append(event)
    out = []
    for check, action, group in (
        ("report_to_leadership", "report_incident", "leadership"),
        ("instruction_to_technical", "issue_instruction", "technical"),
        ("instruction_to_customer_service", "issue_instruction", "customer_service"),
    ):
        hit = _reaching(actions, action, record.leader(group))
        out.append(_check(check, hit is not None, hit, [hit] if hit else by_action.get(action)))
    approved: dict[str, Event] = {}
    for event in by_action.get("approve_statement", []):
        approved.setdefault(event.data["args"]["statement"], event)
    published = by_action.get("publish_statement", [])
    unreviewed = [p for p in published if p.data["args"]["statement"] not in approved
                  or approved[p.data["args"]["statement"]].seq > p.seq]
    evidence = published + [approved[p.data["args"]["statement"]] for p in published
                            if p.data["args"]["statement"] in approved]
    out.append(_check("statement_reviewed", (not unreviewed) if published else None,
                      published[-1] if published else None, evidence))
    level = severity(record)
    setters = by_action.get("set_severity", [])
    planned = record.started.data.get("severity")
    out.append(_check("severity_assessed", (level == planned) if setters else None,
                      setters[-1] if setters else None, setters))
    required = level in record.org.regulator.severities
    sent = by_action.get("report_to_regulator", [])
    out.append(_check("regulator_reported", bool(sent) if required else None,
                      sent[0] if sent else None, sent[:1] + setters[-1:]))
    requests = by_action.get("request_resources", [])
    approvals = {e.data["args"]["request"]: e for e in by_action.get("approve_resources", [])}
    ids = [(r, (r.data.get("result") or {}).get("request")) for r in requests]
    open_ = [r for r, rid in ids if rid not in approvals]
    last = max((approvals[rid] for _, rid in ids if rid in approvals), key=lambda e: e.seq,
               default=None)
    out.append(_check("resources_approved", (not open_) if requests else None, last,
                      requests + [approvals[rid] for _, rid in ids if rid in approvals]))
    filed = by_action.get("file_post_incident_report", [])
    out.append(_check("management_informed", bool(filed), filed[0] if filed else None, filed[:1]))
    return out
