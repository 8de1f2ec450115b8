"""Tasks (duplicates, conflicts, waits, utilisation), the communication network and the outcome."""

from __future__ import annotations

import pytest

from analysis.network import network
from analysis.outcome import outcome
from analysis.tasks import tasks
from tests.analysis.journals import Journal


def test_duplicate_tasks_are_the_same_measure_on_the_same_target_while_one_is_open():
    j = Journal()
    j.task("network_ops", "T1", "rate_limit", "storefront", queued=100, started=100, done=700)
    j.task("network_ops", "T2", "rate_limit", "storefront", queued=300, started=400, done=900)
    j.task("network_ops", "T3", "rate_limit", "storefront", queued=1000, started=1000, done=1200)
    j.task("network_ops", "T4", "rate_limit", "checkout", queued=300, started=300, done=600)
    out = tasks(j.record())
    assert [d["task_ids"] for d in out["duplicates"]] == [["T1", "T2"]]


def test_conflict_is_taking_a_target_out_while_bringing_it_back():
    j = Journal()
    j.task("sysadmin", "T1", "take_offline", "admin", queued=100, started=100, done=900)
    j.task("sysadmin", "T2", "restore_service", "admin", queued=500, started=500, done=1500)
    j.task("security_engineer", "T3", "waf_rule", "admin", queued=500, started=500, done=800)
    out = tasks(j.record())
    assert [c["task_ids"] for c in out["conflicts"]] == [["T1", "T2"]]


def test_waits_and_utilisation():
    j = Journal()
    j.task("sysadmin", "T1", "patch", "admin", queued=0, started=0, done=1000, staff=2)
    j.task("sysadmin", "T2", "take_offline", "admin", queued=100, started=1000, done=1500)
    j.task("sysadmin", "T3", "restore_service", "admin", queued=200)       # never started
    j.add(2000, "drill.ended", reason="length")
    out = tasks(j.record())
    waits = {r["task_id"]: r["waited"] for r in out["items"]}
    assert waits == {"T1": 0, "T2": 900, "T3": 1800}
    assert out["wait"]["total"] == 2700 and out["wait"]["max"] == 1800
    sysadmin = next(u for u in out["utilisation"] if u["role"] == "sysadmin")
    # 2 staff x 1000 s + 1 x 500 s over headcount 2 x 2000 s
    assert sysadmin["busy"] == 2500 and sysadmin["share"] == pytest.approx(2500 / 4000)
    assert sysadmin["waited"] == 2700


def test_network_density_centralisation_fragmentation():
    j = Journal()
    a = j.act(100, "cio", "send_message", {"to": ["security_lead"], "text": "x"},
              result={"recipients": ["security_lead"]})
    b = j.act(200, "cio", "send_message", {"to": ["security_lead"], "text": "y"},
              result={"recipients": ["security_lead"]})
    c = j.act(300, "cio", "issue_instruction", {"to": ["legal"], "text": "z"},
              result={"recipients": ["legal"]})
    net = network(j.record())
    n = len(net["nodes"])
    assert n == 10
    assert net["edges"] == [
        {"from": "cio", "to": "legal", "count": 1, "evidence": [c.seq]},
        {"from": "cio", "to": "security_lead", "count": 2, "evidence": [a.seq, b.seq]},
    ]
    assert net["density"] == pytest.approx(2 / (n * (n - 1)), abs=1e-3)
    # a star of three among ten: one component of 3, seven alone
    assert net["components"] == 8
    assert net["fragmentation"] == pytest.approx(1 - 6 / 90, abs=1e-3)
    # Freeman: max degree 2, degrees 2,1,1 and seven 0s -> (0+1+1+7*2)/(9*8)
    assert net["centralisation"] == pytest.approx(16 / 72, abs=1e-3)


def test_outcome_from_samples():
    j = Journal()
    j.sample(0, orders_ratio=1.0, money_lost_cny=0, sentiment=0.3, hosts_infected=0)
    s1 = j.sample(60, orders_ratio=0.5, money_lost_cny=100, sentiment=-0.2, hosts_infected=4)
    s2 = j.sample(180, orders_ratio=0.97, money_lost_cny=300, sentiment=0.1, hosts_infected=2)
    last = j.sample(240, orders_ratio=0.9, money_lost_cny=400, sentiment=0.2, hosts_infected=1,
                    complaints_total=12)
    out = outcome(j.record())
    assert out["downtime"] == {"value": 120.0, "evidence": [s1.seq, s2.seq], "unit": "s"}
    assert out["money_lost_cny"] == {"value": 400, "evidence": [last.seq]}
    assert out["complaints"]["value"] == 12
    assert out["hosts_infected"] == {"value": 4, "evidence": [s1.seq]}
    assert out["sentiment_min"] == {"value": -0.2, "evidence": [s1.seq]}
    assert out["sentiment_end"]["value"] == 0.2


def test_a_duplicate_names_the_tasks_that_overlapped_not_an_earlier_finished_one():
    j = Journal()
    j.task("network_ops", "T1", "rate_limit", "storefront", queued=0, started=0, done=700)
    j.task("network_ops", "T2", "rate_limit", "storefront", queued=800, started=800, done=1500)
    j.task("network_ops", "T3", "rate_limit", "storefront", queued=850, started=900, done=1600)
    assert [d["task_ids"] for d in tasks(j.record())["duplicates"]] == [["T2", "T3"]]
