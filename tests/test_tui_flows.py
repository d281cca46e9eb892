"""The TUI driven as a person would, in a real repository: keys in, files and commits out."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import git
from textual.widgets import DataTable, Label

from postmortem.model import ActionItem, Status
from postmortem.store import Store
from postmortem.store.initialise import initialise
from postmortem.tui.app import PostmortemApp, create_app
from postmortem.tui.screens.browse import short_duration
from postmortem.tui.screens.dialogs import MessageDialog, RestoreDraftDialog
from postmortem.tui.screens.editor import EditorScreen
from postmortem.tui.widgets.problems_panel import ProblemsPanel

POSTMORTEM = Path(sys.executable).with_name("postmortem")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    try:
        initialise(root)
    except ImportError:  # the renderer is not there yet: a bare repository will do
        from postmortem.store.config import CONFIG_NAME, default_config_text

        root.mkdir(exist_ok=True)
        git(root, "init", "-q")
        (root / CONFIG_NAME).write_text(default_config_text(), encoding="utf-8")
    return root


def make_app(store: Store, **kwargs: object) -> PostmortemApp:
    return create_app(store, keymap={}, cursor_blink=False, animations=False, **kwargs)  # type: ignore[arg-type]


async def type_into(pilot: object, app: PostmortemApp, widget_id: str, text: str) -> None:
    widget = app.screen.query_one(f"#{widget_id}")
    widget.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*[("space" if c == " " else "enter" if c == "\n" else c) for c in text])  # type: ignore[attr-defined]


async def choose(pilot: object, app: PostmortemApp, widget_id: str, value: str) -> None:
    from textual.widgets import Select

    select = app.screen.query_one(f"#{widget_id}", Select)
    select.focus()
    select.value = value  # a Select's overlay is tested by Textual itself
    await pilot.pause()  # type: ignore[attr-defined]


def problem_paths(app: PostmortemApp) -> list[str]:
    return [p.path for p in app.screen.query_one(ProblemsPanel).problems]


async def test_blank_to_committed_report(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, EditorScreen)
        await type_into(pilot, app, "title", "Checkout errors after cache failover")
        await choose(pilot, app, "severity", "SEV4")
        await type_into(pilot, app, "services", "checkout, cache")
        await type_into(pilot, app, "times-started", "14:02")
        await type_into(pilot, app, "times-detected", "14:09")
        await type_into(pilot, app, "times-resolved", "15:30")
        await pilot.press("alt+2")  # section 2: the story
        await type_into(pilot, app, "summary", "The cache failover left checkout without sessions.")
        await type_into(pilot, app, "impact-description", "Checkout failed for most users.")
        await type_into(pilot, app, "impact-users", "1200")
        await type_into(pilot, app, "resolution", "Sessions were rebuilt from the database.")
        await pilot.press("alt+6")
        await pilot.pause()
        assert app.record is record
        assert record.title == "Checkout errors after cache failover"
        assert record.services == ["checkout", "cache"]
        assert record.times.started is not None and record.times.started.hour == 14
        assert record.impact.users_affected == 1200
        # At 80 columns the durations are under the times (the status line has no room).
        durations = str(app.screen.query_one("#durations").render())
        assert "detect 7m" in durations and "resolve 1h 28m" in durations
        assert "detect" not in str(app.screen.query_one("#status-line").render())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "resolve 1h 28m" in str(app.screen.query_one("#status-line").render())

        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        from postmortem.tui.screens.commit_dialog import CommitDialog

        assert isinstance(app.screen, CommitDialog)
        app.screen.query_one("#commit-status").value = Status.IN_REVIEW  # type: ignore[attr-defined]
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: not app.dirty, tries=50)
        assert not app.dirty
        assert store.drafts.load(record.id) is None

    log = git(repo, "log", "--format=%s", "-1")
    assert record.id in log
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    report = next(name for name in files if "checkout-errors" in name)
    committed = git(repo, "show", f"HEAD:{report}")
    assert committed == (repo / report).read_text(encoding="utf-8")
    assert "Checkout errors after cache failover" in committed
    assert "in review" in committed
    assert "The cache failover left checkout without sessions." in committed


async def test_problems_shown_cleared_and_jump(repo: Path) -> None:
    store = Store.open(repo)
    # A past day: 14:02 today would be in the future (a warning) before 14:02.
    app = make_app(store, record=store.new_record(on=date(2026, 11, 20)))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "2 errors" in str(app.screen.query_one("#status-line").render())
        await pilot.pause(0.5)
        assert "title" in problem_paths(app)
        await type_into(pilot, app, "times-started", "25:99")
        await pilot.pause(0.5)
        assert "times.started" in problem_paths(app)
        assert app.record is not None and app.record.times.started is None
        panel = app.screen.query_one(ProblemsPanel)
        panel.focus()
        panel.highlighted = [p.path for p in panel.problems].index("times.started")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "times-started"
        await pilot.press(*["backspace"] * 5, "1", "4", ":", "0", "2")
        await type_into(pilot, app, "title", "Login outage")
        await pilot.pause(0.5)
        assert "times.started" not in problem_paths(app)
        assert "title" not in problem_paths(app)


async def test_edit_existing_hand_edited_report(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record(title="Queue backlog")
    record.severity = "SEV4"
    record.summary = "The queue grew."
    result = store.commit(record, base_text=None)
    path = result.path
    text = path.read_text(encoding="utf-8").replace(
        "The queue grew.", "The queue grew after a *hand edit*."
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "hand edit")

    store = Store.open(repo)
    app = make_app(store, loaded=store.load(record.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("alt+2")
        summary = app.screen.query_one("#summary")
        assert "hand edit" in summary.text  # type: ignore[attr-defined]
        await type_into(pilot, app, "lessons-learned", "Alert on queue age.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: not app.dirty, tries=50)
        assert not app.dirty
    committed = git(repo, "show", f"HEAD:{path.relative_to(repo).as_posix()}")
    assert "hand edit" in committed
    assert "Alert on queue age." in committed


async def test_failed_commit_keeps_the_work(repo: Path, no_git_identity: None) -> None:
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", "Disk full on build agents")
        await choose(pilot, app, "severity", "SEV4")
        await pilot.press("alt+2")
        await type_into(pilot, app, "summary", "Builds failed for an hour.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, MessageDialog), tries=50)
        assert isinstance(app.screen, MessageDialog)
        assert "git config" in app.screen.advice
        await pilot.press("enter")
        assert app.dirty
    draft = store.drafts.load(record.id)
    assert draft is not None and draft.record.title == "Disk full on build agents"
    assert git(repo, "log", "--format=%s").count(record.id) == 0


async def test_quit_with_changes_asks_and_keeps_a_draft(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", "Half written")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QuitDialog"
        await pilot.press("q")
        await pilot.pause()
    draft = store.drafts.load(record.id)
    assert draft is not None and draft.record.title == "Half written"


def dialog_text(app: PostmortemApp) -> str:
    """Every Static and Button on the top screen, as shown (a dialog's words)."""
    return "\n".join(str(w.render()) for w in app.screen.query("Static, Button") if w.display)


async def test_quitting_a_never_committed_report_says_discard_deletes_it(repo: Path) -> None:
    from postmortem.tui.screens.dialogs import QuitDialog

    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", "Half written")
        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, QuitDialog))
        shown = dialog_text(app)
        assert "never committed" in shown and "gone for good" in shown
        assert "Delete for good (d)" in shown
        await pilot.press("d")
        await pilot.pause()
    assert store.drafts.load(record.id) is None


async def test_quitting_a_committed_report_says_discard_keeps_the_last_commit(repo: Path) -> None:
    from postmortem.tui.screens.dialogs import QuitDialog

    store, record_id, _ = committed_report(repo)
    app = make_app(store, loaded=store.load(record_id), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", " again")
        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, QuitDialog))
        shown = dialog_text(app)
        assert "as last committed" in shown and "gone for good" not in shown
        assert "Discard (d)" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_the_owner_field_suggests_the_reports_authors(repo: Path) -> None:
    from textual.widgets import Input

    from postmortem.tui.widgets.entry_forms import ActionItemForm

    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        authors = app.screen.query_one("#authors", Input)
        authors.value = ""
        await type_into(pilot, app, "authors", "Sam Lee")
        await pilot.press("ctrl+g", "6")
        await _until(pilot, lambda: bool(app.screen.query("#action-items-editor DataTable")))
        await pilot.pause()
        await pilot.press("a")
        await _until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        await type_into(pilot, app, "owner", "Sa")
        owner = app.screen.query_one("#owner", Input)
        for _ in range(30):  # the suggestion is looked up in a worker: slow under load
            await pilot.pause(0.1)
            await pilot.press("right")  # accepts it once there; at the end, moves nothing
            if owner.value != "Sa":
                break
        assert owner.value == "Sam Lee"


async def test_a_typed_list_marker_is_not_kept_as_a_literal_dash(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", "5")
        await _until(pilot, lambda: bool(app.screen.query("#went-well")))
        await type_into(pilot, app, "went-well", "- Alert fired\n* Runbook worked\n• Rollback")
        await pilot.pause()
        assert record.went_well == ["Alert fired", "Runbook worked", "Rollback"]
        report = app.render_report(record)
        assert "- Alert fired" in report and "\\-" not in report and "\\*" not in report


async def test_tab_into_a_filled_text_box_puts_the_cursor_after_its_text(repo: Path) -> None:
    from textual.widgets import TextArea

    store = Store.open(repo)
    record = store.new_record()
    record.went_well = ["Alert fired"]
    record.went_wrong = ["Runbook was stale", "Paging was slow"]
    record.got_lucky = ["Low traffic"]
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", "5")
        await _until(pilot, lambda: app.focused is not None and app.focused.id == "went-well")
        await pilot.press("tab")
        await pilot.pause()
        wrong = app.screen.query_one("#went-wrong", TextArea)
        assert app.focused is wrong
        assert wrong.cursor_location == wrong.document.end
        await pilot.press("enter", "A", "h", "a")
        await pilot.pause()
        assert record.went_wrong == ["Runbook was stale", "Paging was slow", "Aha"]
        # A click still puts the cursor where it lands.
        lucky = app.screen.query_one("#got-lucky", TextArea)
        lucky.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(lucky, offset=(3, 0))
        await pilot.pause()
        assert app.focused is lucky and lucky.cursor_location == (0, 2), lucky.cursor_location


def _run_in_pty(
    args: list[str], cwd: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], int]:
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    threading.Thread(target=drain, daemon=True).start()
    return process, master


async def test_draft_recovered_after_kill_9(repo: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "POSTMORTEM_REPO": str(repo)}
    process, master = _run_in_pty([str(POSTMORTEM), "new"], repo, env)
    drafts = Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "postmortem" / "drafts"
    try:
        time.sleep(2.5)  # the first frame
        os.write(master, b"Payments API timeouts")
        deadline = time.monotonic() + 10
        found: list[Path] = []
        while time.monotonic() < deadline and not found:
            time.sleep(0.1)
            found = [
                p
                for p in drafts.glob("*.json")
                if "Payments API timeouts" in p.read_text(encoding="utf-8")
            ]
        assert found, "no draft within 10 s of typing"
        saved = json.loads(found[0].read_text(encoding="utf-8"))
        assert saved["record"]["title"] == "Payments API timeouts"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(5)
        os.close(master)

    store = Store.open(repo)
    app = make_app(store, record=store.new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        # The form first; the draft is looked for in the git thread, then offered over it.
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, RestoreDraftDialog):
                break
        assert isinstance(app.screen, RestoreDraftDialog)
        assert app.screen.draft_title == "Payments API timeouts"
        assert "old" in app.screen.age
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#title").value == "Payments API timeouts"  # type: ignore[attr-defined]
        assert app.dirty


async def test_browse_lists_and_opens_and_n_makes_new(repo: Path) -> None:
    store = Store.open(repo)
    record = store.new_record(title="Stale DNS cache")
    record.severity = "SEV4"
    record.summary = "Old records were served."
    store.commit(record, base_text=None)
    app = make_app(Store.open(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        table = app.screen.query_one("#postmortems")
        assert table.row_count == 1  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, EditorScreen)
        assert app.record is not None and app.record.title == "Stale DNS cache"
        await pilot.press("ctrl+l")
        await pilot.pause(0.3)
        await pilot.press("n")
        await pilot.pause(0.3)
        assert isinstance(app.screen, EditorScreen)
        assert app.record is not None and app.record.id != record.id


def toasts(app: PostmortemApp) -> str:
    """The notifications on screen, as their text (Textual's Toast widgets, by type name)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def committed_report(repo: Path, title: str = "Stale DNS cache") -> tuple[Store, str, str]:
    """A valid report committed: the store, the record's id and the commit's sha."""
    store = Store.open(repo)
    record = store.new_record(title=title)
    record.severity = "SEV4"
    record.summary = "Old records were served."
    return store, record.id, store.commit(record, base_text=None).sha


async def test_committing_a_report_as_committed_says_so_and_makes_no_commit(repo: Path) -> None:
    store, record_id, sha = committed_report(repo)
    committed_report(repo, title="Another report, committed later")
    commits = git(repo, "rev-list", "--count", "HEAD")
    app = make_app(store, loaded=store.load(record_id), offer_drafts=False)

    def diff() -> str:  # what the commit dialog shows, once it is there
        shown = app.screen.query("#commit-diff")
        return str(shown.first().render()) if shown else ""

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: "No changes" in diff())
        assert "No changes since the last commit." in diff()
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: "Nothing to commit" in toasts(app), tries=50)
        # The commit that last changed the report, not the newest commit (HEAD).
        assert f"Nothing to commit: the report is as committed in {sha[:7]}." in toasts(app)
        assert "Committed" not in toasts(app)
        assert not app.dirty and store.drafts.load(record_id) is None
    assert git(repo, "rev-list", "--count", "HEAD") == commits
    assert git(repo, "status", "--porcelain") == ""


async def test_a_draft_of_a_committed_report_is_offered_as_changes_to_it(repo: Path) -> None:
    # A title with brackets, as people write them: shown as typed, not read as markup.
    store, record_id, _ = committed_report(repo, title="[EU] checkout 500s on [/api]")
    loaded = store.load(record_id)
    loaded.record.summary = "Edited, not committed."
    store.drafts.save(loaded.record, loaded.text)
    app = make_app(store, loaded=store.load(record_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(
            pilot,
            lambda: isinstance(app.screen, RestoreDraftDialog) and app.screen.query(Label),
        )
        assert isinstance(app.screen, RestoreDraftDialog)
        said = str(app.screen.query_one(".dialog-text").render())
        assert "changes you did not commit" in said and "the last committed version" in said
        assert "never committed" not in said
        heading = str(app.screen.query_one(Label).render())
        assert heading == f"[EU] checkout 500s on [/api]  ({record_id})"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.record is not None and app.record.summary == "Old records were served."
    assert store.drafts.load(record_id) is None


@pytest.mark.parametrize(
    ("span", "shown"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=45, seconds=59), "45m"),
        (timedelta(hours=2, minutes=5, seconds=7), "2h 05m"),
        (timedelta(days=1, hours=3, minutes=20, seconds=5), "1d 3h"),
        (timedelta(minutes=-90), "-1h 30m"),
    ],
)
def test_the_list_shows_durations_in_their_two_largest_units(span: timedelta, shown: str) -> None:
    assert short_duration(span) == shown


async def test_the_list_shows_every_column_at_80x24_and_gives_wider_titles_room(
    repo: Path,
) -> None:
    # More reports than rows on screen (a scrollbar takes two columns), the widest statuses,
    # a duration of days, two-digit counts, long titles, and one with markup's brackets.
    store = Store.open(repo)
    long_title = "Search index rebuild took the cluster down for everyone in eu-west"
    titles = [long_title, "Fix [/api] route", "DNS"] + [f"Incident {n}" for n in range(19)]
    for day, title in enumerate(titles, start=1):
        record = store.new_record(title=title, on=date(2026, 10, day))
        record.severity = "SEV2"
        record.status = Status.IN_REVIEW if day % 2 else Status.PUBLISHED
        record.summary = "Something failed."
        record.times.started = datetime(2026, 10, day, 8, 0, tzinfo=UTC)
        record.times.resolved = record.times.started + timedelta(days=1, hours=3, minutes=20)
        for n in range(12 if day == 1 else 0):
            record.action_items.append(ActionItem(id=record.next_action_id(), title=f"Fix {n}"))
        store.commit(record, base_text=None)
    app = make_app(Store.open(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#postmortems", DataTable)
        await _until(pilot, lambda: table.row_count == len(titles))
        await pilot.pause()
        assert table.show_vertical_scrollbar
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0  # nothing is off to the right
        rows = [[cell.plain for cell in table.get_row_at(n)] for n in range(len(titles))]
        oldest = rows[-1]  # newest first: the long title, 2026-10-01
        assert oldest[0] == "2026-10-01" and oldest[2] == "in review"
        assert oldest[3].endswith("…") and long_title.startswith(oldest[3][:-1])
        assert oldest[4:] == ["1d 3h", "12", summaries_id(app, -1)]
        assert rows[-2][3] == "Fix [/api] route" and rows[-3][3] == "DNS"
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == len(titles) - 1
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert table.get_row_at(len(titles) - 1)[3].plain == long_title
        assert table.cursor_row == len(titles) - 1  # still on the same postmortem
        assert table.max_scroll_x == 0


def summaries_id(app: PostmortemApp, index: int) -> str:
    from postmortem.tui.screens.browse import BrowseScreen

    assert isinstance(app.screen, BrowseScreen)
    return app.screen.summaries[index].id


async def test_keymap_remaps_commit(repo: Path) -> None:
    store = Store.open(repo)
    app = create_app(
        store,
        record=store.new_record(),
        keymap={"postmortem.commit": "f9"},
        cursor_blink=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommitDialog"


async def test_commit_during_a_merge_is_refused_with_advice_and_the_draft_kept(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    (repo / ".git" / "MERGE_HEAD").write_text(head + "\n", encoding="utf-8")
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", "Cron jobs ran twice")
        await choose(pilot, app, "severity", "SEV4")
        await pilot.press("ctrl+g", "2")
        await type_into(pilot, app, "summary", "A retried deploy doubled the schedule.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, MessageDialog), tries=50)
        assert isinstance(app.screen, MessageDialog)
        assert app.screen.dialog_title == "The repository is busy"
        assert "merge" in app.screen.message
        assert app.dirty
    draft = store.drafts.load(record.id)
    assert draft is not None and draft.record.summary == "A retried deploy doubled the schedule."
    assert record.id not in git(repo, "log", "--format=%s")


def test_theme_follows_a_light_terminal_and_the_override(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(repo)
    monkeypatch.setenv("COLORFGBG", "0;15")
    assert create_app(store, keymap={}).theme == "textual-light"
    monkeypatch.setenv("POSTMORTEM_THEME", "dark")
    assert create_app(store, keymap={}).theme == "textual-dark"
    monkeypatch.setenv("POSTMORTEM_THEME", "no-such-theme")
    assert create_app(store, keymap={}).theme == "textual-dark"


async def test_steady_typing_still_writes_a_draft_within_two_seconds(repo: Path) -> None:
    """Pauses shorter than the draft's debounce never let it fire: a maximum wait must."""
    store = Store.open(repo)
    record = store.new_record()
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#title").focus()
        await pilot.pause()
        typed: list[tuple[float, str]] = []
        text = "abcdefghijklmnopqrstuvwxyz" * 2
        start = time.monotonic()
        for char in text:
            await pilot.press(char)
            typed.append((time.monotonic(), char))
            await pilot.pause(0.25)  # well under the 1 s debounce
            if time.monotonic() - start > 4.0:
                break
        end = time.monotonic()
        assert end - start > 2.5
        old = "".join(char for at, char in typed if at < end - 2.0)
        draft = store.drafts.load(record.id)  # what a kill -9 now would leave on disk
        assert draft is not None
        assert draft.record.title.startswith(old)


async def _conflicting_commit(repo: Path) -> tuple[Store, PostmortemApp, str, str]:
    """A committed report opened in the app, then changed and committed by someone else."""
    store = Store.open(repo)
    record = store.new_record("Queue backlog after deploy")
    record.severity = "SEV4"
    record.summary = "Original summary."
    committed = store.commit(record, base_text=None)
    loaded = store.load(record.id)
    app = make_app(store, loaded=loaded, offer_drafts=False)
    other = Store.open(repo)
    theirs = other.load(record.id).record
    theirs.summary = "Their summary."
    other.commit(theirs, base_text=committed.text)
    return store, app, record.id, str(committed.path.relative_to(repo))


async def _until(pilot: object, done: object, tries: int = 60) -> None:
    for _ in range(tries):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        if done():  # type: ignore[operator]
            return


@pytest.mark.parametrize("choice", ["m", "t", "l"])
async def test_a_conflicting_commit_keeps_both_and_resolves(repo: Path, choice: str) -> None:
    from postmortem.tui.screens.dialogs import ConflictDialog

    store, app, record_id, relpath = await _conflicting_commit(repo)
    mine = repo / relpath.replace(".md", ".mine.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", "2")
        summary = app.screen.query_one("#summary")
        summary.text = ""  # type: ignore[attr-defined]
        await type_into(pilot, app, "summary", "Our summary.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert isinstance(app.screen, ConflictDialog)
        # Both versions are kept and shown before anything is chosen.
        assert "Our summary." in mine.read_text(encoding="utf-8")
        assert "Their summary." in (repo / relpath).read_text(encoding="utf-8")
        await pilot.press(choice)
        if choice == "m":
            await _until(pilot, lambda: not app.dirty)
            assert not app.dirty
            committed = git(repo, "show", f"HEAD:{relpath}")
            assert "Our summary." in committed and "Their summary." not in committed
            assert "Their summary." in git(repo, "show", f"HEAD~1:{relpath}")
            assert store.drafts.load(record_id) is None
        elif choice == "t":
            await _until(
                pilot,
                lambda: (
                    isinstance(app.screen, EditorScreen)
                    and app.screen.record.summary == "Their summary."
                ),
            )
            assert isinstance(app.screen, EditorScreen)
            assert app.screen.record.summary == "Their summary."
            assert not app.dirty
            assert "Our summary." in mine.read_text(encoding="utf-8")
        else:
            await pilot.pause(0.2)
            assert isinstance(app.screen, EditorScreen)
            assert app.dirty and app.screen.record.summary == "Our summary."
            draft = store.drafts.load(record_id)
            assert draft is not None and draft.record.summary == "Our summary."
            assert "Their summary." in git(repo, "show", f"HEAD:{relpath}")


async def test_f3_then_enter_jumps_to_the_first_problem(repo: Path) -> None:
    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        panel = app.screen.query_one(ProblemsPanel)
        assert panel.problems
        first = panel.problems[0].path
        await pilot.press("f3")
        await pilot.pause()
        assert app.focused is panel
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused is not panel
        assert app.focused.id == first.replace(".", "-")


async def test_f3_in_the_panel_goes_back_to_the_field_and_keeps_the_panel(repo: Path) -> None:
    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        panel = app.screen.query_one(ProblemsPanel)
        app.screen.query_one("#times-resolved").focus()
        await pilot.pause()
        await pilot.press("tab")  # past the last Facts field: into the panel
        await pilot.pause()
        assert app.focused is panel
        await pilot.press("f3")
        await pilot.pause()
        assert panel.display and panel.region.height > 0  # still shown
        assert app.focused is not None and app.focused.id == "times-resolved"
        await pilot.press("f3")
        await pilot.pause()
        assert app.focused is panel and panel.region.height > 0
        help_rows = dict((text, key) for key, text in app.key_rows())
        assert help_rows["Go to the problems panel, and back"] == "f3"


async def test_problems_are_named_as_the_form_labels_them_and_still_jump(repo: Path) -> None:
    from postmortem.model.record import ExtraSection

    store = Store.open(repo)
    record = store.new_record(title="Labels")
    record.action_items = [
        ActionItem(f"{record.id}-A1", "Alert on lag", owner="Sam Lee"),
        ActionItem(f"{record.id}-A2", "Fix the runbook"),
    ]
    record.times.started = datetime(2026, 11, 26, 23, 10, tzinfo=UTC)
    record.times.detected = datetime(2026, 11, 26, 22, 55, tzinfo=UTC)
    record.extra_sections = [ExtraSection(title="Timeline", body="Hand notes.")]
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        panel = app.screen.query_one(ProblemsPanel)
        shown = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        text = "\n".join(shown)
        assert "Action A2 · Owner  an open action item needs an owner" in text
        assert "Detected  detected (2026-11-26 22:55" in text
        assert "Added section 1 · Title" in text
        assert "action_items[" not in text and "times.detected" not in text
        assert "extra_sections[" not in text and "T22:55" not in text
        # Selecting one still jumps to its place: the action items table, on A2's row.
        panel.focus()
        panel.highlighted = problem_paths(app).index("action_items[1].owner")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.focused, DataTable))
        assert isinstance(app.focused, DataTable) and app.focused.cursor_row == 1
        assert app.focused.parent is not None
        assert app.screen.query_one("#action-items-editor") in app.focused.ancestors


def visible_lines(widget: object) -> list[str]:
    """The lines a widget shows now (what fits in its height)."""
    strips = widget.render_lines(widget.size.region)  # type: ignore[attr-defined]
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


async def test_the_commit_dialog_says_how_many_problems_it_does_not_list(repo: Path) -> None:
    from postmortem.tui.screens.commit_dialog import CommitDialog

    store = Store.open(repo)
    record = store.new_record()
    record.action_items = [ActionItem(f"{record.id}-A{n}", "") for n in range(1, 11)]
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, CommitDialog))
        await pilot.pause()
        shown = visible_lines(app.screen.query_one("#commit-problems"))
        errors = sum(1 for p in app.screen.problems if p.level.value == "error")  # type: ignore[attr-defined]
        assert errors > 5 and shown[0].startswith(f"{errors} errors")
        listed = [line for line in shown if line.startswith(("✖", "▲"))]
        more = len(app.screen.problems) - len(listed)  # type: ignore[attr-defined]
        assert more > 0 and f"… and {more} more: esc, then f3 shows them all" in shown


async def test_a_refused_commit_says_why_inside_the_dialog_not_over_its_buttons(
    repo: Path,
) -> None:
    from postmortem.tui.screens.commit_dialog import CommitDialog

    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, CommitDialog))
        await pilot.press("ctrl+s")  # errors: refused
        await pilot.pause()
        assert isinstance(app.screen, CommitDialog)
        refused = app.screen.query_one("#commit-refused")
        assert refused.display and "Not committed" in "\n".join(visible_lines(refused))
        assert toasts(app) == ""  # nothing covers the buttons


async def _open_timeline_form(pilot: object, app: PostmortemApp) -> None:
    from postmortem.tui.widgets.entry_forms import EntryForm

    await pilot.press("ctrl+g", "3")  # type: ignore[attr-defined]
    await _until(pilot, lambda: bool(app.screen.query("#timeline-editor DataTable")))
    app.screen.query_one("#timeline-editor DataTable").focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("a")  # type: ignore[attr-defined]
    await _until(pilot, lambda: isinstance(app.screen, EntryForm))
    assert isinstance(app.screen, EntryForm)


async def test_a_filled_entry_form_asks_before_quit_or_escape_drops_it(repo: Path) -> None:
    from postmortem.tui.screens.dialogs import DiscardEntryDialog, QuitDialog
    from postmortem.tui.widgets.entry_forms import EntryForm

    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, app, "title", "Disk full on the build host")
        await _open_timeline_form(pilot, app)
        form = app.screen
        await pilot.press(*"14:02")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardEntryDialog)
        await pilot.press("escape")  # keep editing: the form and its text are still there
        await pilot.pause()
        assert app.screen is form and form.query_one("#time").value == "14:02"  # type: ignore[attr-defined]
        await pilot.press("escape")  # Escape asks too
        await pilot.pause()
        assert isinstance(app.screen, DiscardEntryDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard the entry: the quit goes on to the record's question
        await _until(pilot, lambda: isinstance(app.screen, QuitDialog))
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        # An untouched form closes at once with escape.
        await _open_timeline_form(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (EntryForm, DiscardEntryDialog))


async def test_times_typed_as_clock_times_follow_the_incident_date(repo: Path) -> None:
    from textual.widgets import Input

    store = Store.open(repo)
    app = make_app(store, record=store.new_record(), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await type_into(pilot, app, "incident-date", "")
        await pilot.press("ctrl+u", *"2026-11-19")
        await type_into(pilot, app, "times-started", "14:02")
        await type_into(pilot, app, "times-detected", "")
        await pilot.press("ctrl+u", *"2026-11-19 15:00")
        await type_into(pilot, app, "title", "Nightly export stalled")  # leave the times
        await pilot.pause()
        started = app.screen.query_one("#times-started", Input)
        assert started.value.startswith("2026-11-19 14:02")
        # The date was wrong: the clock time typed moves with it, a full date-time does not.
        await type_into(pilot, app, "incident-date", "")
        await pilot.press("ctrl+u", *"2026-11-20")
        await pilot.pause()
        assert app.record is not None
        assert app.record.times.started is not None
        assert app.record.times.started.strftime("%Y-%m-%d %H:%M") == "2026-11-20 14:02"
        assert started.value.startswith("2026-11-20 14:02")
        assert app.record.times.detected is not None
        assert app.record.times.detected.strftime("%Y-%m-%d %H:%M") == "2026-11-19 15:00"


async def test_a_time_typed_in_full_keeps_its_moment_when_the_zone_changes(repo: Path) -> None:
    from datetime import UTC, datetime

    from textual.widgets import Input

    store = Store.open(repo)
    app = make_app(store, record=store.new_record(on=date(2026, 11, 26)), offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await type_into(pilot, app, "times-started", "23:50")
        await type_into(pilot, app, "times-detected", "2026-11-26T23:55:00+01:00")
        await type_into(pilot, app, "title", "Checkout slow")  # leave the times
        await pilot.pause()
        record = app.record
        assert record is not None and record.times.detected is not None
        detected = record.times.detected
        assert detected == datetime(2026, 11, 26, 22, 55, tzinfo=UTC)
        await type_into(pilot, app, "timezone", "")
        await pilot.press("ctrl+u", *"Europe/Berlin")
        await type_into(pilot, app, "title", "")  # leave the zone
        await pilot.pause()
        # The moment typed with its offset stays; only its display follows the zone.
        assert record.times.detected == detected
        shown = app.screen.query_one("#times-detected", Input).value
        assert shown.startswith("2026-11-26 23:55"), shown
        # A clock time means that time in the new zone.
        assert record.times.started is not None
        assert record.times.started.isoformat() == "2026-11-26T23:50:00+01:00"


async def test_a_new_reports_id_follows_its_incident_date(repo: Path) -> None:
    from postmortem.model.record import ActionItem

    store = Store.open(repo)
    record = store.new_record("Pools exhausted", on=date(2026, 11, 27))
    record.severity, record.summary = "SEV3", "Checkout waited on the database pool."
    first_id = record.id
    app = make_app(store, record=record, offer_drafts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        item = ActionItem(id=record.next_action_id(), title="Recycle the pools", owner="Sam")
        record.action_items.append(item)
        await type_into(pilot, app, "incident-date", "")
        await pilot.press("ctrl+u", *"2026-11-26")
        await _until(pilot, lambda: record.id != first_id)
        # Written the day after: the id carries the incident's day, as the file name will.
        assert record.id == first_id.replace("-20261127-", "-20261126-")
        assert [i.id for i in record.action_items] == [f"{record.id}-A1"]
        assert record.next_action_id() == f"{record.id}-A2"
        await type_into(pilot, app, "title", "")  # leave the date
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: not app.dirty, tries=80)
    text = (repo / "postmortems/2026/2026-11-26-pools-exhausted.md").read_text()
    assert f"id: {record.id}\n" in text and f"| {record.id}-A1 |" in text
    assert store.drafts.load(first_id) is None  # no draft left under the old id


async def test_a_debounce_that_is_already_due_runs_and_the_app_closes_cleanly(repo: Path) -> None:
    # Under load a draft can be overdue when it is scheduled (delay 0): Textual's timer divides
    # by its interval, so a zero delay used to end the run in a ZeroDivisionError.
    store = Store.open(repo)
    app = make_app(store, record=store.new_record(on=date(2026, 11, 20)), offer_drafts=False)
    ran: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        for name in ("probe-a", "probe-b"):
            screen._restart(name, 0.0, lambda name=name: ran.append(name))
        await _until(pilot, lambda: len(ran) == 2)
    assert sorted(ran) == ["probe-a", "probe-b"]
