"""The modal forms that add or edit one timeline entry, action item or customer message.

Each is a `ModalScreen` that hands back the new record with `dismiss(record)`, or None when
cancelled. A field that cannot be read shows its error under it and the form stays open with
everything typed still there. Sized for 80x24: one line per field, scrolling when short of room.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from postmortem.model.enums import ActionStatus, ActionType, Priority, TimelineKind
from postmortem.model.record import ActionItem, CustomerMessage, TimelineEntry
from postmortem.model.times import TimeFormatError, format_time, parse_time

ItemT = TypeVar("ItemT")
EnumT = TypeVar("EnumT", bound=Enum)

TIME_PLACEHOLDER = "14:02, 2026-11-26 14:02 or now"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def aware(moment: datetime, tz: tzinfo) -> datetime:
    """A time without a zone is read in the report's zone (validation reports it): never
    let one naive time make sorting or display fail."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def time_text(moment: datetime, tz: tzinfo, incident_date: date | None) -> str:
    """How the form shows a time: short on the incident date, as it would be typed."""
    local = aware(moment, tz).astimezone(tz)
    if incident_date is not None and local.date() == incident_date:
        return local.strftime("%H:%M:%S" if local.second else "%H:%M")
    return format_time(local, tz)


class FieldError(ValueError):
    """A field's text the form cannot read; shown under the field."""

    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id
        self.message = message


def field(label: str, widget: Widget) -> ComposeResult:
    """A labelled one-line field and the line its error appears on."""
    yield Horizontal(Label(label, classes="field-label"), widget, classes="field")
    yield Static("", id=f"{widget.id}-error", classes="field-error", markup=False)


def enum_select(enum: type[EnumT], value: EnumT, widget_id: str) -> Select[EnumT]:
    return Select(
        [(member.value, member) for member in enum],
        value=value,
        allow_blank=False,
        compact=True,
        id=widget_id,
    )


class EntryForm(ModalScreen[ItemT | None]):
    """The frame every form shares: title, fields that scroll, Save and Cancel."""

    DEFAULT_CSS = """
    EntryForm {
        align: center middle;
        & > #form-box {
            width: 78;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-title-style: bold;
            background: $panel;
            padding: 0 1;
        }
        #form-fields { height: auto; max-height: 16; }
        .field { height: auto; margin-top: 1; }
        .field-label { width: 14; color: $text-muted; }
        .field:focus-within > .field-label { color: $accent; text-style: bold; }
        .field > Input, .field > Select, .field > Checkbox, .field > .read-only { width: 1fr; }
        .field > Input:focus, .field > Checkbox:focus { background-tint: $foreground 12%; }
        .field > TextArea { width: 1fr; height: 5; }
        .field > .read-only { color: $text-muted; }
        .field-error { display: none; color: $error; padding-left: 14; }
        .field-error.-shown { display: block; }
        #form-hint { color: $text-muted; margin-top: 1; }
        #form-buttons { height: 1; align-horizontal: right; }
        #form-buttons > Button { margin-left: 2; min-width: 10; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    TITLE_TEXT: ClassVar[str] = "Entry"

    def __init__(self, *, new: bool) -> None:
        super().__init__()
        self.new = new

    def compose(self) -> ComposeResult:
        box = Vertical(id="form-box")
        box.border_title = f"{'New' if self.new else 'Edit'} {self.TITLE_TEXT}"
        with box:
            # Not focusable itself: focus goes straight to the first field, and moving
            # between fields scrolls them into view.
            with VerticalScroll(id="form-fields", can_focus=False):
                yield from self.compose_fields()
            yield Static("ctrl+s save · esc cancel · tab next field", id="form-hint", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def read(self) -> ItemT:
        """The record the fields describe; raises FieldError for a field it cannot read."""
        raise NotImplementedError

    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
        try:
            item = self.read()
        except FieldError as error:
            self.show_error(error.field_id, error.message)
            return
        self.dismiss(item)

    def on_mount(self) -> None:
        self._as_opened = self._values()

    def _values(self) -> list[object]:
        """What every field holds now, in order."""
        values: list[object] = []
        for widget in self.query("#form-fields Input, #form-fields TextArea, #form-fields Select"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, (Input, Select)):
                values.append(widget.value)
        values.extend(box.value for box in self.query("#form-fields Checkbox").results(Checkbox))
        return values

    def has_changes(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self.is_mounted and self._values() != getattr(self, "_as_opened", [])

    def ask_discard(self, then: Callable[[], object]) -> None:
        """Ask before dropping what was typed; `then` runs once the form is dismissed."""
        from postmortem.tui.screens.dialogs import DiscardEntryDialog

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
                self.app.call_later(then)

        self.app.push_screen(DiscardEntryDialog(self.TITLE_TEXT), answer)

    def action_cancel(self) -> None:
        if self.has_changes():
            self.ask_discard(lambda: None)
        else:
            self.dismiss(None)

    def show_error(self, field_id: str, message: str) -> None:
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(message)
        error.add_class("-shown")
        widget = self.query_one(f"#{field_id}")
        widget.add_class("-invalid")
        widget.focus()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in a one-line field saves: the fast path is type the time, enter.
        event.stop()
        self.action_save()

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        # The error was about the old text; retyping clears it until the next save.
        event.input.remove_class("-invalid")
        if event.input.id:
            for error in self.query(f"#{event.input.id}-error"):
                error.remove_class("-shown")

    # -- reading fields ---------------------------------------------------------------------

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def prose(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", TextArea).text.strip()

    def choice(self, field_id: str, enum: type[EnumT]) -> EnumT:
        value = self.query_one(f"#{field_id}", Select).selection
        if not isinstance(value, enum):  # allow_blank=False: cannot happen
            raise FieldError(field_id, "choose one")
        return value


class TimedForm(EntryForm[ItemT]):
    """A form with a time field typed fast: `14:02` on the incident date, a date-time, `now`."""

    def __init__(
        self,
        *,
        time: datetime | None,
        tz: tzinfo,
        incident_date: date | None,
    ) -> None:
        super().__init__(new=time is None)
        self.tz = tz
        self.incident_date = incident_date
        self.original_time = time
        self.original_text = "" if time is None else time_text(time, tz, incident_date)

    def time_field(self) -> ComposeResult:
        yield from field(
            "Time",
            Input(self.original_text, placeholder=TIME_PLACEHOLDER, id="time", compact=True),
        )

    def read_time(self) -> datetime:
        typed = self.text("time")
        if self.original_time is not None and typed == self.original_text:
            # Unchanged: keep the stored time exactly (its seconds, its offset).
            return self.original_time
        try:
            return parse_time(typed, self.tz, on=self.incident_date)
        except TimeFormatError as error:
            raise FieldError("time", str(error)) from error


class TimelineEntryForm(TimedForm[TimelineEntry]):
    TITLE_TEXT = "timeline entry"

    def __init__(
        self, entry: TimelineEntry | None, *, tz: tzinfo, incident_date: date | None
    ) -> None:
        super().__init__(time=entry.time if entry else None, tz=tz, incident_date=incident_date)
        self.entry = entry or TimelineEntry(time=datetime.now(tz))

    def compose_fields(self) -> ComposeResult:
        yield from self.time_field()
        yield from field("Kind", enum_select(TimelineKind, self.entry.kind, "kind"))
        yield from field(
            "What happened",
            TextArea(
                self.entry.text,
                id="text",
                soft_wrap=True,
                compact=True,
                placeholder="What happened, what was seen or decided",
            ),
        )
        yield from field(
            "Source",
            Input(
                self.entry.source,
                placeholder="link or reference: dashboard, chat message, ticket",
                id="source",
                compact=True,
            ),
        )

    def read(self) -> TimelineEntry:
        return TimelineEntry(
            time=self.read_time(),
            kind=self.choice("kind", TimelineKind),
            text=self.prose("text"),
            source=self.text("source"),
        )


class CustomerMessageForm(TimedForm[CustomerMessage]):
    TITLE_TEXT = "customer message"

    def __init__(
        self,
        message: CustomerMessage | None,
        *,
        tz: tzinfo,
        incident_date: date | None,
        audiences: Iterable[str] = (),
        channels: Iterable[str] = (),
    ) -> None:
        super().__init__(time=message.time if message else None, tz=tz, incident_date=incident_date)
        self.message = message or CustomerMessage(time=datetime.now(tz))
        self.audiences = _distinct(audiences)
        self.channels = _distinct(channels)

    def compose_fields(self) -> ComposeResult:
        yield from self.time_field()
        yield from field(
            "Audience",
            Input(
                self.message.audience,
                placeholder="who was told: all customers, EU tenants, ...",
                suggester=SuggestFromList(self.audiences, case_sensitive=False),
                id="audience",
                compact=True,
            ),
        )
        yield from field(
            "Channel",
            Input(
                self.message.channel,
                placeholder="status page, email, ...",
                suggester=SuggestFromList(self.channels, case_sensitive=False),
                id="channel",
                compact=True,
            ),
        )
        yield from field(
            "Summary",
            TextArea(
                self.message.summary,
                id="summary",
                soft_wrap=True,
                compact=True,
                placeholder="What the message told customers",
            ),
        )
        yield from field(
            "All clear",
            Checkbox(
                "this message said the incident is over",
                self.message.all_clear,
                id="all_clear",
                compact=True,
            ),
        )

    def read(self) -> CustomerMessage:
        return CustomerMessage(
            time=self.read_time(),
            audience=self.text("audience"),
            channel=self.text("channel"),
            summary=self.prose("summary"),
            all_clear=self.query_one("#all_clear", Checkbox).value,
        )


class ActionItemForm(EntryForm[ActionItem]):
    """The id is the tool's (shown, never typed): it is what trackers and reports cite."""

    TITLE_TEXT = "action item"

    def __init__(self, item: ActionItem, *, new: bool, owners: Sequence[str] = ()) -> None:
        super().__init__(new=new)
        self.item = item
        self.owners = _distinct(owners)

    def compose_fields(self) -> ComposeResult:
        item = self.item
        yield from field("Id", Static(item.id, id="id", classes="read-only", markup=False))
        yield from field(
            "Title", Input(item.title, placeholder="what will be done", id="title", compact=True)
        )
        yield from field(
            "Owner",
            Input(
                item.owner,
                placeholder="who makes sure it is done (→ accepts a suggestion)",
                suggester=SuggestFromList(self.owners, case_sensitive=False),
                id="owner",
                compact=True,
            ),
        )
        yield from field("Type", enum_select(ActionType, item.type, "type"))
        yield from field("Priority", enum_select(Priority, item.priority, "priority"))
        yield from field(
            "Due",
            Input(
                item.due.isoformat() if item.due else "",
                placeholder="YYYY-MM-DD",
                id="due",
                compact=True,
            ),
        )
        yield from field("Status", enum_select(ActionStatus, item.status, "status"))
        yield from field(
            "Tracker",
            Input(item.tracker, placeholder="ticket link or key", id="tracker", compact=True),
        )

    def read(self) -> ActionItem:
        return ActionItem(
            id=self.item.id,
            title=self.text("title"),
            owner=self.text("owner"),
            type=self.choice("type", ActionType),
            priority=self.choice("priority", Priority),
            due=self._due(),
            status=self.choice("status", ActionStatus),
            tracker=self.text("tracker"),
        )

    def _due(self) -> date | None:
        typed = self.text("due")
        if not typed:
            return None
        # fromisoformat alone also takes `20261130` and week dates; the file format is YYYY-MM-DD.
        try:
            if not _DATE.match(typed):
                raise ValueError(typed)
            return date.fromisoformat(typed)
        except ValueError as error:
            raise FieldError("due", f"{typed!r} is not a date; type YYYY-MM-DD") from error


def _distinct(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept: suggestions in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        if value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)
