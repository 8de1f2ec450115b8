"""Benchmark: a live session under load, against a bare WebSocket server in the same run.

A real session (engine, bots, durable journal in a temporary directory, accelerated clock) serves
N clients run by at most two worker processes. Each client joins with a role's code (a few listen
on the facilitator and observer codes), stamps every ``inject.fired`` frame on receipt and, as a
participant, sends a ``send_message`` to its group every ~2 s, timing command → ack. A bare server
(no engine, no journal, no visibility) then serves the same clients at the same rates: it
broadcasts a small frame at the moments the injects fired and acks each command at once. Stamps
are ``time.time()``, comparable across processes. Prints p50/p99/max of inject fan-out, command →
ack and clock lateness, the warroom/bare ratios and the goals; exits 0 either way. Run with::

    .venv/bin/python benchmarks/live_load.py [--clients 100] [--speed 240] [--seconds 40]
        [--scenario ddos-618] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import math
import multiprocessing as mp
import os
import pstats
import random
import tempfile
import time
from array import array
from collections import Counter, defaultdict
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from simulator.live.codes import FACILITATOR, OBSERVER
from simulator.live.server import SessionServer
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario

WORKERS = 2  # client processes at most: the benchmark machine has two cores
COMMAND_EVERY = 2.0  # seconds between two commands of one participant
LISTENERS_PER, LISTENERS = 50, {48: FACILITATOR, 49: OBSERVER}  # slots that never command
GOALS = {"fan-out": 50.0, "ack": 20.0, "lateness": 5.0}  # p99, milliseconds
DEADLINE = 60.0  # seconds any one wait (joins, results, process exit) may take


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
        await ws.send('{"type":"welcome","role":"bare","drill":{},"seq":0}')
        self.clients.add(ws)
        with contextlib.suppress(ConnectionClosed):
            async for raw in ws:
                self.seq += 1
                await ws.send(json.dumps({"type": "ack", "id": json.loads(raw)["id"],
                                          "seq": self.seq}, separators=(",", ":")))
        self.clients.discard(ws)

    async def replay(self, offsets: list[float]) -> None:
        """Broadcast an inject frame at each of ``offsets`` seconds from now."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for offset in offsets:
            await asyncio.sleep(max(0.0, start + offset - loop.time()))
            self.seq += 1
            self.queued[self.seq] = time.time()  # broadcast writes at once: stamp before
            broadcast(self.clients, json.dumps(
                {"type": "event", "seq": self.seq, "t": 0.0, "kind": "inject.fired",
                 "actor": "engine", "data": {"inject": "bare"}}, separators=(",", ":")))


def new_samples() -> dict:
    """Empty samples: inject receipts ``(seq, time)``, ack round trips (s) and counts.

    With ``record`` (the soak): also every event's receipt ``(seq, time)`` (one seq in
    :data:`STAMP_ONE_IN`), each client's seqs in order and whether it saw ``drill.ended``.
    """
    return {"receipts": [], "acks": [], "commands": 0, "rejects": Counter(), "frames": 0,
            "stamps": [], "seqs": [], "ended": []}


STAMP_ONE_IN = 3  # events whose every receipt is stamped, in a soak: seq % 3 == 0
_SEQ_AT = len('{"type":"event","seq":')


# -- the clients (worker processes) -------------------------------------------------------------
def client_worker(url: str, joins: list[tuple[str, str | None]], go, stop, out,
                  limit: float, record: bool = False, worker: int = 0) -> None:
    """A worker process: join each ``(code, group to message or None)``; samples to ``out``.

    It gives up by itself ``limit`` seconds after ``go`` if ``stop`` never comes; with
    ``record`` it stops by itself once every client of it has received ``drill.ended``.
    """
    samples = asyncio.run(_clients(url, joins, go, stop, out, limit, record))
    out.put(("done", {**samples, "worker": worker}))


async def _clients(url, joins, go, stop, out, limit: float, record: bool = False) -> dict:
    samples, sockets = new_samples(), []
    for code, _ in joins:
        sockets.append(ws := await connect(url, max_size=2**22))
        await ws.send(json.dumps({"type": "hello", "code": code}))
        if not (answer := await ws.recv()).startswith('{"type":"welcome"'):
            raise SystemExit(f"join refused: {answer[:200]}")
    out.put(("ready", len(sockets)))
    pendings: list[dict[str, float]] = [{} for _ in sockets]
    seqs: list[array | None] = [array("I") if record else None for _ in sockets]
    ended = [asyncio.Event() for _ in sockets]
    readers = [asyncio.create_task(_read(ws, samples, pendings[i], seqs[i], ended[i]))
               for i, ws in enumerate(sockets)]
    if not await asyncio.to_thread(go.wait, DEADLINE):
        raise SystemExit("the parent never said go")
    done = asyncio.Event()
    senders = [asyncio.create_task(_send(ws, f"{os.getpid()}.{i}", joins[i][1], samples,
                                         pendings[i], done))
               for i, ws in enumerate(sockets) if joins[i][1] is not None]
    if record:  # until every client has seen the end (or the limit)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ended)), limit)
    else:
        await asyncio.to_thread(stop.wait, limit)
    done.set()
    await asyncio.gather(*senders)
    end = time.perf_counter() + 2.0  # let the last acks arrive
    while any(pendings) and time.perf_counter() < end:
        await asyncio.sleep(0.05)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    if record:
        samples["seqs"] = [list(s) for s in seqs]
        samples["ended"] = [e.is_set() for e in ended]
    return samples


async def _read(ws, samples: dict, pending: dict[str, float], seqs: array | None = None,
                ended: asyncio.Event | None = None) -> None:
    stamps = samples["stamps"]
    with contextlib.suppress(ConnectionClosed):
        async for raw in ws:
            now, mono = time.time(), time.perf_counter()
            samples["frames"] += 1
            if seqs is not None and raw.startswith('{"type":"event","seq":'):
                seq = int(raw[_SEQ_AT:raw.index(",", _SEQ_AT)])
                seqs.append(seq)
                if seq % STAMP_ONE_IN == 0:
                    stamps.append((seq, now))
                if '"kind":"drill.ended"' in raw:
                    ended.set()
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


async def _send(ws, prefix: str, group: str, samples: dict, pending: dict[str, float],
                done: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    at, n = loop.time() + random.uniform(0, COMMAND_EVERY), 0
    while not done.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), max(0.0, at - loop.time()))
            return
        at, n = at + COMMAND_EVERY, n + 1
        cid = f"{prefix}.{n}"  # the session keeps answers by (role, id): unique per role
        pending[cid] = time.perf_counter()
        try:
            await ws.send(json.dumps({"type": "command", "id": cid, "action": "send_message",
                                      "args": {"to": [group], "text": "load test"}}))
        except ConnectionClosed:
            return
        samples["commands"] += 1


# -- the parent ---------------------------------------------------------------------------------
def plan_joins(codes: dict[str, str], groups: dict[str, str], clients: int) -> list:
    """``(code, group)`` for each client: the roles in turn, and the listeners' slots."""
    roles, joins = list(groups), []
    for i in range(clients):
        listener = LISTENERS.get(i % LISTENERS_PER)
        role = listener or roles[sum(1 for _, g in joins if g) % len(roles)]
        joins.append((codes[role], None if listener else groups[role]))
    return joins


async def drive(url: str, joins: list, seconds: float, start, over=lambda: False,
                record: bool = False) -> dict:
    """Run the clients against ``url`` for ``seconds`` after ``start()``; the merged samples.

    With ``record`` (the soak) the clients stay until each has seen the drill end (at most
    ``seconds``), and the samples keep each client's seqs in the order of ``joins``.
    """
    ctx = mp.get_context("spawn")
    go, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    shares = [joins[i::WORKERS] for i in range(WORKERS) if joins[i::WORKERS]]
    procs = [ctx.Process(target=client_worker, daemon=True,
                         args=(url, share, go, stop, out, seconds + DEADLINE, record, w))
             for w, share in enumerate(shares)]
    for proc in procs:
        proc.start()
    merged = new_samples()
    try:
        for _ in procs:
            await asyncio.to_thread(out.get, True, DEADLINE)  # ("ready", n)
        start()
        go.set()
        end = time.monotonic() + seconds
        while time.monotonic() < end and not over() and not record:
            await asyncio.sleep(0.1)
        stop.set()
        shares_seqs = []
        for _ in procs:
            _, samples = await asyncio.to_thread(out.get, True, seconds + 2 * DEADLINE)
            shares_seqs.append(samples)
            for key in merged:
                if key not in ("seqs", "ended", "worker"):
                    merged[key] += samples[key]
        if record:  # back in the order of joins: worker w had joins[w::WORKERS]
            merged["seqs"], merged["ended"] = _interleave(shares_seqs, shares)
    finally:
        stop.set()
        for proc in procs:
            await asyncio.to_thread(proc.join, DEADLINE / 4)
            if proc.is_alive():
                proc.terminate()
    return merged


def _interleave(results: list[dict], shares: list[list]) -> tuple[list, list]:
    """Each client's seqs and end flag, in the order of the joins (workers answer in any order)."""
    total = sum(len(share) for share in shares)
    seqs, ended = [None] * total, [False] * total
    for result in results:
        worker = result["worker"]
        for k, (client_seqs, end) in enumerate(zip(result["seqs"], result["ended"],
                                                   strict=True)):
            seqs[worker + k * len(shares)] = client_seqs
            ended[worker + k * len(shares)] = end
    return seqs, ended


async def warroom_run(args, groups: dict[str, str], tmp: Path):
    """The real session under load: samples, queue stamps, inject offsets, lateness, counts."""
    session = StampedSession.create(load_scenario(args.scenario), tmp / "journal.sqlite", seed=1,
                                    speed=args.speed, bots=True)
    server = SessionServer(session)
    host, port = await server.start("127.0.0.1", 0)
    clock = asyncio.create_task(session.run())
    began = []

    def start() -> None:
        began.append(time.time())
        session.facilitate_now("start")

    try:
        joins = plan_joins(session.codes, groups, args.clients)
        samples = await drive(f"ws://{host}:{port}", joins, args.seconds, start,
                              over=lambda: session.drill.is_over)
    finally:
        session.stopped = True
        session.wake.set()
        await clock
        await server.stop()
        session.close()
    events = session.drill.events
    fired = [e.seq for e in events if e.kind == "inject.fired" and e.seq in session.queued]
    offsets = sorted(session.queued[seq] - began[0] for seq in fired)
    counts = {"events": len(events), "injects": len(fired), "sim": session.drill.now}
    return samples, session.queued, offsets, session.lateness, counts


async def bare_run(args, joins: list, offsets: list[float]):
    """The baseline with the same clients, the same commands and the same inject moments."""
    bare, tasks = BareServer(), []
    async with serve(bare.handle, "127.0.0.1", 0, max_size=2**20) as server:
        host, port = next(iter(server.sockets)).getsockname()[:2]
        samples = await drive(f"ws://{host}:{port}", joins, args.seconds,
                              lambda: tasks.append(asyncio.create_task(bare.replay(offsets))))
        for task in tasks:
            task.cancel()
    return samples, bare.queued


def spread(values: list[float]) -> tuple[float, float, float] | None:
    """p50, p99 and max in milliseconds (nearest rank), or None without samples."""
    ordered = sorted(values)
    ranks = (max(0, math.ceil(q * len(ordered)) - 1) for q in (0.50, 0.99, 1.0))
    return tuple(ordered[i] * 1e3 for i in ranks) if ordered else None


def row(name: str, ours, bare, goal: float) -> str:
    """One line of the table: both spreads, the p99 ratio, the goal and whether it is met."""
    def cells(ms) -> str:
        return "".join(f"{v:9.2f}" for v in ms) if ms else f"{'-':>9}" * 3

    ratio = f"{ours[1] / bare[1]:7.1f}x" if ours and bare and bare[1] > 0 else f"{'-':>8}"
    verdict = "-" if not ours else ("met" if ours[1] <= goal else "MISSED")
    return f"{name:<16}{cells(ours)}  |{cells(bare)}  {ratio}   p99 <= {goal:g} ms  {verdict}"


async def main_async(args) -> None:
    """Both runs, then the table."""
    groups = {role: spec.group for role, spec in load_scenario(args.scenario).org.roles.items()}
    profile = cProfile.Profile() if args.profile else contextlib.nullcontext()
    with tempfile.TemporaryDirectory(prefix="warroom-load-") as tmp, profile:
        ours, queued, offsets, lateness, counts = await warroom_run(args, groups, Path(tmp))
    any_code = plan_joins(defaultdict(lambda: "ANY"), groups, args.clients)
    bare, bare_queued = await bare_run(args, any_code, offsets or
                                       [i * COMMAND_EVERY for i in range(int(args.seconds / 2))])

    print(f"warroom live load: {args.scenario}, {args.clients} clients in "
          f"{min(WORKERS, args.clients)} processes, speed {args.speed:g}x, {args.seconds:g} s "
          f"(sim 0 -> {counts['sim'] / 60:.0f} min), journal synchronous=FULL on disk")
    print(f"{'(ms)':<16}{'p50':>9}{'p99':>9}{'max':>9}  |{'bare p50':>9}{'p99':>9}{'max':>9}"
          f"  {'ratio':>8}   goal")
    fan_out = [spread([at - stamps[seq] for seq, at in run["receipts"] if seq in stamps])
               for run, stamps in ((ours, queued), (bare, bare_queued))]
    print(row("inject fan-out", *fan_out, GOALS["fan-out"]))
    print(row("command -> ack", spread(ours["acks"]), spread(bare["acks"]), GOALS["ack"]))
    print(row("clock lateness", spread(lateness), None, GOALS["lateness"]))
    for name, run, injects in (("warroom", ours, counts["injects"]),
                               ("bare", bare, len(bare_queued))):
        print(f"{name:<8} clients {args.clients}  injects {injects}  inject receipts "
              f"{len(run['receipts'])}  frames received {run['frames']}  commands "
              f"{run['commands']}  acks {len(run['acks'])}  rejects "
              f"{sum(run['rejects'].values())}")
    print(f"warroom  events {counts['events']}  lateness samples {len(lateness)}")
    for reason, count in ours["rejects"].most_common(3):
        print(f"  reject x{count}: {reason}")
    if args.profile:
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
