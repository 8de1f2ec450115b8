"""``warroom export JOURNAL``: a drill journal's events as JSON Lines on stdout.

One JSON object per line and per event, with the keys ``seq``, ``t``, ``kind``, ``actor``, ``data``
and ``wall`` (the wall-clock time, left out with ``--no-wall`` so that two runs of the same seed
give identical output). ``--meta`` prints the journal's meta table as one JSON object instead.
The format is described in ``docs/journal.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from tui.errors import UserError

if TYPE_CHECKING:
    from simulator.journal import Journal


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="events of a drill journal as JSON Lines",
        description="Write the events of a drill journal to stdout as JSON Lines, one per event.",
    )
    parser.add_argument("journal", metavar="JOURNAL", help="journal file (.db) of a drill")
    parser.add_argument(
        "--no-wall", dest="wall", action="store_false",
        help="leave out wall-clock times, so runs of the same seed can be diffed",
    )
    parser.add_argument(
        "--kind", dest="kinds", metavar="KIND", action="extend", nargs="+",
        help="only events of these kinds (e.g. inject.fired action.taken); may repeat",
    )
    parser.add_argument(
        "--meta", action="store_true",
        help="print the journal's meta (scenario, seed, bots, ...) as one JSON object instead",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``warroom export``."""
    from simulator.journal import Journal, JournalError

    try:
        journal = Journal.open(args.journal)
    except JournalError as error:
        raise UserError(str(error)) from None
    try:
        with journal:
            _write(journal, args, sys.stdout)
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return 0


def _write(journal: Journal, args: argparse.Namespace, out: TextIO) -> None:
    from simulator.journal import EVENT_KINDS

    if args.meta:
        out.write(json.dumps(journal.meta(), ensure_ascii=False, sort_keys=True) + "\n")
        return
    kinds = args.kinds
    if kinds is not None:
        unknown = sorted(set(kinds) - EVENT_KINDS - journal.kinds().keys())
        if unknown:
            raise UserError(
                f"{args.journal}: unknown event kind {', '.join(unknown)} "
                "(see docs/journal.md, 'Event kinds')"
            )
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for event in journal.events(kinds=kinds):
        # ``data`` comes back with its keys sorted: the journal stores it that way.
        out.write(dumps(event.as_dict(wall=args.wall)) + "\n")


def _silence_stdout() -> None:
    """After the reader of stdout went away (``| head``), keep Python from failing at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
