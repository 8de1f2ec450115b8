"""The facilitator's ``codes`` command: rotate or revoke a role's join code.

The new code is made by the server (:func:`simulator.live.codes.new_code`), hashed off the event
loop, and journalled as ``codes.changed`` holding only its hash; the plaintext goes only into
the facilitator's ``ack`` (its ``code`` field). The answer remembered for a repeated id has no
code. Every other connection of that role is closed: a rotated or revoked code opens nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.facilitation import SESSION_ONLY
from simulator.live.codes import new_code
from simulator.live.transaction import not_journalled
from simulator.protocol import Ack, Command, Reject, encode

if TYPE_CHECKING:
    from simulator.live.peer import Client
    from simulator.live.session import Session


def facilitator_problem(command: Command) -> str | None:
    """Why a facilitator's console may not give ``command`` (beyond the catalogue's checks)."""
    if command.action in SESSION_ONLY:
        return f"unknown facilitator command {command.action!r}"
    if command.action == "codes" and "hash" in command.args:
        return "codes takes only 'role' and 'do' (the server makes the new code)"
    return None


def change_code(session: Session, client: Client, command: Command,
                secret: tuple[str, str] | None) -> str:
    """Rotate or revoke a role's join code; the new code goes only into this answer."""
    key, args = (client.role, command.id), dict(command.args)
    plain = None
    if args["do"] == "rotate":
        if secret is None:
            plain = new_code(args["role"])
            secret = (plain, session.book.digest(plain))
        plain, args["hash"] = secret
    outcome = session.facilitate_now("codes", args, "facilitator", command.id)
    if not outcome.accepted:
        if not_journalled(outcome):
            return encode(Reject(type="reject", id=command.id, reason=outcome.reason))
        return session._reply(key, command.id, reason=outcome.reason)
    session.book.note(outcome.event)
    session.codes.pop(args["role"], None)
    for other in [c for c in session.clients if c.role == args["role"] and c is not client]:
        other.close(f"the join code of {args['role']} was {args['do']}d by the facilitator")
    session._reply(key, command.id, seq=outcome.event.seq)  # remembered without the code
    return encode(Ack(type="ack", id=command.id, seq=outcome.event.seq, code=plain))
