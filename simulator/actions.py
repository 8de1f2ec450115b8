"""The catalogue of actions a participant (or a bot) can take during a drill.

The catalogue is the engine's vocabulary: what each action is called, what it asks for and which
phase of plan section 4 it belongs to. *Who* may take an action is not decided here but in the
organisation file (``scenarios/org/*.yaml``), so the permissions are data.

Argument checks are deliberately light and exact: a wrong type or an unknown choice is rejected
with a one-line reason; an empty field in an incident report is *accepted*, because an incomplete
report is something the drill must record and score, not prevent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.text import Text

Phase = Literal[
    "detect", "report", "instruction", "response", "customer", "regulator", "logistics",
    "recovery", "cleanup", "post_incident",
]
PHASES: tuple[Phase, ...] = (
    "detect", "report", "instruction", "response", "customer", "regulator", "logistics",
    "recovery", "cleanup", "post_incident",
)
"""The milestones of the plan in the order the plan expects them (plan section 4)."""

SEVERITIES = ("I", "II", "III", "IV")
"""GB/T 20986-2023 levels: I 特别重大, II 重大, III 较大, IV 一般."""

MAX_TEXT = 4000
"""Longest free text an argument may hold, in characters."""
MAX_REF = 64
"""Longest id a ``ref`` (or an item of ``refs``) may be."""
MAX_REFS = 64
"""Most ids a ``refs`` list may hold."""
MAX_NUMBER = 1e12
"""Largest value a ``number`` may have (an amount of money in CNY, a speed factor)."""
SEQ = re.compile(r"[0-9]{1,15}")
"""An event's ``seq`` written as text: ASCII digits only (``'²'.isdigit()`` is true in Python)."""

ArgKind = Literal["text", "choice", "ref", "refs", "number"]


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument of an action.

    Attributes:
        name: Key in the command's ``args``.
        kind: ``text`` (free text), ``choice`` (one of ``choices``), ``ref`` (an id the engine
            resolves: a task, a statement, a role or group, an inject), ``refs`` (a list of ids),
            ``number``.
        required: Whether the command is rejected without it.
        choices: Allowed values for a ``choice``.
        label: zh/en label for forms.
    """

    name: str
    kind: ArgKind
    required: bool = True
    choices: tuple[str, ...] = ()
    label: Text | None = None


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action of the catalogue."""

    id: str
    name: Text
    phase: Phase
    args: tuple[Arg, ...] = field(default_factory=tuple)

    def check(self, args: dict[str, Any]) -> str | None:
        """Return why ``args`` are not acceptable for this action, or None if they are."""
        if not isinstance(args, dict):
            return "args must be an object"
        known = {a.name for a in self.args}
        for key in args:
            if key not in known:
                return f"{self.id} takes no argument {key!r}"
        for arg in self.args:
            value = args.get(arg.name)
            if value is None or value == "" or value == []:
                if arg.required:
                    return f"{self.id} needs {arg.name!r}"
                continue
            problem = _check_value(arg, value)
            if problem:
                return problem
        return None


def _check_value(arg: Arg, value: Any) -> str | None:
    """Why ``value`` does not fit ``arg``'s kind and bounds, or None."""
    if arg.kind in ("text", "ref") and not isinstance(value, str):
        return f"{arg.name!r} must be text"
    if arg.kind == "choice" and not (isinstance(value, str) and value in arg.choices):
        return f"{arg.name!r} must be one of {', '.join(arg.choices)}"
    if arg.kind == "refs" and not (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        return f"{arg.name!r} must be a list of ids"
    if arg.kind == "number" and (
        isinstance(value, bool) or not isinstance(value, int | float)
        or not math.isfinite(value) or not 0 <= value <= MAX_NUMBER
    ):
        return f"{arg.name!r} must be a number from 0 to {MAX_NUMBER:g}"
    if arg.kind == "text" and len(value) > MAX_TEXT:
        return f"{arg.name!r} is longer than {MAX_TEXT} characters"
    if arg.kind == "ref" and len(value) > MAX_REF:
        return f"{arg.name!r} is longer than {MAX_REF} characters"
    if arg.kind == "refs" and (len(value) > MAX_REFS or any(len(v) > MAX_REF for v in value)):
        return f"{arg.name!r} holds more than {MAX_REFS} ids or an id longer than {MAX_REF}"
    return None


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


REPORT_FIELDS = ("time", "place", "type", "impact")
"""What an incident report must contain (plan section 4.1)."""

REGULATOR_FIELDS = ("time", "system", "type", "impact", "measures", "contact")
"""What a report to the regulator gives: when, which system, what kind, how bad, what was done,
whom to call back (the fields of the CAC incident reporting form, 2025)."""

POST_INCIDENT_FIELDS = ("description", "process", "improvements")
"""The three parts of the post-incident report (plan section 4.6)."""

CATALOGUE: dict[str, ActionSpec] = {spec.id: spec for spec in (
    ActionSpec("report_incident", _t("事件报告", "Report incident"), "report", (
        Arg("time", "text", False, label=_t("发生时间", "Time of occurrence")),
        Arg("place", "text", False, label=_t("发生地点", "Location")),
        Arg("type", "text", False, label=_t("事件类型", "Incident type")),
        Arg("impact", "text", False, label=_t("初步影响评估", "Initial impact assessment")),
    )),
    ActionSpec("acknowledge", _t("确认收到", "Acknowledge"), "detect", (
        Arg("inject", "ref", label=_t("消息", "Inject")),
    )),
    ActionSpec("set_severity", _t("确定事件级别", "Set severity"), "instruction", (
        Arg("level", "choice", choices=SEVERITIES, label=_t("级别", "Level")),
    )),
    ActionSpec("issue_instruction", _t("下达指令", "Issue instruction"), "instruction", (
        Arg("to", "refs", label=_t("接收方", "To")),
        Arg("text", "text", label=_t("指令内容", "Instruction")),
        Arg("tasks", "refs", False, label=_t("要求采取的措施", "Measures to take")),
    )),
    ActionSpec("start_task", _t("启动技术处置", "Start technical task"), "response", (
        Arg("task", "ref", label=_t("措施", "Measure")),
        Arg("target", "ref", False, label=_t("目标系统", "Target system")),
    )),
    ActionSpec("request_resources", _t("申请资源与经费", "Request resources and funds"),
               "logistics", (
        Arg("kind", "choice", choices=("staff", "tools", "funds"), label=_t("类别", "Kind")),
        Arg("amount", "number", label=_t("数量/金额", "Amount")),
        Arg("reason", "text", label=_t("理由", "Reason")),
    )),
    ActionSpec("approve_resources", _t("批准资源申请", "Approve resource request"), "logistics", (
        Arg("request", "ref", label=_t("申请", "Request")),
    )),
    ActionSpec("draft_statement", _t("起草声明", "Draft statement"), "customer", (
        Arg("channel", "choice", choices=("website", "social_media"), label=_t("渠道", "Channel")),
        Arg("text", "text", label=_t("声明内容", "Statement")),
    )),
    ActionSpec("approve_statement", _t("审核声明", "Approve statement"), "customer", (
        Arg("statement", "ref", label=_t("声明", "Statement")),
    )),
    ActionSpec("publish_statement", _t("发布声明", "Publish statement"), "customer", (
        Arg("statement", "ref", label=_t("声明", "Statement")),
    )),
    ActionSpec("notify_users", _t("通知用户", "Notify users"), "customer", (
        Arg("channel", "choice", choices=("sms", "email", "app"), label=_t("渠道", "Channel")),
        Arg("text", "text", label=_t("通知内容", "Notice")),
    )),
    ActionSpec("report_to_regulator", _t("向监管部门报告", "Report to the regulator"), "regulator",
               tuple(Arg(name, "text", False) for name in REGULATOR_FIELDS)),
    ActionSpec("send_message", _t("发送消息", "Send message"), "detect", (
        Arg("to", "refs", label=_t("收件人", "To")),
        Arg("text", "text", label=_t("内容", "Text")),
        Arg("reply_to", "ref", False, label=_t("回复", "In reply to")),
    )),
    ActionSpec("file_post_incident_report", _t("提交事后报告", "File post-incident report"),
               "post_incident", tuple(Arg(name, "text", False) for name in POST_INCIDENT_FIELDS)),
    ActionSpec("close_incident", _t("关闭事件", "Close incident"), "post_incident"),
)}
"""Every action of the drill by id."""

REPORTS: dict[str, tuple[str, ...]] = {
    "report_incident": REPORT_FIELDS,
    "report_to_regulator": REGULATOR_FIELDS,
    "file_post_incident_report": POST_INCIDENT_FIELDS,
}
"""The reports of the plan and the fields each must give."""


def missing_fields(action: str, args: dict[str, Any]) -> list[str]:
    """The fields a report ``action`` must give that ``args`` leaves empty ([] for non-reports).

    The engine computes this once and journals it as ``result.missing`` of every report's
    ``action.taken``; analysis reads it from there.
    """
    return [f for f in REPORTS.get(action, ()) if args.get(f) in (None, "", [])]
