"""Small scenarios as YAML text, and helpers to load them and find positions in them."""

from __future__ import annotations

from importlib import resources

from simulator.scenario.errors import ScenarioError
from simulator.scenario.loader import load_org_text, load_scenario_text

ORG_TEXT = (resources.files("scenarios") / "org" / "ecommerce.yaml").read_text(encoding="utf-8")
"""The bundled organisation file, the one every test scenario is played by."""

MINI = """\
id: mini
title: {zh: 小型演练, en: Mini drill}
summary: {zh: 测试, en: Test}
risk: ddos
category: NADOS
severity: III
starts: 2026-06-18T20:00+08:00
length: 2h
world:
  services:
    storefront: {name: {zh: 商城, en: Storefront}, capacity_rps: 60000, baseline_rps: 35000}
  order_path: [storefront]
  orders_per_min: 9000
  order_value_cny: 180
threats:
  - {id: flood, kind: ddos, target: storefront, traffic: [[0:05, 120000], [0:20, 400000]],
     mitigated_by: {rate_limit: 0.5, scrubbing: 0.9}}
injects:
  - {id: first-alert, at: 0:06, to: [network_ops], channel: traffic_monitor,
     text: {zh: 流量激增, en: Traffic surge},
     expects: [{action: report_incident, within: 10m, else: nudge}]}
  - {id: nudge, to: [security_lead], channel: phone, text: {zh: 催促, en: Nudge}}
objectives:
  - {id: report, phase: report, name: {zh: 报告, en: Report},
     done_when: {action: report_incident, fields: [time, place, type, impact]},
     target: 15m after first-alert}
"""
"""The smallest valid scenario: one service, one threat, two injects, one objective."""

RICH = """\
id: rich
title: {zh: 综合演练, en: Rich drill}
summary: {zh: 测试, en: Test}
risk: malware
category: MI
severity: II
starts: 2026-06-18T20:00+08:00
length: 4h
facts:
  patient-zero: {text: {zh: 零号主机, en: Patient zero}, found_by: [analyse_incident]}
world:
  services:
    storefront: {name: {zh: 商城, en: Storefront}, capacity_rps: 60000, baseline_rps: 35000,
                 depends_on: [payment]}
    payment: {name: {zh: 支付, en: Payment}, capacity_rps: 5000, baseline_rps: 2000}
  order_path: [storefront, payment]
  orders_per_min: 9000
  order_value_cny: 180
  stores:
    user_db: {name: {zh: 用户库, en: User DB}, records: 1000000}
  segments:
    office: {name: {zh: 办公网, en: Office}, hosts: 200, reaches: [warehouse]}
    warehouse: {name: {zh: 仓储, en: Warehouse}, hosts: 50}
threats:
  - id: flood
    kind: ddos
    target: storefront
    traffic: [[0:05, 120000]]
    mitigated_by: {rate_limit: 0.5}
    collateral: {block_sources: 0.1}
    detected_by: [traffic_monitor]
  - id: leak
    kind: exfiltration
    store: user_db
    rate: [[0:10, 500]]
    mitigated_by: {block_egress: 0.9}
  - id: worm
    kind: malware
    first: office
    contact_rate: 0.2
    impacts: {payment: warehouse}
    mitigated_by: {isolate_segment: 0.8}
  - id: cve
    kind: vulnerability
    target: payment
    exploitation_starts: 0:30
    foothold_rate: 0.05
    start_when: {threat: worm, stage: started}
outages:
  - {tool: emergency_comms, at: 0:10, lasts: 30m}
injects:
  - id: first-alert
    at: 0:06
    to: [network_ops, technical]
    channel: traffic_monitor
    text: {zh: 流量激增, en: Traffic surge}
    reveals: [patient-zero]
    expects:
      - {action: report_incident, within: 10m, by_role: network_ops, else: nudge}
  - id: nudge
    to: [security_lead]
    channel: phone
    text: {zh: 催促, en: Nudge}
  - id: weibo
    when: {world: storefront.availability, below: 0.8, for: 5m}
    to: [customer_service, marketing]
    channel: social_media
    text: {zh: 微博热搜, en: Trending on Weibo}
  - id: cio-calls
    when: {not_done: report_incident, by: 0:25 after first-alert}
    to: [cio]
    channel: phone
    text: {zh: 来电, en: Call}
  - id: follow-up
    when:
      all:
        - {inject: weibo, delay: 2m}
        - {action: set_severity, by_role: cio}
        - any:
            - {task: scrubbing, target: storefront}
            - {objective: report}
    to: [leadership]
    channel: im
    text: {zh: 跟进, en: Follow-up}
objectives:
  - id: report
    phase: report
    name: {zh: 报告, en: Report}
    done_when: {action: report_incident, fields: [time, place, type, impact]}
    target: 15m after first-alert
  - id: contain
    phase: response
    name: {zh: 遏制, en: Contain}
    done_when: {world: storefront.availability, above: 0.95, for: 10m}
    target: {within: 60m, after: report}
"""
"""A scenario that uses every kind of reference: stores, segments, four threat kinds, outages,
facts, nested conditions."""


def at(text: str, needle: str, nth: int = 0) -> str:
    """``line:col`` (1-based) of the ``nth`` occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    before = text[:index]
    return f"{before.count(chr(10)) + 1}:{index - (before.rfind(chr(10)) + 1) + 1}"


def swap(text: str, old: str, new: str, count: int = 1) -> str:
    """``text`` with ``old`` (which must be there) replaced by ``new``."""
    assert old in text, old
    return text.replace(old, new, count)


def scenario_problems(text: str, org_text: str = ORG_TEXT) -> list[str]:
    """Every problem line of a scenario text (``s.yaml``) played by ``org_text`` (``org.yaml``)."""
    try:
        load_scenario_text(text, "s.yaml", org_text, "org.yaml")
    except ScenarioError as error:
        return [str(p) for p in error.problems]
    return []


def org_problems(text: str) -> list[str]:
    """Every problem line of an organisation text (``org.yaml``)."""
    try:
        load_org_text(text, "org.yaml")
    except ScenarioError as error:
        return [str(p) for p in error.problems]
    return []
