"""Reading a YAML file safely while remembering where every value was written.

A scenario author who gets something wrong must be told the file, line and column, so the
loader does not use ``yaml.safe_load``: it composes the YAML node graph (which keeps each node's
position) and converts it to plain Python itself, recording the 1-based ``(line, col)`` of every
value and every mapping key under its *field path*, a tuple of keys and list indices such as
``("injects", 3, "when", "below")``.

The conversion is stricter than YAML 1.1 where 1.1 surprises people:

- only ``true`` and ``false`` are booleans; ``on``, ``off``, ``yes``, ``no``, ``y`` and ``n`` stay
  strings (the organisation file has duty keys called ``on``);
- ``1:30`` stays a string (durations are written ``0:05``; YAML 1.1 would read 90);
- timestamps stay strings (pydantic parses ``2026-06-18T20:00+08:00``, which YAML 1.1 would not
  even recognise, seconds being optional only there);
- integers are decimal (``1_000_000`` allowed), ``0x`` hex or ``0o`` octal; floats need a dot or
  an exponent (``1e6`` is a float); ``.inf`` and ``.nan`` stay strings;
- mapping keys are always strings (the key as written), and a key written twice is an error;
- merge keys (``<<: *defaults``) work; other tags than the standard scalar and collection ones
  are refused.

Absurd inputs are refused without being expanded: files over :data:`MAX_BYTES`, nesting deeper
than :data:`MAX_DEPTH`, and more than :data:`MAX_NODES` values once aliases are expanded (the
"billion laughs" alias bomb), counted while converting so the work stops as soon as the limit
is passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.scenario.errors import Problem, ScenarioError, quote, render_path

MAX_BYTES = 2 * 1024 * 1024
"""Largest file accepted (2 MiB); a real scenario is a few tens of kilobytes."""
MAX_NODES = 100_000
"""Most values (scalars, lists and mappings, keys included) after alias expansion."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings."""
MAX_NUMBER = 1e15
"""Largest size of a number: real incidents' figures (records, requests/s, CNY) are far below it."""
MIN_NUMBER = 1e-9
"""Smallest size of a number other than 0: any product or quotient of two stays a finite float."""

FieldPath = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indices from the top."""
Position = tuple[int, int]
"""A 1-based ``(line, col)``."""
_TOO_MANY = f"more than {MAX_NODES} values (a real scenario has a few thousand); refused"
_FIELD_PARTS = 8
"""A field path longer than this (a recursive alias) is cut short in problems."""

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ, _MERGE, _TIMESTAMP = (_TAG + t for t in ("map", "seq", "merge", "timestamp"))


class _Loader(yaml.SafeLoader):
    """A SafeLoader with the implicit types above and a nesting limit while composing."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        """Compose one node; refuse to nest deeper than MAX_DEPTH or to pass MAX_NODES nodes."""
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested deeper than {MAX_DEPTH} levels",
                               self.peek_event().start_mark)
            if self._nodes > MAX_NODES:
                raise _Refused(_TOO_MANY, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?(?:0|[1-9](?:_?[0-9])*)|0x[0-9a-fA-F](?:_?[0-9a-fA-F])*"
                     r"|0o[0-7](?:_?[0-7])*)$"),
    list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:[0-9](?:_?[0-9])*\.[0-9]*(?:[eE][-+]?[0-9]+)?"
                       r"|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9](?:_?[0-9])*[eE][-+]?[0-9]+)$"),
    list("-+0123456789."))
_Loader.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])

_CBase = getattr(yaml, "CSafeLoader", None)
if _CBase is not None:
    class _CLoader(_CBase):
        """The same implicit types on libyaml's parser (ten times faster)."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML wheels ship with libyaml
    _CLoader = None

USE_LIBYAML = _CLoader is not None
"""Parse with libyaml when PyYAML has it (messages of YAML syntax errors differ slightly)."""


class _Refused(Exception):
    """A limit was passed or the document is not acceptable, at ``mark``."""

    def __init__(self, message: str, mark: yaml.Mark | None, path: FieldPath = ()):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.path = path


@dataclass(frozen=True)
class Source:
    """A parsed YAML document with the position of every value.

    Attributes:
        name: The file name used in problems.
        text: The text that was parsed.
        data: The document as plain Python (dicts with str keys, lists, scalars).
        positions: Field path → position of the value written there.
        key_positions: Field path → position of the mapping key that names it.
    """

    name: str
    text: str
    data: dict[str, Any]
    positions: dict[FieldPath, Position]
    key_positions: dict[FieldPath, Position]

    def locate(self, path: FieldPath, *, key: bool = False) -> Position:
        """Position of ``path``, or of the nearest enclosing value that was written.

        Args:
            path: A field path; parts that do not exist in the document are ignored from the
                first one that is missing.
            key: Prefer the position of the mapping key (for "unknown field" and the like).
        """
        path = tuple(path)
        while path:
            if key and path in self.key_positions:
                return self.key_positions[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: FieldPath, message: str, *, key: bool = False,
                severity: str = "error") -> Problem:
        """A :class:`Problem` at ``path`` of this document."""
        line, col = self.locate(path, key=key)
        return Problem(self.name, line, col, render_path(path), message, severity)

    def get(self, path: FieldPath, default: Any = None) -> Any:
        """The value at ``path`` in :attr:`data`, or ``default``."""
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return default
        return value


def read_source(path: str | Path, name: str | None = None) -> Source:
    """Read and parse the YAML file at ``path``.

    Args:
        path: The file.
        name: The name to use in problems (default: ``path`` as given).

    Raises:
        ScenarioError: The file cannot be read, is too large or is not an acceptable document.
    """
    path = Path(path)
    name = str(path) if name is None else name
    try:
        if path.is_dir():
            raise ScenarioError([Problem(name, 0, 0, "", "is a directory, not a YAML file")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError([Problem(name, 0, 0, "", _too_large(size))])
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([Problem(name, 0, 0, "", "no such file")]) from None
    except OSError as error:
        raise ScenarioError([Problem(name, 0, 0, "", error.strerror or str(error))]) from None
    return parse_source(raw, name)


def parse_source(text: str | bytes, name: str) -> Source:
    """Parse a YAML document whose top level must be a mapping.

    Args:
        text: The document, as text or as UTF-8 bytes (a BOM is allowed).
        name: The file name to use in problems.

    Raises:
        ScenarioError: With one problem: a syntax error, a limit passed, a duplicate key, an
            unsupported tag, or a top level that is not a mapping.
    """
    if len(text) > MAX_BYTES or (isinstance(text, str) and len(text.encode()) > MAX_BYTES):
        size = len(text) if isinstance(text, bytes) else len(text.encode())
        raise ScenarioError([Problem(name, 0, 0, "", _too_large(size))])
    if isinstance(text, bytes):
        # Drop the BOM first: "utf-8-sig" counts its error offsets from after the BOM.
        text = text.removeprefix(b"\xef\xbb\xbf")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            line, col = _offset_position(text[:error.start].decode("utf-8", "replace"))
            raise ScenarioError([Problem(name, line, col, "", "not UTF-8 text")]) from None
    text = text.removeprefix("\ufeff")
    try:
        root = _compose(text)
        if root is None:
            raise _Refused("the file is empty; expected a mapping", None)
        if not isinstance(root, MappingNode):
            raise _Refused(f"expected a mapping at the top level, found {_kind(root)}",
                           root.start_mark)
        converter = _Converter()
        data = converter.convert(root, ())
    except _Refused as error:
        line, col = _mark_position(error.mark)
        field = render_path(error.path[:_FIELD_PARTS])
        field += "..." if len(error.path) > _FIELD_PARTS else ""
        raise ScenarioError([Problem(name, line, col, field, error.message)]) from None
    except yaml.MarkedYAMLError as error:
        line, col = _mark_position(error.problem_mark or error.context_mark)
        raise ScenarioError([Problem(name, line, col, "", _syntax_message(error, text))]) from None
    except yaml.reader.ReaderError as error:
        # libyaml counts the offset in UTF-8 bytes, PyYAML in characters.
        before = text[:error.position] if error.encoding == "unicode" else \
            text.encode()[:error.position].decode("utf-8", "replace")
        line, col = _offset_position(before)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise ScenarioError([Problem(name, line, col, "",
                                     f"character U+{code:04X} is not allowed in YAML")]) from None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error above has a mark
        raise ScenarioError([Problem(name, 1, 1, "", f"YAML: {error}")]) from None
    return Source(name, text, data, converter.positions, converter.key_positions)


def _compose(text: str) -> Node | None:
    """The node graph of the one document in ``text``, refusing deep nesting first."""
    if not (USE_LIBYAML and _CLoader is not None):
        loader = _Loader(text)  # counts the depth as it composes
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    # libyaml composes recursively in C: check the depth on the event stream beforehand, and
    # the number of values, so that a file of a million small values is not composed at all.
    loader = _CLoader(text)
    try:
        depth = nodes = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise _Refused(_TOO_MANY, event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Converter:
    """Turns a node graph into plain Python, recording positions and counting nodes."""

    def __init__(self) -> None:
        self.positions: dict[FieldPath, Position] = {}
        self.key_positions: dict[FieldPath, Position] = {}
        self.count = 0

    def _tick(self, node: Node, path: FieldPath) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} values once aliases are expanded "
                           "(an alias bomb?)", node.start_mark, path)
        if len(path) > MAX_DEPTH:
            raise _Refused(f"nested deeper than {MAX_DEPTH} levels (a recursive alias?)",
                           node.start_mark, path)

    def convert(self, node: Node, path: FieldPath) -> Any:
        self._tick(node, path)
        self.positions[path] = _mark_position(node.start_mark)
        if isinstance(node, ScalarNode):
            return _scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(f"unsupported YAML tag {_tag(node.tag)}", node.start_mark, path)
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            raise _Refused(f"unsupported YAML tag {_tag(node.tag)}", node.start_mark, path)
        return self._mapping(node, path)

    def _mapping(self, node: MappingNode, path: FieldPath,
                 merging: tuple[MappingNode, ...] = ()) -> dict[str, Any]:
        """Convert a mapping; ``merging`` holds the mappings whose merge keys led here."""
        result: dict[str, Any] = {}
        merges: list[MappingNode] = []
        explicit: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE:
                self._tick(key_node, path)
                merges.extend(self._merge_sources(value_node, path))
            else:
                explicit.append((key_node, value_node))
        # Earlier merge sources win over later ones; keys written here win over all of them.
        for source in reversed(merges):
            if source is node or any(source is outer for outer in merging):
                raise _Refused("a merge key (<<) merges a mapping into itself (a recursive "
                               "alias)", source.start_mark, path)
            if len(merging) >= MAX_DEPTH:
                raise _Refused(f"merge keys (<<) nested deeper than {MAX_DEPTH} levels",
                               source.start_mark, path)
            result.update(self._mapping(source, path, (*merging, node)))
        merged = set(result)
        first: dict[str, Position] = {}
        for key_node, value_node in explicit:
            key = self._key(key_node, path)
            key_pos = _mark_position(key_node.start_mark)
            if key in first:
                raise _Refused(f"duplicate key {quote(key)} (first written at line "
                               f"{first[key][0]})",
                               key_node.start_mark, (*path, key))
            first[key] = key_pos
            if key in merged:
                self._forget((*path, key))
            self.key_positions[(*path, key)] = key_pos
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _forget(self, prefix: FieldPath) -> None:
        """Drop the positions under ``prefix`` (a merged value that is written over)."""
        size = len(prefix)
        for table in (self.positions, self.key_positions):
            for path in [p for p in table if p[:size] == prefix]:
                del table[path]

    def _key(self, node: Node, path: FieldPath) -> str:
        self._tick(node, path)
        if not isinstance(node, ScalarNode):
            raise _Refused("a mapping key must be a plain value, not " + _kind(node),
                           node.start_mark, path)
        if node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
            raise _Refused(f"unsupported YAML tag {_tag(node.tag)}", node.start_mark, path)
        return node.value

    def _merge_sources(self, node: Node, path: FieldPath) -> list[MappingNode]:
        items = node.value if isinstance(node, SequenceNode) else [node]
        for item in items:
            if not isinstance(item, MappingNode):
                raise _Refused("a merge key (<<) takes a mapping or a list of mappings",
                               item.start_mark, path)
            self._tick(item, path)
        return list(items)


def _scalar(node: ScalarNode, path: FieldPath) -> Any:
    tag, value = node.tag, node.value
    if tag in (_STR, _TIMESTAMP):
        return value
    if tag == _NULL:
        return None
    try:
        if tag == _BOOL:
            return {"true": True, "false": False}[value.lower()]
        if tag == _INT:
            return _in_range(int(value.replace("_", ""), 0), node, path)
        if tag == _FLOAT:
            return _in_range(float(value.replace("_", "")), node, path)
    except (KeyError, ValueError):
        what = {_BOOL: "true or false", _INT: "a whole number"}.get(tag, "a number")
        raise _Refused(f"{quote(value)} is not {what}", node.start_mark, path) from None
    raise _Refused(f"unsupported YAML tag {_tag(tag)}", node.start_mark, path)


def _in_range(number: int | float, node: ScalarNode, path: FieldPath) -> int | float:
    """``number`` if it is finite and of a size a scenario can mean; refused otherwise."""
    size = abs(number)
    if size != size or size > MAX_NUMBER or 0 < size < MIN_NUMBER:
        raise _Refused(f"{node.value} is out of range: a number here is 0 or between "
                       f"{MIN_NUMBER:g} and {MAX_NUMBER:g} in size", node.start_mark, path)
    return number


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    return "a list" if isinstance(node, SequenceNode) else "a single value"


def _mark_position(mark: yaml.Mark | None) -> Position:
    return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)


def _offset_position(before: str) -> Position:
    """The position just after ``before`` (the text up to an offset)."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> str:
    if error.problem == "second occurrence" and error.context_mark is not None:
        return f"YAML syntax: duplicate anchor (first at line {error.context_mark.line + 1})"
    problem = error.problem
    mark = error.problem_mark
    if problem and mark is not None:  # libyaml does not say which character or alias
        rest = (text.splitlines()[mark.line:mark.line + 1] or [""])[0][mark.column:]
        if problem == "found character that cannot start any token" and rest:
            problem = f"found character {rest[0]!r} that cannot start any token"
        alias = re.match(r"\*([^\s,\[\]{}]+)", rest)
        if problem == "found undefined alias" and alias:
            problem = f"found undefined alias {alias[1]!r}"
    if problem == "found character '\\t' that cannot start any token":
        problem += " (indent with spaces, not tabs)"
    message = f"YAML syntax: {problem}" if problem else "YAML syntax error"
    if error.context and error.context_mark is not None and error.problem_mark is not None \
            and error.context_mark.line != error.problem_mark.line:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    elif error.context and error.problem is None:
        message = f"YAML syntax: {error.context}"
    return message


def _too_large(size: int) -> str:
    return f"the file is larger than {MAX_BYTES // 1024 // 1024} MiB ({size:,} bytes); refused"


def _tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` → ``!!python/object``."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
