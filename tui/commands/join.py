"""``warroom join URL``: a participant's console for a live drill.

The join code is read from ``--code-file`` (its first line), from the ``WARROOM_CODE``
environment variable, or asked for at a prompt that does not echo it; ``--code`` works too, but
a code on the command line shows in ``ps`` to every user of the machine. ``--cafile`` trusts a
drill server's own (self-signed) certificate for ``wss://``.

The console talks to the server only through the client library (:mod:`simulator.live.client`); a
dropped connection reconnects by itself and catches up without duplicates.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.lang import add_lang_option, chosen_lang

if TYPE_CHECKING:
    import ssl

    from simulator.live.connection import DrillConnection

CODE_VARIABLE = "WARROOM_CODE"
"""The environment variable a join code may come from."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "join", help="a participant's console for a live drill",
        description="Join a live drill with the code of your role and open its console.")
    parser.add_argument("url", metavar="URL", help="the drill server, ws://HOST:PORT or wss://")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--code-file", metavar="FILE", type=Path,
                        help="read the join code of your role from the first line of FILE")
    source.add_argument("--code", help="the join code of your role (visible to other users "
                                       f"in ps; prefer --code-file, ${CODE_VARIABLE} or the "
                                       "prompt)")
    parser.add_argument("--cafile", metavar="PEM", type=Path,
                        help="trust this certificate (or CA) for wss://, e.g. the drill "
                             "server's self-signed one")
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Open the console until the participant leaves."""
    from simulator.live.client import DrillClient

    if not args.url.startswith(("ws://", "wss://")):
        raise UserError(f"{args.url}: the drill's address starts with ws:// or wss://")
    trust = trust_context(args.cafile, args.url)
    code = join_code(args)
    return open_console(DrillClient(args.url, code, lang=chosen_lang(args), ssl=trust),
                        chosen_lang(args))


def join_code(args: argparse.Namespace) -> str:
    """The join code: from ``--code-file``, ``--code``, the environment or a silent prompt."""
    if args.code_file is not None:
        try:
            lines = args.code_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not a text file"
            raise UserError(f"{args.code_file}: cannot read the join code: {reason}") from None
        code = lines[0].strip() if lines else ""
        if not code:
            raise UserError(f"{args.code_file}: the file holds no join code")
        return code
    code = args.code or os.environ.get(CODE_VARIABLE, "").strip()
    if code:
        return code
    if not sys.stdin.isatty():
        raise UserError(f"no join code: give --code-file FILE or set {CODE_VARIABLE}")
    import getpass

    code = getpass.getpass("join code / 加入码: ").strip()
    if not code:
        raise UserError("no join code given")
    return code


def trust_context(cafile: Path | None, url: str) -> ssl.SSLContext | None:
    """A TLS context that trusts ``cafile`` (for ``wss://`` only), or None for the default."""
    if cafile is None:
        return None
    if not url.startswith("wss://"):
        raise UserError("--cafile is for a wss:// address")
    import ssl as _ssl

    try:
        return _ssl.create_default_context(cafile=str(cafile))
    except (OSError, _ssl.SSLError) as error:
        raise UserError(f"{cafile}: not a certificate file ({error})") from None


def open_console(client: DrillConnection, lang: str) -> int:
    """Run the console on ``client``; a refused or failed join is one line, exit code 2."""
    from tui.console.app import ConsoleApp  # Textual loads only when a console opens

    app = ConsoleApp(client, lang=lang)
    app.run()
    if app.return_code and getattr(app, "failure", None):
        raise UserError(app.failure)
    return app.return_code or 0
