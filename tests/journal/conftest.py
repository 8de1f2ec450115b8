from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.journal import Journal
from simulator.records import Event

SCENARIO_TEXT = "id: ddos-618\ntitle: {zh: 618大促期间的DDoS攻击, en: DDoS during the 618 sale}\n"
ORG_TEXT = "groups:\n  leadership: {name: {zh: 领导小组, en: Leadership group}}\n"


@pytest.fixture
def meta() -> dict[str, str]:
    return {
        "scenario_id": "ddos-618",
        "scenario_name": "618大促期间的DDoS攻击",
        "scenario_text": SCENARIO_TEXT,
        "org_text": ORG_TEXT,
        "seed": "42",
        "bots": json.dumps(["legal", "marketing"]),
    }


def sample_events(
    first: int = 1, count: int = 6, wall: float | None = 1_750_000_000.0
) -> list[Event]:
    """A small, varied stream: kinds repeat so filters have something to do."""
    kinds = [
        ("drill.started", "engine",
         {"scenario": "ddos-618", "title": {"zh": "618大促", "en": "618"}}),
        ("inject.fired", "engine", {"inject": "first-alert", "to": ["network_ops"],
                                    "text": {"zh": "入口流量三分钟内升至平时的四倍", "en": "4x"}}),
        ("action.taken", "network_ops", {"action": "report_incident", "source": "human"}),
        ("world.sample", "engine", {"measures": {"storefront.availability": 0.75}}),
    ]
    events = []
    for seq in range(first, first + count):
        kind, actor, data = kinds[(seq - 1) % len(kinds)]
        stamp = None if wall is None else wall + seq
        events.append(Event(seq, 60.0 * seq, kind, actor, data, stamp))
    return events


@pytest.fixture
def journal_path(tmp_path: Path, meta: dict[str, str]) -> Path:
    path = tmp_path / "drill.db"
    with Journal.create(path, meta) as journal:
        journal.append(sample_events())
    return path


@pytest.fixture
def make_events():
    return sample_events
