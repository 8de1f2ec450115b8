"""Loading by path, by bundled id and from text; measures; the editor schemas."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pytest

from simulator.scenario import loader, schema
from simulator.scenario.errors import ScenarioError
from simulator.scenario.lint import check_file
from simulator.scenario.loader import (
    Loaded,
    list_bundled,
    load_org,
    load_org_text,
    load_scenario,
    load_scenario_text,
)
from simulator.scenario.measures import measure_paths, measure_range
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, RICH, swap


def test_load_scenario_text_keeps_both_texts():
    loaded = load_scenario_text(MINI, "journal", ORG_TEXT)
    assert isinstance(loaded, Loaded)
    assert loaded.scenario.id == "mini" and loaded.org.id == "ecommerce"
    assert loaded.name == "journal" and loaded.path is None
    assert loaded.scenario_text == MINI and loaded.org_text == ORG_TEXT
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.name = "x"  # type: ignore[misc]


def test_rebuilt_from_its_texts_is_the_same():
    loaded = load_scenario_text(RICH, "s.yaml", ORG_TEXT)
    again = load_scenario_text(loaded.scenario_text, loaded.name, loaded.org_text)
    assert again.scenario == loaded.scenario and again.org == loaded.org


def test_durations_and_profiles_are_read_as_authors_write_them():
    scenario = load_scenario_text(MINI, "s.yaml", ORG_TEXT).scenario
    assert scenario.injects[0].at == 360.0
    assert [(p.t, p.value) for p in scenario.threats[0].traffic] == [(300.0, 120000.0),
                                                                     (1200.0, 400000.0)]
    assert scenario.objectives[0].target.within == 900.0
    assert scenario.objectives[0].target.after == "first-alert"
    assert scenario.starts.utcoffset().total_seconds() == 8 * 3600


def test_org_text_defaults_to_the_bundled_file(bundle):
    assert load_scenario_text(MINI, "s.yaml").org_text == ORG_TEXT


def test_load_scenario_from_a_file(tmp_path, bundle):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    loaded = load_scenario(str(path))
    assert loaded.name == str(path) and loaded.path == path
    assert loaded.org_name == str(bundle / "org" / "ecommerce.yaml")


def test_organisation_beside_the_scenario(tmp_path, bundle):
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "acme.yaml").write_text(swap(ORG_TEXT, "id: ecommerce", "id: acme"),
                                                encoding="utf-8")
    path = tmp_path / "mini.yaml"
    path.write_text(swap(MINI, "risk: ddos\n", "risk: ddos\norg: acme\n"), encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.org.id == "acme" and loaded.org_name == str(tmp_path / "org" / "acme.yaml")


def test_explicit_organisation(tmp_path, bundle):
    org_path = tmp_path / "other.yaml"
    org_path.write_text(swap(ORG_TEXT, "id: ecommerce", "id: other"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("mini", org=org_path)
    assert str(caught.value) == f"{bundle / 'mini.yaml'}:1:1: org: the organisation file is " \
                                "'other', not 'ecommerce'"


def test_bundled_scenarios_by_id(bundle):
    assert list_bundled() == ["mini"]
    loaded = load_scenario("mini")
    assert loaded.scenario.id == "mini" and loaded.path == bundle / "mini.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario("nope")
    assert str(caught.value) == "nope: no such file or bundled scenario (bundled: mini)"
    with pytest.raises(ScenarioError) as caught:
        load_scenario("nope.yaml")
    assert str(caught.value) == "nope.yaml: no such file"


def test_load_org(bundle, tmp_path):
    assert load_org().id == "ecommerce"
    assert load_org("ecommerce") == load_org_text(ORG_TEXT)
    path = tmp_path / "org.yaml"
    path.write_text(ORG_TEXT, encoding="utf-8")
    assert load_org(path).id == "ecommerce"
    with pytest.raises(ScenarioError) as caught:
        load_org("acme")
    assert str(caught.value) == "acme: no such file or bundled organisation (bundled: ecommerce)"


@pytest.mark.parametrize("scenario_id", list_bundled())
def test_every_bundled_scenario_is_clean(scenario_id):
    bundled = loader.bundled_path(scenario_id)
    assert check_file(Path(str(bundled))) == []


# -- measures ----------------------------------------------------------------------------------

def test_measure_paths():
    world = load_scenario_text(RICH, "s.yaml", ORG_TEXT).scenario.world
    assert measure_paths(world) == {
        "storefront.availability", "storefront.load_ratio", "payment.availability",
        "payment.load_ratio", "user_db.exfiltrated", "office.infected", "office.encrypted",
        "warehouse.infected", "warehouse.encrypted", "orders.per_min", "orders.ratio",
        "orders.lost", "money.lost_cny", "records.exfiltrated", "hosts.infected", "hosts.encrypted",
        "complaints.total", "complaints.per_min", "complaints.backlog", "sentiment",
    }


def test_measure_ranges():
    world = load_scenario_text(RICH, "s.yaml", ORG_TEXT).scenario.world
    assert measure_range(world, "storefront.availability") == (0.0, 1.0)
    assert measure_range(world, "storefront.load_ratio") == (0.0, math.inf)
    assert measure_range(world, "orders.per_min") == (0.0, 9000.0)
    assert measure_range(world, "user_db.exfiltrated") == (0.0, 1_000_000.0)
    assert measure_range(world, "office.infected") == (0.0, 200.0)
    assert measure_range(world, "hosts.encrypted") == (0.0, 250.0)
    assert measure_range(world, "sentiment") == (-1.0, 1.0)
    assert measure_range(world, "money.lost_cny") == (0.0, math.inf)
    with pytest.raises(KeyError):
        measure_range(world, "storefront.uptime")


def test_the_engine_keeps_exactly_these_measures():
    engine_world = pytest.importorskip("simulator.engine.world")
    spec = load_scenario_text(RICH, "s.yaml", ORG_TEXT).scenario.world
    assert set(engine_world.World(spec).m) == measure_paths(spec)


# -- editor schemas ----------------------------------------------------------------------------

def test_schema_files_are_up_to_date():
    assert schema.stale() == [], "run: python -m simulator.scenario.schema --write"


def test_schema_check_and_write(tmp_path, capsys):
    assert schema.main(["--check", "--dir", str(tmp_path)]) == 1
    assert schema.main(["--write", "--dir", str(tmp_path)]) == 0
    assert schema.main(["--check", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "scenario.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Mitigated", "Mitigate"),
                    encoding="utf-8")
    assert schema.stale(tmp_path) == [path]
    assert schema.main(["--check", "--dir", str(tmp_path)]) == 1
    assert "scenario.schema.json is stale" in capsys.readouterr().err


def test_schema_text_is_stable_and_knows_the_short_forms():
    text = schema.render(schema.scenario_schema())
    assert text.endswith("}\n") and text == schema.render(schema.scenario_schema())
    document = json.loads(text)
    assert list(document) == sorted(document)
    target = document["$defs"]["Target"]["anyOf"]
    pattern = next(item["pattern"] for item in target if item.get("type") == "string")
    assert re.match(pattern, "15m after first-alert") and re.match(pattern, "0:25")
    assert re.match(document["properties"]["starts"]["pattern"], "2026-06-18T20:00+08:00")
    expectation = document["$defs"]["Expectation"]["properties"]
    assert "else" in expectation and "otherwise" not in expectation
    assert "org.schema.json" in schema.SCHEMAS
