"""Visibility: which journal events each console may see, and how much of them.

In a live drill every participant's console receives only what its role would know in a real
incident (who sees an action or a task is the ``sees`` column of :mod:`simulator.audience`, the
table the engine's prompts read too); the facilitator (导调) and observers see every event,
unchanged. :class:`Visibility` decides this for one event and one role at a time. It is pure:
no I/O, no clock, no asyncio.

The rules by event kind; "plan" is ``plan/emergency-plan.en.md``, and the facilitator and
observers are left out because they see everything:

============================  ==================================  ================================
kind                          who sees it                         why
============================  ==================================  ================================
``drill.started``,            everyone                            The drill clock and the plan's
``drill.ended``,                                                  milestones (plan 4) are public
``clock.changed``,                                                to participants; the objective
``objective.met``,                                                events give the duties checklist
``objective.overdue``,                                            its state.
``objective.missed``,
``objective.not_applicable``
``incident.recovered``        everyone, with ``measures``         Recovery (plan 4.5) is a public
                              filtered like ``world.sample``      milestone; the world is not.
``bots.changed``              everyone                            Who is played by a bot is public.
``inject.fired``              the roles in ``to``                 A message reaches whom it is
                                                                  sent to; others learn of it by
                                                                  report (plan 4.1) or message.
``expectation.met``,          the recipients of the inject;       The roles an inject asked to act
``expectation.missed``        for ``met`` also the role in        are the ones it holds to
                              ``by``                              account, and the one who acted.
``fact.learned``              the role in ``role``                What a role knows is its own.
``action.taken``              the actor, and by action:           Each group's duties (plan 3) and
                                                                  who must hear of what (plan 4):
- ``report_incident``         ``result.to`` (the leadership       4.1: reported to the Leadership
                              group)                              Group at once.
- ``set_severity``,           the leadership group                4.2: the group assesses the
  ``report_to_regulator``                                         report and decides; reporting
                                                                  outside is its business.
- ``issue_instruction``,      ``result.recipients``               4.2: instructions reach whom
  ``send_message``                                                they name; 5.2: so do messages.
- ``start_task``              every role of the actor's groups    3: a group carries out its
                                                                  measures together (4.3).
- ``request_resources``       roles that may approve resources    4.4: logistics is between who
                              and roles with a duty on            asks, who approves and who
                              ``resources_requested``             provides.
- ``approve_resources``       the approvers and providers above   4.4, without state: every role
                              and every role that may request     that could have asked hears of
                              resources                           an approval.
- ``draft_statement``,        roles that may draft, approve or    3, 4.3: a statement passes
  ``approve_statement``       publish a statement                 between customer service, legal
                                                                  and marketing before it is out.
- ``publish_statement``,      everyone                            Public announcements (4.3), the
  ``notify_users``,                                               post-incident report to all
  ``close_incident``,                                             departments (4.6) and the end of
  ``file_post_incident_``                                         the response concern everyone.
  ``report``
- ``acknowledge``, any other  the actor only                      A receipt concerns its sender.
``action.rejected``           the actor only                      A refusal is feedback to the
                                                                  one refused.
``task.queued``,              every role of the actor's groups,   3: a team works together; the
``task.started``,             and the leader and deputy of the    Leadership Group's leader and
``task.done``,                leadership group                    deputy follow the response
``task.blocked``                                                  (4.2).
``world.sample``              a copy with the measures of the     5.1: the platform is seen
                              families the role sees (its         through the monitoring tools
                              ``sees`` and its tools'             each role works with.
                              ``shows``); hidden when none is
                              left
``tool.down``, ``tool.up``    the roles whose ``tools`` include   Who works with a tool notices it
                              the tool (``emergency_comms``: the  fail (plan 5); others hear of it
                              roles that use it, not everyone)    through injects and messages.
``threat.started``,           nobody                              Ground truth the players must
``threat.stage``,                                                 discover through injects and
``threat.mitigated``,                                             tools. ``threat.mitigated``
``bot.slip``                                                      names no role, so it stays
                                                                  hidden (the team that worked it
                                                                  sees its ``task.done``); a
                                                                  slip is for the facilitator.
``message.read``              the reader and the message's        A read receipt is between the
                              sender (``from``)                   two (plan 5.2: who has read).
``observation.recorded``      nobody                              Evaluators' notes (plan 6) are
                                                                  not shown during the drill.
``codes.changed``,            nobody (the facilitator sees it     A join code's rotation is the
``commands.refused``          whole; observers see                facilitator's business; its hash
                              ``codes.changed`` without its       is not handed to anyone else.
                              ``hash``)
any other kind                nobody                              A safe default.
============================  ==================================  ================================

Measure families map to the world's paths exactly, from the scenario's services, stores and
segments, never by guessing from a name: ``availability`` is ``<service>.availability``;
``traffic`` is ``<service>.load_ratio``; ``orders`` is ``orders.*``; ``money`` is ``money.*``;
``records`` is ``<store>.exfiltrated`` and ``records.exfiltrated``; ``hosts`` is
``<segment>.infected``, ``<segment>.encrypted`` and ``hosts.*``; ``complaints`` is
``complaints.*``; ``sentiment`` is ``sentiment``. A path the world does not have is hidden.

Expectations are shown to their inject's recipients, so :class:`Visibility` remembers the
recipients of every ``inject.fired`` it is given. Call :meth:`Visibility.view` (or
:meth:`Visibility.note`) for every event, in ``seq`` order, for at least one role; calling it
again for the same event and another role is harmless. Task events need no memory: each one's
actor is the role whose team works the task. A role the organisation does not know sees nothing.
:meth:`Visibility.view` never changes the event: it returns the event's own ``data`` when the
role sees all of it, and a new dict when it sees a part (one per distinct view of a sample, shared
by the roles that see alike; treat every result as read-only).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from simulator.audience import ACTIONS, TASKS, Resolver
from simulator.org.model import Organisation
from simulator.records import Event
from simulator.scenario.measures import GLOBAL_MEASURES
from simulator.scenario.model import Scenario

OMNISCIENT = frozenset({"facilitator", "observer"})
"""Consoles that see every event unchanged."""

PUBLIC_KINDS = frozenset({
    "drill.started", "drill.ended", "clock.changed", "objective.met", "objective.overdue",
    "objective.missed", "objective.not_applicable", "bots.changed",
})
"""Kinds every participant sees unchanged."""

_GLOBAL_FAMILY = {
    "orders": "orders", "money": "money", "records": "records", "hosts": "hosts",
    "complaints": "complaints", "sentiment": "sentiment",
}
_SERVICE_FAMILY = {"availability": "availability", "load_ratio": "traffic"}
_STORE_FAMILY = {"exfiltrated": "records"}
_SEGMENT_FAMILY = {"infected": "hosts", "encrypted": "hosts"}

Rule = Callable[[Event, str], "dict[str, Any] | None"]


def measure_families(scenario: Scenario) -> dict[str, str]:
    """Every measure path of the scenario's world, mapped to its family (see the module doc)."""
    world = scenario.world
    families: dict[str, str] = {}
    for ids, table in ((world.services, _SERVICE_FAMILY), (world.stores, _STORE_FAMILY),
                       (world.segments, _SEGMENT_FAMILY)):
        for owner in ids:
            for measure, family in table.items():
                families[f"{owner}.{measure}"] = family
    families.update((path, _GLOBAL_FAMILY[path.partition(".")[0]]) for path in GLOBAL_MEASURES)
    return families


class Visibility:
    """What each role's console may see of each event of one drill.

    Args:
        org: The organisation the drill is played by.
        scenario: The scenario played (its world decides the measure paths).
    """

    def __init__(self, org: Organisation, scenario: Scenario):
        self.org = org
        self.scenario = scenario
        roles = list(org.roles)
        everyone = frozenset(roles)
        self.roles = everyone

        def may(action: str) -> frozenset[str]:
            return frozenset(r for r, spec in org.roles.items() if action in spec.actions)

        def on_duty(trigger: str) -> frozenset[str]:
            return frozenset(r for r, spec in org.roles.items()
                             if any(trigger in d.on for d in spec.duties))

        resolver = Resolver(org)
        self.team: dict[str, frozenset[str]] = {
            role: frozenset(resolver.team(role)) for role in roles}
        """Every role of each role's groups (the role itself included)."""
        self.task_audience = {role: frozenset(resolver.resolve(TASKS.sees, role))
                              for role in roles}
        """Who follows each role's tasks: its groups and the leadership group's heads."""
        self.action_audience: dict[str, frozenset[str]] = {}
        """Who sees an action besides its actor, as far as the organisation alone decides."""
        self._per_event: dict[str, tuple[str, ...]] = {}
        for action, audience in ACTIONS.items():
            fixed = [resolver.fixed(s) for s in audience.sees]
            self.action_audience[action] = frozenset(r for f in fixed if f for r in f)
            self._per_event[action] = tuple(s for s, f in zip(audience.sees, fixed, strict=True)
                                            if f is None)
        self.tool_users = {tool: frozenset(r for r, spec in org.roles.items()
                                           if tool in spec.tools) for tool in org.tools}
        """The roles that work with each tool."""
        self.families = measure_families(scenario)
        self.measures = {
            role: frozenset(p for p, f in self.families.items() if f in org.measures_seen(role))
            for role in roles}
        """The measure paths each role sees."""
        self.inject_to: dict[str, frozenset[str]] = {}
        """Recipients of every inject fired so far, by inject id."""
        self._sample_data: dict[str, Any] | None = None
        self._sample_views: dict[frozenset[str], dict[str, Any] | None] = {}
        self._getters: dict[frozenset[str], tuple[tuple[str, ...], Any]] = {}
        self._rules: dict[str, Rule] = {
            "inject.fired": self._inject,
            "expectation.met": self._expectation,
            "expectation.missed": self._expectation,
            "fact.learned": self._fact,
            "action.taken": self._action,
            "action.rejected": self._actor_only,
            "task.queued": self._task,
            "task.started": self._task,
            "task.done": self._task,
            "task.blocked": self._task,
            "world.sample": self._sample,
            "incident.recovered": self._recovered,
            "tool.down": self._tool,
            "tool.up": self._tool,
            "message.read": self._read,
        }

    # -- the one entry point ------------------------------------------------------------------
    def view(self, event: Event, role: str) -> dict[str, Any] | None:
        """The event's data as ``role`` may see it (possibly a filtered copy), or None if hidden.

        Args:
            event: A journal event; events must be given in ``seq`` order (see the module doc).
            role: An organisation role id, or ``"facilitator"`` / ``"observer"``.

        Returns:
            ``event.data`` itself when ``role`` sees all of it, a new dict when it sees a part
            (shared by the roles that see the same part: treat it as read-only), or None when it
            sees nothing of it.
        """
        if event.kind == "inject.fired":
            self.note(event)
        if role in OMNISCIENT:
            if event.kind == "codes.changed" and role != "facilitator":
                return {k: v for k, v in event.data.items() if k not in ("hash", "command")}
            return event.data
        if role not in self.roles:
            return None
        if event.kind in PUBLIC_KINDS:
            return event.data
        rule = self._rules.get(event.kind)
        return None if rule is None else rule(event, role)

    def note(self, event: Event) -> None:
        """Remember what later events need of ``event`` (idempotent; ``view`` calls it)."""
        if event.kind == "inject.fired":
            data = event.data
            self.inject_to[data["inject"]] = frozenset(data.get("to") or ())

    # -- rules by kind --------------------------------------------------------------------------
    def _read(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if role in (event.actor, event.data.get("from")) else None

    def _inject(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if role in event.data.get("to", ()) else None

    def _expectation(self, event: Event, role: str) -> dict[str, Any] | None:
        data = event.data
        if role in self.inject_to.get(data.get("inject"), ()):
            return data
        if event.kind == "expectation.met" and data.get("by") == role:
            return data
        return None

    def _fact(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if event.data.get("role") == role else None

    def _actor_only(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if event.actor == role else None

    def _action(self, event: Event, role: str) -> dict[str, Any] | None:
        data = event.data
        if event.actor == role:
            return data
        action = data.get("action")
        if role in self.action_audience.get(action, ()):
            return data
        for selector in self._per_event.get(action, ()):
            if selector == "recipients":
                audience = (data.get("result") or {}).get("recipients") or ()
            elif selector == "team":
                audience = self.team.get(event.actor, ())
            else:  # "actor": seen above
                audience = ()
            if role in audience:
                return data
        return None

    def _task(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if role in self.task_audience.get(event.actor, ()) else None

    def _tool(self, event: Event, role: str) -> dict[str, Any] | None:
        return event.data if role in self.tool_users.get(event.data.get("tool"), ()) else None

    def _sample(self, event: Event, role: str) -> dict[str, Any] | None:
        return self._measured(event.data, self.measures[role], hide_empty=True)

    def _recovered(self, event: Event, role: str) -> dict[str, Any] | None:
        return self._measured(event.data, self.measures[role], hide_empty=False)

    def _measured(self, data: dict[str, Any], seen: frozenset[str],
                  hide_empty: bool) -> dict[str, Any] | None:
        """``data`` with only the ``measures`` in ``seen`` (shared by roles that see alike)."""
        if data is not self._sample_data:
            self._sample_data = data
            self._sample_views = {}
        views = self._sample_views
        if seen in views:
            return views[seen]
        measures = data.get("measures") or {}
        kept = self._kept_measures(measures, seen)
        if len(kept) == len(measures) and (kept or not hide_empty):
            out: dict[str, Any] | None = data
        elif not kept and hide_empty:
            out = None
        else:
            out = {**data, "measures": kept}
        views[seen] = out
        return out

    def _kept_measures(self, measures: dict[str, Any], seen: frozenset[str]) -> dict[str, Any]:
        """The entries of ``measures`` whose path is in ``seen``."""
        getter = self._getters.get(seen)
        if getter is None:
            paths = tuple(p for p in self.families if p in seen)
            getter = self._getters[seen] = (paths, itemgetter(*paths) if paths else None)
        paths, get = getter
        if get is not None and len(measures) >= len(paths):
            try:
                values = get(measures)
            except KeyError:  # a world without some of its paths: take the slow way
                pass
            else:
                return dict(zip(paths, values if len(paths) > 1 else (values,), strict=True))
        return {path: value for path, value in measures.items() if path in seen}
