"""The objective tracker: the plan's milestones against their target times.

Each objective is met once, when its ``done_when`` holds; its latency is measured from its
target's anchor (the drill start, or the inject or objective named in ``after``). When the
deadline passes first, ``objective.overdue`` is journalled once, and the objective can still be
met late. An objective that applies only where a regulator report is required is skipped when
the scenario's severity does not require one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from simulator.engine.watch import NEVER, Watch, anchor_time, compile_condition, deadline_of
from simulator.scenario.model import Objective

if TYPE_CHECKING:
    from simulator.engine.drill import Drill


class DeadlineWatch(Watch):
    """Holds once an objective's deadline has passed."""

    __slots__ = ("drill", "objective")

    def __init__(self, drill: Drill, objective: Objective):
        self.drill, self.objective = drill, objective

    @override
    def check(self, now: float) -> bool:
        deadline = deadline_of(self.drill.state, self.objective.target)
        return deadline is not None and now > deadline

    @override
    def wake(self, now: float) -> float:
        deadline = deadline_of(self.drill.state, self.objective.target)
        return NEVER if deadline is None or deadline < now else deadline + 1e-6


class ObjectiveTracker:
    """Watches every objective of the scenario."""

    def __init__(self, drill: Drill):
        self.drill = drill

    def applicable(self) -> list[Objective]:
        """Objectives that apply to this scenario's severity."""
        required = self.drill.scenario.severity in self.drill.org.regulator.severities
        return [o for o in self.drill.scenario.objectives
                if o.required == "always" or required]

    def start(self) -> None:
        """Watch every applicable objective and its deadline."""
        drill = self.drill
        for objective in self.applicable():
            watch = compile_condition(objective.done_when, drill.state, drill.world.m)
            drill.watch(watch, lambda o=objective: self._met(o))
            drill.watch(DeadlineWatch(drill, objective), lambda o=objective: self._overdue(o))

    def _met(self, objective: Objective) -> None:
        drill = self.drill
        state = drill.state
        state.objectives[objective.id] = drill.now
        deadline = deadline_of(state, objective.target)
        anchor = anchor_time(state, objective.target.after)
        drill.emit("objective.met", data={
            "objective": objective.id, "phase": objective.phase, "deadline": deadline,
            "latency": None if anchor is None else round(drill.now - anchor, 3),
            "target": objective.target.within,
            "late": deadline is not None and drill.now > deadline,
        })

    def _overdue(self, objective: Objective) -> None:
        drill = self.drill
        if objective.id in drill.state.objectives:
            return
        drill.emit("objective.overdue", data={
            "objective": objective.id, "phase": objective.phase,
            "deadline": deadline_of(drill.state, objective.target)})
