"""``warroom history``: past drills, and the trend of their main figures across the years.

Lists the drills recorded in the history file (each ``warroom report`` records its drill; the
file is ``history.sqlite`` in the user data folder, or ``$WARROOM_HISTORY``, or ``--history
PATH``) in date order: date, scenario, title, how many roles people played, the speed and
coordination scores, milestones on time, money lost, downtime, and the drill's improvement items
still open (an item is closed when the next drill shows its measure better). ``--chart PNG``
draws the trend, ``--json`` prints one JSON object per drill instead of the table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.lang import add_lang_option, chosen_lang

if TYPE_CHECKING:
    from analysis.history import Entry

HEADERS = {
    "en": ("DATE", "SCENARIO", "TITLE", "PEOPLE", "SPEED", "COORD.", "ON TIME", "MONEY LOST",
           "DOWNTIME", "OPEN ITEMS"),
    "zh": ("日期", "场景", "标题", "参演人数", "响应速度", "协同", "按时里程碑", "经济损失",
           "停机时长", "待改进项"),
}
WORDS = {
    "en": {"none": "no drills recorded yet in {path}",
           "no_match": "none of the {n} drills in {path} match", "bots": "bots only",
           "no_chart": "no chart written", "chart": "trend chart written to {path}"},
    "zh": {"none": "{path} 中尚无演练记录", "no_match": "{path} 中的 {n} 次演练均不符合条件",
           "bots": "仅机器人",
           "no_chart": "未生成趋势图", "chart": "趋势图已写入 {path}"},
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``history`` subcommand."""
    parser = subparsers.add_parser(
        "history",
        help="past drills and their trend across the years",
        description="List the drills recorded by warroom report, with their main figures and "
                    "open improvement items; draw their trend with --chart.",
    )
    parser.add_argument("--history", type=Path, metavar="PATH", default=None,
                        help="history file (default: $WARROOM_HISTORY, else history.sqlite "
                             "in the user data folder)")
    parser.add_argument("--scenario", metavar="ID", default=None,
                        help="only the drills of this scenario")
    parser.add_argument("--drills-only", action="store_true",
                        help="leave out bot-only rehearsals (no role played by a person)")
    add_lang_option(parser)
    parser.add_argument("--chart", type=Path, metavar="PNG", default=None,
                        help="also draw the trend of the main figures to this PNG file")
    parser.add_argument("--outcome", choices=("money", "downtime"), default="money",
                        help="what the chart's right axis shows (default: money)")
    parser.add_argument("--font", metavar="PATH", default=None,
                        help="font file for the chart's Chinese text (default: search)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per drill instead of the table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``warroom history``."""
    from analysis.history import History, HistoryError, default_path, open_items

    lang = chosen_lang(args)
    path = args.history if args.history is not None else default_path()
    everything: list[Entry] = []
    if path.exists() or path.is_symlink():  # listing never creates a history file
        try:
            with History(path) as history:
                everything = history.entries()
        except HistoryError as error:
            raise UserError(str(error)) from None
    entries = [e for e in everything if (args.scenario is None or e.scenario == args.scenario)
               and not (args.drills_only and e.rehearsal)]
    if not entries:
        key = "no_match" if everything else "none"
        print(WORDS[lang][key].format(path=path, n=len(everything)), file=sys.stderr)
        if args.chart is not None:
            print(WORDS[lang]["no_chart"], file=sys.stderr)
        return 0
    still_open = open_items(everything)
    if args.json:
        for entry in entries:
            row = {**entry.as_dict(), "open_items": still_open[entry.key]}
            print(json.dumps(row, ensure_ascii=False, sort_keys=True))
    else:
        rows = [HEADERS[lang], *(_row(e, still_open[e.key], lang) for e in entries)]
        print(_table(rows))
    if args.chart is not None:
        _write_chart(entries, args, lang)
        print(WORDS[lang]["chart"].format(path=args.chart), file=sys.stderr)
    return 0


def _row(entry: Entry, still_open: int, lang: str) -> tuple[str, ...]:
    from simulator.duration import format_duration

    def score(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    on_time = ("—" if entry.milestones is None
               else f"{entry.milestones_on_time or 0}/{entry.milestones}")
    money = "—" if entry.money_lost_cny is None else f"¥{entry.money_lost_cny:,.0f}"
    down = "—" if entry.downtime is None else format_duration(entry.downtime)
    people = str(entry.people) if entry.people else WORDS[lang]["bots"]
    return (f"{entry.created:%Y-%m-%d}", entry.scenario, entry.title.get(lang) or entry.scenario,
            people, score(entry.speed), score(entry.coordination), on_time, money, down,
            f"{still_open}/{entry.improvements}")


def _table(rows: list[tuple[str, ...]]) -> str:
    from analysis.summary import pad, width

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
                     for row in rows)


def _write_chart(entries: list[Entry], args: argparse.Namespace, lang: str) -> None:
    from analysis.charts.canvas import save_png
    from analysis.charts.fonts import FontError, use_cjk_font
    from analysis.charts.trend import plot_trend

    try:
        use_cjk_font(args.font, warn=lang == "zh")
    except FontError as error:
        raise UserError(str(error)) from None
    ax = plot_trend(entries, lang, outcome=args.outcome)
    try:
        save_png(ax.figure, args.chart)  # 150 dpi, no software tag: same history, same bytes
    except OSError as error:
        raise UserError(f"{args.chart}: cannot write the chart ({error.strerror or error})"
                        ) from None
