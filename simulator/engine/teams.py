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
    from simulator.engine.drill import Drill
    from simulator.records import Event

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
    """Staff per role and tools, and the task processes that use them."""

    def __init__(self, drill: Drill):
        self.drill = drill
        env = drill.env
        self.staff = {r: simpy.Container(env, capacity=s.headcount, init=s.headcount)
                      for r, s in drill.org.roles.items()}
        self.tools = {t: Tool(env, s.capacity) for t, s in drill.org.tools.items()}
        self._count = 0
        self.active: dict[tuple[str, str | None], int] = {}

    def start(self) -> None:
        """Schedule the scenario's outages and draw the tools' own failures."""
        drill = self.drill
        for outage in drill.scenario.outages:
            drill.at(outage.at, lambda o=outage: self.down(o.tool, o.lasts, o.reason))
        for tool_id, spec in drill.org.tools.items():
            rng = drill.streams(f"tool:{tool_id}")
            if rng.random() >= spec.availability:
                at = float(rng.uniform(0, drill.scenario.length))
                lasts = float(rng.lognormal(7.5, 0.5))  # median about 30 minutes
                drill.at(at, lambda t=tool_id, d=lasts: self.down(t, d, FAILURE))

    def down(self, tool_id: str, lasts: float, reason: Text | None) -> None:
        """Take a tool down for ``lasts`` seconds."""
        tool = self.tools[tool_id]
        until = self.drill.now + lasts
        if tool.down_until is not None:
            tool.down_until = max(tool.down_until, until)
            return
        tool.down_until = until
        self.drill.emit("tool.down", data={
            "tool": tool_id, "until": until, "reason": reason.as_dict() if reason else None})
        self.drill.at(until, lambda: self._up(tool_id))

    def _up(self, tool_id: str) -> None:
        tool = self.tools[tool_id]
        if tool.down_until is None or tool.down_until > self.drill.now + 1e-9:
            return
        tool.down_until = None
        self.drill.emit("tool.up", data={"tool": tool_id})
        back, tool.back = tool.back, self.drill.env.event()
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
        state = self.drill.state
        state.tasks_running[task] = state.tasks_running.get(task, 0) + 1
        self.active[task, target] = self.active.get((task, target), 0) + 1
        self.drill.env.process(self._run(task_id, role, task, target, cause))

    def _run(self, task_id: str, role: str, task: str, target: str | None, cause: Event):
        drill = self.drill
        spec = drill.org.tasks[task]
        queued = drill.now
        drill.emit("task.queued", role, {
            "task_id": task_id, "task": task, "target": target, "cause": cause.seq,
            "staff": spec.staff, "tools": list(spec.tools)})
        yield self.staff[role].get(spec.staff)
        requests = []
        for tool_id in sorted(spec.tools):
            tool = self.tools[tool_id]
            while tool.down_until is not None:
                drill.emit("task.blocked", role, {"task_id": task_id, "tool": tool_id})
                yield tool.back
            request = tool.resource.request()
            requests.append((tool, request))
            yield request
        drill.emit("task.started", role, {
            "task_id": task_id, "task": task, "waited": round(drill.now - queued, 3)})
        yield drill.env.timeout(spec.duration.draw(drill.streams(f"task:{task_id}")))
        for tool, request in requests:
            tool.resource.release(request)
        self.staff[role].put(spec.staff)
        state = drill.state
        state.tasks_running[task] -= 1
        self.active[task, target] -= 1
        effect = self._effect(role, task, target)
        event = drill.emit("task.done", role, {
            "task_id": task_id, "task": task, "target": target, "effect": effect})
        state.record_task(task, Done(drill.now, role, {"target": target}, event.seq))
        facts = [f for f, fact in drill.scenario.facts.items() if task in fact.found_by]
        drill.learn([role], facts, event)
        drill.notify(drill.audience.resolve(TASKS.prompted, role, unique=False), TASKS.trigger,
                     event, {"task": task, "target": target})
        if spec.effect == "cleanup":
            for threat in drill.threats:
                if threat.started_at is not None:
                    threat.cleanup()
            drill.notify(drill.audience.resolve(NOTICES["cleanup_done"], role), "cleanup_done",
                         event)
        drill.changed()
        drill.progress.check_contained(event)

    def _effect(self, role: str, task: str, target: str | None) -> dict:
        drill = self.drill
        spec = drill.org.tasks[task]
        if spec.effect == "mitigation":
            hits = {}
            for threat in drill.threats:
                if threat.started_at is None:
                    continue
                remaining = threat.mitigate(task, target)
                if remaining is not None:
                    hits[threat.id] = round(remaining, 6)
            return {"kind": "mitigation", "threats": hits}
        if spec.effect == "recovery":
            if target in drill.world.services:
                drill.world.services[target].offline = False
            drill.state.recovery_task_done = True
            return {"kind": "recovery", "target": target}
        if spec.effect == "enquiries":
            staff_minutes = spec.staff * spec.duration.mean / 60.0
            answered = drill.world.answer_complaints(ENQUIRIES_PER_STAFF_MINUTE * staff_minutes)
            return {"kind": "enquiries", "answered": round(answered, 1)}
        return {"kind": spec.effect}
