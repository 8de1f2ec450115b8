from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.journal import Journal
from tui import cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def only_export(monkeypatch):
    """Build the CLI with just this subcommand, independent of the others in progress."""
    monkeypatch.setattr(cli, "COMMANDS", ("export",))


def export(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["export", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_lines_one_per_event(capsys, journal_path, make_events):
    code, out, err = export(capsys, journal_path)
    assert (code, err) == (0, "")
    records = lines(out)
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5, 6]
    assert all(set(r) == {"seq", "t", "kind", "actor", "data", "wall"} for r in records)
    assert records == [e.as_dict(wall=True) for e in make_events()]
    assert "入口流量三分钟内升至平时的四倍" in out  # not \u-escaped


def test_data_keys_are_sorted(capsys, journal_path):
    _, out, _ = export(capsys, journal_path, "--kind", "drill.started")
    assert '"data":{"scenario":"ddos-618","title":{"en":"618","zh":"618大促"}}' in out


def test_no_wall_makes_runs_diffable(capsys, tmp_path, meta, make_events):
    outputs = []
    for run, wall in enumerate((1.0, 2.0e9)):
        path = tmp_path / f"run{run}.db"
        with Journal.create(path, meta) as journal:
            journal.append(make_events(wall=wall))
        code, out, _ = export(capsys, path, "--no-wall")
        assert code == 0
        assert all("wall" not in r for r in lines(out))
        outputs.append(out)
    assert outputs[0] == outputs[1]


def test_kind_filters(capsys, journal_path):
    _, out, _ = export(capsys, journal_path, "--kind", "inject.fired")
    assert [(r["seq"], r["kind"]) for r in lines(out)] == [(2, "inject.fired"), (6, "inject.fired")]
    _, out, _ = export(capsys, journal_path, "--kind", "action.taken", "world.sample",
                       "--kind", "drill.started")
    assert [r["seq"] for r in lines(out)] == [1, 3, 4, 5]
    code, out, err = export(capsys, journal_path, "--kind", "bot.slip")  # known, none happened
    assert (code, out, err) == (0, "", "")


def test_unknown_kind_is_a_user_error(capsys, journal_path):
    code, out, err = export(capsys, journal_path, "--kind", "inject.fire")
    assert (code, out) == (2, "")
    assert err.startswith("warroom: ") and "inject.fire" in err and err.count("\n") == 1


def test_meta(capsys, journal_path, meta):
    code, out, _ = export(capsys, journal_path, "--meta")
    assert code == 0 and out.count("\n") == 1
    printed = json.loads(out)
    assert {k: printed[k] for k in meta} == meta
    assert printed["format"] == "1"
    assert "618大促期间的DDoS攻击" in out


@pytest.mark.parametrize("make", [None, lambda p: p.write_text("hello\n")])
def test_bad_path_is_one_line_and_exit_2(capsys, tmp_path, make):
    path = tmp_path / "missing.db"
    if make is not None:
        make(path)
    code, out, err = export(capsys, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"warroom: {path}: ")
    assert err.count("\n") == 1


def test_closed_pipe_is_quiet(tmp_path, meta, make_events):
    path = tmp_path / "big.db"
    with Journal.create(path, meta) as journal:
        journal.append(make_events(count=3000))
    program = (
        "import sys; from tui import cli; cli.COMMANDS = ('export',); "
        "sys.exit(cli.main(sys.argv[1:]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", program, "export", str(path)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 0
    assert json.loads(first)["seq"] == 1
    assert err == b""
