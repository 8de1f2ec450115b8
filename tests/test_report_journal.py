"""The report benchmark's journal generator makes a real, busy drill journal of the size asked."""

from __future__ import annotations

from benchmarks.report_journal import generate
from simulator.journal import EVENT_KINDS, Journal


def test_small_journal_has_the_asked_size_and_many_people(tmp_path):
    path = generate(tmp_path / "drill.sqlite", participants=12, events=1500, hours=1, seed=3)
    with Journal.open(path) as journal:
        meta = journal.meta()
        events = list(journal.events())
    assert {e.kind for e in events} <= EVENT_KINDS
    human = [e for e in events if e.kind == "action.taken" and e.data["source"] == "human"]
    assert len({e.actor for e in human}) >= 12
    assert all(e.data.get("command_id") for e in human)
    assert abs(len(events) - 1500) <= 150
    assert events[-1].kind == "drill.ended" and events[-1].data["reason"] == "length"
    assert events[-1].t == 3600.0
    assert meta["scenario_id"] == "ddos-618" and meta["lang"] == "zh"


def test_same_seed_same_journal(tmp_path):
    def rows(seed, name):
        path = generate(tmp_path / name, participants=11, events=600, hours=0.5, seed=seed)
        with Journal.open(path) as journal:
            return [(e.seq, e.t, e.kind, e.actor, e.data) for e in journal.events()]

    first = rows(5, "a.sqlite")
    assert rows(5, "b.sqlite") == first
    assert rows(6, "c.sqlite") != first
