"""Commands: checking and applying the actions of the catalogue.

:func:`check` decides whether a role may take an action now (the organisation file says who may
do what; the state says whether, e.g., a statement exists and is approved); :func:`apply` makes
it happen: it records the action, journals ``action.taken`` with what resulted, and prompts the
roles concerned (the leadership group hears of a report, legal of a draft statement...) by the
table of :mod:`simulator.audience`, the same table the live consoles' visibility reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.actions import CATALOGUE, REPORTS, SEQ, missing_fields
from simulator.audience import of_action
from simulator.engine.state import Done, Request, Statement

if TYPE_CHECKING:
    from simulator.engine.ports import CommandRoom
    from simulator.engine.teams import Teams
    from simulator.records import Event

READABLE = ("send_message", "issue_instruction", "report_incident")
"""Actions whose recipients can mark them read (``message.read``)."""


class Outcome:
    """What became of a submitted command: accepted (with its event) or rejected (with why)."""

    __slots__ = ("event", "reason")

    def __init__(self, event: Event | None = None, reason: str | None = None):
        self.event, self.reason = event, reason

    @property
    def accepted(self) -> bool:
        """Whether the command was applied."""
        return self.reason is None


def check(room: CommandRoom, role: str, action: str, args: dict[str, Any]) -> str | None:
    """Why ``role`` may not take ``action`` with ``args`` now, or None if it may."""
    if room.is_over:
        return "the drill has ended"
    if role not in room.org.roles:
        return f"unknown role {role!r}"
    spec = CATALOGUE.get(action)
    if spec is None:
        return f"unknown action {action!r}"
    if action not in room.org.roles[role].actions:
        return f"{role} may not {action}"
    problem = spec.check(args)
    if problem:
        return problem
    validator = _CHECKS.get(action)
    return validator(room, role, args) if validator else None


def _recipients(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
    for rid in args["to"]:
        if rid not in room.org.roles and rid not in room.org.groups:
            return f"unknown recipient {rid!r}"
    return None


def _task(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
    task = room.org.tasks.get(args["task"])
    if task is None:
        return f"unknown task {args['task']!r}"
    if task.role != role:
        return f"{args['task']} is done by {task.role}, not {role}"
    target = args.get("target")
    world = room.scenario.world
    places = {"service": world.services, "store": world.stores, "segment": world.segments}
    if task.target == "none":
        return None if not target else f"{args['task']} takes no target"
    if not target:
        return f"{args['task']} needs a target {task.target}"
    if target not in places[task.target]:
        return f"unknown {task.target} {target!r}"
    return None


def _statement(state_needed: str):
    def validate(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
        statement = room.state.statements.get(args["statement"])
        if statement is None:
            return f"no statement {args['statement']!r}"
        if state_needed == "drafted" and statement.approved_by:
            return f"{statement.id} is already approved"
        if state_needed == "approved" and not statement.approved_by:
            return f"{statement.id} is not approved by legal yet"
        if state_needed == "approved" and statement.published_by:
            return f"{statement.id} is already published"
        return None
    return validate


def _request(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
    request = room.state.requests.get(args["request"])
    if request is None:
        return f"no request {args['request']!r}"
    return f"{request.id} is already approved" if request.approved_by else None


def _inject(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
    if role not in room.state.received.get(args["inject"], ()):
        return f"{args['inject']!r} did not reach {role}"
    return None


def _reply(room: CommandRoom, role: str, args: dict[str, Any]) -> str | None:
    problem = _recipients(room, role, args)
    if problem or not args.get("reply_to"):
        return problem
    return None if SEQ.fullmatch(str(args["reply_to"])) else "reply_to must be a message's seq"


_CHECKS = {
    "issue_instruction": _recipients,
    "send_message": _reply,
    "start_task": _task,
    "approve_statement": _statement("drafted"),
    "publish_statement": _statement("approved"),
    "approve_resources": _request,
    "acknowledge": _inject,
}


def apply(room: CommandRoom, teams: Teams, role: str, action: str, args: dict[str, Any],
          source: str, cause: int | None, command_id: str | None = None) -> Event:
    """Carry out a checked command, journal it as ``action.taken`` and tell whom it concerns.

    Who is prompted and who learns what the actor knows is the table of
    :mod:`simulator.audience`; this function decides what the prompt says. A ``start_task``
    is handed to ``teams``.
    """
    state = room.state
    result: dict[str, Any] = {}
    org = room.org
    payload: dict[str, Any] = {}
    if action == "report_incident":
        result["to"] = list(room.audience.fixed("leadership") or ())
        result["first"] = "report_incident" not in state.actions
    elif action == "set_severity":
        state.severity = args["level"]
        result["required_regulator"] = args["level"] in org.regulator.severities
        payload = {"level": args["level"]}
    elif action in ("issue_instruction", "send_message"):
        result["recipients"] = [r for r in org.expand(args["to"]) if r != role]
        payload = {"from": role, "named": list(args["to"]), "tasks": args.get("tasks") or [],
                   "reply_to": args.get("reply_to")}
    elif action == "start_task":
        result["task_id"] = teams.next_task_id()
    elif action == "request_resources":
        request = Request(f"Q{len(state.requests) + 1}", args["kind"], float(args["amount"]), role)
        state.requests[request.id] = request
        result["request"] = request.id
        payload = {"request": request.id}
    elif action == "approve_resources":
        state.requests[args["request"]].approved_by = role
    elif action == "draft_statement":
        statement = Statement(f"S{len(state.statements) + 1}", args["channel"], args["text"], role)
        state.statements[statement.id] = statement
        result["statement"] = statement.id
        payload = {"statement": statement.id}
    elif action == "approve_statement":
        statement = state.statements[args["statement"]]
        statement.approved_by = role
        result["channel"] = statement.channel
        payload = {"statement": statement.id, "channel": statement.channel}
    elif action == "publish_statement":
        statement = state.statements[args["statement"]]
        statement.published_by = role
        room.world.statement_published = True
        result["channel"] = statement.channel
        payload = {"statement": statement.id}
    elif action == "notify_users":
        room.world.users_notified = True
    elif action == "report_to_regulator":
        result["deadline"] = org.regulator.report_within
    if action in REPORTS:
        result["missing"] = missing_fields(action, args)
    data = {"action": action, "args": args, "source": source, "cause": cause, "result": result}
    if command_id is not None:
        data["command_id"] = command_id
    event = room.emit("action.taken", role, data)
    state.record_action(action, Done(room.now, role, args, event.seq))
    audience = of_action(action)
    if audience.learns:
        room.learn(room.audience.resolve(audience.learns, role, result),
                    sorted(state.known.get(role, ())), event)
    if action == "start_task":
        teams.begin(result["task_id"], role, args["task"], args.get("target"), event)
    if action == "close_incident":
        state.closed = True
        room.end("closed", role)
    if audience.trigger is not None:
        room.notify(room.audience.resolve(audience.prompted, role, result), audience.trigger,
                     event, payload)
    return event


def mark_read(room: CommandRoom, role: str, message: int | str, command_id: str | None) -> Outcome:
    """Journal that ``role`` read a message (see ``Drill.mark_read``)."""
    seq = int(message) if SEQ.fullmatch(str(message)) else -1
    target = room.events[seq - 1] if 0 < seq <= len(room.events) else None
    if target is None or target.kind != "action.taken" or \
            target.data["action"] not in READABLE:
        return Outcome(reason=f"no message {message!r}")
    result = target.data.get("result") or {}
    if role not in (result.get("recipients") or result.get("to") or []):
        return Outcome(reason=f"message {seq} did not reach {role}")
    if (role, seq) in room.state.read:
        return Outcome(reason=f"message {seq} is already read")
    room.state.read.add((role, seq))
    event = room.emit("message.read", role, {
        "message": seq, "from": target.actor,
        "command": {"action": "read", "args": {"message": str(seq)}, "id": command_id}})
    return Outcome(event=event)
