"""A bot playing one role: prompts in, duties out, after a latency, sometimes with a slip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.bots import playbook
from simulator.org.model import Duty
from simulator.text import Text

if TYPE_CHECKING:
    from simulator.bots.table import BotTable
    from simulator.engine.players import Seat
    from simulator.records import Event

SLIPS = ("late", "incomplete", "wrong_task", "forgotten", "duplicate")
"""The kinds of mistakes a bot makes (recorded as ``bot.slip``)."""
LATE_FACTOR = (3.0, 6.0)
"""A late bot takes this many times its drawn latency (uniform between the two)."""


class Bot:
    """Plays ``role`` in ``drill`` by the duties of the organisation file.

    Args:
        drill: The seat the bot plays through.
        role: The role it plays.
        table: The table that seated it (it acts only while it keeps its seat).
    """

    def __init__(self, drill: Seat, role: str, table: BotTable | None = None):
        self.drill = drill
        self.role = role
        self.table = table
        self.spec = drill.org.roles[role]
        self.duties: dict[str, list[Duty]] = {}
        for duty in self.spec.duties:
            for trigger in duty.on:
                self.duties.setdefault(trigger, []).append(duty)
        self.memory: dict[str, Any] = {}
        self.rng = drill.streams(f"bot:{role}")

    def prompt(self, trigger: str, cause: Event, payload: dict[str, Any]) -> None:
        """Something reached the role; schedule what the plan says to do about it."""
        for duty in self.duties.get(trigger, ()):
            self.drill.env.process(self._carry_out(duty, duty.do, cause, payload))
        if trigger == "inject":
            inject = self.drill.injects.by_id[payload["inject"]]
            for expectation in inject.expects:
                if expectation.by_role not in (None, self.role):
                    continue
                action = expectation.action
                if action in self.drill.org.tasks:
                    if self.drill.org.tasks[action].role != self.role:
                        continue
                    duty = Duty(id=f"expect-{inject.id}", text=inject.text, phase="response",
                                on="inject", do="start_task", task=action)
                    self.drill.env.process(self._carry_out(duty, "start_task", cause, payload))
                elif action in self.spec.actions and action not in {
                        d.do for d in self.duties.get("inject", ())}:
                    duty = Duty(id=f"expect-{inject.id}", text=inject.text, phase="response",
                                on="inject", do=action)
                    self.drill.env.process(self._carry_out(duty, action, cause, payload))
        if trigger == "message" and self.role in payload.get("named", ()) \
                and not payload.get("reply_to") and "send_message" in self.spec.actions:
            duty = Duty(id="reply", text=cause_text(), phase="detect", on="message",
                        do="send_message")
            self.drill.env.process(self._carry_out(duty, "reply", cause, payload))

    def _carry_out(self, duty: Duty, action: str, cause: Event, payload: dict[str, Any]):
        drill = self.drill
        rng = self.rng
        delay = self.spec.latency.draw(rng)
        slip = None
        if rng.random() < drill.mistake_rate:
            slip = SLIPS[int(rng.integers(len(SLIPS)))]
            if slip == "late":
                delay *= float(rng.uniform(*LATE_FACTOR))
        if slip == "forgotten":
            drill.emit("bot.slip", self.role, {"duty": duty.id, "slip": slip, "cause": cause.seq})
            return
        yield drill.env.timeout(delay)
        if drill.is_over or (self.table is not None and not self.table.plays(self)):
            return  # the drill ended, or people took the role over meanwhile
        commands, slip = playbook.commands(self, duty, action, cause, payload, slip)
        if slip and commands:
            drill.emit("bot.slip", self.role, {"duty": duty.id, "slip": slip, "cause": cause.seq})
        for name, args in commands:
            drill.submit(self.role, name, args, source="bot", cause=cause.seq)


def cause_text() -> Text:
    """Text of a reply duty (bots acknowledge direct messages)."""
    return Text(zh="回复直接发给本角色的消息", en="Answer messages sent to this role")
