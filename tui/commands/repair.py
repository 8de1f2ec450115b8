"""``warroom repair JOURNAL``: keep every readable event of a damaged journal in a new one.

The damaged file is left as it is. The new journal (``JOURNAL.repaired`` beside it unless
``--out`` says otherwise) holds the meta, every readable event and the engine events a replay
remakes where pages were lost; readable events after the point where the drill took another course
(an outside command was lost) go to a JSON Lines file beside it. ``warroom serve --resume`` and
``warroom report`` take the new journal. How it works: :mod:`simulator.repair`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``repair`` subcommand."""
    parser = subparsers.add_parser(
        "repair",
        help="keep every readable event of a damaged journal in a new one",
        description="Read what can be read of a damaged drill journal, remake the engine events "
                    "a replay can, and write a new journal; the damaged file is not changed.",
    )
    parser.add_argument("journal", metavar="JOURNAL", help="the damaged journal file")
    parser.add_argument("--out", metavar="PATH", type=Path,
                        help="where to write the repaired journal (default: JOURNAL.repaired "
                             "beside it)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``warroom repair``."""
    from simulator.journal import JournalError
    from simulator.repair import repair

    source = Path(args.journal)
    out = args.out or source.with_name(source.stem + ".repaired" + source.suffix)
    if out.exists():
        raise UserError(f"{out}: already exists; not overwriting it (give another --out)")
    try:
        result = repair(source, out)
    except JournalError as error:
        raise UserError(str(error)) from None
    for line in result.lines():
        print(line)
    return 0
