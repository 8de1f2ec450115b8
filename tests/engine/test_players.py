"""Players sit above the engine: bots are attached from outside and obey the engine's record."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from simulator.bots import BotTable, attach_bots
from simulator.engine.drill import Drill
from simulator.records import Event
from tests.drills import load

ROOT = Path(__file__).resolve().parents[2]


def bot_actions(drill, role=None, after=0.0):
    return [e for e in drill.events if e.kind == "action.taken" and e.data["source"] == "bot"
            and (role is None or e.actor == role) and e.t > after]


def test_the_engine_imports_nothing_of_the_bots():
    code = ("import sys, pkgutil, importlib, simulator.engine as engine\n"
            "for m in pkgutil.iter_modules(engine.__path__):\n"
            "    importlib.import_module('simulator.engine.' + m.name)\n"
            "from simulator.engine.drill import Drill\n"
            "from simulator.scenario.loader import load_scenario\n"
            "loaded = load_scenario('ddos-618')\n"
            "drill = Drill(loaded.scenario, loaded.org, 1)\n"
            "drill.run()\n"
            "bad = sorted(m for m in sys.modules if m.startswith('simulator.bots'))\n"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_drill_without_bots_attached_has_no_bot_moves_until_they_are():
    loaded = load("ddos")
    alone = Drill(loaded.scenario, loaded.org, 3)
    alone.run()
    assert alone.bot_roles == list(loaded.org.roles), "the engine still records who bots play"
    assert bot_actions(alone) == []
    played = Drill(loaded.scenario, loaded.org, 3)
    table = attach_bots(played)
    assert isinstance(table, BotTable) and set(table.bots) == set(loaded.org.roles)
    played.run()
    assert {e.actor for e in bot_actions(played)} >= {"network_ops", "cio"}


class Recorder:
    """A player that records what the engine tells it."""

    def __init__(self):
        self.events: list[Event] = []
        self.prompts: list[tuple[str, str]] = []

    def observe(self, event: Event) -> None:
        self.events.append(event)

    def prompt(self, role: str, trigger: str, cause: Event, payload: dict[str, Any]) -> None:
        self.prompts.append((role, trigger))


def test_a_player_is_told_every_event_in_order_and_every_prompt():
    loaded = load("ddos")
    drill = Drill(loaded.scenario, loaded.org, 3)
    recorder = Recorder()
    drill.attach(recorder)
    attach_bots(drill)
    drill.run()
    assert recorder.events == drill.events
    assert ("network_ops", "inject") in recorder.prompts


def test_set_bot_is_journalled_by_the_engine_and_obeyed_by_the_bots():
    loaded = load("ddos")
    drill = Drill(loaded.scenario, loaded.org, 3)
    table = attach_bots(drill)
    drill.start()
    drill.advance(60)
    off = drill.facilitate("bots", {"role": "network_ops", "enabled": "off"}).event
    assert off.kind == "bots.changed" and off.data == {
        "role": "network_ops", "bot": False,
        "command": {"action": "bots", "args": {"role": "network_ops", "enabled": "off"}}}
    assert "network_ops" not in drill.bot_roles and "network_ops" not in table.bots
    drill.advance(3000)
    assert bot_actions(drill, "network_ops", after=60) == [], "people play it now"
    assert bot_actions(drill, "cio", after=60), "the other bots play on"
    on = drill.facilitate("bots", {"role": "network_ops", "enabled": "on"}).event
    assert on.data["bot"] is True and "network_ops" in drill.bot_roles
    assert "network_ops" in table.bots
    drill.submit("security_lead", "send_message", {"to": ["network_ops"], "text": "status?"})
    drill.run()
    assert bot_actions(drill, "network_ops", after=on.t), "a bot plays the role again"


def test_a_replayed_hand_over_gives_the_same_drill(tmp_path):
    from simulator.journal import Journal
    from simulator.rehearsal import journal_meta
    from simulator.replay import replay

    loaded = load("ddos")
    drill = Drill(loaded.scenario, loaded.org, 4)
    attach_bots(drill)
    drill.start()
    drill.advance(200)
    drill.facilitate("bots", {"role": "cio", "enabled": "off"})
    drill.advance(1500)
    drill.facilitate("bots", {"role": "cio", "enabled": "on"})
    drill.run()
    path = tmp_path / "journal.sqlite"
    meta = journal_meta(loaded, 4, list(loaded.org.roles), drill.mistake_rate, "zh")
    with Journal.create(path, meta) as journal:
        journal.append(drill.events)
    again = replay(path)
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in drill.events]
