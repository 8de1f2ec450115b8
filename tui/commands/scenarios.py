"""``warroom scenarios``: the scenarios at hand, bundled and local.

Lists the bundled scenarios (shipped in the installed package), then the local ones: the
``scenarios/*.yaml`` of the current folder if it has one, and those of ``--dir``. Each row gives
the id, the title in the chosen language, the plan's risk, the severity level and the drill
length. A local file that does not load is still listed, marked, with a hint on stderr to run
``warroom validate`` on it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import unicodedata
from pathlib import Path

from tui.lang import add_lang_option, chosen_lang

SUFFIXES = (".yaml", ".yml")
HEADERS = {
    "en": ("ID", "TITLE", "RISK", "SEVERITY", "LENGTH", "SOURCE"),
    "zh": ("编号", "标题", "风险", "级别", "时长", "来源"),
}
RISKS = {
    "en": {"ddos": "DDoS", "data_leak": "data leak", "malware": "malware",
           "vulnerability": "vulnerability"},
    "zh": {"ddos": "DDoS攻击", "data_leak": "数据泄露", "malware": "恶意软件感染",
           "vulnerability": "系统漏洞"},
}
WORDS = {
    "en": {"bundled": "bundled", "invalid": "(invalid)", "none": "no scenarios found",
           "hint": "{path}: does not load; run: warroom validate {path}"},
    "zh": {"bundled": "内置", "invalid": "（无效）", "none": "未找到演练场景",
           "hint": "{path}：无法加载；请运行：warroom validate {path}"},
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``scenarios`` subcommand."""
    parser = subparsers.add_parser(
        "scenarios",
        help="list bundled and local scenarios",
        description="List the bundled scenarios and the local ones (./scenarios/*.yaml and "
                    "--dir): id, title, risk, severity and length.",
    )
    parser.add_argument("--dir", type=Path, action="append", default=[], metavar="DIR",
                        help="also list the scenarios (*.yaml) of this folder; may repeat")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``warroom scenarios``."""
    from simulator.scenario.loader import bundled_path, list_bundled

    lang = chosen_lang(args)
    words = WORDS[lang]
    rows: list[tuple[str, ...]] = []
    seen: set[Path] = set()
    for sid in list_bundled():
        bundled = bundled_path(sid)
        ref = sid
        if isinstance(bundled, Path):
            seen.add(bundled.resolve())
            ref = str(bundled)
        rows.append(_row(ref, words["bundled"], lang))
    folders = [Path("scenarios"), *args.dir]
    for folder in folders:
        if not folder.is_dir():
            continue
        for file in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES):
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            rows.append(_row(str(file), str(file), lang))
    if not rows:
        print(words["none"], file=sys.stderr)
        return 0
    print(_table([HEADERS[lang], *rows]))
    return 0


def _row(ref: str, origin: str, lang: str) -> tuple[str, ...]:
    from simulator.duration import format_duration
    from simulator.scenario.errors import ScenarioError
    from simulator.scenario.loader import load_scenario

    try:
        scenario = load_scenario(ref).scenario
    except ScenarioError:
        print(WORDS[lang]["hint"].format(path=ref), file=sys.stderr)
        return _lenient_row(ref, origin, lang)
    return (scenario.id, scenario.title.get(lang), RISKS[lang].get(scenario.risk, scenario.risk),
            scenario.severity, format_duration(scenario.length), origin)


def _lenient_row(ref: str, origin: str, lang: str) -> tuple[str, ...]:
    """What can be read of a file that does not load."""
    from simulator.scenario.errors import ScenarioError
    from simulator.scenario.source import parse_source

    data: dict = {}
    with contextlib.suppress(ScenarioError, OSError):
        data = parse_source(Path(ref).read_bytes(), ref).data
    title = data.get("title")
    title = title.get(lang) if isinstance(title, dict) else title
    title = f"{title or ''} {WORDS[lang]['invalid']}".strip()
    return (str(data.get("id") or Path(ref).stem), title, str(data.get("risk", "")),
            str(data.get("severity", "")), str(data.get("length", "")), origin)


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
