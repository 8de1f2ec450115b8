"""Join codes: one per role, one for the facilitator, one read-only code for observers.

Codes come from :mod:`secrets`, eight characters of an alphabet without look-alikes (no 0/O,
1/I/L), so they can be read out over the phone: 31^8, about 8.5e11 codes, and failed attempts are
rate-limited per address by the server.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
FACILITATOR = "facilitator"
OBSERVER = "observer"


def new_code() -> str:
    """A fresh random join code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def make_codes(roles: Iterable[str]) -> dict[str, str]:
    """A distinct code for each role, the facilitator and the observers: ``{role: code}``."""
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for role in [*roles, FACILITATOR, OBSERVER]:
        code = new_code()
        while code in taken:
            code = new_code()
        taken.add(code)
        codes[role] = code
    return codes


def normalise(code: str) -> str:
    """What the user typed, as a code: upper case, no spaces or dashes."""
    return code.strip().upper().replace("-", "").replace(" ", "")
