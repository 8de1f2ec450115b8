"""SVG snapshots of the participant console in Chinese and English (fixed events, no wall clock).

Update them with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest

from tests.tui.fakes import FakeClient, events_for
from tui.console.app import ConsoleApp


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_screen(snap_compare, lang):
    app = ConsoleApp(FakeClient("cio"), lang=lang, tick=False)
    events = events_for("cio")

    async def fed(pilot):
        for _ in range(200):
            if app.state is not None:
                break
            await pilot.pause(0.01)
        app.client.feed(*events)
        for _ in range(200):
            if app.state.last_seq >= events[-1].seq:
                break
            await pilot.pause(0.01)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=fed)


async def _fed(app, pilot):
    events = events_for("network_ops")
    for _ in range(200):
        if app.state is not None:
            break
        await pilot.pause(0.01)
    app.client.feed(*events)
    for _ in range(200):
        if app.state.last_seq >= events[-1].seq:
            break
        await pilot.pause(0.01)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_incident_report_form(snap_compare, lang):
    app = ConsoleApp(FakeClient("network_ops"), lang=lang, tick=False)

    async def opened(pilot):
        await _fed(app, pilot)
        app.open_action("report_incident")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(120, 40), run_before=opened)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_screen(snap_compare, lang):
    app = ConsoleApp(FakeClient("network_ops"), lang=lang, tick=False)

    async def helped(pilot):
        await _fed(app, pilot)
        app.action_help()
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(120, 40), run_before=helped)
