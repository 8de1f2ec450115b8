"""The console's contract: the real client and the tests' fake are both a ``DrillConnection``.

``runtime_checkable`` only checks that the members exist, so the methods' signatures are compared
with the protocol's too: the same parameters, kinds and defaults, and the same async-ness.
"""

from __future__ import annotations

import inspect

import pytest

from simulator.live.client import DrillClient
from simulator.live.connection import DrillConnection
from tests.tui.fakes import FakeClient

CONNECTIONS = {
    "DrillClient": lambda: DrillClient("ws://127.0.0.1:9", "K7QM2XPA"),
    "FakeClient": lambda: FakeClient("cio", drill={"roles": {}}),
}


def _members() -> tuple[list[str], list[str]]:
    """The protocol's methods and its data members (attributes and properties)."""
    methods, data = [], []
    names = set(DrillConnection.__annotations__) | set(vars(DrillConnection))
    for name in sorted(n for n in names if not n.startswith("_")):
        member = inspect.getattr_static(DrillConnection, name, None)
        (methods if inspect.isfunction(member) else data).append(name)
    return methods, data


def _shape(function) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_the_protocol_is_what_the_console_uses():
    methods, data = _members()
    assert methods == ["close", "connect", "events", "send"]
    assert data == ["closed_reason", "on_state", "role", "url"]


@pytest.mark.parametrize("name", sorted(CONNECTIONS))
def test_each_connection_is_a_drill_connection(name):
    connection = CONNECTIONS[name]()
    assert isinstance(connection, DrillConnection)
    assert not isinstance(object(), DrillConnection)


@pytest.mark.parametrize("name", sorted(CONNECTIONS))
def test_each_connection_has_the_protocols_signatures(name):
    cls = type(CONNECTIONS[name]())
    methods, _ = _members()
    for method in methods:
        wanted = getattr(DrillConnection, method)
        got = getattr(cls, method)
        assert _shape(got) == _shape(wanted), f"{name}.{method}"
        assert inspect.iscoroutinefunction(got) == inspect.iscoroutinefunction(wanted), method
        if method == "events":
            assert inspect.isasyncgenfunction(got), f"{name}.events yields asynchronously"


def test_the_real_client_has_the_protocols_annotations():
    methods, _ = _members()
    for method in methods:
        wanted = inspect.signature(getattr(DrillConnection, method))
        got = inspect.signature(getattr(DrillClient, method))
        assert {p.name: p.annotation for p in got.parameters.values()} == \
            {p.name: p.annotation for p in wanted.parameters.values()}, method
        if method != "events":  # an async generator is annotated AsyncIterator in both
            assert got.return_annotation == wanted.return_annotation, method
    assert inspect.signature(DrillClient.role.fget).return_annotation == "str | None"


def test_a_signature_that_drifts_is_caught():
    class Drifted(FakeClient):
        async def send(self, action, args=None, *, id=None):  # no timeout
            raise NotImplementedError

    assert isinstance(Drifted("cio", drill={"roles": {}}), DrillConnection)  # runtime misses it
    assert _shape(Drifted.send) != _shape(DrillConnection.send)  # the comparison does not
