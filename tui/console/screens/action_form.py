"""A form for one action, generated from its :class:`~simulator.actions.ActionSpec`.

Each argument becomes a field: ``choice`` a Select, ``refs`` a SelectionList (roles and groups for
``to``, tasks for ``tasks``), ``ref`` a Select of the ids the console knows (injects of the inbox,
statements and requests seen in events, tasks) or an Input when it knows none, ``text`` and
``number`` an Input. The form checks the arguments with :meth:`ActionSpec.check` before it
closes; the screen's result is the ``args`` dict (or None when cancelled). The regulator report
shows the time left to the CAC deadline (4 h from the first inject the role received).
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from simulator.actions import (
    POST_INCIDENT_FIELDS,
    REGULATOR_FIELDS,
    REPORT_FIELDS,
    ActionSpec,
    Arg,
)
from tui.console.state import ConsoleState
from tui.console.words import FIELDS, channel_name, clock_text, word

LONG_TEXT = frozenset({"text", "impact", "description", "process", "improvements", "measures",
                       "reason"})
"""Text arguments written as paragraphs (a TextArea, not a one-line Input)."""

PLAN_FIELDS = {"report_incident": REPORT_FIELDS, "report_to_regulator": REGULATOR_FIELDS,
               "file_post_incident_report": POST_INCIDENT_FIELDS}
"""Report fields the plan asks for: accepted empty (an incomplete report is scored, not
refused), so the form marks them as asked for by the plan rather than optional."""


def arg_label(arg: Arg, lang: str, action: str = "") -> str:
    """An argument's label in ``lang`` (``action``: whose form it is)."""
    if arg.label is not None:
        text = getattr(arg.label, lang)
    else:
        text = FIELDS.get(arg.name, {}).get(lang, arg.name)
    if arg.name in PLAN_FIELDS.get(action, ()):
        return text + word("plan_asks", lang)
    return text + ("" if arg.required else word("optional", lang))


def ref_options(spec: ActionSpec, arg: Arg, state: ConsoleState,
                lang: str) -> list[tuple[str, str]]:
    """The (label, id) choices of a ``ref``/``refs`` argument that the console knows of."""
    if arg.name == "to":
        groups = [(state.group_name(g, lang), g) for g in state.drill.get("groups", {})]
        roles = [(state.role_name(r, lang), r) for r in state.drill.get("roles", {})
                 if r != state.role]
        return groups + roles
    if arg.name == "inject":
        return [(f"{clock_text(i.t)} {channel_name(i.channel, lang)}: "
                 f"{i.line(lang)[:40]}", i.ref) for i in state.inbox.items()
                if i.sender == "engine" and i.channel != "alert" and i.ref]
    if arg.name == "statement":
        return [(f"{sid} {text[:40]}", sid) for sid, text in state.statements.items()]
    if arg.name == "request":
        return [(f"{rid} {text[:40]}", rid) for rid, text in state.requests.items()]
    if arg.name in ("task", "tasks"):
        named = state.drill.get("tasks") or {}  # {id: {name: {zh, en}, role, target}}
        ids = sorted(set(named) | state.tasks)
        if arg.name == "task":  # a role starts only its own measures
            ids = [t for t in ids if named.get(t, {}).get("role", state.role) == state.role]
        return [((named.get(t, {}).get("name") or {}).get(lang, t), t) for t in ids]
    if arg.name == "target":
        places = state.drill.get("targets") or {}
        return [(f"{(name or {}).get(lang, tid)} ({tid})", tid)
                for kind in ("service", "store", "segment")
                for tid, name in (places.get(kind) or {}).items()]
    return []


class ActionForm(ModalScreen[dict[str, Any] | None]):
    """The form of one action; dismissed with the checked ``args`` or None."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, spec: ActionSpec, state: ConsoleState, lang: str,
                 preset: dict[str, Any] | None = None) -> None:
        super().__init__(classes=f"form-{spec.id}")
        self.spec = spec
        self.state = state
        self.lang = lang
        self.preset = preset or {}

    def compose(self):
        """A title, one field per argument, the error line and the buttons."""
        lang = self.lang
        with VerticalScroll(id="form"):
            yield Label(getattr(self.spec.name, lang), id="form-title")
            if self.spec.id == "report_to_regulator":
                yield Static(id="countdown")
            for arg in self.spec.args:
                yield Label(arg_label(arg, lang, self.spec.id), classes="field-label")
                yield self._field(arg)
            yield Static(id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(word("submit", lang), variant="primary", id="submit")
                yield Button(word("cancel", lang), id="cancel")

    def _field(self, arg: Arg):
        field_id, value = f"arg-{arg.name}", self.preset.get(arg.name)
        if arg.kind == "choice":
            return Select([(c, c) for c in arg.choices], id=field_id,
                          prompt=word("choose", self.lang),
                          value=value if value in arg.choices else Select.NULL)
        options = ref_options(self.spec, arg, self.state, self.lang)
        if arg.kind == "refs" and options:
            chosen = set(value or ())
            return SelectionList[str](*[(label, key, key in chosen) for label, key in options],
                                      id=field_id)
        if arg.kind == "ref" and options and arg.name != "reply_to":
            keys = [key for _, key in options]
            return Select(options, id=field_id, prompt=word("choose", self.lang),
                          value=value if value in keys else Select.NULL)
        if arg.kind == "text" and arg.name in LONG_TEXT:
            return TextArea("" if value is None else str(value), id=field_id,
                            classes="long-text", soft_wrap=True, show_line_numbers=False)
        return Input(value="" if value is None else str(value), id=field_id,
                     type="number" if arg.kind == "number" else "text",
                     placeholder=word("none_yet", self.lang) if arg.kind.startswith("ref")
                     and arg.name != "reply_to" else "")

    def on_mount(self) -> None:
        """Start the regulator countdown."""
        if self.spec.id == "report_to_regulator":
            self._countdown()
            self.set_interval(1.0, self._countdown)

    def _countdown(self) -> None:
        deadline = self.state.regulator_deadline()
        if deadline is None:
            text = word("regulator_unknown", self.lang)
        else:
            left = deadline - self.state.clock.now()
            key = "regulator_due" if left >= 0 else "regulator_late"
            text = word(key, self.lang, left=clock_text(abs(left)))
        self.query_one("#countdown", Static).update(text)

    def args(self) -> dict[str, Any]:
        """The arguments as the fields hold them (empty optional fields left out)."""
        args: dict[str, Any] = {}
        for arg in self.spec.args:
            widget = self.query_one(f"#arg-{arg.name}")
            if isinstance(widget, SelectionList):
                value: Any = list(widget.selected)
            elif isinstance(widget, Select):
                value = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                value = widget.text.strip()
            else:
                value = widget.value.strip()
                if arg.kind == "refs":
                    value = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
                elif arg.kind == "number" and value:
                    with contextlib.suppress(ValueError):
                        value = float(value) if "." in value else int(value)
            if value not in (None, "", []):
                args[arg.name] = value
        return args

    def fill(self, name: str, value: str) -> None:
        """Type ``value`` into the text field of argument ``name`` (as a person would)."""
        widget = self.query_one(f"#arg-{name}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            widget.value = value

    def submit(self) -> str | None:
        """Check the fields; close with the args, or show (and return) why they are not valid."""
        args = self.args()
        reason = self.spec.check(args)
        if reason is not None:
            self.query_one("#form-error", Static).update(reason)
            return reason
        self.dismiss(args)
        return None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Submit or cancel."""
        if event.button.id == "submit":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        """Enter in a field submits the form."""
        self.submit()

    def action_cancel(self) -> None:
        """Close without sending."""
        self.dismiss(None)
