"""Warnings about a scenario that loads but will not play as its author meant.

A scenario can be well formed, with every id known, and still contain dead parts: an inject that
can never fire, a role that never hears anything and has nothing to do, an objective that no
one in the organisation can meet. The drill would run, and the facilitator would learn it on the
day. ``warroom validate`` prints these as warnings (``file:line:col: warning: field: message``);
they do not make the file invalid.

Impossibility is judged from the data alone: a world threshold outside the range of its measure
(:func:`simulator.scenario.measures.measure_range`), an action no role of the organisation may
take, a task whose team may not start tasks. In ``all`` one impossible part is enough; in
``any`` every part must be impossible.
"""

from __future__ import annotations

from pathlib import Path

from simulator.actions import CATALOGUE
from simulator.duration import format_duration
from simulator.org.model import Organisation
from simulator.scenario.conditions import (
    ActionCondition,
    AllCondition,
    AnyCondition,
    Condition,
    TaskCondition,
    WorldCondition,
)
from simulator.scenario.errors import Problem, ScenarioError, quote, sort_problems
from simulator.scenario.loader import Loaded, org_from_source, scenario_from_source
from simulator.scenario.measures import measure_range
from simulator.scenario.model import Scenario
from simulator.scenario.source import FieldPath, Source, read_source


def is_org_file(path: Path, source: Source) -> bool:
    """An organisation file: under an ``org/`` folder, or with top-level ``groups``."""
    return path.parent.name == "org" or "groups" in source.data


def check_file(path: str | Path, *, org: str | Path | None = None) -> list[Problem]:
    """Every error and warning of a scenario or organisation file, sorted; never raises.

    Args:
        path: The file (see :func:`is_org_file` for how its kind is told).
        org: For a scenario, an organisation file or bundled id to check it against instead
            of the scenario's own ``org``.
    """
    try:
        source = read_source(path, str(path))
        if is_org_file(Path(path), source):
            found = org_from_source(source)
            return sort_problems(lint_org(found, source))
        return sort_problems(lint(scenario_from_source(source, path=Path(path), org=org)))
    except ScenarioError as error:
        return error.problems


def lint(loaded: Loaded) -> list[Problem]:
    """Every warning about a loaded scenario and its organisation file."""
    problems = []
    if loaded.source is not None:
        problems += lint_scenario(loaded.scenario, loaded.org, loaded.source)
    if loaded.org_source is not None:
        problems += lint_org(loaded.org, loaded.org_source)
    return problems


def lint_scenario(scenario: Scenario, org: Organisation, source: Source) -> list[Problem]:
    """Warnings about ``scenario`` (already checked by the loader) played by ``org``."""
    out: list[Problem] = []

    def warn(path: FieldPath, message: str, *, key: bool = False) -> None:
        out.append(source.problem(path, message, key=key, severity="warning"))

    fallbacks = {e.otherwise for i in scenario.injects for e in i.expects if e.otherwise}
    length = scenario.length
    for i, inject in enumerate(scenario.injects):
        path = ("injects", i)
        if inject.contingency_only and inject.id not in fallbacks:
            warn((*path, "id"), "never fires: it has no at or when, and no expects.else names it")
        if inject.at is not None and inject.at > length:
            warn((*path, "at"), f"never fires: at {format_duration(inject.at)} is after the "
                 f"drill ends ({format_duration(length)})")
        if inject.when is not None:
            for where, reason in _impossible(inject.when, (*path, "when"), scenario, org):
                warn(where, f"never fires: {reason}")
        for k, expect in enumerate(inject.expects):
            reason = _expect_unmet(expect.action, expect.by_role, inject.to, org)
            if reason:
                warn((*path, "expects", k, "action"), reason)
    for i, threat in enumerate(scenario.threats):
        if threat.start_when is not None:
            cpath = ("threats", i, "start_when")
            for where, reason in _impossible(threat.start_when, cpath, scenario, org):
                warn(where, f"never starts: {reason}")
    inject_ids = {i.id for i in scenario.injects}
    for i, objective in enumerate(scenario.objectives):
        path = ("objectives", i)
        for where, reason in _impossible(objective.done_when, (*path, "done_when"), scenario,
                                         org):
            warn(where, f"can never be met: {reason}")
        target = objective.target
        if target.after is None and target.within > length:
            warn((*path, "target"), f"target {format_duration(target.within)} is after the drill "
                 f"ends ({format_duration(length)})")
        if objective.id in inject_ids:
            warn((*path, "id"), f"{quote(objective.id)} is also an inject id; "
                 f"'after: {objective.id}' will mean the inject")
    reached = set(org.expand([r for i in scenario.injects for r in i.to
                              if r in org.roles or r in org.groups]))
    for rid, role in org.roles.items():
        if rid not in reached and not role.duties:
            warn(("injects",), f"role {quote(rid)} receives no inject and has no duty: it will "
                 "have nothing to do", key=True)
    return out


def lint_org(org: Organisation, source: Source) -> list[Problem]:
    """Warnings about an organisation file (already checked by the loader)."""
    used = {t for role in org.roles.values() for t in role.tools}
    used.update(t for task in org.tasks.values() for t in task.tools)
    return [source.problem(("tools", tid), "no role works with this tool and no task needs it",
                           key=True, severity="warning")
            for tid in org.tools if tid not in used]


def _expect_unmet(action: str, by_role: str | None, to: list[str],
                  org: Organisation) -> str | None:
    if action not in CATALOGUE or (by_role is not None and by_role not in org.roles):
        return None
    if by_role is not None:
        if action not in org.roles[by_role].actions:
            return f"{by_role} may not take {action}, so the expectation cannot be met"
        return None
    recipients = org.expand([r for r in to if r in org.roles or r in org.groups])
    if recipients and not any(action in org.roles[r].actions for r in recipients):
        return f"none of the recipients may take {action}"
    return None


def _impossible(cond: Condition, path: FieldPath, scenario: Scenario,
                org: Organisation) -> list[tuple[FieldPath, str]]:
    """Why ``cond`` can never hold, one reason per impossible part; empty if it may hold."""
    if isinstance(cond, AllCondition):
        return [r for i, c in enumerate(cond.all)
                for r in _impossible(c, (*path, "all", i), scenario, org)]
    if isinstance(cond, AnyCondition):
        reasons = [_impossible(c, (*path, "any", i), scenario, org) for i, c in enumerate(cond.any)]
        return [r for part in reasons for r in part] if all(reasons) else []
    if isinstance(cond, WorldCondition):
        try:
            low, high = measure_range(scenario.world, cond.world)
        except KeyError:
            return []
        if cond.below is not None and cond.below <= low:
            return [((*path, "below"), f"{cond.world} is never below {_num(cond.below)} "
                     f"(it cannot go under {_num(low)})")]
        if cond.above is not None and cond.above >= high:
            return [((*path, "above"), f"{cond.world} is never above {_num(cond.above)} "
                     f"(it cannot go over {_num(high)})")]
        return []
    if isinstance(cond, ActionCondition):
        return _action_impossible(cond, path, org)
    if isinstance(cond, TaskCondition) and cond.task in org.tasks:
        role = org.tasks[cond.task].role
        if role in org.roles and "start_task" not in org.roles[role].actions:
            return [((*path, "task"), f"{cond.task} is done by {role}, who may not start tasks")]
    return []


def _action_impossible(cond: ActionCondition, path: FieldPath,
                       org: Organisation) -> list[tuple[FieldPath, str]]:
    if cond.action not in CATALOGUE:
        return []
    if cond.by_role is not None:
        role = org.roles.get(cond.by_role)
        if role is not None and cond.action not in role.actions:
            return [((*path, "by_role"), f"{cond.by_role} may not take {cond.action}")]
        return []
    if not any(cond.action in role.actions for role in org.roles.values()):
        return [((*path, "action"), f"no role of the organisation may take {cond.action}")]
    return []


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
