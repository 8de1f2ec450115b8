"""The ``warroom`` command line: the one front door that wires the layers.

Each subcommand lives in its own module under :mod:`tui.commands` and exposes ``add_parser`` and
``run``. Errors a user can cause are printed as one line on stderr with exit code 2, never as a
traceback.

A command module imports its heavy modules (the engine, pydantic, matplotlib, Textual,
websockets) inside ``run``, not at the top: building the parser loads every command module, and
``warroom --help`` must stay fast (``tests/tui/test_cli_startup.py`` checks what it loads).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui.errors import UserError

COMMANDS = ("scenarios", "validate", "rehearse", "serve", "join", "play", "report", "history",
            "export", "repair")
"""Subcommand modules in :mod:`tui.commands`, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="warroom",
        description="Drill and tabletop-exercise simulator for cybersecurity incident response.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"tui.commands.{name}")
        module.add_parser(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: print ``warroom VERSION`` and exit; the version is looked up only then."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from simulator import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``warroom`` command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except UserError as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        from simulator.journal import JournalError  # only now: --help must stay light

        if isinstance(error, JournalError):  # a damaged journal found while reading it
            print(f"warroom: {error}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        print("warroom: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
