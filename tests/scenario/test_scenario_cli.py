"""``warroom validate`` and ``warroom scenarios``."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from simulator.scenario import loader
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, at, swap
from tui.cli import main
from tui.commands.validate import SHOWN

ORG_FILE = Path(str(resources.files("scenarios"))) / "org" / "ecommerce.yaml"


@pytest.fixture
def files(tmp_path) -> Path:
    """A folder with a valid scenario, an invalid one and one with a warning."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "good.yaml").write_text(MINI, encoding="utf-8")
    (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
    (folder / "late.yaml").write_text(LATE, encoding="utf-8")
    return folder


BAD = swap(swap(MINI, "risk: ddos", "risk: dos"), "to: [network_ops]", "to: [netops]")
LATE = swap(MINI, "at: 0:06", "at: 3:00")


def validate(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_valid_file(capsys, files):
    path = str(files / "good.yaml")
    assert validate(capsys, path) == (0, [f"ok {path}"], [])


def test_invalid_file_one_line_per_problem(capsys, files):
    path = str(files / "bad.yaml")
    code, out, err = validate(capsys, path)
    assert code == 2 and out == []
    assert err == [f"{path}:{at(BAD, 'dos')}: risk: must be one of ddos, data_leak, malware, "
                   "vulnerability"]


def test_cross_reference_problem(capsys, files):
    path = files / "bad.yaml"
    path.write_text(swap(BAD, "risk: dos", "risk: ddos"), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert validate(capsys, str(path)) == (2, [], [
        f"{path}:{at(text, 'netops')}: injects[0].to[0]: unknown role or group 'netops' "
        "(did you mean 'network_ops'?)"])


def test_warnings_do_not_fail(capsys, files):
    path = str(files / "late.yaml")
    warning = (f"{path}:{at(LATE, '3:00')}: warning: injects[0].at: never fires: at 3h00m is "
               "after the drill ends (2h00m)")
    assert validate(capsys, path) == (0, [f"ok {path}"], [warning])
    assert validate(capsys, "--strict", path) == (2, [], [warning])


def test_missing_file_and_folders(capsys, files, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = validate(capsys, str(tmp_path / "nope.yaml"), str(empty), str(files))
    assert code == 2
    assert out == [f"ok {files / 'good.yaml'}", f"ok {files / 'late.yaml'}"]
    assert err[0] == f"{tmp_path / 'nope.yaml'}: no such file"
    assert err[1] == f"{empty}: no YAML files in this folder"
    assert err[2].startswith(f"{files / 'bad.yaml'}:")
    assert err[3].startswith(f"{files / 'late.yaml'}:") and ": warning: " in err[3]


def test_the_bundled_organisation_file_is_clean(capsys):
    assert validate(capsys, str(ORG_FILE)) == (0, [f"ok {ORG_FILE}"], [])


def test_an_organisation_file_is_known_by_its_groups(capsys, tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(ORG_TEXT, encoding="utf-8")
    assert validate(capsys, str(path)) == (0, [f"ok {path}"], [])
    path.write_text(swap(ORG_TEXT, "leader: cio", "leader: ceo"), encoding="utf-8")
    code, _, err = validate(capsys, str(path))
    assert code == 2 and len(err) == 1 and "groups.leadership.leader: unknown role 'ceo'" in err[0]


def test_organisation_problems_are_printed_once(capsys, tmp_path):
    (tmp_path / "org").mkdir()
    broken = swap(ORG_TEXT, "leader: cio", "leader: ceo")
    (tmp_path / "org" / "ecommerce.yaml").write_text(broken, encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(MINI, encoding="utf-8")
    code, out, err = validate(capsys, str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 2 and out == []
    assert err == [f"{tmp_path / 'org' / 'ecommerce.yaml'}:{at(broken, 'ceo')}: "
                   "groups.leadership.leader: unknown role 'ceo' (did you mean 'cio'?)"]


def test_a_task_that_needs_more_staff_than_the_headcount_fails_validation(capsys, tmp_path):
    (tmp_path / "org").mkdir()
    greedy = swap(ORG_TEXT, "staff: 2\n", "staff: 3\n")
    org_file = tmp_path / "org" / "ecommerce.yaml"
    org_file.write_text(greedy, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(MINI, encoding="utf-8")
    line = (f"{org_file}:{at(greedy, '3' + chr(10) + '    tools: [backup_system]')}: "
            "tasks.restore_from_backup.staff: needs 3 people of sysadmin, whose headcount is 2, "
            "so it could never start")
    assert validate(capsys, str(tmp_path / "s.yaml")) == (2, [], [line])
    assert validate(capsys, str(org_file)) == (2, [], [line])


def test_a_bundled_id(capsys, bundle):
    assert validate(capsys, "mini") == (0, ["ok mini"], [])


def test_no_traceback_from_the_real_command(files, tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(9)), encoding="utf-8")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\xff\xfe garbage")
    args = [str(files / "bad.yaml"), str(bomb), str(binary), str(tmp_path / "nope.yaml"),
            str(tmp_path)]
    result = subprocess.run([sys.executable, "-m", "tui.cli", "validate", *args],
                            capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(str(tmp_path)), line


# -- warroom scenarios -------------------------------------------------------------------------

def scenarios(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["scenarios", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_bundled_and_local(capsys, bundle, files, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = scenarios(capsys, "--dir", str(files), "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "RISK", "SEVERITY", "LENGTH", "SOURCE"]
    assert lines[1].split() == ["mini", "Mini", "drill", "DDoS", "III", "2h00m", "bundled"]
    assert lines[2].split() == ["mini", "Mini", "drill", "(invalid)", "dos", "III", "2h",
                                str(files / "bad.yaml")]
    assert lines[3].split() == ["mini", "Mini", "drill", "DDoS", "III", "2h00m",
                                str(files / "good.yaml")]
    assert len(lines) == 5
    assert err.splitlines() == [f"{files / 'bad.yaml'}: does not load; run: warroom validate "
                                f"{files / 'bad.yaml'}"]


def test_local_scenarios_folder_and_chinese(capsys, bundle, tmp_path, monkeypatch):
    local = tmp_path / "scenarios"
    local.mkdir()
    (local / "drill.yaml").write_text(swap(MINI, "id: mini", "id: drill"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    code, out, _ = scenarios(capsys)
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "标题", "风险", "级别", "时长", "来源"]
    assert lines[1].split() == ["mini", "小型演练", "DDoS攻击", "III", "2h00m", "内置"]
    assert lines[2].split() == ["drill", "小型演练", "DDoS攻击", "III", "2h00m",
                                os.path.join("scenarios", "drill.yaml")]
    # CJK takes two columns: the columns after the title line up.
    assert lines[1].index("DDoS") == lines[2].index("DDoS")


def test_nothing_to_list(capsys, tmp_path, monkeypatch):
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setattr(loader, "_bundled_dir", lambda: empty)
    monkeypatch.chdir(tmp_path)
    assert scenarios(capsys, "--lang", "en") == (0, "", "no scenarios found\n")


def test_one_bad_list_prints_a_bounded_report(capsys, tmp_path):
    roles = ", ".join(f"nobody{n}" for n in range(2000))
    path = tmp_path / "many.yaml"
    path.write_text(swap(MINI, "to: [network_ops]", f"to: [{roles}]"), encoding="utf-8")
    code, out, err = validate(capsys, str(path))
    assert code == 2 and out == []
    assert len(err) == SHOWN + 1
    assert err[-1] == f"{path}: and {2000 - SHOWN} more problems (--all prints them)"
    code, _, everything = validate(capsys, "--all", str(path))
    assert code == 2 and len(everything) == 2000
    assert everything[:SHOWN] == err[:SHOWN]
