"""Benchmark: the engine's cost per SimPy event against a bare SimPy model of the same size.

Plays a bundled scenario with bots (as ``warroom rehearse`` does: engine, bots, journal written
to a temporary file) several times, counts the SimPy events it processed, then runs a bare SimPy
model (processes that only yield timeouts) with the same number of events in the same process,
and prints both rates and their ratio. Run with ``make benchmark`` or::

    .venv/bin/python benchmarks/engine_vs_simpy.py [SCENARIO] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import simpy

from simulator.rehearsal import rehearse
from simulator.scenario.loader import load_scenario


def bare(events: int, processes: int = 12) -> float:
    """Seconds a bare SimPy model takes for ``events`` timeout events."""
    env = simpy.Environment()
    each = events // processes

    def proc(env, step):
        for _ in range(each):
            yield env.timeout(step)

    for i in range(processes):
        env.process(proc(env, 1 + i / processes))
    started = time.perf_counter()
    env.run()
    return time.perf_counter() - started


def main() -> None:
    """Run the comparison and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="ddos-618")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    loaded = load_scenario(args.scenario)
    with_journal, engine_only, counts = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.runs):
            run = rehearse(loaded, seed, out=Path(tmp) / str(seed))
            with_journal.append(run.seconds / run.simpy_events)
            counts.append(run.simpy_events)
            run = rehearse(loaded, seed)
            engine_only.append(run.seconds / run.simpy_events)
    events = int(statistics.median(counts))
    bare_per_event = statistics.median(bare(events) / events for _ in range(args.runs))
    engine = statistics.median(engine_only)
    journal = statistics.median(with_journal)
    print(f"scenario {args.scenario}: {args.runs} runs, median {events} SimPy events per run")
    print(f"bare SimPy            {1 / bare_per_event:>12,.0f} events/s  "
          f"{bare_per_event * 1e6:6.2f} us/event")
    print(f"engine + bots         {1 / engine:>12,.0f} events/s  {engine * 1e6:6.2f} us/event  "
          f"ratio {engine / bare_per_event:5.1f}x")
    print(f"rehearse (+ journal)  {1 / journal:>12,.0f} events/s  {journal * 1e6:6.2f} us/event  "
          f"ratio {journal / bare_per_event:5.1f}x")


if __name__ == "__main__":
    main()
