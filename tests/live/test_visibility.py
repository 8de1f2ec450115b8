"""Visibility: each console sees only what its role may see; facilitator and observers see all."""

from __future__ import annotations

import copy
from itertools import count

import pytest

from simulator.live.visibility import Visibility, measure_families
from simulator.records import Event
from simulator.rehearsal import rehearse
from simulator.scenario.loader import load_scenario

ROLES = ("cio", "security_lead", "security_engineer", "network_ops", "sysadmin", "cs_manager",
         "cs_agent", "legal", "marketing", "tech_support")
ALL_SEEING = ("facilitator", "observer")
LEADERSHIP = {"cio", "security_lead", "tech_support", "cs_manager", "legal", "marketing"}
TECHNICAL = {"security_engineer", "network_ops", "sysadmin"}


@pytest.fixture(scope="module")
def ddos():
    return load_scenario("ddos-618")


@pytest.fixture(scope="module")
def ransomware():
    return load_scenario("ransomware-warehouse")


@pytest.fixture(scope="module")
def rehearsal(ddos):
    return rehearse(ddos, seed=1).events


@pytest.fixture
def vis(ddos):
    return Visibility(ddos.org, ddos.scenario)


_seq = count(1)


def ev(kind: str, data: dict, actor: str = "engine") -> Event:
    return Event(next(_seq), 60.0, kind, actor, data)


def seers(vis: Visibility, event: Event) -> set[str]:
    """The participant roles that see ``event``."""
    return {role for role in ROLES if vis.view(event, role) is not None}


def inject(name: str, to: list[str], channel: str = "ids") -> Event:
    return ev("inject.fired", {
        "inject": name, "to": to, "channel": channel, "text": {"zh": "告警", "en": "Alert"},
        "expects": [{"action": "waf_rule", "deadline": 1260.0, "by_role": None}],
        "reveals": [], "cause": None})


def action(actor: str, name: str, args: dict | None = None, result: dict | None = None) -> Event:
    return ev("action.taken", {"action": name, "args": args or {}, "source": "human",
                               "cause": None, "result": result or {}}, actor)


# -- public, hidden and unknown kinds ----------------------------------------------------------
@pytest.mark.parametrize("kind", ["drill.started", "drill.ended", "clock.changed",
                                  "objective.met", "objective.overdue", "bots.changed"])
def test_the_clock_milestones_and_bots_are_public(vis, kind):
    event = ev(kind, {"objective": "report", "reason": "length", "role": "cio", "bot": True})
    for role in (*ROLES, *ALL_SEEING):
        assert vis.view(event, role) is event.data


@pytest.mark.parametrize("kind, data", [
    ("threat.started", {"threat": "flood", "kind": "ddos", "target": "storefront"}),
    ("threat.stage", {"threat": "flood", "stage": "exploited"}),
    ("threat.mitigated", {"threat": "flood", "task": "waf_rule", "effectiveness": 0.4,
                          "remaining": 0.6}),
    ("observation.recorded", {"capability": "report", "rating": "S", "text": "late",
                              "roles": ["cio"]}),
    ("something.new", {"x": 1}),
])
def test_ground_truth_notes_and_unknown_kinds_are_for_the_facilitator(vis, kind, data):
    event = ev(kind, data)
    assert seers(vis, event) == set()
    for role in ALL_SEEING:
        assert vis.view(event, role) is event.data


def test_a_bot_slip_is_hidden_even_from_the_role_that_slipped(vis):
    event = ev("bot.slip", {"duty": "monitor", "slip": "forgotten", "cause": 3}, "network_ops")
    assert seers(vis, event) == set()
    assert vis.view(event, "facilitator") is event.data


def test_an_unknown_role_sees_nothing(vis):
    assert vis.view(ev("drill.started", {}), "ceo") is None


# -- injects, expectations, facts --------------------------------------------------------------
def test_a_cs_agent_never_sees_an_ids_alert_for_the_security_engineer(vis):
    event = inject("checkout-alert", ["security_engineer"])
    assert vis.view(event, "cs_agent") is None
    assert vis.view(event, "security_engineer") is event.data
    assert seers(vis, event) == {"security_engineer"}
    assert vis.view(event, "observer") is event.data


def test_expectations_follow_the_injects_recipients(vis):
    fired = inject("checkout-alert", ["security_engineer", "network_ops"])
    vis.view(fired, "facilitator")  # seen once, for any console
    missed = ev("expectation.missed", {"inject": "checkout-alert", "action": "waf_rule",
                                       "deadline": 1260.0})
    assert seers(vis, missed) == {"security_engineer", "network_ops"}
    met = ev("expectation.met", {"inject": "checkout-alert", "action": "waf_rule",
                                 "deadline": 1260.0, "by": "cio", "latency": 30.0})
    assert seers(vis, met) == {"security_engineer", "network_ops", "cio"}
    early = ev("expectation.met", {"inject": "checkout-alert", "action": "waf_rule",
                                   "deadline": 1260.0, "by": None, "latency": 0.0})
    assert seers(vis, early) == {"security_engineer", "network_ops"}


def test_an_expectation_of_an_inject_never_seen_is_hidden(vis):
    missed = ev("expectation.missed", {"inject": "nope", "action": "x", "deadline": 1.0})
    assert seers(vis, missed) == set()
    assert vis.view(missed, "facilitator") is missed.data


def test_note_remembers_without_a_view(vis):
    vis.note(inject("weibo", ["marketing", "cs_manager"], "social_media"))
    missed = ev("expectation.missed", {"inject": "weibo", "action": "draft_statement",
                                       "deadline": 9.0})
    assert seers(vis, missed) == {"marketing", "cs_manager"}


def test_a_fact_is_known_to_its_role_only(vis):
    event = ev("fact.learned", {"role": "sysadmin", "fact": "attack_scale", "via": 14})
    assert seers(vis, event) == {"sysadmin"}


# -- actions -----------------------------------------------------------------------------------
def test_a_report_reaches_the_leadership_group(vis):
    event = action("network_ops", "report_incident", {"time": "20:06"},
                   {"missing": [], "to": sorted(LEADERSHIP), "first": True})
    assert seers(vis, event) == LEADERSHIP | {"network_ops"}


def test_severity_and_regulator_reports_stay_with_the_leadership_group(vis):
    for name, args in (("set_severity", {"level": "III"}), ("report_to_regulator", {})):
        assert seers(vis, action("security_lead", name, args)) == LEADERSHIP


def test_instructions_and_messages_reach_their_recipients(vis):
    sent = action("cio", "send_message", {"to": ["technical"], "text": "hi"},
                  {"recipients": sorted(TECHNICAL)})
    assert seers(vis, sent) == TECHNICAL | {"cio"}
    told = action("cio", "issue_instruction", {"to": ["customer_service"], "text": "go"},
                  {"recipients": ["cs_manager", "cs_agent"]})
    assert seers(vis, told) == {"cio", "cs_manager", "cs_agent"}


def test_a_task_decision_is_seen_by_the_actors_groups(vis):
    event = action("network_ops", "start_task", {"task": "scrubbing", "target": "storefront"},
                   {"task_id": "T1"})
    assert seers(vis, event) == TECHNICAL
    cs = action("cs_manager", "start_task", {"task": "handle_enquiries"}, {"task_id": "T2"})
    assert seers(vis, cs) == LEADERSHIP | {"cs_agent"}  # cs_manager sits in both groups


def test_resources_pass_between_requesters_approvers_and_providers(vis):
    asked = action("security_engineer", "request_resources", {"kind": "funds", "amount": 1},
                   {"request": "Q1"})
    assert seers(vis, asked) == {"security_engineer", "cio", "security_lead", "tech_support"}
    approved = action("cio", "approve_resources", {"request": "Q1"})
    assert seers(vis, approved) == {"cio", "security_lead", "security_engineer", "tech_support"}


def test_a_statement_is_drafted_and_approved_among_cs_legal_and_marketing(vis):
    for name in ("draft_statement", "approve_statement"):
        event = action("cs_manager", name, {"statement": "S1"}, {"statement": "S1"})
        assert seers(vis, event) == {"cs_manager", "legal", "marketing"}


@pytest.mark.parametrize("name", ["publish_statement", "notify_users", "close_incident",
                                  "file_post_incident_report"])
def test_public_actions_reach_everyone(vis, name):
    assert seers(vis, action("cio", name)) == set(ROLES)


def test_receipts_and_refusals_concern_their_sender_only(vis):
    assert seers(vis, action("sysadmin", "acknowledge", {"inject": "x"})) == {"sysadmin"}
    refused = ev("action.rejected", {"action": "close_incident", "args": {},
                                     "reason": "legal may not close_incident",
                                     "source": "human"}, "legal")
    assert seers(vis, refused) == {"legal"}


# -- tasks and tools ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["task.queued", "task.started", "task.done", "task.blocked"])
def test_tasks_are_followed_by_the_team_and_the_leadership_heads(vis, kind):
    event = ev(kind, {"task_id": "T1", "task": "scrubbing", "tool": "waf_scrubbing"},
               "network_ops")
    assert seers(vis, event) == TECHNICAL | {"cio", "security_lead"}


def test_a_tool_outage_is_noticed_by_the_roles_that_use_the_tool(vis):
    down = ev("tool.down", {"tool": "emergency_comms", "until": 3420.0, "reason": None})
    assert seers(vis, down) == {"cio", "security_lead", "cs_manager"}
    up = ev("tool.up", {"tool": "backup_system"})
    assert seers(vis, up) == {"sysadmin", "tech_support"}


# -- the world ---------------------------------------------------------------------------------
def sample(measures: dict[str, float]) -> Event:
    return ev("world.sample", {"measures": measures})


def test_a_cs_agent_sees_complaints_but_not_load(vis, rehearsal):
    event = next(e for e in rehearsal if e.kind == "world.sample")
    before = copy.deepcopy(event.data)
    seen = vis.view(event, "cs_agent")
    assert seen is not event.data
    assert "complaints.backlog" in seen["measures"] and "orders.ratio" in seen["measures"]
    assert not any(p.endswith(".load_ratio") for p in seen["measures"])
    assert event.data == before  # never changed
    assert vis.view(event, "facilitator") is event.data


def test_each_role_sees_the_measure_families_of_its_tools(vis, rehearsal, ddos):
    event = next(e for e in rehearsal if e.kind == "world.sample")
    families = measure_families(ddos.scenario)
    for role in ROLES:
        seen = vis.view(event, role)
        wanted = {p for p in event.data["measures"]
                  if families[p] in ddos.org.measures_seen(role)}
        assert (seen is None) == (not wanted), role
        if seen is not None:
            assert set(seen["measures"]) == wanted, role


def test_a_role_that_sees_no_measure_gets_no_sample(vis, rehearsal):
    event = next(e for e in rehearsal if e.kind == "world.sample")
    assert vis.view(event, "legal") is None
    assert vis.view(event, "tech_support") is None


def test_a_role_that_sees_every_measure_gets_the_data_itself(vis):
    event = sample({"orders.ratio": 0.5, "complaints.total": 3.0})
    assert vis.view(event, "cs_agent") is event.data  # ticketing shows orders and complaints


def test_measure_paths_map_by_the_worlds_ids_not_by_name(ransomware):
    families = measure_families(ransomware.scenario)
    assert families["wms.availability"] == "availability"
    assert families["wms.load_ratio"] == "traffic"
    assert families["manifests.exfiltrated"] == "records"
    assert families["records.exfiltrated"] == "records"
    assert families["warehouse.encrypted"] == "hosts"
    assert families["hosts.infected"] == "hosts"
    assert families["money.lost_cny"] == "money"
    assert families["sentiment"] == "sentiment"
    vis = Visibility(ransomware.org, ransomware.scenario)
    event = sample({"warehouse.encrypted": 3.0, "bogus.encrypted": 1.0, "sentiment": 0.1})
    assert vis.view(event, "sysadmin") == {"measures": {"warehouse.encrypted": 3.0}}
    assert vis.view(event, "marketing") == {"measures": {"sentiment": 0.1}}


def test_recovery_is_public_but_its_snapshot_is_filtered(vis):
    event = ev("incident.recovered", {"measures": {"storefront.load_ratio": 0.6,
                                                   "complaints.total": 9.0}})
    assert seers(vis, event) == set(ROLES)
    assert vis.view(event, "legal") == {"measures": {}}
    assert vis.view(event, "cs_agent") == {"measures": {"complaints.total": 9.0}}
    assert vis.view(event, "network_ops") == {"measures": {"storefront.load_ratio": 0.6}}


# -- a whole rehearsal -------------------------------------------------------------------------
def test_a_rehearsal_splits_into_role_views(ddos, rehearsal):
    vis = Visibility(ddos.org, ddos.scenario)
    frozen = copy.deepcopy([e.data for e in rehearsal])
    seen: dict[str, list[int]] = {role: [] for role in ROLES}
    for event in rehearsal:
        for role in ALL_SEEING:
            assert vis.view(event, role) is event.data
        for role in ROLES:
            data = vis.view(event, role)
            if data is not None:
                seen[role].append(event.seq)
                assert not event.kind.startswith("threat.") and event.kind != "bot.slip"
    assert [e.data for e in rehearsal] == frozen
    for role, seqs in seen.items():
        assert 0 < len(seqs) < len(rehearsal), role
    assert any(e.kind == "expectation.met" for e in rehearsal)
    assert any(e.kind.startswith("threat.") for e in rehearsal)
    assert any(e.kind == "bot.slip" for e in rehearsal)
