"""Facilitation: what the drill director (导调) does to a running drill.

The facilitator starts, pauses and resumes the scenario clock and changes its speed, skips
ahead, fires an inject of the MSEL early or an ad-hoc one, records evaluators' observations with
HSEEP ratings, hands roles between people and bots, and ends the drill. Clock commands change
only how the session maps wall time to sim time, but they are journalled like everything else:
a journal shows when the drill was paused, and a replay re-applies every facilitator command at
its place in the stream, so the events keep their sequence numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from simulator.actions import ActionSpec, Arg
from simulator.engine.commands import Outcome
from simulator.scenario.model import Inject
from simulator.text import Text

if TYPE_CHECKING:
    from simulator.engine.injects import InjectScheduler
    from simulator.engine.ports import FacilitatorRoom

RATINGS = ("P", "S", "M", "U")
"""HSEEP performance ratings: Performed without challenges, with Some challenges, with Major
challenges, Unable to be performed."""


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


FACILITATOR_CATALOGUE: dict[str, ActionSpec] = {spec.id: spec for spec in (
    ActionSpec("start", _t("开始演练", "Start"), "detect"),
    ActionSpec("pause", _t("暂停", "Pause"), "detect"),
    ActionSpec("resume", _t("继续", "Resume"), "detect"),
    ActionSpec("speed", _t("调整速度", "Change speed"), "detect", (
        Arg("factor", "number", label=_t("倍速", "Speed factor")),)),
    ActionSpec("skip", _t("快进到下一条消息", "Skip to the next inject"), "detect"),
    ActionSpec("fire_inject", _t("立即下发消息", "Fire inject now"), "detect", (
        Arg("inject", "ref", label=_t("消息", "Inject")),)),
    ActionSpec("adhoc_inject", _t("临时消息", "Ad-hoc inject"), "detect", (
        Arg("to", "refs", label=_t("接收方", "To")),
        Arg("channel", "text", label=_t("渠道", "Channel")),
        Arg("zh", "text", False, label=_t("中文内容", "Text (Chinese)")),
        Arg("en", "text", False, label=_t("英文内容", "Text (English)")),
    )),
    ActionSpec("observation", _t("记录观察", "Record observation"), "detect", (
        Arg("capability", "text", label=_t("能力", "Capability")),
        Arg("rating", "choice", choices=RATINGS, label=_t("评级", "Rating")),
        Arg("text", "text", label=_t("观察记录", "Observation")),
        Arg("roles", "refs", False, label=_t("相关角色", "Roles")),
    )),
    ActionSpec("bots", _t("机器人接管", "Bot takes over"), "detect", (
        Arg("role", "ref", label=_t("角色", "Role")),
        Arg("enabled", "choice", choices=("on", "off"), label=_t("开/关", "On/off")),
    )),
    ActionSpec("end", _t("结束演练", "End the drill"), "detect"),
    ActionSpec("codes", _t("更换或作废加入码", "Rotate or revoke a join code"), "detect", (
        Arg("role", "ref", label=_t("角色", "Role")),
        Arg("do", "choice", choices=("rotate", "revoke"), label=_t("操作", "Do")),
        Arg("hash", "text", False, label=_t("新加入码的散列", "The new code's hash")),
    )),
    ActionSpec("refused", _t("被拒命令计数", "Refused commands counted"), "detect", (
        Arg("role", "ref", label=_t("角色", "Role")),
        Arg("count", "number", label=_t("数量", "Count")),
    )),
)}
"""Every facilitator command by id (the same argument checks as participants' actions).

``codes`` changes a join code: the live session fills in ``hash`` (the new code's hash, never
the code) and journals it as ``codes.changed``. ``refused`` is the session's own: how many
commands of a role were refused and not journalled one by one (``commands.refused``).
"""

SESSION_ONLY = frozenset({"refused"})
"""Commands only the live session gives, never a facilitator's console."""
AFTER_THE_END = frozenset({"codes", "refused"})
"""Commands that still apply once the drill has ended."""
_HASH = re.compile("[0-9a-f]{64}")

CLOCK_COMMANDS = ("start", "pause", "resume", "speed", "skip")
MAX_SPEED = 3600.0


def check(room: FacilitatorRoom, injects: InjectScheduler, action: str, args: dict[str, Any]
          ) -> str | None:
    """Why the facilitator may not give this command now, or None (``injects``: the MSEL)."""
    if room.is_over and action not in AFTER_THE_END:
        return "the drill has ended"
    spec = FACILITATOR_CATALOGUE.get(action)
    if spec is None:
        return f"unknown facilitator command {action!r}"
    problem = spec.check(args)
    if problem:
        return problem
    if action == "speed" and not 0 < args["factor"] <= MAX_SPEED:
        return f"speed must be above 0 and at most {MAX_SPEED:g}"
    if action == "fire_inject":
        if args["inject"] not in injects.by_id:
            return f"unknown inject {args['inject']!r}"
        if args["inject"] in room.state.injects:
            return f"{args['inject']} has already fired"
    if action == "adhoc_inject":
        unknown = [r for r in args["to"] if r not in room.org.roles and r not in room.org.groups]
        if unknown:
            return f"unknown recipient {unknown[0]!r}"
        if not (args.get("zh") or args.get("en")):
            return "an ad-hoc inject needs a text"
    if action == "observation":
        unknown = [r for r in args.get("roles") or [] if r not in room.org.roles]
        if unknown:
            return f"unknown role {unknown[0]!r}"
    if action == "bots" and args["role"] not in room.org.roles:
        return f"unknown role {args['role']!r}"
    if action in ("codes", "refused") and args["role"] not in room.org.roles \
            and args["role"] not in ("facilitator", "observer"):
        return f"unknown role {args['role']!r}"
    if action == "codes" and (args["do"] == "rotate") != bool(_HASH.fullmatch(
            args.get("hash") or "")):
        return "a rotation needs the new code's hash; a revocation takes none"
    return None


def apply(room: FacilitatorRoom, injects: InjectScheduler, action: str, args: dict[str, Any],
          actor: str, command_id: str | None = None) -> Outcome:
    """Carry out a checked facilitator command; returns the outcome with its event.

    Injects fired early or ad hoc go through ``injects``, the drill's scheduler.
    """
    command: dict[str, Any] = {"action": action, "args": args}
    if command_id is not None:
        command["id"] = command_id
    if action in CLOCK_COMMANDS:
        event = room.emit("clock.changed", actor, {"command": command})
    elif action == "fire_inject":
        event = injects.fire(injects.by_id[args["inject"]], None, actor,
                             extra={"command": command})
    elif action == "adhoc_inject":
        text = Text(zh=args.get("zh") or args["en"], en=args.get("en") or args["zh"])
        inject = Inject(id=f"adhoc-{len(injects.adhoc) + 1}", to=args["to"],
                        channel=args["channel"] if args["channel"] in _CHANNELS else "briefing",
                        text=text)
        injects.adhoc.append(inject)
        injects.by_id[inject.id] = inject
        event = injects.fire(inject, None, actor, extra={"command": command, "adhoc": True})
    elif action == "observation":
        event = room.emit("observation.recorded", actor, {
            "command": command, "capability": args["capability"], "rating": args["rating"],
            "text": args["text"], "roles": list(args.get("roles") or [])})
    elif action == "bots":
        event = room.set_bot(args["role"], args["enabled"] == "on", actor, command)
    elif action == "codes":
        data = {"role": args["role"], "do": args["do"], "command": command}
        if args["do"] == "rotate":
            data["hash"] = args["hash"]
        event = room.emit("codes.changed", actor, data)
        return Outcome(event=event)  # nothing in the world changed
    elif action == "refused":
        event = room.emit("commands.refused", actor, {
            "role": args["role"], "count": args["count"], "command": command})
        return Outcome(event=event)
    else:  # end
        room.end("facilitator", actor, extra={"command": command})
        event = room.events[-1]
    room.changed()
    return Outcome(event=event)


_CHANNELS = set(Inject.model_fields["channel"].annotation.__args__)
