"""``warroom report``: every output written, the same metrics bytes each time, history, errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from analysis.charts import fonts
from analysis.history import History
from simulator import rehearsal
from simulator.journal import Journal
from simulator.rehearsal import rehearse
from simulator.scenario.loader import load_scenario
from tui.cli import main


@pytest.fixture(scope="module")
def journals(tmp_path_factory):
    a = rehearse(load_scenario("ddos-618"), seed=618, out=tmp_path_factory.mktemp("a")).journal
    with Journal.open(a) as journal:
        created = datetime.fromisoformat(journal.meta()["created"])
    later = (created + timedelta(days=1)).isoformat(timespec="seconds")
    meta = rehearsal.journal_meta
    with pytest.MonkeyPatch.context() as patch:  # the second drill is a day later
        patch.setattr(rehearsal, "journal_meta", lambda *args: {**meta(*args), "created": later})
        b = rehearse(load_scenario("ddos-618"), seed=5, mistake_rate=0.6,
                     out=tmp_path_factory.mktemp("b")).journal
    return a, b


def test_report_writes_every_output_and_records_the_history(journals, tmp_path, capsys):
    first, second = journals
    history = tmp_path / "history.sqlite"
    out = tmp_path / "one"
    assert main(["report", str(first), "--out", str(out), "--lang", "en",
                 "--history", str(history)]) == 0
    said = capsys.readouterr().out
    assert f"Report written to {out}" in said and "Recorded in the drill history" in said
    for name in ("scorecard.pdf", "aar.md", "aar.html", "metrics.json"):
        assert (out / name).stat().st_size > 1000, name
    charts = sorted(p.name for p in (out / "charts").iterdir())
    assert charts == sorted(f"{n}.png" for n in ("swimlane", "milestones", "radar", "impact",
                                                 "network", "utilisation"))
    metrics = (out / "metrics.json").read_bytes()
    # the same journal again: byte-identical metrics, and still one drill in the history
    assert main(["report", str(first), "--out", str(tmp_path / "again"), "--lang", "zh",
                 "--history", str(history)]) == 0
    assert (tmp_path / "again" / "metrics.json").read_bytes() == metrics
    with History(history) as h:
        assert len(h.entries()) == 1
    capsys.readouterr()
    # a later drill is compared with it, and its AAR follows up last drill's items
    assert main(["report", str(second), "--out", str(tmp_path / "two"), "--lang", "zh",
                 "--history", str(history)]) == 0
    assert "对比上次演练：ddos-618" in capsys.readouterr().out
    aar = (tmp_path / "two" / "aar.md").read_text(encoding="utf-8")
    assert "上次演练改进事项的落实情况" in aar
    assert json.loads((tmp_path / "two" / "metrics.json").read_text())["headline"]["speed"] < 1


def test_default_output_folder_is_beside_the_journal_and_no_history_is_touched(
        journals, tmp_path, monkeypatch):
    monkeypatch.setenv("WARROOM_HISTORY", str(tmp_path / "never.sqlite"))
    first, _ = journals
    assert main(["report", str(first), "--no-history", "--lang", "en"]) == 0
    assert (first.parent / "report" / "aar.html").exists()
    assert not (tmp_path / "never.sqlite").exists()


def test_errors_a_user_can_cause_are_one_line(journals, tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.sqlite"), "--no-history"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warroom: ") and "Traceback" not in err
    text = tmp_path / "notes.txt"
    text.write_text("not a journal")
    assert main(["report", str(text), "--no-history"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["report", str(journals[0]), "--no-history", "--font", str(text),
                 "--out", str(tmp_path / "f")]) == 2
    assert "not a font" in capsys.readouterr().err


def test_without_a_chinese_font_the_user_gets_one_clear_warning(journals, tmp_path, capsys,
                                                               monkeypatch):
    monkeypatch.setattr(fonts, "find_cjk_font", lambda path=None: None)
    monkeypatch.setattr(fonts, "_warned", False)
    assert main(["report", str(journals[0]), "--no-history", "--lang", "zh",
                 "--out", str(tmp_path / "nofont")]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "fonts-noto-cjk" in lines[0] and lines[0].startswith("warroom: ")
