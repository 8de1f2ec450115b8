"""Damaged journals: one line, never a traceback, and ``warroom repair`` keeps what can be kept.

Each damage is done to a real journal of a drill in which a person (the CIO) gave commands, so a
replay has outside events to re-apply: a file cut short, a page overwritten in the middle, bytes
flipped in the meta, a write-ahead log cut or overwritten.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.journal import Journal, JournalDamaged, JournalError
from simulator.live.session import Session
from simulator.rehearsal import journal_meta
from simulator.repair import repair
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


def rows(events):
    return [(e.seq, e.t, e.kind, e.actor, e.data) for e in events]


def drill_journal(path: Path, *, durable: bool = False, keep_log: bool = False) -> list:
    """A ddos-618 journal: bots in every role but the CIO, who sets the severity and messages."""
    loaded = load_scenario("ddos-618")
    bots = [r for r in loaded.org.roles if r != "cio"]
    drill = Drill(loaded.scenario, loaded.org, 7, bots=bots)
    attach_bots(drill)
    drill.start()
    drill.advance(900)
    drill.submit("cio", "set_severity", {"level": "III"}, source="human", command_id="c1")
    drill.advance(2400)
    drill.submit("cio", "send_message", {"to": ["network_ops"], "text": "scrub now"},
                 source="human", command_id="c2")
    drill.advance(3 * 3600)
    journal = Journal.create(path, journal_meta(loaded, 7, bots, drill.mistake_rate, "zh"),
                             durable=durable)
    for i in range(0, len(drill.events), 40):  # many commits: many frames in the log
        journal.append(drill.events[i:i + 40])
        journal.commit()
    if keep_log:  # a crash: the log is left as the server left it
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{path}{suffix}", f"{path}.crash{suffix}")
    journal.close()
    return drill.events


def warroom(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("journal") / "drill.sqlite"
    return path, drill_journal(path)


def damaged_copy(made, tmp_path, how) -> Path:
    path, _ = made
    copy = tmp_path / "damaged.sqlite"
    data = bytearray(path.read_bytes())
    how(data)
    copy.write_bytes(bytes(data))
    return copy


def test_a_journal_is_created_owner_only(made):
    path, _ = made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_middle_page_overwritten_is_one_line_and_repair_remakes_its_events(made, tmp_path):
    page = len(Path(made[0]).read_bytes()) // PAGE // 2

    def overwrite(data):
        data[page * PAGE:(page + 1) * PAGE] = b"\x5a" * PAGE
    copy = damaged_copy(made, tmp_path, overwrite)
    line = one_line(warroom("export", str(copy)))
    assert line.startswith(f"warroom: {copy}: damaged: ") and "warroom repair" in line
    assert "warroom repair" in one_line(warroom("report", str(copy), "--out", str(tmp_path / "r")))
    out = tmp_path / "repaired.sqlite"
    result = repair(copy, out)
    assert result.remade, "the overwritten page's events are remade by the replay"
    assert not result.dropped
    with Journal.open(out) as journal:
        assert rows(journal.events()) == rows(made[1]), "the repaired journal is the drill"


@pytest.mark.parametrize("cut", [1024, 3 * PAGE, 10 * PAGE])
def test_a_journal_cut_short_keeps_every_readable_event(made, tmp_path, cut):
    copy = damaged_copy(made, tmp_path, lambda data: data.__delitem__(slice(len(data) - cut,
                                                                            None)))
    assert "damaged" in one_line(warroom("export", str(copy)))
    out = tmp_path / "repaired.sqlite"
    result = repair(copy, out)
    with Journal.open(out) as journal:
        kept = list(journal.events())
    assert kept and rows(kept) == rows(made[1][:len(kept)]), "a prefix of the drill, exactly"
    assert result.kept == len(kept)
    assert any("last readable event" in note for note in result.notes)


def test_flipped_bytes_in_the_meta_are_one_line(made, tmp_path):
    def flip(data):
        page = 2 * PAGE  # the meta table's first page (page 2, counting from 1 at offset 0)
        for i in range(page - PAGE + 100, page - 100):
            data[i] ^= 0xFF
    copy = damaged_copy(made, tmp_path, flip)
    for args in (["export", str(copy)], ["repair", str(copy)],
                 ["serve", "--resume", "--journal", str(copy), "--headless", "--port", "0"]):
        line = one_line(warroom(*args))
        assert line.startswith(f"warroom: {copy}: "), line


def test_repair_after_a_lost_command_keeps_the_rest_beside_it(made, tmp_path):
    path, events = made
    command = next(e for e in events if e.data.get("command_id") == "c1")
    with Journal.open(path) as journal:
        meta = journal.meta()
    raw = tmp_path / "lost-command.sqlite"
    with Journal.create(raw, meta) as journal:
        journal.append(events[:command.seq - 1])
    conn = sqlite3.connect(raw)  # c1's record is garbage; the rest is fine
    conn.execute("DROP TRIGGER events_in_order")
    conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                 (command.seq, command.t, 0, "action.taken", "cio", "{garbage"))
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                     [(e.seq, e.t, e.wall or 0, e.kind, e.actor, json.dumps(e.data))
                      for e in events[command.seq:]])
    conn.commit()
    conn.close()
    out = tmp_path / "repaired.sqlite"
    result = repair(raw, out)
    with Journal.open(out) as journal:
        kept = list(journal.events())
    assert rows(kept) == rows(events[:len(kept)])
    assert command.seq in result.remade or len(kept) < command.seq
    assert result.dropped and result.dropped_file.exists(), "readable events are not thrown away"
    assert len(result.dropped_file.read_text(encoding="utf-8").splitlines()) == len(result.dropped)
    assert len(kept) < len(events)


@pytest.mark.parametrize("damage", ["cut", "garbage", "flip"])
def test_a_damaged_log_is_refused_at_resume_not_cut(tmp_path, damage):
    path = tmp_path / "live.sqlite"
    events = drill_journal(path, durable=True, keep_log=True)
    crash, log = Path(f"{path}.crash"), Path(f"{path}.crash-wal")
    data = log.read_bytes()
    assert Journal.check_log(crash) is None, "an intact log is fine"
    log.write_bytes({"cut": data[:-1000], "garbage": bytes(range(256)) * (len(data) // 256),
                     "flip": data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 1])
                     + data[len(data) // 2 + 1:]}[damage])
    with pytest.raises(JournalDamaged, match="warroom repair"):
        Session.resume(crash)
    with pytest.raises(JournalDamaged):
        Journal.append_to(crash)
    assert log.read_bytes() != data and log.stat().st_size > 0, "the log is left as it was"
    out = tmp_path / "repaired.sqlite"
    if damage == "garbage":  # nothing was checkpointed yet: the whole drill was in the log
        with pytest.raises(JournalDamaged, match=f"beyond repair.*{log.name} is unreadable"):
            repair(crash, out)
        return
    result = repair(crash, out)
    assert any(log.name in note for note in result.notes), "the repair says what it dropped"
    with Journal.open(out) as journal:
        assert rows(journal.events()) == rows(events[:result.kept])


def test_repair_refuses_what_is_not_a_journal(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a journal", encoding="utf-8")
    with pytest.raises(JournalError):
        repair(text, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()
