"""A live drill survives any number of stops and resumes, including ones nobody typed between.

A resume used to be journalled at the sim time of the last event before the stop, while the
engine could still be in the middle of that instant; the replay of the next resume then ordered
the two differently, and the second ``--resume`` failed with "gave only N-1 events". A resume now
comes a moment later, after the engine has finished the instant, in the live drill and in every
replay alike.
"""

from __future__ import annotations

import pytest

from simulator.journal import Journal
from simulator.live.session import RESUME_AFTER, Session
from simulator.replay import replay
from simulator.scenario.loader import load_scenario

BUNDLED = ["ddos-618", "user-data-leak", "ransomware-warehouse", "payment-vuln"]


def rows(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


@pytest.mark.parametrize("scenario", BUNDLED)
def test_stop_and_resume_four_times_while_nobody_types(tmp_path, scenario):
    path = tmp_path / "journal.sqlite"
    session = Session.create(load_scenario(scenario), path, seed=3, speed=600)
    session.facilitate_now("start", actor="facilitator")
    until = 0.0
    for _ in range(4):
        until += 450.0
        session.drill.advance(until)
        session.close()  # a stop: everything made so far is journalled
        session = Session.resume(path)
        resumes = [e for e in session.drill.events if e.kind == "clock.changed"
                   and e.data["command"]["action"] == "resume"]
        assert resumes, "a drill that was running is resumed"
        before = session.drill.events[resumes[-1].seq - 2]
        assert before.t < resumes[-1].t <= before.t + RESUME_AFTER, \
            "the resume comes a moment after the journal's last instant, which is finished first"
    session.close()
    with Journal.open(path) as reader:
        journalled = list(reader.events())
    assert sum(1 for e in journalled if e.kind == "clock.changed"
               and e.data["command"]["action"] == "resume") == 4
    replayed = replay(path)
    assert rows(replayed.events[:len(journalled)]) == rows(journalled), \
        "the journal is exactly what a replay of it makes"


def test_a_command_that_reaches_a_drill_just_ended_replays_after_the_end(tmp_path):
    """A command at the drill's last instant, refused because the drill had ended, replays so."""
    from simulator.bots import attach_bots
    from simulator.engine.drill import Drill
    from simulator.rehearsal import journal_meta

    loaded = load_scenario("ddos-618")
    bots = [r for r in loaded.org.roles if r != "cio"]
    drill = Drill(loaded.scenario, loaded.org, 4, bots=bots)
    attach_bots(drill)
    drill.start()
    drill.run()
    assert drill.is_over and drill.now == loaded.scenario.length
    late = drill.submit("cio", "set_severity", {"level": "III"}, source="human", command_id="z")
    assert not late.accepted and late.reason == "the drill has ended"
    path = tmp_path / "journal.sqlite"
    with Journal.create(path, journal_meta(loaded, 4, bots, drill.mistake_rate, "zh")) as j:
        j.append(drill.events)
    assert rows(replay(path).events) == rows(drill.events)
