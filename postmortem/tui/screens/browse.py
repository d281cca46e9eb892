"""The repository's postmortems as a simple list; enter opens one, `n` starts a new one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from postmortem.model.times import format_duration
from postmortem.tui.ports import SummaryLike

if TYPE_CHECKING:
    from postmortem.tui.app import PostmortemApp

COLUMNS = ("Date", "Sev", "Status", "Title", "Resolved", "Open", "Id")
# Columns other than the title, with the table's padding: the title gets what is left.
OTHER_COLUMNS_WIDTH = 48


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class BrowseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="postmortem.open"),
        Binding("n", "new", "New", id="postmortem.new"),
        Binding("r", "reload", "Reload", id="postmortem.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SummaryLike] = []

    @property
    def pm_app(self) -> PostmortemApp:
        from postmortem.tui.app import PostmortemApp

        assert isinstance(self.app, PostmortemApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(id="browse-title", markup=False)
        table: DataTable[str] = DataTable(id="postmortems", cursor_type="row", zebra_stripes=True)
        yield Static(id="browse-empty", markup=False)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.action_reload()
        self.pm_app.first_frame()

    def action_reload(self) -> None:
        self.pm_app.load_summaries()

    def show(self, summaries: Sequence[SummaryLike]) -> None:
        self.summaries = sorted(
            summaries,
            key=lambda s: (s.incident_date.isoformat() if s.incident_date else "", s.id),
            reverse=True,
        )
        table = self.query_one(DataTable)
        table.clear()
        title_width = max(20, self.size.width - OTHER_COLUMNS_WIDTH)
        for summary in self.summaries:
            table.add_row(
                summary.incident_date.isoformat() if summary.incident_date else "",
                summary.severity,
                str(getattr(summary.status, "value", summary.status)),
                fit(summary.title or "(untitled)", title_width),
                format_duration(summary.time_to_resolve) if summary.time_to_resolve else "",
                str(summary.open_action_items or ""),
                summary.id,
                key=summary.id,
            )
        count = len(self.summaries)
        self.query_one("#browse-title", Static).update(
            f"{self.pm_app.store.root.name}  ·  {count} postmortem{'s' if count != 1 else ''}"
        )
        empty = self.query_one("#browse-empty", Static)
        empty.display = not self.summaries
        empty.update("No postmortems yet. Press n to write the first one.")
        table.focus()

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
