"""The after-action report's sections built from the measurements, as text with its evidence.

The executive summary (a few sentences from the headline figures), response speed (milestones,
reactions to injects), coordination (phase order, reports, information, messages, escalations,
groups, tasks, network), impact and cost, the GB/T 38645 table, the improvement plan and what
became of last drill's items. Each function takes the report being built
(``analysis.aar.render._Report``: its language, words, names and evidence register) and returns
plain strings and lists for the templates.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from analysis.aar.words import local, term
from analysis.evidence import median
from analysis.format import clock, count, money, score

TIME_KEYS = ("elapsed", "latency", "reaction", "p90")
"""Measures that are durations (a None among them is a milestone or answer that never came)."""


def summary(rep: Any) -> dict[str, Any]:
    """The executive summary: a few sentences from the headline, and the ratings at a glance."""
    bullets = [*_speed_lines(rep), (_coordination_line(rep), "coordination"),
               (_impact_line(rep), "outcome")]
    rated = Counter(c["rating"] for c in rep.caps.values())
    counts = [f"{r} {rated[r]}项" if rep.lang == "zh" else f"{rated[r]} {r}"
              for r in "PSMU" if rated[r]]
    changed = sum(1 for c in rep.caps.values() if c["override"])
    bullets.append((rep.w("s_ratings", n=len(rep.caps), counts=rep.join(counts),
                          na=rep.w("s_na", n=rated[None]) if rated[None] else "",
                          overridden=rep.w("s_overridden", n=changed) if changed else ""),
                    "findings"))
    n, urgent = len(rep.plan_items), sum(i["urgent"] for i in rep.plan_items)
    bullets.append((rep.w("s_plan" if urgent else "s_plan_calm", n=n, urgent=urgent, s=_s(n))
                    if n else rep.w("s_no_plan"), "plan"))
    if rep.follow:
        verdicts = Counter(f["verdict"] for f in rep.follow)
        bullets.append((rep.w("s_follow", n=len(rep.follow), s=_s(len(rep.follow)),
                              better=verdicts["better"], worse=verdicts["worse"]), "follow_up"))
    return {"bullets": [_bullet(rep, text, section) for text, section in bullets],
            "glance": [{"name": local(c["name"], rep.lang), "rating": c["rating"] or "—",
                        "label": rep.rating(c["rating"])} for c in rep.caps.values()]}


def _speed_lines(rep: Any) -> list[tuple[str, str]]:
    """Milestones on time, and the worst two or three of them."""
    h = rep.m["headline"]
    late = [x for x in rep.milestones if x["status"] == "late"]
    missed = [x for x in rep.milestones if x["status"] == "missed"]
    rest = ((rep.w("s_late_n", n=len(late)) if late else "")
            + (rep.w("s_missed_n", n=len(missed)) if missed else ""))
    key = ("s_speed_all" if h["milestones"] and h["milestones"] == h["milestones_on_time"]
           else "s_speed" if h["milestones_on_time"] else "s_speed_none")
    lines = [(rep.w(key, score=rep.pct(h["speed"]), n=h["milestones"],
                    on_time=h["milestones_on_time"], rest=rest), "speed")]
    late.sort(key=lambda x: -((x["latency"] or 0) - x["target"]))  # furthest over first
    worst = [rep.w("s_missed", name=rep.w("quoted", name=rep.ms_name(x))) for x in missed]
    worst += [rep.w("s_late", name=rep.w("quoted", name=rep.ms_name(x)),
                    over=rep.dur((x["latency"] or 0) - x["target"])) for x in late]
    if worst:
        lines.append((rep.w("s_worst", items=rep.join(worst[:3])), "speed"))
    return lines


def _coordination_line(rep: Any) -> str:
    co, h = rep.m["coordination"], rep.m["headline"]
    facts = co["information"]
    missed = sum(1 for f in facts if f["leadership"]["latency"] is None
                 or f["customer_service"]["latency"] is None)
    silent = [local(g["name"], rep.lang) for g in co["groups"] if g["silent"]]
    clashes = h["task_clashes"]
    clauses = [
        rep.w("s_complete", value=rep.pct(co["completeness"]["value"])),
        rep.w("s_unreached", n=len(facts), missed=missed) if missed else rep.w("s_all_reached"),
        rep.w("s_silent", names=rep.join(silent)) if silent else rep.w("s_all_acted"),
        rep.w("s_clashes", n=clashes, s=_s(clashes)) if clashes else rep.w("s_no_clashes")]
    return rep.w("s_coordination", score=rep.pct(h["coordination"]),
                 items=_clauses(rep, clauses, "；"))


def _impact_line(rep: Any) -> str:
    h, lang = rep.m["headline"], rep.lang
    hosts = rep.m["outcome"]["hosts_infected"]["value"]
    impact = [
        rep.w("s_money", v=money(h["money_lost_cny"], lang)) if h["money_lost_cny"]
        else rep.w("s_no_money"),
        rep.w("s_downtime", v=rep.dur(h["downtime"])) if h["downtime"]
        else rep.w("s_no_downtime"),
        rep.w("s_records", v=count(h["records_exposed"])) if h["records_exposed"]
        else rep.w("s_no_records"),
        *([rep.w("s_hosts", v=count(hosts))] if hosts else []),
        rep.w("s_complaints", v=count(h["complaints"])) if h["complaints"]
        else rep.w("s_no_complaints")]
    return rep.w("s_outcome", items=_clauses(rep, impact, "，"))


def _s(n: int) -> str:
    """The English plural ending for ``n`` things."""
    return "" if n == 1 else "s"


def _clauses(rep: Any, items: list[str], zh: str) -> str:
    """Clauses of one sentence, joined by ``zh`` (``；`` or ``，``) or its English match."""
    return (zh if rep.lang == "zh" else "; " if zh == "；" else ", ").join(items)


def _bullet(rep: Any, text: str, section: str) -> dict[str, str]:
    """A summary sentence, pointing to the section with its figures and evidence."""
    stop = "。" if rep.lang == "zh" else "."
    body = text[:-len(stop)] if text.endswith(stop) else text
    return {"text": body, "see": rep.see(section), "stop": stop, "section": section}


def tables(rep: Any) -> dict[str, Any]:
    """Sections 4 to 9 of the report."""
    return {"speed": speed(rep), "coordination": coordination(rep), "outcome": outcome(rep),
            "gbt": gbt(rep), "plan": plan(rep), "follow_up": follow_up(rep)}


def _figure(rep: Any, f: dict[str, Any], text: str) -> dict[str, Any]:
    """A measured figure: its sentence, its rule and its evidence."""
    return {"text": text, "rule": local(f.get("rule"), rep.lang), "evidence": rep.ev(f["evidence"])}


def speed(rep: Any) -> dict[str, Any]:
    """Milestones against their targets and the reaction to injects."""
    rows = [{
        "name": rep.ms_name(x, short=False), "phase": term("phase", x["phase"], rep.lang),
        "target": rep.target(x),
        "reached": clock(x["reached"])[:-3] if x["reached"] is not None else "—",
        "latency": rep.dur(x["latency"]) if x["latency"] is not None
        else rep.w("before_anchor") if x["reached"] is not None else "—",
        "elapsed": (f"{rep.dur(x['elapsed']) if x['elapsed'] is not None else '—'} / "
                    f"{rep.dur(x['budget'])}"),
        "status": x["status"], "status_label": term("status", x["status"], rep.lang),
        "score": score(x["score"]), "evidence": rep.ev(x["evidence"]),
    } for x in rep.milestones]
    sp = rep.m["speed"]
    injects = sp["injects"]
    expected = [e for i in injects for e in i["expected"]]
    reactions = [i["reaction"] for i in injects if i["reaction"] is not None]
    missed = [{"text": rep.w("missed_expectation" if _judged(rep, e) else "pending_expectation",
                             inject=i["inject"], action=rep.n.action(e["action"])),
               "evidence": rep.ev(e["evidence"])}
              for i in injects for e in i["expected"] if not e["met"]]
    return {
        "score": _figure(rep, sp["score"],
                         rep.w("speed_score", score=rep.pct(sp["score"]["value"]))),
        "rows": rows, "missed": missed,
        "injects": {"text": rep.w("inject_summary", n=len(injects),
                                  median=rep.dur(median(reactions)),
                                  met=sum(e["met"] for e in expected), all=len(expected)),
                    "evidence": rep.ev(*(i["evidence"] for i in injects))},
    }


def _judged(rep: Any, expected: dict[str, Any]) -> bool:
    """Whether the engine judged an expected action missed (else the drill ended first)."""
    return any(getattr(rep.r.event(s), "kind", "") == "expectation.missed"
               for s in expected["evidence"])


def coordination(rep: Any) -> dict[str, Any]:
    """How the groups worked together, measure by measure."""
    co, w, lang = rep.m["coordination"], rep.w, rep.lang
    order = co["phase_order"]
    inversions = [w("inversion", a=term("phase", a, lang), b=term("phase", b, lang))
                  for a, b in order["inversions"]]
    info, msg, tasks, net = (co["information_latency"], co["message_latency"], co["tasks"],
                             co["network"])
    wait = tasks["wait"]
    clashes = [{"text": w("duplicate", task=rep.n.task(d["task"]), target=rep.n.target(d["target"]),
                          ids=rep.join(d["task_ids"])), "evidence": rep.ev(d["evidence"])}
               for d in tasks["duplicates"]]
    clashes += [{"text": w("conflict", target=rep.n.target(c["target"]),
                           ids=rep.join(c["task_ids"]), roles=rep.n.roles(c["roles"])),
                 "evidence": rep.ev(c["evidence"])}
                for c in tasks["conflicts"]]
    return {
        "score": _figure(rep, co["score"], w("coordination_score",
                                             score=rep.pct(co["score"]["value"]))),
        "phase_order": {**_figure(rep, order,
                                  w("phase_order_value", score=rep.pct(order["value"]))),
                        "inversions": w("inversions", items=rep.join(inversions))
                        if inversions else ""},
        "completeness": _figure(rep, co["completeness"], w(
            "completeness_value", score=rep.pct(co["completeness"]["value"]))),
        "reports": [{"report": rep.n.action(r["action"]), "by": rep.n.role(r["by"]),
                     "time": clock(r["t"]),
                     "missing": rep.join([term("field", f, lang) for f in r["missing"]])
                     if r["missing"] else "—",
                     "completeness": score(r["completeness"]), "evidence": rep.ev(r["evidence"])}
                    for r in co["reports"]],
        "information": _figure(rep, info, w("info_value", median=rep.dur(info["value"]),
                                            p90=rep.dur(info["p90"]), unreached=info["unreached"])),
        "facts": [{"fact": local(f["text"], lang) or f["fact"],
                   "first": f"{rep.n.role(f['first_role'])} {clock(f['first_t'])}",
                   "leadership": _arrived(rep, f["leadership"]),
                   "customer_service": _arrived(rep, f["customer_service"]),
                   "evidence": rep.ev(f["leadership"]["evidence"],
                                      f["customer_service"]["evidence"])}
                  for f in co["information"]],
        "messages": _figure(rep, msg, w("msg_value", median=rep.dur(msg["value"]),
                                        p90=rep.dur(msg["p90"]), unanswered=msg["unanswered"])),
        "escalations": [{"name": local(e["name"], lang),
                         "done": w("not_applicable") if e["reached"] is None
                         else w("yes" if e["reached"] else "no"),
                         "ok": e["reached"] is not False,
                         "time": clock(e["t"]) if e["t"] is not None else "—",
                         "evidence": rep.ev(e["evidence"])} for e in co["escalations"]],
        "groups": [{"name": local(g["name"], lang), "actions": g["actions"],
                    "by_people": sum(r["by_people"] for r in g["roles"]),
                    "by_bots": sum(r["by_bots"] for r in g["roles"]),
                    "status": w("silent" if g["silent"] else "active"), "silent": g["silent"],
                    "evidence": rep.ev(g["evidence"])} for g in co["groups"]],
        "waits": {"text": w("waits", total=rep.dur(wait["total"]), p90=rep.dur(wait["p90"]),
                            max=rep.dur(wait["max"])) if wait["total"] else w("no_waits"),
                  "evidence": rep.ev(wait["evidence"])},
        "clashes": clashes,
        "network": _figure(rep, net, w("net_value", density=f"{net['density']:.2f}",
                                       centralisation=f"{net['centralisation']:.2f}",
                                       fragmentation=f"{net['fragmentation']:.2f}",
                                       components=net["components"], s=_s(net["components"]))),
        "subs": {key: rep.sub("coordination", i, w(key)) for i, key in enumerate(
            ("phase_order", "reports", "information", "messages", "escalations", "groups",
             "tasks", "network"), 1)},
    }


def _arrived(rep: Any, cell: dict[str, Any]) -> str:
    return rep.dur(cell["latency"]) if cell["latency"] is not None else rep.w("never")


def outcome(rep: Any) -> list[dict[str, Any]]:
    """What the incident cost, figure by figure."""
    o, lang = rep.m["outcome"], rep.lang
    shown = {
        "downtime": rep.dur(o["downtime"]["value"]),
        "orders_lost": count(o["orders_lost"]["value"]),
        "money_lost": money(o["money_lost_cny"]["value"], lang),
        "records_exposed": count(o["records_exposed"]["value"]),
        "hosts_infected": count(o["hosts_infected"]["value"]),
        "complaints": count(o["complaints"]["value"]),
        "sentiment_end": f"{o['sentiment_end']['value']:+.2f}",
        "sentiment_min": f"{o['sentiment_min']['value']:+.2f}",
    }
    source = {"money_lost": "money_lost_cny"}
    return [{"label": rep.w(key), "value": value,
             "evidence": rep.ev(o[source.get(key, key)]["evidence"])}
            for key, value in shown.items()]


def gbt(rep: Any) -> list[dict[str, Any]]:
    """The GB/T 38645 items, scored 1/3/5 by rule and as finally given."""
    rows = []
    for i, item in enumerate(rep.m["ratings"]["gbt38645"], 1):
        override = item["override"]
        rows.append({
            "no": i, "name": local(item["name"], rep.lang),
            "computed": str(item["computed"]) if item["computed"] is not None else "—",
            "final": str(item["rating"]) if item["rating"] is not None else "—",
            "override": rep.paren(rep.w("evaluators", text=override["text"])) if override else "",
            "rule": local(item["rule"], rep.lang), "evidence": rep.ev(item["evidence"]),
        })
    return rows


def measure_label(rep: Any, key: str) -> str:
    """A measure's dotted key (``speed.milestones.report.elapsed``) in words."""
    parts = key.split(".")
    m = rep.m
    if parts[:2] == ["speed", "milestones"] and len(parts) > 2:
        found = [x for x in rep.milestones if x["objective"] == parts[2]]
        return rep.w("m_elapsed", name=rep.ms_name(found[0]) if found else parts[2])
    if parts[:2] == ["coordination", "escalations"] and len(parts) > 2:
        found = [e for e in m["coordination"]["escalations"] if e["check"] == parts[2]]
        return local(found[0]["name"], rep.lang) if found else parts[2]
    if parts[:2] == ["coordination", "groups"] and len(parts) > 2:
        return rep.w("m_actions", name=rep.n.role(parts[2]))
    if parts[:2] == ["ratings", "capabilities"] and len(parts) > 2:
        cap = rep.caps.get(parts[2])
        return rep.w("m_score", name=local(cap["name"], rep.lang) if cap else parts[2])
    named = {"coordination.completeness.value": "reports",
             "coordination.information_latency.unreached": "m_unreached",
             "coordination.tasks.wait.p90": "m_wait", "headline.task_clashes": "m_clashes"}
    return rep.w(named[key]) if key in named else key


def measure_value(rep: Any, key: str, value: Any) -> str:
    """A measure's value, formatted by what it measures."""
    if value is None:
        return rep.w("never_reached") if key.endswith(TIME_KEYS + ("reached",)) else "—"
    if ".escalations." in key:
        return rep.w("yes" if value else "no")
    if key.endswith(TIME_KEYS):
        return rep.dur(value)
    if key.endswith(".reached"):
        return clock(value)
    if key.endswith(("score", "completeness.value")):
        return score(value)
    return count(value)


def plan(rep: Any) -> list[dict[str, Any]]:
    """The improvement plan, urgent items first."""
    rows = []
    for item in rep.plan_items:
        cap = rep.caps.get(item["capability"])
        better = rep.w("lower_better" if item["better"] == "lower" else "higher_better")
        value = measure_value(rep, item["measure"], item["value"])
        rows.append({
            "no": rep.item_no[item["id"]], "urgent": item["urgent"],
            "issue": local(item["issue"], rep.lang), "action": local(item["action"], rep.lang),
            "capability": local(cap["name"], rep.lang) if cap else item["capability"],
            "element": term("element", item["element"], rep.lang),
            "owner": rep.n.role(item["owner"]) if item["owner"] else "—", "due": item["due"],
            "measure": rep.w("measure_now", label=measure_label(rep, item["measure"]),
                             value=value, better=better),
            "key": item["measure"], "evidence": rep.ev(item["evidence"]),
        })
    return rows


def follow_up(rep: Any) -> dict[str, Any]:
    """Last drill's improvement items, their measure then and now, and the verdict."""
    items = rep.follow
    if items is None:
        return {"text": rep.w("no_earlier"), "rows": []}
    if not items:
        return {"text": rep.w("no_items_then"), "rows": []}
    previous = items[0].get("previous_drill") or {}
    scenario = previous.get("scenario") or "—"
    if scenario == rep.m["drill"]["scenario"]:  # the same scenario: say its title
        scenario = local(rep.m["drill"]["title"], rep.lang) or scenario
    text = rep.w("previous", scenario=scenario,
                 date=str(previous.get("created") or "—")[:10])
    rows = [{
        "issue": local(f.get("issue"), rep.lang) or str(f.get("id")),
        "measure": measure_label(rep, f.get("measure") or ""),
        "before": measure_value(rep, f.get("measure") or "", f.get("before")),
        "now": measure_value(rep, f.get("measure") or "", f.get("now")),
        "verdict": f.get("verdict"), "verdict_label": term("verdict", f.get("verdict"), rep.lang),
    } for f in items]
    return {"text": text, "rows": rows}
