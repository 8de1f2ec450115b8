"""The participant's inbox: injects, alerts and messages that reach one role, as a data model.

The console's inbox widget shows this model; the model knows nothing of Textual (data models apart
from widgets, as in Posting). It is fed the events the server sends to the role (already filtered
by :mod:`simulator.live.visibility`) and keeps what belongs in an inbox:

- ``inject.fired``: an inject, on its own channel (IDS alert, phone, email, IM, social media, news,
  regulator, user complaint, ...);
- ``action.taken`` of ``send_message``, ``issue_instruction`` and ``report_incident`` that reached
  the role (channel ``message``, ``instruction``, ``report``), and the statement steps
  (``statement``);
- ``tool.down`` and ``tool.up``: alerts (channel ``alert``);
- ``message.read``: receipts of the role's own messages ("who has read"), kept with
  :meth:`Inbox.readers`.

Events are keyed by ``seq``, so that replaying the drill after a reconnect (the client asks for
everything after the last ``seq`` it saw, and may get some again) never duplicates an item.
Items are listed newest first; each channel counts its unread items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MESSAGE_CHANNELS = {"send_message": "message", "issue_instruction": "instruction",
                    "report_incident": "report", "draft_statement": "statement",
                    "approve_statement": "statement", "publish_statement": "statement"}
"""Actions that land in an inbox, and the channel they show under."""

REPORT_ORDER = ("time", "place", "type", "impact")
"""The fields of an incident report, in the order the plan gives them (section 4.1)."""

REPORT_LABELS_ZH = {"time": "时间", "place": "地点", "type": "类型", "impact": "影响"}
"""The report fields as a Chinese inbox line names them."""


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One inbox entry.

    Attributes:
        seq: The journal record it came from.
        t: Drill time, seconds.
        channel: Where it came from (an inject's channel, ``message``, ``alert``, ...).
        sender: The role that sent it, or ``engine`` for injects and alerts.
        text: Its text by language (``{"zh": ..., "en": ...}``; a person's message has the same
            text in both).
        ref: What it answers to: the inject id, the message's ``seq`` as text, the tool id.
        reply_to: For a reply, the ``seq`` of the message it answers.
    """

    seq: int
    t: float
    channel: str
    sender: str
    text: Mapping[str, str]
    ref: str | None = None
    reply_to: int | None = None

    def line(self, lang: str) -> str:
        """The item's text in ``lang`` (the other language when that one is empty)."""
        return self.text.get(lang) or next((v for v in self.text.values() if v), "")


def _same(text: str) -> dict[str, str]:
    return {"zh": text, "en": text}


def item_of(event: Mapping[str, Any], role: str,
            tools: Mapping[str, Mapping[str, str]] | None = None) -> InboxItem | None:
    """The inbox item an event makes for ``role``, or None when it is not inbox material.

    Args:
        event: The event (``seq``, ``t``, ``kind``, ``actor``, ``data``).
        role: Whose inbox it is.
        tools: Tool names by id (``{"zh": ..., "en": ...}``), from the welcome.
    """
    kind, data = event["kind"], event["data"]
    seq, t = int(event["seq"]), float(event["t"])
    if kind == "inject.fired" and role in data.get("to", ()):
        return InboxItem(seq, t, data.get("channel", "inject"), "engine",
                         dict(data.get("text") or {}), data.get("inject"))
    if kind in ("tool.down", "tool.up"):
        tool = data.get("tool", "")
        name = (tools or {}).get(tool) or {}
        zh, en = name.get("zh") or tool, name.get("en") or tool
        reason = data.get("reason") or {}
        text = ({"zh": f"{zh}不可用：{reason.get('zh', '')}",
                 "en": f"{en} is down: {reason.get('en', '')}"} if kind == "tool.down"
                else {"zh": f"{zh}已恢复", "en": f"{en} is back"})
        return InboxItem(seq, t, "alert", "engine", text, tool)
    if kind != "action.taken":
        return None
    action = data.get("action")
    channel = MESSAGE_CHANNELS.get(action)
    if channel is None:
        return None
    result, args = data.get("result") or {}, data.get("args") or {}
    reached = result.get("recipients") or result.get("to")
    if event.get("actor") != role and reached is not None and role not in reached:
        return None
    if action == "report_incident":
        text = {"en": "; ".join(f"{name}: {args.get(name) or '—'}" for name in REPORT_ORDER),
                "zh": "；".join(f"{REPORT_LABELS_ZH[name]}：{args.get(name) or '—'}"
                               for name in REPORT_ORDER)}
    elif action in ("send_message", "issue_instruction", "draft_statement"):
        text = _same(str(args.get("text", "")))
    else:
        text = _same(str(args.get("statement", "")))
    parent = str(args.get("reply_to") or "")
    return InboxItem(seq, t, channel, str(event.get("actor")), text, str(seq),
                     int(parent) if parent.isdigit() else None)


@dataclass
class Inbox:
    """The inbox of one role.

    Attributes:
        role: Whose inbox it is.
        tools: Tool names by id, for alerts.
    """

    role: str
    tools: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _items: dict[int, InboxItem] = field(default_factory=dict)
    _sent: dict[int, InboxItem] = field(default_factory=dict)
    _readers: dict[int, set[str]] = field(default_factory=dict)
    _read: set[int] = field(default_factory=set)

    def add(self, event: Mapping[str, Any]) -> InboxItem | None:
        """Take one event; return the new item, or None (not inbox material, or seen before).

        The role's own messages are kept for threads (:meth:`thread`) but are not inbox items.
        """
        seq = int(event["seq"])
        if seq in self._items or seq in self._sent:
            return None
        if event["kind"] == "message.read":  # a receipt: who has read one of our messages
            self._readers.setdefault(int(event["data"]["message"]), set()).add(event["actor"])
            return None
        item = item_of(event, self.role, self.tools)
        if item is not None and item.sender == self.role:
            self._sent[seq] = item
            return None
        if item is not None:
            self._items[seq] = item
        return item

    def readers(self, seq: int) -> list[str]:
        """Roles that have read message ``seq`` (receipts of the role's own messages), sorted."""
        return sorted(self._readers.get(seq, ()))

    def thread(self, seq: int) -> list[InboxItem]:
        """The conversation ``seq`` belongs to (replies and what they answer), oldest first."""
        messages = {**self._sent, **self._items}
        root = messages.get(seq)
        if root is None:
            return []
        seen = {root.seq}
        while root.reply_to in messages and root.reply_to not in seen:
            root = messages[root.reply_to]
            seen.add(root.seq)
        members, frontier = {root.seq}, [root.seq]
        while frontier:
            parent = frontier.pop()
            for item in messages.values():
                if item.reply_to == parent and item.seq not in members:
                    members.add(item.seq)
                    frontier.append(item.seq)
        return [messages[s] for s in sorted(members)]

    def add_all(self, events: Iterable[Mapping[str, Any]]) -> list[InboxItem]:
        """Take many events at once (a catch-up after reconnecting); return the new items."""
        return [item for item in map(self.add, events) if item is not None]

    def items(self, channel: str | None = None) -> list[InboxItem]:
        """Items newest first, of one channel or all."""
        chosen = (i for i in self._items.values() if channel is None or i.channel == channel)
        return sorted(chosen, key=lambda i: i.seq, reverse=True)

    def mark_read(self, seq: int) -> None:
        """Note that the item ``seq`` was opened."""
        if seq in self._items:
            self._read.add(seq)

    def unread(self) -> Counter[str]:
        """Unread items by channel."""
        return Counter(i.channel for s, i in self._items.items() if s not in self._read)

    def __len__(self) -> int:
        return len(self._items)
