"""The participant console: one role's view of a live drill, in Chinese or English.

``ConsoleApp(client, lang=...)`` takes any :class:`simulator.live.connection.DrillConnection` (the
network client :class:`simulator.live.client.DrillClient`, or the tests' fake) and never touches a
socket: a worker joins and reads the events, posting them as :mod:`tui.console.messages` in
batches (everything available at once becomes one message, so a catch-up of thousands of events
is one update); each command is sent by its own worker, which posts the answer. Messages up,
attributes down: the app feeds :class:`ConsoleState` and hands it to the widgets.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from simulator.actions import CATALOGUE
from simulator.live.connection import (
    ClientClosed,
    CommandRejected,
    DrillConnection,
    JoinRefused,
)
from tui.console.messages import (
    CommandAnswered,
    ConnectionChanged,
    EventsArrived,
    Joined,
    JoinFailed,
    StreamEnded,
)
from tui.console.palette import ActionCommands
from tui.console.screens.action_form import ActionForm
from tui.console.screens.help import HelpScreen
from tui.console.state import ConsoleState
from tui.console.widgets.commands import CommandLog
from tui.console.widgets.duties import DutyList
from tui.console.widgets.header import ConsoleHeader
from tui.console.widgets.inbox import InboxView
from tui.console.widgets.status import StatusPane
from tui.console.words import word

RECEIPTED = ("message", "instruction", "report")
"""Inbox channels whose items send a read receipt when opened."""

CONSOLE_ACTIONS = frozenset({"command_palette", "open_action", "acknowledge", "compose", "reply",
                             "filter", "help", "quit"})
"""Actions of the console's own keys (disabled while a modal screen is open)."""

JOIN_FAILED = 2
"""Return code of the app when the join is refused or the server cannot be reached."""


class ConsoleApp(App[int]):
    """A participant's console.

    Args:
        client: The drill connection, not yet connected (the console joins with it).
        lang: ``zh`` or ``en``.
        tick: Whether the header clock advances between events (off for snapshots).

    Attributes:
        state: What the console knows (None until the welcome).
        failure: Why the join failed (the app then exits with :data:`JOIN_FAILED`), or None.
    """

    CSS_PATH = Path(__file__).with_name("console.tcss")
    TITLE = "warroom"
    COMMANDS = App.COMMANDS | {ActionCommands}

    def __init__(self, client: DrillConnection, *, lang: str = "zh", tick: bool = True) -> None:
        super().__init__()
        self.client = client
        self.lang = lang if lang in ("zh", "en") else "zh"
        self.tick = tick
        self.state: ConsoleState | None = None
        self.failure: str | None = None
        self.connection = "connecting"
        self._batch: list[Any] = []
        self._receipted: set[int] = set()
        self._flush_scheduled = False
        self._bind_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The console's keys do nothing while a form or the help is open (typing is typing)."""
        return not (action in CONSOLE_ACTIONS and isinstance(self.screen, ModalScreen))

    def _bind_keys(self) -> None:
        lang = self.lang
        for key, action, name, show in (
                ("a", "command_palette", "key_actions", True),
                ("i", "open_action('report_incident')", "key_report", True),
                ("k", "acknowledge", "key_ack", True),
                ("m", "compose", "key_compose", True), ("r", "reply", "key_reply", True),
                ("f", "filter", "key_filter", True), ("f1", "help", "key_help", True),
                ("q", "quit", "key_quit", True)):
            self.bind(key, action, description=word(name, lang), show=show)

    def compose(self) -> ComposeResult:
        """Header; inbox on the left; status, duties and commands on the right; footer."""
        yield ConsoleHeader(self.lang, id="header")
        with Horizontal(id="main"):
            yield InboxView(self.lang, id="inbox")
            with Vertical(id="side"):
                yield StatusPane(self.lang, id="status")
                yield DutyList(self.lang, id="duties")
                yield CommandLog(self.lang, id="commands")
        yield Footer()

    def on_mount(self) -> None:
        """Hook the client's state callback, join, start the header clock."""
        self.client.on_state = lambda state: self.post_message(ConnectionChanged(state))
        self.query_one(ConsoleHeader).show(connection=self.connection)
        self.query_one(CommandLog).display = False
        if self.tick:
            self.set_interval(1.0, self._tick)
        self.join()

    def _tick(self) -> None:
        if self.state is not None and not self.state.clock.paused:
            self.query_one(ConsoleHeader).show()

    # -- the network, in workers ---------------------------------------------------------------
    @work(exclusive=True, group="stream")
    async def join(self) -> None:
        """Join, then read events until the client closes, posting them in batches."""
        try:
            welcome = await self.client.connect()
        except JoinRefused as refused:
            self.post_message(JoinFailed(refused.reason))
            return
        except TimeoutError:
            self.post_message(JoinFailed(word("timeout", self.lang)))
            return
        except OSError as error:
            where = self.client.url
            self.post_message(JoinFailed(f"{where} {error.strerror or error}".strip()))
            return
        self.post_message(Joined(welcome))
        async for event in self.client.events():
            self._batch.append(event)
            if not self._flush_scheduled:  # flush once everything available has been read
                self._flush_scheduled = True
                asyncio.get_running_loop().call_soon(self._flush)
        self._flush()
        self.post_message(StreamEnded(self.client.closed_reason))

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._batch:
            batch, self._batch = self._batch, []
            self.post_message(EventsArrived(batch))

    @work(group="receipts")
    async def send_read(self, seq: int) -> None:
        """Tell the sender that this role read message ``seq`` (a receipt: nothing is shown)."""
        with contextlib.suppress(CommandRejected, ClientClosed, TimeoutError):
            await self.client.send("read", {"message": str(seq)}, id=f"read-{seq}")

    def on_inbox_view_opened(self, message: InboxView.Opened) -> None:
        """An opened message, instruction or report is marked read for its sender, once."""
        item = message.item
        if item.channel in RECEIPTED and item.sender != getattr(self.state, "role", None) \
                and item.seq not in self._receipted:
            self._receipted.add(item.seq)
            self.send_read(item.seq)

    @work(group="commands")
    async def send_command(self, id: str, action: str, args: dict[str, Any]) -> None:
        """Send one command and post its answer."""
        try:
            ack = await self.client.send(action, args, id=id)
        except (CommandRejected, ClientClosed) as error:
            self.post_message(CommandAnswered(id, reason=error.reason))
        except TimeoutError:
            self.post_message(CommandAnswered(id, reason=word("timeout", self.lang)))
        else:
            self.post_message(CommandAnswered(id, seq=ack.seq))

    # -- messages up ---------------------------------------------------------------------------
    def on_connection_changed(self, message: ConnectionChanged) -> None:
        """Show the connection state."""
        self.connection = message.state
        self.query_one(ConsoleHeader).show(connection=message.state)

    def on_joined(self, message: Joined) -> None:
        """Build the state from the welcome; show the role's duties."""
        welcome = message.welcome
        self.state = ConsoleState(welcome.role, welcome.drill)
        names = {r: self.state.role_name(r, self.lang) for r in welcome.drill.get("roles", {})}
        self.query_one(InboxView).names = names
        self.sub_title = self.state.title(self.lang)
        self._show([])

    def on_join_failed(self, message: JoinFailed) -> None:
        """Exit with the reason (the CLI prints it)."""
        self.failure = word("join_failed", self.lang, reason=message.reason)
        self.exit(JOIN_FAILED, return_code=JOIN_FAILED)

    def on_events_arrived(self, message: EventsArrived) -> None:
        """Apply a batch of events and update the widgets once."""
        if self.state is not None:
            self._show(self.state.apply(message.events))

    def on_stream_ended(self, message: StreamEnded) -> None:
        """Tell the user why the connection ended, when it was not their doing."""
        if message.reason:
            self.notify(word("ended", self.lang, reason=message.reason), severity="error",
                        timeout=30)

    def on_command_answered(self, message: CommandAnswered) -> None:
        """Clear the pending command, or keep it as rejected with the reason."""
        if self.state is None:
            return
        commands = self.state.commands
        if message.reason is None:
            commands.acked(message.id, message.seq or 0)
            action = commands.all[message.id].action if message.id in commands.all else ""
            name = getattr(CATALOGUE[action].name, self.lang) if action in CATALOGUE else action
            self.notify(word("accepted_as", self.lang, action=name, seq=message.seq),
                        timeout=4)
        else:
            commands.rejected(message.id, message.reason)
            self.notify(word("rejected_because", self.lang, reason=message.reason),
                        severity="error", timeout=10)
        self._show_commands()

    def _show(self, new: list) -> None:
        state = self.state
        assert state is not None
        self.query_one(ConsoleHeader).show(state)
        self.query_one(InboxView).show(state.inbox, new)
        self.query_one(StatusPane).show(state.measures)
        self.query_one(DutyList).show(state.duties)
        self._show_commands()

    def _show_commands(self) -> None:
        """The command log: pending, rejected, and who has read what this role sent."""
        if self.state is None:
            return
        inbox = self.query(InboxView)
        for log in self.query(CommandLog):  # none while the app is shutting down
            log.show(self.state.commands, self.state.inbox,
                     inbox.first().names if inbox else {})

    # -- actions -------------------------------------------------------------------------------
    def command(self, action: str, args: dict[str, Any]) -> str:
        """Send ``action`` with ``args`` (a pending entry until the answer); returns its id."""
        assert self.state is not None
        id = uuid.uuid4().hex
        self.state.commands.sent(id, action, args)
        self._show_commands()
        self.send_command(id, action, args)
        return id

    def open_action(self, action: str, preset: dict[str, Any] | None = None) -> None:
        """Open the form of ``action`` (if the role may take it); send it when submitted."""
        if self.state is None or action not in self.state.actions or action not in CATALOGUE:
            self.bell()
            return
        spec = CATALOGUE[action]  # an action without arguments (close the incident) still
        # opens its form: a confirmation, so that no single key ends the response

        def sent(args: dict[str, Any] | None) -> None:
            if args is not None:
                self.command(action, args)

        self.push_screen(ActionForm(spec, self.state, self.lang, preset), sent)

    def action_open_action(self, action: str) -> None:
        """Key binding: open an action's form."""
        self.open_action(action)

    def action_acknowledge(self) -> None:
        """Acknowledge the highlighted inject."""
        item = self.query_one(InboxView).selected()
        preset = {"inject": item.ref} if item and item.sender == "engine" else None
        self.open_action("acknowledge", preset)

    def action_compose(self) -> None:
        """Write a message to roles or groups."""
        self.open_action("send_message")

    def action_reply(self) -> None:
        """Reply to the highlighted message (``reply_to`` is its ``seq``)."""
        item = self.query_one(InboxView).selected()
        if item is None or item.sender == "engine":
            self.open_action("send_message")
            return
        self.open_action("send_message", {"to": [item.sender], "reply_to": str(item.seq)})

    def action_filter(self) -> None:
        """Show the next inbox channel."""
        self.query_one(InboxView).cycle_channel()

    def action_help(self) -> None:
        """The help screen."""
        self.push_screen(HelpScreen(self.state, self.lang))

    async def action_quit(self) -> None:
        """Leave the drill and exit."""
        await self.client.close()
        self.exit(0)
