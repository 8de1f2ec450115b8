r"""The wire protocol between a live drill session and its clients: pure data, no I/O.

JSON text frames over WebSocket. Every frame is an object with a ``type``. A client opens with
``hello`` (its join code, the last event ``seq`` it has, its language); the server answers
``welcome`` and then every event the client's role may see since that ``seq``, or ``error`` and
closes. Afterwards the server pushes ``event`` frames, and the client sends ``command`` frames,
each answered by ``ack`` once the command is committed to the journal, or by ``reject`` with the
reason. A repeated command ``id`` is answered again and never applied twice. The facilitator's
commands (start, pause, resume, speed, skip, fire inject, ad-hoc inject, observation, bots, end)
use the same ``command`` frame with the facilitator's code.

Frames are I-JSON (RFC 7493), checked before anything reaches the engine: ``NaN`` and the
infinities (which :func:`json.loads` accepts), numbers beyond :data:`MAX_SAFE_INTEGER` or longer
than :data:`MAX_NUMBER_CHARS` characters, and strings holding a lone surrogate (the escape
``"\ud800"``, which no journal can store as UTF-8) are refused with a one-line reason, like
malformed JSON.

``docs/protocol.md`` documents every message with its JSON Schema, generated from this module by
a tool that imports it (``python -m simulator.tools.protocol_docs --write``; nothing here imports
the tool); a test fails when the page is stale.
"""

from __future__ import annotations

import json
import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

PROTOCOL_VERSION = 1
"""Bumped whenever a message changes incompatibly; ``welcome`` carries it."""
MAX_FRAME_BYTES = 64 * 1024
"""Largest frame a client may send, in UTF-8 bytes (a command's text fields are far smaller)."""
MAX_SERVER_FRAME_BYTES = 4 * MAX_FRAME_BYTES
"""Largest frame the server sends: an event echoes a command's arguments with some overhead, so
it may be larger than the command was."""
MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer magnitude a frame may hold (I-JSON: exact in every JSON implementation)."""
MAX_NUMBER_CHARS = 32
"""Longest number literal a frame may hold; longer ones are refused before they are converted."""
COMMAND_ID = Annotated[str, Field(min_length=1, max_length=64)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Hello(_Message):
    """Client → server, first frame: who I am and what I already have."""

    type: Literal["hello"]
    code: str = Field(min_length=1, max_length=64, description="The join code of a role.")
    last_seq: int | None = Field(default=None, ge=0, description="The newest event the client "
                                 "has (null on a first join); the server sends what came after.")
    lang: Literal["zh", "en"] = "zh"
    client: str | None = Field(default=None, max_length=80, description="Client name/version.")


class Command(_Message):
    """Client → server: take an action (a participant's, or the facilitator's)."""

    type: Literal["command"]
    id: COMMAND_ID = Field(description="Chosen by the client, unique for its role in this "
                           "drill (a random uuid); a repeated id is answered again, never "
                           "applied twice, even after a reconnect or a server restart.")
    action: str = Field(min_length=1, max_length=64, description="An action id of the catalogue "
                        "(participants), 'read' with args {message: seq} (a read receipt), "
                        "or a facilitator command.")
    args: dict[str, Any] = Field(default_factory=dict)


class Welcome(_Message):
    """Server → client: the join worked."""

    type: Literal["welcome"]
    protocol: int = PROTOCOL_VERSION
    role: str = Field(description="The role id, or 'facilitator' or 'observer'.")
    drill: dict[str, Any] = Field(description="Scenario id and title, start, length, the clock "
                                  "(sim time, speed, paused), the roles and groups, the targets "
                                  "(services, stores, segments), the regulator's rule, the tools "
                                  "and the tasks (measures) with the role doing each; for a "
                                  "participant also its actions, duties and measures seen.")
    seq: int = Field(ge=0, description="The newest event of the drill now.")


class Error(_Message):
    """Server → client: the connection is refused or broken; the server closes after it."""

    type: Literal["error"]
    reason: str


class EventFrame(_Message):
    """Server → client: one journal event the client's role may see."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True)

    type: Literal["event"]
    seq: int = Field(ge=1)
    t: float = Field(ge=0, description="Sim seconds from the drill start.")
    kind: str
    actor: str
    data: dict[str, Any]


class Ack(_Message):
    """Server → client: the command is committed to the journal as event ``seq``."""

    type: Literal["ack"]
    id: COMMAND_ID
    seq: int = Field(ge=1)
    code: str | None = Field(default=None, description="Only for the facilitator's `codes` "
                             "rotation: the role's new join code. It is in this answer alone "
                             "(the journal holds its hash); a repeated id is answered without "
                             "it.")


class Reject(_Message):
    """Server → client: the command was not applied, and why."""

    type: Literal["reject"]
    id: str | None = Field(default=None, description="The command's id (null if unreadable).")
    reason: str


ClientMessage = Annotated[Hello | Command, Field(discriminator="type")]
ServerMessage = Annotated[Welcome | Error | EventFrame | Ack | Reject,
                          Field(discriminator="type")]
MESSAGES: tuple[type[_Message], ...] = (Hello, Command, Welcome, Error, EventFrame, Ack, Reject)

_CLIENT = TypeAdapter(ClientMessage)
_SERVER = TypeAdapter(ServerMessage)


class ProtocolError(ValueError):
    """A frame that is not a valid message; ``str()`` is the one-line reason to send back."""


def _refuse_constant(name: str):
    raise ProtocolError(f"non-finite number {name} is not allowed")


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise ProtocolError(f"number with more than {MAX_NUMBER_CHARS} characters")
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise ProtocolError(f"integer beyond ±{MAX_SAFE_INTEGER}")
    return value


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ProtocolError(f"number with more than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise ProtocolError(f"number {text} is out of range")
    return value


def _check_strings(raw: Any) -> None:
    """Refuse a lone surrogate in any key or string value (walked without recursion)."""
    stack = [raw]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise ProtocolError("text holds a lone surrogate (not valid Unicode)")


_SURROGATE = re.compile("[\ud800-\udfff]")


def loads(frame: str) -> Any:
    """Parse I-JSON text (see the module docstring); raises :class:`ProtocolError`."""
    try:
        raw = json.loads(frame, parse_constant=_refuse_constant, parse_int=_parse_int,
                         parse_float=_parse_float)
    except json.JSONDecodeError as error:
        raise ProtocolError(f"malformed JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise ProtocolError("malformed JSON: nested too deeply") from None
    _check_strings(raw)
    return raw


def _decode(frame: str | bytes, adapter: TypeAdapter, limit: int):
    if isinstance(frame, bytes):
        raise ProtocolError("frames must be JSON text, not binary")
    if len(frame) > limit // 4 and len(frame.encode("utf-8")) > limit:
        raise ProtocolError(f"frame larger than {limit} bytes")
    raw = loads(frame)
    try:
        return adapter.validate_python(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "frame"
        raise ProtocolError(f"{where}: {first['msg']}") from None


def decode_client(frame: str | bytes) -> Hello | Command:
    """Parse a frame a client sent; raises :class:`ProtocolError`."""
    return _decode(frame, _CLIENT, MAX_FRAME_BYTES)


def decode_server(frame: str | bytes) -> Welcome | Error | EventFrame | Ack | Reject:
    """Parse a frame the server sent; raises :class:`ProtocolError`."""
    return _decode(frame, _SERVER, MAX_SERVER_FRAME_BYTES)


def encode(message: _Message) -> str:
    """A message as a compact JSON text frame (an ``ack`` without a ``code`` leaves it out)."""
    if isinstance(message, Ack) and message.code is None:
        return message.model_dump_json(exclude={"code"})
    return message.model_dump_json(exclude_none=False)


def event_frame(seq: int, t: float, kind: str, actor: str, data: dict[str, Any]) -> str:
    """An ``event`` frame, built without validation (the hot path of the fan-out)."""
    return json.dumps({"type": "event", "seq": seq, "t": t, "kind": kind, "actor": actor,
                       "data": data}, ensure_ascii=False, separators=(",", ":"))
