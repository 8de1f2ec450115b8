"""Small drills for tests: a scenario of each threat kind on the bundled organisation."""

from __future__ import annotations

from pathlib import Path

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.scenario.loader import load_scenario_text

ORG_TEXT = (Path(__file__).resolve().parents[1] / "scenarios" / "org" / "ecommerce.yaml").read_text(
    encoding="utf-8")

HEAD = """
title: {zh: 测试演练, en: Test drill}
summary: {zh: 测试, en: Test}
category: NADOS
severity: III
starts: 2026-06-18T20:00+08:00
length: 3h
"""

WORLD = """
world:
  services:
    storefront: {name: {zh: 商城, en: Storefront}, capacity_rps: 60000, baseline_rps: 35000}
    checkout: {name: {zh: 支付, en: Checkout}, capacity_rps: 8000, baseline_rps: 3000,
               depends_on: [storefront]}
    admin: {name: {zh: 后台, en: Admin}, capacity_rps: 500, baseline_rps: 50}
    fulfilment: {name: {zh: 仓储, en: Fulfilment}, capacity_rps: 1000, baseline_rps: 200}
  order_path: [storefront, checkout]
  orders_per_min: 900
  order_value_cny: 180
  stores:
    user_db: {name: {zh: 用户库, en: User DB}, records: 2000000}
  segments:
    office: {name: {zh: 办公网, en: Office}, hosts: 200, reaches: [warehouse]}
    warehouse: {name: {zh: 仓储网, en: Warehouse}, hosts: 100}
"""

OBJECTIVES = """
objectives:
  - {id: report, phase: report, name: {zh: 报告, en: Report},
     done_when: {action: report_incident, fields: [time, place, type, impact]},
     target: 15m after first-alert}
  - {id: instruct, phase: instruction, name: {zh: 指令, en: Instruction},
     done_when: {action: issue_instruction}, target: 30m after report}
  - {id: regulator, phase: regulator, name: {zh: 监管报告, en: Regulator}, required: if_regulator,
     done_when: {action: report_to_regulator}, target: 4h}
  - {id: cleanup, phase: cleanup, name: {zh: 清理, en: Cleanup},
     done_when: {task: cleanup_scan}, target: 3h}
"""

THREATS = {
    "ddos": """
risk: ddos
threats:
  - {id: flood, kind: ddos, target: storefront,
     traffic: [[0:05, 120000], [0:20, 400000], [2:00, 150000]],
     mitigated_by: {rate_limit: 0.5, scrubbing: 0.9, cdn_shield: 0.7}}
""",
    "exfiltration": """
risk: data_leak
threats:
  - {id: leak, kind: exfiltration, store: user_db, rate: [[0:00, 5000], [1:00, 20000]],
     public_after: 1h, mitigated_by: {block_egress: 0.9, revoke_credentials: 0.8}}
""",
    "malware": """
risk: malware
threats:
  - {id: ransom, kind: malware, first: office, initial: 2, contact_rate: 0.06, cross_rate: 0.003,
     encrypt_after: 30m, impacts: {fulfilment: warehouse},
     mitigated_by: {isolate_segment: 0.9, edr_sweep: 0.95, restore_from_backup: 1.0}}
""",
    "vulnerability": """
risk: vulnerability
threats:
  - {id: cve, kind: vulnerability, target: admin, exploitation_starts: 0:10, foothold_rate: 0.2,
     fraud_per_min_cny: 1000, mitigated_by: {patch: 1.0, waf_rule: 0.8, take_offline: 1.0},
     offline_task: take_offline, evicted_by: [edr_sweep, isolate_host]}
  - {id: after-foothold, kind: exfiltration, store: user_db, rate: [[0:00, 3000]],
     start_when: {threat: cve, stage: foothold}, mitigated_by: {block_egress: 1.0}}
""",
}

INJECTS = """
injects:
  - {id: first-alert, at: 0:06, to: [network_ops, security_engineer], channel: ids,
     text: {zh: 告警, en: Alert},
     expects: [{action: report_incident, within: 10m, else: nudge}]}
  - {id: nudge, to: [security_lead], channel: phone, text: {zh: 催促, en: Nudge}}
  - {id: cio-calls, when: {not_done: report_incident, by: 0:25}, to: [cio], channel: phone,
     text: {zh: CIO来电, en: CIO calls}}
  - {id: follow-up, when: {inject: first-alert, delay: 20m}, to: [cs_manager], channel: im,
     text: {zh: 跟进, en: Follow-up}}
  - {id: orders-drop, when: {world: orders.ratio, below: 0.9, for: 5m}, to: [cs_agent],
     channel: user_complaint, text: {zh: 用户投诉, en: Complaints}}
"""


def scenario_text(kind: str, extra: str = "") -> str:
    """A small valid scenario with one threat kind (and its chained threat)."""
    return f"id: test-{kind}\n" + HEAD + WORLD + THREATS[kind] + INJECTS + OBJECTIVES + extra


def load(kind: str, extra: str = ""):
    """The loaded scenario of ``kind``."""
    return load_scenario_text(scenario_text(kind, extra), f"test-{kind}.yaml", ORG_TEXT)


def make_drill(kind: str = "ddos", seed: int = 1, extra: str = "", **kwargs) -> Drill:
    """A drill (not started) of the small scenario of ``kind``, its bots attached."""
    loaded = load(kind, extra)
    drill = Drill(loaded.scenario, loaded.org, seed, **kwargs)
    attach_bots(drill)
    return drill


def assert_invariants(drill) -> None:
    """What must hold of every finished drill, whatever its seed, scenario and bots."""
    events = drill.events
    # sim time never goes back; seq counts from 1 without gaps
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(a.t <= b.t for a, b in zip(events, events[1:], strict=False))
    # each inject fires at most once
    fired = [e.data["inject"] for e in events if e.kind == "inject.fired"]
    assert len(fired) == len(set(fired))
    # no action before the thing that prompted it
    by_seq = {e.seq: e for e in events}
    for e in events:
        if e.kind == "action.taken" and e.data.get("cause") is not None:
            cause = by_seq[e.data["cause"]]
            assert cause.seq < e.seq and cause.t <= e.t
    # measures stay in their bounds; money and complaints never fall
    scenario = drill.scenario
    records = sum(s.records for s in scenario.world.stores.values())
    hosts = sum(s.hosts for s in scenario.world.segments.values())
    last_money = last_complaints = 0.0
    for e in events:
        if e.kind != "world.sample":
            continue
        m = e.data["measures"]
        for sid in scenario.world.services:
            assert 0.0 <= m[sid + ".availability"] <= 1.0
        assert 0.0 <= m["orders.ratio"] <= 1.0
        # sentiment never rises above its baseline: a statement limits the fall, adds no bonus
        assert -1.0 <= m["sentiment"] <= scenario.world.sentiment + 1e-9
        assert 0 <= m["records.exfiltrated"] <= records
        assert 0 <= m["hosts.encrypted"] <= m["hosts.infected"] <= hosts
        assert m["money.lost_cny"] >= last_money and m["complaints.total"] >= last_complaints
        assert m["complaints.backlog"] >= 0
        last_money, last_complaints = m["money.lost_cny"], m["complaints.total"]
    # objectives are met at most once and their latency is not negative
    met = [e for e in events if e.kind == "objective.met"]
    assert len({e.data["objective"] for e in met}) == len(met)
    assert all(e.data["latency"] is None or e.data["latency"] >= 0 for e in met)
    assert events[0].kind == "drill.started" and events[-1].kind == "drill.ended"
