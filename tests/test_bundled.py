"""Every bundled scenario rehearses cleanly: bots play it by the plan, and it makes sense."""

from __future__ import annotations

import pytest

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.scenario.loader import list_bundled, load_scenario
from tests.drills import assert_invariants

SEEDS = range(4)
COMPARE_SEEDS = range(8)
"""Seeds of the mistake-rate comparison: four are too few to see the difference in a sum."""


@pytest.mark.parametrize("scenario", list_bundled())
def test_bundled_scenario_rehearses(scenario):
    loaded = load_scenario(scenario)
    met_counts = []
    for seed in SEEDS:
        drill = Drill(loaded.scenario, loaded.org, seed)
        attach_bots(drill)
        drill.run()
        assert_invariants(drill)
        rejected = [e.data for e in drill.events if e.kind == "action.rejected"]
        assert rejected == [], "bots only send commands the engine accepts"
        fired = {e.data["inject"] for e in drill.events if e.kind == "inject.fired"}
        assert len(fired) >= 6
        met = {e.data["objective"] for e in drill.events if e.kind == "objective.met"}
        met_counts.append(len(met))
        phases = {e.data["phase"] for e in drill.events if e.kind == "objective.met"}
        assert {"report", "instruction", "customer", "logistics"} <= phases
    objectives = len(drill.objectives.applicable())
    assert max(met_counts) >= objectives * 0.7, "a plan-following organisation meets most targets"


@pytest.mark.parametrize("scenario", list_bundled())
def test_bots_without_mistakes_meet_more_objectives(scenario):
    loaded = load_scenario(scenario)

    def met(rate):
        total = 0
        for seed in COMPARE_SEEDS:
            drill = Drill(loaded.scenario, loaded.org, seed, mistake_rate=rate)
            attach_bots(drill)
            drill.run()
            total += sum(1 for e in drill.events if e.kind == "objective.met"
                         and not e.data["late"])
        return total

    assert met(0.0) >= met(0.6)
