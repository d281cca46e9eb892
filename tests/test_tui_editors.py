"""The three table editors, driven with Pilot in a small host app at 80x24.

Each test presses keys (or clicks) as a user would and asserts on the list the editor hands
back, and on the Changed messages the app relies on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from textual import events
from textual.app import App, ComposeResult
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Select, Static, TextArea

from postmortem.model.enums import ActionStatus, Priority, TimelineKind
from postmortem.model.record import ActionItem, CustomerMessage, Postmortem, TimelineEntry
from postmortem.tui.widgets.action_items_editor import ActionItemsEditor
from postmortem.tui.widgets.communications_editor import CommunicationsEditor
from postmortem.tui.widgets.entry_forms import EntryForm
from postmortem.tui.widgets.table_editor import TableEditor
from postmortem.tui.widgets.timeline_editor import TimelineEditor

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)
SIZE = (80, 24)


def at(hour: int, minute: int, *, day: date = DAY, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


class Host(App[None]):
    """A bare app holding one editor, recording the Changed messages it receives."""

    def __init__(self, editor: Widget) -> None:
        super().__init__()
        self.editor = editor
        self.changes: list[TableEditor.Changed] = []
        self.notices: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.editor

    def on_mount(self) -> None:
        self.editor.query_one(DataTable).focus()

    def on_notify(self, event: Notify) -> None:
        self.notices.append(event.notification.message)

    def on_table_editor_changed(self, message: TableEditor.Changed) -> None:
        self.changes.append(message)

    def on_timeline_editor_changed(self, message: TimelineEditor.Changed) -> None:
        self.changes.append(message)

    def on_action_items_editor_changed(self, message: ActionItemsEditor.Changed) -> None:
        self.changes.append(message)

    def on_communications_editor_changed(self, message: CommunicationsEditor.Changed) -> None:
        self.changes.append(message)


def timeline(*entries: TimelineEntry) -> TimelineEditor:
    return TimelineEditor(list(entries), tz=BERLIN, incident_date=DAY, id="timeline")


def three_entries() -> TimelineEditor:
    return timeline(
        TimelineEntry(at(14, 2), TimelineKind.TRIGGER, "deploy [v2.3] rolled out"),
        TimelineEntry(at(14, 10), TimelineKind.DETECTION, "alert fired\nsecond line"),
        TimelineEntry(at(14, 30), TimelineKind.MITIGATION, "rolled back", "https://ci/1"),
    )


def form(app: App[None]) -> EntryForm[object]:
    screen = app.screen
    assert isinstance(screen, EntryForm), f"no form open: {screen!r}"
    return screen


async def type_into(pilot: Pilot[None], app: App[None], selector: str, text: str) -> None:
    widget = app.screen.query_one(selector)
    if isinstance(widget, Input):
        widget.value = ""
    elif isinstance(widget, TextArea):
        widget.text = ""
    widget.focus()
    await pilot.press(*_keys(text))


def _keys(text: str) -> list[str]:
    names = {" ": "space", "\n": "enter", ":": "colon", "-": "minus", "/": "slash"}
    names |= {".": "full_stop", ",": "comma", "[": "left_square_bracket"}
    return [names.get(char, char) for char in text]


# -- timeline ---------------------------------------------------------------------------------


async def test_timeline_shows_entries_sorted_with_short_times() -> None:
    editor = timeline(
        TimelineEntry(at(14, 30), text="later"),
        TimelineEntry(at(9, 0, day=DAY + timedelta(days=1)), text="next day"),
        TimelineEntry(at(14, 2), text="first"),
    )
    async with Host(editor).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["first", "later", "next day"]
        table = editor.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][:1] == ["14:02"]
        assert str(table.get_row_at(2)[0]) == "2026-11-27 09:00"
        # The table fits the 80-column screen: no horizontal scrolling needed.
        assert table.virtual_size.width <= 80


async def test_timeline_add_with_clock_time_on_incident_date() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form(app)
        await pilot.press(*_keys("14:15"))
        await pilot.press("tab", "tab")  # past the kind, to the text
        await pilot.press(*_keys("paged DB"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
        texts = [e.text for e in editor.entries]
        assert texts[2] == "paged DB"
        assert editor.entries[2].time == at(14, 15)
        assert editor.entries[2].kind is TimelineKind.NOTE
        assert editor.query_one(DataTable).cursor_row == 2  # the cursor follows the new entry
        assert len(app.changes) == 1
        assert isinstance(app.changes[0], TimelineEditor.Changed)
        assert app.changes[0].editor is editor


async def test_timeline_full_date_time_and_now() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press(*_keys("2026-11-25 23:50"))
        await pilot.press("enter")  # enter in a one-line field saves
        await pilot.pause()
        assert editor.entries[0].time == at(23, 50, day=date(2026, 11, 25))
        table = editor.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "2026-11-25 23:50"

        before = datetime.now(BERLIN).replace(second=0, microsecond=0)
        await pilot.press("a")
        await pilot.press(*_keys("now"), "enter")
        await pilot.pause()
        after = datetime.now(BERLIN)
        newest = editor.entries[-1]
        assert before <= newest.time <= after
        assert newest.time.utcoffset() == after.utcoffset()


async def test_invalid_time_keeps_form_open_and_typed_text() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press(*_keys("25:99"))
        # A multi-line paste into the text keeps every line (an Input would keep only one).
        text_area = app.screen.query_one("#text", TextArea)
        text_area.focus()
        await pilot.pause()
        app.post_message(events.Paste("db failover\nstarted"))  # as the terminal driver does
        await pilot.pause()
        await type_into(pilot, app, "#source", "chat")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = form(app)
        error = screen.query_one("#time-error", Static)
        assert error.display and "not a clock time" in str(error.render())
        assert screen.query_one("#time", Input).value == "25:99"
        assert screen.query_one("#time", Input).has_focus
        assert screen.query_one("#text", TextArea).text == "db failover\nstarted"
        assert screen.query_one("#source", Input).value == "chat"
        assert len(editor.entries) == 3 and app.changes == []

        await type_into(pilot, app, "#time", "14:20")
        assert not screen.query_one("#time-error", Static).display  # retyping clears it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert editor.entries[2].text == "db failover\nstarted"
        assert editor.entries[2].source == "chat"


async def test_escape_cancels_the_form() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *_keys("14:15"), "escape")
        await pilot.pause()
        # The form holds typed text: escape asks first; d discards it.
        assert not isinstance(app.screen, EntryForm)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
        assert len(editor.entries) == 3 and app.changes == []


async def test_timeline_edit_moves_entry_to_its_new_time_and_undo() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # on the first row
        screen = form(app)
        assert screen.query_one("#time", Input).value == "14:02"
        await type_into(pilot, app, "#time", "14:20")
        screen.query_one("#kind", Select).value = TimelineKind.DECISION
        await pilot.press("ctrl+s")
        await pilot.pause()
        entries = editor.entries
        assert [e.time for e in entries] == [at(14, 10), at(14, 20), at(14, 30)]
        assert entries[1].text == "deploy [v2.3] rolled out"
        assert entries[1].kind is TimelineKind.DECISION
        assert editor.query_one(DataTable).cursor_row == 1

        await pilot.press("u")
        await pilot.pause()
        assert [e.time for e in editor.entries] == [at(14, 2), at(14, 10), at(14, 30)]
        assert editor.entries[0].kind is TimelineKind.TRIGGER
        assert len(app.changes) == 2


async def test_edit_unchanged_keeps_the_exact_time_and_posts_nothing() -> None:
    stored = datetime(2026, 11, 26, 13, 2, 30, tzinfo=UTC)  # 14:02:30 in Berlin
    editor = timeline(TimelineEntry(stored, text="x"))
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert form(app).query_one("#time", Input).value == "14:02:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert editor.entries[0].time.tzinfo is UTC
        assert app.changes == []


async def test_timeline_delete_and_several_undos() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d")
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["deploy [v2.3] rolled out", "rolled back"]
        await pilot.press("delete")
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["deploy [v2.3] rolled out"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(editor.entries) == 2
        await pilot.press("u")
        await pilot.pause()
        assert [e.time for e in editor.entries] == [at(14, 2), at(14, 10), at(14, 30)]
        assert editor.query_one(DataTable).row_count == 3
        await pilot.press("u")  # nothing left: a notice, no change
        await pilot.pause()
        assert len(editor.entries) == 3
        assert len(app.changes) == 4


def shown_toasts(app: App[None]) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_undo_takes_the_deleted_notice_away() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "d")
        await pilot.pause()
        assert "Press u to undo" in shown_toasts(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(editor.entries) == 3
        assert "Press u to undo" not in shown_toasts(app)


async def test_timeline_reorder_only_within_the_same_time() -> None:
    editor = timeline(
        TimelineEntry(at(14, 2), text="a"),
        TimelineEntry(at(14, 2), text="b"),
        TimelineEntry(at(14, 10), text="c"),
    )
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "ctrl+up")
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["b", "a", "c"]
        assert editor.query_one(DataTable).cursor_row == 0
        await pilot.press("J")
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["a", "b", "c"]
        await pilot.press("J")  # b (14:02) cannot pass c (14:10)
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["a", "b", "c"]
        assert any("ordered by time" in notice for notice in app.notices)
        await pilot.press("u")
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["b", "a", "c"]
        assert len(app.changes) == 3


async def test_timeline_stays_sorted_through_a_sequence_of_edits() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        for clock in ("14:40", "13:00", "14:10", "now", "2026-11-26 14:05"):
            await pilot.press("a", *_keys(clock), "enter")
            await pilot.pause()
        editor.focus_row(0)  # 13:00
        await pilot.press("d")
        editor.focus_row(6)  # the one typed as `now`
        await pilot.press("e")
        await type_into(pilot, app, "#time", "12:00")
        await pilot.press("enter")
        await pilot.pause()
        times = [e.time for e in editor.entries]
        assert times == sorted(times) and len(times) == 7
        # Equal times keep the order they were entered in: the 14:10 added later comes second.
        tens = [e for e in editor.entries if e.time == at(14, 10)]
        assert [e.kind for e in tens] == [TimelineKind.DETECTION, TimelineKind.NOTE]
        table = editor.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(3)] == ["12:00", "14:02", "14:05"]


async def test_click_on_a_row_opens_its_form_and_add_button_works() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        table = editor.query_one(DataTable)
        await pilot.click(table, offset=(3, 3))  # header is line 0: this is the third row
        await pilot.pause()
        assert form(app).query_one("#time", Input).value == "14:30"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(table, offset=(3, 1))  # the highlighted row: still one form only
        await pilot.pause()
        assert form(app).query_one("#time", Input).value == "14:02"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
        await pilot.click(editor.query_one(".toolbar Button"))
        await pilot.pause()
        assert form(app).new


async def test_an_empty_editor_ignores_row_keys_and_says_how_to_add() -> None:
    editor = timeline()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "e", "enter", "K", "ctrl+down", "u")
        await pilot.pause()
        assert editor.entries == [] and app.changes == []
        assert not isinstance(app.screen, EntryForm)
        assert editor.query_one(".empty-hint").display


async def test_set_context_and_load() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        table = editor.query_one(DataTable)
        editor.set_context(tz=ZoneInfo("UTC"), incident_date=DAY)
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "13:02"
        editor.set_context(tz=BERLIN, incident_date=None)
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "2026-11-26 14:02"
        editor.load([TimelineEntry(at(8, 0), text="other")], tz=BERLIN, incident_date=DAY)
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["other"]
        assert table.row_count == 1
        await pilot.press("u")  # a load is not undoable: it is another document
        await pilot.pause()
        assert [e.text for e in editor.entries] == ["other"]
        assert app.changes == []


async def test_focus_row_and_entries_are_copies() -> None:
    editor = three_entries()
    async with Host(editor).run_test(size=SIZE) as pilot:
        editor.focus_row(2)
        await pilot.pause()
        table = editor.query_one(DataTable)
        assert table.cursor_row == 2 and table.has_focus
        editor.focus_row(99)
        assert table.cursor_row == 2
        editor.entries[0].text = "changed outside"
        assert editor.entries[0].text == "deploy [v2.3] rolled out"


async def test_every_binding_has_an_id_and_a_description() -> None:
    for cls, prefix in (
        (TimelineEditor, "timeline"),
        (ActionItemsEditor, "action_items"),
        (CommunicationsEditor, "communications"),
    ):
        ids = set()
        for binding in cls.BINDINGS:
            assert not isinstance(binding, tuple)
            assert binding.id and binding.id.startswith(prefix + ".") and binding.description
            ids.add(binding.id)
        assert {f"{prefix}.{name}" for name in ("add", "edit", "delete", "undo")} <= ids


async def test_a_keymap_remaps_an_editor_key() -> None:
    editor = three_entries()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"timeline.delete": "x"})
        await pilot.press("x")
        await pilot.pause()
        assert len(editor.entries) == 2


async def test_forms_fit_in_80x24() -> None:
    editors: list[Callable[[], Widget]] = [
        three_entries,
        lambda: ActionItemsEditor([], next_id=lambda: "PM-20261126-7KQ3-A1"),
        lambda: CommunicationsEditor([], tz=BERLIN, incident_date=DAY),
    ]
    for make in editors:
        app = Host(make())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("a")
            await pilot.pause()
            screen = form(app)
            for selector in ("#form-box", "#save", "#cancel"):
                region = screen.query_one(selector).region
                assert region.right <= 80 and region.bottom <= 24, (selector, region)
                assert region.width > 0 and region.height > 0, (selector, region)


async def test_a_2000_entry_timeline_loads_fast() -> None:
    start = at(0, 0)
    entries = [
        TimelineEntry(start + timedelta(seconds=37 * n), TimelineKind.NOTE, f"entry {n}")
        for n in range(2000)
    ]
    editor = timeline()
    async with Host(editor).run_test(size=SIZE) as pilot:
        await pilot.pause()
        # CPU time, not wall time: other test workers on a loaded machine do not count.
        began = time.process_time()
        editor.load(entries, tz=BERLIN, incident_date=DAY)
        await pilot.pause()
        elapsed = time.process_time() - began
        table = editor.query_one(DataTable)
        assert table.row_count == 2000
        assert elapsed < 0.6, elapsed
        keys_before = [row.key for row in table.ordered_rows]
        # An edit updates its row in place: the other rows keep their keys.
        editor.focus_row(1000)
        await pilot.press("e")
        await type_into(pilot, pilot.app, "#source", "ticket-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [row.key for row in table.ordered_rows] == keys_before
        assert editor.entries[1000].source == "ticket-1"


# -- action items -----------------------------------------------------------------------------


def action_items(*items: ActionItem, owners: tuple[str, ...] = ()) -> ActionItemsEditor:
    record = Postmortem(id="PM-20261126-7KQ3", action_items=list(items))
    return ActionItemsEditor(
        list(items), next_id=record.next_action_id, owners=owners, id="actions"
    )


async def test_action_item_add_assigns_the_id_and_reads_every_field() -> None:
    editor = action_items(owners=("alice", "bob"))
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = form(app)
        assert str(screen.query_one("#id", Static).render()) == "PM-20261126-7KQ3-A1"
        assert screen.query_one("#title", Input).has_focus  # the id is not a field
        await pilot.press(*_keys("lag alert"))
        await type_into(pilot, app, "#owner", "b")
        await pilot.pause(0.1)
        await pilot.press("right")  # accepts the suggestion
        assert screen.query_one("#owner", Input).value == "bob"
        screen.query_one("#priority", Select).value = Priority.P1
        screen.query_one("#status", Select).value = ActionStatus.IN_PROGRESS
        await type_into(pilot, app, "#tracker", "OPS-12")
        await type_into(pilot, app, "#due", "2026-12-01")
        await pilot.click(screen.query_one("#save"))
        await pilot.pause()
        (item,) = editor.items
        assert item == ActionItem(
            id="PM-20261126-7KQ3-A1",
            title="lag alert",
            owner="bob",
            priority=Priority.P1,
            due=date(2026, 12, 1),
            status=ActionStatus.IN_PROGRESS,
            tracker="OPS-12",
        )
        assert isinstance(app.changes[0], ActionItemsEditor.Changed)


async def test_action_item_bad_due_date_is_shown_inline() -> None:
    editor = action_items()
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *_keys("fix it"))
        await type_into(pilot, app, "#due", "next week")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = form(app)
        assert "YYYY-MM-DD" in str(screen.query_one("#due-error", Static).render())
        assert screen.query_one("#title", Input).value == "fix it"
        await type_into(pilot, app, "#due", "2026-12-01")
        await pilot.press("enter")
        await pilot.pause()
        assert editor.items[0].due == date(2026, 12, 1)


async def test_action_item_ids_stay_unique_after_delete_and_add() -> None:
    editor = action_items(
        ActionItem("PM-20261126-7KQ3-A1", "one"), ActionItem("PM-20261126-7KQ3-A2", "two")
    )
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d")  # delete A2, the newest
        await pilot.pause()
        for title in ("three", "four"):
            await pilot.press("a", *_keys(title), "enter")
            await pilot.pause()
        ids = [item.id for item in editor.items]
        assert ids == ["PM-20261126-7KQ3-A1", "PM-20261126-7KQ3-A3", "PM-20261126-7KQ3-A4"]
        await pilot.press("a", "escape")  # a cancelled form does not use up a number
        await pilot.press("a", *_keys("five"), "enter")
        await pilot.pause()
        assert editor.items[-1].id == "PM-20261126-7KQ3-A5"
        # Undo back past the delete: A2 returns, and no id appears twice.
        for _ in range(4):
            await pilot.press("u")
        await pilot.pause()
        ids = [item.id for item in editor.items]
        assert ids == ["PM-20261126-7KQ3-A1", "PM-20261126-7KQ3-A2"]
        await pilot.press("a", *_keys("six"), "enter")
        await pilot.pause()
        ids = [item.id for item in editor.items]
        assert len(set(ids)) == len(ids) == 3 and ids[-1] == "PM-20261126-7KQ3-A6"


async def test_action_item_id_survives_a_lagging_next_id() -> None:
    # An app that has not yet copied the editor's list into its record hands out a used id.
    editor = ActionItemsEditor([], next_id=lambda: "PM-20261126-7KQ3-A1")
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        for title in ("one", "two"):
            await pilot.press("a", *_keys(title), "enter")
            await pilot.pause()
        assert [i.id for i in editor.items] == ["PM-20261126-7KQ3-A1", "PM-20261126-7KQ3-A2"]


async def test_action_items_edit_reorder_freely_and_undo() -> None:
    editor = action_items(
        ActionItem("PM-20261126-7KQ3-A1", "one", owner="alice"),
        ActionItem("PM-20261126-7KQ3-A2", "two"),
    )
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("K")  # first row: nothing above
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert [i.title for i in editor.items] == ["two", "one"]
        await pilot.press("e")
        screen = form(app)
        assert str(screen.query_one("#id", Static).render()) == "PM-20261126-7KQ3-A1"
        await type_into(pilot, app, "#title", "one, v2")
        await pilot.press("enter")
        await pilot.pause()
        assert editor.items[1] == ActionItem("PM-20261126-7KQ3-A1", "one, v2", "alice")
        await pilot.press("u", "u")
        await pilot.pause()
        assert [i.title for i in editor.items] == ["one", "two"]


async def test_owner_suggestions_include_owners_already_used() -> None:
    editor = action_items(ActionItem("PM-20261126-7KQ3-A1", "one", owner="Priya"))
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_into(pilot, app, "#owner", "pr")
        await pilot.pause(0.1)
        await pilot.press("right")
        assert form(app).query_one("#owner", Input).value == "Priya"


# -- communications ---------------------------------------------------------------------------


async def test_communications_add_all_clear_and_undo() -> None:
    editor = CommunicationsEditor(
        [CustomerMessage(at(14, 20), "all customers", "status page", "investigating")],
        tz=BERLIN,
        incident_date=DAY,
    )
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *_keys("15:05"))
        await type_into(pilot, app, "#audience", "a")
        await pilot.pause(0.1)
        await pilot.press("right")  # an audience used before is suggested
        await type_into(pilot, app, "#channel", "email")
        await type_into(pilot, app, "#summary", "ok\nok")
        screen = form(app)
        screen.query_one("#all_clear", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = editor.messages
        assert messages[1] == CustomerMessage(
            at(15, 5), "all customers", "email", "ok\nok", all_clear=True
        )
        table = editor.query_one(DataTable)
        assert "yes" in str(table.get_row_at(1)[4])
        assert isinstance(app.changes[0], CommunicationsEditor.Changed)

        await pilot.press("enter")  # edit it: clear the all-clear
        form(app).query_one("#all_clear", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not editor.messages[1].all_clear
        await pilot.press("u")
        await pilot.pause()
        assert editor.messages[1].all_clear
        assert len(app.changes) == 3


async def test_communications_invalid_time_keeps_form() -> None:
    editor = CommunicationsEditor([], tz=BERLIN, incident_date=None)
    app = Host(editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *_keys("14:02"), "enter")
        await pilot.pause()
        # No incident date yet: a bare clock time cannot be placed.
        assert "incident date" in str(form(app).query_one("#time-error", Static).render())
        await type_into(pilot, app, "#time", "2026-11-26 14:02")
        await pilot.press("enter")
        await pilot.pause()
        assert editor.messages[0].time == at(14, 2)
