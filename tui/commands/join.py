"""``warroom join URL --code CODE``: a participant's console for a live drill.

The console talks to the server only through the client library (:mod:`simulator.live.client`); a
dropped connection reconnects by itself and catches up without duplicates.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.lang import add_lang_option, chosen_lang

if TYPE_CHECKING:
    from simulator.live.connection import DrillConnection


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "join", help="a participant's console for a live drill",
        description="Join a live drill with the code of your role and open its console.")
    parser.add_argument("url", metavar="URL", help="the drill server, ws://HOST:PORT or wss://")
    parser.add_argument("--code", required=True, help="the join code of your role")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Open the console until the participant leaves."""
    from simulator.live.client import DrillClient

    if not args.url.startswith(("ws://", "wss://")):
        raise UserError(f"{args.url}: the drill's address starts with ws:// or wss://")
    return open_console(DrillClient(args.url, args.code, lang=chosen_lang(args)),
                        chosen_lang(args))


def open_console(client: DrillConnection, lang: str) -> int:
    """Run the console on ``client``; a refused or failed join is one line, exit code 2."""
    from tui.console.app import ConsoleApp  # Textual loads only when a console opens

    app = ConsoleApp(client, lang=lang)
    app.run()
    if app.return_code and getattr(app, "failure", None):
        raise UserError(app.failure)
    return app.return_code or 0
