"""``warroom rehearse SCENARIO``: play a scenario with bots in every role, as fast as possible."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.errors import UserError, scenario_problem
from tui.lang import add_lang_option, chosen_lang


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "rehearse", help="play a scenario with bots in every role; journal and summary",
        description="Play SCENARIO with bots in every role as fast as the CPU allows, write "
                    "DIR/journal.sqlite and print each milestone against its target and the "
                    "outcome.")
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or bundled id")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=Path("runs/rehearsal"),
                        help="directory for journal.sqlite (default runs/rehearsal)")
    parser.add_argument("--mistakes", type=float, default=None, metavar="RATE",
                        help="chance a bot slips on a duty, 0-1 (default: the scenario's)")
    parser.add_argument("--stats", action="store_true",
                        help="also print SimPy events and events per second")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Rehearse and print the summary."""
    from analysis.summary import render, summarise
    from simulator.journal import JournalError
    from simulator.rehearsal import rehearse
    from simulator.scenario.errors import ScenarioError
    from simulator.scenario.loader import load_scenario

    lang = chosen_lang(args)
    if args.mistakes is not None and not 0 <= args.mistakes <= 1:
        raise UserError("--mistakes must be between 0 and 1")
    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as error:
        raise UserError(scenario_problem(args.scenario, error)) from None
    try:
        result = rehearse(loaded, args.seed, out=args.out, mistake_rate=args.mistakes, lang=lang)
    except (JournalError, OSError) as error:
        raise UserError(str(error)) from None
    print(render(summarise(result.events), lang))
    print()
    print(("日志" if lang == "zh" else "Journal") + f": {result.journal}")
    if args.stats:
        rate = result.simpy_events / result.seconds if result.seconds else float("inf")
        print(f"SimPy events: {result.simpy_events}  journal events: {len(result.events)}  "
              f"time: {result.seconds * 1000:.1f} ms  SimPy events/s: {rate:,.0f}")
    return 0
