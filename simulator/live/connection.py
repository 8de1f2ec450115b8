"""What a console needs from its drill connection: the :class:`DrillConnection` protocol.

A console (``tui.console.app.ConsoleApp``) is written against this protocol, not against the
network client: it joins with :meth:`~DrillConnection.connect`, reads what its role may see from
:meth:`~DrillConnection.events`, sends commands with :meth:`~DrillConnection.send`, follows the
connection's state through :attr:`~DrillConnection.on_state` and leaves with
:meth:`~DrillConnection.close`. :class:`simulator.live.client.DrillClient` is the real connection
(a WebSocket kept alive across drops); the console tests drive a fake one that satisfies the same
protocol, and ``tests/live/test_connection.py`` checks that both do.

The errors a connection raises are part of the contract, so they are defined here too: a console
catches them without importing the network client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, Literal, Protocol, runtime_checkable

from simulator.protocol import Ack, EventFrame, Welcome

State = Literal["connecting", "connected", "reconnecting", "closed"]
"""Where the connection is: joining, joined, lost and being re-established, or over."""


class ClientError(Exception):
    """Something the drill or the connection refused; ``reason`` is one line for a person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class JoinRefused(ClientError):
    """The server answered ``hello`` with ``error`` (a wrong code, too many attempts...)."""


class CommandRejected(ClientError):
    """The server answered a command with ``reject``; the command changed nothing."""

    def __init__(self, reason: str, id: str | None = None):
        super().__init__(reason)
        self.id = id


class ClientClosed(ClientError):
    """The client closed (or was ended by the server) before a command was answered."""


@runtime_checkable
class DrillConnection(Protocol):
    """One console's connection to a live drill, as the console uses it.

    ``isinstance(x, DrillConnection)`` checks only that the members exist; the signatures are
    checked by ``tests/live/test_connection.py``.

    Attributes:
        url: Where the drill is (shown when it cannot be reached).
        on_state: Called with the new :data:`State` each time it changes (the console sets it
            before it connects).
        closed_reason: Why the connection ended, when it was not :meth:`close`, else None.
    """

    url: str
    on_state: Callable[[State], Any] | None
    closed_reason: str | None

    @property
    def role(self) -> str | None:
        """The role the join code opened, once joined."""
        ...

    async def connect(self) -> Welcome:
        """Join the drill and return the server's ``welcome``.

        Raises:
            JoinRefused: The server refused the join; its reason says why.
            OSError: The server cannot be reached.
            TimeoutError: No answer in time.
        """
        ...

    def events(self) -> AsyncIterator[EventFrame]:
        """The events the role may see, in ``seq`` order, each once; ends when it closes."""
        ...

    async def send(self, action: str, args: dict[str, Any] | None = None, *,
                   id: str | None = None, timeout: float | None = 10.0) -> Ack:
        """Send a command and wait until the server commits it.

        Args:
            action: A participant action of the catalogue, or a facilitator command.
            args: The action's arguments.
            id: The command id; a repeated id is answered again and never applied twice.
            timeout: Seconds to wait for the answer (None: no limit).

        Returns:
            The ``ack``: the command is committed to the journal as event ``seq``.

        Raises:
            CommandRejected: The server refused the command.
            ClientClosed: The connection closed before the answer came.
            TimeoutError: No answer within ``timeout``.
        """
        ...

    async def close(self) -> None:
        """Leave the drill; unanswered commands fail with :class:`ClientClosed`."""
        ...
