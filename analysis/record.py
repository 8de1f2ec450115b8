"""A drill as analysis sees it: the journal's records, indexed, with the plan they were played to.

Analysis reads nothing but the journal. The journal's meta keeps the scenario and organisation
YAML exactly as they were played, so the metrics know the plan's groups, roles and duties and the
scenario's objectives without looking anywhere else; a report written years later from the same
journal gives the same answers.

:class:`DrillRecord` is built once per report and handed to every metric and chart: events in
``seq`` order, the same events by kind and by ``seq``, and the organisation and scenario.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from simulator.journal import Journal
from simulator.org.model import Organisation
from simulator.records import Event
from simulator.scenario.loader import Loaded, load_scenario_text
from simulator.scenario.model import Scenario


class RecordError(ValueError):
    """The journal cannot be analysed (no drill in it, or a scenario that no longer loads)."""


@dataclass(frozen=True)
class DrillRecord:
    """One drill's journal, indexed for analysis.

    Attributes:
        meta: The journal's meta table.
        events: Every event, in ``seq`` order.
        org: The organisation the drill was played by.
        scenario: The scenario that was played.
        started: The ``drill.started`` event.
        end: Simulated time of the last event (the drill's end, or where the journal stops).
    """

    meta: dict[str, str]
    events: tuple[Event, ...]
    org: Organisation
    scenario: Scenario
    started: Event
    end: float
    _by_kind: dict[str, list[Event]] = field(repr=False, compare=False)
    _by_seq: dict[int, Event] = field(repr=False, compare=False)

    def of(self, *kinds: str) -> list[Event]:
        """Events of these kinds, in ``seq`` order."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        chosen = [e for kind in kinds for e in self._by_kind.get(kind, ())]
        return sorted(chosen, key=lambda e: e.seq)

    def event(self, seq: int) -> Event | None:
        """The event with this ``seq``, if the journal has it."""
        return self._by_seq.get(seq)

    @property
    def roles(self) -> list[str]:
        """Role ids of the organisation, in file order."""
        return list(self.org.roles)

    def group_of(self, role: str) -> str | None:
        """The home group of ``role`` (None for ``engine``, ``facilitator`` and unknown ids)."""
        spec = self.org.roles.get(role)
        return spec.group if spec else None

    def leader(self, group: str) -> str | None:
        """Role id leading ``group``, if the organisation has that group."""
        spec = self.org.groups.get(group)
        return spec.leader if spec else None

    def played_by_people(self) -> list[str]:
        """Roles that people played at some time in the drill, in organisation order."""
        bots = set(self.started.data.get("bots", []))
        people = {r for r in self.roles if r not in bots}
        for event in self.of("bots.changed"):
            if not event.data.get("bot", True):
                people.add(event.data["role"])
        for event in self.of("action.taken", "action.rejected"):
            if event.data.get("source") == "human":
                people.add(event.actor)
        return [r for r in self.roles if r in people]

    @property
    def lang(self) -> str:
        """The language the drill was played in (``zh`` unless the meta says otherwise)."""
        return self.meta.get("lang", "zh")


def from_events(events: Iterable[Event], meta: Mapping[str, str]) -> DrillRecord:
    """A record from events and a meta table (a journal's, or one built by hand in a test).

    Raises:
        RecordError: There is no ``drill.started`` event, or the scenario does not load.
    """
    ordered = tuple(sorted(events, key=lambda e: e.seq))
    by_kind: dict[str, list[Event]] = defaultdict(list)
    for event in ordered:
        by_kind[event.kind].append(event)
    started = by_kind.get("drill.started")
    if not started:
        raise RecordError("the journal has no drill.started event: no drill was played in it")
    if "scenario_text" not in meta or "org_text" not in meta:
        raise RecordError("the journal's meta lacks the scenario or organisation text")
    try:
        loaded = _load(meta["scenario_text"], meta.get("scenario_id", "journal"),
                       meta["org_text"])
    except Exception as error:  # a scenario error lists its problems in its message
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RecordError(f"the scenario kept in the journal does not load: {first}") from None
    end = ordered[-1].t if ordered else 0.0
    return DrillRecord(dict(meta), ordered, loaded.org, loaded.scenario, started[0], end,
                       dict(by_kind), {e.seq: e for e in ordered})


@functools.lru_cache(maxsize=16)
def _load(scenario_text: str, name: str, org_text: str) -> Loaded:
    """The scenario and organisation of a journal (models are frozen, so they can be shared)."""
    return load_scenario_text(scenario_text, name, org_text)


def load(path: str | Path) -> DrillRecord:
    """Read a journal file into a :class:`DrillRecord`.

    Raises:
        simulator.journal.JournalError: The file is not a journal.
        RecordError: The journal holds no analysable drill.
    """
    with Journal.open(path) as journal:
        meta = journal.meta()
        events = list(journal.events())
    return from_events(events, meta)


def bots_at_start(record: DrillRecord) -> list[str]:
    """Roles played by bots when the drill started."""
    bots = record.started.data.get("bots")
    if bots is None:
        bots = json.loads(record.meta.get("bots", "[]"))
    return list(bots)
