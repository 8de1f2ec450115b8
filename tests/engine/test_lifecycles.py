"""Threat lifecycles that mean what they say, each on a small purpose-built scenario.

Every test reads the journal's records: ``threat.stage``, ``threat.mitigated`` and the world
samples. No bots play, so what happens is the threat's doing and the commands the test gives.
"""

from __future__ import annotations

from simulator.engine.drill import Drill
from simulator.scenario.loader import load_scenario_text
from tests.drills import HEAD, INJECTS, OBJECTIVES, ORG_TEXT, WORLD


def drill_of(threats: str, world: str = WORLD) -> Drill:
    text = "id: lifecycle\nrisk: data_leak\n" + HEAD + world + threats + INJECTS + OBJECTIVES
    loaded = load_scenario_text(text, "lifecycle.yaml", ORG_TEXT)
    drill = Drill(loaded.scenario, loaded.org, 1, bots=[])
    drill.start()
    return drill


def stages(drill: Drill, threat: str) -> dict[str, float]:
    return {e.data["stage"]: e.t for e in drill.events
            if e.kind == "threat.stage" and e.data["threat"] == threat}


def samples(drill: Drill) -> list[tuple[float, dict]]:
    return [(e.t, e.data["measures"]) for e in drill.events if e.kind == "world.sample"]


SMALL_STORE = WORLD.replace("records: 2000000", "records: 10000")


def test_a_leak_that_empties_its_store_early_still_goes_public_and_raises_complaints():
    drill = drill_of("""
threats:
  - {id: leak, kind: exfiltration, store: user_db, rate: [[0:00, 5000]], public_after: 30m,
     mitigated_by: {block_egress: 0.9}}
""", SMALL_STORE)
    drill.run()
    seen = stages(drill, "leak")
    assert seen["ended"] <= 5 * 60, "the store is empty within minutes"
    assert 30 * 60 <= seen["public"] <= 30 * 60 + drill.scenario.tick, "public on its schedule"
    before = [m for t, m in samples(drill) if t < seen["public"]]
    after = [m for t, m in samples(drill) if t > seen["public"]]
    assert before[-1]["complaints.per_min"] == 0.0
    assert after[0]["complaints.per_min"] > 0.0, "a public leak brings complaints"
    assert after[-1]["records.exfiltrated"] == 10000


def test_a_leak_stopped_after_records_left_still_goes_public():
    drill = drill_of("""
threats:
  - {id: leak, kind: exfiltration, store: user_db, rate: [[0:00, 500]], public_after: 40m,
     mitigated_by: {block_egress: 1.0}}
""", SMALL_STORE)
    drill.advance(10 * 60)
    leak = drill.threats[0]
    leak.mitigate("block_egress", "user_db")
    taken = drill.world.exfiltrated["user_db"]
    assert leak.reached("contained") and taken > 0
    drill.run()
    assert "public" in stages(drill, "leak"), "what has left cannot be called back"
    assert drill.world.exfiltrated["user_db"] == taken, "nothing more leaves once stopped"
