"""What a client is told of its drill when it joins: the ``drill`` of the ``welcome`` frame."""

from __future__ import annotations

from typing import Any

from simulator.engine.drill import Drill


def describe(drill: Drill, clock: dict[str, Any], role: str) -> dict[str, Any]:
    """The scenario, clock, organisation, targets, tools and tasks; a role's own actions too."""
    scenario, org = drill.scenario, drill.org
    info: dict[str, Any] = {
        "scenario": scenario.id, "title": scenario.title.as_dict(),
        "summary": scenario.summary.as_dict(), "risk": scenario.risk,
        "severity": scenario.severity, "starts": scenario.starts.isoformat(),
        "length": scenario.length, "clock": clock, "over": drill.is_over,
        "roles": {r: {"name": s.name.as_dict(), "group": s.group}
                  for r, s in org.roles.items()},
        "groups": {g: {"name": s.name.as_dict(), "roles": s.roles()}
                   for g, s in org.groups.items()},
        "bots": list(drill.bot_roles),
    }
    world = scenario.world
    info["targets"] = {
        kind: {tid: target.name.as_dict() for tid, target in places.items()}
        for kind, places in (("service", world.services), ("store", world.stores),
                             ("segment", world.segments))}
    info["regulator"] = {"name": org.regulator.name.as_dict(),
                         "report_within": org.regulator.report_within,
                         "severities": list(org.regulator.severities)}
    if role in org.roles:
        spec = org.roles[role]
        info["actions"] = list(spec.actions)
        info["duties"] = [d.model_dump(mode="json") for d in spec.duties]
        info["sees"] = sorted(org.measures_seen(role))
    info["tools"] = {tid: tool.name.as_dict() for tid, tool in org.tools.items()}
    info["tasks"] = {tid: {"name": task.name.as_dict(), "target": task.target,
                           "role": task.role} for tid, task in org.tasks.items()}
    return info
