"""Warnings: injects that never fire, idle roles, objectives nothing can meet."""

from __future__ import annotations

from simulator.scenario.lint import lint, lint_scenario
from simulator.scenario.loader import load_org_text, load_scenario_text
from simulator.scenario.source import parse_source
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, RICH, at, swap


def warnings(text: str, org_text: str = ORG_TEXT) -> list[str]:
    return [str(p) for p in lint(load_scenario_text(text, "s.yaml", org_text, "org.yaml"))]


def shift(position: str, cols: int) -> str:
    line, col = position.split(":")
    return f"{line}:{int(col) + cols}"


def test_the_fixtures_have_no_warnings():
    assert warnings(MINI) == []
    assert warnings(RICH) == []


def test_contingency_inject_nothing_names():
    bad = swap(MINI, ", else: nudge}", "}")
    assert warnings(bad) == [
        f"s.yaml:{shift(at(bad, 'id: nudge'), 4)}: warning: injects[1].id: never fires: it has "
        "no at or when, and no expects.else names it"]


def test_inject_after_the_end():
    bad = swap(RICH, "at: 0:06", "at: 5:00")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, '5:00')}: warning: injects[0].at: never fires: at 5h00m is after the "
        "drill ends (4h00m)"]


def test_world_threshold_out_of_range():
    bad = swap(RICH, "below: 0.8", "below: 0")
    bad = swap(bad, "above: 0.95", "above: 1")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, '0, for')}: warning: injects[2].when.below: never fires: "
        "storefront.availability is never below 0 (it cannot go under 0)",
        f"s.yaml:{at(bad, '1, for')}: warning: objectives[1].done_when.above: can never be met: "
        "storefront.availability is never above 1 (it cannot go over 1)",
    ]


def test_exfiltration_beyond_the_store():
    bad = swap(RICH, "{world: storefront.availability, above: 0.95, for: 10m}",
               "{world: user_db.exfiltrated, above: 2000000}")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, '2000000')}: warning: objectives[1].done_when.above: can never be met: "
        "user_db.exfiltrated is never above 2000000 (it cannot go over 1000000)"]


def test_any_is_impossible_only_if_every_part_is():
    possible = swap(RICH, "{task: scrubbing, target: storefront}",
                    "{world: sentiment, below: -1}")
    assert warnings(possible) == []
    impossible = swap(possible, "{objective: report}", "{world: orders.ratio, above: 1}")
    assert warnings(impossible) == [
        f"s.yaml:{at(impossible, '-1}')}: warning: injects[4].when.all[2].any[0].below: never "
        "fires: sentiment is never below -1 (it cannot go under -1)",
        f"s.yaml:{shift(at(impossible, 'above: 1}'), 7)}: warning: "
        "injects[4].when.all[2].any[1].above: never fires: orders.ratio is never above 1 "
        "(it cannot go over 1)",
    ]


def test_role_without_inject_or_duty():
    start = ORG_TEXT.index("      - {id: review,")
    end = ORG_TEXT.index("\n", ORG_TEXT.index("Review public statements", start)) + 1
    org = ORG_TEXT[:start - len("    duties:\n")] + ORG_TEXT[end:]
    assert warnings(MINI, org) == [
        f"s.yaml:{at(MINI, 'injects:')}: warning: injects: role 'legal' receives no inject and "
        "has no duty: it will have nothing to do"]
    assert warnings(RICH, org) == []  # the leadership group hears of it


def test_objective_action_nobody_may_take():
    org = swap(ORG_TEXT, "file_post_incident_report, close_incident]", "file_post_incident_report]")
    org = swap(org, "do: close_incident", "do: send_message")
    bad = swap(MINI, "{action: report_incident, fields: [time, place, type, impact]}",
               "{action: close_incident}")
    assert warnings(bad, org) == [
        f"s.yaml:{at(bad, 'close_incident')}: warning: objectives[0].done_when.action: can never "
        "be met: no role of the organisation may take close_incident"]


def test_objective_action_by_a_role_that_may_not():
    bad = swap(MINI, "fields: [time, place, type, impact]}", "by_role: legal}")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, 'legal')}: warning: objectives[0].done_when.by_role: can never be met: "
        "legal may not take report_incident"]


def test_objective_task_nobody_can_run():
    # An organisation that the loader would refuse (the task's role may not start tasks), so
    # the linter is called directly.
    org = load_org_text(ORG_TEXT)
    agent = org.roles["cs_agent"]
    agent = agent.model_copy(update={"actions": [a for a in agent.actions if a != "start_task"]})
    org = org.model_copy(update={"roles": {**org.roles, "cs_agent": agent}})
    bad = swap(MINI, "{action: report_incident, fields: [time, place, type, impact]}",
               "{task: handle_enquiries}")
    loaded = load_scenario_text(bad, "s.yaml", ORG_TEXT)
    found = [str(p) for p in lint_scenario(loaded.scenario, org, parse_source(bad, "s.yaml"))]
    assert found == [
        f"s.yaml:{at(bad, 'handle_enquiries')}: warning: objectives[0].done_when.task: can never "
        "be met: handle_enquiries is done by cs_agent, who may not start tasks"]


def test_expectation_no_recipient_can_meet():
    bad = swap(MINI, "{action: report_incident, within: 10m, else: nudge}",
               "{action: set_severity, within: 10m, else: nudge}")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, 'set_severity')}: warning: injects[0].expects[0].action: none of the "
        "recipients may take set_severity"]
    bad = swap(RICH, "{action: report_incident, within: 10m, by_role: network_ops",
               "{action: set_severity, within: 10m, by_role: network_ops")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, 'set_severity')}: warning: injects[0].expects[0].action: network_ops "
        "may not take set_severity, so the expectation cannot be met"]


def test_objective_target_after_the_end():
    bad = swap(MINI, "target: 15m after first-alert", "target: 3h")
    assert warnings(bad) == [
        f"s.yaml:{at(bad, '3h')}: warning: objectives[0].target: target 3h00m is after the drill "
        "ends (2h00m)"]


def test_objective_and_inject_with_the_same_id():
    bad = swap(MINI, "{id: report,", "{id: nudge,")
    assert warnings(bad) == [
        f"s.yaml:{shift(at(bad, 'id: nudge', 1), 4)}: warning: objectives[0].id: 'nudge' is also "
        "an inject id; 'after: nudge' will mean the inject"]
