"""Coordination: whether the groups worked together the way the plan says.

The plan (sections 3 and 4) sets who reports to whom and in what order things happen: the role that
notices an incident reports it to the leadership group with its time, place, type and initial
impact; the leadership group sets the severity and instructs the technical and customer-service
groups; legal reviews what is published; the regulator hears of a serious incident; management gets
the post-incident report. Each measure here checks one of those rules against the journal:

- **phase order**: the plan's phases reached in the plan's order (detection, report, instruction,
  then response, customer communication, regulator and logistics side by side, then recovery,
  cleanup and the post-incident report);
- **report completeness**: each report's required fields that were filled;
- **information latency**: from the moment one role knows a fact of the scenario until the command
  (leader or deputy) of the leadership group, and of the customer-service group, knows it;
- **message response latency**: from a message, instruction or report to the first action that
  answers it (a reply, the task an instruction asked for, or what a bot did because of it);
- **escalations**: whether the plan's escalations reached the roles they must reach;
- **groups**: which groups acted and which stayed silent.

Tasks (duplicates, conflicts, waits) are in :mod:`analysis.tasks`, the communication network in
:mod:`analysis.network`.
"""

from __future__ import annotations

import bisect
from typing import Any

from analysis.evidence import figure, median, num, quantile, rule, seqs, text
from analysis.record import DrillRecord
from simulator.actions import REPORTS
from simulator.records import Event

PHASE_RANK = {
    "detect": 1, "report": 2, "instruction": 3, "response": 4, "customer": 4, "regulator": 4,
    "logistics": 4, "recovery": 5, "cleanup": 6, "post_incident": 7,
}
"""The plan's order of phases (plan section 4); phases of equal rank run side by side."""

MESSAGES = {"send_message": "message", "issue_instruction": "instruction",
            "report_incident": "report"}
"""Actions that carry information from one role to others."""

PHASE_RULE = rule(
    "按预案顺序（发现→报告→指令→处置/用户沟通/监管报告/后勤→恢复→清理→事后报告）比较各阶段首次达成的时间；"
    "得分 = 1 − 逆序对数 / 可比较的阶段对数。",
    "The first time each phase was reached, compared with the plan's order (detect → report → "
    "instruction → response/customer/regulator/logistics → recovery → cleanup → post-incident); "
    "score = 1 − out-of-order pairs / comparable pairs.",
)
COMPLETENESS_RULE = rule(
    "所有报告（事件报告、监管报告、事后报告）已填写必填项所占比例的平均值。",
    "Mean over all reports (incident, regulator, post-incident) of the share of required fields "
    "filled in.",
)
INFO_RULE = rule(
    "某事实首次被任一角色获知，到领导小组指挥（组长或副组长）和客户服务组组长获知所用时间的中位数。",
    "Median time from a fact first known to any role until the leadership group's command "
    "(leader or deputy) and the customer-service group's leader know it.",
)
MESSAGE_RULE = rule(
    "消息、指令或报告发出后，到任一接收方作出回应（回复、执行所要求的措施，或因其而采取的行动）所用时间的中位数。",
    "Median time from a message, instruction or report until a recipient answers it (a reply, "
    "the task asked for, or an action taken because of it).",
)


def phase_order(milestones: list[dict[str, Any]]) -> dict[str, Any]:
    """The phases' first times against the plan's order."""
    first: dict[str, dict[str, Any]] = {}
    for ms in milestones:
        if ms["reached"] is None:
            continue
        best = first.get(ms["phase"])
        if best is None or ms["reached"] < best["reached"]:
            first[ms["phase"]] = ms
    phases = [{"phase": p, "t": first[p]["reached"] if p in first else None,
               "evidence": first[p]["evidence"] if p in first else []} for p in PHASE_RANK]
    reached = [p for p in phases if p["t"] is not None]
    pairs = inversions = 0
    wrong: list[list[str]] = []
    for a in reached:
        for b in reached:
            if PHASE_RANK[a["phase"]] < PHASE_RANK[b["phase"]]:
                pairs += 1
                if b["t"] < a["t"]:
                    inversions += 1
                    wrong.append([a["phase"], b["phase"]])
    value = 1.0 - inversions / pairs if pairs else None
    return {"phases": phases, "inversions": wrong,
            **figure(value, [s for p in reached for s in p["evidence"]], rule=PHASE_RULE)}


def reports(record: DrillRecord) -> list[dict[str, Any]]:
    """Every report filed, with the required fields it left empty."""
    out = []
    for event in record.of("action.taken"):
        fields = REPORTS.get(event.data["action"])
        if fields is None:
            continue
        missing = list((event.data.get("result") or {}).get("missing", []))
        out.append({
            "action": event.data["action"], "seq": event.seq, "t": num(event.t),
            "by": event.actor, "fields": list(fields), "missing": missing,
            "completeness": num(1 - len(missing) / len(fields)), "evidence": [event.seq],
        })
    return out


def completeness(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean completeness of all reports (None when nothing was reported)."""
    value = sum(r["completeness"] for r in rows) / len(rows) if rows else None
    return figure(value, [r["seq"] for r in rows], rule=COMPLETENESS_RULE)


def _command(record: DrillRecord, group: str) -> set[str]:
    spec = record.org.groups.get(group)
    if spec is None:
        return set()
    return {r for r in (spec.leader, spec.deputy) if r}


def information(record: DrillRecord) -> list[dict[str, Any]]:
    """Each fact: who knew it first, and when the leadership and customer-service groups knew."""
    learned: dict[str, list[Event]] = {}
    for event in record.of("fact.learned"):
        learned.setdefault(event.data["fact"], []).append(event)
    groups = {"leadership": _command(record, "leadership"),
              "customer_service": _command(record, "customer_service")}
    out = []
    for fact, events in learned.items():
        first = min(events, key=lambda e: (e.t, e.seq))
        row: dict[str, Any] = {
            "fact": fact, "text": text(getattr(record.scenario.facts.get(fact), "text", None)),
            "first_t": num(first.t), "first_role": first.data["role"],
        }
        for name, roles in groups.items():
            hit = next((e for e in sorted(events, key=lambda e: (e.t, e.seq))
                        if e.data["role"] in roles), None)
            row[name] = {
                "t": num(hit.t) if hit else None,
                "latency": num(hit.t - first.t) if hit else None,
                "evidence": seqs(first, hit, first.data.get("via"),
                                 hit.data.get("via") if hit else None),
            }
        out.append(row)
    return out


def information_latency(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Median and 90th percentile of the information latencies, and how many never arrived."""
    reached = [r[g] for r in rows for g in ("leadership", "customer_service")]
    latencies = [x["latency"] for x in reached if x["latency"] is not None]
    return figure(median(latencies), [s for x in reached for s in x["evidence"]],
                  p90=num(quantile(latencies, 0.9)),
                  unreached=sum(1 for x in reached if x["latency"] is None), rule=INFO_RULE)


class _Answers:
    """The first action of each role that answers a given event, found through indexes.

    An answer to a message is a role's action that names it: ``cause`` (what a bot acted on),
    ``reply_to`` (a reply), or, for an instruction that asked for tasks, the first of those tasks
    the role started after it.
    """

    def __init__(self, actions: list[Event]):
        self.linked: dict[tuple[str, int], Event] = {}
        self.started: dict[tuple[str, str], list[Event]] = {}
        for event in actions:
            data = event.data
            args = data.get("args") or {}
            refs = {data.get("cause"), args.get("reply_to")}
            for ref in refs:
                if ref is not None and str(ref).isdigit():
                    self.linked.setdefault((event.actor, int(ref)), event)
            if data["action"] == "start_task":
                self.started.setdefault((event.actor, args.get("task")), []).append(event)

    def first(self, role: str, message: Event) -> Event | None:
        linked = self.linked.get((role, message.seq))  # names the message, so comes after it
        tasks = (message.data.get("args") or {}).get("tasks")
        if not tasks:
            return linked
        found = [linked]
        for task in tasks:
            later = self.started.get((role, task), [])
            index = bisect.bisect_right([e.seq for e in later], message.seq)
            found.append(later[index] if index < len(later) else None)
        hits = [e for e in found if e is not None and e.seq > message.seq]
        return min(hits, key=lambda e: e.seq) if hits else None


def messages(record: DrillRecord) -> list[dict[str, Any]]:
    """Each message, instruction and incident report with its recipients' answers."""
    actions = record.of("action.taken")
    answers = _Answers(actions)
    out = []
    for msg in actions:
        kind = MESSAGES.get(msg.data["action"])
        if kind is None:
            continue
        result = msg.data.get("result") or {}
        to = [r for r in (result.get("recipients") or result.get("to") or []) if r != msg.actor]
        responses = []
        for role in to:
            answer = answers.first(role, msg)
            responses.append({"role": role,  # an answer always comes after its message
                              "latency": num(answer.t - msg.t) if answer else None,
                              "evidence": [msg.seq, answer.seq] if answer else [msg.seq]})
        out.append({"seq": msg.seq, "t": num(msg.t), "from": msg.actor, "to": to, "kind": kind,
                    "responses": responses})
    return out


def message_latency(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Median and 90th percentile of the time to a message's first answer."""
    firsts = []
    evidence: list[int] = []
    unanswered = 0
    for row in rows:
        answered = [r for r in row["responses"] if r["latency"] is not None]
        if not row["responses"]:
            continue
        if not answered:
            unanswered += 1
            evidence.append(row["seq"])
            continue
        best = min(answered, key=lambda r: r["latency"])
        firsts.append(best["latency"])
        evidence.extend(best["evidence"])
    return figure(median(firsts), evidence, p90=num(quantile(firsts, 0.9)),
                  unanswered=unanswered, rule=MESSAGE_RULE)


def _reaches_someone(event: Event) -> bool:
    """Whether an action counts as its group acting: a message must reach someone but its sender.

    A message to oneself (or to a group of one's own that holds nobody else) informs no one; if
    it counted, a silent group could raise coordination by talking to itself.
    """
    result = event.data.get("result") or {}
    if "recipients" not in result:
        return True
    return any(role != event.actor for role in result["recipients"])


def groups(record: DrillRecord) -> list[dict[str, Any]]:
    """Each group's actions, by role and by people or bots; a group with none stayed silent.

    Messages that reach no one but their sender are not counted (:func:`_reaches_someone`).
    """
    by_role: dict[str, list[Event]] = {}
    for event in record.of("action.taken"):
        if _reaches_someone(event):
            by_role.setdefault(event.actor, []).append(event)
    out = []
    for gid, spec in record.org.groups.items():
        members = [r for r, role in record.org.roles.items() if role.group == gid]
        rows, evidence = [], []
        for role in members:
            mine = by_role.get(role, [])
            evidence.extend(e.seq for e in mine)
            people = sum(1 for e in mine if e.data.get("source") == "human")
            rows.append({"role": role, "name": text(record.org.roles[role].name),
                         "actions": len(mine), "by_people": people,
                         "by_bots": len(mine) - people})
        total = sum(r["actions"] for r in rows)
        out.append({"group": gid, "name": text(spec.name), "actions": total,
                    "silent": total == 0, "roles": rows, "evidence": seqs(evidence)})
    return out
