"""Numbers at the edge of what a float can hold are refused where they are written.

``1e999`` (infinity once parsed), ``4.9e-324`` (the smallest subnormal) and ``1e308`` used to
validate and then crash ``rehearse`` when a product or quotient of them left the finite floats and
the journal refused to store it. Each is now a one-line problem at its ``file:line:col``.
"""

from __future__ import annotations

import json

import pytest

from simulator.bots import attach_bots
from simulator.duration import MAX_DURATION, parse_duration
from simulator.engine.drill import Drill
from simulator.scenario.loader import load_scenario_text
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, at, scenario_problems, swap

CAPACITY = "capacity_rps: 60000"


@pytest.mark.parametrize("number", ["1e999", "-1e999", "4.9e-324", "1e308", "1.0000001e15",
                                    "10000000000000001", "1e-10"])
def test_an_out_of_range_number_is_refused_at_its_position(number):
    text = swap(MINI, CAPACITY, f"capacity_rps: {number}")
    problems = scenario_problems(text)
    where = at(text, number)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"s.yaml:{where}: world.services.storefront.capacity_rps: ")
    assert "out of range" in problems[0]


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", ".NaN"])
def test_yaml_infinity_and_nan_are_not_numbers_here(number):
    text = swap(MINI, CAPACITY, f"capacity_rps: {number}")
    assert scenario_problems(text) == [
        f"s.yaml:{at(text, number)}: world.services.storefront.capacity_rps: expected a number"]


@pytest.mark.parametrize("number", ["1e15", "1e-9", "0", "0.003", "1000000000000000"])
def test_numbers_at_the_bounds_are_kept(number):
    text = swap(MINI, "orders_per_min: 9000", f"orders_per_min: {number}")
    problems = scenario_problems(text)
    assert not [p for p in problems if "out of range" in p], problems


def test_the_largest_and_smallest_numbers_rehearse_to_a_finite_journal():
    text = swap(swap(swap(MINI, CAPACITY, "capacity_rps: 1e15"),
                     "baseline_rps: 35000", "baseline_rps: 1e-9"),
                "orders_per_min: 9000", "orders_per_min: 1e15")
    loaded = load_scenario_text(text, "s.yaml", ORG_TEXT, "org.yaml")
    drill = Drill(loaded.scenario, loaded.org, seed=1, bots=list(loaded.org.roles))
    attach_bots(drill)
    drill.start()
    drill.run()
    for event in drill.events:
        json.dumps([event.t, event.data], allow_nan=False)  # as the journal stores it


@pytest.mark.parametrize("value", ["9" * 400 + "s", MAX_DURATION * 2, "99999999999:00"])
def test_a_duration_too_long_to_mean_anything_is_refused(value):
    with pytest.raises(ValueError, match="too long for a duration"):
        parse_duration(value)
    assert parse_duration(MAX_DURATION) == MAX_DURATION
