"""Everything ``warroom report`` writes, from one journal: the files management and evaluators read.

In the output folder:

- ``scorecard.pdf``: the summary page, then one page per area (:mod:`analysis.scorecard`);
- ``charts/<name>.png``: each chart on its own (:mod:`analysis.charts`);
- ``aar.md`` and ``aar.html``: the after-action report and improvement plan (:mod:`analysis.aar`);
- ``metrics.json``: every figure with the journal records it came from (:mod:`analysis.metrics`).

The report is also recorded in the history database (:mod:`analysis.history`), and the previous
drill found there adds two things: its headline figures beside this drill's on the summary page, and
the follow-up of its improvement items in the AAR. ``metrics.json`` depends on the journal alone, so
the same journal gives the same bytes wherever and whenever it is reported.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import scorecard
from analysis.aar import render_aars
from analysis.charts import save_png, use_cjk_font
from analysis.history import Entry, History, follow_up
from analysis.metrics import compute, dumps
from analysis.record import DrillRecord, load
from analysis.scorecard import chart_figures


@dataclass(frozen=True)
class ReportPaths:
    """The files a report wrote.

    Attributes:
        folder: The output folder.
        scorecard: ``scorecard.pdf``.
        charts: Chart PNGs by name.
        aar_md: ``aar.md``.
        aar_html: ``aar.html``.
        metrics: ``metrics.json``.
        history: The history database the report was recorded in (None with ``history=False``).
        previous: The previous drill found in the history, if any.
    """

    folder: Path
    scorecard: Path
    charts: dict[str, Path]
    aar_md: Path
    aar_html: Path
    metrics: Path
    history: Path | None = None
    previous: Entry | None = field(default=None, compare=False)


def follow_up_rows(previous: Entry | None, metrics: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Last drill's improvement items and what became of them, as the AAR shows them."""
    if previous is None:
        return None
    return [{
        "id": f.item.get("id"), "issue": f.item.get("issue", {}), "measure": f.item.get("measure"),
        "before": f.then, "now": f.now, "verdict": f.verdict,
        "previous_drill": {"scenario": previous.scenario,
                           "created": previous.created.isoformat()},
    } for f in follow_up(previous, metrics)]


def write_report(journal: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 lang: str = "zh", font: str | os.PathLike[str] | None = None,
                 history: str | os.PathLike[str] | bool | None = None) -> ReportPaths:
    """Read a journal and write every output of the report into ``out``.

    Args:
        journal: The drill's journal file.
        out: The output folder (created if missing).
        lang: ``zh`` or ``en``.
        font: A font file for Chinese text in charts (``--font``); else one is looked for.
        history: The history file; None for the default one, False to leave history alone.

    Raises:
        simulator.journal.JournalError: ``journal`` is not a journal.
        analysis.record.RecordError: It holds no drill that can be analysed.
        analysis.charts.FontError: ``font`` is not a font file.
        analysis.history.HistoryError: The history file cannot be used.
    """
    record = load(journal)
    metrics = compute(record)
    previous: Entry | None = None
    store: History | None = None
    if history is not False:
        store = History(None if history in (None, True) else history)
    try:
        if store is not None:
            previous = store.previous(metrics)
        paths = _write(record, metrics, Path(out), lang, font, previous)
        if store is not None:
            store.record(metrics, journal=str(Path(journal).resolve()),
                         report_dir=str(paths.folder.resolve()))
            paths = dataclasses.replace(paths, history=store.path)
    finally:
        if store is not None:
            store.close()
    return paths


def _write(record: DrillRecord, metrics: dict[str, Any], out: Path, lang: str,
           font: str | os.PathLike[str] | None, previous: Entry | None) -> ReportPaths:
    out.mkdir(parents=True, exist_ok=True)
    (out / "charts").mkdir(exist_ok=True)
    use_cjk_font(font, warn=lang == "zh")
    figures = chart_figures(record, metrics, lang)
    charts = {name: save_png(fig, out / "charts" / f"{name}.png")
              for name, fig in figures.items()}
    pdf = scorecard.write(out / "scorecard.pdf", record, metrics, lang,
                          previous.metrics if previous else None, charts=figures)
    rows = follow_up_rows(previous, metrics)
    links = {name: f"charts/{path.name}" for name, path in charts.items()}
    texts = render_aars(record, metrics, lang=lang, charts=links, follow_up=rows)
    md = out / "aar.md"
    md.write_text(texts["md"], encoding="utf-8")
    html = out / "aar.html"
    html.write_text(texts["html"], encoding="utf-8")
    metrics_path = out / "metrics.json"
    metrics_path.write_bytes(dumps(metrics))
    return ReportPaths(out, pdf, charts, md, html, metrics_path, None, previous)
