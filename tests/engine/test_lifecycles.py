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


def do_task(drill: Drill, role: str, task: str, target: str | None, *, within: float = 7200.0):
    """Start ``task`` as a person in ``role`` and run the drill until it is done."""
    args = {"task": task} if target is None else {"task": task, "target": target}
    assert drill.submit(role, "start_task", args).accepted
    deadline = drill.now + within
    while not any(e.kind == "task.done" and e.data["task"] == task for e in drill.events):
        assert drill.now < deadline, f"{task} did not finish"
        drill.advance(drill.now + 60)


LATE_FLOOD = """
threats:
  - {id: flood, kind: ddos, target: storefront, starts: 1:00,
     traffic: [[0:00, 0], [0:01, 200000], [1:30, 200000]],
     mitigated_by: {rate_limit: 0.5, scrubbing: 0.9}}
"""


def test_a_ddos_whose_traffic_starts_late_is_not_contained_before_it_starts():
    drill = drill_of(LATE_FLOOD)
    do_task(drill, "network_ops", "scrubbing", "storefront")  # done long before 1:00
    drill.advance(3600 - 60)
    assert "contained" not in stages(drill, "flood"), "nothing was held yet: nothing to contain"
    drill.run()
    seen = stages(drill, "flood")
    assert seen["started"] == 3600
    assert "contained" in seen and seen["contained"] >= 3600 + 600, \
        "contained only once its traffic came and was held for the hold time"


def test_a_mitigation_in_place_applies_to_a_threat_that_starts_later():
    drill = drill_of(LATE_FLOOD)
    do_task(drill, "network_ops", "scrubbing", "storefront")
    drill.advance(3600 + 1800)
    standing = [e for e in drill.events if e.kind == "threat.mitigated"
                and e.data["threat"] == "flood"]
    assert standing and standing[0].t == 3600 and standing[0].data["task"] == "scrubbing"
    availability = [m["storefront.availability"] for t, m in samples(drill) if t > 3600]
    assert availability and min(availability) > 0.9, "the scrubbing already in place holds"


def test_a_contained_ddos_is_reopened_when_a_bigger_wave_overwhelms_it():
    drill = drill_of("""
threats:
  - {id: flood, kind: ddos, target: storefront,
     traffic: [[0:05, 150000], [1:00, 150000], [1:05, 3000000], [2:30, 3000000]],
     mitigated_by: {scrubbing: 0.9}}
""")
    do_task(drill, "network_ops", "scrubbing", "storefront")
    drill.run()
    events = [e for e in drill.events if e.kind == "threat.stage" and e.data["threat"] == "flood"]
    names = [e.data["stage"] for e in events]
    assert "contained" in names and "reopened" in names
    assert names.index("contained") < names.index("reopened")
    reopened = next(e for e in events if e.data["stage"] == "reopened")
    assert reopened.t >= 3900 and "overwhelms" in reopened.data["why"]


def test_restoring_an_unpatched_service_reopens_its_vulnerability():
    drill = drill_of("""
threats:
  - {id: cve, kind: vulnerability, target: admin, exploitation_starts: 0:30,
     foothold_rate: 0.000001,
     mitigated_by: {patch: 1.0, take_offline: 1.0}, offline_task: take_offline,
     evicted_by: [edr_sweep]}
""")
    do_task(drill, "sysadmin", "take_offline", "admin")
    assert "contained" in stages(drill, "cve")
    do_task(drill, "sysadmin", "restore_service", "admin")
    drill.advance(drill.now + 120)
    seen = stages(drill, "cve")
    assert "reopened" in seen and seen["reopened"] > seen["contained"]
    assert not drill.threats[0].contained
    do_task(drill, "sysadmin", "patch", "admin")
    drill.advance(drill.now + 120)
    assert drill.threats[0].contained, "a patch closes it for good"


def test_full_encryption_is_not_containment():
    drill = drill_of("""
threats:
  - {id: ransom, kind: malware, first: office, initial: 50, contact_rate: 2.0, cross_rate: 0.5,
     encrypt_after: 5m, mitigated_by: {isolate_segment: 0.9, edr_sweep: 0.95}}
""")
    drill.run()
    world = drill.world
    assert world.encrypted["office"] == 200 and world.encrypted["warehouse"] == 100, \
        "the whole network is encrypted"
    assert "contained" not in stages(drill, "ransom"), "nothing was stopped: not contained"


def leak_of(records: int) -> Drill:
    world = WORLD.replace("records: 2000000", f"records: {records}")
    drill = drill_of(f"""
threats:
  - {{id: leak, kind: exfiltration, store: user_db, rate: [[0:00, {records // 20}]],
     public_after: 30m, mitigated_by: {{block_egress: 0.9}}}}
""", world)
    drill.run()
    return drill


def test_complaints_scale_with_the_people_whose_records_leaked():
    small, large = leak_of(1_000_000), leak_of(500_000_000)
    complaints = [samples(d)[-1][1]["complaints.total"] for d in (small, large)]
    assert complaints[0] > 100, "a million leaked records bring complaints"
    assert complaints[1] > 300 * complaints[0], "500 M records are not 1 M (no fixed cap)"
    sentiment = [samples(d)[-1][1]["sentiment"] for d in (small, large)]
    assert sentiment[1] < sentiment[0] < small.scenario.world.sentiment, \
        "a bigger public leak pulls sentiment further down"


def test_sentiment_never_rises_above_its_baseline_after_a_total_outage_and_a_statement():
    drill = drill_of("""
threats:
  - {id: flood, kind: ddos, target: storefront,
     traffic: [[0:01, 5000000], [1:00, 5000000], [1:01, 0]], mitigated_by: {scrubbing: 0.9}}
""")
    drill.advance(1800)
    drill.world.statement_published = True  # what publish_statement does to the world
    drill.world.users_notified = True
    drill.run()
    baseline = drill.scenario.world.sentiment
    values = [m["sentiment"] for _, m in samples(drill)]
    assert max(values) <= baseline, "a statement limits the fall; it is no bonus"
    assert values[-1] < baseline - 0.05, "a one-hour total outage is remembered"
    assert min(values) < baseline - 0.3
