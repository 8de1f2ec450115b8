"""The improvement plan (HSEEP's IP): each area for improvement with an owner and a date.

Items are derived from the measurements by fixed rules, so the same journal always gives the same
plan, and each names the measure it targets: next year's report looks that measure up again and
says whether it got better (:mod:`analysis.history`). The rules:

- a milestone late or missed → its phase's corrective action, owned by the role whose plan duty
  is the milestone's action (else the technical group's leader), measure ``elapsed``;
- an incomplete report → training on the report's fields, owned by who filed it;
- an escalation that did not reach its roles → a planning item owned by the leadership group's
  leader;
- a silent group → an organisation item owned by the group's leader;
- facts that never reached the leadership or customer-service group → information sharing;
- tasks that waited more than 15 minutes (p90) for staff or tools → equipment and staffing;
- duplicate or conflicting tasks → a single task board, owned by the technical group's leader;
- a capability rated M or U (by the rule or by the evaluators) → a review of that capability.

Capability elements are HSEEP's POETE: Planning, Organization, Equipment, Training, Exercises
(:data:`ELEMENTS` has their Chinese names).
Due dates count from the day of the drill: 90 days for a missed milestone or a U, else 180 days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from analysis.record import DrillRecord
from simulator.actions import CATALOGUE

ELEMENTS = {"Planning": "规划", "Organization": "组织", "Equipment": "装备", "Training": "培训",
            "Exercises": "演练"}
"""HSEEP's capability elements (POETE) in Chinese."""

PHASE_CAPABILITY = {
    "detect": "detection", "report": "reporting", "instruction": "command",
    "response": "technical_response", "customer": "public_information",
    "regulator": "regulatory", "logistics": "logistics", "recovery": "recovery",
    "cleanup": "recovery", "post_incident": "post_incident",
}

PHASE_ACTION = {
    "detect": ("细化监测告警的分级与值守响应要求，确保告警10分钟内有人确认",
               "Tighten alert triage and on-call rules so that an alert is confirmed in 10 min",
               "Planning"),
    "report": ("演练事件报告模板（时间、地点、类型、初步影响），明确首报责任人",
               "Drill the incident report template (time, place, type, impact); name who "
               "files the first report", "Training"),
    "instruction": ("制定按事件级别的指令模板和授权，缩短研判与下达指令的时间",
                    "Write instruction templates and delegations per severity to decide faster",
                    "Planning"),
    "response": ("为主要攻击类型准备处置手册并预先授权技术措施",
                 "Prepare runbooks for the main attack types and pre-authorise the measures",
                 "Planning"),
    "customer": ("预先准备经法务审核的声明模板，缩短对外沟通时间",
                 "Keep statement templates pre-approved by legal to speed up public "
                 "communication", "Planning"),
    "regulator": ("明确监管报告责任人、模板与时限提醒",
                  "Name who reports to the regulator, with a template and a deadline reminder",
                  "Organization"),
    "logistics": ("建立应急资源与经费的快速审批通道",
                  "Set up a fast approval path for emergency resources and funds",
                  "Organization"),
    "recovery": ("定期演练备份恢复并核定恢复时间目标",
                 "Rehearse restores from backup regularly and agree recovery time objectives",
                 "Equipment"),
    "cleanup": ("制定现场清理检查单（撤除临时措施、全面检查）",
                "Write a cleanup checklist (remove temporary measures, full check)", "Planning"),
    "post_incident": ("规定事后报告的时限与三部分内容，并指定撰写人",
                      "Set the deadline and the three parts of the post-incident report, and "
                      "name its author", "Planning"),
}
"""Phase → (corrective action zh, en, capability element)."""


FIELD_NAMES = {
    "system": ("受影响系统", "system affected"), "measures": ("已采取措施", "measures taken"),
    "contact": ("联系人", "contact"), "description": ("事件描述", "description"),
    "process": ("处置过程", "handling process"), "improvements": ("改进建议", "improvements"),
    "time": ("发生时间", "time"), "type": ("事件类型", "type"), "impact": ("影响", "impact"),
}
"""Names of report fields the action catalogue gives no label for."""


def field_name(action: str, field: str, lang: str) -> str:
    """A report field's name in ``lang``: the form's label, else :data:`FIELD_NAMES`."""
    spec = CATALOGUE.get(action)
    arg = next((a for a in spec.args if a.name == field), None) if spec else None
    if arg is not None and arg.label is not None:
        return arg.label.get(lang)
    zh, en = FIELD_NAMES.get(field, (field, field))
    return zh if lang == "zh" else en


def _drill_day(record: DrillRecord) -> date:
    created = record.meta.get("created") or record.started.data.get("starts") or "1970-01-01"
    try:
        return datetime.fromisoformat(created).date()
    except ValueError:
        return date(1970, 1, 1)


def _owner_of(record: DrillRecord, milestone: dict[str, Any]) -> str | None:
    """The role whose plan duty is the milestone's action; of several, one the alert reached."""
    spec = next((o for o in record.scenario.objectives if o.id == milestone["objective"]), None)
    action = getattr(spec.done_when, "action", None) if spec is not None else None
    duty = [role for role, role_spec in record.org.roles.items()
            if action and any(d.do == action for d in role_spec.duties)]
    reached: list[str] = []
    for event in record.of("inject.fired"):
        if event.data["inject"] == milestone["root"]:
            reached = record.org.expand(event.data.get("to", []))
    first = next((role for role in duty if role in reached), None)
    return first or (duty[0] if duty else record.leader("technical"))


def improvements(record: DrillRecord, m: dict[str, Any]) -> list[dict[str, Any]]:
    """The improvement items of this drill, most urgent first."""
    day = _drill_day(record)
    items: list[dict[str, Any]] = []

    def add(kind: str, key: str, issue: tuple[str, str], action: tuple[str, str],
            capability: str, element: str, owner: str | None, measure: str,
            value: Any, better: str, evidence: list[int], urgent: bool) -> None:
        items.append({
            "id": f"{kind}:{key}", "issue": {"zh": issue[0], "en": issue[1]},
            "action": {"zh": action[0], "en": action[1]}, "capability": capability,
            "element": element, "owner": owner,
            "due": (day + timedelta(days=90 if urgent else 180)).isoformat(),
            "measure": measure, "value": value, "better": better, "evidence": evidence,
            "urgent": urgent,
        })

    for ms in m["speed"]["milestones"]:
        if ms["status"] not in ("late", "missed"):
            continue
        zh_act, en_act, element = PHASE_ACTION[ms["phase"]]
        missed = ms["status"] == "missed"
        issue = ((f"未达成：{ms['name']['zh']}", f"Not reached: {ms['name']['en']}") if missed
                 else (f"超时：{ms['name']['zh']}", f"Late: {ms['name']['en']}"))
        add("milestone", ms["objective"], issue, (zh_act, en_act),
            PHASE_CAPABILITY[ms["phase"]], element, _owner_of(record, ms),
            f"speed.milestones.{ms['objective']}.elapsed", ms["elapsed"], "lower",
            ms["evidence"], missed)
    for report in m["coordination"]["reports"]:
        if report["missing"]:
            zh = "、".join(field_name(report["action"], f, "zh") for f in report["missing"])
            en = ", ".join(field_name(report["action"], f, "en") for f in report["missing"])
            add("report", str(report["seq"]),
                (f"{CATALOGUE[report['action']].name.zh}缺少必填项：{zh}",
                 f"{CATALOGUE[report['action']].name.en} lacks required fields: {en}"),
                ("培训报告人员按模板填写全部必填项",
                 "Train reporters to fill every required field"),
                "reporting", "Training", report["by"], "coordination.completeness.value",
                m["coordination"]["completeness"]["value"], "higher", report["evidence"], False)
    for esc in m["coordination"]["escalations"]:
        if esc["reached"] is False:
            action = (("制定依据GB/T 20986与预案的事件定级检查表，并由领导小组复核",
                       "Write a grading checklist from GB/T 20986 and the plan; have the "
                       "leadership group double-check the level")
                      if esc["check"] == "severity_assessed" else
                      ("在预案中写明该上报/传达环节的责任人与时限",
                       "Write who escalates and by when into the plan"))
            add("escalation", esc["check"], (f"未做到：{esc['name']['zh']}",
                                              f"Not done: {esc['name']['en']}"), action,
                "command", "Planning", record.leader("leadership"),
                f"coordination.escalations.{esc['check']}.reached", 0, "higher",
                esc["evidence"], True)
    for group in m["coordination"]["groups"]:
        if group["silent"]:
            add("silent", group["group"], (f"{group['name']['zh']}全程未采取行动",
                                            f"{group['name']['en']} took no action"),
                ("明确该组在事件中的职责并纳入通知名单",
                 "Make the group's duties explicit and put it on the call-out list"),
                "information_sharing", "Organization", record.leader(group["group"]),
                f"coordination.groups.{group['group']}.actions", 0, "higher",
                group["evidence"], True)
    info = m["coordination"]["information_latency"]
    lost = [r for r in m["coordination"]["information"]
            if r["leadership"]["latency"] is None or r["customer_service"]["latency"] is None]
    if lost:
        add("information", "unreached",
            (f"{len(lost)}项关键信息始终未传达到领导小组或客服组（见证据记录）",
             f"{len(lost)} fact(s) never reached leadership or customer service (see the "
             "evidence)"),
            ("建立统一的事件通报群与定时通报机制",
             "Set up one incident channel with timed updates"),
            "information_sharing", "Organization", record.leader("leadership"),
            "coordination.information_latency.unreached", info["unreached"], "lower",
            info["evidence"], False)
    wait = m["coordination"]["tasks"]["wait"]
    if wait["p90"] is not None and wait["p90"] > 900:
        busiest = max(m["coordination"]["tasks"]["utilisation"], key=lambda u: u["waited"])
        add("waits", "p90", ("处置任务等待人员或工具时间过长（P90超过15分钟）",
                             "Tasks waited too long for staff or tools (p90 over 15 min)"),
            ("增加备班人员或工具容量，预先申请应急资源",
             "Add stand-by staff or tool capacity; pre-arrange emergency resources"),
            "logistics", "Equipment", busiest["role"], "coordination.tasks.wait.p90",
            wait["p90"], "lower", wait["evidence"], False)
    tasks = m["coordination"]["tasks"]
    clashes = tasks["duplicates"] + tasks["conflicts"]
    if clashes:
        add("tasks", "clashes", (f"出现{len(clashes)}处重复或冲突的处置任务",
                                 f"{len(clashes)} duplicate or conflicting task(s)"),
            ("由技术组组长维护统一的任务看板并分派任务",
             "Have the technical group's leader keep one task board and assign the work"),
            "technical_response", "Organization", record.leader("technical"),
            "headline.task_clashes", len(clashes), "lower",
            sorted({s for x in clashes for s in x["evidence"]}), False)
    covered = {i["capability"] for i in items}
    for cap in m["ratings"]["capabilities"]:
        if cap["rating"] in ("M", "U") and cap["capability"] not in covered:
            add("capability", cap["capability"],
                (f"能力“{cap['name']['zh']}”评级为{cap['rating']}",
                 f"Capability '{cap['name']['en']}' rated {cap['rating']}"),
                ("复盘该能力的流程、人员与工具，制定专项整改", "Review the capability's process, "
                 "people and tools and plan specific fixes"),
                cap["capability"], "Exercises", record.leader("leadership"),
                f"ratings.capabilities.{cap['capability']}.score", cap["score"], "higher",
                cap["evidence"], cap["rating"] == "U")
    items.sort(key=lambda i: (not i["urgent"], i["due"]))
    return items
