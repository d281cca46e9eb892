"""The repository's postmortems as a simple list; enter opens one, `n` starts a new one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from postmortem.tui.ports import SummaryLike

if TYPE_CHECKING:
    from postmortem.tui.app import PostmortemApp

# Short headers and compact cells, so that every column fits at 80 columns; the title takes
# the width that is left and ends in "…" when it does not fit. TTR: time to resolve.
COLUMNS = ("Date", "Sev", "Status", "Title", "TTR", "Open", "Id")
TITLE = COLUMNS.index("Title")
MIN_TITLE_WIDTH = 12  # narrower than this, the table scrolls sideways instead


def short_duration(span: timedelta) -> str:
    """The two largest units, enough to compare incidents: `1d 3h`, `2h 05m`, `45m`, `30s`."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m"
    return f"{sign}{secs}s"


def row_cells(summary: SummaryLike) -> list[str]:
    """One row of the list, the title in full (`fit` shortens it to the room there is)."""
    ttr = summary.time_to_resolve
    return [
        summary.incident_date.isoformat() if summary.incident_date else "",
        summary.severity,
        str(getattr(summary.status, "value", summary.status)),
        " ".join(summary.title.split()) or "(untitled)",
        short_duration(ttr) if ttr is not None else "",
        str(summary.open_action_items or ""),
        summary.id,
    ]


def title_width(rows: Sequence[Sequence[str]], room: int, cell_padding: int) -> int:
    """What is left for the title in `room` cells, after every other column at its widest."""
    used = 2 * cell_padding  # the title's own padding
    for index, header in enumerate(COLUMNS):
        if index != TITLE:
            widest = max([cell_len(header), *(cell_len(row[index]) for row in rows)])
            used += widest + 2 * cell_padding
    return max(MIN_TITLE_WIDTH, room - used)


def fit(text: str, width: int) -> Text:
    """`text` in at most `width` cells, ending in "…" when cut; plain text, never markup."""
    cell = Text(text, no_wrap=True)
    if cell.cell_len > width:
        cell.truncate(width, overflow="ellipsis")
    return cell


class BrowseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="postmortem.open"),
        Binding("n", "new", "New", id="postmortem.new"),
        Binding("r", "reload", "Reload", id="postmortem.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SummaryLike] = []
        self._rows: list[list[str]] = []  # the cells of each summary, the title in full
        self._title_width: int | None = None  # what the rows shown were cut to

    @property
    def pm_app(self) -> PostmortemApp:
        from postmortem.tui.app import PostmortemApp

        assert isinstance(self.app, PostmortemApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(id="browse-title", markup=False)
        table: DataTable[Text] = DataTable(id="postmortems", cursor_type="row", zebra_stripes=True)
        yield Static(id="browse-empty", markup=False)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.action_reload()
        self.pm_app.first_frame()

    def action_reload(self) -> None:
        self.pm_app.load_summaries()

    def show(self, summaries: Sequence[SummaryLike]) -> None:
        keep = self._current_id()
        self.summaries = sorted(
            summaries,
            key=lambda s: (s.incident_date.isoformat() if s.incident_date else "", s.id),
            reverse=True,
        )
        self._rows = [row_cells(summary) for summary in self.summaries]
        self._title_width = None
        self._fill(keep)
        count = len(self.summaries)
        self.query_one("#browse-title", Static).update(
            f"{self.pm_app.store.root.name}  ·  {count} postmortem{'s' if count != 1 else ''}"
        )
        empty = self.query_one("#browse-empty", Static)
        empty.display = not self.summaries
        empty.update("No postmortems yet. Press n to write the first one.")
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fill(self._current_id())  # the title takes what the new width leaves

    def _fill(self, keep: str | None) -> None:
        """The rows, each title cut to the room left (again only when that room changed),
        the cursor on the postmortem `keep` when it is listed."""
        table: DataTable[Text] = self.query_one(DataTable)
        room = table.size.width or self.size.width
        height = table.size.height or self.size.height
        if len(self._rows) + table.header_height > height:  # a vertical scrollbar will show
            room -= table.styles.scrollbar_size_vertical
        width = title_width(self._rows, room, table.cell_padding)
        if width == self._title_width:
            return
        self._title_width = width
        table.clear(columns=True)  # a column never narrows while it is in the table
        table.add_columns(*COLUMNS)
        for summary, cells in zip(self.summaries, self._rows, strict=True):
            shown = [Text(cell, no_wrap=True) for cell in cells]
            shown[TITLE] = fit(cells[TITLE], width)
            table.add_row(*shown, key=summary.id)
        ids = [summary.id for summary in self.summaries]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def _current_id(self) -> str | None:
        """The id of the postmortem under the cursor, if any."""
        row = self.query_one(DataTable).cursor_row
        return self.summaries[row].id if 0 <= row < len(self.summaries) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.summaries or table.cursor_row < 0:
            return
        self.pm_app.open_existing(self.summaries[table.cursor_row].id)

    def action_new(self) -> None:
        self.pm_app.open_new()
