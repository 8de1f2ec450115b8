"""The playbook: what a bot writes into each action, by the plan.

Given a duty and what prompted it, :func:`commands` returns the commands a bot sends, or none when
the plan's order says there is nothing to do (the severity is already set, the statement already
published, no mitigation left for this role). A slip drawn by the bot changes what it sends where
that slip applies, and the function says which slip it actually made.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from simulator.actions import REPORT_FIELDS, SEVERITIES
from simulator.duration import format_duration
from simulator.text import Text

if TYPE_CHECKING:
    from simulator.bots.bot import Bot
    from simulator.org.model import Duty
    from simulator.records import Event

Commands = list[tuple[str, dict[str, Any]]]
RISK = {
    "ddos": Text(zh="DDoS攻击", en="DDoS attack"),
    "data_leak": Text(zh="数据泄露", en="Data leak"),
    "malware": Text(zh="恶意软件感染", en="Malware infection"),
    "vulnerability": Text(zh="系统漏洞被利用", en="Exploited system vulnerability"),
}
BRIEF_EVERY = 900.0
"""A bot briefs the leadership group at most this often (seconds)."""
FUNDS_CNY = 200_000


def commands(bot: Bot, duty: Duty, action: str, cause: Event, payload: dict[str, Any],
             slip: str | None) -> tuple[Commands, str | None]:
    """The commands ``bot`` sends for ``duty`` now, and the slip it made (if any)."""
    handler = _HANDLERS.get(action)
    if handler is None:
        return [], None
    out, used = handler(bot, duty, cause, payload, slip)
    return out, (slip if slip == "late" and out else used)


def _say(bot: Bot, zh: str, en: str) -> str:
    return zh if bot.drill.lang == "zh" else en


def _once(bot: Bot, key: str, slip: str | None) -> bool:
    """True the first time ``key`` is asked (or on a duplicate slip)."""
    if key in bot.memory and slip != "duplicate":
        return False
    bot.memory[key] = True
    return True


def _report(bot, duty, cause, payload, slip):
    drill = bot.drill
    if "report_incident" in drill.state.actions and slip != "duplicate":
        return [], None
    scenario = drill.scenario
    when = scenario.starts + timedelta(seconds=cause.t)
    targets = sorted({t.target for t in drill.threats if t.started_at is not None and t.target})
    names = [_place_name(drill, target) for target in targets] or [_say(bot, "平台", "platform")]
    m = drill.world.m
    impact = _say(bot, f"订单量为平时的{m['orders.ratio']:.0%}，投诉{m['complaints.total']:.0f}起",
                  f"orders at {m['orders.ratio']:.0%} of normal, {m['complaints.total']:.0f} "
                  "complaints")
    args = {"time": when.strftime("%Y-%m-%d %H:%M"), "place": "、".join(names),
            "type": f"{RISK[scenario.risk].get(drill.lang)} ({scenario.category})",
            "impact": impact}
    used = None
    if slip == "incomplete":
        drop = bot.rng.choice(len(REPORT_FIELDS), size=int(bot.rng.integers(1, 3)),
                              replace=False)
        for index in sorted(int(i) for i in drop):
            args[REPORT_FIELDS[index]] = ""
        used = slip
    return [("report_incident", args)], used if slip != "duplicate" else slip


def _place_name(drill, target: str) -> str:
    world = drill.scenario.world
    for table in (world.services, world.stores, world.segments):
        if target in table:
            return table[target].name.get(drill.lang)
    return target


def _severity(bot, duty, cause, payload, slip):
    drill = bot.drill
    if drill.state.severity is not None and slip != "duplicate":
        return [], None
    level = drill.scenario.severity
    used = slip if slip == "duplicate" else None
    if slip == "incomplete":  # an underestimate: one level less severe
        level = SEVERITIES[min(len(SEVERITIES) - 1, SEVERITIES.index(level) + 1)]
        used = "incomplete"
    return [("set_severity", {"level": level})], used


def _instruction(bot, duty, cause, payload, slip):
    drill = bot.drill
    if not _once(bot, "instruction", slip) or "issue_instruction" in drill.state.actions \
            and slip != "duplicate":
        return [], None
    org = drill.org
    if bot.role == org.groups["leadership"].leader or bot.role in org.groups["leadership"].roles():
        to = [g for g in ("technical", "customer_service") if g in org.groups]
        to += [r for r in org.groups["leadership"].members if r not in org.groups.get(
            "customer_service").roles()]
    else:
        to = [g for g in org.groups if bot.role in org.groups[g].roles() and g != "leadership"]
    used = slip if slip == "duplicate" else None
    if slip == "incomplete" and "customer_service" in to:
        to.remove("customer_service")  # the escalation does not reach customer service
        used = slip
    level = drill.state.severity or drill.scenario.severity
    text = _say(bot, f"按{level}级事件启动应急响应：技术组立即处置，客服组准备用户沟通。",
                f"Level {level} response: technical group act now, customer service prepare "
                "user communication.")
    return [("issue_instruction", {"to": to, "text": text})], used


def _task(bot, duty, cause, payload, slip):
    drill = bot.drill
    teams = drill.teams
    if duty.task is not None:
        spec = drill.org.tasks[duty.task]
        target = None if spec.target == "none" else _default_target(drill, spec.target)
        if spec.target != "none" and target is None:
            return [], None
        if (teams.active.get((duty.task, target)) or drill.state.did(duty.task, target=target)) \
                and slip != "duplicate":
            return [], None
        return [("start_task", _args(duty.task, target))], slip if slip == "duplicate" else None
    if "issue_instruction" not in drill.state.actions:
        return [], None  # the plan's order: measures follow the leadership's instruction
    if slip == "wrong_task":
        wrong = _wrong_task(bot)
        if wrong:
            return [("start_task", wrong)], slip
    for task, target in _mitigations(bot):
        if teams.active.get((task, target)) and slip != "duplicate":
            continue
        return [("start_task", _args(task, target))], slip if slip == "duplicate" else None
    return [], None


def _args(task: str, target: str | None) -> dict[str, Any]:
    return {"task": task} if target is None else {"task": task, "target": target}


def _default_target(drill, kind: str) -> str | None:
    for threat in drill.threats:
        if threat.started_at is None:
            continue
        spec = threat.spec
        if kind == "service" and spec.kind in ("ddos", "vulnerability"):
            return spec.target
        if kind == "store" and spec.kind == "exfiltration":
            return spec.store
        if kind == "segment" and spec.kind == "malware":
            segments = threat.infected_segments()
            return segments[0] if segments else spec.first
    world = drill.scenario.world
    table = {"service": world.services, "store": world.stores, "segment": world.segments}[kind]
    return next(iter(table), None)


def _mitigations(bot: Bot) -> list[tuple[str, str | None]]:
    """(task, target) pairs this role can run against live threats, most effective first."""
    drill = bot.drill
    found: list[tuple[float, str, str | None]] = []
    for threat in drill.threats:
        if threat.started_at is None or threat.contained:
            continue
        for task, effectiveness in threat.mitigations():
            spec = drill.org.tasks[task]
            if spec.role != bot.role:
                continue
            for target in _threat_targets(threat, task):
                place = None if spec.target == "none" else target
                if spec.target not in ("none", _kind_of(drill, target)):
                    place = _default_target(drill, spec.target)
                    if place is None:
                        continue  # this world has nothing of the kind the task needs
                if drill.state.did(task, target=place):
                    continue
                found.append((effectiveness, task, place))
        if threat.reached("foothold"):
            for task in threat.spec.evicted_by:
                spec = drill.org.tasks[task]
                if spec.role == bot.role and not drill.state.did(task):
                    place = None if spec.target == "none" else _default_target(drill, spec.target)
                    if place is not None or spec.target == "none":
                        found.append((1.0, task, place))
    found.sort(key=lambda item: (-item[0], item[1], item[2] or ""))
    return [(task, target) for _, task, target in found]


def _threat_targets(threat, task: str) -> list[str | None]:
    """Where a measure against ``threat`` goes: for malware, the segments that need it most."""
    if threat.spec.kind != "malware":
        return [threat.target]
    if task == "restore_from_backup":
        return threat.encrypted_segments()
    return threat.infected_segments()


def _kind_of(drill, target: str | None) -> str:
    world = drill.scenario.world
    if target in world.services:
        return "service"
    if target in world.stores:
        return "store"
    return "segment" if target in world.segments else "none"


def _wrong_task(bot: Bot) -> dict[str, Any] | None:
    drill = bot.drill
    useful = {task for threat in drill.threats for task in threat.spec.mitigated_by}
    wrong = sorted(t for t, spec in drill.org.tasks.items()
                   if spec.role == bot.role and spec.effect == "mitigation" and t not in useful)
    if not wrong:
        return None
    task = wrong[int(bot.rng.integers(len(wrong)))]
    target = _default_target(drill, drill.org.tasks[task].target)
    return _args(task, target) if target is not None else None


def _resources(bot, duty, cause, payload, slip):
    if not _once(bot, "resources", slip):
        return [], None
    reason = _say(bot, "应急处置所需的清洗带宽、备用服务器与加班经费",
                  "Scrubbing bandwidth, spare servers and overtime for the response")
    return [("request_resources", {"kind": "funds", "amount": FUNDS_CNY, "reason": reason})], None


def _approve_request(bot, duty, cause, payload, slip):
    request = bot.drill.state.requests.get(payload.get("request", ""))
    if request is None or request.approved_by:
        return [], None
    return [("approve_resources", {"request": request.id})], None


def _draft(bot, duty, cause, payload, slip):
    drill = bot.drill
    out = []
    for channel in ("website", "social_media"):
        if any(s.channel == channel for s in drill.state.statements.values()):
            continue
        text = _say(bot, "我们发现平台出现安全事件，正在全力处置，"
                    "用户数据与资金安全是我们的首要任务，进展将及时公布。",
                    "We have detected a security incident and are handling it. Protecting your "
                    "data and money comes first; we will post updates.")
        out.append(("draft_statement", {"channel": channel, "text": text}))
    return out, None


def _approve_statement(bot, duty, cause, payload, slip):
    statement = bot.drill.state.statements.get(payload.get("statement", ""))
    if statement is None or statement.approved_by:
        return [], None
    return [("approve_statement", {"statement": statement.id})], None


PUBLISHES = {"website": "cs_manager", "social_media": "marketing"}
"""Who publishes on which channel when both are played by bots."""


def _publish(bot, duty, cause, payload, slip):
    statement = bot.drill.state.statements.get(payload.get("statement", ""))
    if statement is None or not statement.approved_by or statement.published_by:
        return [], None
    owner = PUBLISHES.get(statement.channel)
    if owner in bot.drill.org.roles and owner != bot.role:
        return [], None
    return [("publish_statement", {"statement": statement.id})], None


def _notify(bot, duty, cause, payload, slip):
    if "notify_users" in bot.drill.state.actions or not _once(bot, "notify", slip):
        return [], None
    text = _say(bot, "您好，平台近期发生网络安全事件，我们已采取处置措施。"
                "如发现账户异常请及时修改密码并联系客服。",
                "The platform had a security incident and has taken measures. If your account "
                "looks unusual, change your password and contact customer service.")
    return [("notify_users", {"channel": "sms", "text": text})], None


def _regulator(bot, duty, cause, payload, slip):
    drill = bot.drill
    level = drill.state.severity or drill.scenario.severity
    if level not in drill.org.regulator.severities:
        return [], None
    if "report_to_regulator" in drill.state.actions and slip != "duplicate":
        return [], None
    report = next(iter(drill.state.actions.get("report_incident", ())), None)
    got = report.args if report else {}
    measures = sorted({d.args.get("target") or "" for ds in drill.state.tasks.values() for d in ds})
    args = {
        "time": got.get("time") or "", "system": got.get("place") or "",
        "type": got.get("type") or "", "impact": got.get("impact") or "",
        "measures": _say(bot, "已启动应急预案并采取处置措施",
                         "Emergency plan started, measures taken")
        + (f" ({', '.join(m for m in measures if m)})" if any(measures) else ""),
        "contact": drill.org.roles[bot.role].name.get(drill.lang),
    }
    return [("report_to_regulator", args)], None


def _message(bot, duty, cause, payload, slip):
    """Brief the leadership group on a finished task, or pass on an inject that expects it."""
    if "inject" in payload:
        return _relay(bot, payload["inject"])
    if "task" in payload:
        return _brief(bot, payload["task"])
    return [], None


def _relay(bot: Bot, inject_id: str):
    drill = bot.drill
    if not _once(bot, f"relay-{inject_id}", None):
        return [], None
    inject = drill.injects.by_id[inject_id]
    to = ["leadership"] if bot.role not in drill.org.groups["leadership"].roles() else ["technical"]
    text = _say(bot, "转告：", "Passing on: ") + inject.text.get(drill.lang)
    return [("send_message", {"to": to, "text": text})], None


def _brief(bot: Bot, task_id: str):
    drill = bot.drill
    last = bot.memory.get("brief", -BRIEF_EVERY)
    if drill.now - last < BRIEF_EVERY:
        return [], None
    bot.memory["brief"] = drill.now
    task = drill.org.tasks[task_id].name.get(drill.lang)
    text = _say(bot, f"进展：{task}已完成。", f"Progress: {task} done.")
    return [("send_message", {"to": ["leadership"], "text": text})], None


def _reply(bot, duty, cause, payload, slip):
    text = _say(bot, "收到，正在处理。", "Received, on it.")
    return [("send_message", {"to": [payload["from"]], "text": text,
                              "reply_to": str(cause.seq)})], None


def _post_incident(bot, duty, cause, payload, slip):
    drill = bot.drill
    if "file_post_incident_report" in drill.state.actions and slip != "duplicate":
        return [], None
    m = drill.world.m
    args = {
        "description": _say(bot, f"事件类型：{RISK[drill.scenario.risk].zh}；"
                            f"损失约{m['money.lost_cny']:.0f}元，"
                            f"泄露记录{m['records.exfiltrated']:.0f}条。",
                            f"{RISK[drill.scenario.risk].en}; about CNY {m['money.lost_cny']:.0f} "
                            f"lost, {m['records.exfiltrated']:.0f} records exposed."),
        "process": _say(bot, f"历时{format_duration(drill.now)}，"
                        "按预案完成报告、指令、处置与清理。",
                        f"{format_duration(drill.now)} from start; report, instruction, response "
                        "and cleanup done by the plan."),
        "improvements": _say(bot, "缩短上报时间；预先签订流量清洗服务；定期演练。",
                             "Report faster; contract scrubbing in advance; drill regularly."),
    }
    used = None
    if slip == "incomplete":
        args["improvements"] = ""
        used = slip
    return [("file_post_incident_report", args)], used


def _close(bot, duty, cause, payload, slip):
    if bot.drill.state.closed:
        return [], None
    return [("close_incident", {})], None


_HANDLERS = {
    "report_incident": _report, "set_severity": _severity, "issue_instruction": _instruction,
    "start_task": _task, "request_resources": _resources, "approve_resources": _approve_request,
    "draft_statement": _draft, "approve_statement": _approve_statement,
    "publish_statement": _publish, "notify_users": _notify, "report_to_regulator": _regulator,
    "send_message": _message, "reply": _reply, "file_post_incident_report": _post_incident,
    "close_incident": _close,
}
