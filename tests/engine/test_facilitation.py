"""Facilitator commands: what they change, what they refuse, and that a replay re-applies them."""

from __future__ import annotations

from simulator.journal import Journal
from simulator.rehearsal import journal_meta
from simulator.replay import replay
from tests.drills import load, make_drill


def test_facilitator_commands_and_their_refusals():
    drill = make_drill("ddos", seed=2)
    drill.start()
    drill.advance(120)
    assert drill.facilitate("speed", {"factor": 0}).reason == \
        "speed must be above 0 and at most 3600"
    assert drill.facilitate("fire_inject", {"inject": "nope"}).reason == "unknown inject 'nope'"
    assert drill.facilitate("warp").reason == "unknown facilitator command 'warp'"
    fired = drill.facilitate("fire_inject", {"inject": "first-alert"}).event
    assert fired.kind == "inject.fired" and fired.actor == "facilitator" and fired.t == 120
    drill.advance(400)
    assert "first-alert" in drill.state.injects
    assert sum(e.kind == "inject.fired" and e.data["inject"] == "first-alert"
               for e in drill.events) == 1, "the timed inject does not fire again"
    assert drill.facilitate("fire_inject", {"inject": "first-alert"}).reason == \
        "first-alert has already fired"
    adhoc = drill.facilitate("adhoc_inject", {"to": ["technical"], "channel": "phone",
                                              "zh": "机房断电"}).event
    assert adhoc.data["text"] == {"zh": "机房断电", "en": "机房断电"} and adhoc.data["adhoc"]
    assert set(adhoc.data["to"]) == {"security_engineer", "network_ops", "sysadmin"}
    note = drill.facilitate("observation", {"capability": "reporting", "rating": "S",
                                            "text": "report lacked impact"}).event
    assert note.kind == "observation.recorded" and note.data["rating"] == "S"
    assert drill.facilitate("observation", {"capability": "x", "rating": "A",
                                            "text": "y"}).reason == \
        "'rating' must be one of P, S, M, U"
    off = drill.facilitate("bots", {"role": "cio", "enabled": "off"}).event
    assert off.data["bot"] is False and "cio" not in drill.bot_roles
    drill.facilitate("end")
    assert drill.is_over and drill.events[-1].data["reason"] == "facilitator"
    assert drill.facilitate("pause").reason == "the drill has ended"


def test_a_journal_with_facilitator_commands_replays_exactly(tmp_path):
    loaded = load("malware")
    drill = make_drill("malware", seed=9)
    drill.start()
    script = [
        (30.0, "start", {}), (200.0, "pause", {}), (200.0, "resume", {}),
        (400.0, "bots", {"role": "security_engineer", "enabled": "off"}),
        (900.0, "adhoc_inject", {"to": ["cio"], "channel": "phone", "en": "Board calls"}),
        (1500.0, "bots", {"role": "security_engineer", "enabled": "on"}),
        (2000.0, "speed", {"factor": 120}), (3000.0, "end", {}),
    ]
    for t, action, args in script:
        drill.advance(t)
        assert drill.facilitate(action, args, command_id=f"f{t}").accepted
    path = tmp_path / "journal.sqlite"
    with Journal.create(path, journal_meta(loaded, 9, list(loaded.org.roles),
                                           drill.mistake_rate, "zh")) as journal:
        journal.append(drill.events)
    again = replay(path)
    assert [(e.seq, e.t, e.kind, e.actor, e.data) for e in again.events] == \
        [(e.seq, e.t, e.kind, e.actor, e.data) for e in drill.events]
