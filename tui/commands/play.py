"""``warroom play SCENARIO --role ROLE``: one person against bots, in one terminal.

The drill server runs in this process (:mod:`simulator.live.local`) and the console joins it over
loopback with the role's code, through the same protocol as a live drill. Bots play every other
role (and this one until the console joins). The journal's path is printed at the end, ready for
``warroom report``.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from tui.errors import UserError, scenario_problem
from tui.lang import add_lang_option, chosen_lang

WORDS = {"zh": "演练日志：{path}\n生成报告：warroom report {path}",
         "en": "Journal: {path}\nReport: warroom report {path}"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "play", help="play one role against bots in this terminal",
        description="Play ROLE in SCENARIO against bots: a drill server runs in this process and "
                    "your console joins it like any participant.")
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or bundled id")
    parser.add_argument("--role", required=True, help="the role you play, e.g. cio")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="sim seconds per wall second (default 1; 16 runs 4 h in 15 min)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--journal", type=Path, default=None,
                        help="journal file (default runs/play-SCENARIO-TIME/journal.sqlite)")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve the drill in-process, open the console, print the journal's path."""
    from simulator.journal import JournalError
    from simulator.live.client import DrillClient
    from simulator.live.local import LocalServer
    from simulator.live.session import Session
    from simulator.scenario.errors import ScenarioError
    from simulator.scenario.loader import load_scenario
    from tui.commands.join import open_console

    lang = chosen_lang(args)
    if not 0 < args.speed <= 3600:
        raise UserError("--speed must be above 0 and at most 3600")
    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as error:
        raise UserError(scenario_problem(args.scenario, error)) from None
    if args.role not in loaded.org.roles:
        raise UserError(f"--role {args.role}: not a role of {loaded.org.id}; roles: "
                        f"{', '.join(loaded.org.roles)}")
    path = args.journal or Path("runs") / (
        f"play-{loaded.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}") / "journal.sqlite"
    try:
        session = Session.create(loaded, path, seed=args.seed, speed=args.speed, lang=lang)
    except JournalError as error:
        raise UserError(str(error)) from None
    server = LocalServer(session)
    try:
        url = server.start()
        client = DrillClient(url, session.codes[args.role], lang=lang)
        code = open_console(client, lang)
    finally:
        server.stop()
    print(WORDS[lang].format(path=path))
    return code
