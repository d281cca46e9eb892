"""The timeline: what happened when, kept in time order."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType

from postmortem.model.enums import TimelineKind
from postmortem.model.record import TimelineEntry
from postmortem.tui.widgets.entry_forms import EntryForm, TimelineEntryForm
from postmortem.tui.widgets.table_editor import (
    Column,
    TableEditor,
    TimedEditor,
    cell,
    editor_bindings,
    one_line,
)

# The kinds a reader scans for stand out; the rest stay plain.
KIND_STYLES = {
    TimelineKind.TRIGGER: "bold red",
    TimelineKind.DETECTION: "yellow",
    TimelineKind.MITIGATION: "green",
    TimelineKind.RESOLUTION: "bold green",
}


class TimelineEditor(TimedEditor[TimelineEntry]):
    """`TimelineEditor(entries, tz=..., incident_date=...)`; read `entries` on `Changed`."""

    BINDINGS: ClassVar[list[BindingType]] = editor_bindings("timeline", "a timeline entry")
    COLUMNS = (
        Column("time", "Time", 5),
        Column("kind", "Kind", 13),
        Column("text", "What happened", None),
        Column("source", "Source", 14),
    )
    NOUN = "timeline entries"
    ORDER_NOTICE = (
        "The timeline is ordered by time: change the entry's time to move it. "
        "Only entries at the same time can be swapped."
    )

    class Changed(TableEditor.Changed):
        """The timeline changed: read `editor.entries`."""

    @property
    def entries(self) -> list[TimelineEntry]:
        """A copy of the entries, in time order."""
        return self._items()

    def _time_of(self, item: TimelineEntry) -> datetime:
        return item.time

    def _cells(self, item: TimelineEntry) -> tuple[Text, ...]:
        return (
            cell(self._clock(item.time)),
            cell(item.kind.value, KIND_STYLES.get(item.kind, "")),
            cell(one_line(item.text)),
            cell(one_line(item.source)),
        )

    def _describe(self, item: TimelineEntry) -> str:
        return f"the {self._clock(item.time)} entry"

    def _form(self, item: TimelineEntry | None) -> EntryForm[TimelineEntry]:
        return TimelineEntryForm(item, tz=self._zone, incident_date=self._incident_date)
