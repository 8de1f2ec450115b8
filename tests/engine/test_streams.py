"""Random streams per component: a bot's mistakes leave the attack and the tools alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from simulator.engine.streams import Streams, spawn_key
from simulator.rehearsal import rehearse
from simulator.scenario.loader import list_bundled, load_scenario

WORLD_ACTIONS = {"publish_statement", "notify_users", "close_incident"}
"""Bot actions that change the world at once (a task changes it when done: ``task.done``)."""


def changes_world(event) -> bool:
    """Whether ``event`` is a bot's doing that changes the world or the threats."""
    return event.kind == "task.done" or (
        event.kind == "action.taken" and event.data["action"] in WORLD_ACTIONS)


def records(events, until: float) -> list[tuple]:
    """Threat and tool records and world samples strictly before sim time ``until``."""
    return [(e.t, e.kind, e.data) for e in events if e.t < until and (
        e.kind.startswith(("threat.", "tool.")) or e.kind == "world.sample")]


def test_a_stream_depends_only_on_the_seed_and_its_name():
    first, second = Streams(11), Streams(11)
    second("bot:other").random(5)  # made and used first: shifts nothing
    assert first("threat:a").random(3).tolist() == second("threat:a").random(3).tolist()
    assert first("threat:b").random() != Streams(11)("threat:a").random()
    assert Streams(12)("threat:a").random() != Streams(11)("threat:a").random()


def test_the_spawn_key_is_the_same_in_another_process():
    code = "from simulator.engine.streams import spawn_key; print(spawn_key('tool:siem'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONHASHSEED": "123"}).stdout
    assert out.strip() == str(spawn_key("tool:siem"))


@pytest.mark.parametrize("scenario", list_bundled())
def test_mistakes_leave_threats_and_tools_alone_until_a_bot_changes_the_world(scenario):
    loaded = load_scenario(scenario)
    careful = rehearse(loaded, 2026, mistake_rate=0.0).events
    sloppy = rehearse(loaded, 2026, mistake_rate=0.5).events
    assert any(e.kind == "bot.slip" for e in sloppy), "the sloppy bots did slip"
    until = min(next((e.t for e in run if changes_world(e)), run[-1].t + 1)
                for run in (careful, sloppy))
    kept = records(careful, until)
    assert any(kind.startswith("threat.") for _, kind, _ in kept)
    assert kept == records(sloppy, until)
    end = min(careful[-1].t, sloppy[-1].t)
    tools = [[(e.t, e.kind, e.data) for e in run if e.kind.startswith("tool.") and e.t < end]
             for run in (careful, sloppy)]
    assert tools[0], "every bundled scenario has a tool outage to compare"
    assert tools[0] == tools[1], "tool failures do not depend on the bots at all"
