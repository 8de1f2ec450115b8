"""Benchmark: how fast the ``warroom`` command line starts, beside a bare ``python -c pass``.

Issue #9's goals: ``warroom --help`` ≤ 0.3 s and ``warroom validate ddos-618`` (a bundled
scenario) ≤ 0.8 s on the development machine. Each command runs in a fresh process, several
times, interleaved with the bare interpreter start so that a busy moment of the machine hits all
of them alike; the median of each is printed with its ratio to the bare start.

Run: ``.venv/bin/python benchmarks/cli_startup.py [RUNS]``. Nothing is asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "warroom --help": [sys.executable, "-m", "tui.cli", "--help"],
    "warroom --version": [sys.executable, "-m", "tui.cli", "--version"],
    "warroom validate ddos-618": [sys.executable, "-m", "tui.cli", "validate", "ddos-618"],
}
GOALS = {"warroom --help": 0.3, "warroom validate ddos-618": 0.8}


def _time(argv: list[str]) -> float:
    """Wall-clock seconds of one run of ``argv``; a failing command stops the benchmark."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    """The median seconds of each command over ``runs`` interleaved rounds (after a warm-up)."""
    for argv in COMMANDS.values():  # warm-up: bytecode caches, file system caches
        _time(argv)
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            samples[name].append(_time(argv))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    """Measure and print a table."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    medians = measure(runs)
    bare = medians["python -c pass"]
    print(f"CLI start-up, median of {runs} fresh processes each")
    for name, seconds in medians.items():
        goal = GOALS.get(name)
        verdict = "" if goal is None else (
            f"  goal ≤ {goal} s: {'met' if seconds <= goal else 'NOT met'}")
        print(f"  {name:<28} {seconds:6.3f} s  {seconds / bare:5.1f}× bare{verdict}")


if __name__ == "__main__":
    main()
