"""The "Other" tab: what people added to the report's Markdown by hand, shown and edited.

One text box per section that holds notes ("Notes in Timeline"), then each extra section as a
title, where it goes and its text. `ctrl+n` (or the button) adds a section; a section's Remove
button takes it out, and so does emptying its title and text.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from postmortem.markdown.layout import ORDER, TITLES
from postmortem.model.record import ExtraSection
from postmortem.model.sections import NOTE_SECTIONS, is_report_title
from postmortem.tui.hand_written import (
    AFTER_CHOICES,
    NEW_AFTER,
    in_file_order,
    in_report_order,
    is_blank,
    kept,
    kept_note,
    notes_label,
    shown_after,
)
from postmortem.tui.widgets.prose_area import ProseArea

EMPTY_INTRO = (
    "Nothing in this report was added by hand. Text people add to the Markdown (on GitHub, "
    "say) shows up here: notes written inside a list or table section, such as a paragraph "
    'under the Timeline, and sections of their own. ctrl+n adds a section; "Add a note to a '
    'section…" starts a note.'
)
INTRO = (
    "Notes and sections added by hand, on GitHub or here (ctrl+n): edit them like any "
    "field. A section with no title and no text is left out of the report."
)


class HandWrittenEditor(VerticalScroll):
    """`HandWrittenEditor(notes, sections)`; read `notes` and `sections` on `Changed`."""

    DEFAULT_CSS = """
    HandWrittenEditor {
        & > #hand-written-intro { color: $text-muted; margin-bottom: 1; }
        & > .extra-section { height: auto; }
        & Button { margin-bottom: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add_section", "Add section", id="postmortem.add-section"),
    ]

    class Changed(Message):
        """A note or a section changed, or a section was removed: read the editor's lists."""

        def __init__(self, editor: HandWrittenEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> HandWrittenEditor:
            return self.editor

        def can_replace(self, message: Message) -> bool:
            # The screen reads both lists whole: changes faster than it handles them collapse.
            return isinstance(message, HandWrittenEditor.Changed) and message.editor is self.editor

    def __init__(
        self, notes: dict[str, str], sections: list[ExtraSection], *, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="form")
        self._notes = in_report_order(notes)  # by section key, as typed
        # By a number that stays with its section (widget ids), in the report's order.
        self._serials = itertools.count(1)
        self._sections = {next(self._serials): replace(section) for section in sections}

    @property
    def notes(self) -> dict[str, str]:
        """The notes for the record: an emptied one is no entry."""
        notes = {key: kept_note(text) for key, text in self._notes.items()}
        return {key: text for key, text in notes.items() if text is not None}

    @property
    def sections(self) -> list[ExtraSection]:
        """Copies of the sections for the record, blank ones left out."""
        return kept(list(self._sections.values()))

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._intro(), id="hand-written-intro", markup=False)
        for key, text in self._notes.items():
            yield from self._note_fields(key, text)
        for serial, section in self._sections.items():
            yield self._section_form(serial, section)
        # The two ways to add, together at the end.
        yield Button("Add a section (ctrl+n)", id="add-section", compact=True)
        chooser: Select[str] = Select(
            self._note_choices(), prompt="Add a note to a section…", id="add-note", compact=True
        )
        chooser.display = bool(self._note_choices())
        yield chooser

    @staticmethod
    def _note_fields(key: str, text: str) -> tuple[Label, TextArea]:
        label = Label(notes_label(key), id=f"note-{key}-label", classes="field-label")
        area = ProseArea(
            text,
            id=f"note-{key}",
            placeholder="Empty: this section has no notes",
            soft_wrap=True,
            compact=True,
            classes="prose",
        )
        return label, area

    def _note_choices(self) -> list[tuple[str, str]]:
        """The list and table sections without a note yet, in the report's order."""
        return [
            (TITLES[key], key) for key in ORDER if key in NOTE_SECTIONS and key not in self._notes
        ]

    @on(Select.Changed, "#add-note")
    async def _add_note(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str):
            return  # cleared again, below
        key = event.value
        self._notes[key] = ""  # no entry in the record until it holds text
        # After the other notes, before the sections (as the tab shows them when opened).
        sections = self.query(".extra-section")
        await self.mount_all(
            self._note_fields(key, ""), before=sections.first() if sections else "#add-section"
        )
        chooser: Select[str] = self.query_one("#add-note", Select)
        chooser.set_options(self._note_choices())
        chooser.display = bool(self._note_choices())
        self._update_intro()
        self.query_one(f"#note-{key}", TextArea).focus()

    def _section_form(self, serial: int, section: ExtraSection) -> Widget:
        title = Input(
            section.title,
            placeholder="e.g. Review notes",
            id=f"extra-{serial}-title",
            compact=True,
            select_on_focus=False,
        )
        after = Select(
            AFTER_CHOICES,
            value=shown_after(section.after),
            allow_blank=False,
            id=f"extra-{serial}-after",
            compact=True,
        )
        body = ProseArea(
            section.body,
            id=f"extra-{serial}-body",
            placeholder="Markdown, kept as written.",
            soft_wrap=True,
            compact=True,
            classes="prose",
        )
        form = Vertical(
            Label("Added section", classes="group-label"),
            Grid(
                Label("Title", classes="field-label"),
                title,
                Label("Placed after", classes="field-label"),
                after,
                classes="fields",
            ),
            Label("Text", classes="field-label"),
            body,
            Button("Remove this section", id=f"extra-{serial}-remove", compact=True),
            id=f"extra-{serial}",
            classes="extra-section",
        )
        self._mark(title, section)
        return form

    def _intro(self) -> str:
        return INTRO if self._notes or self._sections else EMPTY_INTRO

    @staticmethod
    def _mark(title: Input, section: ExtraSection) -> None:
        title.set_class(is_report_title(section.title), "-invalid")

    # -- changes ----------------------------------------------------------------------------

    def _serial(self, widget_id: str | None, part: str) -> int | None:
        """`extra-3-title`, "title" -> 3; None for a widget that is not that part."""
        if widget_id is None or not widget_id.startswith("extra-"):
            return None
        number, _, rest = widget_id.removeprefix("extra-").partition("-")
        if rest != part or not number.isdigit() or int(number) not in self._sections:
            return None
        return int(number)

    def _changed(self) -> None:
        self.post_message(self.Changed(self))

    @on(Input.Changed)
    def _title_changed(self, event: Input.Changed) -> None:
        serial = self._serial(event.input.id, "title")
        if serial is None:
            return
        event.stop()
        section = self._sections[serial]
        title = event.value.strip()  # a heading is one line; its edges would be escaped
        if title != section.title:
            was_blank = is_blank(section)
            section.title = title
            self._mark(event.input, section)
            if not (was_blank and is_blank(section)):
                self._changed()

    @on(Select.Changed)
    def _after_changed(self, event: Select.Changed) -> None:
        serial = self._serial(event.select.id, "after")
        if serial is None:
            return
        event.stop()
        section = self._sections[serial]
        # Also posted when the Select mounts; a key the renderer does not know stays as it was.
        if isinstance(event.value, str) and event.value != shown_after(section.after):
            section.after = event.value
            if not is_blank(section):
                self._changed()

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        widget_id = event.text_area.id or ""
        text = event.text_area.text
        key = widget_id.removeprefix("note-")
        if widget_id.startswith("note-") and key in self._notes:
            event.stop()
            if text != self._notes[key]:
                self._notes[key] = text
                self._changed()
            return
        serial = self._serial(widget_id, "body")
        if serial is None:
            return
        event.stop()
        section = self._sections[serial]
        if text != section.body:
            was_blank = is_blank(section)
            section.body = text
            if not (was_blank and is_blank(section)):
                self._changed()
            title = self.query_one(f"#extra-{serial}-title", Input)
            self._mark(title, section)

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add-section":
            await self.action_add_section()
            return
        serial = self._serial(event.button.id, "remove")
        if serial is not None:
            await self.remove_section(serial)

    async def action_add_section(self) -> None:
        """A new, empty section at the end of the report; it counts once it has a title or
        text."""
        serial = next(self._serials)
        section = ExtraSection(title="", body="", after=NEW_AFTER)
        self._sections[serial] = section
        await self.mount(self._section_form(serial, section), before="#add-section")
        self._update_intro()
        self.query_one(f"#extra-{serial}-title", Input).focus()

    async def remove_section(self, serial: int) -> None:
        section = self._sections.pop(serial)
        following = [number for number in self._sections if number > serial]
        await self.query_one(f"#extra-{serial}").remove()
        self._update_intro()
        if following:
            self.query_one(f"#extra-{following[0]}-title", Input).focus()
        else:
            self.query_one("#add-section", Button).focus()
        if not is_blank(section):
            self._changed()
            name = f"“{section.title}”" if section.title else "without a title"
            self.notify(f"Removed the section {name}.", timeout=4, markup=False)

    def _update_intro(self) -> None:
        self.query_one("#hand-written-intro", Static).update(self._intro())

    # -- told by the screen -----------------------------------------------------------------

    def focus_row(self, index: int) -> None:
        """Focus the title of the record's extra section `index` (the problems panel)."""
        serials = in_file_order(self._sections)
        if serials:
            serial = serials[max(0, min(index, len(serials) - 1))]
            self.query_one(f"#extra-{serial}-title", Input).focus()
        else:
            self.query_one("#add-section", Button).focus()
