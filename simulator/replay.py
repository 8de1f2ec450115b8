"""Replay: rebuild a drill from its journal alone.

The journal's meta holds the scenario text, the organisation text, the seed, the roles bots
played at the start and the bots' mistake rate. Replaying creates the same drill and re-applies,
in journal order, every event that came from outside the engine:

- commands people gave (``action.taken`` and ``action.rejected`` with source ``human``), and
- facilitator and session commands (events carrying a ``command``: clock changes, injects fired
  by hand, observations, hand-overs between people and bots, the end of the drill),

each at the sim time it was applied, after the engine has caught up to that time, exactly as the
live session did. The engine being deterministic, the replay makes the same event stream with the
same sequence numbers; crash recovery is this replay (:func:`catch_up`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.records import Event
from simulator.scenario.loader import load_scenario_text

COMMAND_KINDS = ("action.taken", "action.rejected")


class ReplayError(Exception):
    """The journal and its replay disagree (a different engine version, or a damaged file)."""


def rebuild(meta: dict[str, str]) -> Drill:
    """A fresh drill (not started) from a journal's meta, its bots attached."""
    loaded = load_scenario_text(meta["scenario_text"], meta.get("scenario_name", "journal"),
                                meta["org_text"])
    drill = Drill(loaded.scenario, loaded.org, int(meta["seed"]), bots=json.loads(meta["bots"]),
                  mistake_rate=float(meta["mistake_rate"]) if "mistake_rate" in meta else None,
                  lang=meta.get("lang", "zh"))
    attach_bots(drill)
    return drill


def is_external(event: Event) -> bool:
    """Whether ``event`` records something that came from outside the engine."""
    if event.kind in COMMAND_KINDS:
        return event.data.get("source") == "human"
    return "command" in event.data


def reapply(drill: Drill, event: Event, *, after_end: bool = False) -> None:
    """Apply the external ``event`` to ``drill`` again, at its time and with its number.

    ``after_end``: the journal holds ``drill.ended`` before this event (a command that reached
    a drill which had just ended, at its last instant): the engine finishes the drill first.
    """
    if event.t > drill.now:
        drill.advance(event.t)
    while after_end and not drill.is_over and drill.env.peek() <= event.t:
        drill.env.step()
    data = event.data
    if event.kind in COMMAND_KINDS:
        drill.submit(event.actor, data["action"], data.get("args") or {}, source="human",
                     command_id=data.get("command_id"))
    elif event.kind == "message.read":
        drill.mark_read(event.actor, data["message"], data["command"].get("id"))
    else:
        command = data["command"]
        drill.facilitate(command["action"], command.get("args") or {}, actor=event.actor,
                         command_id=command.get("id"))
    made = drill.events[event.seq - 1] if drill.last_seq >= event.seq else None
    if made is None or made.kind != event.kind or made.actor != event.actor:
        got = f"{made.kind} by {made.actor}" if made else f"only {drill.last_seq} events"
        raise ReplayError(f"replaying event {event.seq} ({event.kind} by {event.actor}) "
                          f"gave {got}")


def catch_up(drill: Drill, events: Iterable[Event]) -> None:
    """Re-apply the external events of a journal and run the engine until it has made them all.

    Afterwards ``drill`` stands exactly where the journal ends (crash recovery); the journal's
    events are checked against the replay's.

    Raises:
        ReplayError: The replay made a different event somewhere.
    """
    events = list(events)
    if not drill.started:
        drill.start()
    ended = False
    for event in events:
        if is_external(event):
            reapply(drill, event, after_end=ended)
        ended = ended or event.kind == "drill.ended"
    last = events[-1].seq if events else 0
    while drill.last_seq < last and not drill.is_over:
        drill.env.step()
    mine = drill.events[:last]
    for theirs, ours in zip(events, mine, strict=False):
        if (theirs.seq, theirs.t, theirs.kind, theirs.actor, theirs.data) != \
                (ours.seq, ours.t, ours.kind, ours.actor, ours.data):
            raise ReplayError(f"event {theirs.seq} differs: journal has {theirs.kind} at "
                              f"{theirs.t:.3f}, the replay {ours.kind} at {ours.t:.3f}")
    if len(mine) < last:
        raise ReplayError(f"the replay ended after {len(mine)} of {last} events")


def replay(path: Path) -> Drill:
    """Replay the journal at ``path`` to its end; returns the drill as it finished."""
    with Journal.open(path) as journal:
        meta = journal.meta()
        events = list(journal.events())
    drill = rebuild(meta)
    catch_up(drill, events)
    if not drill.is_over and any(e.kind == "drill.ended" for e in events):
        drill.run()
    return drill
