from __future__ import annotations

import json
import math
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.journal import FORMAT, Journal, JournalError, SequenceError
from simulator.records import Event


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def count(path: Path) -> int:
    with Journal.open(path) as journal:
        return len(journal)


# -- round trip ----------------------------------------------------------------------------------


def test_events_and_meta_round_trip(tmp_path, meta, make_events):
    events = make_events(count=9)
    path = tmp_path / "j.db"
    with Journal.create(path, meta) as journal:
        journal.append(events[:4])
        journal.append(events[4:])
        assert journal.last_seq() == 9
    with Journal.open(path) as journal:
        assert list(journal.events()) == events
        assert len(journal) == 9
        assert journal.last_seq() == 9
        stored = journal.meta()
    assert {k: stored[k] for k in meta} == meta
    assert stored["format"] == str(FORMAT)
    assert stored["warroom_version"]
    assert datetime.fromisoformat(stored["created"]).tzinfo is not None
    assert json.loads(stored["bots"]) == ["legal", "marketing"]


def test_chinese_text_survives_and_is_stored_unescaped(journal_path):
    with Journal.open(journal_path) as journal:
        fired = next(journal.events(kinds={"inject.fired"}))
        assert fired.data["text"]["zh"] == "入口流量三分钟内升至平时的四倍"
        assert journal.meta()["scenario_name"] == "618大促期间的DDoS攻击"
        assert "领导小组" in journal.meta()["org_text"]
    (data,) = raw(journal_path).execute("SELECT data FROM events WHERE seq = 2").fetchone()
    assert "入口流量" in data


def test_data_is_compact_json_with_sorted_keys(tmp_path, meta):
    with Journal.create(tmp_path / "j.db", meta) as journal:
        journal.append([Event(1, 0.0, "x", "engine", {"b": 1, "a": {"d": [1, 2], "c": None}})])
    (data,) = raw(tmp_path / "j.db").execute("SELECT data FROM events").fetchone()
    assert data == '{"a":{"c":null,"d":[1,2]},"b":1}'


def test_missing_wall_is_stamped_and_given_wall_kept(tmp_path, meta):
    with Journal.create(tmp_path / "j.db", meta) as journal:
        journal.append([Event(1, 0.0, "x", "engine", {}), Event(2, 1.0, "x", "engine", {}, 12.5)])
    with Journal.open(tmp_path / "j.db") as journal:
        first, second = journal.events()
    assert first.wall is not None and first.wall > 1e9
    assert second.wall == 12.5


def test_events_filters(journal_path):
    with Journal.open(journal_path) as journal:
        assert [e.seq for e in journal.events(kinds=["action.taken", "world.sample"])] == [3, 4]
        assert [e.seq for e in journal.events(after_seq=4)] == [5, 6]
        assert [e.seq for e in journal.events(kinds=("drill.started",), after_seq=1)] == [5]
        assert list(journal.events(kinds=[])) == []
        assert [e.seq for e in journal.events(kinds="action.taken")] == [3]
        assert journal.kinds() == {
            "action.taken": 1, "drill.started": 2, "inject.fired": 2, "world.sample": 1,
        }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None)
@given(
    datas=st.lists(st.dictionaries(st.text(), json_values, max_size=5), min_size=1, max_size=5),
    ts=st.floats(0, 1e7),
)
def test_any_json_data_round_trips(datas, ts):
    events = [Event(i, ts + i, "world.sample", "engine", d, 1.0) for i, d in enumerate(datas, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "j.db"
        meta = {k: "x" for k in ("scenario_id", "scenario_name", "scenario_text", "org_text",
                                 "seed")}
        with Journal.create(path, {**meta, "bots": "[]"}) as journal:
            journal.append(events)
        with Journal.open(path) as journal:
            assert list(journal.events()) == events


# -- sequence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seqs", [[2], [1, 3], [1, 2, 2], [1, 2, 4]])
def test_seq_gap_or_repeat_is_rejected_and_the_batch_left_out(tmp_path, meta, seqs):
    with Journal.create(tmp_path / "j.db", meta) as journal:
        with pytest.raises(SequenceError, match="does not follow"):
            journal.append([Event(s, 0.0, "x", "engine", {}) for s in seqs])
        assert journal.last_seq() == 0
        journal.append([Event(1, 0.0, "x", "engine", {})])
        with pytest.raises(SequenceError):
            journal.append([Event(1, 0.0, "x", "engine", {})])
    with Journal.open(tmp_path / "j.db") as journal:
        assert [e.seq for e in journal.events()] == [1]


def test_bad_data_leaves_the_batch_out(tmp_path, meta):
    with Journal.create(tmp_path / "j.db", meta) as journal:
        with pytest.raises(ValueError):
            journal.append([Event(1, 0.0, "x", "engine", {}),
                            Event(2, 0.0, "x", "engine", {"v": math.nan})])
        with pytest.raises(TypeError):
            journal.append([Event(1, 0.0, "x", "engine", {"v": object()})])
        assert journal.last_seq() == 0
    assert count(tmp_path / "j.db") == 0


def test_database_itself_refuses_out_of_order_inserts(journal_path):
    conn = raw(journal_path)
    for seq in (3, 8, 0):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("INSERT INTO events VALUES (?, 0, 0, 'x', 'engine', '{}')", (seq,))
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("INSERT OR REPLACE INTO events VALUES (2, 0, 0, 'x', 'engine', '{}')")
    conn.execute("INSERT INTO events VALUES (7, 0, 0, 'x', 'engine', '{}')")


# -- append-only ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", [
    "UPDATE events SET kind = 'forged' WHERE seq = 2",
    "UPDATE events SET data = '{}'",
    "DELETE FROM events WHERE seq = 6",
    "DELETE FROM events",
    "UPDATE meta SET value = '7' WHERE key = 'seed'",
    "DELETE FROM meta",
    "INSERT INTO meta VALUES ('extra', 'x')",
    "INSERT OR REPLACE INTO meta VALUES ('seed', '7')",
])
def test_triggers_refuse_changes(journal_path, sql):
    conn = raw(journal_path)
    with pytest.raises(sqlite3.DatabaseError, match="warroom journal"):
        conn.execute(sql)
    with Journal.open(journal_path) as journal:
        assert len(journal) == 6
        assert journal.meta()["seed"] == "42"
        assert "extra" not in journal.meta()


def test_read_only_open_cannot_write(journal_path, make_events):
    with Journal.open(journal_path) as journal:
        assert not journal.writable
        with pytest.raises(JournalError, match="read-only"):
            journal.append(make_events(first=7, count=1))
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            journal._conn.execute("INSERT INTO events VALUES (7, 0, 0, 'x', 'engine', '{}')")
    assert count(journal_path) == 6


# -- append_to -----------------------------------------------------------------------------------


def test_append_to_continues_at_last_seq(journal_path, make_events):
    with Journal.append_to(journal_path) as journal:
        assert journal.last_seq() == 6
        with pytest.raises(SequenceError):
            journal.append(make_events(first=8, count=1))
        journal.append(make_events(first=7, count=3))
        journal.commit()
        assert journal.last_seq() == 9
    with Journal.open(journal_path) as journal:
        assert [e.seq for e in journal.events()] == list(range(1, 10))


def test_sync_level_follows_durable(tmp_path, meta, journal_path):
    def level(journal):
        return journal._conn.execute("PRAGMA synchronous").fetchone()[0]

    with Journal.create(tmp_path / "fast.db", meta) as journal:
        assert level(journal) == 1  # NORMAL
    with Journal.create(tmp_path / "live.db", meta, durable=True) as journal:
        assert level(journal) == 2  # FULL
        assert journal._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Journal.append_to(journal_path) as journal:
        assert level(journal) == 2


def test_reader_sees_committed_events_only(tmp_path, meta, make_events):
    path = tmp_path / "live.db"
    with Journal.create(path, meta, durable=True) as writer, Journal.open(path) as reader:
        writer.append(make_events(count=2))
        assert len(reader) == 0
        writer.commit()
        assert reader.last_seq() == 2
        writer.append(make_events(first=3, count=1))
        writer.commit()
        assert [e.seq for e in reader.events(after_seq=2)] == [3]


def test_context_manager_keeps_events_when_the_drill_fails(tmp_path, meta, make_events):
    with pytest.raises(RuntimeError), Journal.create(tmp_path / "j.db", meta) as journal:
        journal.append(make_events(count=3))
        raise RuntimeError("engine crashed")
    journal.close()  # closing twice is harmless
    assert count(tmp_path / "j.db") == 3


# -- create --------------------------------------------------------------------------------------


def test_create_refuses_an_existing_file_unless_overwrite(journal_path, meta):
    with pytest.raises(JournalError, match="already exists") as info:
        Journal.create(journal_path, meta)
    assert str(journal_path) in str(info.value)
    assert count(journal_path) == 6
    with Journal.create(journal_path, meta, overwrite=True) as journal:
        assert len(journal) == 0


def test_create_in_a_missing_directory(tmp_path, meta):
    with pytest.raises(JournalError, match="does not exist"):
        Journal.create(tmp_path / "nowhere" / "j.db", meta)


@pytest.mark.parametrize(("change", "error"), [
    ({"seed": None}, ValueError),
    ({"seed": 42}, TypeError),
    ({"bots": "legal"}, ValueError),
    ({"bots": '{"a": 1}'}, ValueError),
    ({"format": "2"}, ValueError),
])
def test_create_checks_meta(tmp_path, meta, change, error):
    for key, value in change.items():
        if value is None:
            del meta[key]
        else:
            meta[key] = value
    with pytest.raises(error):
        Journal.create(tmp_path / "j.db", meta)
    assert not (tmp_path / "j.db").exists()


# -- opening what is not a journal ---------------------------------------------------------------


def _text_file(path):
    path.write_text("id: ddos-618\nnot a database\n", encoding="utf-8")


def _other_sqlite(path):
    raw(path).execute("CREATE TABLE orders (id INTEGER)")


def _no_format(path):
    conn = raw(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY)")


def _newer_format(path):
    _no_format(path)
    raw(path).execute("INSERT INTO meta VALUES ('format', '2')")


@pytest.mark.parametrize(("make", "message"), [
    (None, "no such file"),
    (_text_file, "not a SQLite file"),
    (lambda p: p.write_bytes(b""), "empty file"),
    (lambda p: p.mkdir(), "directory"),
    (_other_sqlite, "not a warroom journal"),
    (_no_format, "not a warroom journal"),
    (_newer_format, "format 2 is newer"),
])
@pytest.mark.parametrize("opener", [Journal.open, Journal.append_to])
def test_open_what_is_not_a_journal(tmp_path, make, message, opener):
    path = tmp_path / "drill 2026.db"
    if make is not None:
        make(path)
    with pytest.raises(JournalError, match=message) as info:
        opener(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert "\n" not in text
    if make is None:
        assert not path.exists()

