"""kill -9 in the middle of a drill, then --resume: nothing acknowledged is lost, and the drill
goes on exactly as its replay says.

The server is a real ``warroom serve`` process on the real clock; what a socket has received
"by now" is read up to the answer of a command (:func:`settle`), never over a fixed time.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from simulator.journal import Journal
from simulator.replay import catch_up, rebuild
from tests.live.harness import command, events, join, settle

ROOT = Path(__file__).resolve().parents[2]


def serve(*args: str) -> tuple[subprocess.Popen, dict[str, str], str, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", *args, "--headless", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    codes: dict[str, str] = {}
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        words = line.split()
        if words[0] == "code":
            codes[words[1]] = words[2]
        elif words[0] == "listening":
            return process, codes, words[1], lines
    raise AssertionError(process.stderr.read())


def rows(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


def test_kill_9_then_resume(tmp_path):
    journal = tmp_path / "journal.sqlite"
    server, codes, url, _ = serve("ddos-618", "--journal", str(journal), "--speed", "120",
                               "--seed", "3")
    acked: dict[str, int] = {}

    async def first_part() -> int:
        ops, _ = await join(url, codes["network_ops"])
        cio, _ = await join(url, codes["cio"])
        report = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "down"}
        for cid, ws, action, args in [
            ("r1", ops, "report_incident", report),
            ("s1", cio, "set_severity", {"level": "III"}),
            ("m1", cio, "send_message", {"to": ["network_ops"], "text": "scrub now"}),
            ("t1", ops, "start_task", {"task": "scrubbing", "target": "storefront"}),
        ]:
            answer = await command(ws, cid, action, args)
            assert answer["type"] == "ack", answer
            acked[cid] = answer["seq"]
        seen = [f["seq"] for f in events(await settle(cio, "seen"))]
        return max([*seen, *acked.values()])

    last_seen = asyncio.run(first_part())
    server.send_signal(signal.SIGKILL)
    server.wait()
    with Journal.open(journal) as reader:
        before = list(reader.events())
    by_seq = {e.seq: e for e in before}
    for cid, seq in acked.items():
        assert by_seq[seq].data["command_id"] == cid, "every acknowledged command survives"

    with Journal.open(journal) as reader:
        stored = reader.meta()["codes"]
    assert not any(code in stored for code in codes.values()), "the journal holds no code"
    server, codes_again, url, lines = serve("--resume", "--journal", str(journal))
    assert codes_again == {} and any(line.startswith("codes unchanged") for line in lines), \
        "a resumed drill cannot print the codes (it has only their hashes) and says so"

    async def second_part():
        for role in ("network_ops", "facilitator", "observer"):
            ws, welcome = await join(url, codes[role])
            assert welcome["type"] == "welcome", "the old codes still open their roles"
            await ws.close()
        cio, _ = await join(url, codes["cio"], last_seq=last_seen)
        # the answer to a repeated id is queued after everything the join queued: the replay
        frames = await settle(cio, "s1", "set_severity", {"level": "III"})
        again = frames[-1]
        assert again["seq"] == acked["s1"], "a repeated id is answered, not applied, after a crash"
        seqs = [f["seq"] for f in events(frames)]
        assert seqs and seqs[0] == last_seen + 1
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
        answer = await command(cio, "a2", "send_message", {"to": ["legal"], "text": "after"})
        assert answer["type"] == "ack"

    asyncio.run(second_part())
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=10) == 0
    with Journal.open(journal) as reader:
        meta, after = reader.meta(), list(reader.events())
    assert rows(after[:len(before)]) == rows(before)
    uninterrupted = rebuild(meta)
    catch_up(uninterrupted, after)  # raises if any event differs
    assert rows(uninterrupted.events[:len(after)]) == rows(after)
