"""One hostile frame must not stop a live drill: each is refused, and the drill goes on.

Every test sends one hostile frame over a real socket while an honest client (the observer, who
sees every event) is connected. It checks that the frame gets a ``reject`` with its one-line
reason, that the honest client keeps receiving events afterwards, that an honest command is still
acknowledged, and that the journal holds no effect of the refused frame: the journal is exactly
the live drill's events, and replaying it reproduces them.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.replay import is_external, reapply, rebuild
from tests.live.harness import command, join, live, until

OUTER = 30.0
"""Generous outer timeout for anything awaited over the socket."""


def rows(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


def mentions(event, cid: str) -> bool:
    data = event.data
    command_data = data.get("command")
    return data.get("command_id") == cid or (
        isinstance(command_data, dict) and command_data.get("id") == cid)


async def refuse(session, url, frame: str, role: str = "cio") -> dict:
    """Send ``frame`` as ``role`` with an honest observer connected; checks the drill goes on.

    Returns:
        The reject the frame got.
    """
    observer, _ = await join(url, session.codes["observer"])
    hostile, _ = await join(url, session.codes[role])
    await hostile.send(frame)
    frames = await until(hostile, lambda f: f["type"] in ("reject", "ack"), OUTER)
    answer = frames[-1]
    assert answer["type"] == "reject", answer
    after = session.drill.last_seq
    await until(observer, lambda f: f["type"] == "event" and f["seq"] > after, OUTER)
    honest, _ = await join(url, session.codes["network_ops"])
    report = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "down"}
    ack = await asyncio.wait_for(command(honest, "honest", "report_incident", report), OUTER)
    assert ack["type"] == "ack", ack
    await until(observer, lambda f: f["type"] == "event" and f["seq"] == ack["seq"], OUTER)
    for ws in (observer, hostile, honest):
        await ws.close()
    return answer


def replayed_events(meta, journalled):
    """The events a replay of the journal makes.

    Like :func:`simulator.replay.catch_up`, without its exact comparison of sim times: SimPy
    reaches a time ``until`` as ``now + (until - now)``, which may differ from ``until`` in the
    last bit, and a replay reaches a command's time from another ``now`` than the live clock did.
    """
    drill = rebuild(meta)
    drill.start()
    for event in journalled:
        if is_external(event):
            reapply(drill, event)  # raises if the command makes another kind of event
    while drill.last_seq < len(journalled) and not drill.is_over:
        drill.env.step()
    return drill.events[:len(journalled)]


def assert_journal_is_the_drill(session, refused_id: str = "bad") -> None:
    """The closed session's journal equals its drill, replays to it, and never saw the frame."""
    with Journal.open(session.journal.path) as reader:
        meta, journalled = reader.meta(), list(reader.events())
    assert rows(journalled) == rows(session.drill.events)
    assert not any(mentions(e, refused_id) for e in journalled)
    replayed = replayed_events(meta, journalled)
    assert [(e.seq, e.kind, e.actor, e.data) for e in replayed] == \
        [(e.seq, e.kind, e.actor, e.data) for e in journalled]
    assert [e.t for e in replayed] == pytest.approx([e.t for e in journalled], abs=1e-6)


def hostile_command(action: str, args: str) -> str:
    """A command frame with ``args`` spliced in as raw JSON text (json.dumps cannot write NaN)."""
    return f'{{"type":"command","id":"bad","action":"{action}","args":{args}}}'


def play(tmp_path, frame: str, role: str = "cio", **kwargs) -> str:
    async def go():
        async with live(tmp_path, speed=600, **kwargs) as (session, url):
            answer = await refuse(session, url, frame, role)
        assert_journal_is_the_drill(session)
        return answer["reason"]
    return asyncio.run(go())


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_non_finite_number_in_a_commands_arguments_is_refused(tmp_path, constant):
    frame = hostile_command("request_resources",
                            f'{{"kind":"funds","amount":{constant},"reason":"scrubbing"}}')
    assert play(tmp_path, frame) == f"non-finite number {constant} is not allowed"


def test_a_number_too_large_for_a_float_is_refused(tmp_path):
    frame = hostile_command("request_resources", '{"kind":"funds","amount":1e400,"reason":"x"}')
    assert play(tmp_path, frame) == "number 1e400 is out of range"


def test_a_5000_digit_integer_is_refused(tmp_path):
    frame = hostile_command("request_resources",
                            '{"kind":"funds","amount":' + "9" * 5000 + ',"reason":"x"}')
    assert play(tmp_path, frame) == "number with more than 32 characters"


def test_an_integer_beyond_the_safe_range_is_refused(tmp_path):
    frame = hostile_command("request_resources",
                            '{"kind":"funds","amount":9007199254740993,"reason":"x"}')
    assert play(tmp_path, frame) == "integer beyond ±9007199254740991"


@pytest.mark.parametrize("message", ["²", "١٢", "1" * 5000, "-3"])
def test_a_read_receipt_with_a_message_id_that_is_not_ascii_digits_is_refused(tmp_path, message):
    frame = json.dumps({"type": "command", "id": "bad", "action": "read",
                        "args": {"message": message}})
    assert play(tmp_path, frame) == "'message' must be a message's seq (ASCII digits)"


def test_a_lone_surrogate_in_a_message_text_is_refused(tmp_path):
    frame = json.dumps({"type": "command", "id": "bad", "action": "send_message",
                        "args": {"to": ["legal"], "text": "scrub \ud800 now"}})
    assert "\\ud800" in frame
    assert play(tmp_path, frame) == "text holds a lone surrogate (not valid Unicode)"


@pytest.mark.parametrize(("action", "args", "reason"), [
    ("request_resources", {"kind": "funds", "amount": "lots", "reason": "x"},
     "'amount' must be a number from 0 to 1e+12"),
    ("request_resources", {"kind": "funds", "amount": 1e13, "reason": "x"},
     "'amount' must be a number from 0 to 1e+12"),
    ("set_severity", {"level": ["I"]}, "'level' must be one of I, II, III, IV"),
    ("send_message", {"to": ["legal"] * 65, "text": "x"},
     "'to' holds more than 64 ids or an id longer than 64"),
    ("send_message", {"to": ["legal"], "text": "x" * 4001},
     "'text' is longer than 4000 characters"),
])
def test_arguments_outside_the_catalogues_types_and_bounds_are_refused(tmp_path, action, args,
                                                                        reason):
    frame = json.dumps({"type": "command", "id": "bad", "action": action, "args": args})
    assert play(tmp_path, frame) == reason


def test_a_facilitator_command_outside_its_bounds_is_refused(tmp_path):
    frame = json.dumps({"type": "command", "id": "bad", "action": "speed",
                        "args": {"factor": "fast"}})
    assert play(tmp_path, frame, role="facilitator") == \
        "'factor' must be a number from 0 to 1e+12"


def test_a_failing_journal_write_refuses_the_command_and_leaves_the_drill_as_it_was(tmp_path):
    async def go():
        async with live(tmp_path, speed=600) as (session, url):
            journal = session.journal
            append = journal.append

            def full_disk(events):
                events = list(events)
                if any(mentions(e, "bad") for e in events):
                    raise sqlite3.OperationalError("database or disk is full")
                append(events)

            journal.append = full_disk
            frame = json.dumps({"type": "command", "id": "bad", "action": "set_severity",
                                "args": {"level": "I"}})
            answer = await refuse(session, url, frame)
            assert answer["reason"] == ("the journal cannot be written: disk full; commands "
                                        "are refused until space returns")
            assert session.drill.state.severity is None
            assert "set_severity" not in session.drill.state.actions
            journal.append = append  # the disk has room again: the same id may be sent again
            cio, _ = await join(url, session.codes["cio"])
            again = await asyncio.wait_for(command(cio, "bad", "set_severity", {"level": "I"}),
                                           OUTER)
            assert again["type"] == "ack", again
            assert session.drill.state.severity == "I"
            await cio.close()
        with Journal.open(session.journal.path) as reader:
            journalled = list(reader.events())
        assert rows(journalled) == rows(session.drill.events)
        assert [e.kind for e in journalled if mentions(e, "bad")] == ["action.taken"]
    asyncio.run(go())


def test_an_event_the_journal_cannot_encode_is_never_applied(tmp_path, monkeypatch):
    """Past the boundary, a NaN reaching the engine (here planted in its arguments) is rolled back.

    The engine refuses the planted amount and makes an ``action.rejected`` event holding it,
    which the journal's strict encoder refuses: the command is refused and nothing of it stays.
    """
    submit = Drill.submit

    def planted(drill, role, action, args=None, **kwargs):
        if kwargs.get("command_id") == "bad":
            args = {**(args or {}), "amount": float("nan")}
        return submit(drill, role, action, args, **kwargs)

    monkeypatch.setattr(Drill, "submit", planted)

    async def go():
        async with live(tmp_path, speed=600) as (session, url):
            frame = json.dumps({"type": "command", "id": "bad", "action": "request_resources",
                                "args": {"kind": "funds", "amount": 1, "reason": "x"}})
            answer = await refuse(session, url, frame)
            assert answer["reason"].startswith("not applied: the journal cannot hold it (")
            assert not session.drill.state.requests
        assert_journal_is_the_drill(session)
    asyncio.run(go())
