"""Soak: N clients through a whole accelerated drill, against a bare WebSocket server, same run.

A real session (engine, bots, durable journal, accelerated clock) runs ``ddos-618`` (4 h of sim
time) from start to end while N clients in two worker processes listen and act, as in
``benchmarks/live_load.py``: spread over the roles (a few on the facilitator and observer
codes), each participant sends a ``send_message`` to its group every ~2 s. Every client records
the ``seq`` of every event frame and stays until it has received ``drill.ended``. Checked:

- each client received exactly the events its role may see, from 1 to the end, in order (for the
  observer: every ``seq``, contiguous), and ``drill.ended``;
- the server's memory (RSS of this process, where the session runs) after warm-up (the first
  quarter of the drill) grows by less than 10 %;
- p99 of event fan-out (frame queued, committed, to frame received: every event, every client),
  command → ack and clock lateness, against the goals; the bare server (no engine, no journal)
  serves the same clients, the same commands and the same events at the same moments.

Prints the table and the checks; exits 1 if a check fails. Run with::

    .venv/bin/python benchmarks/soak.py [--clients 300] [--speed 240] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script, from anywhere

from benchmarks import live_load  # noqa: E402
from benchmarks.live_load import GOALS, StampedSession, plan_joins, row, spread
from simulator.live.server import SessionServer
from simulator.live.visibility import Visibility
from simulator.scenario.loader import load_scenario

MEMORY_GOAL = 0.10  # growth after warm-up
WARM_UP = 0.25  # of the drill's length


def rss() -> int:
    """Resident memory of this process in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def expected_seqs(session) -> dict[str, list[int]]:
    """The seqs each role may see, from the drill's events (the visibility rules, replayed)."""
    drill = session.drill
    visibility = Visibility(drill.org, drill.scenario)
    seqs: dict[str, list[int]] = defaultdict(list)
    roles = {client.role for client in session.clients} | set(session.codes)
    for event in drill.events:
        visibility.note(event)
        for role in roles:
            if visibility.view(event, role) is not None:
                seqs[role].append(event.seq)
    return seqs


async def soak_run(args, groups: dict[str, str], tmp: Path):
    """The real session through a whole drill; samples, stamps, memory, lateness, checks."""
    session = StampedSession.create(load_scenario(args.scenario), tmp / "journal.sqlite", seed=1,
                                    speed=args.speed, bots=True)
    server = SessionServer(session)
    host, port = await server.start("127.0.0.1", 0)
    clock = asyncio.create_task(session.run())
    began, memory = [], []

    async def sample_memory() -> None:
        while True:
            memory.append((session.drill.now, rss()))
            await asyncio.sleep(0.5)

    def start() -> None:
        began.append(time.time())
        session.facilitate_now("start")

    sampler = asyncio.create_task(sample_memory())
    try:
        joins = plan_joins(session.codes, groups, args.clients)
        length = session.drill.scenario.length / args.speed
        samples = await live_load.drive(f"ws://{host}:{port}", joins, length + 60, start,
                                        record=True)
    finally:
        sampler.cancel()
        session.stopped = True
        session.wake.set()
        await clock
        await server.stop()
        session.close()
    roles = {code: role for role, code in session.codes.items()}
    return samples, session, memory, [roles[code] for code, _ in joins]


def check(samples, session, memory, roles) -> list[str]:
    """The checks' lines ("ok ..." or "FAILED ...")."""
    lines, expected = [], expected_seqs(session)
    wrong = [i for i, (role, seqs) in enumerate(zip(roles, samples["seqs"], strict=True))
             if seqs != expected[role]]
    ended = sum(samples["ended"])
    lines.append(f"{'ok' if not wrong else 'FAILED'} every client got exactly its role's events "
                 f"1..{session.drill.last_seq} in order: {len(roles) - len(wrong)}/{len(roles)}")
    for i in wrong[:3]:
        got, want = samples["seqs"][i], expected[roles[i]]
        missing = sorted(set(want) - set(got))
        lines.append(f"    client {i} ({roles[i]}): got {len(got)} of {len(want)}, missing "
                     f"{missing[:8]}, last got {got[-3:]}")
    lines.append(f"{'ok' if ended == len(roles) else 'FAILED'} clients that saw drill.ended: "
                 f"{ended}/{len(roles)}")
    length = session.drill.scenario.length
    warm = [m for t, m in memory if t >= WARM_UP * length]
    if warm:
        growth = (max(warm) - warm[0]) / warm[0]
        verdict = "ok" if growth < MEMORY_GOAL else "FAILED"
        lines.append(f"{verdict} server memory after warm-up: {warm[0] / 2**20:.1f} MiB -> max "
                     f"{max(warm) / 2**20:.1f} MiB ({growth:+.1%}, goal < {MEMORY_GOAL:.0%})")
    else:
        lines.append("FAILED no memory samples after warm-up")
    return lines


async def main_async(args) -> int:
    """The soak, then the bare run with the same clients, then the table and the checks."""
    groups = {role: spec.group for role, spec in load_scenario(args.scenario).org.roles.items()}
    profile = cProfile.Profile() if args.profile else contextlib.nullcontext()
    with tempfile.TemporaryDirectory(prefix="warroom-soak-") as tmp, profile:
        ours, session, memory, roles = await soak_run(args, groups, Path(tmp))
    queued, lateness = session.queued, session.lateness
    began = min(queued.values())
    offsets = sorted(queued[e.seq] - began for e in session.drill.events
                     if e.kind == "inject.fired" and e.seq in queued)
    any_code = plan_joins(defaultdict(lambda: "ANY"), groups, args.clients)
    bare_args = argparse.Namespace(**{**vars(args), "seconds": max(offsets, default=10) + 2})
    bare, bare_queued = await live_load.bare_run(bare_args, any_code, offsets)

    print(f"warroom soak: {args.scenario} start to end (sim 0 -> {session.drill.now / 3600:.1f} "
          f"h), {args.clients} clients in {min(live_load.WORKERS, args.clients)} processes, "
          f"speed {args.speed:g}x, journal synchronous=FULL on disk")
    print(f"{'(ms)':<16}{'p50':>9}{'p99':>9}{'max':>9}  |{'bare p50':>9}{'p99':>9}{'max':>9}"
          f"  {'ratio':>8}   goal")
    fan_out = spread([at - queued[seq] for seq, at in ours["stamps"] if seq in queued])
    injects = spread([at - queued[seq] for seq, at in ours["receipts"] if seq in queued])
    bare_fan = spread([at - bare_queued[seq] for seq, at in bare["receipts"]
                       if seq in bare_queued])
    print(row("event fan-out", fan_out, bare_fan, GOALS["fan-out"]))
    print(row("inject fan-out", injects, bare_fan, GOALS["fan-out"]))
    print(row("command -> ack", spread(ours["acks"]), spread(bare["acks"]), GOALS["ack"]))
    print(row("clock lateness", spread(lateness), None, GOALS["lateness"]))
    print(f"warroom  events {session.drill.last_seq}  frames received {ours['frames']}  "
          f"commands {ours['commands']}  acks {len(ours['acks'])}  rejects "
          f"{sum(ours['rejects'].values())}  outages {session.outages}")
    for reason, count in ours["rejects"].most_common(3):
        print(f"  reject x{count}: {reason}")
    lines = check(ours, session, memory, roles)
    print("\n".join(lines))
    if args.profile:
        print("\nserver process, top functions by own time:")
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    return 0 if all(line.startswith(("ok", " ")) for line in lines) else 1


def main() -> None:
    """Parse the options and run the soak."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--speed", type=float, default=240.0)
    parser.add_argument("--scenario", default="ddos-618")
    parser.add_argument("--profile", action="store_true", help="cProfile the server side")
    sys.exit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
