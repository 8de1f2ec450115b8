"""Admission: a command's arguments checked against the catalogue before the engine sees them.

The protocol (:mod:`simulator.protocol`) guarantees a frame is I-JSON; admission guarantees a
command's arguments have the types and bounds the action catalogue gives them
(:meth:`simulator.actions.ActionSpec.check`): the participant catalogue for a role, the
facilitator catalogue for the facilitator, and a message ``seq`` for a read receipt. A command
that does not fit is malformed input, like a frame that is not JSON: it is refused with a
one-line reason and never reaches the engine or the journal. What fits may still be refused by
the engine (a role that may not take the action, a statement not approved yet); those refusals
are moves of the drill and the engine journals them.
"""

from __future__ import annotations

from typing import Any

from simulator.actions import CATALOGUE, SEQ, ActionSpec
from simulator.engine.facilitation import FACILITATOR_CATALOGUE
from simulator.live.codes import FACILITATOR


def check(role: str, action: str, args: dict[str, Any]) -> str | None:
    """Why ``args`` do not fit ``action`` as ``role`` may give it, or None if they do.

    An action the catalogue does not know is left to the engine, which refuses it.
    """
    if role != FACILITATOR and action == "read":
        return _check_read(args)
    catalogue: dict[str, ActionSpec] = FACILITATOR_CATALOGUE if role == FACILITATOR \
        else CATALOGUE
    spec = catalogue.get(action)
    return None if spec is None else spec.check(args)


def _check_read(args: dict[str, Any]) -> str | None:
    if set(args) != {"message"}:
        return "read takes exactly one argument, 'message'"
    message = args["message"]
    if isinstance(message, bool) or not (
        (isinstance(message, int) and message > 0)
        or (isinstance(message, str) and SEQ.fullmatch(message))
    ):
        return "'message' must be a message's seq (ASCII digits)"
    return None
