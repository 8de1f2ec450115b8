"""The participant's inbox model: what lands in it, newest first, unread counts, no duplicates."""

from __future__ import annotations

from tui.console.inbox import Inbox, item_of


def ev(seq, kind, data, actor="engine", t=None):
    return {"seq": seq, "t": float(t if t is not None else seq * 10), "kind": kind,
            "actor": actor, "data": data}


INJECT = ev(3, "inject.fired", {"inject": "first-alert", "to": ["network_ops"], "channel": "ids",
                                "text": {"zh": "告警", "en": "Alert"}})
MESSAGE = ev(5, "action.taken", {"action": "send_message", "args": {"to": ["network_ops"],
                                                                   "text": "status?"},
                                 "result": {"recipients": ["network_ops"]}}, actor="cio")
REPORT = ev(7, "action.taken", {"action": "report_incident",
                                "args": {"time": "20:06", "place": "storefront", "type": "DDoS",
                                         "impact": ""},
                                "result": {"to": ["cio", "security_lead"]}}, actor="network_ops")
DOWN = ev(9, "tool.down", {"tool": "emergency_comms", "until": 900,
                           "reason": {"zh": "出口拥塞", "en": "uplink saturated"}})
SAMPLE = ev(11, "world.sample", {"measures": {}})


def test_injects_messages_and_alerts_land_newest_first():
    inbox = Inbox("network_ops")
    added = inbox.add_all([INJECT, MESSAGE, REPORT, DOWN, SAMPLE])
    assert [i.seq for i in added] == [3, 5, 9]      # its own report is not in its inbox
    assert [i.seq for i in inbox.items()] == [9, 5, 3]
    assert [i.channel for i in inbox.items()] == ["alert", "message", "ids"]
    assert inbox.items("ids")[0].line("zh") == "告警"
    assert inbox.items("ids")[0].ref == "first-alert"
    assert inbox.items("alert")[0].line("en") == "emergency_comms is down: uplink saturated"
    named = Inbox("network_ops", {"emergency_comms": {"zh": "应急通讯", "en": "Emergency comms"}})
    named.add(DOWN)
    assert named.items()[0].line("zh") == "应急通讯不可用：出口拥塞"


def test_a_report_reaches_the_leadership_with_its_four_fields():
    item = item_of(REPORT, "cio")
    assert item.channel == "report" and item.sender == "network_ops"
    assert item.line("en") == "time: 20:06; place: storefront; type: DDoS; impact: —"
    assert item_of(REPORT, "legal") is None          # not among the recipients


def test_a_reconnect_replay_does_not_duplicate_items():
    inbox = Inbox("network_ops")
    inbox.add_all([INJECT, MESSAGE])
    again = inbox.add_all([INJECT, MESSAGE, DOWN])   # the server resends from an older seq
    assert [i.seq for i in again] == [9]
    assert len(inbox) == 3


def test_unread_counts_by_channel():
    inbox = Inbox("network_ops")
    inbox.add_all([INJECT, MESSAGE, DOWN])
    assert inbox.unread() == {"ids": 1, "message": 1, "alert": 1}
    inbox.mark_read(5)
    inbox.mark_read(999)                              # unknown: ignored
    assert inbox.unread() == {"ids": 1, "alert": 1}


def test_five_thousand_items_are_taken_in_one_batch():
    events = [ev(i, "action.taken", {"action": "send_message",
                                      "args": {"to": ["cio"], "text": f"m{i}"},
                                      "result": {"recipients": ["cio"]}}, actor="legal")
              for i in range(1, 5001)]
    inbox = Inbox("cio")
    inbox.add_all(events)
    newest = inbox.items()[:50]
    assert len(inbox) == 5000 and newest[0].seq == 5000 and len(newest) == 50


def test_a_report_reads_in_chinese_too():
    item = Inbox("cio").add(REPORT)
    assert item.line("zh") == "时间：20:06；地点：storefront；类型：DDoS；影响：—"


def test_a_thread_gathers_a_message_its_replies_and_the_role_s_own_answers():
    inbox = Inbox("security_lead")
    ask = ev(20, "action.taken", {"action": "send_message",
                                  "args": {"to": ["security_lead"], "text": "status?"},
                                  "result": {"recipients": ["security_lead"]}}, actor="cio")
    mine = ev(21, "action.taken", {"action": "send_message",
                                   "args": {"to": ["cio"], "text": "scrubbing in 10 min",
                                            "reply_to": "20"},
                                   "result": {"recipients": ["cio"]}}, actor="security_lead")
    back = ev(22, "action.taken", {"action": "send_message",
                                   "args": {"to": ["security_lead"], "text": "ok",
                                            "reply_to": "21"},
                                   "result": {"recipients": ["security_lead"]}}, actor="cio")
    other = ev(23, "action.taken", {"action": "send_message",
                                    "args": {"to": ["security_lead"], "text": "unrelated"},
                                    "result": {"recipients": ["security_lead"]}}, actor="legal")
    inbox.add_all([ask, mine, back, other])
    assert [i.seq for i in inbox.items()] == [23, 22, 20]       # its own reply is not listed
    assert [i.seq for i in inbox.thread(22)] == [20, 21, 22]
    assert [i.seq for i in inbox.thread(20)] == [20, 21, 22]
    assert [i.seq for i in inbox.thread(23)] == [23]
    assert inbox.add(mine) is None                             # seen before: not again


def test_receipts_say_who_has_read_the_role_s_own_message():
    inbox = Inbox("cio")
    inbox.add(MESSAGE)
    inbox.add(ev(12, "message.read", {"message": 5, "from": "cio"}, actor="security_lead"))
    inbox.add(ev(13, "message.read", {"message": 5, "from": "cio"}, actor="legal"))
    assert inbox.readers(5) == ["legal", "security_lead"]
    assert inbox.readers(99) == []
    assert all(i.channel != "message.read" for i in inbox.items())
