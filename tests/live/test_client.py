"""The drill client against a scripted fake server on a real socket (127.0.0.1, port 0).

Each test scripts what the server does on each connection (the n-th connection gets ``index`` n),
so drops, replays, duplicate answers and refused rejoins happen exactly when the test says.
Nothing waits on time: what "has arrived by now" is marked by a frame the script sends last, and
the reconnection backoff is replaced by one that records the attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from simulator.live.client import BACKOFF, DrillClient, backoff_delay
from simulator.live.connection import ClientClosed, CommandRejected, JoinRefused
from simulator.protocol import (
    MAX_FRAME_BYTES,
    Ack,
    Command,
    Error,
    Hello,
    Reject,
    Welcome,
    decode_client,
    encode,
    event_frame,
)

FAST = (0.01, 0.05)
"""A quick backoff for tests that only need the reconnection to happen."""
OUTER = 30.0
"""Seconds after which a test that should end at once is stopped: generous, never a measure."""


def run(coro):
    """Run ``coro``; a test that hangs fails after :data:`OUTER` seconds."""
    return asyncio.run(asyncio.wait_for(coro, OUTER))


class Attempts:
    """The client's backoff replaced: records each reconnection attempt and waits ``delay``."""

    def __init__(self, monkeypatch, delay: float = 0.0, *, when: int | None = None):
        self.attempts: list[int] = []
        self.delay = delay
        self.when = when
        self.reached = asyncio.Event()
        client_module = sys.modules[DrillClient.__module__]
        monkeypatch.setattr(client_module, "backoff_delay", self)

    def __call__(self, attempt: int, *bounds: float) -> float:
        self.attempts.append(attempt)
        if self.when is not None and len(self.attempts) >= self.when:
            self.reached.set()
        return self.delay


def welcome(role: str = "network_ops", seq: int = 0, protocol: int = 1) -> str:
    return encode(Welcome(type="welcome", role=role, protocol=protocol, seq=seq,
                          drill={"scenario": "ddos-618", "clock": {"sim": 0.0, "paused": False}}))


def event(seq: int) -> str:
    return event_frame(seq, float(seq), "world.sample", "engine",
                       {"measures": {"storefront.availability": 1.0 - seq / 100}})


class FakeServer:
    """A drill server whose every connection runs ``script(server, ws, hello, index)``."""

    def __init__(self, script):
        self.script = script
        self.hellos: list[Hello] = []
        self.commands: list[tuple[int, Command]] = []
        self.url = ""

    async def __aenter__(self) -> FakeServer:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        port = next(iter(self._server.sockets)).getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._server.close()
        await self._server.wait_closed()

    @property
    def connections(self) -> int:
        return len(self.hellos)

    async def _handle(self, ws: ServerConnection) -> None:
        index = len(self.hellos)
        with contextlib.suppress(ConnectionClosed):
            hello = decode_client(await ws.recv())
            assert isinstance(hello, Hello)
            self.hellos.append(hello)
            await self.script(self, ws, hello, index)

    async def command(self, ws: ServerConnection, index: int) -> Command:
        """The next command the client sends on this connection."""
        command = decode_client(await ws.recv())
        assert isinstance(command, Command)
        self.commands.append((index, command))
        return command


async def answer_commands(server: FakeServer, ws: ServerConnection, index: int) -> None:
    """Ack every command, except those whose action is ``forbidden``, which are rejected."""
    seq = 100
    while True:
        command = await server.command(ws, index)
        seq += 1
        if command.action == "forbidden":
            reply = Reject(type="reject", id=command.id, reason="network_ops may not forbidden")
        else:
            reply = Ack(type="ack", id=command.id, seq=seq)
        await ws.send(encode(reply))


async def collect(client: DrillClient, count: int | None = None) -> list[int]:
    """The seqs the client yields (``count`` of them, or until it ends)."""
    seqs = []
    async for frame in client.events():
        seqs.append(frame.seq)
        if count is not None and len(seqs) == count:
            break
    return seqs


def test_hello_and_welcome():
    async def script(server, ws, hello, index):
        await ws.send(welcome("network_ops", seq=7))
        await ws.wait_closed()

    async def go():
        states = []
        async with FakeServer(script) as server:
            client = DrillClient(server.url, "K7QM2XPA", lang="en", on_state=states.append)
            assert client.state == "closed" and client.role is None
            async with client:
                assert client.state == "connected"
                assert client.role == "network_ops" and client.welcome.seq == 7
                assert client.welcome.drill["scenario"] == "ddos-618"
                assert client.last_seq is None
            assert client.state == "closed" and client.closed_reason is None
        hello = server.hellos[0]
        assert (hello.code, hello.last_seq, hello.lang) == ("K7QM2XPA", None, "en")
        assert states == ["connecting", "connected", "closed"]

    run(go())


def test_an_error_frame_refuses_the_join():
    async def script(server, ws, hello, index):
        await ws.send(encode(Error(type="error", reason="unknown join code")))
        await ws.close(1008)

    async def go():
        async with FakeServer(script) as server:
            client = DrillClient(server.url, "NOPE1234")
            with pytest.raises(JoinRefused) as refused:
                await client.connect()
            assert refused.value.reason == "unknown join code"
            assert client.state == "closed"
            with pytest.raises(ClientClosed):
                await client.send("acknowledge", {"inject": "first-alert"})

    run(go())


def test_a_server_of_another_protocol_version_is_refused():
    async def script(server, ws, hello, index):
        await ws.send(welcome(protocol=2))
        await ws.wait_closed()

    async def go():
        async with FakeServer(script) as server:
            with pytest.raises(JoinRefused, match="protocol 2"):
                await DrillClient(server.url, "K7QM2XPA").connect()

    run(go())


def test_send_returns_the_ack_and_a_reject_raises_with_its_reason():
    async def script(server, ws, hello, index):
        await ws.send(welcome())
        await answer_commands(server, ws, index)

    async def go():
        async with FakeServer(script) as server, DrillClient(server.url, "K7QM2XPA") as client:
            ack = await client.send("acknowledge", {"inject": "first-alert"})
            assert isinstance(ack, Ack) and ack.seq == 101
            mine = await client.send("close_incident", id="my-id-1")
            assert mine.id == "my-id-1" and mine.seq == 102
            with pytest.raises(CommandRejected) as rejected:
                await client.send("forbidden", {"level": "II"})
            assert rejected.value.reason == "network_ops may not forbidden"
        sent = [c for _, c in server.commands]
        assert sent[0].action == "acknowledge" and sent[0].args == {"inject": "first-alert"}
        assert len({c.id for c in sent}) == 3 and sent[0].id == ack.id
        assert client._pending == {}

    run(go())


def test_a_command_without_an_answer_times_out_and_is_forgotten():
    async def script(server, ws, hello, index):
        await ws.send(welcome())
        await server.command(ws, index)
        await ws.wait_closed()

    async def go():
        async with FakeServer(script) as server, DrillClient(server.url, "K7QM2XPA") as client:
            with pytest.raises(TimeoutError):
                await client.send("close_incident", timeout=0.2)
            assert client._pending == {}

    run(go())


def test_events_arrive_in_order():
    async def script(server, ws, hello, index):
        await ws.send(welcome(seq=9))
        for seq in (1, 2, 4, 7, 9):  # gaps: events of other roles
            await ws.send(event(seq))
        await ws.wait_closed()

    async def go():
        async with FakeServer(script) as server, DrillClient(server.url, "K7QM2XPA") as client:
            frames = [f async for f in _take(client, 5)]
            assert [f.seq for f in frames] == [1, 2, 4, 7, 9]
            assert frames[1].kind == "world.sample" and frames[1].t == 2.0
            assert frames[1].data == {"measures": {"storefront.availability": 0.98}}
            assert client.last_seq == 9

    run(go())


async def _take(client: DrillClient, count: int):
    async for frame in client.events():
        yield frame
        count -= 1
        if not count:
            return


def test_a_drop_mid_stream_reconnects_with_last_seq_and_delivers_the_rest_once():
    async def script(server, ws, hello, index):
        if index == 0:
            await ws.send(welcome(seq=3))
            for seq in (1, 2, 3):
                await ws.send(event(seq))
            await ws.close(1001)  # the server goes away mid-drill
            return
        assert hello.last_seq == 3
        await ws.send(welcome(seq=7))
        for seq in (2, 3, 4, 5, 6):  # a replay overlapping what the client has
            await ws.send(event(seq))
        await ws.send(event(7))  # then the drill goes on: 7 comes after everything else
        await ws.wait_closed()

    async def go():
        states = []
        async with FakeServer(script) as server:
            async with DrillClient(server.url, "K7QM2XPA", on_state=states.append) as client:
                assert await collect(client, 7) == [1, 2, 3, 4, 5, 6, 7], "each once, in order"
                assert client._events.empty() and client.last_seq == 7
                assert client.welcome.seq == 7
            assert [h.last_seq for h in server.hellos] == [None, 3]
        assert states == ["connecting", "connected", "reconnecting", "connected", "closed"]

    run(go())


def test_a_command_in_flight_during_a_drop_is_resent_with_its_id_and_resolves_once():
    async def script(server, ws, hello, index):
        await ws.send(welcome())
        command = await server.command(ws, index)
        if index == 0:
            ws.transport.abort()  # the network goes: no answer, no close frame
            return
        ack = encode(Ack(type="ack", id=command.id, seq=42))
        await ws.send(ack)
        await ws.send(ack)  # a stray duplicate answer is ignored
        await ws.send(event(43))  # sent after the duplicate, so read after it
        await ws.wait_closed()

    async def go():
        async with (FakeServer(script) as server,
                    DrillClient(server.url, "K7QM2XPA", backoff=FAST) as client):
            ack = await client.send("report_incident", {"type": "DDoS"})
            assert ack.seq == 42
            assert await collect(client, 1) == [43]  # the duplicate has been read by now
            assert client.state == "connected" and client._pending == {}
        first, second = server.commands
        assert (first[0], second[0]) == (0, 1)
        assert first[1] == second[1] and first[1].id == ack.id

    run(go())


def test_a_command_sent_while_reconnecting_goes_out_on_the_new_connection():
    async def script(server, ws, hello, index):
        await ws.send(welcome())
        if index == 0:
            await ws.close(1001)
            return
        await answer_commands(server, ws, index)

    async def go():
        reconnecting = asyncio.Event()

        def on_state(state):
            if state == "reconnecting":
                reconnecting.set()

        async with (FakeServer(script) as server,
                    DrillClient(server.url, "K7QM2XPA", on_state=on_state) as client):
            await reconnecting.wait()
            assert client.state == "reconnecting"
            ack = await client.send("close_incident")
            assert ack.seq == 101
        assert [(i, c.id) for i, c in server.commands] == [(1, ack.id)]

    run(go())


def test_a_refused_rejoin_ends_the_client_and_stops_the_backoff():
    async def script(server, ws, hello, index):
        if index == 0:
            await ws.send(welcome(seq=1))
            await ws.send(event(1))
            await server.command(ws, index)
            await ws.close(1001)
            return
        await ws.send(encode(Error(type="error", reason="the drill has ended")))
        await ws.close(1008)

    async def go():
        states = []
        async with FakeServer(script) as server:
            client = DrillClient(server.url, "K7QM2XPA", backoff=FAST, on_state=states.append)
            await client.connect()
            with pytest.raises(ClientClosed, match="the drill has ended"):
                await client.send("close_incident")
            assert await collect(client) == [1]  # the iterator ends
            assert client.state == "closed" and client.closed_reason == "the drill has ended"
            await client._task  # the connection task is over: no attempt can follow
            assert server.connections == 2
            await client.close()
            assert await collect(client) == []  # and stays ended
        assert states == ["connecting", "connected", "reconnecting", "closed"]

    run(go())


def test_without_reconnect_a_drop_closes_the_client():
    async def script(server, ws, hello, index):
        await ws.send(welcome(seq=1))
        await ws.send(event(1))
        await ws.close(1001)

    async def go():
        async with FakeServer(script) as server:
            async with DrillClient(server.url, "K7QM2XPA", reconnect=False) as client:
                assert await collect(client) == [1]
                assert client.state == "closed"
                assert client.closed_reason == "the connection was lost"
            assert server.connections == 1

    run(go())


def test_reconnection_waits_while_the_server_is_down_and_close_stops_it(monkeypatch):
    async def script(server, ws, hello, index):
        await ws.send(welcome())
        await ws.close(1001)

    async def go():
        backoff = Attempts(monkeypatch, 0.01, when=4)
        async with FakeServer(script) as server:
            url = server.url
            client = DrillClient(url, "K7QM2XPA", backoff=FAST)
            await client.connect()
        await backoff.reached.wait()  # the server is gone: attempts fail, the client keeps trying
        assert client.state == "reconnecting" and backoff.attempts[:4] == [0, 1, 2, 3]
        await client.close()
        assert client.state == "closed" and client._task.done()

    run(go())


def test_backoff_doubles_to_the_limit_with_jitter():
    rng = random.Random(1)
    first, longest = BACKOFF
    assert (first, longest) == (0.2, 5.0)
    for attempt in range(12):
        base = min(longest, first * 2 ** attempt)
        delays = [backoff_delay(attempt, rng=rng) for _ in range(50)]
        assert all(base / 2 <= d <= base for d in delays)
        assert len(set(delays)) > 1
    assert backoff_delay(10_000, rng=rng) <= longest


def test_the_client_against_the_real_server(tmp_path):
    from tests.live.harness import live

    async def go():
        async with live(tmp_path) as (session, url):
            async with DrillClient(url, session.codes["facilitator"]) as boss:
                assert boss.role == "facilitator"
                ack = await boss.send("pause")
                seqs = []
                async for frame in boss.events():
                    seqs.append(frame.seq)
                    if frame.seq == ack.seq:
                        assert frame.kind == "clock.changed"
                        break
                assert seqs == sorted(set(seqs)) and seqs[0] == 1
                again = await boss.send("pause", id=ack.id)
                assert again == ack
            async with DrillClient(url, session.codes["observer"]) as observer:
                with pytest.raises(CommandRejected, match="observers cannot act"):
                    await observer.send("close_incident")

    run(go())


def test_a_long_chinese_report_makes_a_big_event_that_the_client_still_accepts(tmp_path):
    from simulator.actions import REGULATOR_FIELDS
    from tests.live.harness import live

    async def go():
        states = []
        async with (live(tmp_path) as (session, url),
                    DrillClient(url, session.codes["cio"], on_state=states.append) as cio):
            # just under the 64 KiB a command may take; its event echo is larger than that
            args = {field: "监" * 3630 for field in REGULATOR_FIELDS}  # 65,340 bytes of UTF-8
            ack = await cio.send("report_to_regulator", args, timeout=OUTER)
            async for frame in cio.events():
                if frame.seq == ack.seq:
                    assert frame.data["args"] == args
                    echo = event_frame(frame.seq, frame.t, frame.kind, frame.actor, frame.data)
                    assert len(echo.encode()) > MAX_FRAME_BYTES
                    break
            assert cio.state == "connected"
        assert states == ["connecting", "connected", "closed"]

    run(go())


def test_a_connection_that_keeps_dropping_keeps_backing_off(monkeypatch):
    dropped = asyncio.Event()

    async def script(server, ws, hello, index):
        await ws.send(welcome())
        if index == 5:
            dropped.set()
        await ws.close(1011)  # e.g. a frame the client cannot take, on every replay

    async def go():
        backoff = Attempts(monkeypatch)
        async with (FakeServer(script) as server,
                    DrillClient(server.url, "K7QM2XPA", backoff=(0.05, 5.0))):
            await dropped.wait()
        # each reconnection backs off one step further: the count is not reset by a join that
        # is dropped at once (so the waits double: backoff_delay(attempt) above)
        assert backoff.attempts[:5] == [0, 1, 2, 3, 4]

    run(go())
