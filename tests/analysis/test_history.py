"""The drill history: recording, order, the previous drill, follow-up of items, the trend."""

from __future__ import annotations

import json
import math
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("MPLCONFIGDIR", "/tmp/mpl")

from analysis import history as history_module  # noqa: E402
from analysis.charts.trend import WORDS, plot_trend  # noqa: E402
from analysis.history import (  # noqa: E402
    SCHEMA,
    History,
    HistoryError,
    default_path,
    drill_key,
    follow_up,
    measure_value,
    open_items,
)


def drill_metrics(*, scenario: str = "ddos-618", created: str = "2024-06-18T20:00:00+08:00",
                  seed: int = 7, people: tuple[str, ...] = ("cio", "security_lead"),
                  speed: float = 0.5, coordination: float = 0.6, money: float = 100_000,
                  downtime: float = 1800, on_time: int = 3, milestones: int = 5,
                  report_elapsed: float | None = 1200, report_status: str = "late",
                  regulator_status: str = "not_required", cs_actions: int = 0,
                  escalation: bool | None = False, wait_p90: float | None = 1200,
                  reporting_score: float | None = 0.4,
                  improvements: list[dict] | None = None) -> dict:
    """A metrics dict as analysis.metrics.compute gives it, with the parts history reads."""
    titles = {"ddos-618": {"zh": "618大促期间的DDoS攻击", "en": "DDoS during the 618 sale"},
              "user-data-leak": {"zh": "用户数据泄露", "en": "User data leak"},
              "ransomware-warehouse": {"zh": "仓储系统勒索软件", "en": "Warehouse ransomware"}}
    return {
        "format": 1,
        "drill": {"scenario": scenario, "title": titles[scenario], "seed": seed,
                  "severity": "III", "risk": "ddos",
                  "starts": "2026-06-18T20:00+08:00", "length": 14400, "ran": 14400,
                  "ended": "length", "roles": ["cio", "security_lead", "network_ops"],
                  "people": list(people), "bots": ["network_ops"], "created": created,
                  "events": 812},
        "speed": {
            "milestones": [
                {"objective": "detect", "phase": "detect", "elapsed": 300, "status": "on_time"},
                {"objective": "report", "phase": "report", "elapsed": report_elapsed,
                 "status": report_status},
                {"objective": "regulator", "phase": "regulator", "elapsed": None,
                 "status": regulator_status},
            ],
            "injects": [{"inject": "first-alert", "seq": 12, "reaction": None}],
            "score": {"value": speed, "evidence": []},
        },
        "coordination": {
            "groups": [{"group": "customer_service", "actions": cs_actions,
                        "silent": not cs_actions,
                        "roles": [{"role": "cs_manager", "actions": cs_actions}]}],
            "escalations": [{"check": "leadership_informed", "reached": escalation}],
            "completeness": {"value": 0.75, "evidence": []},
            "tasks": {"wait": {"total": 3000, "p90": wait_p90, "max": 2000, "evidence": []}},
            "network": {"nodes": [{"role": "cio", "group": "leadership", "degree": 3}]},
            "score": {"value": coordination, "evidence": []},
        },
        "outcome": {"money_lost_cny": {"value": money, "evidence": []},
                    "downtime": {"value": downtime, "evidence": []}},
        "ratings": {"capabilities": [{"capability": "reporting", "score": reporting_score,
                                      "rating": "M"}],
                    "gbt38645": [{"item": "response_speed", "score": 0.6, "rating": 3}]},
        "improvements": improvements or [],
        "headline": {"speed": speed, "coordination": coordination, "money_lost_cny": money,
                     "downtime": downtime, "milestones_on_time": on_time,
                     "milestones": milestones, "records_exposed": 0, "complaints": 40},
    }


def item(measure: str, value: float | None, better: str = "lower", ident: str = "x") -> dict:
    return {"id": ident, "issue": {"zh": "问题", "en": "issue"},
            "action": {"zh": "措施", "en": "action"}, "capability": "reporting",
            "element": "Training", "owner": "security_lead", "due": "2024-12-15",
            "measure": measure, "value": value, "better": better, "evidence": [3]}


def three_drills() -> list[dict]:
    """Three yearly drills, two scenarios; 2024 raised two improvement items."""
    return [
        drill_metrics(created="2024-06-18T20:00:00+08:00", speed=0.4, coordination=0.5,
                      money=300_000, downtime=5400, on_time=2, improvements=[
                          item("speed.milestones.report.elapsed", 1200, ident="milestone:report"),
                          item("coordination.groups.customer_service.actions", 0, "higher",
                               ident="silent:customer_service")]),
        drill_metrics(scenario="user-data-leak", created="2025-05-20T09:30:00+08:00", seed=11,
                      speed=0.6, coordination=0.7, money=120_000, downtime=1200, on_time=4,
                      report_elapsed=900, cs_actions=5, improvements=[
                          item("speed.milestones.report.elapsed", 900, ident="milestone:report")]),
        drill_metrics(created="2026-06-18T20:00:00+08:00", seed=3, speed=0.8, coordination=0.9,
                      money=50_000, downtime=600, on_time=5, report_elapsed=1000, cs_actions=6),
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite"


def record_all(path: Path, drills: list[dict]) -> None:
    with History(path) as history:
        for i, metrics in enumerate(drills):
            history.record(metrics, journal=f"drill{i}.db", report_dir=None)


# --- recording and order -------------------------------------------------------------------


def test_entries_come_in_date_order_whatever_the_order_they_were_recorded(path):
    drills = three_drills()
    record_all(path, [drills[2], drills[0], drills[1]])
    with History(path) as history:
        entries = history.entries()
        assert [e.created.year for e in entries] == [2024, 2025, 2026]
        assert [e.speed for e in entries] == [0.4, 0.6, 0.8]
        assert [e.money_lost_cny for e in entries] == [300_000, 120_000, 50_000]
        assert [e.improvements for e in entries] == [2, 1, 0]
        assert entries[1].title == {"zh": "用户数据泄露", "en": "User data leak"}
        assert entries[0].metrics == drills[0]
        assert [e.scenario for e in history.entries("ddos-618")] == ["ddos-618", "ddos-618"]
        assert history.entries("no-such-scenario") == []


def test_times_with_different_offsets_are_ordered_as_instants(path):
    late_utc = drill_metrics(created="2025-06-17T20:00:00+00:00", seed=1)
    early = drill_metrics(created="2025-06-18T01:00:00+08:00", seed=2)  # 2025-06-17T17:00Z
    record_all(path, [late_utc, early])
    with History(path) as history:
        assert [e.seed for e in history.entries()] == [2, 1]


def test_recording_the_same_drill_again_updates_its_row(path, tmp_path):
    first = drill_metrics(speed=0.4)
    again = drill_metrics(speed=0.45)  # same journal: scenario, seed, created
    with History(path) as history:
        history.record(first, journal="a.db", report_dir=None)
        entry = history.record(again, journal="moved/a.db", report_dir=str(tmp_path / "out"))
        entries = history.entries()
    assert len(entries) == 1
    assert entries[0] == entry
    assert entries[0].speed == 0.45
    assert entries[0].journal == os.path.abspath("moved/a.db")
    assert entries[0].report_dir == str(tmp_path / "out")
    assert drill_key(first) == drill_key(again)
    assert drill_key(first) != drill_key(drill_metrics(seed=8))


def test_history_file_has_its_kind_and_schema_in_meta(path):
    record_all(path, three_drills())
    with sqlite3.connect(path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        columns = [row[1] for row in db.execute("PRAGMA table_info(drills)")]
    assert meta == {"kind": "warroom history", "schema": str(SCHEMA)}
    assert {"speed", "coordination", "money_lost_cny", "downtime", "metrics"} <= set(columns)


def test_entry_as_dict_is_json_without_the_metrics(path):
    record_all(path, three_drills()[:1])
    with History(path) as history:
        row = history.entries()[0].as_dict()
    assert "metrics" not in row
    assert json.loads(json.dumps(row))["created"] == "2024-06-18T20:00:00+08:00"


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WARROOM_HISTORY", str(tmp_path / "h.sqlite"))
    assert default_path() == tmp_path / "h.sqlite"
    monkeypatch.delenv("WARROOM_HISTORY")
    assert default_path().parts[-2:] == ("warroom", "history.sqlite")


def test_missing_parent_folders_are_made(tmp_path):
    with History(tmp_path / "a" / "b" / "history.sqlite") as history:
        assert history.entries() == []


# --- the previous drill --------------------------------------------------------------------


def test_previous_is_the_latest_earlier_drill_of_any_scenario(path):
    drills = three_drills()
    record_all(path, drills)
    with History(path) as history:
        assert history.previous(drills[0]) is None
        assert history.previous(drills[1]).created.year == 2024
        before_2026 = history.previous(drills[2])
        assert (before_2026.scenario, before_2026.created.year) == ("user-data-leak", 2025)
        later = drill_metrics(created="2027-06-01T10:00:00+08:00")  # not recorded yet
        assert history.previous(later).created.year == 2026


def test_a_drill_with_people_passes_over_bot_only_rehearsals(path):
    drills = three_drills()
    rehearsal = drill_metrics(created="2026-06-10T10:00:00+08:00", seed=99, people=())
    record_all(path, [*drills, rehearsal])
    with History(path) as history:
        assert history.previous(drills[2]).created.year == 2025
        # a rehearsal is compared with whatever came before it
        assert history.previous(rehearsal).created.year == 2025
        later_rehearsal = drill_metrics(created="2026-06-11T10:00:00+08:00", seed=98, people=())
        assert history.previous(later_rehearsal).seed == 99
        assert [e.rehearsal for e in history.entries()] == [False, False, True, False]


# --- measures and follow-up ----------------------------------------------------------------


def test_measure_value_resolves_list_items_by_their_identifying_field():
    m = drill_metrics()
    assert measure_value(m, "speed.milestones.report.elapsed") == 1200
    assert measure_value(m, "speed.milestones.detect.elapsed") == 300
    assert measure_value(m, "ratings.capabilities.reporting.score") == 0.4
    assert measure_value(m, "ratings.gbt38645.response_speed.score") == 0.6
    assert measure_value(m, "coordination.groups.customer_service.actions") == 0
    assert measure_value(m, "coordination.groups.customer_service.roles.cs_manager.actions") == 0
    assert measure_value(m, "coordination.network.nodes.cio.degree") == 3
    assert measure_value(m, "coordination.escalations.leadership_informed.reached") == 0.0
    assert measure_value(m, "headline.money_lost_cny") == 100_000
    # a figure ({"value": ...}) resolves to its value
    assert measure_value(m, "outcome.money_lost_cny") == 100_000
    assert measure_value(m, "speed.score") == 0.5
    # not there, not a number, or null
    assert measure_value(m, "speed.milestones.recovery.elapsed") is None
    assert measure_value(m, "speed.milestones.report.status") is None
    assert measure_value(m, "speed.milestones.regulator.elapsed") is None
    assert measure_value(m, "nothing.here") is None
    assert measure_value(m, "speed.milestones") is None


def follow(previous_metrics: dict, now: dict, path: Path) -> list:
    with History(path) as history:
        previous = history.record(previous_metrics, journal="then.db", report_dir=None)
    return follow_up(previous, now)


@pytest.mark.parametrize(("then", "now", "verdict"), [
    (1200, 900, "better"),
    (1200, 1500, "worse"),
    (1200, 1200, "same"),
    (None, 900, "better"),     # missed last time, reached now
    (1200, None, "worse"),     # reached last time, missed now
    (None, None, "same"),      # missed both times
])
def test_follow_up_lower_is_better_and_a_missed_milestone_is_worst(path, then, now, verdict):
    status = {None: "missed"}
    before = drill_metrics(report_elapsed=then, report_status=status.get(then, "late"),
                           improvements=[item("speed.milestones.report.elapsed", then)])
    after = drill_metrics(created="2025-06-18T20:00:00+08:00", report_elapsed=now,
                          report_status=status.get(now, "late"))
    [result] = follow(before, after, path)
    assert (result.then, result.now, result.verdict) == (then, now, verdict)
    assert result.item["id"] == "x" and result.item["better"] == "lower"


@pytest.mark.parametrize(("measure", "now_kwargs", "then", "now", "verdict"), [
    ("coordination.groups.customer_service.actions", {"cs_actions": 4}, 0, 4, "better"),
    ("coordination.groups.customer_service.actions", {"cs_actions": 0}, 0, 0, "same"),
    ("ratings.capabilities.reporting.score", {"reporting_score": 0.2}, 0.4, 0.2, "worse"),
    ("coordination.escalations.leadership_informed.reached", {"escalation": True}, 0, 1,
     "better"),
    # None with higher-is-better: no score could be given, or the check was not required
    ("ratings.capabilities.reporting.score", {"reporting_score": None}, 0.4, None,
     "not_measured"),
    ("coordination.escalations.leadership_informed.reached", {"escalation": None}, 0, None,
     "not_measured"),
])
def test_follow_up_higher_is_better(path, measure, now_kwargs, then, now, verdict):
    before = drill_metrics(improvements=[item(measure, then, "higher")])
    after = drill_metrics(created="2025-06-18T20:00:00+08:00", **now_kwargs)
    [result] = follow(before, after, path)
    assert (result.then, result.now, result.verdict) == (then, now, verdict)


def test_follow_up_not_measured(path):
    before = drill_metrics(regulator_status="late", wait_p90=1500, improvements=[
        item("speed.milestones.report.elapsed", 1200, ident="a"),
        item("speed.milestones.regulator.elapsed", 20000, ident="b"),
        item("coordination.tasks.wait.p90", 1500, ident="c"),
    ])
    # another scenario without a report milestone, where the regulator report is not required
    # and no task waited: none of the three can be compared
    after = drill_metrics(scenario="ransomware-warehouse", created="2025-06-18T20:00:00+08:00",
                          regulator_status="not_required", wait_p90=None)
    after["speed"]["milestones"] = [m for m in after["speed"]["milestones"]
                                    if m["objective"] != "report"]
    verdicts = {f.item["id"]: (f.now, f.verdict) for f in follow(before, after, path)}
    assert verdicts == {"a": (None, "not_measured"), "b": (None, "not_measured"),
                        "c": (None, "not_measured")}


def test_follow_up_falls_back_on_the_items_own_value(path):
    before = drill_metrics(improvements=[item("headline.task_clashes", 3)])
    after = drill_metrics(created="2025-06-18T20:00:00+08:00")
    after["headline"]["task_clashes"] = 1
    [result] = follow(before, after, path)
    assert (result.then, result.now, result.verdict) == (3, 1, "better")


def test_items_stay_open_until_the_next_drill_shows_them_better(path):
    drills = three_drills()
    record_all(path, drills)
    with History(path) as history:
        entries = history.entries()
    # 2024: report 1200 → 900 better; customer service 0 → 5 actions better (both closed);
    # 2025: report 900 → 1000 worse (open); 2026 raised none
    assert [open_items(entries)[e.key] for e in entries] == [0, 1, 0]
    # a later rehearsal does not close a drill's items; nor does an unrecorded drill count
    rehearsal = drill_metrics(created="2027-01-10T10:00:00+08:00", seed=4, people=(),
                              report_elapsed=100, improvements=[item("x.y", 1)])
    record_all(path, [rehearsal])
    with History(path) as history:
        entries = history.entries()
    assert [open_items(entries)[e.key] for e in entries] == [0, 1, 0, 1]


# --- errors a user can cause ---------------------------------------------------------------


def one_line_naming(error: pytest.ExceptionInfo, path: Path) -> bool:
    return "\n" not in str(error.value) and str(path) in str(error.value)


def test_a_folder_is_not_a_history(tmp_path):
    with pytest.raises(HistoryError) as error:
        History(tmp_path)
    assert one_line_naming(error, tmp_path)


def test_a_text_file_is_not_a_history(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(HistoryError, match="not a warroom history") as error:
        History(path)
    assert one_line_naming(error, path)


def test_another_sqlite_file_is_not_a_history(tmp_path):
    path = tmp_path / "journal.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('scenario_id', 'ddos-618')")
    db.close()
    with pytest.raises(HistoryError, match="not a warroom history") as error:
        History(path)
    assert one_line_naming(error, path)


def test_a_newer_schema_is_refused(path):
    History(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA + 1),))
    db.close()
    with pytest.raises(HistoryError, match="newer") as error:
        History(path)
    assert one_line_naming(error, path)


# --- the trend chart -----------------------------------------------------------------------


def recorded_entries(path: Path) -> list:
    record_all(path, three_drills())
    with History(path) as history:
        return history.entries()


def twin_of(ax):
    [twin] = [other for other in ax.figure.axes if other is not ax]
    return twin


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trend_lines_carry_the_recorded_figures(path, lang):
    entries = recorded_entries(path)
    ax = plot_trend(entries, lang)
    dates = [datetime(2024, 6, 18, 20), datetime(2025, 5, 20, 9, 30), datetime(2026, 6, 18, 20)]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {WORDS["speed"][lang], WORDS["coordination"][lang]}
    assert list(lines[WORDS["speed"][lang]].get_xdata()) == dates
    assert list(lines[WORDS["speed"][lang]].get_ydata()) == [0.4, 0.6, 0.8]
    assert list(lines[WORDS["coordination"][lang]].get_ydata()) == [0.5, 0.7, 0.9]
    [money] = twin_of(ax).get_lines()
    assert money.get_label() == WORDS["money"][lang]
    assert list(money.get_xdata()) == dates
    assert list(money.get_ydata()) == [300_000, 120_000, 50_000]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [WORDS["speed"][lang], WORDS["coordination"][lang], WORDS["money"][lang]]
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert ticks == ["2024-06-18\nddos-618", "2025-05-20\nuser-data-leak",
                     "2026-06-18\nddos-618"]
    assert ax.get_title() == WORDS["title"][lang]
    assert ax.get_ylabel() == WORDS["score_axis"][lang]
    assert twin_of(ax).get_ylabel() == WORDS["money"][lang]


def test_trend_words_in_both_languages():
    assert WORDS["speed"]["zh"] == "响应速度"
    assert WORDS["money"]["en"] == "Money lost (CNY)"
    assert all(set(words) == {"zh", "en"} for words in WORDS.values())


def test_trend_can_show_downtime_in_minutes(path):
    ax = plot_trend(recorded_entries(path), "en", outcome="downtime")
    [line] = twin_of(ax).get_lines()
    assert line.get_label() == "Downtime (min)"
    assert list(line.get_ydata()) == [90, 20, 10]


def test_trend_draws_on_given_axes_and_says_when_there_is_nothing(path):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert plot_trend([], "en", ax=ax) is ax
    assert [t.get_text() for t in ax.texts] == [WORDS["none"]["en"]]
    entries = recorded_entries(path)
    one = plot_trend(entries[:1], "zh")
    assert [list(line.get_ydata()) for line in one.get_lines()] == [[0.4], [0.5]]



def test_trend_leaves_a_gap_for_a_figure_not_known(tmp_path):
    unscored = drill_metrics(created="2025-06-18T20:00:00+08:00")
    unscored["headline"]["speed"] = None
    record_all(tmp_path / "h.sqlite", [drill_metrics(), unscored])
    with History(tmp_path / "h.sqlite") as history:
        ax = plot_trend(history.entries(), "en")
    speed = ax.get_lines()[0].get_ydata()
    assert speed[0] == 0.5 and math.isnan(speed[1])


def test_trend_module_uses_no_pyplot():
    source = Path(history_module.__file__).parent.joinpath("charts", "trend.py").read_text()
    assert "pyplot" not in source


def test_a_new_history_file_is_owner_only(tmp_path):
    import stat

    from analysis.history import History

    path = tmp_path / "deep" / "history.sqlite"
    with History(path):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "a history holds every drill's scores"
