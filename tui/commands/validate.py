"""``warroom validate PATH...``: check scenario and organisation files before the day.

Each file is a scenario, or an organisation file when it sits in an ``org/`` folder or has
top-level ``groups``; a folder stands for the YAML files in it and below it. Problems go to
stderr, one line each, ``file:line:col: field: message``, warnings as
``file:line:col: warning: field: message``; each file without errors gets ``ok FILE`` on
stdout. The exit code is 2 if any file has an error (or, with ``--strict``, a warning), else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.scenario.errors import Problem

SUFFIXES = (".yaml", ".yml")
SHOWN = 50
"""Problems printed per file unless ``--all``: one bad list must not bury the rest."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="check scenario and organisation files",
        description="Check scenario and organisation files: errors and warnings as "
                    "file:line:col: field: message on stderr, 'ok FILE' on stdout; exit 2 on "
                    "any error.",
    )
    parser.add_argument("paths", metavar="PATH", nargs="+",
                        help="scenario or organisation file, a folder of them, or the id of a "
                             "bundled scenario")
    parser.add_argument("--org", metavar="ORG", default=None,
                        help="organisation file or bundled id to check scenarios against "
                             "(default: each scenario's own org)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as errors (exit 2)")
    parser.add_argument("--all", dest="show_all", action="store_true",
                        help=f"print every problem (default: the first {SHOWN} of each file)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``warroom validate``."""
    failed = False
    printed: set[str] = set()
    for path, problems in _checked(args.paths, args.org):
        bad = [p for p in problems if p.is_error or args.strict]
        lines = [line for line in map(str, problems) if line not in printed]
        printed.update(lines)  # an organisation's problems once, not per scenario
        shown = lines if args.show_all else lines[:SHOWN]
        for line in shown:
            print(line, file=sys.stderr)
        if len(shown) < len(lines):
            print(f"{path}: and {len(lines) - len(shown)} more problems (--all prints them)",
                  file=sys.stderr)
        if bad:
            failed = True
        else:
            print(f"ok {path}")
    sys.stdout.flush()
    return 2 if failed else 0


def _checked(paths: list[str], org: str | None):
    """(file, problems) for every file named or found in a named folder."""
    from simulator.scenario.errors import Problem
    from simulator.scenario.loader import bundled_path

    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not files:
                yield given, [Problem(given, 0, 0, "", "no YAML files in this folder")]
            for file in files:
                yield str(file), _check(file, org)
        elif not path.exists() and isinstance(bundled_path(given), Path):
            yield given, _check(bundled_path(given), org)
        else:
            yield given, _check(given, org)


def _check(path: str | Path, org: str | None) -> list[Problem]:
    from simulator.scenario.errors import Problem
    from simulator.scenario.lint import check_file

    try:
        return check_file(path, org=org)
    except Exception as error:  # a bad file must never end in a traceback
        return [Problem(str(path), 0, 0, "", f"could not be checked ({type(error).__name__}: "
                        f"{error}); please report this")]
