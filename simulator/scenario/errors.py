"""Problems found in a scenario or organisation file, each one line a person can act on.

A problem names the file, the 1-based line and column, the *field* and what is wrong::

    scenarios/ddos-618.yaml:42:15: injects[3].when.below: expected a number
    scenarios/ddos-618.yaml:7:1: warning: injects[5]: never fires: ...

The field is the path from the top of the document: mapping keys joined by dots, list items as
0-based ``[i]`` indices (``injects[3]`` is the fourth inject), and a key that is not a plain
identifier quoted in brackets (``facts["a.b"]``). A problem about the whole document has no
field (``file:line:col: message``); one about the whole file (missing, too large) has no
position either (``file: message``). Warnings put ``warning:`` before the field.

:func:`validation_problems` turns pydantic's errors into such problems: it maps each error's
``loc`` onto the document (dropping the union tags pydantic puts in it), points at the value
(or at the key for an unknown field, or at the enclosing mapping for a missing one), and says
what is wrong in plain, short English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from simulator.scenario import conditions

if TYPE_CHECKING:
    from simulator.scenario.source import FieldPath, Source

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_POINT_KEYS = {"t": 0, "value": 1}
"""A profile point ``[t, value]`` is validated as ``{t: ..., value: ...}``."""
_CONDITION_FIELDS = ("when", "done_when", "start_when")
"""The fields that hold a condition (and, nested, ``all`` and ``any`` hold lists of them)."""


@dataclass(frozen=True)
class Problem:
    """One problem of a file.

    Attributes:
        file: The file as the user named it (or a bundled scenario's name).
        line: 1-based line, 0 when the problem is about the whole file.
        col: 1-based column, 0 when the problem is about the whole file.
        field: The field path (see the module docstring), empty for the whole document.
        message: What is wrong, in plain English.
        severity: ``error`` (the file cannot be used) or ``warning`` (it can, but look again).
    """

    file: str
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        parts = [where]
        if self.severity != "error":
            parts.append(self.severity)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)

    @property
    def is_error(self) -> bool:
        """Whether the file cannot be used as it is."""
        return self.severity == "error"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without repeats, file by file (in order of first mention), then by position."""
    unique = list(dict.fromkeys(problems))
    files = list(dict.fromkeys(p.file for p in unique))
    return sorted(unique, key=lambda p: (files.index(p.file), p.line, p.col, p.field, p.message))


class ScenarioError(Exception):
    """A scenario or organisation file cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


QUOTED = 60
"""Longest value quoted whole in a problem; a longer one is cut, so a line stays readable."""


def quote(value: object) -> str:
    """``value`` as a problem quotes it: ``'netops'``, or cut short with its length.

    A hostile or mistaken file may hold a string of a million characters where an id belongs;
    its problem line quotes the start of it and says how long it is, never the whole of it.
    """
    text = value if isinstance(value, str) else str(value)
    if len(text) <= QUOTED:
        return repr(value)
    return f"{text[:QUOTED - 20]!r}... ({len(text):,} characters)"


def render_path(path: Iterable[str | int]) -> str:
    """Render a field path: ``("injects", 3, "when", "below")`` → ``injects[3].when.below``.

    A key longer than :data:`QUOTED` characters is cut short (``facts["xxx..."]``).
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part) and len(part) <= QUOTED:
            out += f".{part}" if out else part
        elif len(part) > QUOTED:
            out += f"[{json.dumps(part[:QUOTED - 20], ensure_ascii=False)[:-1]}...\"]"
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def validation_problems(error: ValidationError, source: Source) -> list[Problem]:
    """Turn every error of a pydantic validation of ``source.data`` into a :class:`Problem`."""
    problems = []
    for item in error.errors(include_url=False):
        path, tail, value = _match(source.data, item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        key = False
        if tail and isinstance(value, dict):
            field: tuple = (*path, *tail)
        else:
            field = path
        where = field
        if kind == "missing":
            where = path
        elif kind == "extra_forbidden" and path:
            key = True
            field = path[:-1]
            where = path
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            discriminator = str(ctx.get("discriminator", "")).strip("'")
            if discriminator and re.match(r"^\w+$", discriminator):
                field = where = (*path, discriminator)
        line, col = source.locate(where, key=key)
        message = _message(kind, item["msg"], ctx)
        if kind == "extra_forbidden" and path:
            message = f"unknown field {quote(path[-1])}"
        problems.append(Problem(source.name, line, col, render_path(field), message))
    return problems


def _match(data: Any, loc: tuple) -> tuple[FieldPath, tuple, Any]:
    """Map a pydantic ``loc`` onto ``data``: (path found, rest of loc not found, value there).

    A ``loc`` holds the tags of discriminated unions (``threats.0.ddos.target``) that are not
    keys of the document; they are skipped. Where a tag is also a key (``{world: ...}`` is a
    world condition and has a ``world`` field), both readings are tried and the one that
    explains the whole ``loc`` wins. A model validated from a short form (a target written
    ``15m after first-alert``) reports fields the document does not have; the problem then
    points at the short form itself.
    """
    best: list = []

    def visit(value: Any, i: int, path: tuple, skips: int, skipped_here: bool) -> None:
        stepped = False
        if i < len(loc):
            part = loc[i]
            in_dict = isinstance(value, dict) and isinstance(part, str) and part in value
            in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
            if in_dict or in_list:
                visit(value[part], i + 1, (*path, part), skips, False)
                stepped = True
            elif isinstance(value, list) and len(value) == 2 and part in _POINT_KEYS:
                visit(value[_POINT_KEYS[part]], i + 1, (*path, _POINT_KEYS[part]), skips, False)
                stepped = True
            if not skipped_here and _may_be_tag(value, part, path, i + 1 == len(loc)):
                visit(value, i + 1, path, skips + 1, True)
        if not stepped:
            tail = tuple(loc[i:])
            # A loc that ends on a tag (an error of the whole condition) reads both as the
            # tag and as the key of the same name: the tag reading is the right one there.
            score = (not tail or isinstance(value, dict), -len(tail), -skips if tail else skips)
            if not best or score > best[0]:
                best[:] = [score, path, tail, value]

    visit(data, 0, (), 0, False)
    return best[1], best[2], best[3]


def _may_be_tag(value: Any, part: object, path: tuple, last: bool) -> bool:
    """Whether ``part`` of a loc may be a union tag at the mapping ``value`` (at ``path``)."""
    if not isinstance(value, dict) or not isinstance(part, str):
        return False
    if part in value:  # a tag that is also a key: the key that says which condition it is
        in_condition = bool(path) and (path[-1] in _CONDITION_FIELDS or (
            len(path) > 1 and path[-2] in ("all", "any") and isinstance(path[-1], int)))
        return in_condition and part in conditions.CONDITION_KEYS
    if part in (value.get("kind"), value.get("dist")):
        return True
    return not last


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    simple = _SIMPLE.get(kind)
    if simple:
        return simple
    if kind in ("model_type", "model_attributes_type", "dict_type", "dataclass_type"):
        if ctx.get("class_name") == "Text":
            return "expected text in both languages: {zh: ..., en: ...}"
        return "expected a mapping"
    if kind in ("literal_error", "enum"):
        return "must be one of " + _choices(str(ctx.get("expected", "")))
    if kind == "union_tag_invalid":
        return "must be one of " + _choices(str(ctx.get("expected_tags", "")))
    if kind == "union_tag_not_found":
        return "missing"
    if kind in _BOUNDS:
        word, name = _BOUNDS[kind]
        return f"must be {word} {_number(ctx.get(name))}"
    if kind in ("too_short", "too_long"):
        return _length(kind, ctx, "item")
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind in ("string_too_short", "string_too_long"):
        return _length(kind.removeprefix("string_"), ctx, "character")
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return "must be an id: lowercase letters, digits, '-' and '_'"
        return f"must match the pattern {ctx.get('pattern')}"
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg.removeprefix(prefix)
    return msg[:1].lower() + msg[1:]


_SIMPLE = {
    "missing": "missing",
    "extra_forbidden": "unknown field",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number", "finite_number": "must be a finite number",
    "bool_type": "expected true or false", "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list", "tuple_type": "expected a list", "set_type": "expected a list",
    "datetime_type": "expected a date and time such as 2026-06-18T20:00+08:00",
    "datetime_parsing": "expected a date and time such as 2026-06-18T20:00+08:00",
    "datetime_from_date_parsing": "expected a date and time such as 2026-06-18T20:00+08:00",
    "none_required": "must be empty",
}
_BOUNDS = {
    "greater_than": ("more than", "gt"), "greater_than_equal": ("at least", "ge"),
    "less_than": ("less than", "lt"), "less_than_equal": ("at most", "le"),
}


def _choices(expected: str) -> str:
    found = re.findall(r"'([^']*)'", expected)
    return ", ".join(found) if found else expected


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _length(kind: str, ctx: dict[str, Any], unit: str) -> str:
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"needs at least {count} {unit}{'' if count == 1 else 's'}"
    count = ctx.get("max_length")
    return f"may have at most {count} {unit}{'' if count == 1 else 's'}"
