"""Hostile scenario files end valid and rehearsed, or refused with positions; never a traceback.

The fast subset of the fuzz suite: a few cases of every mutation of the bundled files, and
Hypothesis-drawn documents from the JSON Schema. ``benchmarks/fuzz_scenarios.py`` runs the same
cases by the thousand.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import schema_docs
from tests.fuzz.cases import KINDS, SCENARIO_SEEDS, SEEDS, make_case
from tests.fuzz.harness import Violation, check_case
from tests.fuzz.mutations import dump

PER_KIND = 8
"""Cases of each kind in the fast subset."""
HYPOTHESIS = settings(max_examples=25, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.filter_too_much])


def run(raw: bytes, file_kind: str, label: str, seed: int = 0) -> str:
    """Check one case in a fresh folder; name the case in any failure."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            return check_case(raw, file_kind, Path(folder), seed).result
        except BaseException as error:
            error.add_note(f"fuzz case: {label}")
            raise


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.name)
def test_bundled_files_rehearse(seed):
    assert run(seed.text.encode(), seed.kind, seed.name) == "rehearsed"


@pytest.mark.parametrize("kind", KINDS)
def test_cases_end_rehearsed_or_refused_with_positions(kind):
    results = {run(case.raw, case.file_kind, case.label, case.index)
               for case in (make_case(kind, i) for i in range(PER_KIND))}
    assert results <= {"rehearsed", "refused"}


def test_a_violation_names_what_is_wrong(tmp_path):
    with pytest.raises(Violation, match="not one short line"):
        from simulator.scenario.errors import Problem
        from tests.fuzz.harness import check_problem

        check_problem(Problem("f.yaml", 1, 1, "id", "x" * 1000), {})


@HYPOTHESIS
@given(st.data())
def test_schema_scenarios(data):
    document = schema_docs.SCENARIO.document(schema_docs.HypothesisDraw(data))
    run(dump(document), "scenario", "hypothesis: schema")


@HYPOTHESIS
@given(st.data())
def test_schema_organisations(data):
    document = schema_docs.ORG.document(schema_docs.HypothesisDraw(data))
    run(dump(document), "org", "hypothesis: schema_org")


@HYPOTHESIS
@given(st.data())
def test_schema_grafts(data):
    seed = data.draw(st.sampled_from(SCENARIO_SEEDS))
    document = schema_docs.graft(seed.data, schema_docs.HypothesisDraw(data))
    run(dump(document), "scenario", f"hypothesis: graft on {seed.name}")
