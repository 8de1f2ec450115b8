"""Tasks: staff and tools are finite, tools can be down, durations are drawn."""

from __future__ import annotations

from tests.drills import make_drill

OUTAGE = """
outages:
  - {tool: firewall, at: 0:01, lasts: 30m, reason: {zh: 故障, en: Failure}}
"""


def _events(drill, kind, task_id):
    return [e for e in drill.events if e.kind == kind and e.data.get("task_id") == task_id]


def test_third_task_waits_for_two_sysadmins():
    drill = make_drill("vulnerability", seed=1, bots=[])
    drill.start()
    drill.advance(60)
    tasks = ("patch", "take_offline", "restore_service")
    ids = [drill.submit("sysadmin", "start_task", {"task": task, "target": "admin"})
           .event.data["result"]["task_id"] for task in tasks]
    drill.advance(3 * 3600)
    started = [_events(drill, "task.started", i)[0] for i in ids]
    assert started[0].data["waited"] == 0 and started[1].data["waited"] == 0
    assert started[2].data["waited"] > 0
    first_done = min(_events(drill, "task.done", i)[0].t for i in ids[:2])
    assert started[2].t == first_done


def test_task_waits_while_its_tool_is_down():
    drill = make_drill("ddos", seed=1, bots=[], extra=OUTAGE)
    drill.start()
    drill.advance(120)
    task_id = drill.submit("network_ops", "start_task", {"task": "rate_limit",
                                                         "target": "storefront"}
                           ).event.data["result"]["task_id"]
    drill.advance(3600)
    assert _events(drill, "task.blocked", task_id)[0].data["tool"] == "firewall"
    assert _events(drill, "task.started", task_id)[0].t == 60 + 30 * 60
    down = next(e for e in drill.events if e.kind == "tool.down" and e.data["tool"] == "firewall")
    assert down.data["reason"]["en"] == "Failure"


def test_mitigation_of_another_threat_has_no_effect():
    drill = make_drill("ddos", seed=1, bots=[])
    drill.start()
    drill.advance(60)
    drill.submit("network_ops", "start_task", {"task": "block_egress", "target": "user_db"})
    drill.advance(3600)
    done = next(e for e in drill.events if e.kind == "task.done")
    assert done.data["effect"] == {"kind": "mitigation", "threats": {}}
