"""End to end: a real server on port 0, two consoles headless, a report from one in the other's
inbox, all through the protocol."""

from __future__ import annotations

from simulator.live.client import DrillClient
from simulator.live.local import LocalServer
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario
from tests.tui.fakes import sync
from tests.tui.waiting import until
from tui.console.app import ConsoleApp

REPORT = {"time": "2026-06-18 20:06", "place": "商城前台", "type": "DDoS (NADOS)",
          "impact": "订单量为平时的40%"}


def test_a_report_filed_in_one_console_reaches_the_other(tmp_path):
    session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=5,
                             speed=2.0, lang="zh")
    with LocalServer(session) as server:

        @sync
        async def play():
            cio = ConsoleApp(DrillClient(server.url, session.codes["cio"], lang="zh",
                                         backoff=(0.05, 0.2)), lang="zh")
            engineer = ConsoleApp(DrillClient(server.url, session.codes["security_engineer"],
                                              lang="zh", backoff=(0.05, 0.2)), lang="zh")
            async with cio.run_test(size=(120, 40)) as p1, \
                    engineer.run_test(size=(120, 40)) as p2:
                pilots = (p1, p2)
                await until(pilots, lambda: cio.state is not None and engineer.state is not None)
                assert cio.state.role == "cio" and engineer.state.role == "security_engineer"
                engineer.command("report_incident", REPORT)
                await until(pilots, lambda: any(
                    i.channel == "report" and i.sender == "security_engineer"
                    for i in cio.state.inbox.items()))
                item = next(i for i in cio.state.inbox.items() if i.channel == "report")
                assert "订单量为平时的40%" in item.line("zh")
                # the engineer's command was acknowledged, so nothing is pending
                await until(pilots, lambda: not engineer.state.commands.pending())

        play()


def test_the_sender_sees_who_has_read_its_message(tmp_path):
    from textual.widgets import DataTable

    from tui.console.widgets.commands import CommandLog

    session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=5,
                             speed=1.0, lang="en")
    with LocalServer(session, start_clock=False) as server:

        @sync
        async def play():
            cio = ConsoleApp(DrillClient(server.url, session.codes["cio"], lang="en"), lang="en")
            lead = ConsoleApp(DrillClient(server.url, session.codes["security_lead"], lang="en"),
                              lang="en")
            async with cio.run_test(size=(120, 40)) as p1, lead.run_test(size=(120, 40)) as p2:
                pilots = (p1, p2)
                await until(pilots, lambda: cio.state is not None and lead.state is not None)
                sent = cio.command("send_message", {"to": ["security_lead"], "text": "status?"})
                await until(pilots, lambda: cio.state.commands.all[sent].status == "acked"
                            and any(i.channel == "message" for i in lead.state.inbox.items()))
                table = lead.query_one("#inbox-table", DataTable)
                table.move_cursor(row=0)
                await p2.press("enter")                     # opening it sends the receipt
                seq = cio.state.commands.all[sent].seq
                await until(pilots, lambda: cio.state.inbox.readers(seq) == ["security_lead"])
                await p1.pause()
                shown = str(cio.query_one(CommandLog).render())
                assert "read by Head of Cybersecurity" in shown

        play()
