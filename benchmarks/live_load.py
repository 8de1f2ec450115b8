"""Benchmark: a live session under load, against a bare WebSocket server in the same run.

Starts a real session (engine, bots, durable journal in a temporary directory, accelerated clock)
behind its WebSocket server in this process, and N clients in at most two worker processes, each
joined with a role's code (a few on the facilitator and observer codes, which only listen). Every
client stamps each ``inject.fired`` frame on receipt, and each participant sends a ``send_message``
to its group every ~2 s and times command → ack. Then a bare server (no engine, no journal, no
visibility) broadcasts a small frame to every client at the moments the injects fired and acks each
command at once, for the same clients at the same rates. Prints p50/p99/max of inject fan-out
latency (client receipt − server queue time, ``time.time()`` on both sides so the stamps compare
across processes), command → ack latency and clock lateness, the warroom/bare ratios and the goals.
It measures, it does not judge: it exits 0 either way. Run with::

    .venv/bin/python benchmarks/live_load.py [--clients 100] [--speed 240] [--seconds 40]
        [--scenario ddos-618] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import multiprocessing as mp
import pstats
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from simulator.live.codes import FACILITATOR, OBSERVER
from simulator.live.server import SessionServer
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario

WORKERS = 2
"""Client processes at most (the benchmark machine has two cores)."""
COMMAND_EVERY = 2.0
"""Seconds between two commands of one participant."""
LISTENERS_PER = 50
"""Out of every 50 clients, one joins as facilitator and one as observer; they never command."""
GOALS = {"fan-out": 50.0, "ack": 20.0, "lateness": 5.0}
"""p99 goals in milliseconds."""
DEADLINE = 60.0
"""Seconds any one wait (joins, results, process exit) may take before the run gives up."""


class StampedSession(Session):
    """A session that notes when each event's frames were queued (``time.time()`` by seq)."""

    def __init__(self, *args, **kwargs):
        self.queued: dict[int, float] = {}
        super().__init__(*args, **kwargs)

    def _pump(self) -> None:
        first = self._sent
        super()._pump()
        now = time.time()
        for event in self.drill.events[first:self._sent]:
            self.queued[event.seq] = now


class BareServer:
    """The baseline: hello → welcome, broadcast injects, ack every command at once."""

    def __init__(self):
        self.clients: set[ServerConnection] = set()
        self.queued: dict[int, float] = {}
        self.seq = 0

    async def handle(self, ws: ServerConnection) -> None:
        """One connection: answer the hello, then ack each command."""
        await ws.recv()
        await ws.send(json.dumps({"type": "welcome", "role": "bare", "drill": {}, "seq": 0}))
        self.clients.add(ws)
        try:
            async for raw in ws:
                self.seq += 1
                await ws.send(json.dumps({"type": "ack", "id": json.loads(raw)["id"],
                                          "seq": self.seq}, separators=(",", ":")))
        except ConnectionClosed:
            pass
        finally:
            self.clients.discard(ws)

    async def replay(self, offsets: list[float]) -> None:
        """Broadcast an inject frame ``offsets`` seconds after now."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for offset in offsets:
            await asyncio.sleep(max(0.0, start + offset - loop.time()))
            self.seq += 1
            broadcast(self.clients, json.dumps(
                {"type": "event", "seq": self.seq, "t": 0.0, "kind": "inject.fired",
                 "actor": "engine", "data": {"inject": "bare"}}, separators=(",", ":")))
            self.queued[self.seq] = time.time()


# -- the clients (worker processes) -------------------------------------------------------------
def client_worker(url: str, joins: list[tuple[str, str | None]], go, stop, out) -> None:
    """A worker process: join with each ``(code, group)``, drive them, put the samples on ``out``.

    ``group`` is where the client's messages go (None: it only listens).
    """
    out.put(("done", asyncio.run(_clients(url, joins, go, stop, out))))


async def _clients(url, joins, go, stop, out) -> dict:
    samples = {"receipts": [], "acks": [], "commands": 0, "rejects": Counter(), "frames": 0}
    sockets = []
    for code, _ in joins:
        ws = await connect(url, max_size=2**22)
        await ws.send(json.dumps({"type": "hello", "code": code}))
        await ws.recv()
        sockets.append(ws)
    out.put(("ready", len(sockets)))
    pendings = [{} for _ in sockets]
    readers = [asyncio.create_task(_read(ws, samples, pending))
               for ws, pending in zip(sockets, pendings, strict=True)]
    if not await asyncio.to_thread(go.wait, DEADLINE):
        raise SystemExit("the parent never said go")
    done = asyncio.Event()
    senders = [asyncio.create_task(_send(ws, group, samples, pending, done))
               for ws, (_, group), pending in zip(sockets, joins, pendings, strict=True)
               if group is not None]
    await asyncio.to_thread(stop.wait, DEADLINE * 10)
    done.set()
    await asyncio.gather(*senders)
    end = time.perf_counter() + 2.0  # let the last acks arrive
    while any(pendings) and time.perf_counter() < end:
        await asyncio.sleep(0.05)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    return samples


async def _read(ws, samples: dict, pending: dict[str, float]) -> None:
    with contextlib.suppress(ConnectionClosed):
        async for raw in ws:
            now, mono = time.time(), time.perf_counter()
            samples["frames"] += 1
            if raw.startswith('{"type":"event"') and '"kind":"inject.fired"' not in raw:
                continue  # the cheap path: most frames are other events
            frame = json.loads(raw)
            if frame["type"] == "event":
                samples["receipts"].append((frame["seq"], now))
            elif frame["type"] in ("ack", "reject") and frame.get("id") in pending:
                sent = pending.pop(frame["id"])
                if frame["type"] == "ack":
                    samples["acks"].append(mono - sent)
                else:
                    samples["rejects"][frame["reason"]] += 1


async def _send(ws, group: str, samples: dict, pending: dict[str, float],
                done: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    at = loop.time() + random.uniform(0, COMMAND_EVERY)
    for n in range(1, 1_000_000):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), max(0.0, at - loop.time()))
        if done.is_set():
            return
        at += COMMAND_EVERY
        cid = f"c{n}"
        pending[cid] = time.perf_counter()
        try:
            await ws.send(json.dumps({"type": "command", "id": cid, "action": "send_message",
                                      "args": {"to": [group], "text": "load test"}}))
        except ConnectionClosed:
            return
        samples["commands"] += 1


# -- the parent ---------------------------------------------------------------------------------
async def drive(url: str, joins: list, seconds: float, start, over=lambda: False) -> dict:
    """Run the clients against ``url`` for ``seconds`` after ``start()``; returns merged samples."""
    ctx = mp.get_context("spawn")
    go, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    shares = [joins[i::WORKERS] for i in range(WORKERS) if joins[i::WORKERS]]
    procs = [ctx.Process(target=client_worker, args=(url, share, go, stop, out), daemon=True)
             for share in shares]
    for proc in procs:
        proc.start()
    merged = {"receipts": [], "acks": [], "commands": 0, "rejects": Counter(), "frames": 0}
    try:
        for _ in procs:
            await asyncio.to_thread(out.get, True, DEADLINE)  # ("ready", n)
        start()
        go.set()
        end = time.monotonic() + seconds
        while time.monotonic() < end and not over():
            await asyncio.sleep(0.1)
        stop.set()
        for _ in procs:
            _, samples = await asyncio.to_thread(out.get, True, DEADLINE)
            for key in merged:
                merged[key] += samples[key]
    finally:
        stop.set()
        for proc in procs:
            await asyncio.to_thread(proc.join, DEADLINE / 4)
            if proc.is_alive():
                proc.terminate()
    return merged


def plan_joins(codes: dict[str, str], groups: dict[str, str], clients: int) -> list:
    """``(code, group)`` per client: roles in turn, one facilitator and one observer per 50."""
    roles, joins = list(groups), []
    for i in range(clients):
        slot = i % LISTENERS_PER
        if slot >= LISTENERS_PER - 2:
            joins.append((codes[FACILITATOR if slot % 2 == 0 else OBSERVER], None))
        else:
            role = roles[(i - 2 * (i // LISTENERS_PER)) % len(roles)]
            joins.append((codes[role], groups[role]))
    return joins


async def warroom_run(args, tmp: Path, profile: cProfile.Profile | None):
    """The real session under load; returns samples, inject times, lateness and event counts."""
    loaded = load_scenario(args.scenario)
    session = StampedSession.create(loaded, tmp / "journal.sqlite", seed=1, speed=args.speed,
                                    bots=True)
    server = SessionServer(session)
    host, port = await server.start("127.0.0.1", 0)
    clock = asyncio.create_task(session.run())
    groups = {role: spec.group for role, spec in loaded.org.roles.items()}
    began = []

    def start() -> None:
        if profile is not None:
            profile.enable()
        began.append(time.time())
        session.facilitate_now("start")

    try:
        samples = await drive(f"ws://{host}:{port}", plan_joins(session.codes, groups, args.clients),
                              args.seconds, start, over=lambda: session.drill.is_over)
    finally:
        if profile is not None:
            profile.disable()
        session.stopped = True
        session.wake.set()
        await clock
        await server.stop()
        session.close()
    events = session.drill.events
    fired = [e.seq for e in events if e.kind == "inject.fired" and e.seq in session.queued]
    offsets = sorted(session.queued[seq] - began[0] for seq in fired)
    info = {"events": len(events), "injects": len(fired), "sim": session.drill.now}
    return samples, session.queued, offsets, session.lateness, info


async def bare_run(args, joins: list, offsets: list[float]):
    """The baseline with the same clients, the same commands and the same inject moments."""
    bare = BareServer()
    async with serve(bare.handle, "127.0.0.1", 0, max_size=2**20) as server:
        host, port = next(iter(server.sockets)).getsockname()[:2]
        tasks = []
        samples = await drive(f"ws://{host}:{port}", joins, args.seconds,
                              lambda: tasks.append(asyncio.create_task(bare.replay(offsets))))
        for task in tasks:
            task.cancel()
    return samples, bare.queued


def fan_out(samples: dict, queued: dict[int, float]) -> list[float]:
    """Receipt − queue time of each (client, inject), in seconds."""
    return [at - queued[seq] for seq, at in samples["receipts"] if seq in queued]


def spread(values: list[float]) -> tuple[float, float, float] | None:
    """p50, p99 and max in milliseconds (nearest rank), or None without samples."""
    if not values:
        return None
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1e3

    return rank(0.50), rank(0.99), ordered[-1] * 1e3


def row(name: str, ours, bare, goal: float) -> str:
    """One line of the table: both spreads, the p99 ratio, the goal and whether it is met."""
    def cells(spread_ms) -> str:
        return "".join(f"{v:9.2f}" for v in spread_ms) if spread_ms else f"{'-':>9}" * 3

    ratio = f"{ours[1] / bare[1]:7.1f}x" if ours and bare and bare[1] > 0 else f"{'-':>8}"
    verdict = "-" if not ours else ("met" if ours[1] <= goal else "MISSED")
    return f"{name:<16}{cells(ours)}  |{cells(bare)}  {ratio}   p99 <= {goal:g} ms  {verdict}"


async def main_async(args) -> None:
    """Both runs, then the table."""
    profile = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory(prefix="warroom-load-") as tmp:
        ours, queued, offsets, lateness, info = await warroom_run(args, Path(tmp), profile)
    loaded = load_scenario(args.scenario)
    groups = {role: spec.group for role, spec in loaded.org.roles.items()}
    codes = {role: "BARE" for role in [*groups, FACILITATOR, OBSERVER]}
    bare, bare_queued = await bare_run(args, plan_joins(codes, groups, args.clients),
                                       offsets or [i * 2.0 for i in range(int(args.seconds / 2))])
    print(f"warroom live load: {args.scenario}, {args.clients} clients in "
          f"{min(WORKERS, args.clients)} processes, speed {args.speed:g}x, {args.seconds:g} s "
          f"(sim 0 -> {info['sim'] / 60:.0f} min), journal synchronous=FULL on disk")
    print(f"{'(ms)':<16}{'p50':>9}{'p99':>9}{'max':>9}  |{'bare p50':>9}{'p99':>9}{'max':>9}"
          f"  {'ratio':>8}   goal")
    print(row("inject fan-out", spread(fan_out(ours, queued)),
              spread(fan_out(bare, bare_queued)), GOALS["fan-out"]))
    print(row("command -> ack", spread(ours["acks"]), spread(bare["acks"]), GOALS["ack"]))
    print(row("clock lateness", spread(lateness), None, GOALS["lateness"]))
    for name, run, injects in (("warroom", ours, info["injects"]),
                               ("bare", bare, len(bare_queued))):
        print(f"{name:<8} clients {args.clients}  injects {injects}  inject receipts "
              f"{len(run['receipts'])}  frames received {run['frames']}  commands "
              f"{run['commands']}  acks {len(run['acks'])}  rejects "
              f"{sum(run['rejects'].values())}")
    print(f"warroom  events {info['events']}  lateness samples {len(lateness)}")
    for reason, count in ours["rejects"].most_common(3):
        print(f"  reject x{count}: {reason}")
    if profile is not None:
        print("\nserver process, warroom run, top functions by own time:")
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--speed", type=float, default=240.0)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--scenario", default="ddos-618")
    parser.add_argument("--profile", action="store_true", help="cProfile the server side")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
