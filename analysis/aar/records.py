"""Journal records told in words, for the after-action report's appendices.

:class:`Names` gives the drill's own names (roles, groups, actions, tasks, tools, services, data
stores, network segments, milestones, facts) in one language, from the organisation and scenario
the journal keeps; :func:`describe` tells one record in one line: an inject with its text, an
action with its key arguments, a task step, a milestone, a threat stage, an observation;
:func:`record_row` makes it a row of the timeline (appendix A) or the evidence records (C), and
:func:`participants` lists the roles for appendix B.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analysis.aar.words import SEP, line, local, say, term
from analysis.format import clock, duration, money
from analysis.record import DrillRecord
from simulator.actions import CATALOGUE
from simulator.records import Event

RECORD_TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {"drill.started": ("演练开始", "drill started"),
             "drill.ended": ("演练结束", "drill ended"),
             "world.sample": ("态势采样", "world sample"),
             "threat.started": ("威胁出现", "threat started"),
             "threat.stage": ("威胁阶段", "threat stage"),
             "threat.mitigated": ("威胁削弱", "threat mitigated"),
             "tool.down": ("工具不可用", "tool down"), "tool.up": ("工具恢复", "tool up"),
             "inject.fired": ("情景注入", "inject"), "fact.learned": ("获知信息", "fact learned"),
             "expectation.met": ("要求的行动按时完成", "expectation met"),
             "expectation.missed": ("要求的行动超期", "expectation missed"),
             "action.taken": ("行动", "action"),
             "action.rejected": ("行动被拒绝", "action rejected"),
             "task.queued": ("任务排队", "task queued"),
             "task.started": ("任务开始", "task started"), "task.done": ("任务完成", "task done"),
             "task.blocked": ("任务受阻", "task blocked"),
             "objective.met": ("里程碑达成", "milestone met"),
             "objective.overdue": ("里程碑超期", "milestone overdue"),
             "bot.slip": ("机器人有意失误", "bot slip"),
             "incident.recovered": ("业务恢复", "recovered"),
             "clock.changed": ("导调调整时钟", "clock changed"),
             "observation.recorded": ("评估员观察", "observation"),
             "bots.changed": ("扮演者变更", "player changed")},
    "stage": {"started": ("开始", "started"), "exploited": ("漏洞被利用", "exploited"),
              "foothold": ("攻击者建立据点", "foothold"), "public": ("泄露被公开", "made public"),
              "contained": ("已遏制", "contained"), "removed": ("已清除", "removed"),
              "ended": ("结束", "ended")},
    "slip": {"late": ("延迟", "late"), "incomplete": ("不完整", "incomplete"),
             "wrong_task": ("措施选错", "wrong measure"), "forgotten": ("遗漏", "forgotten"),
             "duplicate": ("重复", "duplicate")},
}
"""Terms of the journal: event kinds, threat stages, bot slips (domain → id → (zh, en))."""


TIMELINE_KINDS = frozenset({
    "drill.started", "drill.ended", "inject.fired", "action.taken", "action.rejected",
    "objective.met", "objective.overdue", "expectation.missed", "tool.down", "tool.up",
    "threat.started", "threat.stage", "incident.recovered", "observation.recorded",
    "bots.changed", "clock.changed"})
"""The journal records the timeline appendix lists (world samples and task steps are left out)."""


def _term(domain: str, key: Any, lang: str) -> str:
    found = RECORD_TERMS[domain].get(key)
    return str(key) if found is None else found[0] if lang == "zh" else found[1]


class Names:
    """Names of the drill's roles, groups, actions, tasks, tools and targets in one language."""

    def __init__(self, record: DrillRecord, lang: str):
        self.record, self.lang = record, lang
        world = record.scenario.world
        self.targets = {**{k: v.name for k, v in world.services.items()},
                        **{k: v.name for k, v in world.stores.items()},
                        **{k: v.name for k, v in world.segments.items()}}
        self.objectives = {o.id: o.name for o in record.scenario.objectives}
        self.facts = {k: v.text for k, v in record.scenario.facts.items()}

    def _of(self, table: Mapping[str, Any], key: Any) -> str:
        found = table.get(key) if key is not None else None
        return local(getattr(found, "name", found), self.lang) or ("—" if key is None else str(key))

    def paren(self, text: str) -> str:
        """``text`` in brackets after what comes before it."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def role(self, role: Any) -> str:
        """A role's (or group's, or the engine's) name."""
        if role in self.record.org.roles:
            return self._of(self.record.org.roles, role)
        if role in self.record.org.groups:
            return self._of(self.record.org.groups, role)
        return term("actor", role, self.lang)

    def roles(self, roles: Iterable[Any]) -> str:
        """Several roles' names, joined."""
        return SEP[self.lang].join(self.role(r) for r in roles) or say("none", self.lang)

    def action(self, action: Any) -> str:
        """An action's (or a task's, for an expected action) name."""
        if action in CATALOGUE:
            return CATALOGUE[action].name.get(self.lang)
        return self.task(action)

    def task(self, task: Any) -> str:
        """A task type's name."""
        return self._of(self.record.org.tasks, task)

    def tool(self, tool: Any) -> str:
        """A tool's name."""
        return self._of(self.record.org.tools, tool)

    def target(self, target: Any) -> str:
        """A service's, data store's or network segment's name."""
        return self._of(self.targets, target)

    def objective(self, objective: Any) -> str:
        """A milestone's name."""
        return self._of(self.objectives, objective)

    def fact(self, fact: Any) -> str:
        """A fact's text."""
        return self._of(self.facts, fact)


def _args(data: dict[str, Any], n: Names) -> str:
    """An action's key arguments in one line."""
    lang, action = n.lang, data.get("action")
    args, result = data.get("args") or {}, data.get("result") or {}
    colon = "：" if lang == "zh" else ": "
    to = result.get("recipients") or result.get("to") or args.get("to") or []
    if action in ("report_incident", "report_to_regulator", "file_post_incident_report"):
        fields = [a.name for a in CATALOGUE[action].args]
        parts = [f"{term('field', k, lang)}{colon}{line(args[k], 40)}" for k in fields
                 if args.get(k)]
        missing = [term("field", k, lang) for k in fields if not args.get(k)]
        if missing:
            parts.append(("缺" if lang == "zh" else "missing") + colon + SEP[lang].join(missing))
        return ("；" if lang == "zh" else "; ").join(parts)
    if action == "set_severity":
        return term("severity", args.get("level"), lang)
    if action == "start_task":
        target = f" → {n.target(args['target'])}" if args.get("target") else ""
        return n.task(args.get("task")) + target
    if action == "request_resources":
        amount = (money(args.get("amount"), lang) if args.get("kind") == "funds"
                  else f"{args.get('amount', '')}")
        return (f"{term('resource', args.get('kind'), lang)} {amount}"
                + n.paren(line(args.get("reason"), 60)))
    head = ["→ " + n.roles(to)] if to else []
    head += [term("channel", args[key], lang) if key == "channel" else str(args[key])
             for key in ("channel", "statement", "request", "inject") if args.get(key)]
    body = [line(args["text"], 80)] if args.get("text") else []
    if args.get("tasks"):
        body.append(SEP[lang].join(n.task(t) for t in args["tasks"]))
    text = " ".join(head)
    rest = ("；" if lang == "zh" else "; ").join(body)
    return f"{text}{colon}{rest}" if text and rest else text or rest


def describe(event: Event, n: Names) -> str:
    """One journal record in one line, in the language of ``n``."""
    lang, d, kind = n.lang, event.data, event.kind
    colon = "：" if lang == "zh" else ": "

    def both(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    if kind == "inject.fired":
        head = f"{d.get('inject')}（{term('channel', d.get('channel'), lang)}）" if lang == "zh" \
            else f"{d.get('inject')} ({term('channel', d.get('channel'), lang)})"
        return f"{head} → {n.roles(d.get('to') or [])}{colon}{line(local(d.get('text'), lang))}"
    if kind in ("action.taken", "action.rejected"):
        what = n.action(d.get("action"))
        detail = _args(d, n)
        text = f"{what}{colon}{detail}" if detail else what
        return text + (f"（{d.get('reason')}）" if kind == "action.rejected" else "")
    if kind.startswith("task."):
        task = n.task(d.get("task")) if d.get("task") else ""
        extra = ""
        if kind == "task.queued" and d.get("target"):
            extra = f" → {n.target(d['target'])}"
        elif kind == "task.started" and d.get("waited"):
            extra = n.paren(say("waited", lang, v=duration(d["waited"], lang)))
        elif kind == "task.blocked":
            extra = both(f"（{n.tool(d.get('tool'))}不可用）", f" ({n.tool(d.get('tool'))} down)")
        return f"{d.get('task_id')} {task}{extra}".strip()
    if kind in ("objective.met", "objective.overdue"):
        late = both("（超时）", " (late)") if d.get("late") else ""
        return n.objective(d.get("objective")) + late
    if kind in ("expectation.met", "expectation.missed"):
        return both(f"{d.get('inject')} 要求的“{n.action(d.get('action'))}”",
                    f"{d.get('inject')} expected “{n.action(d.get('action'))}”")
    if kind in ("threat.started", "threat.stage", "threat.mitigated"):
        head = str(d.get("threat"))
        if kind == "threat.started":
            return f"{head} → {n.target(d.get('target'))}"
        if kind == "threat.stage":
            return f"{head}{colon}{_term('stage', d.get('stage'), lang)}"
        left = f"{float(d.get('remaining') or 0):.0%}"
        return both(f"{head} 被“{n.task(d.get('task'))}”削弱，剩余{left}",
                    f"{head} weakened by “{n.task(d.get('task'))}”, {left} left")
    if kind == "tool.down":
        return f"{n.tool(d.get('tool'))}{colon}{line(local(d.get('reason'), lang))}".rstrip(colon)
    if kind == "tool.up":
        return n.tool(d.get("tool"))
    if kind == "fact.learned":
        return f"{n.role(d.get('role'))}{colon}{line(n.fact(d.get('fact')))}（#{d.get('via')}）"
    if kind == "world.sample":
        m = d.get("measures") or {}
        ratio, lost = f"{m.get('orders.ratio', 1):.0%}", money(m.get("money.lost_cny", 0), lang)
        out = f"{m.get('records.exfiltrated', 0):,.0f}"
        said = f"{m.get('complaints.total', 0):,.0f}"
        return both(f"订单为平时的{ratio}，累计损失{lost}，泄露{out}条，投诉{said}起",
                    f"orders {ratio} of normal, {lost} lost, {out} records out, {said} complaints")
    if kind == "observation.recorded":
        return f"{d.get('capability')} {d.get('rating')}{colon}{line(d.get('text'))}"
    if kind == "bot.slip":
        return f"{_term('slip', d.get('slip'), lang)}（{d.get('duty')}）"
    if kind == "bots.changed":
        player = say("bot", lang) if d.get("bot") else say("people", lang)
        return f"{n.role(d.get('role'))} → {player}"
    if kind == "clock.changed":
        command = d.get("command") or {}
        return " ".join(str(x) for x in (command.get("action"), *(command.get("args") or {})
                                         .values()) if x is not None)
    if kind == "drill.ended":
        return term("ended", d.get("reason"), lang)
    if kind == "drill.started":
        return local(d.get("title"), lang)
    return ""


def participants(rep: Any) -> list[dict[str, Any]]:
    """Appendix B: each role, its group, who played it and how many actions it took."""
    d = rep.m["drill"]
    people, bots = set(d["people"]), set(d["bots"])
    acted = {r["role"]: r for g in rep.m["coordination"]["groups"] for r in g["roles"]}
    out = []
    for role, spec in rep.r.org.roles.items():
        row = acted.get(role, {"actions": 0, "by_people": 0, "by_bots": 0})
        out.append({"role": rep.n.role(role), "group": rep.n.role(spec.group),
                    "played_by": rep.played(role, people, bots), "actions": row["actions"],
                    "by_people": row["by_people"], "by_bots": row["by_bots"]})
    return out


def record_row(rep: Any, event: Event | None, seq: int | None = None) -> dict[str, Any]:
    """One journal record as a row of the timeline or the evidence appendix."""
    if event is None:
        return {"seq": seq, "time": "—", "kind": "—", "code": "", "who": "—",
                "what": rep.w("not_in_journal"), "cited": False}
    who = rep.n.role(event.actor)
    if event.data.get("source") == "bot":
        who += f"·{rep.w('bot')}" if rep.lang == "zh" else f" ({rep.w('bot')})"
    return {"seq": event.seq, "time": clock(event.t),
            "kind": _term("kind", event.kind, rep.lang), "code": event.kind, "who": who,
            "what": describe(event, rep.n),
            "cited": event.seq in rep.cited}
