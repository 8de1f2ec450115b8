"""Join codes: one per role, one for the facilitator, one read-only code for observers.

Codes come from :mod:`secrets`, in an alphabet of 31 characters without look-alikes (no 0/O,
1/I/L), so they can be read out over the phone.

**Entropy and guessing.** A role's or the observers' code has :data:`LENGTH` = 8 characters:
31^8 ≈ 8.5e11 codes, 39.6 bits. Wrong codes are rate-limited (:class:`~simulator.live.limits.
JoinGuard`): 5 a minute per address and 30 a minute over all addresses, so at most 43,200 wrong
guesses a day whoever makes them. With the 12 codes of the bundled organisation open (10 roles,
the facilitator's aside, the observers'), the chance that a guess opens a role is
12 / 31^8 ≈ 1.4e-11, and a full day of guessing at the global limit opens one with a chance of
about 6e-7 (a week: about 4e-6). A drill lasts hours; a code lives as long as its drill, or
until the facilitator rotates or revokes it.

The facilitator's code has :data:`FACILITATOR_LENGTH` = 20 characters: 31^20 ≈ 6.7e29, 99 bits.
Guessing it is hopeless even without any limit (a million guesses a second for a century is
3.2e15 guesses: a chance below 5e-15), so a code of that length is checked *before* the
failed-join lockout and never counts towards it: no one can lock the facilitator out by
guessing, from any address.

**Storage.** The journal keeps no plaintext code: its meta holds one drill-wide random salt and
a hash per role (:class:`CodeBook`). An 8-character code is hashed with scrypt (N=2^14, r=8,
p=1: about 40 ms and 16 MiB per attempt), so a stolen journal costs 31^8 scrypt runs to read
(over a thousand CPU-years). The facilitator's 99-bit code is hashed with HMAC-SHA256 under the
salt: a slow hash adds nothing to a code nobody can enumerate, and a fast one lets any number of
facilitator-length guesses be refused without queueing behind scrypt. Codes are compared in
constant time (:func:`hmac.compare_digest`). A rotation or revocation by the facilitator is
journalled as ``codes.changed`` holding only the new hash, so a replay rebuilds the same table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable
from typing import Any

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
FACILITATOR_LENGTH = 20
FACILITATOR = "facilitator"
OBSERVER = "observer"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""scrypt's cost for the short codes (the journal's meta records it with the hashes)."""


def new_code(role: str = "") -> str:
    """A fresh random join code for ``role`` (longer for the facilitator)."""
    length = FACILITATOR_LENGTH if role == FACILITATOR else LENGTH
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def make_codes(roles: Iterable[str]) -> dict[str, str]:
    """A distinct code for each role, the facilitator and the observers: ``{role: code}``."""
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for role in [*roles, FACILITATOR, OBSERVER]:
        code = new_code(role)
        while code in taken:
            code = new_code(role)
        taken.add(code)
        codes[role] = code
    return codes


def normalise(code: str) -> str:
    """What the user typed, as a code: upper case, no spaces or dashes."""
    return code.strip().upper().replace("-", "").replace(" ", "")


def is_long(code: str) -> bool:
    """Whether ``code`` (normalised) has the facilitator's length: checked before any lockout."""
    return len(code) == FACILITATOR_LENGTH


class CodeBook:
    """The join codes of a drill as hashes: ``{role: hex digest}``, None for a revoked code.

    Args:
        salt: The drill-wide salt (hex).
        hashes: Each role's hash (hex), or None when its code is revoked.
        cost: scrypt's parameters for the short codes.
    """

    def __init__(self, salt: str, hashes: dict[str, str | None],
                 cost: dict[str, int] | None = None):
        self.salt = salt
        self.hashes = dict(hashes)
        self.cost = dict(cost or SCRYPT)

    @classmethod
    def of(cls, codes: dict[str, str]) -> CodeBook:
        """A book with a fresh salt for the plaintext ``codes`` (``{role: code}``)."""
        book = cls(secrets.token_hex(16), {})
        book.hashes = {role: book.digest(code) for role, code in codes.items()}
        return book

    @classmethod
    def from_meta(cls, text: str) -> tuple[CodeBook, dict[str, str]]:
        """The book a journal's ``codes`` meta holds, and the plaintext codes it still names.

        A journal written before codes were hashed holds them in plain text: they are hashed
        here (and returned, so they can still be shown); a current journal gives no plaintext.
        """
        value = json.loads(text)
        if "salt" not in value:
            return cls.of(value), dict(value)
        return cls(value["salt"], value["roles"], value.get("scrypt")), {}

    def meta(self) -> str:
        """The book as the journal's ``codes`` meta: salt, cost and hashes, no plaintext."""
        return json.dumps({"salt": self.salt, "scrypt": self.cost, "roles": self.hashes})

    def digest(self, code: str) -> str:
        """The hash of ``code`` (normalised first); slow for a short code: call off the loop."""
        code = normalise(code)
        salt = bytes.fromhex(self.salt)
        if is_long(code):
            return hmac.new(salt, code.encode(), hashlib.sha256).hexdigest()
        return hashlib.scrypt(code.encode("utf-8", "replace"), salt=salt, dklen=32,
                              maxmem=64 * 1024 * 1024, **self.cost).hex()

    def role_of(self, digest: str) -> str | None:
        """The role whose hash is ``digest``, or None; compares every hash in constant time."""
        found = None
        for role, known in self.hashes.items():
            if known is not None and hmac.compare_digest(known, digest):
                found = role
        return found

    def note(self, event: Any) -> bool:
        """Apply a ``codes.changed`` event (a rotation or revocation); True if it was one."""
        if event.kind != "codes.changed":
            return False
        self.hashes[event.data["role"]] = event.data.get("hash")
        return True
