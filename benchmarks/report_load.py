"""Benchmark: ``warroom report`` on a large drill, against drawing the same figures bare.

Generates (or takes) a 4-hour drill journal with 50 participants and about 20,000 events
(:mod:`benchmarks.report_journal`), then times, in the same process and interleaved, ``--runs``
times each, and prints the medians:

(a) **the report**: ``analysis.report.write_report(journal, out_dir, lang="zh", history=...)``
    (a history file of its own), everything
    ``warroom report`` writes (scorecard PDF, the chart PNGs, AAR in Markdown and HTML,
    ``metrics.json``), from reading the journal to the last file;
(b) **the bare figures**: the same six charts (swimlane timeline, milestone latency against
    target, capability radar, impact curves, communication network, staff utilisation and waits)
    drawn with matplotlib's ``Figure`` API (Agg) straight from numpy arrays, saved as six PNGs and
    one PDF with as many pages as the scorecard, at the same dpi, figure sizes (read back from
    the report's PNGs when it ran), CJK font and layout engine (constrained). What is timed is
    drawing and saving only; the arrays are extracted from the journal once, before, untimed;
    that extraction (one pass over the events, no metrics) is timed on its own and shown, with
    the ratio of (a) to extraction plus drawing as well.

Also timed on their own: ``analysis.record.load`` (reading and indexing the journal) and
``analysis.metrics.compute``. The goal of the issue is (a)/(b) ≤ 2×; nothing is asserted. Run
with::

    .venv/bin/python benchmarks/report_load.py [--journal PATH] [--runs 3] [--participants 50]
        [--events 20000] [--keep DIR] [--without-report]

Until ``analysis.report.write_report`` exists the script stops with one line saying so
(``--without-report`` times the rest anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import struct
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".venv" / "mplconfig"))
os.environ.setdefault("MPLBACKEND", "Agg")

from matplotlib import font_manager  # noqa: E402

from simulator.journal import Journal  # noqa: E402

try:
    from benchmarks.report_journal import generate
except ImportError:  # run as a script: benchmarks/ is on sys.path, the repository may not be
    from report_journal import generate  # type: ignore[no-redef]

try:
    from benchmarks.bare_figures import (  # noqa: E402
        CHARTS,
        DPI,
        NAME_HINTS,
        SIZES,
        draw_bare,
        extract,
    )
except ImportError:  # run as a script: benchmarks/ is on sys.path
    from bare_figures import (  # type: ignore[no-redef]  # noqa: E402
        CHARTS,
        DPI,
        NAME_HINTS,
        SIZES,
        draw_bare,
        extract,
    )


def png_shape(path: Path) -> tuple[int, int, float | None]:
    """Width and height in pixels of a PNG, and its dpi when the file says."""
    blob = path.read_bytes()
    width, height = struct.unpack(">II", blob[16:24])
    at = blob.find(b"pHYs")
    dpi = None
    if at > 0 and blob[at + 12] == 1:  # pixels per metre
        dpi = round(struct.unpack(">I", blob[at + 4:at + 8])[0] * 0.0254)
    return width, height, dpi


def pdf_pages(path: Path) -> int:
    """Pages of a PDF (counts its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


def report_shape(written: list[Path]) -> dict[str, Any]:
    """Sizes, names, dpi and PDF pages for the bare figures, from the report's files."""
    from matplotlib import rcParams

    shape: dict[str, Any] = {
        "dpi": DPI, "sizes": dict(SIZES), "names": {c: f"{c}.png" for c in CHARTS}, "pages": 6,
        "rc": {"font.family": rcParams["font.family"],
               "font.sans-serif": rcParams["font.sans-serif"],
               "axes.unicode_minus": rcParams["axes.unicode_minus"]},
        "matched": []}
    if not any("CJK" in f or "Hei" in f or "Han" in f for f in rcParams["font.sans-serif"]):
        cjk = [f.name for f in font_manager.fontManager.ttflist if f.name == "Noto Sans CJK SC"]
        if cjk:  # the report did not set a CJK font (or has not run): draw with one anyway
            shape["rc"] = {"font.family": ["sans-serif"],
                           "font.sans-serif": [cjk[0], "DejaVu Sans"],
                           "axes.unicode_minus": False}
    pngs = [p for p in written if p.suffix == ".png"]
    for chart in CHARTS:
        found = next((p for p in pngs if any(h in p.name.lower() for h in NAME_HINTS[chart])),
                     None)
        if found is None:
            continue
        width, height, dpi = png_shape(found)
        shape["dpi"] = dpi or DPI
        shape["sizes"][chart] = (width / shape["dpi"], height / shape["dpi"])
        shape["names"][chart] = found.name
        shape["matched"].append(chart)
    pdfs = [p for p in written if p.suffix == ".pdf"]
    if pdfs:
        shape["pages"] = max(len(CHARTS), pdf_pages(pdfs[0]))
    return shape


def _written(result: Any, out: Path) -> list[Path]:
    if isinstance(result, dict):
        result = list(result.values())
    if isinstance(result, list | tuple) and all(isinstance(p, str | Path) for p in result):
        return sorted(Path(p) for p in result)
    return sorted(p for p in out.rglob("*") if p.is_file())


# -- the benchmark -------------------------------------------------------------------------------
def report_writer() -> Callable[..., Any] | None:
    """``analysis.report.write_report``, or None when it does not exist (yet)."""
    try:
        from analysis.report import write_report
    except ImportError:
        return None
    return write_report


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    """Generate the journal, run both sides ``--runs`` times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journal", type=Path, help="use this journal instead of generating one")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the outputs here (default: a temp dir)")
    parser.add_argument("--without-report", action="store_true",
                        help="time the rest even if analysis.report.write_report is missing")
    args = parser.parse_args()
    write_report = report_writer()
    if write_report is None and not args.without_report:
        sys.exit("report_load: analysis.report.write_report does not exist yet; nothing to "
                 "benchmark (--without-report times the rest)")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        journal = args.journal
        if journal is None:
            seconds, journal = timed(generate, work / "drill.sqlite",
                                     participants=args.participants, events=args.events,
                                     seed=args.seed)
            print(f"generated {journal} in {seconds:.2f} s")
        run(journal, work, args.runs, write_report)


def run(journal: Path, work: Path, runs: int, write_report: Callable[..., Any] | None) -> None:
    """Time everything ``runs`` times, interleaved, and print the medians."""
    from analysis.record import load

    try:
        from analysis.metrics import compute
    except ImportError:
        compute = None
    with Journal.open(journal) as reader:
        meta = reader.meta()
        events = len(reader)
    roles = len(json.loads(meta["bots"]))
    times: dict[str, list[float]] = defaultdict(list)
    shape = report_shape([])
    written: list[Path] = []
    for i in range(runs + 1):  # run 0 warms up (fonts, caches, imports) and is not counted
        seconds, record = timed(load, journal)
        times["load"].append(seconds)
        if compute is not None:
            times["metrics"].append(timed(compute, record)[0])
        if write_report is not None:
            out = work / f"report-{i}"
            # its own history file: the warm-up's entry is this drill's "previous" one, as in
            # a real history, and the user's history is left alone
            seconds, result = timed(write_report, journal, out, lang="zh",
                                    history=work / "history.sqlite")
            times["report"].append(seconds)
            written = _written(result, out)
            shape = report_shape(written)
        seconds, arrays = timed(extract, journal)
        times["extract"].append(seconds)
        times["bare"].append(timed(draw_bare, arrays, work / f"bare-{i}", shape)[0])
    med = {k: statistics.median(v[1:]) if len(v) > 1 else v[0] for k, v in times.items()}
    print(f"journal: {events:,} events, {roles} participants, {meta['scenario_id']}; "
          f"{runs} runs after a warm-up, median seconds")
    print(f"  analysis.record.load                  {med['load']:8.2f}")
    if "metrics" in med:
        print(f"  analysis.metrics.compute              {med['metrics']:8.2f}")
    if "report" in med:
        print(f"  (a) write_report: all outputs         {med['report']:8.2f}   "
              f"({len(written)} files)")
    print(f"  bare: extract arrays (untimed in b)   {med['extract']:8.2f}")
    print(f"  (b) bare: 6 figures -> PNG + PDF      {med['bare']:8.2f}   "
          f"({shape['pages']} PDF pages, {DPI if not shape['matched'] else shape['dpi']} dpi, "
          f"sizes from the report: {', '.join(shape['matched']) or 'none'})")
    if "report" in med:
        ratio = med["report"] / med["bare"]
        print(f"  ratio (a)/(b)                         {ratio:8.1f}x  goal <= 2x: "
              f"{'met' if ratio <= 2 else 'missed'}")
        print(f"  ratio (a)/(extract + b)               "
              f"{med['report'] / (med['extract'] + med['bare']):8.1f}x")
        rest = med["report"] - med["load"] - med.get("metrics", 0.0)
        print(f"  (a) minus load and metrics            {rest:8.2f}   "
              f"(charts, PDF, AAR, json: {rest / med['bare']:.1f}x the bare figures)")


if __name__ == "__main__":
    main()
