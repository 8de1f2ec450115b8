"""A journal that cannot be written (a full disk, a read-only file) pauses the drill, never ends it.

A probe filled the disk under a live drill: the server acknowledged 8 commands, then closed every
connection with 1011 and died, and did not recover once space was freed. Now, while the journal
cannot be written: commands are refused with the reason, nothing is acknowledged or sent that is
not stored, connected clients keep what was committed (and a new one can join and catch up), and
the drill clock stands still; once the journal can be written again the clock task's retry
notices, the drill goes on, and the journal is exactly what a replay of it makes.

The full disk is real here: ``PRAGMA max_page_count`` caps the journal's size on the session's
own connection, so SQLite fails with ``database or disk is full`` as on a full disk;
``PRAGMA query_only`` makes it refuse writes as a read-only file does. A monkeypatched failing
commit covers the clock loop's path by itself. The wall clock is a :class:`ManualWall`.
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from simulator.journal import Journal
from simulator.replay import replay
from tests.live.harness import OUTER, ManualWall, command, eventually, join, live, settle, until

DISK_FULL = ("the journal cannot be written: disk full; commands are refused until space "
             "returns")
READ_ONLY = ("the journal cannot be written: it is read-only; commands are refused until it "
             "can be written again")


def rows(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


def committed(session) -> int:
    """The last seq in the journal file, as another reader sees it."""
    with Journal.open(session.journal.path) as reader:
        return reader.last_seq()


def fill_disk(session) -> None:
    conn = session.journal._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(session) -> None:
    session.journal._conn.execute("PRAGMA max_page_count = 1073741823")


def make_read_only(session) -> None:
    session.journal._conn.execute("PRAGMA query_only = 1")


def make_writable(session) -> None:
    session.journal._conn.execute("PRAGMA query_only = 0")


async def outage_and_recovery(session, url, wall: ManualWall, fail, heal, reason: str) -> None:
    """Break the journal with ``fail`` while clients act, check the outage, heal, check again."""
    observer, _ = await join(url, session.codes["observer"])
    cio, _ = await join(url, session.codes["cio"])
    seen = [f["seq"] for f in await settle(observer, "before") if f["type"] == "event"]
    fail(session)
    while session.outage is None:  # sim time passes until a tick's events need a new page
        wall.advance(30.0)
        await settle(observer, f"tick-{wall.now}")
    assert session.outage == reason
    assert not session.clock.running, "the drill clock stands still during an outage"
    paused_at = session.clock.now()
    answer = await command(cio, "during", "send_message", {"to": ["legal"], "text": "hello"})
    assert answer == {"type": "reject", "id": "during", "reason": reason}
    wall.advance(600.0)
    frames = await settle(observer, "still-reading")
    seen += [f["seq"] for f in frames if f["type"] == "event"]
    assert session.clock.now() == paused_at
    assert max(seen) <= committed(session), "nothing uncommitted is ever sent"
    late, welcome = await join(url, session.codes["observer"])  # a client may still join
    assert welcome["seq"] <= committed(session)
    caught = await until(late, lambda f: f["type"] == "event" and f["seq"] == welcome["seq"])
    assert [f["seq"] for f in caught if f["type"] == "event"] == list(range(1, welcome["seq"] + 1))

    heal(session)
    await asyncio.wait_for(eventually(lambda: session.outage is None), OUTER)
    assert session.clock.running, "the drill goes on by itself once the journal can be written"
    again = await command(cio, "during", "send_message", {"to": ["legal"], "text": "hello"})
    assert again["type"] == "ack", "a command refused for the journal may be sent again"
    wall.advance(60.0)
    frames = await settle(observer, "after")
    seen += [f["seq"] for f in frames if f["type"] == "event"]
    assert seen == list(range(1, seen[-1] + 1)), "the observer misses nothing and gets no repeat"
    assert again["seq"] in seen
    for ws in (observer, cio, late):
        await ws.close()


@pytest.mark.parametrize("fail, heal, reason", [
    (fill_disk, free_disk, DISK_FULL),
    (make_read_only, make_writable, READ_ONLY),
], ids=["disk-full", "read-only"])
def test_a_journal_that_cannot_be_written_pauses_the_drill_until_it_can(tmp_path, fail, heal,
                                                                         reason):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=60, wall=wall) as (session, url):
            await outage_and_recovery(session, url, wall, fail, heal, reason)
        return session

    session = asyncio.run(go())
    assert session.outages == 1
    with Journal.open(session.journal.path) as reader:
        journalled = list(reader.events())
    assert rows(journalled) == rows(session.drill.events)
    assert rows(replay(session.journal.path).events[:len(journalled)]) == rows(journalled)


def test_the_clock_loop_retries_a_failing_commit_and_sends_nothing_meanwhile(tmp_path):
    """The clock task's own group commit fails (no command involved) and is retried."""
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=60, wall=wall) as (session, url):
            journal = session.journal
            commit = journal.commit
            full = [True]

            def failing_commit():
                if full[0] and journal._conn.in_transaction:
                    raise sqlite3.OperationalError("database or disk is full")
                commit()

            observer, _ = await join(url, session.codes["observer"])
            seen = [f["seq"] for f in await settle(observer, "before") if f["type"] == "event"]
            journal.commit = failing_commit
            wall.advance(60.0)  # the tick's engine events cannot be committed
            await asyncio.wait_for(eventually(lambda: session.outage is not None), OUTER)
            assert session.outage == DISK_FULL
            made = session.drill.last_seq
            assert made > seen[-1], "the engine made events the journal could not take"
            frames = await settle(observer, "held")
            held = [f["seq"] for f in frames if f["type"] == "event"]
            assert not held or max(held) <= committed(session)
            full[0] = False
            await asyncio.wait_for(eventually(lambda: session.outage is None), OUTER)
            frames = await until(observer, lambda f: f["type"] == "event" and f["seq"] >= made)
            seen += held + [f["seq"] for f in frames if f["type"] == "event"]
            assert seen == list(range(1, seen[-1] + 1))
            await observer.close()
        return session

    session = asyncio.run(go())
    with Journal.open(session.journal.path) as reader:
        assert rows(reader.events()) == rows(session.drill.events)
