"""The event kinds of docs/journal.md, simulator.journal.EVENT_KINDS and the engine agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

from simulator.journal import EVENT_KINDS

ROOT = Path(__file__).resolve().parents[2]


def documented() -> set[str]:
    text = (ROOT / "docs" / "journal.md").read_text(encoding="utf-8")
    table = text.split("## Event kinds", 1)[1]
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", table, flags=re.MULTILINE))


def test_documented_kinds_are_the_known_kinds():
    assert documented() == set(EVENT_KINDS)


def test_golden_runs_use_only_known_kinds():
    seen = set()
    for path in (ROOT / "tests" / "golden").glob("*.jsonl"):
        seen |= {json.loads(line)["kind"] for line in path.read_text(encoding="utf-8").splitlines()}
    assert seen <= set(EVENT_KINDS)
    assert len(seen) >= 18  # the bundled scenarios exercise nearly every kind
