"""Cross-references: each kind of unknown or duplicate id, with its exact problem line."""

from __future__ import annotations

import pytest

from simulator.scenario.errors import ScenarioError
from simulator.scenario.loader import load_scenario_text
from tests.scenario.scenario_fixtures import (
    ORG_TEXT,
    RICH,
    at,
    org_problems,
    scenario_problems,
    swap,
)

# (old text, new text, needle whose position the problem has, occurrence, field, message)
SCENARIO_CASES = [
    ("to: [network_ops, technical]", "to: [network_ops, techies]", "techies", 0,
     "injects[0].to[1]", "unknown role or group 'techies' (did you mean 'technical'?)"),
    ("by_role: network_ops, else", "by_role: netops, else", "netops", 0,
     "injects[0].expects[0].by_role", "unknown role 'netops' (did you mean 'network_ops'?)"),
    ("{action: report_incident, within", "{action: report, within", "report,", 0,
     "injects[0].expects[0].action", "unknown action or task 'report'"),
    ("else: nudge", "else: nudge-me", "nudge-me", 0,
     "injects[0].expects[0].else", "unknown inject 'nudge-me' (did you mean 'nudge'?)"),
    ("by_role: cio}", "by_role: ceo}", "ceo", 0,
     "injects[4].when.all[1].by_role", "unknown role 'ceo' (did you mean 'cio'?)"),
    ("{action: set_severity", "{action: set_level", "set_level", 0,
     "injects[4].when.all[1].action",
     "unknown action 'set_level' (did you mean 'set_severity'?)"),
    ("{action: set_severity, by_role: cio}", "{action: scrubbing}", "scrubbing", 0,
     "injects[4].when.all[1].action", "'scrubbing' is a task, not an action; "
     "write {task: scrubbing}"),
    ("fields: [time, place, type, impact]", "fields: [time, place, kind]", "kind]", 0,
     "objectives[0].done_when.fields[2]",
     "report_incident has no field 'kind' (it has time, place, type, impact)"),
    ("{task: scrubbing, target", "{task: scrub, target", "scrub,", 0,
     "injects[4].when.all[2].any[0].task", "unknown task 'scrub' (did you mean 'scrubbing'?)"),
    ("{task: scrubbing, target", "{task: set_severity, target", "set_severity", 1,
     "injects[4].when.all[2].any[0].task", "'set_severity' is an action, not a task; "
     "write {action: set_severity}"),
    ("target: storefront}", "target: shop}", "shop", 0,
     "injects[4].when.all[2].any[0].target", "unknown service, store or segment 'shop'"),
    ("not_done: report_incident", "not_done: reporting", "reporting", 0,
     "injects[3].when.not_done",
     "unknown action or task 'reporting' (did you mean 'report_incident'?)"),
    ("0:25 after first-alert", "0:25 after first-alarm", "0:25", 0,
     "injects[3].when.by", "unknown inject or objective 'first-alarm' "
     "(did you mean 'first-alert'?)"),
    ("{inject: weibo,", "{inject: weibo2,", "weibo2", 0,
     "injects[4].when.all[0].inject", "unknown inject 'weibo2' (did you mean 'weibo'?)"),
    ("{objective: report}", "{objective: reported}", "reported", 0,
     "injects[4].when.all[2].any[1].objective",
     "unknown objective 'reported' (did you mean 'report'?)"),
    ("{threat: worm,", "{threat: worms,", "worms", 0,
     "threats[3].start_when.threat", "unknown threat 'worms' (did you mean 'worm'?)"),
    ("target: 15m after first-alert", "target: 15m after alert", "15m after", 0,
     "objectives[0].target",
     "unknown inject or objective 'alert' (did you mean 'first-alert'?)"),
    ("after: report}", "after: reprt}", "reprt", 0,
     "objectives[1].target.after", "unknown inject or objective 'reprt' (did you mean 'report'?)"),
    ("world: storefront.availability, below", "world: storefront.uptime, below",
     "storefront.uptime", 0, "injects[2].when.world",
     "unknown measure 'storefront.uptime' (did you mean 'storefront.load_ratio'?)"),
    ("tool: emergency_comms", "tool: pager", "pager", 0,
     "outages[0].tool", "unknown tool 'pager'"),
    ("detected_by: [traffic_monitor]", "detected_by: [traffic_monitr]", "traffic_monitr", 0,
     "threats[0].detected_by[0]", "unknown tool 'traffic_monitr' (did you mean "
     "'traffic_monitor'?)"),
    ("mitigated_by: {rate_limit: 0.5}", "mitigated_by: {rate_limt: 0.5}", "rate_limt", 0,
     "threats[0].mitigated_by.rate_limt", "unknown task 'rate_limt' (did you mean 'rate_limit'?)"),
    ("collateral: {block_sources: 0.1}", "collateral: {block_source: 0.1}", "block_source", 0,
     "threats[0].collateral.block_source",
     "unknown task 'block_source' (did you mean 'block_sources'?)"),
    ("target: storefront\n    traffic", "target: shop\n    traffic", "shop", 0,
     "threats[0].target", "unknown service 'shop'"),
    ("store: user_db", "store: users", "users", 0, "threats[1].store",
     "unknown store 'users' (did you mean 'user_db'?)"),
    ("first: office", "first: offices", "offices", 0,
     "threats[2].first", "unknown segment 'offices' (did you mean 'office'?)"),
    ("impacts: {payment: warehouse}", "impacts: {pay: warehouse}", "pay:", 0,
     "threats[2].impacts.pay", "unknown service 'pay' (did you mean 'payment'?)"),
    ("impacts: {payment: warehouse}", "impacts: {payment: depot}", "depot", 0,
     "threats[2].impacts.payment", "unknown segment 'depot'"),
    ("target: payment\n", "target: pay\n", "pay\n", 0,
     "threats[3].target", "unknown service 'pay' (did you mean 'payment'?)"),
    ("foothold_rate: 0.05\n", "foothold_rate: 0.05\n    offline_task: unplug\n", "unplug", 0,
     "threats[3].offline_task", "unknown task 'unplug'"),
    ("foothold_rate: 0.05\n", "foothold_rate: 0.05\n    evicted_by: [edr_sweep, prayer]\n",
     "prayer", 0, "threats[3].evicted_by[1]", "unknown task 'prayer'"),
    ("order_path: [storefront, payment]", "order_path: [storefront, checkout]", "checkout", 0,
     "world.order_path[1]", "unknown service 'checkout'"),
    ("depends_on: [payment]", "depends_on: [paymnt]", "paymnt", 0,
     "world.services.storefront.depends_on[0]", "unknown service 'paymnt' (did you mean "
     "'payment'?)"),
    ("depends_on: [payment]", "depends_on: [storefront]", "storefront]", 0,
     "world.services.storefront.depends_on[0]", "a service cannot depend on itself"),
    ("reaches: [warehouse]", "reaches: [depot]", "depot", 0,
     "world.segments.office.reaches[0]", "unknown segment 'depot'"),
    ("reveals: [patient-zero]", "reveals: [patient-one]", "patient-one", 0,
     "injects[0].reveals[0]", "unknown fact 'patient-one' (did you mean 'patient-zero'?)"),
    ("found_by: [analyse_incident]", "found_by: [analyse]", "analyse]", 0,
     "facts.patient-zero.found_by[0]",
     "unknown task 'analyse' (did you mean 'analyse_incident'?)"),
    ("id: cio-calls", "id: weibo", "id: weibo", 1,
     "injects[3].id", "duplicate inject id 'weibo' (also injects[2])"),
    ("id: contain", "id: report", "id: report", 1,
     "objectives[1].id", "duplicate objective id 'report' (also objectives[0])"),
    ("id: leak", "id: flood", "id: flood", 1,
     "threats[1].id", "duplicate threat id 'flood' (also threats[0])"),
]


@pytest.mark.parametrize(("old", "new", "needle", "nth", "field", "message"), SCENARIO_CASES,
                         ids=[case[4] + ":" + case[5][:24] for case in SCENARIO_CASES])
def test_scenario_cross_reference(old, new, needle, nth, field, message):
    bad = swap(RICH, old, new)
    position = at(bad, needle, nth)
    if needle.startswith("id: "):
        position = position.split(":")[0] + ":" + str(int(position.split(":")[1]) + 4)
    assert scenario_problems(bad) == [f"s.yaml:{position}: {field}: {message}"]


def test_expects_may_name_a_task():
    assert scenario_problems(swap(RICH, "{action: report_incident, within",
                                  "{action: scrubbing, within")) == []


def test_several_cross_reference_problems_at_once():
    bad = swap(RICH, "store: user_db", "store: users")
    bad = swap(bad, "tool: emergency_comms", "tool: pager")
    bad = swap(bad, "to: [cio]", "to: [ceo]")
    assert scenario_problems(bad) == [
        f"s.yaml:{at(bad, 'users')}: threats[1].store: unknown store 'users' "
        "(did you mean 'user_db'?)",
        f"s.yaml:{at(bad, 'pager')}: outages[0].tool: unknown tool 'pager'",
        f"s.yaml:{at(bad, 'ceo')}: injects[3].to[0]: unknown role or group 'ceo' "
        "(did you mean 'cio'?)",
    ]


def test_org_must_match_the_organisation_file():
    bad = swap(RICH, "risk: malware\n", "risk: malware\norg: acme\n")
    assert scenario_problems(bad) == [
        f"s.yaml:{at(bad, 'acme')}: org: the organisation file is 'ecommerce', not 'acme'"]


def test_unknown_organisation_id():
    bad = swap(RICH, "risk: malware\n", "risk: malware\norg: acme\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(bad, "s.yaml")
    assert str(caught.value).startswith(
        f"s.yaml:{at(bad, 'acme')}: org: no organisation file 'acme' in the bundled ones (")


# -- the organisation file -----------------------------------------------------------------------

ORG_CASES = [
    ("leader: cio", "leader: ceo", "ceo", 0,
     "groups.leadership.leader", "unknown role 'ceo' (did you mean 'cio'?)"),
    ("deputy: security_lead", "deputy: sec_lead", "sec_lead", 0,
     "groups.leadership.deputy",
     "unknown role 'sec_lead' (did you mean 'security_lead'?)"),
    ("legal, marketing]", "lawyers, marketing]", "lawyers", 0,
     "groups.leadership.members[2]", "unknown role 'lawyers'"),
    ("group: leadership", "group: leaders", "leaders\n", 0,
     "roles.cio.group", "unknown group 'leaders' (did you mean 'leadership'?)"),
    ("issue_instruction, approve_resources, report_to_regulator,",
     "issue_instruction, approve_resources, report_to_regulatr,", "report_to_regulatr", 0,
     "roles.cio.actions[4]",
     "unknown action 'report_to_regulatr' (did you mean 'report_to_regulator'?)"),
    ("tools: [emergency_comms]", "tools: [emergency_com]", "emergency_com]", 0,
     "roles.cio.tools[0]", "unknown tool 'emergency_com' (did you mean 'emergency_comms'?)"),
    ("do: close_incident", "do: close_case", "close_case", 0,
     "roles.cio.duties[4].do",
     "unknown action 'close_case' (did you mean 'close_incident'?)"),
    ("do: approve_statement", "do: publish_statement", "publish_statement,", 2,
     "roles.legal.duties[0].do", "legal may not take 'publish_statement'; add it to the "
     "role's actions"),
    ("task: analyse_incident,", "task: analyse,", "analyse,", 0,
     "roles.security_engineer.duties[1].task",
     "unknown task 'analyse' (did you mean 'analyse_incident'?)"),
    ("do: start_task, task: handle_enquiries", "do: report_incident, task: handle_enquiries",
     "handle_enquiries", 0, "roles.cs_agent.duties[1].task",
     "a duty names a task only with do: start_task"),
    ("role: security_engineer\n    tools: [ids]", "role: sec_engineer\n    tools: [ids]",
     "sec_engineer", 0, "tasks.analyse_incident.role",
     "unknown role 'sec_engineer' (did you mean 'security_engineer'?)"),
    ("role: tech_support", "role: legal", "legal\n", 0, "tasks.provision_resources.role",
     "legal may not take start_task, so it cannot carry out tasks"),
    ("tools: [ids]\n    duration", "tools: [idz]\n    duration", "idz", 0,
     "tasks.analyse_incident.tools[0]", "unknown tool 'idz' (did you mean 'ids'?)"),
    ("id: deputise", "id: report", "id: report, phase: instruction", 0,
     "roles.security_lead.duties[1].id", "duplicate duty id 'report' (also duties[0])"),
    # what a task needs must be had, or it waits in its queue for ever
    ("staff: 2\n", "staff: 3\n", "3\n    tools: [backup_system]", 0,
     "tasks.restore_from_backup.staff",
     "needs 3 people of sysadmin, whose headcount is 2, so it could never start"),
    ("headcount: 2\n    latency: {dist: lognormal, median: 3m, p90: 12m",
     "headcount: 1\n    latency: {dist: lognormal, median: 3m, p90: 12m",
     "2\n    tools: [backup_system]", 0, "tasks.restore_from_backup.staff",
     "needs 2 people of sysadmin, whose headcount is 1, so it could never start"),
    ("tools: [backup_system]\n    duration", "tools: [backup_system, tape_library]\n    duration",
     "tape_library", 0, "tasks.restore_from_backup.tools[1]", "unknown tool 'tape_library'"),
]


@pytest.mark.parametrize(("old", "new", "needle", "nth", "field", "message"), ORG_CASES,
                         ids=[case[4] for case in ORG_CASES])
def test_org_cross_reference(old, new, needle, nth, field, message):
    bad = swap(ORG_TEXT, old, new)
    position = at(bad, needle, nth)
    if needle.startswith("id: "):
        position = position.split(":")[0] + ":" + str(int(position.split(":")[1]) + 4)
    assert org_problems(bad) == [f"org.yaml:{position}: {field}: {message}"]


def test_the_bundled_organisation_is_clean():
    assert org_problems(ORG_TEXT) == []


def test_a_task_beyond_headcount_fails_the_scenarios_that_use_the_organisation():
    greedy = swap(ORG_TEXT, "staff: 2\n", "staff: 3\n")
    assert scenario_problems(RICH, greedy) == [
        f"org.yaml:{at(greedy, '3' + chr(10) + '    tools: [backup_system]')}: "
        "tasks.restore_from_backup.staff: needs 3 people of sysadmin, whose headcount is 2, "
        "so it could never start"]


def test_org_problems_reach_a_scenario_load():
    bad_org = swap(ORG_TEXT, "leader: cio", "leader: ceo")
    assert scenario_problems(RICH, bad_org) == [
        f"org.yaml:{at(bad_org, 'ceo')}: groups.leadership.leader: unknown role 'ceo' "
        "(did you mean 'cio'?)"]
