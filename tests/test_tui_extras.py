"""The Other tab: notes and sections people added to the Markdown by hand, seen and edited in
the TUI at 80x24, then committed to the right place in a real repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import git
from test_tui_flows import _until, make_app, toasts
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, TabbedContent, TextArea

from postmortem.markdown import parse_report, render_report
from postmortem.model import Level
from postmortem.model.record import ExtraSection
from postmortem.store import Store
from postmortem.store.initialise import initialise
from postmortem.tui.app import PostmortemApp
from postmortem.tui.hand_written import kept
from postmortem.tui.screens.editor import EditorScreen
from postmortem.tui.widgets.hand_written_editor import HandWrittenEditor
from postmortem.tui.widgets.problems_panel import ProblemsPanel

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
EXAMPLE_ID = "PM-20261103-4QZ7"
TIMELINE_NOTE = "The 14:06 chat report waited 3 minutes: support has no pager."
REVIEW_BODY = "Reviewed on 2026-11-10 with the payments team.\n\n- Agreed: one pool setting."
SIZE = (80, 24)


def hand_edited_example() -> str:
    """The example report as a reviewer left it on GitHub: a paragraph under the timeline
    table and a section of their own before the action items."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("\n## Response\n", f"\n{TIMELINE_NOTE}\n\n## Response\n", 1)
    return text.replace(
        "\n## Action items\n", f"\n## Review notes\n\n{REVIEW_BODY}\n\n## Action items\n", 1
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    initialise(root)
    return root


@pytest.fixture
def committed(repo: Path) -> Path:
    """The hand-edited example, committed; the path of its file."""
    record = parse_report(hand_edited_example())
    assert record.notes == {"timeline": TIMELINE_NOTE}
    assert record.extra_sections == [ExtraSection("Review notes", REVIEW_BODY, "lessons_learned")]
    return Store.open(repo).commit(record, base_text=None).path


def open_app(repo: Path) -> tuple[Store, PostmortemApp]:
    store = Store.open(repo)
    return store, make_app(store, loaded=store.load(EXAMPLE_ID))


def editor(app: PostmortemApp) -> HandWrittenEditor:
    return app.screen.query_one(HandWrittenEditor)


async def go_to_other(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+g", "7")
    await _until(pilot, lambda: _built(pilot.app))


def _built(app: Any) -> bool:
    """The tab's content is made just after the first frame, and focused once there."""
    focused = app.focused
    return focused is not None and any(node.id == "tab-other" for node in focused.ancestors)


async def commit(pilot: Pilot[None], app: PostmortemApp) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause(0.5)
    await pilot.press("ctrl+s")
    await _until(pilot, lambda: not app.dirty, tries=80)
    assert not app.dirty, "the commit did not finish"


def section_text(report: str, title: str) -> str:
    """What the report holds between `## title` and the next H2 heading."""
    _, found, rest = report.partition(f"\n## {title}\n")
    assert found, f"no section {title!r} in the report"
    return rest.split("\n## ", 1)[0].strip("\n")


def titles(report: str) -> list[str]:
    return [line[3:] for line in report.splitlines() if line.startswith("## ")]


# -- shown ------------------------------------------------------------------------------------


async def test_notes_and_sections_are_shown_in_the_other_tab(repo: Path, committed: Path) -> None:
    _, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        assert app.screen.query_one(TabbedContent).active == "tab-other"
        note = app.screen.query_one("#note-timeline", TextArea)
        assert note.text == TIMELINE_NOTE
        assert app.focused is note  # the tab's first field, ready to type in
        labels = [str(label.render()) for label in app.screen.query(".field-label")]
        assert "Notes in Timeline" in labels
        assert app.screen.query_one("#extra-1-title", Input).value == "Review notes"
        assert app.screen.query_one("#extra-1-body", TextArea).text == REVIEW_BODY
        assert app.screen.query_one("#extra-1-after", Select).value == "lessons_learned"
        intro = str(app.screen.query_one("#hand-written-intro").render())
        assert "by hand" in intro and "Nothing" not in intro
        assert not app.dirty  # showing is not changing
        assert editor(app).notes == {"timeline": TIMELINE_NOTE}
        assert editor(app).sections == [
            ExtraSection("Review notes", REVIEW_BODY, "lessons_learned")
        ]


async def test_an_empty_other_tab_says_what_goes_there(repo: Path) -> None:
    store = Store.open(repo)
    app = make_app(store, record=store.new_record())
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        intro = str(app.screen.query_one("#hand-written-intro").render())
        assert "Nothing in this report was added by hand" in intro
        assert "ctrl+n" in intro
        # Nothing to type in: the button has the focus, not a field on a hidden tab.
        assert app.focused is app.screen.query_one("#add-section", Button)
        assert app.active_bindings["ctrl+n"].binding.description == "Add section"  # the footer


# -- edited and committed ---------------------------------------------------------------------


async def test_edited_note_and_section_are_committed_in_place(repo: Path, committed: Path) -> None:
    store, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        note = app.screen.query_one("#note-timeline", TextArea)
        note.move_cursor(note.document.end)
        await pilot.press("space", *"Paging", "space", *"fixed.")
        title = app.screen.query_one("#extra-1-title", Input)
        title.focus()
        await pilot.press("end", "space", *"2026")
        body = app.screen.query_one("#extra-1-body", TextArea)
        body.focus()
        body.move_cursor(body.document.end)
        await pilot.press(
            "enter", *"-", "space", *"Agreed:", "space", *"alert", "space", *"sooner."
        )
        await pilot.pause()

        record = app.record
        assert record is not None
        assert record.notes["timeline"] == TIMELINE_NOTE + " Paging fixed."
        assert record.extra_sections == [
            ExtraSection(
                "Review notes 2026", REVIEW_BODY + "\n- Agreed: alert sooner.", "lessons_learned"
            )
        ]
        assert app.dirty

        def drafted() -> bool:
            draft = store.drafts.load(EXAMPLE_ID)
            return draft is not None and draft.record == record

        await _until(pilot, drafted, tries=40)
        assert drafted()
        await commit(pilot, app)

    on_disk = committed.read_text(encoding="utf-8")
    assert on_disk == git(repo, "show", f"HEAD:{committed.relative_to(repo).as_posix()}")
    timeline = section_text(on_disk, "Timeline")
    assert timeline.endswith("\n\n" + TIMELINE_NOTE + " Paging fixed.")  # after the table
    assert section_text(on_disk, "Review notes 2026").endswith("- Agreed: alert sooner.")
    order = titles(on_disk)
    assert order.index("Review notes 2026") == order.index("Lessons learned") + 1
    assert "Review notes" not in order
    reread = parse_report(on_disk)
    assert reread == record
    assert parse_report(render_report(reread)) == reread


async def test_ctrl_n_adds_a_section_placed_where_chosen(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record(title="Queue backlog")
    record.severity = "SEV4"
    app = make_app(store, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        title = app.screen.query_one("#extra-1-title", Input)
        assert app.focused is title
        assert record.extra_sections == []  # an empty section is nothing yet
        await pilot.press(*"Follow-up")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#extra-1-after", Select)
        app.screen.query_one("#extra-1-after", Select).value = "summary"
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#extra-1-body", TextArea)
        await pilot.press(*"Owners", "space", *"meet", "space", *"Friday.")
        await pilot.pause()
        assert record.extra_sections == [
            ExtraSection("Follow-up", "Owners meet Friday.", "summary")
        ]
        intro = str(app.screen.query_one("#hand-written-intro").render())
        assert "Nothing" not in intro
        await commit(pilot, app)

    path = store.load(record.id).path
    on_disk = path.read_text(encoding="utf-8")
    order = titles(on_disk)
    assert order[:3] == ["Summary", "Follow-up", "Key figures"]
    assert section_text(on_disk, "Follow-up") == "Owners meet Friday."
    assert parse_report(on_disk).extra_sections == record.extra_sections


async def test_remove_button_and_emptying_take_a_section_out(repo: Path, committed: Path) -> None:
    _, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        await pilot.press("ctrl+n")
        await pilot.press(*"Scratch")
        await pilot.pause()
        record = app.record
        assert record is not None
        assert [s.title for s in record.extra_sections] == ["Review notes", "Scratch"]

        # Emptying the new one's title (its text is empty) leaves it out of the record.
        await pilot.press(*["backspace"] * len("Scratch"))
        await pilot.pause()
        assert [s.title for s in record.extra_sections] == ["Review notes"]

        # The reviewer's section: its Remove button, from the keyboard.
        app.screen.query_one("#extra-1-remove", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert record.extra_sections == []
        assert not app.screen.query("#extra-1")
        assert app.focused is app.screen.query_one("#extra-2-title", Input)  # the next one
        # Emptying a note removes the entry (a notes entry is never empty).
        note = app.screen.query_one("#note-timeline", TextArea)
        note.focus()
        note.select_all()
        await pilot.press("backspace")
        await pilot.pause()
        assert record.notes == {}
        assert parse_report(render_report(record)) == record


async def test_a_note_can_be_started_in_a_section_that_has_none(
    repo: Path, committed: Path
) -> None:
    _, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        chooser = app.screen.query_one("#add-note", Select)
        # Every list or table section without a note yet, in the report's order.
        offered = [label for label, _ in chooser._options if label]
        assert offered[:2] == ["Contributing factors", "Customer communications"]
        assert "Timeline" not in offered and "Summary" not in offered
        chooser.focus()
        await pilot.press("enter")  # open the list: its first entry is the prompt
        await pilot.press("down", "down", "enter")
        await _until(pilot, lambda: bool(app.screen.query("#note-communications")))
        note = app.screen.query_one("#note-communications", TextArea)
        assert app.focused is note
        # With the other notes, above the added sections.
        notes_then_sections = [
            widget.id
            for widget in editor(app).children
            if widget.id and widget.id.startswith(("note-", "extra-"))
        ]
        assert notes_then_sections[:4] == [
            "note-timeline-label",
            "note-timeline",
            "note-communications-label",
            "note-communications",
        ]
        assert "Notes in Customer communications" in [
            str(label.render()) for label in app.screen.query(".field-label")
        ]
        record = app.record
        assert record is not None
        assert "communications" not in record.notes  # nothing typed: no note yet
        await pilot.press(*"Sent", "space", *"by", "space", *"the", "space", *"status", "space")
        await pilot.press(*"page.")
        await pilot.pause()
        assert record.notes["communications"] == "Sent by the status page."
        assert "Customer communications" not in [label for label, _ in chooser._options]
        assert parse_report(render_report(record)) == record
        assert "Sent by the status page." in section_text(
            render_report(record), "Customer communications"
        )


async def test_removing_a_section_names_it_as_typed_even_with_brackets(
    repo: Path, committed: Path
) -> None:
    # "[/api]" reads as a closing markup tag: the notice must show it, not fail on it.
    _, app = open_app(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await go_to_other(pilot)
        await pilot.press("ctrl+n")
        await pilot.press(*"Fix [/api] notes")
        await pilot.pause()
        app.screen.query_one("#extra-2-remove", Button).focus()
        await pilot.press("enter")
        await _until(pilot, lambda: "Removed" in toasts(app))
        assert "Removed the section “Fix [/api] notes”." in toasts(app)
        assert app.record is not None
        assert [s.title for s in app.record.extra_sections] == ["Review notes"]


async def test_a_fixed_section_title_is_an_error_that_jumps_to_the_field(
    repo: Path, committed: Path
) -> None:
    _, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        title = app.screen.query_one("#extra-1-title", Input)
        title.focus()
        await pilot.press("ctrl+u", *"timeline")  # read back, it would be the Timeline
        await pilot.pause(0.5)
        panel = app.screen.query_one(ProblemsPanel)
        found = [p for p in panel.problems if p.path == "extra_sections[0].title"]
        assert found and found[0].level is Level.ERROR
        assert title.has_class("-invalid")
        await pilot.press("ctrl+g", "1")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-facts"
        panel.focus()
        panel.highlighted = panel.problems.index(found[0])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-other"
        assert app.focused is title
        await pilot.press(*"-review")
        await pilot.pause(0.5)
        assert not [p for p in panel.problems if p.path.startswith("extra_sections")]
        assert not title.has_class("-invalid")


# -- getting there ----------------------------------------------------------------------------


async def test_section_keys_and_the_jump_dialog_reach_the_seventh_tab(repo: Path) -> None:
    from postmortem.tui.screens.dialogs import JumpDialog

    store = Store.open(repo)
    app = make_app(store, record=store.new_record())
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("ctrl+pageup")  # from the first, back round to the last
        await pilot.pause()
        assert tabs.active == "tab-other"
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert tabs.active == "tab-facts"
        await pilot.press("ctrl+g", "6", "ctrl+pagedown")
        await pilot.pause()
        assert tabs.active == "tab-other"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, JumpDialog)
        assert app.screen.titles[-1] == "Other" and len(app.screen.titles) == 7
        await pilot.press("2", "ctrl+g", "7")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert tabs.active == "tab-other"
        assert "7 Other" in str(tabs.get_tab("tab-other").label)


async def test_the_other_tab_fits_80_columns(repo: Path, committed: Path) -> None:
    _, app = open_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_other(pilot)
        tab = app.screen.query_one(TabbedContent).get_tab("tab-other")
        assert tab.region.right <= 80  # the seventh tab is on screen, not scrolled off
        for selector in ("#note-timeline", "#extra-1-title", "#extra-1-after", "#extra-1-body"):
            widget = app.screen.query_one(selector)
            widget.focus()
            await pilot.pause()
            region = widget.region
            assert region.width >= 40 and region.right <= 80, selector
            assert 0 < region.y < 24, selector  # scrolled into view when focused


# -- the checks, without a terminal -----------------------------------------------------------


def test_blank_sections_are_left_out_and_the_rest_kept_in_file_order() -> None:
    sections = [ExtraSection("", " \n"), ExtraSection("A", ""), ExtraSection("", "b")]
    assert kept(sections) == sections[1:]
    # The record holds them as the file will: by the section each follows.
    placed = [
        ExtraSection("End", "", "action_items"),
        ExtraSection("Top", "", ""),
        ExtraSection("Mid", "", "timeline"),
        ExtraSection("Also end", "", "action_items"),
    ]
    assert [section.title for section in kept(placed)] == ["Top", "Mid", "End", "Also end"]
