"""Model validation errors: each kind as the exact ``file:line:col: field: message`` line."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario.errors import Problem, ScenarioError, render_path, sort_problems
from simulator.scenario.loader import load_scenario_text
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, RICH, at, scenario_problems, swap


def test_the_fixtures_are_valid():
    assert scenario_problems(MINI) == []
    assert scenario_problems(RICH) == []


# -- Problem and ScenarioError -----------------------------------------------------------------

def test_problem_rendering():
    assert str(Problem("s.yaml", 3, 7, "injects[3].when.below", "expected a number")) == \
        "s.yaml:3:7: injects[3].when.below: expected a number"
    assert str(Problem("s.yaml", 1, 1, "", "the file is empty")) == "s.yaml:1:1: the file is empty"
    assert str(Problem("s.yaml", 0, 0, "", "no such file")) == "s.yaml: no such file"
    assert str(Problem("s.yaml", 2, 5, "injects[1]", "never fires", "warning")) == \
        "s.yaml:2:5: warning: injects[1]: never fires"


def test_render_path():
    assert render_path(("injects", 3, "when", "below")) == "injects[3].when.below"
    assert render_path(("threats", 0, "traffic", 1, 0)) == "threats[0].traffic[1][0]"
    assert render_path(("facts", "a.b", "text")) == 'facts["a.b"].text'
    assert render_path(()) == ""


def test_scenario_error_sorts_by_file_then_position():
    a = Problem("s.yaml", 9, 1, "x", "late")
    b = Problem("s.yaml", 2, 4, "y", "early")
    c = Problem("org.yaml", 1, 1, "z", "org")
    error = ScenarioError([a, c, b, a])
    assert error.problems == [b, a, c]
    assert str(error).splitlines() == [str(b), str(a), str(c)]
    assert sort_problems([]) == []


# -- one kind of error at a time -----------------------------------------------------------------

def one(text: str) -> str:
    lines = scenario_problems(text)
    assert len(lines) == 1, lines
    return lines[0]


def test_wrong_type():
    bad = swap(MINI, "capacity_rps: 60000", "capacity_rps: lots")
    assert one(bad) == f"s.yaml:{at(bad, 'lots')}: world.services.storefront.capacity_rps: " \
                       "expected a number"


def test_wrong_type_whole_number():
    bad = swap(RICH, "records: 1000000", "records: 1.5")
    assert one(bad) == f"s.yaml:{at(bad, '1.5')}: world.stores.user_db.records: " \
                       "expected a whole number"


def test_text_needs_both_languages():
    bad = swap(MINI, "title: {zh: 小型演练, en: Mini drill}", "title: Mini drill")
    assert one(bad) == f"s.yaml:{at(bad, 'Mini drill')}: title: expected text in both " \
                       "languages: {zh: ..., en: ...}"
    bad = swap(MINI, "{zh: 测试, en: Test}", "{zh: 测试}")
    assert one(bad) == f"s.yaml:{at(bad, '{zh: 测试}')}: summary.en: missing"


def test_missing_field():
    bad = swap(MINI, "summary: {zh: 测试, en: Test}\n", "")
    assert one(bad) == "s.yaml:1:1: summary: missing"


def test_missing_field_of_an_inject():
    bad = swap(MINI, " channel: phone,", "")
    assert one(bad) == f"s.yaml:{at(bad, '{id: nudge')}: injects[1].channel: missing"


def test_unknown_field():
    bad = swap(MINI, "channel: phone,", "channel: phone, colour: red,")
    assert one(bad) == f"s.yaml:{at(bad, 'colour')}: injects[1]: unknown field 'colour'"


def test_bad_duration():
    bad = swap(MINI, "length: 2h", "length: 2 hours")
    assert one(bad) == f"s.yaml:{at(bad, '2 hours')}: length: '2 hours' is not a duration; " \
                       "write 90s, 10m, 1h30m or 0:05"


def test_bad_duration_in_a_short_target():
    bad = swap(MINI, "target: 15m after", "target: 15 min after")
    assert one(bad) == f"s.yaml:{at(bad, '15 min')}: objectives[0].target: '15 min' is not a " \
                       "duration; write 90s, 10m, 1h30m or 0:05"


def test_bad_enum():
    bad = swap(MINI, "risk: ddos", "risk: dos")
    assert one(bad) == f"s.yaml:{at(bad, 'dos')}: risk: must be one of ddos, data_leak, " \
                       "malware, vulnerability"
    bad = swap(MINI, "channel: phone", "channel: pigeon")
    assert one(bad).startswith(f"s.yaml:{at(bad, 'pigeon')}: injects[1].channel: must be one "
                               "of traffic_monitor, ids, ")


def test_bad_id():
    bad = swap(MINI, "id: nudge,", "id: Nudge Me,")
    assert one(bad) == f"s.yaml:{at(bad, 'Nudge Me')}: injects[1].id: must be an id: lowercase " \
                       "letters, digits, '-' and '_'"


def test_bad_bounds():
    bad = swap(MINI, "scrubbing: 0.9", "scrubbing: 1.5")
    assert one(bad) == f"s.yaml:{at(bad, '1.5')}: threats[0].mitigated_by.scrubbing: " \
                       "must be at most 1"
    bad = swap(MINI, "capacity_rps: 60000", "capacity_rps: 0")
    assert one(bad) == f"s.yaml:{at(bad, '0, baseline')}: world.services.storefront." \
                       "capacity_rps: must be more than 0"


def test_profile_point():
    bad = swap(MINI, "[0:05, 120000]", "[0:05, -5]")
    assert one(bad) == f"s.yaml:{at(bad, '-5')}: threats[0].traffic[0][1]: must be at least 0"


def test_bad_threat_kind():
    bad = swap(MINI, "kind: ddos", "kind: flood")
    assert one(bad) == f"s.yaml:{at(bad, 'flood', 1)}: threats[0].kind: must be one of ddos, " \
                       "exfiltration, malware, vulnerability"
    bad = swap(MINI, " kind: ddos,", "")
    assert one(bad) == f"s.yaml:{at(bad, '{id: flood')}: threats[0].kind: missing"


def test_bad_condition():
    bad = swap(RICH, "below: 0.8", "below: low")
    assert one(bad) == f"s.yaml:{at(bad, 'low,')}: injects[2].when.below: expected a number"
    bad = swap(RICH, "{not_done: report_incident, by: 0:25 after first-alert}",
               "{not_done: report_incident}")
    assert one(bad) == f"s.yaml:{at(bad, '{not_done')}: injects[3].when.by: missing"
    bad = swap(RICH, "{inject: weibo, delay: 2m}", "{inject: weibo, delay: soon}")
    assert one(bad) == f"s.yaml:{at(bad, 'soon')}: injects[4].when.all[0].delay: 'soon' is not " \
                       "a duration; write 90s, 10m, 1h30m or 0:05"
    bad = swap(RICH, "{objective: report}", "{goal: report}")
    assert one(bad) == f"s.yaml:{at(bad, '{goal')}: injects[4].when.all[2].any[1]: a condition " \
                       "needs one of the keys world, action, task, not_done, inject, objective, " \
                       "threat, all, any"


def test_model_rule():
    bad = swap(MINI, "{id: nudge,", "{id: nudge, at: 1h, when: {inject: first-alert},")
    assert one(bad) == f"s.yaml:{at(bad, '{id: nudge')}: injects[1]: give at or when, not both"
    bad = swap(RICH, "{world: storefront.availability, below: 0.8, for: 5m}",
               "{world: storefront.availability, below: 0.8, above: 0.1}")
    assert one(bad) == f"s.yaml:{at(bad, '{world: storefront')}: injects[2].when: give exactly " \
                       "one of below or above"


def test_bad_datetime():
    bad = swap(MINI, "starts: 2026-06-18T20:00+08:00", "starts: tonight")
    assert one(bad) == f"s.yaml:{at(bad, 'tonight')}: starts: expected a date and time such as " \
                       "2026-06-18T20:00+08:00"


def test_empty_list():
    bad = swap(MINI, "to: [security_lead]", "to: []")
    assert one(bad) == f"s.yaml:{at(bad, '[]')}: injects[1].to: needs at least 1 item"


def test_several_errors_at_once_sorted_by_line():
    bad = swap(MINI, "risk: ddos", "risk: dos")
    bad = swap(bad, "length: 2h", "length: forever")
    bad = swap(bad, "channel: phone,", "channel: phone, colour: red,")
    bad = swap(bad, "  order_value_cny: 180\n", "")
    assert scenario_problems(bad) == [
        f"s.yaml:{at(bad, 'dos')}: risk: must be one of ddos, data_leak, malware, vulnerability",
        f"s.yaml:{at(bad, 'forever')}: length: 'forever' is not a duration; write 90s, 10m, "
        "1h30m or 0:05",
        f"s.yaml:{at(bad, 'services')}: world.order_value_cny: missing",
        f"s.yaml:{at(bad, 'colour')}: injects[1]: unknown field 'colour'",
    ]


def test_syntax_error_through_the_loader():
    bad = swap(MINI, "risk: ddos", "risk: [ddos")
    lines = scenario_problems(bad)
    assert len(lines) == 1 and lines[0].startswith("s.yaml:5:")


def test_org_errors_and_scenario_errors_together():
    bad_org = swap(ORG_TEXT, "headcount: 1\n", "headcount: none\n")
    bad = swap(MINI, "risk: ddos", "risk: dos")
    lines = scenario_problems(bad, bad_org)
    assert lines == [
        f"s.yaml:{at(bad, 'dos')}: risk: must be one of ddos, data_leak, malware, vulnerability",
        f"org.yaml:{at(bad_org, 'none')}: roles.cio.headcount: expected a whole number",
    ]


@pytest.mark.parametrize("text", ["", "- a\n", "id: [\n"])
def test_broken_documents_raise_scenario_error(text):
    assert len(scenario_problems(text)) == 1


# -- any mangled scenario gives problems, never a crash --------------------------------------------

_TOKENS = re.compile(r"(?<=[:\[{,] )[^\s,\[\]{}:][^,\[\]{}\n]*?(?=[,\]}\n])")
_VALUES = ["", "x", "-1", "0", "1.5", "[]", "{}", "1:30", "null", "true", "{a: 1}", "[x, 1]",
           "first-alert", "storefront", "10m"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_scenarios_give_problems_with_positions(data):
    text = RICH
    spots = list(_TOKENS.finditer(text))
    for _ in range(data.draw(st.integers(1, 3))):
        spot = data.draw(st.sampled_from(spots))
        value = data.draw(st.sampled_from(_VALUES))
        text = text[:spot.start()] + value + text[spot.end():]
        spots = list(_TOKENS.finditer(text))
    try:
        load_scenario_text(text, "s.yaml", ORG_TEXT, "org.yaml")
    except ScenarioError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == "s.yaml" and problem.line >= 1 and problem.col >= 1
            assert problem.message and "\n" not in str(problem)
