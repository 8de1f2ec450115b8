"""Defects the fuzz suite (``tests/fuzz``) found in reading hostile files, each pinned here.

- A merge key that merges its own mapping (``<<: &m {<<: *m}``) ended in a RecursionError:
  merging does not make the field path longer, so the depth limit never saw it.
- A file of a million small values was composed whole (seconds, hundreds of MB) before the
  value limit refused it; the limit is now counted while parsing.
- A problem quoted the whole value it was about: a 100,000-character id gave a 100,000-character
  line (and took seconds to compare with every known id for a "did you mean").
- A duration written over several lines was quoted with its line breaks: a problem of two lines.
- The JSON Schema let a profile point's value be a duration (``[0:05, "1:30"]``); the loader
  wants a number.
- ``tick: 1s`` over ``length: 7d`` is 604,800 world updates: a rehearsal of half a minute and a
  journal of hundreds of MB. Ticks and samples are now bounded.
- An ``any`` of 20,000 conditions made 10 million watch checks (20 s of rehearsal); an ``all``
  or ``any`` now holds at most 100.
"""

from __future__ import annotations

import pytest

from simulator.duration import parse_duration
from simulator.scenario import source as source_module
from simulator.scenario.conditions import MAX_PARTS
from simulator.scenario.errors import quote, render_path
from simulator.scenario.model import MAX_SAMPLES, MAX_TICKS
from simulator.scenario.schema import scenario_schema
from simulator.scenario.source import MAX_NODES, parse_source
from tests.scenario.scenario_fixtures import MINI, at, scenario_problems, swap


@pytest.fixture(params=["libyaml", "python"])
def backend(request, monkeypatch) -> str:
    """Run a test with libyaml's parser and with PyYAML's own."""
    if request.param == "libyaml" and source_module._CLoader is None:
        pytest.skip("PyYAML without libyaml")
    monkeypatch.setattr(source_module, "USE_LIBYAML", request.param == "libyaml")
    return request.param


def problems(text: str) -> list[str]:
    try:
        parse_source(text, "f.yaml")
    except source_module.ScenarioError as error:
        return [str(p) for p in error.problems]
    return []


# -- merge keys --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, where, field", [
    ("<<: &m {<<: *m}\n", "1:5", ""),
    ("a: &m {<<: *m}\n", "1:4", "a: "),
    ("a: &m [{<<: *m}]\n", "1:8", "a[0]: "),
    ("a: &m {x: 1, <<: [{y: 2}, *m]}\n", "1:4", "a: "),
])
def test_a_merge_key_that_merges_its_own_mapping_is_refused(backend, text, where, field):
    assert problems(text) == [f"f.yaml:{where}: {field}a merge key (<<) merges a mapping into "
                              "itself (a recursive alias)"]


def test_merges_of_other_mappings_still_work(backend):
    text = "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: [*b, *a], z: 3}\n"
    assert parse_source(text, "f.yaml").data["c"] == {"x": 1, "y": 2, "z": 3}


# -- many values -------------------------------------------------------------------------------

def test_too_many_values_are_refused_while_parsing(backend, monkeypatch):
    composed = []
    real = source_module._Converter.convert
    monkeypatch.setattr(source_module._Converter, "convert",
                        lambda self, *a: composed.append(1) or real(self, *a))
    text = "a: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n"
    lines = problems(text)
    # The root, the key and the list are the first three values; item k is at column 5 + 3k.
    assert lines == [f"f.yaml:1:{5 + 3 * (MAX_NODES - 3)}: more than {MAX_NODES} values (a real "
                     "scenario has a few thousand); refused"]
    assert not composed, "refused before converting a single value"


def test_many_values_below_the_limit_load(backend):
    text = "a: [" + ", ".join(["1"] * (MAX_NODES - 10)) + "]\n"
    assert len(parse_source(text, "f.yaml").data["a"]) == MAX_NODES - 10


# -- long values in problems -------------------------------------------------------------------

def test_quote_cuts_a_long_value_and_says_how_long_it_was():
    assert quote("netops") == "'netops'"
    assert quote("x" * 100_000) == "'" + "x" * 40 + "'... (100,000 characters)"


def test_render_path_cuts_a_long_key():
    assert render_path(("facts", "k" * 1000, "text")) == 'facts["' + "k" * 40 + '..."].text'


def test_an_unknown_id_of_a_hundred_thousand_characters_is_one_short_line():
    huge = "x" * 100_000
    text = swap(MINI, "to: [network_ops]", f"to: [{huge}]")
    lines = scenario_problems(text)
    assert lines == [f"s.yaml:{at(text, huge)}: injects[0].to[0]: unknown role or group "
                     f"'{'x' * 40}'... (100,000 characters)"]


def test_a_long_unknown_key_is_one_short_line():
    huge = "k" * 1000  # YAML allows at most 1024 characters in a plain key
    text = swap(MINI, "order_path: [storefront]", f"order_path: [storefront]\n  {huge}: 1")
    (line,) = scenario_problems(text)
    assert len(line) < 200
    assert line.endswith(f"unknown field '{'k' * 40}'... (1,000 characters)")


def test_a_long_non_duration_is_quoted_short():
    with pytest.raises(ValueError) as error:
        parse_duration("y" * 10_000)
    assert str(error.value) == f"'{'y' * 20}...' is not a duration; write 90s, 10m, 1h30m or 0:05"


def test_a_duration_over_several_lines_is_quoted_on_one():
    with pytest.raises(ValueError) as error:
        parse_duration("99999999999d\n1h")
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("99999999999d 1h is too long for a duration")


# -- the schema --------------------------------------------------------------------------------

def test_the_schema_of_a_short_profile_point_is_a_duration_then_a_number():
    short = next(o for o in scenario_schema()["$defs"]["Point"]["anyOf"]
                 if o.get("type") == "array")
    assert short["prefixItems"][1] == {"type": "number", "minimum": 0}
    assert "items" not in short


def test_the_schema_bounds_a_duration_in_seconds():
    duration = scenario_schema()["properties"]["length"]["anyOf"][1]
    assert duration == {"type": "number", "minimum": 0, "maximum": 1e9}


# -- ticks and samples -------------------------------------------------------------------------

def test_a_tick_that_makes_too_many_world_updates_is_refused():
    text = swap(MINI, "length: 2h", "length: 7d\ntick: 1s")
    assert scenario_problems(text) == [
        f"s.yaml:{at(text, '1s')}: tick: every 1s over 168h00m is 604,800 world updates, more "
        f"than {MAX_TICKS:,}; make it at least 7s"]


def test_a_sample_interval_that_makes_too_many_samples_is_refused():
    text = swap(MINI, "length: 2h", "length: 7d\nsample_every: 30s")
    assert scenario_problems(text) == [
        f"s.yaml:{at(text, '30s')}: sample_every: every 30s over 168h00m is 20,160 journal "
        f"samples, more than {MAX_SAMPLES:,}; make it at least 31s"]


def test_a_week_at_the_limits_is_fine():
    assert scenario_problems(swap(MINI, "length: 2h", "length: 7d\ntick: 7s\nsample_every: 31s")) \
        == []
    assert scenario_problems(swap(MINI, "length: 2h", "length: 10s\ntick: 1s\nsample_every: 1s")) \
        == []


# -- conditions --------------------------------------------------------------------------------

def test_an_any_of_too_many_conditions_is_refused():
    parts = ", ".join(["{action: acknowledge}"] * (MAX_PARTS + 1))
    old = "done_when: {action: report_incident, fields: [time, place, type, impact]}"
    text = swap(MINI, old, f"done_when: {{any: [{parts}]}}")
    assert scenario_problems(text) == [
        f"s.yaml:{at(text, '[{action: acknowledge')}: objectives[0].done_when.any: may have at "
        f"most {MAX_PARTS} items"]
    assert scenario_problems(swap(text, "{action: acknowledge}, ", "")) == []
