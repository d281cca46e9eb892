"""Dialogs: each a `ModalScreen[T]` that hands its answer back with `dismiss(value)`."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static

if TYPE_CHECKING:
    from postmortem.store.errors import Conflict


class RestoreDraftDialog(ModalScreen[bool]):
    """Offer back an unfinished draft. True: restore it; False: discard it.

    `committed`: the draft is of a committed report, and discarding it opens that report;
    otherwise it is of a new postmortem never committed, and discarding it leaves a blank one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer(True)", "Restore", id="postmortem.draft-restore"),
        Binding("d", "answer(False)", "Discard", id="postmortem.draft-discard"),
        # Leaving the question unanswered must not lose anything: it restores.
        Binding("escape", "answer(True)", "Restore", show=False),
    ]

    def __init__(self, title: str, record_id: str, age: str, *, committed: bool) -> None:
        super().__init__()
        self.draft_title = title
        self.record_id = record_id
        self.age = age
        self.committed = committed

    def explanation(self) -> str:
        if self.committed:
            return (
                f"A draft of changes you did not commit is {self.age}. Restore it to carry on "
                "where you left off, or discard it and start from the last committed version."
            )
        return (
            f"A draft of a new postmortem, never committed, is {self.age}. Restore it to carry "
            "on where you left off, or discard it (no commit holds it: it is gone for good) "
            "and start a blank postmortem."
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="restore-dialog") as box:
            box.border_title = "Unfinished draft"
            # Content, not markup: a title may hold brackets ("[EU] checkout down").
            title = self.draft_title or "Untitled postmortem"
            yield Label(Content.assemble((title, "bold"), f"  ({self.record_id})"))
            yield Static(self.explanation(), classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore (r)", id="restore", variant="primary", compact=True)
                yield Button("Discard (d)", id="discard", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "restore")

    def action_answer(self, restore: bool) -> None:
        self.dismiss(restore)


class QuitDialog(ModalScreen[str | None]):
    """Quit with uncommitted changes: "keep" (the draft stays), "discard", or None to stay.

    `committed`: the report has a commit, and discarding goes back to it; otherwise it is a
    new postmortem never committed, and discarding deletes it for good (as in
    `RestoreDraftDialog`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "answer('keep')", "Quit, keep draft", id="postmortem.quit-keep"),
        Binding("d", "answer('discard')", "Discard", id="postmortem.quit-discard"),
        Binding("escape", "answer(None)", "Stay", id="postmortem.quit-cancel"),
    ]

    def __init__(self, *, committed: bool) -> None:
        super().__init__()
        self.committed = committed

    def explanation(self) -> str:
        if self.committed:
            return (
                "This postmortem has changes that are not committed. Quit and keep them as a "
                "draft, offered back the next time you open it, or discard them and keep the "
                "report as last committed."
            )
        return (
            "This new postmortem was never committed. Quit and keep it as a draft, offered "
            "back the next time you start a postmortem, or discard it: no commit holds it, "
            "so it is gone for good."
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quit-dialog") as box:
            box.border_title = "Uncommitted changes" if self.committed else "Never committed"
            yield Static(self.explanation(), classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit, keep draft (q)", id="keep", variant="primary", compact=True)
                discard = "Discard (d)" if self.committed else "Delete for good (d)"
                yield Button(discard, id="discard", variant="error", compact=True)
                yield Button("Stay (esc)", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "stay" else event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class MessageDialog(ModalScreen[None]):
    """A problem and what to do about it; any of enter/escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="postmortem.dialog-close"),
    ]

    def __init__(self, title: str, message: str, advice: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.advice = advice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -error", id="message-dialog") as box:
            box.border_title = self.dialog_title
            yield Static(self.message, classes="dialog-text", markup=False)
            if self.advice:
                yield Static(self.advice, classes="dialog-advice", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class JumpDialog(ModalScreen[int | None]):
    """The sections by number: press a digit, or pick one with the arrows and enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "pick(None)", "Back", id="postmortem.jump-cancel"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        options = OptionList(
            *(f"{number}  {title}" for number, title in enumerate(self.titles, start=1)),
            id="jump-list",
        )
        with Vertical(classes="dialog", id="jump-dialog") as box:
            box.border_title = "Go to section"
            yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index + 1)

    def action_pick(self, number: int | None) -> None:
        if number is None or 1 <= number <= len(self.titles):
            self.dismiss(number)


class ConflictDialog(ModalScreen[str | None]):
    """Someone else changed the report since it was opened. Both versions are kept; the
    answer: "mine" (commit ours over theirs), "theirs" (reload theirs), "later" or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "answer('mine')", "Keep mine", id="postmortem.conflict-mine"),
        Binding("t", "answer('theirs')", "Take theirs", id="postmortem.conflict-theirs"),
        Binding("l,escape", "answer('later')", "Later", id="postmortem.conflict-later"),
    ]

    def __init__(self, conflict: Conflict, mine: str | None) -> None:
        super().__init__()
        self.conflict = conflict
        self.mine = mine

    def compose(self) -> ComposeResult:
        from postmortem.tui.screens.commit_dialog import diff_text

        name = self.conflict.path.name if self.conflict.path is not None else "the report"
        kept = (
            f"Both versions are kept: theirs in {name}, yours in {self.mine} (and in your draft)."
            if self.mine
            else "Both versions are kept: theirs in the repository, yours in your draft."
        )
        diff = "".join(
            difflib.unified_diff(
                self.conflict.theirs.splitlines(keepends=True),
                self.conflict.ours.splitlines(keepends=True),
                "theirs",
                "yours",
            )
        )
        with Vertical(classes="dialog -error", id="conflict-dialog") as box:
            box.border_title = "The report changed since you opened it"
            yield Static(str(self.conflict), classes="dialog-text", markup=False)
            yield Static(
                kept + "\nKeep mine: commit yours over theirs (theirs stays in git history). "
                "Take theirs: open their version; yours stays beside it. "
                "Later: change nothing now.",
                classes="dialog-advice",
                markup=False,
            )
            with VerticalScroll(id="conflict-diff-box") as diff_box:
                diff_box.border_title = "Theirs → yours"
                yield Static(diff_text(diff), id="conflict-diff")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep mine (m)", id="mine", variant="primary", compact=True)
                yield Button("Take theirs (t)", id="theirs", compact=True)
                yield Button("Later (l)", id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#later", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class DiscardEntryDialog(ModalScreen[bool]):
    """An entry form holds typed text: True discards it, False (or escape) goes back to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "answer(True)", "Discard", id="postmortem.entry-discard"),
        Binding("escape,k", "answer(False)", "Keep editing", id="postmortem.entry-keep"),
    ]

    def __init__(self, what: str = "entry") -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="discard-entry-dialog") as box:
            box.border_title = f"Discard this {self.what.lower()}?"
            yield Static(
                f"This {self.what.lower()} has text that is not saved. Discard it, or go back "
                "and save it with ctrl+s.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Discard (d)", id="discard", variant="error", compact=True)
                yield Button("Keep editing (esc)", id="keep", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)
