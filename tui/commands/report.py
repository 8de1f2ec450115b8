"""``warroom report JOURNAL``: the scorecard, the after-action report and the metrics of a drill.

Writes ``scorecard.pdf``, ``charts/*.png``, ``aar.md``, ``aar.html`` and ``metrics.json`` into
``--out`` (default: a ``report`` folder beside the journal) and records the drill in the history
database, whose previous drill adds a comparison and the follow-up of its improvement items.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

from tui.errors import UserError
from tui.lang import add_lang_option, chosen_lang

WORDS = {
    "zh": {"wrote": "报告已写入 {path}", "scorecard": "记分卡", "aar": "演练评估报告",
           "metrics": "指标", "charts": "图表", "history": "已记入演练历史 {path}",
           "previous": "对比上次演练：{scenario}（{date}）", "speed": "响应速度",
           "coordination": "协同配合", "on_time": "按时里程碑", "money": "经济损失",
           "items": "改进事项", "warning": "警告"},
    "en": {"wrote": "Report written to {path}", "scorecard": "scorecard", "aar": "after-action "
           "report", "metrics": "metrics", "charts": "charts", "history": "Recorded in the "
           "drill history {path}", "previous": "Compared with the previous drill: {scenario} "
           "({date})", "speed": "speed", "coordination": "coordination", "on_time": "milestones "
           "on time", "money": "money lost", "items": "improvement items", "warning": "warning"},
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "report", help="scorecard PDF/PNG, after-action report (md, html) and metrics.json",
        description="Score a drill from its journal: write scorecard.pdf, charts/*.png, aar.md, "
                    "aar.html and metrics.json, and record the drill in the history.")
    parser.add_argument("journal", metavar="JOURNAL", type=Path, help="the drill's journal file")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="output folder (default: 'report' beside the journal)")
    add_lang_option(parser)
    parser.add_argument("--font", metavar="PATH", default=None,
                        help="font file for Chinese text in the charts (default: one found on "
                             "the system)")
    parser.add_argument("--history", type=Path, metavar="PATH", default=None,
                        help="history file (default: $WARROOM_HISTORY, else history.sqlite in "
                             "the user data folder)")
    parser.add_argument("--no-history", action="store_true",
                        help="neither read nor record the drill history")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and say where it went."""
    from analysis import format as fmt
    from analysis.charts import CJKFontWarning, FontError
    from analysis.history import HistoryError
    from analysis.record import RecordError
    from analysis.report import write_report
    from simulator.journal import JournalError

    lang = chosen_lang(args)
    w = WORDS[lang]
    out = args.out or args.journal.resolve().parent / "report"
    history = False if args.no_history else args.history
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CJKFontWarning)
        try:
            paths = write_report(args.journal, out, lang=lang, font=args.font, history=history)
        except (JournalError, RecordError, FontError, HistoryError) as error:
            raise UserError(str(error)) from None
    for warning in caught:
        if issubclass(warning.category, CJKFontWarning):
            print(f"warroom: {w['warning']}: {warning.message}", file=sys.stderr)
    metrics = json.loads(paths.metrics.read_text(encoding="utf-8"))
    h = metrics["headline"]
    print(w["wrote"].format(path=paths.folder))
    for key, path in (("scorecard", paths.scorecard), ("aar", paths.aar_html),
                      ("aar", paths.aar_md), ("metrics", paths.metrics),
                      ("charts", paths.folder / "charts")):
        print(f"  {w[key]}: {path}")
    print(f"{w['speed']} {fmt.score(h['speed'])} · {w['coordination']} "
          f"{fmt.score(h['coordination'])} · {w['on_time']} {h['milestones_on_time']}/"
          f"{h['milestones']} · {w['money']} {fmt.money(h['money_lost_cny'], lang)} · "
          f"{w['items']} {len(metrics['improvements'])}")
    if paths.previous is not None:
        print(w["previous"].format(scenario=paths.previous.scenario,
                                   date=paths.previous.created.date().isoformat()))
    if paths.history is not None:
        print(w["history"].format(path=paths.history))
    return 0
