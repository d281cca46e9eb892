"""Customer communications: what was told to whom, when, and whether it was the all-clear."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType

from postmortem.model.record import CustomerMessage
from postmortem.tui.widgets.entry_forms import CustomerMessageForm, EntryForm
from postmortem.tui.widgets.table_editor import (
    Column,
    TableEditor,
    TimedEditor,
    cell,
    editor_bindings,
    one_line,
)


class CommunicationsEditor(TimedEditor[CustomerMessage]):
    """`CommunicationsEditor(messages, tz=..., incident_date=...)`; read `messages` on `Changed`."""

    BINDINGS: ClassVar[list[BindingType]] = editor_bindings("communications", "a customer message")
    COLUMNS = (
        Column("time", "Time", 5),
        Column("audience", "Audience", 12),
        Column("channel", "Channel", 11),
        Column("summary", "Summary", None),
        Column("all_clear", "All clear", 9),
    )
    NOUN = "customer messages"
    ORDER_NOTICE = (
        "Customer messages are ordered by time: change the message's time to move it. "
        "Only messages at the same time can be swapped."
    )

    class Changed(TableEditor.Changed):
        """The messages changed: read `editor.messages`."""

    @property
    def messages(self) -> list[CustomerMessage]:
        """A copy of the messages, in time order."""
        return self._items()

    def _time_of(self, item: CustomerMessage) -> datetime:
        return item.time

    def _cells(self, item: CustomerMessage) -> tuple[Text, ...]:
        return (
            cell(self._clock(item.time)),
            cell(one_line(item.audience)),
            cell(one_line(item.channel)),
            cell(one_line(item.summary)),
            cell("✓ yes" if item.all_clear else "", "bold green"),
        )

    def _describe(self, item: CustomerMessage) -> str:
        return f"the {self._clock(item.time)} message"

    def _form(self, item: CustomerMessage | None) -> EntryForm[CustomerMessage]:
        # Suggest what earlier messages used: the same audiences and channels recur.
        rows = [message for _, message in self._rows]
        return CustomerMessageForm(
            item,
            tz=self._zone,
            incident_date=self._incident_date,
            audiences=[message.audience for message in rows],
            channels=[message.channel for message in rows],
        )
