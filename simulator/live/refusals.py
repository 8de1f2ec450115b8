"""Refused commands: counted always, journalled one by one only up to a cap per role.

The engine journals a person's refused command as ``action.rejected`` with its arguments (a
replay re-applies it, so the event numbers stay the same). A client that sends refused commands
as fast as it may would otherwise grow the journal, the drill's memory and every later catch-up
without end, even after the drill has ended. So the session asks the engine first
(:func:`simulator.engine.commands.check`, which changes nothing) and:

- the first :data:`JOURNALLED` refusals of each role are submitted, their arguments cut to
  :data:`TEXT_CHARS` characters a string and :data:`ITEMS` items a list (only when the cut
  arguments are refused for the same reason: the journal must say what the engine decided);
- after that a refused command is only counted: it never reaches the engine, and the session
  journals a ``commands.refused`` count (a session command the replay re-applies) at the 1st,
  10th, 100th and then every :data:`COUNT_EVERY`-th refusal not journalled.

Leaving a refused command out of the drill is exact for replay: a refusal changes nothing but
the event list, and a command that never reached the engine is not in the journal either.

:class:`Answers` keeps what the session answered to each command id, so that a repeated id is
answered again: accepted commands always (each is an event of the drill anyway), refusals only
the last :data:`REFUSALS_REMEMBERED` per role.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from typing import Any

from simulator.engine import commands
from simulator.engine.drill import Drill

JOURNALLED = 200
"""Refused commands of a role journalled one by one."""
COUNT_EVERY = 1000
"""After the first hundred, a count is journalled every this many refusals not journalled."""
TEXT_CHARS = 200
"""Longest string of a journalled refusal's arguments."""
ITEMS = 20
"""Most items of a list or an object in a journalled refusal's arguments."""
DEPTH = 4
"""Deepest nesting kept in a journalled refusal's arguments."""
REFUSALS_REMEMBERED = 1000
"""Answers to refused command ids remembered per role."""


def trim(value: Any, depth: int = 0) -> Any:
    """``value`` with long strings cut, long lists and objects shortened, deep nesting dropped."""
    if isinstance(value, str):
        return value[:TEXT_CHARS]
    if isinstance(value, list):
        return [trim(v, depth + 1) for v in value[:ITEMS]] if depth < DEPTH else []
    if isinstance(value, dict):
        return {k[:TEXT_CHARS]: trim(v, depth + 1) for k, v in list(value.items())[:ITEMS]} \
            if depth < DEPTH else {}
    return value


class Refusals:
    """Per role: refusals journalled one by one, and refusals only counted."""

    def __init__(self) -> None:
        self.journalled: Counter[str] = Counter()
        self.counted: Counter[str] = Counter()

    def note(self, event: Any) -> None:
        """Count a journalled event (so a resumed session goes on where the journal ended)."""
        if event.kind == "action.rejected" and event.data.get("source") == "human":
            self.journalled[event.actor] += 1
        elif event.kind == "commands.refused":
            self.counted[event.data["role"]] = event.data["count"]

    def plan(self, drill: Drill, role: str, action: str, args: dict[str, Any]
             ) -> tuple[dict[str, Any] | None, str | None]:
        """What to submit for a person's command.

        Returns:
            ``(args, None)``: submit it, the engine accepts it; ``(trimmed, reason)``: submit the
            trimmed arguments, the engine journals the refusal; ``(None, reason)``: do not
            submit, the refusal is only counted (see :meth:`count_due`).
        """
        reason = commands.check(drill, role, action, args)
        if reason is None:
            return args, None
        if self.journalled[role] < JOURNALLED:
            trimmed = trim(args)
            if trimmed == args or commands.check(drill, role, action, trimmed) == reason:
                self.journalled[role] += 1
                return trimmed, reason
        self.counted[role] += 1
        return None, reason

    def count_due(self, role: str) -> int | None:
        """The count to journal now for ``role``, or None (see the module docstring)."""
        count = self.counted[role]
        return count if count in (1, 10, 100) or count % COUNT_EVERY == 0 else None


class Answers:
    """The answer frame to each command id, by ``(role, id)``; refusals bounded per role."""

    def __init__(self) -> None:
        self.accepted: dict[tuple[str, str], str] = {}
        self.refused: dict[str, OrderedDict[str, str]] = {}

    def get(self, key: tuple[str, str]) -> str | None:
        """The answer given to ``key``, if remembered."""
        found = self.accepted.get(key)
        if found is None:
            found = self.refused.get(key[0], {}).get(key[1])
        return found

    def __contains__(self, key: tuple[str, str]) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: tuple[str, str]) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def remember(self, key: tuple[str, str], frame: str, *, accepted: bool) -> None:
        """Remember ``frame`` as the answer to ``key``."""
        if accepted:
            self.accepted[key] = frame
            return
        role, cid = key
        kept = self.refused.setdefault(role, OrderedDict())
        kept[cid] = frame
        kept.move_to_end(cid)
        while len(kept) > REFUSALS_REMEMBERED:
            kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self.accepted) + sum(len(k) for k in self.refused.values())
