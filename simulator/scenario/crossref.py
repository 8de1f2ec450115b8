"""Cross-references: every id a scenario or organisation file names must exist.

The models say what is well formed one value at a time; this module checks what the values
refer to. A scenario refers to the organisation (roles and groups that receive injects, tasks
that mitigate a threat, tools that detect it or fail), to the action catalogue, to its own
world (services, stores, segments and the measures of :mod:`simulator.scenario.measures`),
and to its own injects, objectives, threats and facts. An organisation file refers to its own
groups, roles, tools and tasks, and to the catalogue.

It also checks that what a task needs can be had: a task that needs more people than its
role's headcount, or a tool the organisation lacks, would wait in its queue for ever (the engine
holds a role's staff in a container of the headcount's size), so it is an error, not a drill.

Each problem points at the value that names the unknown id (or asks for too much), so the author
can fix it in place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from simulator.actions import CATALOGUE
from simulator.org.model import Organisation
from simulator.scenario.conditions import (
    ActionCondition,
    AllCondition,
    AnyCondition,
    Condition,
    InjectCondition,
    NotDoneCondition,
    ObjectiveCondition,
    TaskCondition,
    ThreatCondition,
    WorldCondition,
)
from simulator.scenario.errors import QUOTED, Problem, quote
from simulator.scenario.measures import measure_paths
from simulator.scenario.model import Scenario
from simulator.scenario.source import FieldPath, Source
from simulator.scenario.threats import (
    DdosThreat,
    ExfiltrationThreat,
    MalwareThreat,
    Threat,
    VulnerabilityThreat,
)


def unknown(what: str, value: str, known: Iterable[str]) -> str:
    """``unknown role 'netops' (did you mean 'network_ops'?)``."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6) \
        if len(value) <= 2 * QUOTED else []  # a long value is no typo, and slow to compare
    hint = f" (did you mean {quote(close[0])}?)" if close else ""
    return f"unknown {what} {quote(value)}{hint}"


def walk_conditions(cond: Condition, path: FieldPath) -> Iterator[tuple[Condition, FieldPath]]:
    """Yield ``cond`` and every condition nested in it, each with its field path."""
    yield cond, path
    if isinstance(cond, AllCondition | AnyCondition):
        key = "all" if isinstance(cond, AllCondition) else "any"
        for i, child in enumerate(getattr(cond, key)):
            yield from walk_conditions(child, (*path, key, i))


def scenario_conditions(scenario: Scenario) -> Iterator[tuple[Condition, FieldPath]]:
    """Every top-level condition of a scenario with its path (injects, objectives, threats)."""
    for i, threat in enumerate(scenario.threats):
        if threat.start_when is not None:
            yield threat.start_when, ("threats", i, "start_when")
    for i, inject in enumerate(scenario.injects):
        if inject.when is not None:
            yield inject.when, ("injects", i, "when")
    for i, objective in enumerate(scenario.objectives):
        yield objective.done_when, ("objectives", i, "done_when")


def target_after_path(source: Source, path: FieldPath) -> FieldPath:
    """Path of a target's ``after``: inside the mapping, or the target itself if written short."""
    return (*path, "after") if isinstance(source.get(path), dict) else path


class _Refs:
    """Collects problems while checking the ids of one document."""

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: FieldPath, message: str, *, key: bool = False) -> None:
        self.problems.append(self.source.problem(path, message, key=key))

    def need(self, path: FieldPath, value: str | None, what: str, known: Iterable[str], *,
             key: bool = False) -> None:
        known = list(known)
        if value is not None and value not in known:
            self.add(path, unknown(what, value, known), key=key)

    def each(self, path: FieldPath, values: Iterable[str], what: str,
             known: Iterable[str]) -> None:
        known = list(known)
        for i, value in enumerate(values):
            self.need((*path, i), value, what, known)

    def keys(self, path: FieldPath, values: Iterable[str], what: str,
             known: Iterable[str]) -> None:
        known = list(known)
        for value in values:
            self.need((*path, value), value, what, known, key=True)

    def unique(self, section: str, ids: list[str], what: str) -> None:
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in first:
                self.add((section, i, "id"), f"duplicate {what} id {quote(ident)} (also "
                         f"{section}[{first[ident]}])")
            else:
                first[ident] = i


def scenario_problems(scenario: Scenario, org: Organisation, source: Source) -> list[Problem]:
    """Every unknown or duplicate id of ``scenario`` (whose document is ``source``)."""
    refs = _Refs(source)
    if scenario.org != org.id:
        refs.add(("org",), f"the organisation file is {quote(org.id)}, not {quote(scenario.org)}")
    refs.unique("injects", [i.id for i in scenario.injects], "inject")
    refs.unique("objectives", [o.id for o in scenario.objectives], "objective")
    refs.unique("threats", [t.id for t in scenario.threats], "threat")
    _world(refs, scenario)
    tasks = org.tasks
    for fid, fact in scenario.facts.items():
        refs.each(("facts", fid, "found_by"), fact.found_by, "task", tasks)
    for i, threat in enumerate(scenario.threats):
        _threat(refs, scenario, org, threat, ("threats", i))
    for i, outage in enumerate(scenario.outages):
        refs.need(("outages", i, "tool"), outage.tool, "tool", org.tools)
    inject_ids = [i.id for i in scenario.injects]
    anchors = inject_ids + [o.id for o in scenario.objectives]
    recipients = [*org.roles, *org.groups]
    doable = [*CATALOGUE, *tasks]
    for i, inject in enumerate(scenario.injects):
        path = ("injects", i)
        refs.each((*path, "to"), inject.to, "role or group", recipients)
        refs.each((*path, "reveals"), inject.reveals, "fact", scenario.facts)
        for k, expect in enumerate(inject.expects):
            epath = (*path, "expects", k)
            refs.need((*epath, "action"), expect.action, "action or task", doable)
            refs.need((*epath, "by_role"), expect.by_role, "role", org.roles)
            refs.need((*epath, "else"), expect.otherwise, "inject", inject_ids)
    for i, objective in enumerate(scenario.objectives):
        path = target_after_path(source, ("objectives", i, "target"))
        refs.need(path, objective.target.after, "inject or objective", anchors)
    for cond, path in (c for top in scenario_conditions(scenario) for c in walk_conditions(*top)):
        _condition(refs, scenario, org, cond, path, anchors)
    return refs.problems


def _world(refs: _Refs, scenario: Scenario) -> None:
    world = scenario.world
    refs.each(("world", "order_path"), world.order_path, "service", world.services)
    for sid, service in world.services.items():
        for i, dep in enumerate(service.depends_on):
            path = ("world", "services", sid, "depends_on", i)
            if dep == sid:
                refs.add(path, "a service cannot depend on itself")
            else:
                refs.need(path, dep, "service", world.services)
    for sid, segment in world.segments.items():
        refs.each(("world", "segments", sid, "reaches"), segment.reaches, "segment",
                  [s for s in world.segments if s != sid])


def _threat(refs: _Refs, scenario: Scenario, org: Organisation, threat: Threat,
            path: FieldPath) -> None:
    world = scenario.world
    refs.each((*path, "detected_by"), threat.detected_by, "tool", org.tools)
    refs.keys((*path, "mitigated_by"), threat.mitigated_by, "task", org.tasks)
    if isinstance(threat, DdosThreat):
        refs.need((*path, "target"), threat.target, "service", world.services)
        refs.keys((*path, "collateral"), threat.collateral, "task", org.tasks)
    elif isinstance(threat, ExfiltrationThreat):
        refs.need((*path, "store"), threat.store, "store", world.stores)
    elif isinstance(threat, MalwareThreat):
        refs.need((*path, "first"), threat.first, "segment", world.segments)
        for service, segment in threat.impacts.items():
            refs.need((*path, "impacts", service), service, "service", world.services, key=True)
            refs.need((*path, "impacts", service), segment, "segment", world.segments)
    elif isinstance(threat, VulnerabilityThreat):
        refs.need((*path, "target"), threat.target, "service", world.services)
        refs.need((*path, "offline_task"), threat.offline_task, "task", org.tasks)
        refs.each((*path, "evicted_by"), threat.evicted_by, "task", org.tasks)


def _condition(refs: _Refs, scenario: Scenario, org: Organisation, cond: Condition,
               path: FieldPath, anchors: list[str]) -> None:
    if isinstance(cond, WorldCondition):
        refs.need((*path, "world"), cond.world, "measure", sorted(measure_paths(scenario.world)))
    elif isinstance(cond, ActionCondition):
        if cond.action in org.tasks and cond.action not in CATALOGUE:
            refs.add((*path, "action"), f"{quote(cond.action)} is a task, not an action; "
                     f"write {{task: {cond.action}}}")
        elif cond.action not in CATALOGUE:
            refs.need((*path, "action"), cond.action, "action", CATALOGUE)
        else:
            args = [a.name for a in CATALOGUE[cond.action].args]
            for i, name in enumerate(cond.fields):
                if name not in args:
                    refs.add((*path, "fields", i), f"{cond.action} has no field {quote(name)}"
                             + (f" (it has {', '.join(args)})" if args else ""))
        refs.need((*path, "by_role"), cond.by_role, "role", org.roles)
        if cond.by is not None:
            refs.need(target_after_path(refs.source, (*path, "by")), cond.by.after,
                      "inject or objective", anchors)
    elif isinstance(cond, TaskCondition):
        if cond.task in CATALOGUE and cond.task not in org.tasks:
            refs.add((*path, "task"), f"{quote(cond.task)} is an action, not a task; "
                     f"write {{action: {cond.task}}}")
        else:
            refs.need((*path, "task"), cond.task, "task", org.tasks)
        world = scenario.world
        refs.need((*path, "target"), cond.target, "service, store or segment",
                  [*world.services, *world.stores, *world.segments])
        if cond.by is not None:
            refs.need(target_after_path(refs.source, (*path, "by")), cond.by.after,
                      "inject or objective", anchors)
    elif isinstance(cond, NotDoneCondition):
        refs.need((*path, "not_done"), cond.not_done, "action or task", [*CATALOGUE, *org.tasks])
        refs.need(target_after_path(refs.source, (*path, "by")), cond.by.after,
                  "inject or objective", anchors)
    elif isinstance(cond, InjectCondition):
        refs.need((*path, "inject"), cond.inject, "inject", [i.id for i in scenario.injects])
    elif isinstance(cond, ObjectiveCondition):
        refs.need((*path, "objective"), cond.objective, "objective",
                  [o.id for o in scenario.objectives])
    elif isinstance(cond, ThreatCondition):
        refs.need((*path, "threat"), cond.threat, "threat", [t.id for t in scenario.threats])


def org_problems(org: Organisation, source: Source) -> list[Problem]:
    """Every unknown id or forbidden duty of the organisation file ``source``."""
    refs = _Refs(source)
    roles = org.roles
    for gid, group in org.groups.items():
        path = ("groups", gid)
        refs.need((*path, "leader"), group.leader, "role", roles)
        refs.need((*path, "deputy"), group.deputy, "role", roles)
        refs.each((*path, "members"), group.members, "role", roles)
    for rid, role in roles.items():
        path = ("roles", rid)
        refs.need((*path, "group"), role.group, "group", org.groups)
        refs.each((*path, "actions"), role.actions, "action", CATALOGUE)
        refs.each((*path, "tools"), role.tools, "tool", org.tools)
        seen: dict[str, int] = {}
        for k, duty in enumerate(role.duties):
            dpath = (*path, "duties", k)
            if duty.id in seen:
                refs.add((*dpath, "id"),
                         f"duplicate duty id {quote(duty.id)} (also duties[{seen[duty.id]}])")
            seen.setdefault(duty.id, k)
            if duty.do not in CATALOGUE:
                refs.need((*dpath, "do"), duty.do, "action", CATALOGUE)
            elif duty.do not in role.actions:
                refs.add((*dpath, "do"), f"{rid} may not take {quote(duty.do)}; add it to the "
                         "role's actions")
            if duty.task is not None:
                if duty.do != "start_task":
                    refs.add((*dpath, "task"), "a duty names a task only with do: start_task")
                refs.need((*dpath, "task"), duty.task, "task", org.tasks)
    for tid, task in org.tasks.items():
        path = ("tasks", tid)
        if task.role not in roles:
            refs.need((*path, "role"), task.role, "role", roles)
        elif "start_task" not in roles[task.role].actions:
            refs.add((*path, "role"), f"{task.role} may not take start_task, so it cannot "
                     "carry out tasks")
        refs.each((*path, "tools"), task.tools, "tool", org.tools)
        role = roles.get(task.role)
        if role is not None and task.staff > role.headcount:
            refs.add((*path, "staff"), f"needs {task.staff} people of {task.role}, whose "
                     f"headcount is {role.headcount}, so it could never start")
    return refs.problems
