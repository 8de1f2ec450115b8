"""Documents generated from the JSON Schema of scenario and organisation files.

A small generator that covers what ``scenarios/schema/*.json`` uses (``$ref``, ``anyOf``,
``oneOf``, ``const``, ``enum``, objects with required, optional and additional properties,
arrays with length bounds, strings with patterns and lengths, numbers with bounds, booleans and
null). Every document it makes is valid by the schema; whether the loader takes it is what the
fuzz tests check. Strings and mapping keys are drawn mostly from the ids and values of the
bundled files, so that cross-references resolve often enough for some documents to load.

The choices go through a :class:`Draw`: :class:`RandomDraw` (a seeded :class:`random.Random`,
for the benchmark) or :class:`HypothesisDraw` (Hypothesis's ``data``, which shrinks a failing
document to a small one).
"""

from __future__ import annotations

import json
import random
import re
from importlib import resources
from typing import Any, Protocol

from tests.fuzz.mutations import bundled_seeds, nodes

MAX_DEPTH = 7
"""Below this depth only the shortest alternatives are taken (no ``all`` within ``all``...)."""
_RECURSIVE = ("AllCondition", "AnyCondition")


class Draw(Protocol):
    """Where a generator's choices come from."""

    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""

    def real(self, low: float, high: float) -> float:
        """A float from ``low`` to ``high``."""

    def chance(self, p: float) -> bool:
        """True with probability about ``p``."""

    def text_matching(self, pattern: str) -> str:
        """A string that matches ``pattern`` (a full match)."""


def schema(name: str) -> dict[str, Any]:
    """A schema of ``scenarios/schema/`` by file name (``scenario.schema.json``)."""
    text = (resources.files("scenarios") / "schema" / name).read_text(encoding="utf-8")
    return json.loads(text)


def _pools() -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    everything: set[str] = set()
    values: dict[str, set[str]] = {}
    keys: dict[str, set[str]] = {}
    for seed in bundled_seeds():
        for path, value in nodes(seed.data):
            name = next((p for p in reversed(path) if isinstance(p, str)), "")
            if isinstance(value, dict):
                everything.update(value)
                keys.setdefault(name, set()).update(value)
            elif isinstance(value, str) and len(value) <= 40:
                everything.add(value)
                values.setdefault(name, set()).add(value)
    return (sorted(everything), {k: sorted(v) for k, v in values.items()},
            {k: sorted(v) for k, v in keys.items()})


POOL, VALUES, KEYS = _pools()
"""Keys and short strings of the bundled files: all of them, the values written under each
field name, and the keys of the mappings under each field name (``services`` → service ids)."""


class RandomDraw:
    """Choices from a seeded :class:`random.Random`."""

    _DURATION = ("0:05", "1:30", "0:00", "10m", "90s", "1h30m", "4h", "2d", "0.5s", "1:02:30")

    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        """See :class:`Draw`."""
        return self.rng.randint(low, high)

    def real(self, low: float, high: float) -> float:
        """See :class:`Draw`."""
        return self.rng.uniform(low, high)

    def chance(self, p: float) -> bool:
        """See :class:`Draw`."""
        return self.rng.random() < p

    def text_matching(self, pattern: str) -> str:
        """See :class:`Draw`: the patterns of the two schemas, each by its own recipe."""
        rng = self.rng
        ident = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_")
                        for _ in range(rng.randint(0, 12)))
        candidates = {
            r"^[a-z0-9][a-z0-9_-]*$": rng.choice("abcxyz019") + ident,
            r"^[A-Z]{2,8}$": "".join(rng.choice("ABCDNOSMI") for _ in range(rng.randint(2, 8))),
            "duration": rng.choice(self._DURATION),
            "target": rng.choice(self._DURATION) + rng.choice(["", " after " + rng.choice(
                [p for p in POOL if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", p)])]),
            "datetime": rng.choice(["2026-06-18T20:00+08:00", "2026-06-18", "2026-06-18 20:00Z",
                                    "2026-02-30T25:61:00+08:00", "9999-12-31T23:59:59.999-1200",
                                    "2026-06-18t20:00:00.5 +0800"]),
        }
        if pattern in candidates:
            return candidates[pattern]
        if "after" in pattern:
            return candidates["target"]
        if pattern.startswith(r"^\d{4}"):
            return candidates["datetime"]
        if r"\d+:[0-5]\d" in pattern:
            return candidates["duration"]
        raise ValueError(f"no recipe for the pattern {pattern}")


class HypothesisDraw:
    """Choices from Hypothesis's ``data`` (``st.data()``), so a failure shrinks."""

    def __init__(self, data: Any):
        self.data = data

    def integer(self, low: int, high: int) -> int:
        """See :class:`Draw`."""
        from hypothesis import strategies as st

        return self.data.draw(st.integers(low, high))

    def real(self, low: float, high: float) -> float:
        """See :class:`Draw`."""
        from hypothesis import strategies as st

        return self.data.draw(st.floats(low, high, allow_nan=False, allow_infinity=False))

    def chance(self, p: float) -> bool:
        """See :class:`Draw`."""
        return self.integer(0, 999) < p * 1000

    def text_matching(self, pattern: str) -> str:
        """See :class:`Draw`."""
        from hypothesis import strategies as st

        # "$" also matches before a final newline, which from_regex likes to add: drop it
        # (filtering such strings out made Hypothesis give up on its health check).
        return self.data.draw(st.from_regex(pattern, fullmatch=True).map(
            lambda s: s.removesuffix("\n")))


def _choice(draw: Draw, items: list) -> Any:
    return items[draw.integer(0, len(items) - 1)]


class Generator:
    """Makes documents valid by one JSON Schema."""

    def __init__(self, root: dict[str, Any]):
        self.root = root

    def document(self, draw: Draw) -> Any:
        """A document valid by the schema."""
        return self.value(self.root, draw, 0, "")

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def value(self, node: dict[str, Any], draw: Draw, depth: int, name: str) -> Any:
        """A value valid by ``node`` at nesting ``depth``, for the field called ``name``."""
        node = self._resolve(node)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return _choice(draw, node["enum"])
        options = node.get("anyOf") or node.get("oneOf")
        if options:
            if depth >= MAX_DEPTH:
                options = [o for o in options
                           if not o.get("$ref", "").endswith(_RECURSIVE)] or options
            return self.value(_choice(draw, options), draw, depth + 1, name)
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, draw, depth, name)
        if kind == "array":
            return self._array(node, draw, depth, name)
        if kind == "string":
            return self._string(node, draw, name)
        if kind in ("number", "integer"):
            return self._number(node, draw, kind == "integer")
        if kind == "boolean":
            return draw.chance(0.5)
        if kind == "null":
            return None
        raise ValueError(f"no recipe for the schema {node}")

    def _object(self, node: dict[str, Any], draw: Draw, depth: int,
                name: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        required = set(node.get("required", ()))
        for key, sub in node.get("properties", {}).items():
            if key in required or draw.chance(0.3 if depth >= MAX_DEPTH else 0.6):
                out[key] = self.value(sub, draw, depth + 1, key)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            least = node.get("minProperties", 0)
            for _ in range(draw.integer(least, max(least, 0 if depth >= MAX_DEPTH else 3))):
                key = self._key(draw, name)
                if key not in out:
                    out[key] = self.value(extra, draw, depth + 1, name)
            while len(out) < least:
                out[f"k{len(out)}"] = self.value(extra, draw, depth + 1, name)
        return out

    def _key(self, draw: Draw, name: str) -> str:
        if name in KEYS and draw.chance(0.9):
            return _choice(draw, KEYS[name])
        if draw.chance(0.5):
            return _choice(draw, POOL)
        return draw.text_matching(r"^[a-z0-9][a-z0-9_-]*$")

    def _array(self, node: dict[str, Any], draw: Draw, depth: int, name: str) -> list[Any]:
        least = node.get("minItems", 0)
        most = node.get("maxItems", least + (1 if depth >= MAX_DEPTH else 4))
        size = draw.integer(least, min(most, least + 4))
        prefix = node.get("prefixItems", [])
        items = node.get("items", {})
        return [self.value(prefix[i] if i < len(prefix) else items, draw, depth + 1, name)
                for i in range(size)]

    def _string(self, node: dict[str, Any], draw: Draw, name: str) -> str:
        pattern = node.get("pattern")
        own = VALUES.get(name, [])
        if pattern:
            matching = [p for p in own if re.fullmatch(pattern, p)] if draw.chance(0.8) else []
            matching = matching or [p for p in POOL if re.fullmatch(pattern, p)]
            text = _choice(draw, matching) if matching and draw.chance(0.7) else \
                draw.text_matching(pattern)
        elif own and draw.chance(0.85):
            text = _choice(draw, own)
        elif draw.chance(0.5):
            text = _choice(draw, POOL)
        else:
            text = "".join(_choice(draw, list("ab 中文:-_\t'\"#&*!%@`|>")) for _ in
                           range(draw.integer(0, 12)))
        least, most = node.get("minLength", 0), node.get("maxLength")
        if len(text) < least:
            text += "x" * (least - len(text))
        return text if most is None else text[:most]

    def _number(self, node: dict[str, Any], draw: Draw, whole: bool) -> float | int:
        low = node.get("minimum", node.get("exclusiveMinimum", -1e6))
        high = node.get("maximum", node.get("exclusiveMaximum", max(low, 0) + 1e6))
        # Numbers the schema allows but the loader refuses (beyond 1e15, below 1e-9) are rare,
        # or hardly any document would load.
        picks = [low, high, 0, 1, 0.5, 60, 3600, 1e9, 1e15, 1e-9]
        if draw.chance(0.02):
            picks = [1e16, 1e-12, 1e300]
        picks = [p for p in picks if low <= p <= high]
        value = _choice(draw, picks) if picks and draw.chance(0.5) else \
            draw.real(low, min(high, low + 1e4))
        if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
            value = node["exclusiveMinimum"] + (1 if whole else abs(value) * 1e-6 + 1e-6)
        if "exclusiveMaximum" in node and value >= node["exclusiveMaximum"]:
            value = node["exclusiveMaximum"] - (1 if whole else 1e-6)
        if whole:
            value = max(int(low), min(int(high), round(value)))
            if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
                value = int(node["exclusiveMinimum"]) + 1
        return value


SCENARIO = Generator(schema("scenario.schema.json"))
"""Scenario documents."""
ORG = Generator(schema("org.schema.json"))
"""Organisation documents."""


GRAFTED = ("threats", "injects", "objectives", "outages", "facts", "world", "bots")
"""Sections of a scenario where :func:`graft` puts a generated part."""


def graft(data: dict[str, Any], draw: Draw) -> dict[str, Any]:
    """A bundled scenario with one part replaced by one generated from the schema.

    A whole generated document almost never loads (its ids do not meet); a bundled scenario
    with one generated threat, inject, objective, outage, fact table, world or bot setting
    often does, and then plays odd but valid parts through the engine.

    Args:
        data: A parsed scenario (a copy is changed, not ``data``).
        draw: Where the choices come from.
    """
    out = dict(data)
    section = _choice(draw, list(GRAFTED))
    node = SCENARIO.root["properties"][section]
    node = SCENARIO._resolve(node)
    node = next((o for o in node.get("anyOf", [node]) if o.get("type") != "null"), node)
    if node.get("type") == "array" and out.get(section):
        items = list(out[section])
        items[draw.integer(0, len(items) - 1)] = SCENARIO.value(node["items"], draw, 1, section)
        out[section] = items
    else:
        out[section] = SCENARIO.value(node, draw, 1, section)
    return out
