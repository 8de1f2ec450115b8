"""Golden runs: each bundled scenario, rehearsed with a fixed seed, gives the committed journal.

When a change to the engine or a scenario changes a run on purpose, regenerate the files with
``WARROOM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator.rehearsal import rehearse
from simulator.scenario.loader import list_bundled, load_scenario

GOLDEN = Path(__file__).parent / "golden"
SEED = 2026


def lines(events) -> list[str]:
    return [json.dumps(e.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            for e in events]


@pytest.mark.parametrize("scenario", list_bundled())
def test_golden_run(scenario):
    got = lines(rehearse(load_scenario(scenario), SEED).events)
    path = GOLDEN / f"{scenario}.jsonl"
    if os.environ.get("WARROOM_UPDATE_GOLDEN"):
        path.write_text("\n".join(got) + "\n", encoding="utf-8")
    want = path.read_text(encoding="utf-8").splitlines()
    assert len(got) == len(want)
    for index, (a, b) in enumerate(zip(got, want, strict=True)):
        assert a == b, f"first difference at event {index + 1}"


def test_every_bundled_scenario_is_golden():
    assert sorted(p.stem for p in GOLDEN.glob("*.jsonl")) == sorted(list_bundled())
