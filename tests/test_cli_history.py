"""``warroom history``: the table in zh and en, JSON lines, the trend chart, and user errors."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("MPLCONFIGDIR", "/tmp/mpl")

from analysis.summary import width  # noqa: E402
from tests.analysis.test_history import drill_metrics, record_all, three_drills  # noqa: E402
from tui import cli  # noqa: E402


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """Run through ``tui.cli.main`` whether or not ``history`` is registered there yet."""
    if "history" not in cli.COMMANDS:
        monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "history"))


@pytest.fixture
def path(tmp_path, monkeypatch) -> Path:
    """A history of three yearly drills, named by WARROOM_HISTORY."""
    path = tmp_path / "history.sqlite"
    record_all(path, three_drills())
    monkeypatch.setenv("WARROOM_HISTORY", str(path))
    return path


def lines_of(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def column_starts(line: str, cells: list[str]) -> list[int]:
    """Terminal column where each cell starts in ``line``."""
    starts, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        starts.append(width(line[:at]))
        at += len(cell)
    return starts


def test_lists_drills_in_english(path, capsys):
    assert cli.main(["history", "--lang", "en"]) == 0
    header, *rows = lines_of(capsys)
    assert header.split() == ["DATE", "SCENARIO", "TITLE", "PEOPLE", "SPEED", "COORD.", "ON",
                              "TIME", "MONEY", "LOST", "DOWNTIME", "OPEN", "ITEMS"]
    assert len(rows) == 3
    assert rows[0].startswith("2024-06-18  ddos-618        DDoS during the 618 sale")
    assert "User data leak" in rows[1]
    first = rows[0]
    for cell in ("0.40", "0.50", "2/5", "¥300,000", "1h30m", "0/2"):
        assert cell in first
    assert rows[1].endswith("1/1")  # the 2025 report milestone got slower in 2026
    assert rows[2].endswith("0/0")


def test_lists_drills_in_chinese_with_aligned_columns(path, capsys):
    assert cli.main(["history", "--lang", "zh"]) == 0
    header, *rows = lines_of(capsys)
    assert header.startswith("日期")
    assert "标题" in header and "待改进项" in header
    titles = ["618大促期间的DDoS攻击", "用户数据泄露", "618大促期间的DDoS攻击"]
    heads = ["场景", "标题", "参演人数", "响应速度"]
    expected = column_starts(header, heads)
    for row, title in zip(rows, titles, strict=True):
        scenario = row.split()[1]
        assert column_starts(row, [scenario, title, "2", "0."]) == expected


def test_scenario_filter_json_and_rehearsals(path, capsys):
    record_all(path, [drill_metrics(created="2026-06-01T10:00:00+08:00", seed=5, people=())])
    assert cli.main(["history", "--scenario", "ddos-618", "--json"]) == 0
    rows = [json.loads(line) for line in lines_of(capsys)]
    assert [(r["created"][:4], r["people"]) for r in rows] == [("2024", 2), ("2026", 0),
                                                              ("2026", 2)]
    assert [r["open_items"] for r in rows] == [0, 0, 0]
    assert rows[0]["title"] == {"zh": "618大促期间的DDoS攻击", "en": "DDoS during the 618 sale"}
    assert cli.main(["history", "--drills-only", "--lang", "en"]) == 0
    out = lines_of(capsys)
    assert len(out) == 4 and "bots only" not in "\n".join(out)
    assert cli.main(["history", "--lang", "en"]) == 0
    assert "bots only" in "\n".join(lines_of(capsys))
    assert cli.main(["history", "--lang", "en", "--scenario", "nope"]) == 0
    assert f"none of the 4 drills in {path} match" in capsys.readouterr().err


def test_writes_the_trend_chart(path, tmp_path, capsys):
    chart = tmp_path / "trend.png"
    assert cli.main(["history", "--history", str(path), "--chart", str(chart),
                     "--lang", "zh"]) == 0
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert b"matplotlib" not in data  # no software tag: same history, same bytes
    assert "趋势图已写入" in capsys.readouterr().err
    again = tmp_path / "again.png"
    assert cli.main(["history", "--chart", str(again), "--lang", "zh"]) == 0
    assert again.read_bytes() == data


def test_empty_history_says_so_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "none.sqlite"
    assert cli.main(["history", "--history", str(missing), "--lang", "en",
                     "--chart", str(tmp_path / "t.png")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no drills recorded yet in {missing}" in captured.err
    assert not missing.exists() and not (tmp_path / "t.png").exists()


@pytest.mark.parametrize("what", ["folder", "text", "newer"])
def test_a_bad_history_is_one_line_and_exit_2(tmp_path, capsys, what):
    bad = tmp_path / "bad.sqlite"
    if what == "folder":
        bad.mkdir()
    elif what == "text":
        bad.write_text("not a database\n" * 200)
    else:
        record_all(bad, three_drills()[:1])
        with sqlite3.connect(bad) as db:
            db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
        db.close()
    assert cli.main(["history", "--history", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("warroom: ") and err.count("\n") == 1 and str(bad) in err


def test_a_chart_that_cannot_be_written_is_one_line(path, tmp_path, capsys):
    target = tmp_path / "no" / "such" / "folder" / "t.png"
    assert cli.main(["history", "--chart", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(target) in err
