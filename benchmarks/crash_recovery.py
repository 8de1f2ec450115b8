"""Benchmark and proof: kill -9 a live server at random points, resume it, and count what broke.

A real ``warroom serve`` process runs an accelerated drill while clients act on it: an observer
(who sees every event) and participants who each send a ``send_message`` whenever the observer
receives a ``world.sample``. At a random point (after a random number of frames reached the
observer, so commands are in flight) the server gets SIGKILL; it is then started again with
``--resume`` and the clients reconnect with the last ``seq`` each had, first sending again the
command each had not seen answered (same id). After the last kill the drill is resumed once more,
stopped cleanly, and the journal is replayed from scratch.

Counts (all must be 0 but ``acks``):

- ``lost``: acknowledged commands missing from the journal after a kill;
- ``doubled``: command ids applied more than once;
- ``seq reuse``: frames a client holds whose ``seq`` names another event in the journal, frames
  a client was sent whose ``seq`` is not in the journal, and frames at or below a ``seq`` the
  client already had;
- ``replay``: whether the final journal equals an uninterrupted replay of it.

Run with::

    .venv/bin/python benchmarks/crash_recovery.py [--kills 20] [--speed 120] [--seed 5]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from simulator.journal import Journal
from simulator.live.visibility import Visibility
from simulator.protocol import event_frame
from simulator.replay import ReplayError, rebuild, replay

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = ("cio", "network_ops", "security_lead", "legal")
DEADLINE = 60.0  # seconds any one wait may take: generous, never a measure


@dataclass
class Seen:
    """What one client holds across restarts."""

    role: str
    frames: dict[int, dict] = field(default_factory=dict)  # seq -> frame
    last: int = 0
    pending: dict[str, dict] = field(default_factory=dict)  # unanswered commands by id
    acks: dict[str, int] = field(default_factory=dict)  # command id -> acked seq
    sent: int = 0
    reuse: int = 0  # frames at or below a seq already held
    rejects: Counter = field(default_factory=Counter)


def serve(*args: str) -> tuple[subprocess.Popen, dict[str, str], str]:
    """Start ``warroom serve ARGS --headless --port 0``; the process, its codes and URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", *args, "--headless", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    codes: dict[str, str] = {}
    for line in process.stdout:
        words = line.split()
        if words and words[0] == "code":
            codes[words[1]] = words[2]
        elif words and words[0] == "listening":
            return process, codes, words[1]
    raise RuntimeError(f"serve did not start: {process.stderr.read()[-2000:]}")


async def _client(url: str, code: str, seen: Seen, samples: asyncio.Queue | None,
                  triggers: list[asyncio.Queue], kill_after: int | None, killed: asyncio.Event,
                  rng: random.Random, acting: bool = True) -> None:
    ws = await connect(url, max_size=2**22, close_timeout=1)
    await ws.send(json.dumps({"type": "hello", "code": code, "last_seq": seen.last or None}))
    trigger: asyncio.Queue = asyncio.Queue()
    if samples is None:
        triggers.append(trigger)
    for command in list(seen.pending.values()):  # what was not answered before the crash
        await ws.send(json.dumps(command))
    frames = 0

    async def send_on_trigger() -> None:
        while True:
            await trigger.get()
            seen.sent += 1
            cid = f"{seen.role}.{seen.sent}"
            to = rng.choice([r for r in PARTICIPANTS if r != seen.role])
            command = {"type": "command", "id": cid, "action": "send_message",
                       "args": {"to": [to], "text": f"crash test {cid}"}}
            seen.pending[cid] = command
            await ws.send(json.dumps(command))

    sender = asyncio.create_task(send_on_trigger()) if samples is None and acting else None
    try:
        async for raw in ws:
            frame = json.loads(raw)
            if frame["type"] == "event":
                seq = frame["seq"]
                if seq <= seen.last:
                    seen.reuse += 1
                seen.last = max(seen.last, seq)
                seen.frames[seq] = frame
                frames += 1
                if samples is not None and frame["kind"] == "world.sample":
                    for queue in triggers:
                        queue.put_nowait(None)
                if kill_after is not None and (frames >= kill_after
                                               or frame["kind"] == "drill.ended"):
                    killed.set()
            elif frame["type"] == "welcome" and frame["drill"]["over"] and kill_after:
                killed.set()  # nothing more will come: kill it as it stands
            elif frame["type"] in ("ack", "reject") and frame.get("id") in seen.pending:
                seen.pending.pop(frame["id"])
                if frame["type"] == "ack":
                    seen.acks[frame["id"]] = frame["seq"]
                else:
                    seen.rejects[frame["reason"]] += 1
    except ConnectionClosed:
        pass
    finally:
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await sender


async def _act(url: str, codes: dict[str, str], clients: list[Seen], kill_after: int | None,
               rng: random.Random, acting: bool = True) -> tuple[asyncio.Event, list]:
    """Connect every client (acting, or only sending again what was not answered)."""
    killed, triggers = asyncio.Event(), []
    tasks = []
    for seen in clients:
        is_observer = seen.role == "observer"
        tasks.append(asyncio.create_task(_client(
            url, codes[seen.role], seen, asyncio.Queue() if is_observer else None, triggers,
            kill_after if is_observer else None, killed, rng, acting)))
        await asyncio.sleep(0)
    return killed, tasks


def expected_frames(path: Path) -> tuple[dict[str, dict[int, dict]], list]:
    """Each role's frames as the journal has them, by seq; and the events."""
    with Journal.open(path) as reader:
        meta, events = reader.meta(), list(reader.events())
    drill = rebuild(meta)
    visibility = Visibility(drill.org, drill.scenario)
    frames: dict[str, dict[int, dict]] = {r: {} for r in ("observer", *PARTICIPANTS)}
    for event in events:
        visibility.note(event)
        for role, mine in frames.items():
            data = visibility.view(event, role)
            if data is not None:
                mine[event.seq] = json.loads(
                    event_frame(event.seq, event.t, event.kind, event.actor, data))
    return frames, events


def check(path: Path, clients: list[Seen], counts: Counter) -> None:
    """Compare what each client holds with the journal: reuse and lost acks."""
    frames, events = expected_frames(path)
    ids = Counter(e.data.get("command_id") for e in events
                  if e.kind in ("action.taken", "action.rejected") and e.data.get("command_id"))
    by_seq = {e.seq: e for e in events}
    for seen in clients:
        mine = frames[seen.role]
        for seq, frame in seen.frames.items():
            if mine.get(seq) != frame:
                counts["seq reuse"] += 1
        counts["seq reuse"] += seen.reuse
        seen.reuse = 0
        for cid, seq in seen.acks.items():
            event = by_seq.get(seq)
            if event is None or event.data.get("command_id") != cid:
                counts["lost"] += 1
    counts["doubled"] = sum(1 for n in ids.values() if n > 1)


async def run(kills: int, speed: float, seed: int, tmp: Path, scenario: str = "ddos-618",
              rng: random.Random | None = None) -> Counter:
    """Kill and resume ``kills`` times; the counts (see the module docstring)."""
    rng = rng or random.Random(seed)
    path = tmp / "journal.sqlite"
    counts: Counter = Counter()
    clients = [Seen("observer"), *(Seen(r) for r in PARTICIPANTS)]
    server, codes, url = serve(scenario, "--journal", str(path), "--speed", str(speed),
                               "--seed", str(seed))
    try:
        for _ in range(kills):
            killed, tasks = await _act(url, codes, clients, rng.randint(5, 150), rng)
            await asyncio.wait_for(killed.wait(), DEADLINE)
            server.send_signal(signal.SIGKILL)
            server.wait(DEADLINE)
            await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), DEADLINE)
            counts["kills"] += 1
            counts["kills mid-drill"] += not any(
                f["kind"] == "drill.ended" for f in clients[0].frames.values())
            check(path, clients, counts)
            server, again, url = serve("--resume", "--journal", str(path))
            if again != codes:
                counts["codes changed"] += 1
        # the last life: every unanswered command is answered, then a clean stop
        _, tasks = await _act(url, codes, clients, None, rng, acting=False)

        async def answered() -> None:
            while any(s.pending for s in clients):
                await asyncio.sleep(0.01)

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(answered(), DEADLINE)
    except (OSError, InvalidHandshake, RuntimeError) as error:
        counts["errors"] += 1
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGINT)
        counts["exit"] = server.wait(DEADLINE)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    check(path, clients, counts)
    counts["acks"] = sum(len(s.acks) for s in clients)
    counts["unanswered"] = sum(len(s.pending) for s in clients)
    counts["rejects"] = sum(sum(s.rejects.values()) for s in clients)
    with Journal.open(path) as reader:
        journalled = [(e.seq, e.t, e.kind, e.actor, e.data) for e in reader.events()]
    try:
        replayed = replay(path)
    except ReplayError as error:
        print(f"replay: {error}", file=sys.stderr)
        counts["replay differs"] = 1
    else:
        same = [(e.seq, e.t, e.kind, e.actor, e.data) for e in replayed.events[:len(journalled)]]
        counts["replay differs"] = int(same != journalled)
    counts["events"] = len(journalled)
    return counts


def main() -> None:
    """Parse the options, run, print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--speed", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the journal in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warroom-crash-") as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        counts = asyncio.run(run(args.kills, args.speed, args.seed, where))
    print(f"crash recovery: ddos-618 at {args.speed:g}x, seed {args.seed}, kill -9 x"
          f"{counts['kills']} with {len(PARTICIPANTS)} participants and an observer acting")
    for key in ("kills mid-drill", "acks", "rejects", "lost", "doubled", "seq reuse",
                "unanswered", "replay differs", "codes changed", "errors", "events", "exit"):
        print(f"  {key:<16}{counts[key]}")


if __name__ == "__main__":
    main()
