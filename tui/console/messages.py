"""The Textual messages the console's workers post (network work in workers, messages up)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class ConnectionChanged(Message):
    """The client's connection state changed (connecting, connected, reconnecting, closed)."""

    def __init__(self, state: str) -> None:
        super().__init__()
        self.state = state


class Joined(Message):
    """The server welcomed the console: ``welcome`` has the role and the drill."""

    def __init__(self, welcome: Any) -> None:
        super().__init__()
        self.welcome = welcome


class JoinFailed(Message):
    """The join was refused or the server could not be reached; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class EventsArrived(Message):
    """A batch of events, in ``seq`` order (everything that was available at once)."""

    def __init__(self, events: list[Any]) -> None:
        super().__init__()
        self.events = events


class StreamEnded(Message):
    """The client's event stream ended (it closed); ``reason`` is why, when known."""

    def __init__(self, reason: str | None) -> None:
        super().__init__()
        self.reason = reason


class CommandAnswered(Message):
    """The server answered command ``id``: ``seq`` when accepted, ``reason`` when refused."""

    def __init__(self, id: str, seq: int | None = None, reason: str | None = None) -> None:
        super().__init__()
        self.id = id
        self.seq = seq
        self.reason = reason
