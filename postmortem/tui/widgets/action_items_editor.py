"""Action items: what will be done so this does not happen again, by whom, by when."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType

from postmortem.model.enums import Priority
from postmortem.model.record import ActionItem
from postmortem.tui.widgets.entry_forms import ActionItemForm, EntryForm
from postmortem.tui.widgets.table_editor import (
    Column,
    TableEditor,
    cell,
    editor_bindings,
    one_line,
)

PRIORITY_STYLES = {Priority.P0: "bold red", Priority.P1: "yellow"}
_TRAILING_NUMBER = re.compile(r"(\d+)$")


class ActionItemsEditor(TableEditor[ActionItem]):
    """`ActionItemsEditor(items, next_id=record.next_action_id, owners=..., people=...)`;
    read `items`. The owner field suggests `owners`, then `people()` (asked each time a form
    opens: the names the report holds now), then the owners already in the table."""

    BINDINGS: ClassVar[list[BindingType]] = editor_bindings("action_items", "an action item")
    COLUMNS = (
        Column("id", "Id", 4),
        Column("title", "Title", None),
        Column("owner", "Owner", 10),
        Column("type", "Type", 8),
        Column("priority", "P", 2),
        Column("due", "Due", 10),
        Column("status", "Status", 11),
    )
    NOUN = "action items"

    class Changed(TableEditor.Changed):
        """The action items changed: read `editor.items`."""

    def __init__(
        self,
        items: Iterable[ActionItem],
        *,
        next_id: Callable[[], str],
        owners: Sequence[str] = (),
        people: Callable[[], Iterable[str]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(items, id=id)
        self._next_id = next_id
        self._owners = list(owners)
        self._people = people
        # Every id this editor has seen or handed out: an id, once cited in a tracker, must
        # never come back for another item, even if the record behind next_id lags behind us.
        self._issued = {item.id for _, item in self._rows}
        # The id a cancelled add form showed: offered again, since next_id may count every
        # id it hands out and a cancelled form should not leave a gap.
        self._offered: str | None = None

    @property
    def items(self) -> list[ActionItem]:
        """A copy of the action items, in the order shown."""
        return self._items()

    def load(self, items: Iterable[ActionItem], *, owners: Sequence[str] | None = None) -> None:
        """Replace the content (another document, or the file reloaded); clears undo."""
        if owners is not None:
            self._owners = list(owners)
        self._replace(items)
        self._issued |= {item.id for _, item in self._rows}

    def _new_id(self) -> str:
        taken = self._issued | {item.id for _, item in self._rows}
        if self._offered is not None and self._offered not in taken:
            return self._offered
        candidate = self._next_id()
        while candidate in taken:
            match = _TRAILING_NUMBER.search(candidate)
            if match is None:
                candidate = f"{candidate}-2"
            else:
                candidate = f"{candidate[: match.start()]}{int(match[1]) + 1}"
        self._offered = candidate
        return candidate

    def _cells(self, item: ActionItem) -> tuple[Text, ...]:
        return (
            cell(_short_id(item.id)),
            cell(one_line(item.title)),
            cell(item.owner),
            cell(item.type.value),
            cell(item.priority.value, PRIORITY_STYLES.get(item.priority, "")),
            cell(item.due.isoformat() if item.due else ""),
            cell(item.status.value, "" if item.status.is_open else "dim"),
        )

    def _describe(self, item: ActionItem) -> str:
        return item.id

    def _form(self, item: ActionItem | None) -> EntryForm[ActionItem]:
        people = self._people() if self._people is not None else ()
        owners = [*self._owners, *people, *(row.owner for _, row in self._rows)]
        if item is None:
            return ActionItemForm(ActionItem(id=self._new_id()), new=True, owners=owners)
        return ActionItemForm(item, new=False, owners=owners)

    def _added(self, item: ActionItem) -> None:
        # Reserved on save only: a cancelled form does not use up a number.
        self._issued.add(item.id)
        self._offered = None


def _short_id(item_id: str) -> str:
    """`A3` for `PM-20261126-7KQ3-A3`: the table is narrow and every row has the same prefix."""
    prefix, _, tail = item_id.rpartition("-")
    return tail if prefix and tail[:1] == "A" else item_id
