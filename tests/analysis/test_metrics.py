"""The metrics as a whole: deterministic bytes, evidence everywhere, one verdict per objective."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.metrics import compute, dumps
from analysis.record import RecordError, from_events, load
from simulator.rehearsal import rehearse
from simulator.scenario.loader import list_bundled, load_scenario

BUNDLED = sorted(list_bundled())


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for scenario in BUNDLED:
        folder = tmp_path_factory.mktemp(scenario)
        out[scenario] = rehearse(load_scenario(scenario), seed=7, out=folder).journal
    return out


def walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


@pytest.mark.parametrize("scenario", BUNDLED)
def test_same_journal_gives_byte_identical_metrics(journals, scenario):
    first = dumps(compute(load(journals[scenario])))
    again = dumps(compute(load(journals[scenario])))
    assert first == again
    assert first.endswith(b"\n") and b"NaN" not in first


@pytest.mark.parametrize("scenario", BUNDLED)
def test_every_figure_carries_evidence_that_exists_in_the_journal(journals, scenario):
    record = load(journals[scenario])
    metrics = compute(record)
    seqs = {e.seq for e in record.events}
    figures = 0
    for path, node in walk(metrics):
        if "value" in node and "rule" in node or path.startswith(".outcome."):
            assert "evidence" in node, path
        if "evidence" in node:
            figures += 1
            assert node["evidence"] == sorted(set(node["evidence"])), path
            assert set(node["evidence"]) <= seqs, path
    assert figures > 100


FINAL = ("objective.met", "objective.missed", "objective.not_applicable")


@pytest.mark.parametrize("scenario", BUNDLED)
def test_every_objective_has_exactly_one_final_verdict_and_analysis_reports_it(journals,
                                                                               scenario):
    record = load(journals[scenario])
    verdicts: dict[str, list] = {}
    for event in record.of(*FINAL):
        verdicts.setdefault(event.data["objective"], []).append(event)
    assert sorted(verdicts) == sorted(o.id for o in record.scenario.objectives)
    assert all(len(v) == 1 for v in verdicts.values()), verdicts
    for row in compute(record)["speed"]["milestones"]:
        (verdict,) = verdicts[row["objective"]]
        assert row["verdict"] == verdict.kind
        assert (row["reached"] is not None) == (verdict.kind == "objective.met")


def test_a_journal_without_a_drill_is_refused_in_one_line():
    with pytest.raises(RecordError, match="no drill.started"):
        from_events([], {"scenario_text": "", "org_text": ""})
    with pytest.raises(RecordError, match="does not load"):
        from_events(load_bundled_started(), {"scenario_text": "id: [", "org_text": "x"})


def load_bundled_started():
    from simulator.records import Event
    return [Event(1, 0.0, "drill.started", "engine", {})]
