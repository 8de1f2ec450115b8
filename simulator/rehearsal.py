"""Rehearsal: a whole drill played by bots as fast as the CPU allows, into a journal.

A facilitator rehearses a scenario before the day to see how long it runs, what it costs and
whether its objectives can be met. The journal holds the scenario text, the organisation text and
the seed, so :func:`simulator.replay.replay` can rebuild the same drill from the journal alone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from simulator import __version__
from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.records import Event
from simulator.scenario.loader import Loaded


@dataclass(frozen=True)
class Rehearsal:
    """What a rehearsal produced.

    Attributes:
        events: Every event, in order.
        journal: Where the journal was written (None when not written).
        simpy_events: SimPy events the engine processed.
        seconds: Wall time of the run itself (engine, bots and journal), without loading.
    """

    events: list[Event]
    journal: Path | None
    simpy_events: int
    seconds: float


def journal_meta(loaded: Loaded, seed: int, bots: list[str], mistake_rate: float,
                 lang: str) -> dict[str, str]:
    """The meta a journal needs to be replayed on its own."""
    return {
        "scenario_id": loaded.scenario.id, "scenario_name": str(loaded.name),
        "scenario_text": loaded.scenario_text, "org_text": loaded.org_text, "seed": str(seed),
        "bots": json.dumps(bots), "mistake_rate": repr(mistake_rate), "lang": lang,
        "warroom_version": __version__,
    }


def rehearse(loaded: Loaded, seed: int, *, out: Path | None = None,
             mistake_rate: float | None = None, lang: str = "zh",
             overwrite: bool = True) -> Rehearsal:
    """Play ``loaded`` with bots in every role; write ``out/journal.sqlite`` when ``out`` is set."""
    started = time.perf_counter()
    drill = Drill(loaded.scenario, loaded.org, seed, mistake_rate=mistake_rate, lang=lang)
    attach_bots(drill)
    drill.run()
    path = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / "journal.sqlite"
        meta = journal_meta(loaded, seed, drill.bot_roles, drill.mistake_rate, lang)
        with Journal.create(path, meta, overwrite=overwrite) as journal:
            journal.append(drill.events)
    return Rehearsal(drill.events, path, drill.simpy_events(), time.perf_counter() - started)
