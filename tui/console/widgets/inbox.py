"""The inbox: injects, alerts and messages, newest first, a channel filter and a detail pane.

Rows are added in batches: :meth:`InboxView.add` takes the new items of one batch of events and
adds only those rows, then sorts once; nothing is redrawn per message.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from tui.console.inbox import Inbox, InboxItem
from tui.console.words import channel_name, clock_text, word


class InboxView(Vertical):
    """The inbox list (a DataTable keyed by ``seq``), its filter line and the detail pane."""

    class Opened(Message):
        """An item was opened (Enter), so it is read."""

        def __init__(self, item: InboxItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, lang: str, names: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.names = names or {}
        self.inbox: Inbox | None = None
        self.channel: str | None = None
        self.border_title = word("inbox", lang)

    def compose(self):
        """Filter line, table, detail."""
        yield Static(id="inbox-filter")
        table: DataTable = DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
        table.add_column("#", key="seq", width=4)
        table.add_column(word("time", self.lang), key="t", width=8)
        table.add_column(word("channel", self.lang), key="channel", width=10)
        table.add_column(word("from", self.lang), key="from", width=14)
        table.add_column(word("text", self.lang), key="text")
        yield table
        yield Static(word("no_items", self.lang), id="inbox-detail")

    @property
    def table(self) -> DataTable:
        """The list."""
        return self.query_one("#inbox-table", DataTable)

    def sender(self, item: InboxItem) -> str:
        """Who sent ``item``, in words."""
        if item.sender == "engine":
            return word("engine", self.lang)
        return self.names.get(item.sender, item.sender)

    def show(self, inbox: Inbox, new: list[InboxItem]) -> None:
        """Add the rows of ``new`` items (only those), sort once, refresh the filter line."""
        self.inbox = inbox
        table = self.table
        added = False
        for item in new:
            if self.channel is None or item.channel == self.channel:
                self._add_row(table, item)
                added = True
        if added:
            table.sort("seq", key=lambda seq: -int(str(seq)))
        self._filter_line()

    def _add_row(self, table: DataTable, item: InboxItem) -> None:
        if str(item.seq) in table.rows:
            return
        text = item.line(self.lang).replace("\n", " ")
        table.add_row(str(item.seq), clock_text(item.t), channel_name(item.channel, self.lang),
                      self.sender(item), text, key=str(item.seq))

    def _filter_line(self) -> None:
        if self.inbox is None:
            return
        unread = self.inbox.unread()
        line = Text()
        for channel in [None, *sorted({i.channel for i in self.inbox.items()})]:
            name = word("all", self.lang) if channel is None else channel_name(channel, self.lang)
            count = sum(unread.values()) if channel is None else unread.get(channel, 0)
            style = "bold reverse" if channel == self.channel else ""
            line.append(f" {name}", style)
            if count:
                line.append(f"({count})", style + " yellow")
            line.append(" ", style)
        self.query_one("#inbox-filter", Static).update(line)

    def cycle_channel(self) -> None:
        """Show the next channel (all, then each channel in turn)."""
        if self.inbox is None:
            return
        channels = [None, *sorted({i.channel for i in self.inbox.items()})]
        self.channel = channels[(channels.index(self.channel) + 1) % len(channels)] \
            if self.channel in channels else None
        table = self.table
        table.clear()
        for item in self.inbox.items(self.channel):
            self._add_row(table, item)
        self._filter_line()

    def selected(self) -> InboxItem | None:
        """The highlighted item, or None."""
        table = self.table
        if self.inbox is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((i for i in self.inbox.items() if str(i.seq) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted item in the detail pane."""
        item = self.selected()
        if item is None:
            return
        detail = Text()
        detail.append(f"{clock_text(item.t)}  {channel_name(item.channel, self.lang)}  ", "bold")
        detail.append(self.sender(item) + "\n", "cyan")
        detail.append(item.line(self.lang))
        thread = self.inbox.thread(item.seq) if self.inbox is not None else []
        if len(thread) > 1:  # a reply, or a message with replies: the whole conversation
            detail.append(f"\n\n{word('thread', self.lang)}\n", "bold")
            for said in thread:
                style = "reverse" if said.seq == item.seq else ""
                detail.append(f"{clock_text(said.t)} {self.sender(said)}: "
                              f"{said.line(self.lang)}", style)
                readers = self.inbox.readers(said.seq)
                if readers:
                    names = ("、" if self.lang == "zh" else ", ").join(
                        self.names.get(r, r) for r in readers)
                    detail.append(f"  ✓ {word('read_by', self.lang)}{names}", "green")
                detail.append("\n")
        self.query_one("#inbox-detail", Static).update(detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an item opens it: it is read (unread counts go down)."""
        item = self.selected()
        if item is None or self.inbox is None:
            return
        self.inbox.mark_read(item.seq)
        self._filter_line()
        self.post_message(self.Opened(item))
