"""The live session over real sockets: joins, visibility, commands, clock, reconnects, abuse.

Sim time passes by moving a :class:`~tests.live.harness.ManualWall`, never by sleeping; what a
socket has received "by now" is read up to the answer of a command (:func:`settle`), and what
happens in real time (a bot taking a role back after its grace) is waited for as an event.
"""

from __future__ import annotations

import asyncio
import json

from simulator.journal import Journal
from tests.live.harness import ManualWall, command, events, eventually, join, live, settle, until


def run(coro):
    return asyncio.run(coro)


def test_join_with_right_and_wrong_codes(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            ws, welcome = await join(url, session.codes["cio"])
            assert welcome["type"] == "welcome" and welcome["role"] == "cio"
            assert welcome["drill"]["scenario"] == "ddos-618"
            assert "set_severity" in welcome["drill"]["actions"]
            await ws.close()
            ws, answer = await join(url, "NOPE1234")
            assert answer == {"type": "error", "reason": "unknown join code"}
            for _ in range(5):
                await join(url, "WRONG999")
            ws, answer = await join(url, session.codes["cio"])
            assert answer["reason"] == "too many failed join attempts; wait a minute"
    run(go())


def test_a_cs_agent_never_receives_an_ids_alert(tmp_path):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=600, wall=wall) as (session, url):
            agent, _ = await join(url, session.codes["cs_agent"])
            engineer, _ = await join(url, session.codes["security_engineer"])
            wall.advance(1.5)  # 15 sim minutes: the WAF analysis comes at 0:10
            frames = await until(engineer, lambda f: f.get("kind") == "inject.fired"
                                 and f["data"]["channel"] == "waf")
            alert = frames[-1]["seq"]
            wall.advance(3)  # half an hour more, for anything else the agent must not see
            seen = await settle(agent, "up-to-now")
            assert session.drill.now >= 2700 and events(seen)
            assert all(f.get("seq") != alert for f in seen)
            assert all(f.get("kind") not in ("threat.stage", "threat.started", "bot.slip")
                       for f in seen)
    run(go())


def test_ack_comes_after_commit_and_a_repeated_id_is_applied_once(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            ws, _ = await join(url, session.codes["network_ops"])
            args = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "down"}
            ack = await command(ws, "c1", "report_incident", args)
            assert ack["type"] == "ack"
            with Journal.open(session.journal.path) as reader:  # another connection
                committed = {e.seq: e for e in reader.events(kinds=["action.taken"])}
            assert committed[ack["seq"]].data["command_id"] == "c1"
            again = await command(ws, "c1", "report_incident", args)
            assert again == ack
            taken = [e for e in session.drill.events if e.data.get("command_id") == "c1"]
            assert len(taken) == 1
    run(go())


def test_pause_stops_the_scenario_clock(tmp_path):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=120, wall=wall) as (session, url):
            boss, _ = await join(url, session.codes["facilitator"])
            wall.advance(1)
            assert (await command(boss, "p", "pause"))["type"] == "ack"
            paused_at = session.drill.now
            assert paused_at >= 120
            wall.advance(60)  # two hours of sim time, if the clock were running
            await settle(boss, "still", "speed", {"factor": 120})
            assert session.clock.now() == paused_at and session.drill.now == paused_at
            assert (await command(boss, "r", "resume"))["type"] == "ack"
            wall.advance(1)
            await settle(boss, "later", "speed", {"factor": 120})
            assert session.drill.now >= paused_at + 120
    run(go())


def test_reconnect_with_last_seq_gets_exactly_the_missed_events(tmp_path):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=300, wall=wall) as (session, url):
            code = session.codes["facilitator"]
            ws, _ = await join(url, code)
            wall.advance(2)
            first = events(await settle(ws, "s1", "speed", {"factor": 300}))
            last = first[-1]["seq"]
            await ws.close()
            wall.advance(2)  # ten sim minutes go by while the facilitator is away
            other, _ = await join(url, code)
            await settle(other, "s2", "speed", {"factor": 300})
            assert session.drill.last_seq > last + 1, "events were missed"
            ws, _ = await join(url, code, last_seq=last)
            wall.advance(1)
            rest = events(await settle(ws, "s3", "speed", {"factor": 300}))
            seqs = [f["seq"] for f in first + rest]
            assert seqs == list(range(1, len(seqs) + 1)), "no gap, no duplicate"
            assert rest[0]["seq"] == last + 1
    run(go())


def test_bad_frames_are_answered_and_the_server_keeps_serving(tmp_path):
    async def go():
        async with live(tmp_path) as (session, url):
            bystander, _ = await join(url, session.codes["cio"])
            ws, _ = await join(url, session.codes["cs_agent"])
            await ws.send("{not json")
            await ws.send("x" * 100_000)
            await ws.send(json.dumps({"type": "command", "id": "u", "action": "fly"}))
            await ws.send(json.dumps({"type": "command", "id": "o", "action": "set_severity",
                                      "args": {"level": "I"}}))
            await ws.send(json.dumps({"type": "hello", "code": "x"}))
            frames = await until(ws, lambda f: f.get("reason") == "already joined")
            rejects = [f for f in frames if f["type"] == "reject"]
            reasons = [r["reason"] for r in rejects]
            assert reasons[0].startswith("malformed JSON")
            assert reasons[1] == "frame larger than 65536 bytes"
            assert "unknown action 'fly'" in reasons
            assert "cs_agent may not set_severity" in reasons
            assert reasons[-1] == "already joined"
            assert (await command(bystander, "s", "set_severity", {"level": "III"}))["type"] \
                == "ack"
            before = await join(url, session.codes["cio"])
            raw, _ = before
            await raw.close()
            # a command before hello closes that connection only
            from websockets.asyncio.client import connect
            early = await connect(url)
            await early.send(json.dumps({"type": "command", "id": "1", "action": "x"}))
            assert json.loads(await early.recv()) == {
                "type": "error", "reason": "the first frame must be a hello"}
            assert (await command(bystander, "s2", "send_message",
                                  {"to": ["legal"], "text": "still here"}))["type"] == "ack"
    run(go())


def test_observer_cannot_act_and_bots_hand_over(tmp_path):
    async def go():
        async with live(tmp_path, bot_grace=0.2) as (session, url):
            watcher, _ = await join(url, session.codes["observer"])
            assert (await command(watcher, "x", "pause"))["reason"] == "observers cannot act"
            assert "legal" in session.drill.bot_roles
            ws, _ = await join(url, session.codes["legal"])
            assert "legal" not in session.drill.bot_roles
            await ws.close()
            await until(watcher, lambda f: f.get("kind") == "bots.changed"
                        and f["data"]["role"] == "legal" and f["data"]["bot"])
            assert "legal" in session.drill.bot_roles
            changes = [e.data for e in session.drill.events if e.kind == "bots.changed"]
            assert changes == [
                {"role": "legal", "bot": False,
                 "command": {"action": "bots", "args": {"role": "legal", "enabled": "off"}}},
                {"role": "legal", "bot": True,
                 "command": {"action": "bots", "args": {"role": "legal", "enabled": "on"}}},
            ]
    run(go())


def test_skip_and_speed_from_the_facilitator(tmp_path):
    async def go():
        async with live(tmp_path, speed=1, wall=ManualWall()) as (session, url):
            boss, _ = await join(url, session.codes["facilitator"])
            assert (await command(boss, "k", "skip"))["type"] == "ack"
            first = min(i.at for i in session.drill.scenario.injects if i.at)
            assert session.clock.now() == first, "the clock jumps to the next timed inject"
            answer = await command(boss, "v", "speed", {"factor": 100})
            assert answer["type"] == "ack" and session.clock.speed == 100
            assert session.drill.now >= first, "and the engine follows it"
            assert (await command(boss, "v2", "speed", {"factor": 0}))["reason"] == \
                "speed must be above 0 and at most 3600"
    run(go())


def test_people_share_a_role_and_a_silent_client_holds_nobody_back(tmp_path):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=900, bot_grace=0.1, wall=wall) as (session, url):
            code = session.codes["cio"]
            one, _ = await join(url, code)
            two, _ = await join(url, code)
            silent, _ = await join(url, session.codes["observer"])  # joins, then never reads
            boss, _ = await join(url, session.codes["facilitator"])
            wall.advance(4)  # an hour of sim time
            got_one = events(await settle(one, "one"))
            got_two = events(await settle(two, "two"))
            assert len(got_one) > 30 and got_two[:5] == got_one[:5], \
                "both people in the role get the same events; the silent one holds nobody back"
            assert "cio" not in session.drill.bot_roles
            await one.close()
            await eventually(lambda: sum(c.role == "cio" for c in session.clients) == 1)
            assert "cio" not in session.drill.bot_roles and "cio" not in session._handbacks, \
                "someone still plays the role: no bot is on its way"
            await two.close()
            await until(boss, lambda f: f.get("kind") == "bots.changed"
                        and f["data"]["role"] == "cio" and f["data"]["bot"])
            assert "cio" in session.drill.bot_roles
            await silent.close()
    run(go())


def test_a_client_too_far_behind_is_dropped(monkeypatch):
    import simulator.live.peer as session_module
    from simulator.live.peer import Client

    monkeypatch.setattr(session_module, "QUEUE_LIMIT", 3)
    closed = []

    async def go():
        client = Client("cio", close=closed.append)
        for n in range(5):
            client.push(f"frame {n}")
        assert client.queue.qsize() == 3 and client.dropped
        assert closed == ["too slow: reconnect to catch up"]
    run(go())
