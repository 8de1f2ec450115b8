"""The scenario clock of a live drill, driven by a wall clock the test moves by hand."""

from __future__ import annotations

import asyncio

import pytest

from simulator.live.clock import DrillClock
from tests.live.harness import ManualWall, join, live, settle


def test_sim_time_follows_the_wall_times_the_speed_and_stops_while_paused():
    wall = ManualWall()
    clock = DrillClock(60.0, wall=wall)
    wall.advance(5)
    assert clock.now() == 0.0, "not started"
    clock.start()
    wall.advance(2)
    assert clock.now() == 120.0
    clock.pause()
    wall.advance(100)
    assert clock.now() == 120.0 and clock.wall_until(300) == float("inf")
    clock.start()
    clock.set_speed(600.0)
    wall.advance(0.5)
    assert clock.now() == 420.0 and clock.wall_until(720) == 0.5
    clock.jump(1000.0)
    clock.jump(10.0)  # never back
    assert clock.now() == 1000.0
    assert clock.state() == {"sim": 1000.0, "speed": 600.0, "paused": False}


def test_a_command_at_a_sim_time_re_anchors_the_clock_there():
    wall = ManualWall()
    clock = DrillClock(10.0, now=50.0, wall=wall)
    clock.start(at=50.0)
    wall.advance(3)
    clock.pause(at=75.0)  # the engine was at 75 when the pause was applied
    wall.advance(3)
    assert clock.now() == 75.0


def test_a_session_on_a_manual_wall_moves_only_when_the_wall_does(tmp_path):
    wall = ManualWall()

    async def go():
        async with live(tmp_path, speed=60, wall=wall) as (session, url):
            boss, _ = await join(url, session.codes["facilitator"])
            await settle(boss, "a", "speed", {"factor": 60})
            assert session.drill.now == pytest.approx(0.0, abs=1e-6)
            wall.advance(10)
            await settle(boss, "b", "speed", {"factor": 60})
            assert session.drill.now == pytest.approx(600.0)

    asyncio.run(go())
