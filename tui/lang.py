"""Choosing the user's language: ``--lang``, else the locale (zh for any Chinese locale)."""

from __future__ import annotations

import os

LANG_CHOICES = ("zh", "en")


def default_lang() -> str:
    """``zh`` when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def add_lang_option(parser) -> None:
    """Add ``--lang zh|en`` (default from the locale) to an argparse parser."""
    parser.add_argument("--lang", choices=LANG_CHOICES, default=None,
                        help="language of the output (default: from the locale)")


def chosen_lang(args) -> str:
    """The language the user chose, or the locale's."""
    return args.lang or default_lang()
