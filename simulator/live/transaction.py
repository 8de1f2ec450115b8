"""A command is applied only together with its journal entry: committed, or rolled back.

A live drill and its journal must never diverge: an event the drill made but the journal could
not take (an encoding the journal refuses, a full disk) would fail every later commit and hide
the drill from every client. So a session applies each command (a participant's, the
facilitator's, its own) through :func:`apply_committed`:

1. the engine's own events so far are committed first, so the command's events stand alone in
   the transaction (if that fails the command is refused, unapplied, with the reason of the
   outage: see :mod:`simulator.live.delivery`);
2. the engine applies the command;
3. its events are encoded strictly (JSON without NaN, UTF-8 without lone surrogates: the journal
   encodes a batch whole before it writes any of it), appended and committed;
4. only then are they sent to clients. If step 3 fails, the transaction is rolled back and the
   drill is rebuilt from the journal, which now ends just before the command: the command is
   refused with the reason and the drill is as it was. An SQLite error (a full disk, a
   read-only file) also starts an outage, and the reason is the outage's.

Why rebuild rather than snapshot the drill before each command: SimPy processes are Python
generators, which cannot be copied, so a drill has no cheap snapshot; but its journal is one
already, since replaying a journal reproduces the drill exactly (that is crash recovery). The
rebuild costs a replay, so everything that can be checked is checked before the engine (the
protocol's I-JSON rules, the catalogue's types and bounds in :mod:`simulator.live.admission`),
and the rollback is left to what no check can foresee, such as a full disk.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.engine.drill import Drill, Outcome
from simulator.live.delivery import JOURNAL_ERRORS
from simulator.replay import catch_up, rebuild

if TYPE_CHECKING:
    from simulator.live.session import Session

NOT_APPLIED = "not applied: the journal cannot"
"""How the reason of a command refused for its journal write begins."""
OUTAGE = "the journal cannot be written:"
"""How the reason of a command refused during an outage begins."""


def apply_committed(session: Session, apply: Callable[[Drill], Outcome]) -> Outcome:
    """Apply a command with ``apply`` only if its events are committed to the journal.

    Returns:
        ``apply``'s outcome once its events are committed (not yet sent to clients), or a
        rejection whose reason says the journal could not take it; the drill is then unchanged.
    """
    journal = session.journal
    if not session.journal_commit():
        return Outcome(reason=session.outage or f"{NOT_APPLIED} be written")
    before = len(session.drill.events)
    outcome = apply(session.drill)
    try:
        journal.append(session.drill.events[before:])
        journal.commit()
    except JOURNAL_ERRORS as error:
        with contextlib.suppress(sqlite3.Error):
            journal.rollback()
        session.drill = _rebuilt(session)
        session.journal_failed(error)
        if isinstance(error, sqlite3.Error) and session.outage is not None:
            return Outcome(reason=session.outage)
        return Outcome(reason=f"{NOT_APPLIED} hold it ({_line(error)})")
    session.journalled(len(session.drill.events))
    return outcome


def not_journalled(outcome: Outcome) -> bool:
    """Whether ``outcome`` is a refusal for a failed journal write (worth trying again later)."""
    return not outcome.accepted and outcome.reason.startswith((NOT_APPLIED, OUTAGE))


def _rebuilt(session: Session) -> Drill:
    """The drill as its journal has it (the committed events, the failed command left out)."""
    journal = session.journal
    drill = rebuild(journal.meta())
    catch_up(drill, journal.events())
    return drill


def _line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]
