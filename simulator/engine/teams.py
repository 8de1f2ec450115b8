"""Teams and tools: who carries out a task, with what, and how long it takes.

A task needs ``staff`` people of its role (a :class:`simpy.Container` per role holding the
role's headcount) and every tool it names (a :class:`simpy.Resource` per tool, capacity from the
organisation file). It waits in line for both (first come, first served: two urgent tasks for
two system administrators, the third waits), takes a duration drawn from its distribution, then
applies its effect; the role, its group's leader and the leadership group's deputy are prompted
(the ``TASKS`` row of :mod:`simulator.audience`). A tool can be down: a scripted outage of the
scenario, or a failure drawn from the tool's availability; a task that needs it waits until it is
back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import simpy

from simulator.audience import NOTICES, TASKS
from simulator.engine.state import Done
from simulator.text import Text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from simulator.engine.ports import TeamRoom
    from simulator.engine.progress import Progress
    from simulator.records import Event
    from simulator.threats import ThreatProcess

ENQUIRIES_PER_STAFF_MINUTE = 2.0
"""Complaints one customer-service agent answers per minute of a handle-enquiries task."""
FAILURE = Text(zh="设备故障", en="Equipment failure")


class Tool:
    """A tool's capacity and whether it works."""

    def __init__(self, env: simpy.Environment, capacity: int):
        self.resource = simpy.Resource(env, capacity=capacity)
        self.down_until: float | None = None
        self.back = env.event()


class Teams:
    """Staff per role and tools, and the task processes that use them.

    Args:
        room: What the teams may read and do in the drill.
        threats: The drill's threats, which mitigation and cleanup tasks act on.
        progress: The progress notices, told when a finished task may have contained the last
            threat.
    """

    def __init__(self, room: TeamRoom, threats: Sequence[ThreatProcess], progress: Progress):
        self.room = room
        self.threats = threats
        self.progress = progress
        env = room.env
        self.staff = {r: simpy.Container(env, capacity=s.headcount, init=s.headcount)
                      for r, s in room.org.roles.items()}
        self.tools = {t: Tool(env, s.capacity) for t, s in room.org.tools.items()}
        self._count = 0
        self.active: dict[tuple[str, str | None], int] = {}

    def start(self) -> None:
        """Schedule the scenario's outages and draw the tools' own failures."""
        room = self.room
        for outage in room.scenario.outages:
            room.at(outage.at, lambda o=outage: self.down(o.tool, o.lasts, o.reason))
        for tool_id, spec in room.org.tools.items():
            rng = room.streams(f"tool:{tool_id}")
            if rng.random() >= spec.availability:
                at = float(rng.uniform(0, room.scenario.length))
                lasts = float(rng.lognormal(7.5, 0.5))  # median about 30 minutes
                room.at(at, lambda t=tool_id, d=lasts: self.down(t, d, FAILURE))

    def down(self, tool_id: str, lasts: float, reason: Text | None) -> None:
        """Take a tool down for ``lasts`` seconds."""
        tool = self.tools[tool_id]
        until = self.room.now + lasts
        if tool.down_until is not None:
            tool.down_until = max(tool.down_until, until)
            return
        tool.down_until = until
        self.room.emit("tool.down", data={
            "tool": tool_id, "until": until, "reason": reason.as_dict() if reason else None})
        self.room.at(until, lambda: self._up(tool_id))

    def _up(self, tool_id: str) -> None:
        tool = self.tools[tool_id]
        if tool.down_until is None or tool.down_until > self.room.now + 1e-9:
            return
        tool.down_until = None
        self.room.emit("tool.up", data={"tool": tool_id})
        back, tool.back = tool.back, self.room.env.event()
        back.succeed()

    def is_down(self, tool_id: str) -> bool:
        """Whether the tool is down now."""
        return self.tools[tool_id].down_until is not None

    def next_task_id(self) -> str:
        """A new task id, ``T1``, ``T2``..."""
        self._count += 1
        return f"T{self._count}"

    def begin(self, task_id: str, role: str, task: str, target: str | None, cause: Event) -> None:
        """Queue a task started by ``cause``."""
        state = self.room.state
        state.tasks_running[task] = state.tasks_running.get(task, 0) + 1
        self.active[task, target] = self.active.get((task, target), 0) + 1
        self.room.env.process(self._run(task_id, role, task, target, cause))

    def _run(self, task_id: str, role: str, task: str, target: str | None, cause: Event):
        room = self.room
        spec = room.org.tasks[task]
        queued = room.now
        room.emit("task.queued", role, {
            "task_id": task_id, "task": task, "target": target, "cause": cause.seq,
            "staff": spec.staff, "tools": list(spec.tools)})
        yield self.staff[role].get(spec.staff)
        requests = []
        for tool_id in sorted(spec.tools):
            tool = self.tools[tool_id]
            while tool.down_until is not None:
                room.emit("task.blocked", role, {"task_id": task_id, "tool": tool_id})
                yield tool.back
            request = tool.resource.request()
            requests.append((tool, request))
            yield request
        room.emit("task.started", role, {
            "task_id": task_id, "task": task, "waited": round(room.now - queued, 3)})
        yield room.env.timeout(spec.duration.draw(room.streams(f"task:{task_id}")))
        for tool, request in requests:
            tool.resource.release(request)
        self.staff[role].put(spec.staff)
        state = room.state
        state.tasks_running[task] -= 1
        self.active[task, target] -= 1
        effect = self._effect(role, task, target)
        event = room.emit("task.done", role, {
            "task_id": task_id, "task": task, "target": target, "effect": effect})
        state.record_task(task, Done(room.now, role, {"target": target}, event.seq))
        facts = [f for f, fact in room.scenario.facts.items() if task in fact.found_by]
        room.learn([role], facts, event)
        room.notify(room.audience.resolve(TASKS.prompted, role, unique=False), TASKS.trigger,
                     event, {"task": task, "target": target})
        if spec.effect == "cleanup":
            for threat in self.threats:
                if threat.started_at is not None:
                    threat.cleanup()
            room.notify(room.audience.resolve(NOTICES["cleanup_done"], role), "cleanup_done",
                         event)
        room.changed()
        self.progress.check_contained(event)

    def _effect(self, role: str, task: str, target: str | None) -> dict:
        room = self.room
        spec = room.org.tasks[task]
        if spec.effect == "mitigation":
            room.state.measures.setdefault((task, target), room.now)
            hits = {}
            for threat in self.threats:
                if threat.started_at is None:
                    continue
                remaining = threat.mitigate(task, target)
                if remaining is not None:
                    hits[threat.id] = round(remaining, 6)
            return {"kind": "mitigation", "threats": hits}
        if spec.effect == "recovery":
            if target in room.world.services:
                room.world.services[target].offline = False
            room.state.recovery_task_done = True
            return {"kind": "recovery", "target": target}
        if spec.effect == "enquiries":
            staff_minutes = spec.staff * spec.duration.mean / 60.0
            answered = room.world.answer_complaints(ENQUIRIES_PER_STAFF_MINUTE * staff_minutes)
            return {"kind": "enquiries", "answered": round(answered, 1)}
        return {"kind": spec.effect}
