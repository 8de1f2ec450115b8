"""Hostile scenario and organisation files, made by mutating the bundled ones.

Every mutation is a pure function of a :class:`Seed` (a bundled file's text and its parsed data)
and a seeded :class:`random.Random`, and returns the bytes of a new file. Two families:

- *data* mutations change the parsed document (drop, retype, duplicate, cross-wire and rename
  keys; unknown references; huge strings and lists; deep nesting; extreme numbers and
  durations; empty and shuffled lists) and write it back as YAML;
- *text* mutations (:mod:`tests.fuzz.text_mutations`) change the file itself (alias bombs,
  recursive aliases, tabs, BOMs, invalid UTF-8, binary junk, control characters, truncation,
  byte flips, line edits, YAML tags, line endings, several documents, an oversized file).

:data:`MUTATIONS` names them all; :func:`mutate` applies one by name.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from simulator.scenario.source import parse_source
from tests.fuzz.text_mutations import (
    alias_bomb,
    binary,
    bom,
    byte_flips,
    control_chars,
    documents,
    invalid_utf8,
    line_edits,
    line_endings,
    oversized,
    recursive_alias,
    tabs,
    truncate,
    yaml_tags,
)

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Seed:
    """A bundled file to mutate.

    Attributes:
        name: The file name inside the ``scenarios`` package (``ddos-618.yaml``, ``org/...``).
        kind: ``scenario`` or ``org``.
        text: The file's text.
        data: The file parsed as plain Python (see :mod:`simulator.scenario.source`).
    """

    name: str
    kind: str
    text: str
    data: dict[str, Any]


def bundled_seeds() -> list[Seed]:
    """The bundled scenarios and the bundled organisation file, as seeds."""
    folder = resources.files("scenarios")
    names = sorted(item.name for item in folder.iterdir() if item.name.endswith(".yaml"))
    seeds = []
    for name, kind in [*((n, "scenario") for n in names), ("org/ecommerce.yaml", "org")]:
        text = (folder / name).read_text(encoding="utf-8")
        seeds.append(Seed(name, kind, text, parse_source(text, name).data))
    return seeds


def dump(data: Any) -> bytes:
    """``data`` as a YAML file (block style, keys in their order, UTF-8).

    Data nested too deep for PyYAML's emitter is written as JSON, which is YAML too.
    """
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode()
    except RecursionError:
        return json.dumps(data, ensure_ascii=False).encode()


# -- walking parsed data -----------------------------------------------------------------------

def nodes(data: Any, path: Path_ = ()) -> list[tuple[Path_, Any]]:
    """Every value of ``data`` with its path, the root first."""
    out = [(path, data)]
    if isinstance(data, dict):
        for key, value in data.items():
            out += nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += nodes(value, (*path, i))
    return out


def get(data: Any, path: Path_) -> Any:
    """The value at ``path``."""
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    """Set the value at ``path`` (which must not be the root)."""
    get(data, path[:-1])[path[-1]] = value


def _pick(rng: random.Random, data: Any, want: Callable[[Any], bool]) -> Path_ | None:
    found = [path for path, value in nodes(data) if path and want(value)]
    return rng.choice(found) if found else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _looks_like_duration(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value[0].isdigit() and len(value) < 24


def _ids(data: Any) -> list[str]:
    """Every mapping key and id-like string of ``data`` (the names it can refer to)."""
    out = set()
    for _, value in nodes(data):
        if isinstance(value, dict):
            out.update(k for k in value if k.replace("-", "").replace("_", "").isalnum())
        elif isinstance(value, str) and value and len(value) <= 40 and " " not in value:
            out.add(value)
    return sorted(out)


# -- data mutations ----------------------------------------------------------------------------

def _other_value(rng: random.Random, ids: list[str]) -> Any:
    return rng.choice([
        None, True, False, 0, -1, 1, 0.5, -0.5, 1e15, "", "x", "0:05", "10m", "-5m", "1h30m",
        "abc", rng.choice(ids), [], {}, [rng.choice(ids)], {rng.choice(ids): 1},
        {"zh": "文", "en": "text"}, [[0, 1]], "2026-06-18T20:00:00+08:00", "2026-13-45",
        "1e999", ".nan", "\u202e\u0000?", "中文",
    ])


def drop_key(data: Any, rng: random.Random) -> Any:
    """Remove one key of one mapping (often a required field)."""
    path = _pick(rng, data, lambda v: isinstance(v, dict) and v)
    target = data if path is None else get(data, path)
    del target[rng.choice(list(target))]
    return data


def retype(data: Any, rng: random.Random) -> Any:
    """Replace one value with a value of another type (or an odd one of the same)."""
    path = _pick(rng, data, lambda v: True)
    if path is not None:
        put(data, path, _other_value(rng, _ids(data)))
    return data


def duplicate(data: Any, rng: random.Random) -> Any:
    """Duplicate one list item in place (duplicate ids, repeated points, twice the same)."""
    path = _pick(rng, data, lambda v: isinstance(v, list) and v)
    if path is not None:
        items = get(data, path)
        items.insert(rng.randrange(len(items) + 1), copy.deepcopy(rng.choice(items)))
    return data


def cross_wire(data: Any, rng: random.Random) -> Any:
    """Put a copy of one value where another was (a threat where an inject was, say)."""
    everything = [p for p, _ in nodes(data) if p]
    if len(everything) >= 2:
        to, src = rng.sample(everything, 2)
        if to[:len(src)] != src and src[:len(to)] != to:
            put(data, to, copy.deepcopy(get(data, src)))
    return data


def rename_key(data: Any, rng: random.Random) -> Any:
    """Rename one key to a key used elsewhere, a near miss, or an unknown name."""
    path = _pick(rng, data, lambda v: isinstance(v, dict) and v)
    target = data if path is None else get(data, path)
    old = rng.choice(list(target))
    new = rng.choice([rng.choice(_ids(data)), old + "s", old[:-1] or "x", old.upper(),
                      "unknown_field", old.replace("_", "-"), " " + old])
    items = [(new if k == old else k, v) for k, v in target.items()]
    target.clear()
    target.update(items)
    return data


def unknown_ref(data: Any, rng: random.Random) -> Any:
    """Change one id-like string into an id nobody defined (or a near miss)."""
    path = _pick(rng, data, lambda v: isinstance(v, str) and v and " " not in v and len(v) < 40)
    if path is not None:
        old = get(data, path)
        put(data, path, rng.choice([old + "x", old[:-1] or "y", "no-such-id", old.upper(),
                                    old.replace("_", "-"), old + " after nowhere"]))
    return data


def huge_string(data: Any, rng: random.Random) -> Any:
    """Replace a string with a very long one."""
    path = _pick(rng, data, lambda v: isinstance(v, str))
    if path is not None:
        unit = rng.choice(["x", "长", "ab cd ", "0"])
        put(data, path, unit * (rng.choice([10**3, 10**4, 10**5, 4 * 10**5]) // len(unit)))
    return data


def huge_list(data: Any, rng: random.Random) -> Any:
    """Make one list very long by repeating its items."""
    path = _pick(rng, data, lambda v: isinstance(v, list) and v)
    if path is not None:
        items = get(data, path)
        size = rng.choice([50, 500, 2000, 20000])
        put(data, path, [copy.deepcopy(items[i % len(items)]) for i in range(size)])
    return data


def deep_nesting(data: Any, rng: random.Random) -> Any:
    """Wrap a value in many lists or mappings, or nest a condition in many all/any."""
    conds = [p for p, v in nodes(data) if p and p[-1] in ("when", "done_when", "start_when")]
    depth = rng.choice([5, 20, 40, 60, 70, 200])
    if conds and rng.random() < 0.5:
        path = rng.choice(conds)
        value = get(data, path)
        for _ in range(depth):
            value = {rng.choice(["all", "any"]): [value]}
    else:
        path = _pick(rng, data, lambda v: True)
        if path is None:
            return data
        value = get(data, path)
        for _ in range(depth):
            value = [value] if rng.random() < 0.5 else {"k": value}
    put(data, path, value)
    return data


EXTREME_NUMBERS = (0, -0.0, -1, 1, 1e-9, -1e-9, 1e-10, 1e15, -1e15, 1e15 + 2, 1e16, 2**53 + 1,
                   10**15, 10**15 + 1, 2**63, 10**20, 1e300, 0.1, 1e9, 1e9 + 1, 86400 * 7,
                   86400 * 7 + 1, 10**11, 10**11 + 1)
EXTREME_DURATIONS = ("0s", "0:00", "1s", "999999999s", "1000000000s", "1000000001s", "11574d",
                     "11575d", "277777:46:40", "277778:00", "0.000000001s", "1e9s", "99999999999d",
                     "1" * 400 + "s", "0:60", "-1s", "1h61m", "7d", "7d1s", "168:00", "168:00:01")


def extreme_number(data: Any, rng: random.Random) -> Any:
    """Replace a number or a duration with an extreme one (or zero, or negative)."""
    path = _pick(rng, data, lambda v: _is_number(v) or _looks_like_duration(v))
    if path is not None:
        old = get(data, path)
        pool = EXTREME_DURATIONS if isinstance(old, str) and rng.random() < 0.7 else EXTREME_NUMBERS
        put(data, path, rng.choice(pool))
    return data


def empty(data: Any, rng: random.Random) -> Any:
    """Empty one list or mapping (no points, no stages, no recipients, no services)."""
    path = _pick(rng, data, lambda v: isinstance(v, list | dict) and v)
    if path is not None:
        put(data, path, type(get(data, path))())
    return data


def shuffle(data: Any, rng: random.Random) -> Any:
    """Shuffle one list (profile points out of order, objectives reordered)."""
    path = _pick(rng, data, lambda v: isinstance(v, list) and len(v) > 1)
    if path is not None:
        rng.shuffle(get(data, path))
    return data


def several(data: Any, rng: random.Random) -> Any:
    """Apply two to five data mutations one after another."""
    for _ in range(rng.randint(2, 5)):
        data = rng.choice(_SIMPLE_DATA)(data, rng)
    return data


_SIMPLE_DATA = (drop_key, retype, duplicate, cross_wire, rename_key, unknown_ref, extreme_number,
                empty, shuffle)


def _data(mutation: Callable[[Any, random.Random], Any]) -> Callable[[Seed, random.Random], bytes]:
    def apply(seed: Seed, rng: random.Random) -> bytes:
        return dump(mutation(copy.deepcopy(seed.data), rng))
    apply.__doc__ = mutation.__doc__
    return apply


def _text(mutation: Callable[[str, random.Random], bytes]
          ) -> Callable[[Seed, random.Random], bytes]:
    def apply(seed: Seed, rng: random.Random) -> bytes:
        return mutation(seed.text, rng)
    apply.__doc__ = mutation.__doc__
    return apply


MUTATIONS: dict[str, Callable[[Seed, random.Random], bytes]] = {
    **{f.__name__: _data(f) for f in (*_SIMPLE_DATA, huge_string, huge_list, deep_nesting,
                                      several)},
    **{f.__name__: _text(f) for f in (alias_bomb, recursive_alias, tabs, bom, invalid_utf8,
                                      binary, control_chars, truncate, byte_flips, line_edits,
                                      yaml_tags, line_endings, documents, oversized)},
}
"""Mutation name → function of a seed and a random generator that makes a file's bytes."""


def mutate(name: str, seed: Seed, rng: random.Random) -> bytes:
    """The bytes of ``seed`` mutated by the mutation called ``name``."""
    return MUTATIONS[name](seed, rng)
