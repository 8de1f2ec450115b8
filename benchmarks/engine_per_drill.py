"""Benchmark: engine wall time per drill, bots in every role, no journal.

Rehearses each bundled scenario (or the one named) with seeds ``0..runs-1`` and prints the median
wall time of the engine per drill and the median number of SimPy events. Used to compare the
engine before and after a change on the same seeds and the same run::

    .venv/bin/python benchmarks/engine_per_drill.py [SCENARIO ...] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics

from simulator.rehearsal import rehearse
from simulator.scenario.loader import list_bundled, load_scenario


def main() -> None:
    """Run each scenario ``--runs`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for name in args.scenarios or list_bundled():
        loaded = load_scenario(name)
        runs = [rehearse(loaded, seed) for seed in range(args.runs)]
        seconds = statistics.median(run.seconds for run in runs)
        events = statistics.median(run.simpy_events for run in runs)
        print(f"{name:<24} {seconds * 1e3:8.1f} ms per drill  {events:8.0f} SimPy events  "
              f"({args.runs} seeds)")


if __name__ == "__main__":
    main()
