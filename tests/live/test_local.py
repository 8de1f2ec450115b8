"""The in-process server of ``warroom play``: joined over loopback through the protocol."""

from __future__ import annotations

import asyncio

from simulator.journal import Journal
from simulator.live.client import DrillClient
from simulator.live.local import LocalServer
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario


def test_a_console_joins_the_local_server_and_its_command_is_journalled(tmp_path):
    session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=3,
                             speed=1200.0, lang="en")
    code = session.codes["cio"]

    async def play(url: str):
        async with DrillClient(url, code, lang="en", backoff=(0.05, 0.2)) as client:
            assert client.role == "cio"
            seen = []
            async for event in client.events():
                seen.append(event)
                if event.kind == "inject.fired" or len(seen) > 200:
                    break
            ack = await client.send("send_message", {"to": ["security_lead"], "text": "status?"})
            return seen, ack

    with LocalServer(session) as server:
        assert server.url.startswith("ws://127.0.0.1:")
        seen, ack = asyncio.run(play(server.url))
    assert seen[0].kind == "drill.started"
    with Journal.open(tmp_path / "j.sqlite") as journal:
        events = list(journal.events())
    sent = next(e for e in events if e.seq == ack.seq)
    assert sent.kind == "action.taken" and sent.actor == "cio"
    assert sent.data["source"] == "human"
    # the role was handed from its bot to the person who joined
    assert any(e.kind == "bots.changed" and e.data["role"] == "cio" and not e.data["bot"]
               for e in events)


def test_a_server_that_cannot_start_reports_it(tmp_path, monkeypatch):
    session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=3)

    async def refuse(self, host, port, tls=None):
        raise OSError("no sockets today")

    monkeypatch.setattr("simulator.live.server.SessionServer.start", refuse)
    server = LocalServer(session)
    try:
        server.start()
    except OSError as error:
        assert "no sockets today" in str(error)
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("start() should fail")
