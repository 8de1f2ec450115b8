"""The four threat kinds push on the world as their modules say, and mitigations change them."""

from __future__ import annotations

import pytest

from simulator.engine.drill import Drill
from simulator.scenario.loader import load_scenario_text
from tests.drills import ORG_TEXT, make_drill, scenario_text


def run_until(kind, t, commands=(), seed=1):
    drill = make_drill(kind, seed=seed, bots=[])
    drill.start()
    for at, role, action, args in commands:
        drill.advance(at)
        assert drill.submit(role, action, args).accepted
    drill.advance(t)
    return drill


def test_ddos_availability_is_capacity_over_load():
    drill = run_until("ddos", 30 * 60)
    # At 0:30 the attack ramps from 400k (0:20) towards 150k (2:00): 400k - 250k * 10/100.
    attack = 400_000 - 250_000 * (30 - 20 - 0.25) / 100  # value at the last tick (29:45)
    expected = 60_000 / (35_000 + attack)
    assert drill.world.m["storefront.availability"] == pytest.approx(expected, rel=1e-3)
    assert drill.world.m["checkout.availability"] == pytest.approx(expected, rel=1e-3)
    assert drill.world.m["orders.ratio"] == pytest.approx(expected ** 2, rel=1e-3)


def test_ddos_mitigation_restores_the_storefront():
    cmds = [(60, "network_ops", "start_task", {"task": "scrubbing", "target": "storefront"}),
            (61, "network_ops", "start_task", {"task": "cdn_shield", "target": "storefront"})]
    drill = run_until("ddos", 2 * 3600, cmds)
    assert drill.world.m["storefront.availability"] == 1.0
    assert drill.threat("flood").remaining == pytest.approx(0.1 * 0.3)
    assert drill.threat("flood").reached("contained")


def test_exfiltration_stops_when_egress_is_blocked():
    drill = run_until("exfiltration", 3 * 3600)
    free = drill.world.m["user_db.exfiltrated"]
    cmds = [(60, "network_ops", "start_task", {"task": "block_egress", "target": "user_db"}),
            (61, "sysadmin", "start_task", {"task": "revoke_credentials", "target": "user_db"})]
    stopped = run_until("exfiltration", 3 * 3600, cmds)
    assert stopped.world.m["user_db.exfiltrated"] < free / 5
    assert stopped.threat("leak").reached("contained")
    assert drill.world.leak_public and drill.world.m["complaints.total"] > 0


def test_malware_spreads_and_isolation_slows_it():
    free = run_until("malware", 90 * 60, seed=4)
    assert free.world.m["office.infected"] > 2
    assert free.world.m["hosts.encrypted"] > 0
    assert free.world.m["fulfilment.availability"] <= 1.0
    cmds = [(60, "network_ops", "start_task", {"task": "isolate_segment", "target": "office"}),
            (61, "security_engineer", "start_task", {"task": "edr_sweep", "target": "office"})]
    held = run_until("malware", 90 * 60, cmds, seed=4)
    assert held.world.m["hosts.infected"] < free.world.m["hosts.infected"]


def test_vulnerability_foothold_starts_the_chained_exfiltration():
    drill = run_until("vulnerability", 3 * 3600)
    cve = drill.threat("cve")
    assert cve.reached("exploited") and cve.reached("foothold")
    chained = drill.threat("after-foothold")
    assert chained.started_at == drill.state.stages[("cve", "foothold")]
    assert drill.world.m["money.lost_cny"] > 0


def late_exploitation(seed: int, commands=()) -> Drill:
    """The vulnerability drill with exploitation from 1:30, run to 3:00 (``commands`` as above)."""
    text = scenario_text("vulnerability").replace("exploitation_starts: 0:10",
                                                  "exploitation_starts: 1:30")
    loaded = load_scenario_text(text, "test-vulnerability.yaml", ORG_TEXT)
    drill = Drill(loaded.scenario, loaded.org, seed, bots=[])
    drill.start()
    for at, role, action, args in commands:
        drill.advance(at)
        assert drill.submit(role, action, args).accepted
    drill.advance(3 * 3600)
    return drill


def test_patch_before_exploitation_prevents_the_foothold():
    cmds = [(60, "sysadmin", "start_task", {"task": "patch", "target": "admin"})]
    exercised = []
    for seed in range(5):
        patched = late_exploitation(seed, cmds)
        done = patched.state.first("patch")
        if done is None or done.t >= 90 * 60:
            continue  # the patch came too late to tell anything on this seed
        exercised.append(seed)
        cve = patched.threat("cve")
        assert not cve.reached("foothold"), seed
        assert cve.reached("contained"), seed
        # the same seed without the patch: 90 minutes of attempts do get a foothold
        assert late_exploitation(seed).threat("cve").reached("foothold"), seed
    assert len(exercised) >= 3, exercised


def test_take_offline_takes_the_service_down_until_restored():
    cmds = [(60, "sysadmin", "start_task", {"task": "take_offline", "target": "admin"})]
    drill = run_until("vulnerability", 30 * 60, cmds)
    assert drill.world.m["admin.availability"] == 0.0
    drill.submit("sysadmin", "start_task", {"task": "restore_service", "target": "admin"})
    drill.advance(2 * 3600)
    assert drill.world.m["admin.availability"] == 1.0
