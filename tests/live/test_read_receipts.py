"""Read receipts: a recipient marks a message read; its sender sees who has read it."""

from __future__ import annotations

import asyncio

from simulator.replay import replay
from tests.live.harness import command, join, live, settle, until


def test_the_sender_sees_who_has_read_and_others_do_not(tmp_path):
    async def scenario():
        async with live(tmp_path, start=False) as (session, url):
            cio, _ = await join(url, session.codes["cio"])
            lead, _ = await join(url, session.codes["security_lead"])
            legal, _ = await join(url, session.codes["legal"])
            sent = await command(cio, "m1", "send_message",
                                 {"to": ["security_lead", "legal"], "text": "status?"})
            message = sent["seq"]
            read = await command(lead, "r1", "read", {"message": str(message)})
            assert read["type"] == "ack"
            frames = await until(cio, lambda f: f.get("kind") == "message.read")
            receipt = frames[-1]
            assert receipt["actor"] == "security_lead"
            assert receipt["data"]["message"] == message and receipt["data"]["from"] == "cio"
            assert not [f for f in await settle(legal, "now") if f.get("kind") == "message.read"]
            again = await command(lead, "r2", "read", {"message": str(message)})
            assert again["type"] == "reject" and "already read" in again["reason"]
            repeat = await command(lead, "r1", "read", {"message": str(message)})
            assert repeat == read                                  # same id, same answer
            stranger = await command(cio, "r3", "read", {"message": str(message)})
            assert stranger["type"] == "reject" and "did not reach" in stranger["reason"]
            for ws in (cio, lead, legal):
                await ws.close()

    asyncio.run(scenario())
    drill = replay(tmp_path / "journal.sqlite")           # crash recovery re-applies receipts
    assert sum(e.kind == "message.read" for e in drill.events) == 1
