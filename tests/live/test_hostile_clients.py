"""Hostile clients over a real socket (port 0): each kind is refused and honest clients go on.

One test per kind found by the probe of issue 16: floods of commands across reconnections,
floods of refused commands (before and after the drill's end), joins from scratch after a long
drill, code guessing, half-open connections, a missing hello, clients that never read, frames
the protocol refuses, and join codes at rest. After each, an honest client is still served, the
journal holds no effect of the refused frames beyond the engine's own refusals, and what the
server stores is bounded (counted).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from urllib.parse import urlparse

import pytest

import simulator.live.peer as peer
import simulator.live.server as server_module
from simulator.journal import Journal
from simulator.live import refusals
from simulator.live.codes import CodeBook
from simulator.live.guard import BLOCKED, UNKNOWN, Doorway
from simulator.live.limits import ROLE_COMMAND_BURST, JoinGuard, RoleBudgets
from simulator.live.session import Session
from tests.live.harness import ManualWall, command, events, eventually, join, live, settle, until
from tests.live.test_hostile_frames import replayed_events, rows

REPORT = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "down"}


async def honest_still_served(session, url, cid: str = "honest") -> None:
    """A fresh participant joins, acts and is acknowledged."""
    ops, welcome = await join(url, session.codes["network_ops"])
    assert welcome["type"] == "welcome", welcome
    answer = await asyncio.wait_for(command(ops, cid, "report_incident", REPORT), 30)
    assert answer["type"] == "ack", answer
    await ops.close()


def journal_of(session):
    with Journal.open(session.journal.path) as reader:
        return reader.meta(), list(reader.events())


def assert_replay_exact(session) -> None:
    meta, journalled = journal_of(session)
    assert rows(journalled) == rows(session.drill.events)
    replayed = replayed_events(meta, journalled)
    assert [(e.seq, e.kind, e.actor, e.data) for e in replayed] == \
        [(e.seq, e.kind, e.actor, e.data) for e in journalled]


def test_reconnecting_does_not_buy_a_fresh_command_budget(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            session.budgets = RoleBudgets(clock=lambda: 0.0)  # no refill: the burst is all
            answers = []
            for n in range(6):  # 25 a connection stays within each connection's own burst
                ws, _ = await join(url, session.codes["cio"])
                for i in range(25):
                    answers.append(await command(ws, f"c{n}-{i}", "acknowledge",
                                                 {"inject": "settle"}))
                await ws.close()
            limited = [a for a in answers if a["reason"] == "too many commands; slow down"]
            assert len(answers) - len(limited) == ROLE_COMMAND_BURST, \
                "the role's budget holds across its connections"
            boss, _ = await join(url, session.codes["facilitator"])
            assert (await command(boss, "f1", "speed", {"factor": 60}))["type"] == "ack", \
                "the facilitator has a budget of its own"
            await honest_still_served(session, url)
        assert_replay_exact(session)
    asyncio.run(go())


def test_refused_commands_are_counted_not_stored_past_a_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(peer, "COMMAND_BURST", 1e9)

    async def flood(ws, prefix: str, n: int, reason: str) -> None:
        big = {"x": "A" * 4000, "y": list(range(100)), "z": {"deep": [[[["x" * 500]]]]}}
        for i in range(n):
            await ws.send(json.dumps({"type": "command", "id": f"{prefix}{i}", "action": "fly",
                                      "args": big}))
        frames = await until(ws, lambda f: f.get("id") == f"{prefix}{n - 1}")
        answers = [f for f in frames if f["type"] == "reject"]
        assert len(answers) == n and {a["reason"] for a in answers} == {reason}

    async def go():
        async with live(tmp_path) as (session, url):
            session.budgets = RoleBudgets(rate=1e9, burst=1e9)
            cio, _ = await join(url, session.codes["cio"])
            await flood(cio, "f", 1000, "unknown action 'fly'")
            boss, _ = await join(url, session.codes["facilitator"])
            assert (await command(boss, "end", "end"))["type"] == "ack"
            await flood(cio, "g", 300, "the drill has ended")
            watcher, welcome = await join(url, session.codes["observer"])
            seen = events(await settle(watcher, "w"))
            assert [f["seq"] for f in seen] == list(range(1, welcome["seq"] + 1)), \
                "a fresh join still catches up on everything"
            assert len(session.responses.refused["cio"]) <= refusals.REFUSALS_REMEMBERED
        _meta, journalled = journal_of(session)
        rejected = [e for e in journalled if e.kind == "action.rejected" and e.actor == "cio"]
        assert len(rejected) == refusals.JOURNALLED
        assert max(len(json.dumps(e.data)) for e in rejected) < 6000, "arguments are cut"
        counts = [e.data["count"] for e in journalled if e.kind == "commands.refused"]
        assert counts == [1, 10, 100, 1000], "the rest are counted"
        assert_replay_exact(session)
    asyncio.run(go())


def test_a_fresh_join_catches_up_however_many_events_it_missed(tmp_path, monkeypatch):
    monkeypatch.setattr(peer, "QUEUE_LIMIT", 40)
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=900, wall=wall) as (session, url):
            wall.advance(8)  # two sim hours, with nobody connected
            await eventually(lambda: session.drill.now >= session.clock.now())
            assert session.drill.last_seq > 5 * peer.QUEUE_LIMIT
            watcher, welcome = await join(url, session.codes["observer"])
            seen = [f["seq"] for f in events(await settle(watcher, "w"))]
            assert seen[:welcome["seq"]] == list(range(1, welcome["seq"] + 1))
            assert not any(c.dropped for c in session.clients)
            await honest_still_served(session, url)
    asyncio.run(go())


def test_a_client_whose_frames_pile_up_past_the_byte_limit_is_dropped(monkeypatch):
    """A client that never reads (its socket full) is dropped once its queue holds too much."""
    monkeypatch.setattr(peer, "QUEUE_BYTES", 1000)
    closed = []

    async def go():
        client = peer.Client("cio", close=closed.append)
        for _ in range(5):
            client.push("x" * 300)
        assert client.dropped and client.queued_bytes == 900
        assert closed == ["too slow: reconnect to catch up"]
        await client.next_frame()
        assert client.queued_bytes == 600
    asyncio.run(go())


def test_guessing_is_limited_per_address_and_globally_never_against_the_facilitator(tmp_path):
    wall = ManualWall()
    guard = JoinGuard(clock=wall)

    async def go():
        async with live(tmp_path, guard=guard) as (session, url):
            for n in range(5):
                _ws, answer = await join(url, f"WRONG{n:03d}")
                assert answer == {"type": "error", "reason": UNKNOWN}
            _ws, answer = await join(url, session.codes["cio"])
            assert answer["reason"] == BLOCKED, "this address must wait"
            for _ in range(3):  # a code of the facilitator's length is never locked out
                _ws, answer = await join(url, "Z" * 20)
                assert answer["reason"] == UNKNOWN
            boss, welcome = await join(url, session.codes["facilitator"])
            assert welcome["role"] == "facilitator"
            for n in range(guard.total):  # a guesser spread over many addresses
                guard.failed(f"10.0.{n}.1")
            assert guard.blocked("192.0.2.7"), "the global limit holds for every address"
            _ws, welcome = await join(url, session.codes["facilitator"])
            assert welcome["role"] == "facilitator", "the facilitator still joins"
            wall.advance(61)
            await honest_still_served(session, url)
            for n in range(2 * JoinGuard.ADDRESSES):
                guard.failed(f"10.1.{n}.1")
            assert len(guard._failures) <= JoinGuard.ADDRESSES
    asyncio.run(go())


def test_a_short_code_is_hashed_off_the_event_loop(tmp_path, monkeypatch):
    threads = []
    digest = CodeBook.digest

    def spy(book, code):
        threads.append(threading.current_thread() is threading.main_thread())
        return digest(book, code)

    async def go():
        async with live(tmp_path) as (session, url):
            monkeypatch.setattr(CodeBook, "digest", spy)
            _ws, welcome = await join(url, session.codes["legal"])
            assert welcome["role"] == "legal"
    asyncio.run(go())
    assert threads == [False], "scrypt ran in a worker thread"


def test_the_facilitator_rotates_and_revokes_codes_and_replay_keeps_them(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            old, seen_old = session.codes["cio"], session.codes["observer"]
            cio, _ = await join(url, old)
            watcher, _ = await join(url, seen_old)
            boss, _ = await join(url, session.codes["facilitator"])
            ack = await command(boss, "r1", "codes", {"role": "cio", "do": "rotate"})
            assert ack["type"] == "ack" and len(ack["code"]) == 8 and ack["code"] != old
            closed = await until(cio, lambda f: f["type"] == "error")
            assert closed[-1]["reason"] == "the join code of cio was rotated by the facilitator"
            _ws, answer = await join(url, old)
            assert answer["reason"] == UNKNOWN
            _ws, welcome = await join(url, ack["code"])
            assert welcome["role"] == "cio"
            again = await command(boss, "r1", "codes", {"role": "cio", "do": "rotate"})
            assert again == {"type": "ack", "id": "r1", "seq": ack["seq"]}, \
                "a repeated id is answered without the code"
            forged = await command(boss, "r2", "codes",
                                   {"role": "cio", "do": "rotate", "hash": "0" * 64})
            assert forged["type"] == "reject"
            assert (await command(boss, "r3", "refused", {"role": "cio", "count": 1}))[
                "reason"] == "unknown facilitator command 'refused'"
            revoked = await command(boss, "r4", "codes", {"role": "observer", "do": "revoke"})
            assert revoked["type"] == "ack" and "code" not in revoked
            closed = await until(watcher, lambda f: f["type"] == "error")
            assert "revoked" in closed[-1]["reason"]
            _ws, answer = await join(url, seen_old)
            assert answer["reason"] == UNKNOWN
            await honest_still_served(session, url)
            return old, ack["code"], seen_old

    old, new, seen_old = asyncio.run(go())
    path = tmp_path / "journal.sqlite"
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite*"))
    for code in (old, new, seen_old):
        assert code.encode() not in stored, "no plaintext code in the journal"
    _meta, journalled = journal_of_path(path)
    changes = [e.data for e in journalled if e.kind == "codes.changed"]
    assert [(c["role"], c["do"], "hash" in c) for c in changes] == \
        [("cio", "rotate", True), ("observer", "revoke", False)]
    resumed = Session.resume(path)
    try:
        assert resumed.role_for(new) == "cio" and resumed.role_for(old) is None
        assert resumed.role_for(seen_old) is None
    finally:
        resumed.close()


def journal_of_path(path):
    with Journal.open(path) as reader:
        return reader.meta(), list(reader.events())


def test_half_open_connections_cannot_crowd_out_an_honest_join(tmp_path, caplog):
    doorway = Doorway(limit=32)
    caplog.set_level(logging.INFO)

    async def go():
        async with live(tmp_path, doorway=doorway) as (session, url):
            where = urlparse(url)
            peers = [await asyncio.open_connection(where.hostname, where.port)
                     for _ in range(200)]
            await eventually(lambda: doorway.evicted >= 200 - doorway.limit)
            _ws, welcome = await join(url, session.codes["cio"])
            assert welcome["role"] == "cio"
            assert len(doorway) <= doorway.limit
            for _reader, writer in peers:
                writer.close()
            await honest_still_served(session, url)
    asyncio.run(go())
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], \
        "no traceback and no error for a client's fault"


def test_a_connection_without_hello_is_closed(tmp_path, monkeypatch):
    from websockets.asyncio.client import connect
    monkeypatch.setattr(server_module, "HELLO_TIMEOUT", 0.01)

    async def go():
        async with live(tmp_path) as (session, url):
            quiet = await connect(url)
            assert json.loads(await quiet.recv()) == {"type": "error", "reason": "no hello"}
            monkeypatch.setattr(server_module, "HELLO_TIMEOUT", 10.0)
            await honest_still_served(session, url)
    asyncio.run(go())


def test_a_connection_flooding_refused_frames_is_closed(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            ws, _ = await join(url, session.codes["cs_agent"])
            before = len(session.drill.events)
            for _ in range(int(server_module.BAD_FRAME_BURST) + 50):
                await ws.send("{not json")
            frames = await until(ws, lambda f: f["type"] == "error")
            assert frames[-1]["reason"] == "too many refused frames"
            assert not [e for e in session.drill.events[before:] if e.actor == "cs_agent"]
            await honest_still_served(session, url)
    asyncio.run(go())


@pytest.mark.parametrize(("role", "action", "args", "reason"), [
    ("cio", "pause", {}, "unknown action 'pause'"),  # a facilitator control from a participant
    ("observer", "pause", {}, "observers cannot act"),
    ("observer", "report_incident", REPORT, "observers cannot act"),
    ("cs_agent", "set_severity", {"level": "I"}, "cs_agent may not set_severity"),
])
def test_forbidden_commands_change_nothing(tmp_path, role, action, args, reason):
    async def go():
        async with live(tmp_path) as (session, url):
            ws, _ = await join(url, session.codes[role])
            answer = await command(ws, "bad", action, args)
            assert answer["reason"] == reason
            again = await command(ws, "bad", action, args)
            assert again == answer, "a replayed id is answered again"
            assert session.clock.running and session.drill.state.severity is None
            await honest_still_served(session, url)
        assert_replay_exact(session)
    asyncio.run(go())


def test_no_code_or_message_text_is_logged_above_debug(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    secret_text = "the scrubbing vendor is Acme"

    async def go():
        async with live(tmp_path) as (session, url):
            cio, _ = await join(url, session.codes["cio"])
            await command(cio, "m", "send_message", {"to": ["legal"], "text": secret_text})
            boss, _ = await join(url, session.codes["facilitator"])
            ack = await command(boss, "r", "codes", {"role": "legal", "do": "rotate"})
            await join(url, "WRONGONE")
            return [*session.codes.values(), ack["code"]]

    codes = asyncio.run(go())
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG)
    assert "joined" in logged, "joins are logged (role and address only)"
    for secret in [*codes, secret_text, "WRONGONE"]:
        assert secret not in logged


def test_the_default_bind_is_loopback():
    import argparse
    import inspect

    from simulator.live.local import HOST
    from simulator.live.server import SessionServer
    from tui.commands import serve

    assert inspect.signature(SessionServer.start).parameters["host"].default == "127.0.0.1"
    assert HOST == "127.0.0.1"
    parser = argparse.ArgumentParser()
    serve.add_parser(parser.add_subparsers())
    assert parser.parse_args(["serve", "ddos-618"]).host == "127.0.0.1"
