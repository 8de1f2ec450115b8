"""Rehearsal, journal and replay together: the journal alone rebuilds the drill."""

from __future__ import annotations

import json

import pytest

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.rehearsal import journal_meta, rehearse
from simulator.replay import replay
from tests.drills import load
from tui.cli import main


def stream(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


def read(path):
    with Journal.open(path) as journal:
        return list(journal.events())


def test_replay_of_a_rehearsal_reproduces_it(tmp_path, kind):
    result = rehearse(load(kind), seed=11, out=tmp_path)
    assert stream(replay(result.journal).events) == stream(read(result.journal))


def test_replay_reapplies_human_commands_at_their_times(tmp_path):
    loaded = load("ddos")
    people = {"network_ops", "cio"}
    bots = [r for r in loaded.org.roles if r not in people]
    drill = Drill(loaded.scenario, loaded.org, 5, bots=bots)
    attach_bots(drill)
    drill.start()
    script = [
        (420.5, "network_ops", "report_incident",
         {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "orders down"}),
        (900.0, "cio", "set_severity", {"level": "III"}),
        (900.0, "cio", "set_severity", {"level": "VII"}),  # rejected, and replayed as rejected
        (1200.0, "network_ops", "start_task", {"task": "scrubbing", "target": "storefront"}),
    ]
    for t, role, action, args in script:
        drill.advance(t)
        drill.submit(role, action, args)
    drill.run()
    path = tmp_path / "journal.sqlite"
    meta = journal_meta(loaded, 5, bots, drill.mistake_rate, "zh")
    with Journal.create(path, meta) as journal:
        journal.append(drill.events)
    again = replay(path)
    assert stream(again.events) == stream(drill.events)
    humans = [e for e in again.events if e.data.get("source") == "human"]
    assert [(e.t, e.kind) for e in humans] == [
        (420.5, "action.taken"), (900.0, "action.taken"), (900.0, "action.rejected"),
        (1200.0, "action.taken")]


def test_rehearse_command_prints_the_summary(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["rehearse", "ddos-618", "--seed", "3", "--out", str(out), "--lang", "en",
                 "--stats"]) == 0
    text = capsys.readouterr().out
    assert "Rehearsal summary: DDoS during the 618 sale (ddos-618), seed 3" in text
    for needle in ("Milestone", "Outcome", "Money lost", "Records exposed", "Downtime",
                   "SimPy events:", f"Journal: {out / 'journal.sqlite'}"):
        assert needle in text
    assert (out / "journal.sqlite").exists()


def test_rehearse_command_in_chinese(tmp_path, capsys):
    assert main(["rehearse", "ddos-618", "--out", str(tmp_path), "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("演练摘要: ")
    assert "经济损失" in text and "里程碑" in text


def test_export_of_two_runs_with_the_same_seed_is_identical(tmp_path, capsys):
    outputs = []
    for name in ("a", "b"):
        main(["rehearse", "user-data-leak", "--seed", "9", "--out", str(tmp_path / name)])
        capsys.readouterr()
        main(["export", str(tmp_path / name / "journal.sqlite"), "--no-wall"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    first = json.loads(outputs[0].splitlines()[0])
    assert set(first) == {"seq", "t", "kind", "actor", "data"}


@pytest.mark.parametrize("bad", [["rehearse", "no-such-scenario"],
                                 ["rehearse", "ddos-618", "--mistakes", "2"]])
def test_rehearse_user_errors_are_one_line(bad, capsys, tmp_path):
    assert main([*bad, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("warroom: ") and err.count("\n") == 1 and "Traceback" not in err
