"""The commit dialog: choose the status, see the problems and the diff, then commit or go back.

The problems are checked again for the chosen status (a draft may lack required sections; a
report in review may not), and errors disable the commit. The diff is computed by the app's git
thread, so the dialog opens at once and fills in when git answers.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from postmortem.model import Level, Postmortem, Problem, Status
from postmortem.tui.widgets.problems_panel import count_line, problem_label

STATUS_CHOICES = [(status.value.capitalize(), status) for status in Status]
SHOWN = 5  # problems listed; with the count line and the "more" line, 7 rows (80x24 has 8)


def diff_text(diff: str) -> Text:
    """A unified diff with added lines green and removed lines red."""
    text = Text()
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        else:
            style = ""
        text.append(line + "\n", style=style)
    return text


class CommitDialog(ModalScreen[Status | None]):
    """Answers the status to commit with, or None to go back to editing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Commit", id="postmortem.commit-confirm"),
        Binding("escape", "cancel", "Back", id="postmortem.commit-cancel"),
    ]

    def __init__(
        self,
        record: Postmortem,
        check: Callable[[Postmortem], list[Problem]],
        load_diff: Callable[[Postmortem], Awaitable[str]],
    ) -> None:
        super().__init__()
        self.record = record
        self.check = check
        self.load_diff = load_diff
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="commit-dialog") as box:
            box.border_title = "Commit"
            with Horizontal(id="commit-status-row"):
                yield Label("Status", classes="field-label")
                yield Select(
                    STATUS_CHOICES,
                    value=self.record.status,
                    allow_blank=False,
                    id="commit-status",
                    compact=True,
                )
            yield Static(id="commit-problems", markup=False)
            with VerticalScroll(id="commit-diff-box") as diff_box:
                diff_box.border_title = "What will be committed"
                yield Static("Comparing with the last committed version…", id="commit-diff")
            # Said here, above the buttons: a toast would cover them.
            refused = Static(
                "Not committed: fix the errors listed above first (esc, then f3 goes to them).",
                id="commit-refused",
                markup=False,
            )
            refused.display = False
            yield refused
            with Horizontal(classes="dialog-buttons"):
                yield Button("Commit (ctrl+s)", id="commit", variant="primary", compact=True)
                yield Button("Back (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._recheck()
        self.query_one("#commit-status", Select).focus()

    def candidate(self) -> Postmortem:
        status = self.query_one("#commit-status", Select).value
        record = copy.copy(self.record)
        if isinstance(status, Status):
            record.status = status
        return record

    def _recheck(self) -> None:
        record = self.candidate()
        self.problems = self.check(record)
        errors = [p for p in self.problems if p.level is Level.ERROR]
        summary = Text(count_line(self.problems), style="bold red" if errors else "bold")
        if errors:
            summary.append("  fix the errors first; warnings do not block a commit", "")
        # One line each (the style cuts a long one with …), so the last line, saying how
        # many more there are, always shows.
        lines = [summary]
        lines.extend(problem_label(problem, record) for problem in self.problems[:SHOWN])
        if len(self.problems) > SHOWN:
            more = len(self.problems) - SHOWN
            lines.append(Text(f"… and {more} more: esc, then f3 shows them all", style="italic"))
        self.query_one("#commit-problems", Static).update(Text("\n").join(lines))
        self.query_one("#commit", Button).disabled = bool(errors)
        if not errors:
            self.query_one("#commit-refused", Static).display = False
        self._show_diff(record)

    @work(exclusive=True, group="diff")
    async def _show_diff(self, record: Postmortem) -> None:
        diff = await self.load_diff(record)
        self.query_one("#commit-diff", Static).update(
            diff_text(diff) if diff.strip() else Text("No changes since the last commit.")
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted:
            self._recheck()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "commit":
            self.action_commit()
        else:
            self.dismiss(None)

    def action_commit(self) -> None:
        if self.query_one("#commit", Button).disabled:
            self.query_one("#commit-refused", Static).display = True
            self.app.bell()
            return
        self.dismiss(self.candidate().status)

    def action_cancel(self) -> None:
        self.dismiss(None)
