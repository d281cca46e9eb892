"""What the three table editors share: a row-cursor table over a list of records, a modal form
to add or edit one, delete, reorder and several levels of undo.

Records are treated as values: an edit replaces the record with a new one and never changes it
in place, so an undo snapshot is a cheap shallow copy of the list.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from postmortem.tui.widgets.entry_forms import EntryForm, aware

ItemT = TypeVar("ItemT")

UNDO_LEVELS = 100
MIN_FLEX_WIDTH = 12


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None  # None: the one column that takes the width the others leave


def one_line(text: str) -> str:
    """The first non-blank line: a table row is one line high."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def cell(value: str, style: str = "") -> Text:
    # Text, not str: DataTable reads a str cell as Rich markup, and `[v2.3]` in an entry is text.
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", end="")


def editor_bindings(prefix: str, noun: str) -> list[BindingType]:
    """The editing keys; the ids (`timeline.add`, ...) let users remap them in the keymap."""
    return [
        Binding("a", "add", "Add", id=f"{prefix}.add", tooltip=f"Add {noun}"),
        Binding("e,enter", "edit", "Edit", id=f"{prefix}.edit", tooltip=f"Edit the {noun}"),
        Binding("d,delete", "delete", "Delete", id=f"{prefix}.delete", tooltip=f"Delete {noun}"),
        # Not in the footer (the Undo button shows it), so that Help still fits at 80 columns.
        Binding(
            "u,ctrl+z",
            "undo",
            "Undo",
            id=f"{prefix}.undo",
            tooltip="Undo the last change",
            show=False,
        ),
        Binding(
            "ctrl+up,K", "move_up", "Move up", id=f"{prefix}.move_up", show=False, key_display="K"
        ),
        Binding(
            "ctrl+down,J",
            "move_down",
            "Move down",
            id=f"{prefix}.move_down",
            show=False,
            key_display="J",
        ),
    ]


class RecordTable(DataTable[Text]):
    """A DataTable whose one flexible column takes the width left, so rows fit at 80 columns."""

    class RowClicked(Message):
        """A click on a row: DataTable itself only selects on a second click on the same row."""

        def __init__(self, table: RecordTable, row_index: int) -> None:
            super().__init__()
            self.table = table
            self.row_index = row_index

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True)
        self.specs = tuple(columns)

    def add_spec_columns(self) -> None:
        for spec in self.specs:
            self.add_column(spec.label, width=spec.width or MIN_FLEX_WIDTH, key=spec.key)

    def set_column_width(self, key: str, width: int) -> None:
        for column in self.columns.values():
            if column.key.value == key:
                column.width = width
        self.fit_columns()

    def fit_columns(self) -> None:
        flex = [c for c in self.columns.values() if self._is_flex(c.key.value)]
        if not flex or not self.size.width:
            return
        fixed = sum(c.get_render_width(self) for c in self.columns.values() if c not in flex)
        # Leave room for the vertical scrollbar even before it appears: the table is not told
        # when it does, and a 2-cell overflow would bring a horizontal scrollbar for nothing.
        room = self.size.width - fixed - self.styles.scrollbar_size_vertical
        flex[0].width = max(MIN_FLEX_WIDTH, room - 2 * self.cell_padding)
        total = sum(c.get_render_width(self) for c in self.columns.values())
        self.virtual_size = Size(total, self.virtual_size.height)
        self.refresh()

    def _is_flex(self, key: str | None) -> bool:
        return any(spec.key == key and spec.width is None for spec in self.specs)

    def on_resize(self, event: events.Resize) -> None:
        # Runs before DataTable's own resize handler, which clears the render caches.
        self.fit_columns()

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        row = meta.get("row")
        if isinstance(row, int) and 0 <= row < self.row_count:
            self.post_message(self.RowClicked(self, row))


class ToolButton(Button, can_focus=False):
    """A toolbar button for the mouse; keyboard users have the keys, so tab skips it."""


class TableEditor(Widget, Generic[ItemT]):
    """A list of records in a table: add, edit (modal form), delete, reorder, undo."""

    DEFAULT_CSS = """
    TableEditor {
        height: 1fr;
        & > .toolbar {
            height: 1;
            & > Button { margin-right: 1; min-width: 8; }
        }
        & > RecordTable { height: 1fr; }
        & > .empty-hint { color: $text-muted; padding: 0 1; }
    }
    """

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    NOUN: ClassVar[str] = "rows"  # "timeline entries": in the empty-list hint
    # Told when a move would break the time order (ORDERED_BY_TIME editors only).
    ORDER_NOTICE: ClassVar[str] = ""
    ORDERED_BY_TIME: ClassVar[bool] = False

    class Changed(Message):
        """The list changed (add, edit, delete, move, undo); read the editor's list."""

        def __init__(self, editor: TableEditor[Any]) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> TableEditor[Any]:
            return self.editor

        def can_replace(self, message: Message) -> bool:
            # Changes faster than the app handles them collapse: it reads the whole list anyway.
            return (
                type(message) is type(self)
                and isinstance(message, TableEditor.Changed)
                and message.editor is self.editor
            )

    def __init__(self, items: Iterable[ItemT], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys = itertools.count(1)
        # (row key, record) pairs: a key stays with its record across edits, moves and undo.
        self._rows: list[tuple[str, ItemT]] = []
        self._shown: list[tuple[str, ItemT]] = []  # what the table shows, to update only that
        self._undo: list[tuple[list[tuple[str, ItemT]], str | None]] = []
        self._deleted_notice: Notification | None = None  # "Deleted … Press u to undo."
        self._rows = self._arrange([(self._new_key(), copy.copy(item)) for item in items])

    # -- what each editor provides ----------------------------------------------------------

    def _cells(self, item: ItemT) -> tuple[Text, ...]:
        raise NotImplementedError

    def _form(self, item: ItemT | None) -> EntryForm[ItemT]:
        raise NotImplementedError

    def _describe(self, item: ItemT) -> str:
        """A few words naming the record, for notifications."""
        return self.NOUN

    def _time_of(self, item: ItemT) -> datetime:
        raise NotImplementedError  # only editors that are ORDERED_BY_TIME

    def _before_show(self, table: RecordTable) -> None:
        """Adjust column widths to the rows about to be shown."""

    def _added(self, item: ItemT) -> None:
        """A form saved a new record (before it joins the list)."""

    @property
    def _tz(self) -> tzinfo:
        raise NotImplementedError

    # -- the list ---------------------------------------------------------------------------

    def _items(self) -> list[ItemT]:
        # Copies, so the caller cannot change a record the undo history still holds.
        return [copy.copy(item) for _, item in self._rows]

    def _replace(self, items: Iterable[ItemT]) -> None:
        """New content from outside (a reload): no undo across it, no Changed message."""
        self._rows = self._arrange([(self._new_key(), copy.copy(item)) for item in items])
        self._undo.clear()
        if self.is_mounted:
            self._show(None, full=True)

    def _new_key(self) -> str:
        return f"row-{next(self._keys)}"

    def _arrange(self, rows: list[tuple[str, ItemT]]) -> list[tuple[str, ItemT]]:
        if not self.ORDERED_BY_TIME:
            return rows
        tz = self._tz
        # Stable: entries at the same time keep the order they were entered (or moved) in.
        return sorted(rows, key=lambda row: aware(self._time_of(row[1]), tz))

    def _commit(self, rows: list[tuple[str, ItemT]], cursor_key: str | None) -> None:
        self._undo.append((self._rows, self._cursor_key()))
        del self._undo[:-UNDO_LEVELS]
        self._rows = self._arrange(rows)
        self._show(cursor_key)
        self.post_message(self.Changed(self))

    # -- the table --------------------------------------------------------------------------

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield ToolButton("+ Add", name="add", compact=True, variant="primary")
            yield ToolButton("Edit", name="edit", compact=True)
            yield ToolButton("Delete", name="delete", compact=True)
            yield ToolButton("Undo", name="undo", compact=True)
        yield RecordTable(self.COLUMNS)
        yield Static(
            f"No {self.NOUN} yet: press a or click Add.", classes="empty-hint", markup=False
        )

    def on_mount(self) -> None:
        if not self.table.columns:  # mounted again after a move: the columns are there
            self.table.add_spec_columns()
        self._show(None, full=True)

    def _cursor_key(self) -> str | None:
        if not self._rows or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def _show(self, cursor_key: str | None, *, full: bool = False) -> None:
        """Bring the table in line with the list, touching only the rows that changed."""
        table = self.table
        self._before_show(table)
        old = [key for key, _ in self._shown]
        new = [key for key, _ in self._rows]
        cursor_row = table.cursor_row
        if not full and old == new:
            shown = dict(self._shown)
            for key, item in self._rows:
                if shown[key] is not item:
                    for spec, value in zip(self.COLUMNS, self._cells(item), strict=True):
                        table.update_cell(key, spec.key, value)
        elif not full and (removed := _without_one(old, new)) is not None:
            table.remove_row(removed)
        elif not full and old == new[:-1]:
            key, item = self._rows[-1]
            table.add_row(*self._cells(item), key=key)
        else:
            # One pass with no refresh in between; the keys are the records' own, so the
            # cursor and any caller holding a key still point at the same record.
            table.clear()
            for key, item in self._rows:
                table.add_row(*self._cells(item), key=key)
        self._shown = list(self._rows)
        table.fit_columns()
        if cursor_key is not None and cursor_key in new:
            cursor_row = new.index(cursor_key)
        if self._rows:
            table.move_cursor(row=min(cursor_row, len(self._rows) - 1))
        self.query_one(".empty-hint").display = not self._rows
        self.refresh_bindings()

    def focus_row(self, index: int) -> None:
        """Put the cursor on row `index` (clamped) and focus the table: the problems panel."""
        table = self.table
        if self._rows:
            table.move_cursor(row=max(0, min(index, len(self._rows) - 1)))
        table.focus()

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"edit", "delete", "move_up", "move_down"} and not self._rows:
            return None  # shown dimmed in the footer: there is no row to act on
        return True

    def _ready(self) -> bool:
        # Only while our screen is the one on top: not while a form is open over it (a click
        # and the DataTable's own selection message could otherwise open two forms).
        return self.is_mounted and self.screen is self.app.screen

    def action_add(self) -> None:
        if not self._ready():
            return

        def added(item: ItemT | None) -> None:
            if item is not None:
                self._added(item)
                key = self._new_key()
                self._commit([*self._rows, (key, item)], key)

        self.app.push_screen(self._form(None), added)

    def action_edit(self) -> None:
        self._edit_row(self.table.cursor_row)

    def _edit_row(self, index: int) -> None:
        if not self._ready() or not 0 <= index < len(self._rows):
            return
        key, original = self._rows[index]

        def edited(item: ItemT | None) -> None:
            if item is None or item == original:
                return
            rows = list(self._rows)
            keys = [row_key for row_key, _ in rows]
            if key in keys:
                rows[keys.index(key)] = (key, item)
            else:  # reloaded from outside while the form was open: keep the work as a new row
                rows.append((key, item))
            self._commit(rows, key)

        self.app.push_screen(self._form(copy.copy(original)), edited)

    def action_delete(self) -> None:
        index = self.table.cursor_row
        if not self._ready() or not 0 <= index < len(self._rows):
            return
        item = self._rows[index][1]
        rows = self._rows[:index] + self._rows[index + 1 :]
        after = rows[min(index, len(rows) - 1)][0] if rows else None
        self._commit(rows, after)
        self._withdraw_deleted_notice()
        # Made here, not by notify(), which hands back nothing to withdraw it by on undo.
        notice = Notification(f"Deleted {self._describe(item)}. Press u to undo.", timeout=3)
        self._deleted_notice = notice
        self.app.post_message(Notify(notice))

    def _withdraw_deleted_notice(self) -> None:
        """The undo it offers is taken (or a newer one replaces it): its toast goes."""
        notice, self._deleted_notice = self._deleted_notice, None
        if notice is not None:
            # App._unnotify is how Textual's own toasts withdraw theirs (8.2.8); a notice
            # already expired is a no-op.
            self.app._unnotify(notice)

    def action_undo(self) -> None:
        if not self._ready():
            return
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        rows, cursor_key = self._undo.pop()
        self._withdraw_deleted_notice()
        self._rows = rows
        self._show(cursor_key)
        self.post_message(self.Changed(self))

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        index = self.table.cursor_row
        other = index + step
        if not self._ready() or not (0 <= index < len(self._rows) and 0 <= other < len(self._rows)):
            return
        if self.ORDERED_BY_TIME and aware(self._time_of(self._rows[index][1]), self._tz) != aware(
            self._time_of(self._rows[other][1]), self._tz
        ):
            self.app.notify(self.ORDER_NOTICE, timeout=4)
            return
        rows = list(self._rows)
        rows[index], rows[other] = rows[other], rows[index]
        self._commit(rows, rows[other][0])

    # -- mouse ------------------------------------------------------------------------------

    @on(ToolButton.Pressed)
    async def _toolbar(self, event: Button.Pressed) -> None:
        event.stop()
        self.table.focus()  # back to the rows, so the keys work after a click
        await self.run_action(event.button.name or "")

    @on(RecordTable.RowClicked)
    def _row_clicked(self, event: RecordTable.RowClicked) -> None:
        event.stop()
        self._edit_row(event.row_index)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on the table: DataTable's own binding, so the editor's `enter` never sees it.
        event.stop()
        self._edit_row(event.cursor_row)


class TimedEditor(TableEditor[ItemT]):
    """An editor of records at a time (timeline, customer messages), kept in time order."""

    ORDERED_BY_TIME = True

    def __init__(
        self,
        items: Iterable[ItemT],
        *,
        tz: tzinfo,
        incident_date: date | None,
        id: str | None = None,
    ) -> None:
        # Set before the base sorts the items by time, which needs the zone.
        self._zone = tz
        self._incident_date = incident_date
        super().__init__(items, id=id)

    @property
    def _tz(self) -> tzinfo:
        return self._zone

    def load(self, items: Iterable[ItemT], *, tz: tzinfo, incident_date: date | None) -> None:
        """Replace the content (another document, or the file reloaded); clears undo."""
        self._zone = tz
        self._incident_date = incident_date
        self._replace(items)

    def set_context(self, *, tz: tzinfo, incident_date: date | None) -> None:
        """The incident's date or zone changed: times are shown, and typed, against these."""
        self._zone = tz
        self._incident_date = incident_date
        if self.is_mounted:
            self._show(self._cursor_key(), full=True)

    def _clock(self, moment: datetime) -> str:
        """`14:02` on the incident date, the full date and time on any other day."""
        local = aware(moment, self._zone).astimezone(self._zone)
        if self._incident_date is not None and local.date() == self._incident_date:
            return local.strftime("%H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    def _time_width(self) -> int:
        """Narrow when every time is on the incident date, so the text gets the room."""
        on_day = all(len(self._clock(self._time_of(item))) == 5 for _, item in self._rows)
        return 5 if on_day else 16

    def _before_show(self, table: RecordTable) -> None:
        table.set_column_width("time", self._time_width())


def _without_one(old: list[str], new: list[str]) -> str | None:
    """The one key removed from `old` to give `new`, order otherwise unchanged; else None."""
    if len(new) != len(old) - 1:
        return None
    for index, (before, after) in enumerate(zip(old, new, strict=False)):
        if before != after:
            return before if old[index + 1 :] == new[index:] else None
    return old[-1] if old[:-1] == new else None
