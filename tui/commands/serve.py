"""``warroom serve SCENARIO``: host a live drill on this machine."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError, scenario_problem
from tui.lang import add_lang_option, chosen_lang

if TYPE_CHECKING:
    from simulator.live.session import Session


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "serve", help="host a live drill; prints a join code per role",
        description="Host a live drill of SCENARIO. Participants join with `warroom join "
                    "ws://HOST:PORT --code CODE`. The journal is written durably as the drill "
                    "runs; after a crash, --resume continues it exactly.")
    parser.add_argument("scenario", metavar="SCENARIO", nargs="?",
                        help="a scenario file or bundled id (not needed with --resume)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 opens it to the "
                             "network)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    parser.add_argument("--speed", type=float, default=None,
                        help="sim seconds per wall second (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--journal", type=Path, default=None,
                        help="journal file (default runs/SCENARIO-TIME/journal.sqlite)")
    parser.add_argument("--resume", action="store_true",
                        help="continue the drill of --journal after a crash")
    parser.add_argument("--no-bots", action="store_true",
                        help="no bots: roles nobody plays stay silent")
    parser.add_argument("--bot-grace", type=float, default=60.0, metavar="SECONDS",
                        help="wall seconds a role may stay empty before a bot takes it back")
    parser.add_argument("--headless", action="store_true",
                        help="no console: print the codes and start the drill at once")
    parser.add_argument("--cert", type=Path, help="TLS certificate (PEM) for wss://")
    parser.add_argument("--key", type=Path, help="TLS private key (PEM)")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    import asyncio

    from simulator.live.server import serve_session, tls_context

    if args.key is not None and args.cert is None:
        raise UserError("--key needs --cert: without a certificate the drill would be served "
                        "as plain ws://")
    try:
        tls = tls_context(args.cert, args.key)
    except (OSError, ValueError) as error:
        raise UserError(f"TLS: {error}") from None
    session = _session(args)
    scheme = "wss" if tls is not None else "ws"

    def ready(host: str, port: int) -> None:
        for role, code in session.codes.items():
            print(f"code {role} {code}")
        if not session.codes:  # a resumed drill: the journal holds only the codes' hashes
            print("codes unchanged: the join codes given at the start (or by the facilitator's "
                  "last rotation) still open their roles")
        print(f"listening {scheme}://{host}:{port}")
        print(f"journal {session.journal.path}")
        if not args.headless:
            print("the facilitator console is not available yet; running headless",
                  file=sys.stderr)
        sys.stdout.flush()

    try:
        asyncio.run(serve_session(session, args.host, args.port, tls=tls, ready=ready))
    except OSError as error:
        session.close()
        raise UserError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    print(f"drill closed; journal {session.journal.path}")
    return 0


def _session(args: argparse.Namespace) -> Session:
    from simulator.journal import JournalError
    from simulator.live.session import Session
    from simulator.replay import ReplayError
    from simulator.scenario.errors import ScenarioError
    from simulator.scenario.loader import load_scenario

    if args.speed is not None and not 0 < args.speed <= 3600:
        raise UserError("--speed must be above 0 and at most 3600")
    try:
        if args.resume:
            if args.journal is None:
                raise UserError("--resume needs --journal PATH")
            return Session.resume(args.journal, speed=args.speed, bot_grace=args.bot_grace)
        if args.scenario is None:
            raise UserError("serve needs a SCENARIO (or --resume --journal PATH)")
        loaded = load_scenario(args.scenario)
        path = args.journal or Path("runs") / (
            f"{loaded.scenario.id}-{datetime.now():%Y%m%d-%H%M%S}") / "journal.sqlite"
        return Session.create(loaded, path, seed=args.seed, speed=args.speed or 1.0,
                              bots=not args.no_bots, lang=chosen_lang(args),
                              bot_grace=args.bot_grace)
    except ScenarioError as error:
        raise UserError(scenario_problem(args.scenario, error)) from None
    except (JournalError, ReplayError) as error:
        raise UserError(str(error)) from None

