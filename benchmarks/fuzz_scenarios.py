"""Benchmark: thousands of hostile scenario files, each rehearsed or refused with positions.

Runs the numbered cases of ``tests/fuzz/cases.py`` (every mutation of the bundled scenarios and
organisation file, and documents generated from the JSON Schema), the kinds taking turns, in
worker processes. Each case is loaded, then rehearsed with bots in every role and its events
encoded as the journal encodes them, or its problems checked for ``file:line:col``; then
``warroom validate`` runs on the same file (exit code, every line). A case that takes longer
than ``--timeout`` seconds is a violation. Prints the outcomes per kind, the slowest case, the
largest peak of traced memory of one case (``tracemalloc`` on every ``--trace-every``-th case of
each kind: tracing slows a case several times) and the largest resident set of a worker; exits
1 on any violation (a traceback, a malformed line, a timeout)::

    .venv/bin/python benchmarks/fuzz_scenarios.py [--cases 10000] [--workers 2]
    .venv/bin/python benchmarks/fuzz_scenarios.py --kind tabs --case 12   # one case, verbose
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz.cases import KINDS, make_case  # noqa: E402
from tests.fuzz.harness import check_case  # noqa: E402

_TIMEOUT = 20
_TRACE_EVERY = 20
_FOLDER: Path | None = None


class CaseTimeout(Exception):
    """A case ran past ``--timeout``."""


def _alarm(signum, frame):
    raise CaseTimeout()


def _init(timeout: int, trace_every: int) -> None:
    global _TIMEOUT, _TRACE_EVERY, _FOLDER
    _TIMEOUT, _TRACE_EVERY = timeout, trace_every
    _FOLDER = Path(tempfile.mkdtemp(prefix="warroom-fuzz-"))
    signal.signal(signal.SIGALRM, _alarm)


def one(job: tuple[str, int]) -> dict:
    """Run one case in this worker; a flat record of how it ended."""
    kind, index = job
    case = make_case(kind, index)
    folder = _FOLDER / f"{kind}-{index}"
    traced = index % _TRACE_EVERY == 0  # tracing slows a case down several times
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    record = {"kind": kind, "index": index, "label": case.label, "size": len(case.raw)}
    signal.alarm(_TIMEOUT)
    try:
        outcome = check_case(case.raw, case.file_kind, folder, index)
        record.update(result=outcome.result, problems=outcome.problems, events=outcome.events)
    except CaseTimeout:
        record.update(result="violation", error=f"took longer than {_TIMEOUT} s")
    except BaseException as error:  # noqa: BLE001 - every failure is counted and shown
        record.update(result="violation", error="".join(
            traceback.format_exception_only(error)).strip()[-600:],
            where="".join(traceback.format_tb(error.__traceback__)[-3:])[-1200:])
    finally:
        signal.alarm(0)
        shutil.rmtree(folder, ignore_errors=True)
    record["seconds"] = time.perf_counter() - started
    record["peak"] = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    record["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return record


def main() -> int:
    """Run the cases and print the figures; 1 if any case was a violation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many cases in all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=20, help="seconds a case may take")
    parser.add_argument("--trace-every", type=int, default=20,
                        help="trace the memory of every Nth case of a kind (tracing is slow)")
    parser.add_argument("--kind", choices=KINDS, help="only this kind")
    parser.add_argument("--case", type=int, help="only this case number (with --kind)")
    args = parser.parse_args()
    kinds = [args.kind] if args.kind else list(KINDS)
    if args.case is not None:
        jobs = [(kinds[0], args.case)]
        args.trace_every = 1
    else:
        jobs = [(kinds[i % len(kinds)], i // len(kinds)) for i in range(args.cases)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers, _init,
                                                     (args.timeout, args.trace_every)) as pool:
        records = list(pool.imap_unordered(one, jobs, chunksize=4))
    wall = time.perf_counter() - started
    report(records, wall, args.workers)
    return 1 if any(r["result"] == "violation" for r in records) else 0


def report(records: list[dict], wall: float, workers: int) -> None:
    """Print the outcomes per kind, the violations, the slowest case and the memory figures."""
    per_kind: dict[str, Counter] = {}
    for record in records:
        per_kind.setdefault(record["kind"], Counter())[record["result"]] += 1
    print(f"{len(records)} cases in {wall:.1f} s on {workers} workers")
    print(f"{'kind':<16} {'cases':>6} {'rehearsed':>10} {'refused':>8} {'violation':>10}")
    total: Counter = Counter()
    for kind in sorted(per_kind):
        counts = per_kind[kind]
        total.update(counts)
        print(f"{kind:<16} {sum(counts.values()):>6} {counts['rehearsed']:>10} "
              f"{counts['refused']:>8} {counts['violation']:>10}")
    print(f"{'all':<16} {len(records):>6} {total['rehearsed']:>10} {total['refused']:>8} "
          f"{total['violation']:>10}")
    refused = [r for r in records if r["result"] == "refused"]
    if refused:
        print(f"refused with positions: {len(refused)} cases, "
              f"{sum(r['problems'] for r in refused)} problems in all, "
              f"at most {max(r['problems'] for r in refused)} in one case")
    slowest = max(records, key=lambda r: r["seconds"])
    print(f"slowest case: {slowest['label']} {slowest['result']}, {slowest['seconds']:.2f} s, "
          f"{slowest['size']:,} bytes")
    times = sorted(r["seconds"] for r in records)
    print(f"case time: median {times[len(times) // 2] * 1e3:.0f} ms, "
          f"99th percentile {times[int(len(times) * 0.99)] * 1e3:.0f} ms")
    peak = max(records, key=lambda r: r["peak"])
    traced = sum(1 for r in records if r["peak"])
    print(f"largest traced peak of one case: {peak['peak'] / 2**20:.1f} MiB ({peak['label']}, "
          f"{peak['result']}; {traced} cases traced)")
    print(f"largest resident set of a worker: {max(r['rss'] for r in records) / 2**20:.0f} MiB")
    violations = [r for r in records if r["result"] == "violation"]
    for record in violations[:20]:
        print(f"VIOLATION {record['label']}: {record['error']}")
        if record.get("where"):
            print(record["where"])
    if violations:
        print(f"{len(violations)} violations; rerun one with --kind KIND --case N")


if __name__ == "__main__":
    sys.exit(main())
