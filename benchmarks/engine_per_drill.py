"""Benchmark: engine wall time per drill, with the watch index and with a linear re-check.

Rehearses each bundled scenario (or the ones named) with seeds ``0..runs-1``, bots in every role
and no journal, twice per seed in the same run: with the engine's watch index
(``WatchRegistry(indexed=True)``, see ``simulator/engine/watches.py``) and with the baseline that
re-checks every pending watch after every change (``indexed=False``). The two modes alternate
seed by seed, so drift of the machine hits both alike, and they make the same events (checked
here). Prints, per scenario, the median wall time per drill of each mode, their ratio, the
median number of watch checks and of SimPy events::

    .venv/bin/python benchmarks/engine_per_drill.py [SCENARIO ...] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.scenario.loader import list_bundled, load_scenario


def one_drill(loaded, seed: int, indexed: bool) -> tuple[float, Drill]:
    """Wall time of one drill (built, bots attached, run to its end) and the drill."""
    started = time.perf_counter()
    drill = Drill(loaded.scenario, loaded.org, seed, indexed=indexed)
    attach_bots(drill)
    drill.run()
    return time.perf_counter() - started, drill


def main() -> None:
    """Run each scenario ``--runs`` times in both modes and print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"{'scenario':<22} {'indexed ms':>10} {'linear ms':>10} {'ratio':>6} "
          f"{'checks idx':>10} {'checks lin':>10} {'SimPy ev':>9}   ({args.runs} seeds)")
    for name in args.scenarios or list_bundled():
        loaded = load_scenario(name)
        one_drill(loaded, 0, True)  # warm the caches of the first run
        times: dict[bool, list[float]] = {True: [], False: []}
        checks: dict[bool, list[int]] = {True: [], False: []}
        events = []
        for seed in range(args.runs):
            order = (True, False) if seed % 2 == 0 else (False, True)
            streams = {}
            for indexed in order:
                seconds, drill = one_drill(loaded, seed, indexed)
                times[indexed].append(seconds)
                checks[indexed].append(drill.watches.checks)
                streams[indexed] = [e.as_dict() for e in drill.events]
                events.append(drill.simpy_events())
            if streams[True] != streams[False]:
                raise SystemExit(f"{name} seed {seed}: the two modes made different events")
        fast, slow = (statistics.median(times[mode]) for mode in (True, False))
        print(f"{name:<22} {fast * 1e3:10.1f} {slow * 1e3:10.1f} {slow / fast:5.2f}x "
              f"{statistics.median(checks[True]):10.0f} {statistics.median(checks[False]):10.0f} "
              f"{statistics.median(events):9.0f}")


if __name__ == "__main__":
    main()
