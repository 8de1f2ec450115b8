"""Each part of the engine meets the drill through its port, and the drill satisfies every port.

The ports (:mod:`simulator.engine.ports`) say what each part may do; these tests hold the code to
them from both sides: a real drill has every member of every port with the same signature, each
part touches exactly the members of its port (read from its source, so a part that reaches for
something else of the drill fails here), and no part imports the drill, not even for typing.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Protocol

import pytest

from simulator.engine import ports
from simulator.engine.drill import Drill
from tests.drills import load

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "simulator" / "engine"
THREATS = ROOT / "simulator" / "threats"

PARTS = {
    ports.ThreatRoom: sorted(THREATS.glob("*.py")),
    ports.TeamRoom: [ENGINE / "teams.py"],
    ports.InjectRoom: [ENGINE / "injects.py"],
    ports.ObjectiveRoom: [ENGINE / "objectives.py"],
    ports.ProgressRoom: [ENGINE / "progress.py"],
    ports.CommandRoom: [ENGINE / "commands.py"],
    ports.FacilitatorRoom: [ENGINE / "facilitation.py"],
}
"""Per port, the modules of the part that is given it."""


def members(port: type) -> set[str]:
    """The members a port declares, its own and those of the ports it extends."""
    names: set[str] = set()
    for cls in port.__mro__:
        if cls in (Protocol, object) or not getattr(cls, "_is_protocol", False):
            continue
        names |= {n for n in vars(cls) if not n.startswith("_")}
        names |= set(getattr(cls, "__annotations__", {}))
    return names


def used(paths: list[Path]) -> set[str]:
    """What the modules read of the port they are given: ``room.X`` and ``self.room.X``."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            value = node.value
            if isinstance(value, ast.Name) and value.id == "room" or \
                    isinstance(value, ast.Attribute) and value.attr == "room" \
                    and isinstance(value.value, ast.Name) and value.value.id == "self":
                names.add(node.attr)
    return names


@pytest.fixture(scope="module")
def drill() -> Drill:
    loaded = load("ddos")
    drill = Drill(loaded.scenario, loaded.org, 1)
    drill.start()
    return drill


def test_every_port_is_listed_and_given_to_a_part():
    assert set(ports.PORTS) == set(PARTS) | {ports.Core}
    assert members(ports.Core) <= members(ports.InjectRoom)


@pytest.mark.parametrize("port", ports.PORTS, ids=lambda p: p.__name__)
def test_the_drill_satisfies_the_port(drill, port):
    assert isinstance(drill, port)
    for name in sorted(members(port)):
        assert hasattr(drill, name), f"Drill has no {name}, which {port.__name__} names"
        declared = inspect.getattr_static(port, name)
        if inspect.isfunction(declared):
            wanted = inspect.signature(declared)
            got = inspect.signature(getattr(drill, name))
            assert list(got.parameters) == list(wanted.parameters)[1:], (
                f"Drill.{name}{got} does not match {port.__name__}.{name}{wanted}")
        else:
            assert not callable(getattr(type(drill), name, None)) or isinstance(
                getattr(type(drill), name), property), f"{port.__name__}.{name} is data"


@pytest.mark.parametrize("port", list(PARTS), ids=lambda p: p.__name__)
def test_each_part_uses_exactly_its_port(port):
    uses = used(PARTS[port])
    assert uses, f"no use of {port.__name__} found in {PARTS[port]}"
    assert uses - members(port) == set(), f"reaches past {port.__name__}"
    assert members(port) - uses == set(), f"{port.__name__} names more than its part uses"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (under ``TYPE_CHECKING`` too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", sorted(set(ENGINE.glob("*.py")) - {ENGINE / "drill.py"})
                         + sorted(THREATS.glob("*.py")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_part_imports_the_drill(path):
    assert "simulator.engine.drill" not in _imports(path)
