"""Who is told of what: one table for the engine's prompts and the consoles' visibility.

When a role acts, two questions follow, and the plan answers both (section 3 says who does what
together, section 4 who must hear of what):

- **who is prompted**: which roles the engine tells that something they must act on happened (a
  bot acts on the prompt; a person sees the event in the inbox). :mod:`simulator.engine.commands`
  and :mod:`simulator.engine.teams` read the ``prompted`` column;
- **who may see it**: which consoles of a live drill are shown the event.
  :mod:`simulator.live.visibility` reads the ``sees`` column (the actor always sees its own
  action).

Both columns name roles with selectors, resolved against the organisation file:

==========================  ===================================================================
selector                    roles
==========================  ===================================================================
``actor``                   the role that acted
``leadership``              the Emergency Response Leadership Group (``leadership``)
``leadership_heads``        that group's leader and deputy
``leadership_deputy``       that group's deputy
``group_leader``            the leader of the actor's own group
``team``                    every role of the actor's groups, the actor included
``recipients``              whom the action reached (``result.recipients`` of a message or an
                            instruction: the roles and groups it named, less the sender)
``everyone``                every role of the organisation
``may:<action>``            the roles the organisation file lets take ``<action>``
``duty:<trigger>``          the roles with a duty on ``<trigger>``
==========================  ===================================================================

A role prompted of an event may always see it (``tests/test_audience.py`` holds the two columns
to that). The order of the selectors is the order in which roles are prompted, which the engine's
determinism depends on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.org.model import Organisation

LEADERSHIP = "leadership"
"""Id of the Emergency Response Leadership Group in the organisation file."""

_STATEMENTS = ("may:draft_statement", "may:approve_statement", "may:publish_statement")


@dataclass(frozen=True, slots=True)
class Audience:
    """Who hears of one kind of event.

    Attributes:
        sees: Selectors of the roles that may see the event (besides its actor, for actions).
        prompted: Selectors of the roles the engine prompts, in prompting order.
        trigger: The prompt's trigger (the ``on`` of duties in the organisation file).
        learns: Selectors of the roles that learn what the actor knows (a report, a message).
    """

    sees: tuple[str, ...]
    prompted: tuple[str, ...] = ()
    trigger: str | None = None
    learns: tuple[str, ...] = ()


ACTIONS: dict[str, Audience] = {
    # 4.1: an incident is reported to the Leadership Group at once.
    "report_incident": Audience(sees=("leadership",), prompted=("leadership",),
                                trigger="incident_reported", learns=("leadership",)),
    # 4.2: the group assesses the report and decides; reporting outside is its business.
    "set_severity": Audience(sees=("leadership",), prompted=("leadership",),
                             trigger="severity_set"),
    "report_to_regulator": Audience(sees=("leadership",)),
    # 4.2, 5.2: instructions and messages reach whom they name.
    "issue_instruction": Audience(sees=("recipients",), prompted=("recipients",),
                                  trigger="instruction", learns=("recipients",)),
    "send_message": Audience(sees=("recipients",), prompted=("recipients",), trigger="message",
                             learns=("recipients",)),
    # 3, 4.3: a group carries out its measures together.
    "start_task": Audience(sees=("team",)),
    # 4.4: logistics is between who asks, who approves and who provides.
    "request_resources": Audience(
        sees=("may:approve_resources", "duty:resources_requested"),
        prompted=("may:approve_resources", "duty:resources_requested"),
        trigger="resources_requested"),
    "approve_resources": Audience(
        sees=("may:approve_resources", "may:request_resources", "duty:resources_requested")),
    # 3, 4.3: a statement passes between customer service, legal and marketing.
    "draft_statement": Audience(sees=_STATEMENTS, prompted=("may:approve_statement",),
                                trigger="statement_drafted"),
    "approve_statement": Audience(sees=_STATEMENTS, prompted=("may:publish_statement",),
                                  trigger="statement_approved"),
    # 4.3, 4.6: public announcements, the end of the response and the post-incident report
    # concern everyone.
    "publish_statement": Audience(sees=("everyone",), prompted=("may:notify_users",),
                                  trigger="statement_published"),
    "notify_users": Audience(sees=("everyone",)),
    "close_incident": Audience(sees=("everyone",)),
    "file_post_incident_report": Audience(sees=("everyone",), prompted=("everyone",),
                                          trigger="post_incident_filed"),
}
"""Who hears of each action; an action not listed (``acknowledge``...) concerns its actor only."""

TASKS = Audience(sees=("team", "leadership_heads"),
                 prompted=("actor", "group_leader", "leadership_deputy"), trigger="task_done")
"""Task events (``task.queued``, ``started``, ``blocked``, ``done``): 3, a team works together;
4.2, the Leadership Group's leader and deputy follow the response. When a task is done the role,
its group's leader and the Leadership Group's deputy are prompted, without dropping repeats: a
group leader finishing its own task is prompted twice, as the engine always did (the bundled
golden runs depend on it)."""

NOTICES: dict[str, tuple[str, ...]] = {
    "contained": ("everyone",),
    "recovered": ("everyone",),
    "cleanup_done": ("everyone",),
    "complaints": ("duty:complaints",),
}
"""Prompts about the state of the response rather than about one event a role must see (their
cause is only the moment they come): every threat contained (4.3), the platform recovered and the
cleanup done (4.5), and the complaints backlog for customer service."""

ACTOR_ONLY = Audience(sees=())
"""An action no rule names: a receipt concerns its sender."""


def of_action(action: str) -> Audience:
    """The audience of ``action`` (its actor only when the table does not list it)."""
    return ACTIONS.get(action, ACTOR_ONLY)


class Resolver:
    """Turns selectors into roles of one organisation (the fixed ones are computed once).

    Args:
        org: The organisation file of the drill.
    """

    def __init__(self, org: Organisation):
        self.org = org
        group = org.groups.get(LEADERSHIP)
        self._fixed: dict[str, list[str]] = {
            "everyone": list(org.roles),
            "leadership": group.roles() if group else [],
            "leadership_heads": [r for r in (group.leader, group.deputy) if r] if group else [],
            "leadership_deputy": [group.deputy] if group and group.deputy else [],
        }

    def fixed(self, selector: str) -> list[str] | None:
        """The roles of a selector that depends on nothing but the organisation, else None."""
        roles = self._fixed.get(selector)
        if roles is not None:
            return roles
        kind, _, name = selector.partition(":")
        if kind == "may":
            roles = [r for r, spec in self.org.roles.items() if name in spec.actions]
        elif kind == "duty":
            roles = [r for r, spec in self.org.roles.items()
                     if any(name in d.on for d in spec.duties)]
        else:
            return None
        self._fixed[selector] = roles
        return roles

    def team(self, actor: str) -> list[str]:
        """Every role of the actor's groups, the actor first."""
        org = self.org
        roles = [actor]
        for gid in org.groups_of(actor):
            if gid in org.groups:
                roles.extend(r for r in org.groups[gid].roles() if r not in roles)
        return roles

    def resolve(self, selectors: Iterable[str], actor: str,
                result: Mapping[str, Any] | None = None, *, unique: bool = True) -> list[str]:
        """The roles ``selectors`` name for an event of ``actor`` (with the action's ``result``).

        Roles come in selector order; ``unique`` drops repeats (the first one stays).
        """
        roles: list[str] = []
        for selector in selectors:
            fixed = self.fixed(selector)
            if fixed is not None:
                roles.extend(fixed)
            elif selector == "actor":
                roles.append(actor)
            elif selector == "recipients":
                roles.extend((result or {}).get("recipients") or ())
            elif selector == "team":
                roles.extend(self.team(actor))
            elif selector == "group_leader":
                group = self.org.groups.get(self.org.roles[actor].group)
                roles.extend([group.leader] if group else [])
            else:
                raise ValueError(f"unknown audience selector {selector!r}")
        return list(dict.fromkeys(roles)) if unique else roles
