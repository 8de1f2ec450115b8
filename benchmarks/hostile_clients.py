"""Benchmark: hostile frames of every kind thrown at a live server while honest clients play.

A real ``warroom serve`` process (bots, durable journal in a temporary directory) is joined by
honest clients: an observer that checks it receives every event once and in order, and three
participants that each send a command every half second and time it to its ack. Meanwhile
hostile connections throw ``--frames`` frames, spread over the kinds below; a connection the
server closes (too many refused frames) is reopened. The kinds that need a connection per frame
(a wrong join code, a command before hello, a TCP connection that never speaks) come from other
loopback addresses (127.0.0.2 and up), each a small share of the frames. Prints, per kind, the
frames sent, rejected and the connections closed; the honest clients' event continuity and acks;
the server's RSS before and after, and the journal's growth. Exits 0 either way. Run with::

    .venv/bin/python benchmarks/hostile_clients.py [--frames 100000] [--speed 60]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidMessage

ROOT = Path(__file__).resolve().parents[1]
BIG = {"x": "A" * 8000, "y": list(range(200))}
REPORT = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "down"}


def _command(cid: str, action: str, args) -> str:
    return json.dumps({"type": "command", "id": cid, "action": action, "args": args})


FRAME_KINDS = {  # sent on a joined connection as cs_agent (or the observer)
    "malformed JSON": lambda n: "{not json",
    "NaN": lambda n: f'{{"type":"command","id":"n{n}","action":"x","args":{{"a":NaN}}}}',
    "huge integer": lambda n: '{"type":"command","id":"h","action":"x","args":{"a":' +
                              "9" * 5000 + "}}",
    "lone surrogate": lambda n: _command(f"s{n}", "send_message",
                                         {"to": ["legal"], "text": "\ud800"}),
    "binary frame": lambda n: b"\x00\x01binary",
    "oversized frame": lambda n: "x" * 70_000,
    "unknown action, big args": lambda n: _command(f"u{n}", "fly", BIG),
    "another role's action": lambda n: _command(f"o{n}", "set_severity", {"level": "I"}),
    "facilitator control": lambda n: _command(f"p{n}", "pause", {}),
    "observer command": lambda n: _command(f"w{n}", "report_incident", REPORT),
    "replayed id": lambda n: _command("same-id", "acknowledge", {"inject": "x"}),
    "second hello": lambda n: json.dumps({"type": "hello", "code": "X"}),
    "forged codes command": lambda n: _command(f"c{n}", "codes",
                                               {"role": "cio", "do": "rotate"}),
}
WINDOW = 50
"""Frames a hostile connection sends before it waits for their answers."""
CONNECTION_KINDS = ("wrong join code", "command before hello", "half-open TCP")
CONNECTION_SHARE = 0.005
"""Share of the frames each connection kind gets (one connection each), at most 1,000."""


def serve(journal: Path, speed: float):
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "ddos-618", "--headless", "--port", "0",
         "--speed", str(speed), "--journal", str(journal)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    codes: dict[str, str] = {}
    for line in process.stdout:
        words = line.split()
        if words[0] == "code":
            codes[words[1]] = words[2]
        elif words[0] == "listening":
            return process, codes, words[1]
    raise SystemExit(process.stderr.read())


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def journal_mb(journal: Path) -> float:
    return sum(p.stat().st_size for p in journal.parent.glob(journal.name + "*")) / 2**20


async def join(url: str, code: str, local: str = "127.0.0.1"):
    ws = await connect(url, max_size=2**22, close_timeout=1, local_addr=(local, 0))
    await ws.send(json.dumps({"type": "hello", "code": code}))
    return ws, json.loads(await ws.recv())


class Honest:
    """The honest clients: an observer checking continuity, participants timing acks."""

    def __init__(self):
        self.seqs: list[int] = []
        self.acks: list[float] = []
        self.failed = Counter()
        self.stop = asyncio.Event()

    async def observe(self, url: str, code: str) -> None:
        ws, _ = await join(url, code)
        with contextlib.suppress(ConnectionClosed):
            async for raw in ws:
                frame = json.loads(raw)
                if frame["type"] == "event":
                    self.seqs.append(frame["seq"])
                if self.stop.is_set() and frame["type"] == "reject":
                    break
        await ws.close()

    async def play(self, url: str, code: str, name: str) -> None:
        ws, _ = await join(url, code)
        n = 0
        while not self.stop.is_set():
            n += 1
            cid = f"{name}-{n}"
            began = time.perf_counter()
            await ws.send(_command(cid, "send_message", {"to": ["legal"], "text": f"{n}"}))
            with contextlib.suppress(ConnectionClosed):
                while True:
                    frame = json.loads(await ws.recv())
                    if frame.get("id") == cid:
                        break
                if frame["type"] == "ack":
                    self.acks.append(time.perf_counter() - began)
                else:
                    self.failed[frame["reason"]] += 1
            await asyncio.sleep(0.5)
        await ws.close()


async def hostile_frames(url: str, codes: dict[str, str], kind: str, count: int,
                         tally: dict[str, Counter]) -> None:
    make, sent = FRAME_KINDS[kind], 0
    code = codes["observer"] if kind == "observer command" else codes["cs_agent"]
    while sent < count:
        try:
            ws, welcome = await join(url, code, "127.0.0.2")
        except (OSError, InvalidMessage, ConnectionClosed):
            tally[kind]["join failed"] += 1
            continue
        if welcome["type"] != "welcome":
            tally[kind]["join refused: " + welcome["reason"]] += 1
            await asyncio.sleep(0.05)
            continue

        answered, want, caught_up = [0], [0], asyncio.Event()

        async def read(ws=ws, answered=answered, want=want, caught_up=caught_up):
            with contextlib.suppress(ConnectionClosed):
                async for raw in ws:
                    frame = json.loads(raw)
                    if frame["type"] in ("reject", "ack"):
                        tally[kind]["rejected" if frame["type"] == "reject" else "acked"] += 1
                        answered[0] += 1
                    elif frame["type"] == "error":
                        tally[kind]["closed: " + frame["reason"]] += 1
                    if answered[0] >= want[0]:
                        caught_up.set()
            caught_up.set()

        reader = asyncio.create_task(read())
        with contextlib.suppress(ConnectionClosed):
            while sent < count and not reader.done():
                window = min(WINDOW, count - sent)
                caught_up.clear()
                want[0] += window
                for _ in range(window):
                    await ws.send(make(sent))
                    sent += 1
                    tally[kind]["sent"] += 1
                await caught_up.wait()
        await ws.close()
        await reader
        tally[kind]["unanswered"] += want[0] - answered[0]


async def hostile_connections(url: str, kind: str, count: int, tally: dict[str, Counter],
                              held: list) -> None:
    host, port = url.split("//")[1].split(":")
    for n in range(count):
        local = f"127.0.{1 + n // 250}.{2 + n % 250}"
        tally[kind]["sent"] += 1
        try:
            if kind == "half-open TCP":
                _reader, writer = await asyncio.open_connection(host, int(port),
                                                                local_addr=(local, 0))
                writer.write(b"GET / HTTP/1.1\r\n")  # and never finishes
                held.append(writer)
                tally[kind]["opened"] += 1
                continue
            ws = await connect(url, close_timeout=1, local_addr=(local, 0))
            if kind == "wrong join code":
                await ws.send(json.dumps({"type": "hello", "code": f"WRONG{n:03d}"}))
            else:
                await ws.send(_command("x", "pause", {}))
            answer = json.loads(await ws.recv())
            tally[kind]["closed: " + answer["reason"]] += 1
            await ws.close()
        except (OSError, InvalidMessage, ConnectionClosed) as error:
            tally[kind][f"failed: {type(error).__name__}"] += 1


async def main_async(args) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="warroom-hostile-"))
    journal = tmp / "journal.sqlite"
    process, codes, url = serve(journal, args.speed)
    try:
        honest = Honest()
        tasks = [asyncio.create_task(honest.observe(url, codes["observer"]))]
        tasks += [asyncio.create_task(honest.play(url, codes[r], r))
                  for r in ("cio", "network_ops", "legal")]
        await asyncio.sleep(2)
        rss0, journal0 = rss_mb(process.pid), journal_mb(journal)
        began = time.perf_counter()
        tally: dict[str, Counter] = {k: Counter() for k in [*FRAME_KINDS, *CONNECTION_KINDS]}
        per_kind = args.frames // len(FRAME_KINDS)
        await asyncio.gather(*(hostile_frames(url, codes, k, per_kind, tally)
                               for k in FRAME_KINDS))
        each = min(1000, int(args.frames * CONNECTION_SHARE))
        held: list = []
        await asyncio.gather(*(hostile_connections(url, k, each, tally, held)
                               for k in CONNECTION_KINDS))
        took = time.perf_counter() - began
        boss, welcome = await join(url, codes["facilitator"])
        facilitator_ok = welcome["type"] == "welcome"
        await boss.close()
        late, late_welcome = await join(url, codes["observer"])
        await late.close()
        honest.stop.set()
        await asyncio.sleep(1)
        for writer in held:
            writer.close()
        for task in tasks:
            task.cancel()
        rss1, journal1 = rss_mb(process.pid), journal_mb(journal)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"hostile frames: {sum(t['sent'] for t in tally.values()):,} in {took:.1f} s")
    print(f"{'kind':28} {'sent':>8} {'rejected':>9} {'closed':>7}  other")
    for kind, counts in tally.items():
        closed = sum(v for k, v in counts.items() if k.startswith("closed"))
        other = {k: v for k, v in counts.items() if k not in ("sent", "rejected") and v}
        print(f"{kind:28} {counts['sent']:>8,} {counts['rejected']:>9,} {closed:>7,}  "
              f"{dict(sorted(other.items(), key=lambda kv: -kv[1])[:3])}")
    seqs = honest.seqs
    gaps = sum(1 for a, b in zip(seqs, seqs[1:], strict=False) if b != a + 1)
    acks = sorted(honest.acks)
    p99 = acks[int(0.99 * (len(acks) - 1))] * 1000 if acks else float("nan")
    print(f"honest observer: {len(seqs):,} events, seq {seqs[0] if seqs else '-'}.."
          f"{seqs[-1] if seqs else '-'}, gaps or repeats: {gaps}")
    print(f"honest participants: {len(acks)} acks (p99 {p99:.1f} ms), refused: "
          f"{dict(honest.failed)}")
    print(f"after the guessing: facilitator joins: {facilitator_ok}; observer join: "
          f"{late_welcome.get('reason', 'welcome')}")
    print(f"server RSS: {rss0:.0f} MB before, {rss1:.0f} MB after")
    print(f"journal: {journal0:.2f} MB before, {journal1:.2f} MB after "
          f"(+{journal1 - journal0:.2f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--speed", type=float, default=60.0)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
