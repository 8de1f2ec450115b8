"""The engine is the only judge: its verdicts on objectives and reports are what analysis says.

A purpose-built scenario adds to the small test scenario an objective whose condition carries its
own deadline (``by: 10m``): a full incident report at 0:20 reaches the ordinary report milestone
on time (15 min after the 0:06 alert) but can never satisfy "reported by 0:10". The engine journals
that it was missed, and the analysis, reading only the journal, reports it missed too.
"""

from __future__ import annotations

from analysis.record import from_events
from analysis.speed import milestones
from simulator.engine.drill import Drill
from simulator.scenario.loader import load_scenario_text
from tests.drills import ORG_TEXT, scenario_text

QUICK = """objectives:
  - {id: quick, phase: report, name: {zh: 快速报告, en: Quick report},
     done_when: {action: report_incident, by: 10m}, target: 2h}
"""
FULL_REPORT = {"time": "20:06", "place": "storefront", "type": "DDoS", "impact": "orders -60%"}


def played(reports: list[tuple[float, str, str, dict]]) -> tuple[Drill, str]:
    """The purpose-built scenario played without bots, with ``reports`` submitted at their times."""
    text = scenario_text("ddos").replace("objectives:\n", QUICK, 1)
    loaded = load_scenario_text(text, "test-quick.yaml", ORG_TEXT)
    drill = Drill(loaded.scenario, loaded.org, 1, bots=[])
    drill.start()
    for t, role, action, args in reports:
        drill.advance(t)
        assert drill.submit(role, action, args).accepted
    drill.run()
    return drill, text


def test_an_objective_with_by_the_engine_did_not_meet_is_reported_not_met_by_the_analysis():
    drill, text = played([(1200.0, "network_ops", "report_incident", FULL_REPORT)])
    kinds = {(e.kind, e.data.get("objective")) for e in drill.events}
    assert ("objective.met", "quick") not in kinds
    assert ("objective.missed", "quick") in kinds
    assert ("objective.met", "report") in kinds
    record = from_events(drill.events, {"scenario_id": drill.scenario.id, "scenario_text": text,
                                        "org_text": ORG_TEXT})
    rows = {r["objective"]: r for r in milestones(record)}
    assert rows["quick"]["status"] == "missed" and rows["quick"]["reached"] is None
    assert rows["quick"]["score"] == 0.0
    assert rows["report"]["status"] == "on_time" and rows["report"]["reached"] == 1200.0


def test_a_regulator_report_with_missing_fields_journals_them():
    # "impact" is empty and "measures" left out altogether: both are missing
    partial = {"time": "20:06", "system": "storefront", "type": "DDoS", "impact": "",
               "contact": "010-1234"}
    drill, _ = played([(600.0, "cio", "report_to_regulator", partial)])
    (taken,) = [e for e in drill.events if e.kind == "action.taken"
                and e.data["action"] == "report_to_regulator"]
    assert taken.data["result"]["missing"] == ["impact", "measures"]


def test_an_incomplete_incident_report_journals_its_missing_fields():
    drill, _ = played([(600.0, "network_ops", "report_incident",
                        {**FULL_REPORT, "place": "", "impact": ""})])
    (taken,) = [e for e in drill.events if e.kind == "action.taken"]
    assert taken.data["result"]["missing"] == ["place", "impact"]
