"""The session: one drill, its journal, its clock and its connected clients.

Everything here runs on one asyncio event loop and every method that touches the drill is
synchronous, so a command is applied, journalled, committed and answered without any other
coroutine seeing a half-done state. The clock task (:meth:`Session.run`) advances the engine to the
scenario clock, sleeping until the next engine event is due or a command wakes it. New events are
appended to the journal and pushed into each client's queue as its role may see them; each
client's own writer task drains its queue, so a slow or silent client never holds up the others.

Durability (:mod:`simulator.live.delivery`): an event is sent to clients only once it is
committed, with ``synchronous=FULL``: each clock tick is one group commit of the engine events it
made, and a command and everything before it is committed before its ``ack`` is sent. A journal
that cannot be written (a full disk) pauses the drill and refuses commands until it can. A
command's arguments are checked against the catalogue first (:mod:`simulator.live.admission`),
and a command is applied only together with its journal entry
(:mod:`simulator.live.transaction`), so the drill and its journal never diverge.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.bots import attach_bots
from simulator.engine.drill import Drill, Outcome
from simulator.journal import Journal, checkpoint
from simulator.live import admission
from simulator.live.clock import DrillClock
from simulator.live.codes import FACILITATOR, OBSERVER, CodeBook, make_codes
from simulator.live.delivery import RETRY_EVERY, Delivery
from simulator.live.describe import describe
from simulator.live.limits import RoleBudgets
from simulator.live.peer import QUEUE_LIMIT, Client
from simulator.live.refusals import Answers, Refusals
from simulator.live.rotation import change_code, facilitator_problem
from simulator.live.transaction import apply_committed, not_journalled
from simulator.live.visibility import Visibility
from simulator.protocol import Ack, Command, Reject, Welcome, encode
from simulator.rehearsal import journal_meta
from simulator.replay import catch_up, rebuild
from simulator.scenario.loader import Loaded

MAX_SLEEP = 0.5
"""Longest the clock task sleeps, so it notices speed changes and the end promptly."""
CHECKPOINT_EVERY = 5.0
"""Seconds between WAL checkpoints (taken in a worker thread, never inside a commit)."""
__all__ = ["QUEUE_LIMIT", "Client", "Session"]


RESUME_AFTER = 1e-3
"""Sim seconds after the journal's last event at which a resumed drill carries on."""


class Session(Delivery):
    """A live drill.

    Use :meth:`create` for a new drill and :meth:`resume` to continue one from its journal.

    ``wall`` is the wall clock the scenario clock follows (:class:`DrillClock`): a callable
    returning seconds, ``time.monotonic`` by default. A test passes a clock it moves by hand and
    then sets :attr:`wake`, so sim time passes without sleeping. Checkpoints, retries of a
    journal that cannot be written and the bots' hand-back grace keep to real time.
    """

    def __init__(self, drill: Drill, journal: Journal, book: CodeBook,
                 codes: dict[str, str] | None = None, *,
                 speed: float = 1.0, bots: bool = True, bot_grace: float = 60.0,
                 wall: Callable[[], float] = time.monotonic):
        self.drill = drill
        self.journal = journal
        self.book = book
        """The join codes' hashes (the journal's meta, then its ``codes.changed`` events)."""
        self.codes = dict(codes or {})
        """The plaintext codes given at the start, when this process made them (else empty)."""
        self.budgets = RoleBudgets()
        self.refusals = Refusals()
        self.clock = DrillClock(speed, now=drill.now, wall=wall)
        self.visibility = Visibility(drill.org, drill.scenario)
        self.bots_enabled = bots
        self.bot_grace = bot_grace
        self.clients: set[Client] = set()
        self.responses = Answers()
        self.lateness: list[float] = []
        self.wake = asyncio.Event()
        self._handbacks: dict[str, asyncio.TimerHandle] = {}
        self.stopped = False
        self._init_delivery()
        for event in drill.events[:self._sent]:
            self.visibility.note(event)  # the rules remember recipients, in seq order
            self._recall_answer(event)
            self.refusals.note(event)
            self.book.note(event)
        self._pump()

    # -- making and resuming -----------------------------------------------------------------
    @classmethod
    def create(cls, loaded: Loaded, path: Path, *, seed: int, speed: float = 1.0,
               bots: bool = True, lang: str = "zh", overwrite: bool = False,
               bot_grace: float = 60.0, wall: Callable[[], float] = time.monotonic) -> Session:
        """A new drill journalled at ``path`` (bots in every role unless ``bots`` is False).

        ``wall`` is the wall clock the scenario clock follows (see :class:`Session`).
        """
        roles = list(loaded.org.roles) if bots else []
        drill = Drill(loaded.scenario, loaded.org, seed, bots=roles, lang=lang)
        attach_bots(drill)
        codes = make_codes(loaded.org.roles)
        book = CodeBook.of(codes)
        meta = journal_meta(loaded, seed, roles, drill.mistake_rate, lang)
        meta["codes"] = book.meta()  # hashes only: the plaintext is printed once, not stored
        meta["live"] = json.dumps({"bots": bots, "speed": speed})
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = Journal.create(path, meta, durable=True, overwrite=overwrite)
        drill.start()
        return cls(drill, journal, book, codes, speed=speed, bots=bots, bot_grace=bot_grace,
                   wall=wall)

    @classmethod
    def resume(cls, path: Path, *, speed: float | None = None, bot_grace: float = 60.0,
               wall: Callable[[], float] = time.monotonic) -> Session:
        """Rebuild the drill of the journal at ``path`` by replaying it, and carry on.

        The join codes are the journal's (as given at the start, or as the facilitator last
        rotated them); their plaintext is unknown here, so :attr:`codes` is empty.
        """
        Journal.check_log(path)  # before anything opens it: a damaged log is refused, not cut
        with Journal.open(path) as reader:
            meta = reader.meta()
            events = list(reader.events())
        drill = rebuild(meta)
        catch_up(drill, events)
        live = json.loads(meta.get("live", "{}"))
        journal = Journal.append_to(path, durable=True)
        book, plain = CodeBook.from_meta(meta["codes"])
        session = cls(drill, journal, book, plain,
                      speed=speed or _last_speed(events, live.get("speed", 1.0)),
                      bots=live.get("bots", True), bot_grace=bot_grace, wall=wall)
        if _was_running(events) and not drill.is_over:
            # The replay stops at the journal's last event, possibly in the middle of its instant.
            # Resuming a moment later lets the engine finish that instant first, here and in
            # every later replay alike (which reaches the resume by advancing to its time).
            drill.advance(drill.now + RESUME_AFTER)
            session._pump()
            session.facilitate_now("resume", actor="session")
        return session

    # -- clients -----------------------------------------------------------------------------
    def role_for(self, code: str) -> str | None:
        """The role a join code opens, or None (slow: the server calls :class:`JoinDesk`)."""
        return self.book.role_of(self.book.digest(code))

    def attach(self, client: Client, last_seq: int | None) -> str:
        """Register ``client``; returns the welcome frame.

        The welcome is ``client.welcome`` and what the client missed is ``client.backlog``:
        its writer sends both before anything queued (:mod:`simulator.live.catchup`).
        """
        role = client.role
        welcome = encode(Welcome(type="welcome", role=role, drill=self.describe(role),
                                 seq=self._sent))
        client.welcome = welcome
        client.backlog = (min(last_seq or 0, self._sent), self._sent)
        self.clients.add(client)
        handback = self._handbacks.pop(role, None)
        if handback is not None:
            handback.cancel()
        if self.bots_enabled and role in self.drill.bot_roles:
            self.facilitate_now("bots", {"role": role, "enabled": "off"}, actor="session")
        return welcome

    def detach(self, client: Client) -> None:
        """Forget ``client``; a role left without people goes back to a bot after the grace."""
        self.clients.discard(client)
        role = client.role
        if not self.bots_enabled or role in (FACILITATOR, OBSERVER) or self.drill.is_over:
            return
        if any(c.role == role for c in self.clients) or role in self._handbacks:
            return
        loop = asyncio.get_running_loop()
        self._handbacks[role] = loop.call_later(self.bot_grace, self._hand_back, role)

    def _hand_back(self, role: str) -> None:
        self._handbacks.pop(role, None)
        if not any(c.role == role for c in self.clients) and role not in self.drill.bot_roles:
            self.facilitate_now("bots", {"role": role, "enabled": "on"}, actor="session")

    def describe(self, role: str) -> dict[str, Any]:
        """What a client needs to know of the drill when it joins."""
        return describe(self.drill, self.clock.state(), role)

    # -- commands ----------------------------------------------------------------------------
    def command(self, client: Client, command: Command,
                secret: tuple[str, str] | None = None) -> str:
        """Apply a client's command; returns the ack or reject frame.

        A repeated id gets the same answer again and is not applied twice. ``secret`` is a new
        join code and its hash for a ``codes`` rotation (the server hashes it off the loop).
        """
        key = (client.role, command.id)
        known = self.responses.get(key)
        if known is not None:
            return known
        if not client.bucket.allow() or not self.budgets.allow(client.role):
            client.limited += 1
            return encode(Reject(type="reject", id=command.id,
                                 reason="too many commands; slow down"))
        if client.role == OBSERVER:
            return self._reply(key, command.id, reason="observers cannot act")
        problem = admission.check(client.role, command.action, command.args)
        if client.role == FACILITATOR and problem is None:
            problem = facilitator_problem(command)
        if problem is not None:
            return self._reply(key, command.id, reason=problem)
        if client.role == FACILITATOR or not self.drill.is_over:
            self._catch_up_clock()
        role, action, args, cid = client.role, command.action, command.args, command.id
        if role == FACILITATOR and action == "codes":
            return change_code(self, client, command, secret)
        if role == FACILITATOR:
            outcome = self.facilitate_now(action, args, "facilitator", cid)
        elif action == "read":
            outcome = apply_committed(self, lambda d: d.mark_read(role, args["message"], cid))
        else:
            planned, reason = self.refusals.plan(self.drill, role, action, args)
            if planned is None:  # refused and only counted: it never reaches the engine
                count = self.refusals.count_due(role)
                if count is not None:
                    self.facilitate_now("refused", {"role": role, "count": count}, "session")
                return self._reply(key, cid, reason=reason)
            outcome = apply_committed(self, lambda d: d.submit(
                role, action, planned, source="human", command_id=cid))
        self._pump()
        self.wake.set()
        if outcome.accepted:
            return self._reply(key, command.id, seq=outcome.event.seq)
        if not_journalled(outcome):
            # Not journalled, so not remembered: the same id may be sent again once it can be.
            return encode(Reject(type="reject", id=command.id, reason=outcome.reason))
        return self._reply(key, command.id, reason=outcome.reason)

    def _recall_answer(self, event) -> None:
        """Rebuild the answer to a journalled command.

        So a repeated id is recognised after a restart: the client may resend what it sent just
        before the crash.
        """
        data = event.data
        if event.kind in ("action.taken", "action.rejected") and data.get("command_id"):
            key = (event.actor, data["command_id"])
            reason = data.get("reason") if event.kind == "action.rejected" else None
            self._reply(key, data["command_id"], seq=None if reason else event.seq, reason=reason)
        elif isinstance(data.get("command"), dict) and data["command"].get("id") \
                and (event.actor == FACILITATOR or event.kind == "message.read"):
            self._reply((event.actor, data["command"]["id"]), data["command"]["id"],
                        seq=event.seq)

    def _reply(self, key: tuple[str, str], cid: str, *, seq: int | None = None,
               reason: str | None = None) -> str:
        frame = encode(Ack(type="ack", id=cid, seq=seq) if reason is None
                       else Reject(type="reject", id=cid, reason=reason))
        self.responses.remember(key, frame, accepted=reason is None)
        return frame

    def facilitate_now(self, action: str, args: dict[str, Any] | None = None,
                       actor: str = "facilitator", command_id: str | None = None) -> Outcome:
        """Apply a facilitator (or session) command now, including its effect on the clock."""
        args = dict(args or {})
        target = None
        if action == "skip":
            target = self._next_timed_inject()
            if target is None:
                return Outcome(reason="no timed inject ahead")
        if action == "start" and self.clock.running:
            return Outcome(reason="the drill is already running")
        if action in ("pause",) and not self.clock.running:
            return Outcome(reason="the drill is already paused")
        if action == "resume" and self.clock.running:
            return Outcome(reason="the drill is not paused")
        outcome = apply_committed(self, lambda d: d.facilitate(action, args, actor, command_id))
        drill = self.drill
        if outcome.accepted:  # the clock changes at the sim time of the command
            if action in ("start", "resume"):
                self.clock.start(at=drill.now)
            elif action == "pause":
                self.clock.pause(at=drill.now)
            elif action == "speed":
                self.clock.set_speed(float(args["factor"]), at=drill.now)
            elif action == "skip":
                self.clock.jump(target)
        self._pump()
        self.wake.set()
        return outcome

    def _next_timed_inject(self) -> float | None:
        now = self.drill.now
        times = [i.at for i in self.drill.scenario.injects
                 if i.at is not None and i.at > now and i.id not in self.drill.state.injects]
        return min(times, default=None)

    # -- the clock ---------------------------------------------------------------------------
    def _catch_up_clock(self) -> None:
        """Bring the engine up to the scenario clock (before a command is applied)."""
        target = max(self.clock.now(), self.drill.now)
        self.drill.advance(target)
        self._pump()

    async def _checkpoints(self) -> None:
        """Checkpoint the journal's WAL from a worker thread, off the event loop."""
        while not self.stopped:
            await asyncio.sleep(CHECKPOINT_EVERY)
            with contextlib.suppress(sqlite3.Error):
                await asyncio.to_thread(checkpoint, self.journal.path)

    async def run(self) -> None:
        """The clock task: advance the engine with the scenario clock until stopped."""
        checkpoints = asyncio.create_task(self._checkpoints())
        try:
            await self._tick()
        finally:
            checkpoints.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await checkpoints

    async def _tick(self) -> None:
        while not self.stopped:
            drill = self.drill  # a failed journal write may have rebuilt it
            if self.clock.running and not drill.is_over:
                target = self.clock.now()
                due = drill.next_due()
                if due <= target:
                    self.lateness.append((target - due) / self.clock.speed)
                drill.advance(target + 1e-9)
            self._pump()  # this tick's group commit; during an outage, the retry
            drill = self.drill
            delay = RETRY_EVERY if self.outage is not None else MAX_SLEEP
            if self.clock.running and not drill.is_over:
                delay = min(delay, self.clock.wall_until(drill.next_due()))
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=delay)
            self.wake.clear()

    def close(self) -> None:
        """Stop the clock task and close the journal (everything committed)."""
        self.stopped = True
        self.wake.set()
        for handle in self._handbacks.values():
            handle.cancel()
        self._pump()
        with contextlib.suppress(sqlite3.Error):  # a full disk: what is committed is kept
            self.journal.close()


def _last_speed(events, default: float) -> float:
    for event in reversed(events):
        command = event.data.get("command") if event.kind == "clock.changed" else None
        if command and command["action"] == "speed":
            return float(command["args"]["factor"])
    return default


def _was_running(events) -> bool:
    running = False
    for event in events:
        if event.kind == "clock.changed":
            action = event.data["command"]["action"]
            if action in ("start", "resume"):
                running = True
            elif action == "pause":
                running = False
    return running
