"""The console's data models: clock, status, duties, commands, and a replay changing nothing."""

from __future__ import annotations

from tests.tui.fakes import describe, events_for, frame
from tui.console.duties import Duties
from tui.console.state import HISTORY, Commands, ConsoleState, DrillTime, Measures
from tui.console.words import WORDS, clock_text, measure_name, word


class Wall:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_clock_follows_events_speed_and_pause():
    wall = Wall()
    clock = DrillTime(0.0, 1.0, True, wall=wall)
    clock.observe(60)
    wall.now += 50
    assert clock.now() == 60                      # paused: it stands still
    clock.change("start", {}, 60)
    wall.now += 10
    assert clock.now() == 70
    clock.change("speed", {"factor": 20}, 70)
    wall.now += 3
    assert clock.now() == 130
    clock.change("pause", {}, 130)
    wall.now += 100
    assert clock.now() == 130 and clock.paused
    clock.observe(100)                            # an older event never moves it back
    assert clock.now() == 130


def test_state_clock_from_clock_changed_events():
    wall = Wall()
    state = ConsoleState("cio", describe("cio"), wall=wall)
    assert state.clock.paused
    state.apply([frame(2, "clock.changed", {"command": {"action": "start", "args": {}}}, t=0),
                 frame(3, "clock.changed", {"command": {"action": "speed",
                                                        "args": {"factor": 20}}}, t=0)])
    wall.now += 2
    assert not state.clock.paused and state.clock.speed == 20 and state.clock.now() == 40
    state.apply([frame(4, "drill.ended", {"reason": "facilitator"}, t=50)])
    assert state.clock.over and state.clock.now() == 50


def test_measures_keep_a_bounded_history():
    measures = Measures()
    for i in range(HISTORY + 30):
        measures.add({"storefront.availability": i / 1000, "flag": True})
    assert len(measures.values["storefront.availability"]) == HISTORY
    assert measures.latest("storefront.availability") == (HISTORY + 29) / 1000
    assert measures.paths() == ["storefront.availability"]


def test_a_real_drill_fills_the_state_and_a_replay_changes_nothing():
    events = events_for("cio")
    state = ConsoleState("cio", describe("cio"))
    new = state.apply(events)
    assert new and len(state.inbox) == len(new)
    assert "storefront.availability" in state.measures.paths()
    assert state.severity == "III" and state.first_inject is not None
    assert state.statements and state.requests                 # ids for the forms
    before = (len(state.inbox), {p: list(v) for p, v in state.measures.values.items()})
    assert state.apply(events[-40:]) == []                      # a reconnect replays some
    assert (len(state.inbox), {p: list(v) for p, v in state.measures.values.items()}) == before
    assert state.regulator_deadline() == state.first_inject + 4 * 3600


def test_duties_triggered_done_and_overdue():
    duties = Duties("cio", describe("cio")["duties"])
    by_id = {d.id: d for d in duties.items}
    assert by_id["assess-report"].status == "waiting"
    duties.apply(dict(seq=5, t=500.0, kind="action.taken", actor="network_ops",
                      data={"action": "report_incident", "args": {}}))
    assert by_id["assess-report"].status == "due"
    duties.apply(dict(seq=6, t=900.0, kind="objective.overdue", actor="engine",
                      data={"objective": "severity", "phase": "instruction", "deadline": 880}))
    assert by_id["assess-report"].status == "overdue"
    assert by_id["instruct"].status == "overdue"     # same phase, not done
    duties.apply(dict(seq=7, t=950.0, kind="action.taken", actor="cio",
                      data={"action": "set_severity", "args": {"level": "III"}}))
    assert by_id["assess-report"].status == "done" and by_id["assess-report"].done == 950
    assert duties.counts()["done"] == 1


def test_start_task_duty_needs_its_task():
    duties = Duties("sysadmin", describe("sysadmin")["duties"])
    recover = next(d for d in duties.items if d.id == "recover")
    taken = dict(seq=5, t=10.0, kind="action.taken", actor="sysadmin",
                 data={"action": "start_task", "args": {"task": "patch"}})
    duties.apply(taken)
    assert recover.done is None
    duties.apply({**taken, "seq": 6, "data": {"action": "start_task",
                                               "args": {"task": "restore_service"}}})
    assert recover.done == 10.0


def test_commands_pending_acked_rejected():
    commands = Commands()
    commands.sent("a", "set_severity", {"level": "III"})
    commands.sent("b", "close_incident", {})
    assert [p.id for p in commands.pending()] == ["a", "b"]
    commands.acked("a", 42)
    commands.rejected("b", "not yet")
    assert commands.pending() == [] and commands.all["a"].seq == 42
    assert [(p.id, p.reason) for p in commands.rejections()] == [("b", "not yet")]


def test_words_exist_in_both_languages():
    assert all(set(entry) == {"zh", "en"} and all(entry.values()) for entry in WORDS.values())
    assert word("paused", "zh") == "已暂停" and word("rejected_because", "en", reason="x")
    assert measure_name("storefront.availability", "zh") == "商城前台可用性"
    assert clock_text(3725.9) == "1:02:05"


def test_a_duty_shows_the_target_of_the_milestone_it_makes():
    from tui.console.duties import Duties

    duties = Duties("cio", [
        {"id": "assess-report", "text": {"zh": "定级", "en": "Grade"}, "phase": "instruction",
         "on": ["incident_reported"], "do": "set_severity"},
        {"id": "instruct", "text": {"zh": "指令", "en": "Instruct"}, "phase": "instruction",
         "on": ["severity_set"], "do": "issue_instruction"},
    ])
    objectives = [
        {"objective": "report", "phase": "report", "name": {"zh": "报告", "en": "Report"},
         "target": 900.0, "after": "first-alert"},
        {"objective": "severity", "phase": "instruction", "name": {"zh": "定级", "en": "Grade"},
         "target": 900.0, "after": "report"},
        {"objective": "instruct", "phase": "instruction", "name": {"zh": "指令", "en": "Orders"},
         "target": 1800.0, "after": "report"},
    ]
    duties.apply({"seq": 1, "t": 0.0, "kind": "drill.started", "actor": "engine",
                  "data": {"objectives": objectives}})
    grade, instruct = duties.items
    assert grade.targets[0]["objective"] == "severity"
    assert instruct.targets[0]["objective"] == "instruct"
    assert instruct.targets[0]["after_name"] == {"zh": "报告", "en": "Report"}
