"""The participant console, driven through Pilot against a fake client."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from tests.tui.fakes import FakeClient, describe, events_for, frame, sync
from tests.tui.waiting import until
from tui.console.app import JOIN_FAILED, ConsoleApp
from tui.console.messages import (
    CommandAnswered,
    ConnectionChanged,
    EventsArrived,
    Joined,
)
from tui.console.palette import ActionCommands
from tui.console.screens.action_form import ActionForm
from tui.console.screens.help import HelpScreen
from tui.console.widgets.commands import CommandLog
from tui.console.widgets.header import ConsoleHeader

SIZE = (120, 40)
OURS = (ConnectionChanged, Joined, EventsArrived, CommandAnswered)


async def joined(pilot, app, events=()) -> None:
    await until(pilot, lambda: app.state is not None)
    if events:
        app.client.feed(*events)
        last = events[-1].seq
        await until(pilot, lambda: app.state.last_seq >= last)


async def open_form(pilot, app, action, preset=None) -> ActionForm:
    app.open_action(action, preset)
    await until(pilot, lambda: isinstance(app.screen, ActionForm)
                and bool(app.screen.query("#submit")))
    return app.screen


@sync
async def test_connect_events_command_ack_message_sequence():
    seen: list[str] = []

    def hook(message):
        if isinstance(message, OURS):
            name = type(message).__name__
            if isinstance(message, ConnectionChanged):
                name += f":{message.state}"
            seen.append(name)

    client = FakeClient("cio")
    app = ConsoleApp(client, lang="en", tick=False)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await joined(pilot, app, events_for("cio")[:30])
        app.command("set_severity", {"level": "II"})
        await until(pilot, lambda: "CommandAnswered" in seen)
    assert seen == ["ConnectionChanged:connecting", "ConnectionChanged:connected", "Joined",
                    "EventsArrived", "CommandAnswered"]
    assert client.sent[0][:2] == ("set_severity", {"level": "II"})


@sync
async def test_a_flood_of_events_is_one_update():
    batches: list[int] = []
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="zh", tick=False)

    def hook(message):
        if isinstance(message, EventsArrived):
            batches.append(len(message.events))

    flood = [frame(100 + i, "world.sample", {"measures": {"storefront.availability": 0.5}})
             for i in range(5000)]
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await joined(pilot, app, flood)
    assert batches == [5000]
    assert len(app.state.measures.values["storefront.availability"]) == 120


@sync
async def test_join_refused_exits_with_the_reason():
    app = ConsoleApp(FakeClient("cio", refuse="unknown join code"), lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == JOIN_FAILED
    assert app.failure == "Could not join the drill: unknown join code"


@sync
async def test_replayed_events_do_not_duplicate_inbox_rows():
    events = events_for("cio")
    app = ConsoleApp(FakeClient("cio"), lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app, events)
        table = app.query_one("#inbox-table", DataTable)
        rows = table.row_count
        assert rows == len(app.state.inbox) > 5
        app.client.feed(*events[-50:], frame(events[-1].seq + 1, "inject.fired", {
            "inject": "late", "to": ["cio"], "channel": "phone",
            "text": {"zh": "新来电", "en": "A new call"}}))
        await until(pilot, lambda: table.row_count == rows + 1)
        first = table.coordinate_to_cell_key((0, 0)).row_key.value
        assert first == str(events[-1].seq + 1)          # newest first


@sync
async def test_set_severity_form_validates_then_sends():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        form = await open_form(pilot, app, "set_severity")
        assert "needs 'level'" in form.submit()
        assert client.sent == []
        form.query_one("#arg-level", Select).value = "III"
        assert form.submit() is None
        await until(pilot, lambda: client.sent)
    assert client.sent[0][:2] == ("set_severity", {"level": "III"})


@sync
async def test_instruction_to_groups_and_roles():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        form = await open_form(pilot, app, "issue_instruction")
        to = form.query_one("#arg-to", SelectionList)
        to.select("technical")
        to.select("legal")
        form.fill("text", "Start scrubbing now")
        form.submit()
        await until(pilot, lambda: client.sent)
    assert client.sent[0][:2] == ("issue_instruction", {"to": ["technical", "legal"],
                                                        "text": "Start scrubbing now"})


@sync
async def test_incident_report_has_the_four_fields():
    client = FakeClient("security_lead")
    app = ConsoleApp(client, lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        form = await open_form(pilot, app, "report_incident")
        values = {"time": "20:06", "place": "商城前台", "type": "DDoS", "impact": "订单下降67%"}
        for name, value in values.items():
            form.fill(name, value)
        form.submit()
        await until(pilot, lambda: client.sent)
    assert client.sent[0][:2] == ("report_incident", values)


@sync
async def test_regulator_report_counts_down_from_the_first_inject():
    client = FakeClient("security_lead")
    app = ConsoleApp(client, lang="en", tick=False)
    inject = frame(2, "inject.fired", {"inject": "first", "to": ["security_lead"],
                                       "channel": "ids", "text": {"zh": "告警", "en": "Alert"}},
                   t=600)
    later = frame(3, "world.sample", {"measures": {}}, t=600 + 3600)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app, [inject, later])
        form = await open_form(pilot, app, "report_to_regulator")
        assert "3:00:00 left" in str(form.query_one("#countdown", Static).render())
        for name in ("time", "system", "type", "impact", "measures", "contact"):
            form.fill(name, name.upper())
        form.submit()
        await until(pilot, lambda: client.sent)
    assert client.sent[0][0] == "report_to_regulator" and len(client.sent[0][1]) == 6


@sync
async def test_post_incident_report_and_acknowledge_an_inject():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app, events_for("cio"))
        form = await open_form(pilot, app, "file_post_incident_report")
        for name in ("description", "process", "improvements"):
            form.fill(name, name)
        form.submit()
        await until(pilot, lambda: len(client.sent) == 1)
        form = await open_form(pilot, app, "acknowledge")
        select = form.query_one("#arg-inject", Select)
        assert "ceo-call" in [value for _, value in select._options]
        select.value = "ceo-call"
        form.submit()
        await until(pilot, lambda: len(client.sent) == 2)
    assert client.sent[0][:2] == ("file_post_incident_report", {
        "description": "description", "process": "process", "improvements": "improvements"})
    assert client.sent[1][:2] == ("acknowledge", {"inject": "ceo-call"})


@sync
async def test_reply_to_a_message_carries_its_seq():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="en", tick=False)
    message = frame(7, "action.taken", {"action": "send_message",
                                        "args": {"to": ["cio"], "text": "status?"},
                                        "result": {"recipients": ["cio"]}}, actor="network_ops")
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app, [message])
        await open_form(pilot, app, "send_message", {"to": ["network_ops"], "reply_to": "7"})
        app.screen.dismiss(None)
        await until(pilot, lambda: not isinstance(app.screen, ActionForm))
        app.query_one("#inbox-table", DataTable).move_cursor(row=0)
        app.action_reply()
        await until(pilot, lambda: isinstance(app.screen, ActionForm)
                    and bool(app.screen.query("#submit")))
        form = app.screen
        assert form.query_one("#arg-reply_to", Input).value == "7"
        form.fill("text", "scrubbing is on")
        form.submit()
        await until(pilot, lambda: client.sent)
    assert client.sent[0][:2] == ("send_message", {"to": ["network_ops"],
                                                   "text": "scrubbing is on", "reply_to": "7"})


@sync
async def test_ack_clears_pending_and_reject_keeps_the_reason():
    client = FakeClient("cio")
    client.hold = asyncio.Event()
    client.answers = [77, "the drill is over"]
    app = ConsoleApp(client, lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        first = app.command("set_severity", {"level": "III"})
        second = app.command("close_incident", {})
        await until(pilot, lambda: len(client.sent) == 2)
        assert [p.id for p in app.state.commands.pending()] == [first, second]
        assert "sent, waiting" in str(app.query_one(CommandLog).render())
        client.hold.set()
        await until(pilot, lambda: not app.state.commands.pending())
        assert app.state.commands.all[first].seq == 77
        assert app.state.commands.rejections()[0].reason == "the drill is over"
        assert "the drill is over" in str(app.query_one(CommandLog).render())
        assert any("the drill is over" in n.message for n in app._notifications)


@sync
async def test_actions_not_allowed_for_the_role_do_not_open():
    app = ConsoleApp(FakeClient("cio"), lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        app.open_action("start_task")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)


@pytest.mark.parametrize("lang", ["zh", "en"])
@sync
async def test_keys_open_help_and_forms(lang):
    app = ConsoleApp(FakeClient("cio"), lang=lang, tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("m")
        assert isinstance(app.screen, ActionForm) and app.screen.spec.id == "send_message"
        await pilot.press("q", "a")                 # keys of the console do nothing in a form
        assert app.is_running and isinstance(app.screen, ActionForm)
        await pilot.press("escape")
        assert not isinstance(app.screen, ActionForm)


@sync
async def test_palette_lists_the_roles_actions_in_its_language():
    app = ConsoleApp(FakeClient("cio"), lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        provider = ActionCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]
        assert names[:2] == ["确认收到", "确定事件级别"] and "发布声明" not in names
        found = [hit.text async for hit in provider.search("监管")]
        assert found == ["向监管部门报告"]


@sync
async def test_connection_states_show_in_the_header():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        header = app.query_one(ConsoleHeader)
        assert "已连接" in header.who().plain + header.clock().plain
        client._set("reconnecting")
        await until(pilot, lambda: "重新连接中" in header.clock().plain)
        assert "已暂停" in header.clock().plain       # the drill has not started


@sync
async def test_a_closed_stream_says_why():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        client.closed_reason = "the join code was revoked"
        await client.close()
        await until(pilot, lambda: any("revoked" in n.message for n in app._notifications))
        assert "disconnected" in app.query_one(ConsoleHeader).clock().plain


@sync
async def test_start_task_offers_the_tasks_the_server_names():
    drill = describe("network_ops")
    drill["tasks"] = {"scrubbing": {"name": {"zh": "流量清洗", "en": "Traffic scrubbing"}}}
    client = FakeClient("network_ops", drill=drill)
    app = ConsoleApp(client, lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        form = await open_form(pilot, app, "start_task")
        select = form.query_one("#arg-task", Select)
        assert ("流量清洗", "scrubbing") in select._options
        select.value = "scrubbing"
        form.submit()
        await until(pilot, lambda: client.sent)
    assert client.sent[0][:2] == ("start_task", {"task": "scrubbing"})


@sync
async def test_help_shows_duties_keys_and_scoring():
    app = ConsoleApp(FakeClient("cio"), lang="zh", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        text = HelpScreen(app.state, "zh").text().plain
    assert "评估事件报告，确定事件级别" in text and "f1" in text and "里程碑" in text


@sync
async def test_the_detail_pane_shows_the_conversation_of_a_reply():
    client = FakeClient("cio")
    app = ConsoleApp(client, lang="zh", tick=False)
    ask = frame(7, "action.taken", {"action": "send_message",
                                    "args": {"to": ["cio"], "text": "要扩容吗？"},
                                    "result": {"recipients": ["cio"]}}, actor="network_ops")
    mine = frame(8, "action.taken", {"action": "send_message",
                                     "args": {"to": ["network_ops"], "text": "批准扩容",
                                              "reply_to": "7"},
                                     "result": {"recipients": ["network_ops"]}}, actor="cio")
    back = frame(9, "action.taken", {"action": "send_message",
                                     "args": {"to": ["cio"], "text": "已扩容", "reply_to": "8"},
                                     "result": {"recipients": ["cio"]}}, actor="network_ops")
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app, [ask, mine, back])
        app.query_one("#inbox-table", DataTable).move_cursor(row=0)
        await pilot.pause()
        shown = str(app.query_one("#inbox-detail", Static).render())
        assert "会话" in shown
        assert shown.index("要扩容吗") < shown.index("批准扩容") < shown.rindex("已扩容")


REST = [("draft_statement", "cs_manager"), ("approve_statement", "legal"),
        ("publish_statement", "marketing"), ("notify_users", "cs_manager"),
        ("request_resources", "security_engineer"), ("approve_resources", "cio"),
        ("close_incident", "cio")]


@pytest.mark.parametrize(("action", "role"), REST)
@sync
async def test_every_other_form_validates_then_sends_its_command(action, role):
    from simulator.actions import CATALOGUE

    spec = CATALOGUE[action]
    client = FakeClient(role)
    assert action in client.drill["actions"], f"{role} may not {action}"
    app = ConsoleApp(client, lang="en", tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await joined(pilot, app)
        form = await open_form(pilot, app, action)
        if any(arg.required for arg in spec.args):  # an empty form is refused, nothing sent
            assert form.submit() is not None and client.sent == []
        expected = {}
        for arg in spec.args:
            widget = form.query_one(f"#arg-{arg.name}")
            if isinstance(widget, Select):
                value = arg.choices[0] if arg.choices else widget._options[1][1]
                widget.value = value
            elif isinstance(widget, SelectionList):
                widget.select(widget.get_option_at_index(0).value)
                value = [widget.get_option_at_index(0).value]
            else:
                value = {"number": "2", "ref": "Q1"}.get(arg.kind, f"{arg.name} text")
                form.fill(arg.name, value)
                value = 2 if arg.kind == "number" else value
            expected[arg.name] = value
        assert form.submit() is None
        await until(pilot, lambda: client.sent)
    sent_action, sent_args, _ = client.sent[0]
    assert sent_action == action and sent_args == expected
    assert spec.check(sent_args) is None
