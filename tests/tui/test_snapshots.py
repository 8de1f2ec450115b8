"""SVG snapshots of the participant console in Chinese and English (fixed events, no wall clock).

Update them with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest

from tests.tui.fakes import FakeClient, events_for
from tests.tui.waiting import until
from tui.console.app import ConsoleApp
from tui.console.screens.action_form import ActionForm
from tui.console.screens.help import HelpScreen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_screen(snap_compare, lang):
    app = ConsoleApp(FakeClient("cio"), lang=lang, tick=False)
    events = events_for("cio")

    async def fed(pilot):
        await until(pilot, lambda: app.state is not None)
        app.client.feed(*events)
        await until(pilot, lambda: app.state.last_seq >= events[-1].seq)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=fed)


async def _fed(app, pilot):
    events = events_for("network_ops")
    await until(pilot, lambda: app.state is not None)
    app.client.feed(*events)
    await until(pilot, lambda: app.state.last_seq >= events[-1].seq)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_incident_report_form(snap_compare, lang):
    app = ConsoleApp(FakeClient("network_ops"), lang=lang, tick=False)

    async def opened(pilot):
        await _fed(app, pilot)
        app.open_action("report_incident")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=opened)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_screen(snap_compare, lang):
    app = ConsoleApp(FakeClient("network_ops"), lang=lang, tick=False)

    async def helped(pilot):
        await _fed(app, pilot)
        app.action_help()
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=helped)
