"""Replay: rebuild a drill from its journal alone.

The journal's meta holds the scenario text, the organisation text, the seed, the bot roles and
the bots' mistake rate. Replaying creates the same drill and re-applies every command people
gave (``action.taken`` and ``action.rejected`` with source ``human``) at the sim time it was
accepted, after the engine has caught up to that time, exactly as the live session did. The
engine being deterministic, the replay makes the same event stream; crash recovery is this replay.
"""

from __future__ import annotations

import json
from pathlib import Path

from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.records import Event
from simulator.scenario.loader import load_scenario_text

COMMAND_KINDS = ("action.taken", "action.rejected")


def rebuild(meta: dict[str, str]) -> Drill:
    """A fresh drill (not started) from a journal's meta."""
    loaded = load_scenario_text(meta["scenario_text"], meta.get("scenario_name", "journal"),
                                meta["org_text"])
    return Drill(loaded.scenario, loaded.org, int(meta["seed"]), bots=json.loads(meta["bots"]),
                 mistake_rate=float(meta["mistake_rate"]) if "mistake_rate" in meta else None,
                 lang=meta.get("lang", "zh"))


def human_commands(events: list[Event]) -> list[Event]:
    """The commands people gave, in the order they were applied."""
    return [e for e in events if e.kind in COMMAND_KINDS and e.data.get("source") == "human"]


def replay(path: Path, *, until_seq: int | None = None) -> Drill:
    """Replay the journal at ``path``; returns the drill as it stood after the last command.

    Args:
        path: The journal.
        until_seq: Stop re-applying commands after this event (default: all).
    """
    with Journal.open(path) as journal:
        meta = journal.meta()
        events = list(journal.events())
    drill = rebuild(meta)
    drill.start()
    ended = next((e for e in events if e.kind == "drill.ended"), None)
    for command in human_commands(events):
        if until_seq is not None and command.seq > until_seq:
            break
        if command.t > drill.now:
            drill.advance(command.t)
        data = command.data
        drill.submit(command.actor, data["action"], data.get("args") or {}, source="human")
    if ended is not None and until_seq is None:
        if ended.actor != "engine" and ended.data.get("reason") == "facilitator":
            drill.advance(ended.t)
            drill.end("facilitator", ended.actor)
        else:
            drill.run()
    return drill
