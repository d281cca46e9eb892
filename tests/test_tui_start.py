"""`postmortem new` shows its form before any git work; what needs git follows it.

The record is made from the config (`blank_record`), the store opens in the git thread after
the first frame (`LateStore`), and the author, a fresh id if the drawn one is taken, and the
offer of an unfinished draft arrive then.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TEST_NAME

from postmortem.model.ids import is_valid_id
from postmortem.store import Store
from postmortem.store.config import CONFIG_NAME, load_config
from postmortem.store.initialise import initialise
from postmortem.tui.app import PostmortemApp, create_app
from postmortem.tui.late_store import LateStore, blank_record, inside_git
from postmortem.tui.screens.dialogs import RestoreDraftDialog
from postmortem.tui.screens.editor import EditorScreen

POSTMORTEM = Path(sys.executable).with_name("postmortem")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    initialise(root)
    return root


def new_app(root: Path, **kwargs: object) -> tuple[PostmortemApp, LateStore]:
    """The app as `postmortem new` makes it."""
    config = load_config(root)
    store = LateStore(root, config)
    options: dict[str, object] = {"keymap": {}, "cursor_blink": False, "animations": False}
    app = create_app(
        store,
        record=blank_record(config.policy),
        made_without_git=True,
        **{**options, **kwargs},  # type: ignore[arg-type]
    )
    return app, store


async def wait_until(pilot: object, condition: Callable[[], bool], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("timed out")


def test_blank_record_is_what_the_store_would_make_less_the_git_parts(repo: Path) -> None:
    policy = load_config(repo).policy
    record = blank_record(policy, "Queue backlog")
    assert is_valid_id(record.id) and record.id.startswith(f"{policy.id_prefix}-")
    assert record.incident_date == datetime.now(policy.zone).date()
    assert record.timezone == policy.timezone
    assert record.title == "Queue backlog" and record.authors == []
    assert len({blank_record(policy).id for _ in range(50)}) > 40  # drawn, not fixed


def test_inside_git_is_judged_from_the_files(tmp_path: Path, repo: Path) -> None:
    assert inside_git(repo)
    assert inside_git(repo / "postmortems")  # a subfolder of the work tree
    assert not inside_git(tmp_path / "elsewhere")


async def test_the_first_frame_needs_no_git_then_the_author_arrives(repo: Path) -> None:
    app, store = new_app(repo)
    opened_at_first_frame: list[bool] = []
    first_frame = app.first_frame

    def spy() -> None:
        opened_at_first_frame.append(store._store is not None)
        first_frame()

    app.first_frame = spy  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, EditorScreen)
        record = app.screen.record
        await wait_until(pilot, lambda: record.authors == [TEST_NAME])
        assert app.screen.query_one("#authors").value == TEST_NAME  # type: ignore[attr-defined]
        assert not app.dirty  # a default, not a change
        assert not isinstance(app.screen, RestoreDraftDialog)
    assert opened_at_first_frame == [False]


async def test_authors_typed_before_git_answers_are_kept(repo: Path) -> None:
    app, _ = new_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        field = screen.query_one("#authors")
        field.value = "Sam Reviewer"  # type: ignore[attr-defined]
        await pilot.pause()
        screen.made_by_store(None, ["Someone Else"])
        assert screen.record.authors == ["Sam Reviewer"]
        assert field.value == "Sam Reviewer"  # type: ignore[attr-defined]


async def test_a_taken_id_is_drawn_again(repo: Path) -> None:
    store = Store.open(repo)
    taken = store.new_record(title="Earlier outage")
    taken.severity = "SEV4"
    store.commit(taken, base_text=None)
    app, _ = new_app(repo)
    app.start_record.id = taken.id  # type: ignore[union-attr]  # the one-in-a-million draw
    async with app.run_test(size=(80, 24)) as pilot:
        record = app.start_record
        assert record is not None
        await wait_until(pilot, lambda: record.id != taken.id)
        assert is_valid_id(record.id)
        assert record.id in str(app.screen.query_one("#status-line").render())


@pytest.mark.parametrize("restore", [True, False])
async def test_an_unfinished_draft_is_offered_over_the_new_form(repo: Path, restore: bool) -> None:
    store = Store.open(repo)
    earlier = store.new_record(title="Half written on Monday")
    store.drafts.save(earlier, None)
    app, _ = new_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        fresh = app.start_record
        assert isinstance(app.screen, EditorScreen) and app.screen.record is fresh
        await wait_until(pilot, lambda: isinstance(app.screen, RestoreDraftDialog))
        await wait_until(pilot, lambda: bool(app.screen.query(".dialog-text")))  # composed
        # Never committed: there is no committed version to go back to.
        said = str(app.screen.query_one(".dialog-text").render())
        assert "a new postmortem, never committed" in said and "gone for good" in said
        assert "committed version" not in said
        await pilot.press("r" if restore else "d")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert len([s for s in app.screen_stack if isinstance(s, EditorScreen)]) == 1
        title = app.screen.query_one("#title").value  # type: ignore[attr-defined]
        if restore:
            assert app.record is not None and app.record.id == earlier.id
            assert title == "Half written on Monday" and app.dirty
        else:
            assert app.record is fresh and title == "" and not app.dirty
    assert (store.drafts.load(earlier.id) is not None) is restore


def test_new_outside_git_fails_before_the_tui(tmp_path: Path) -> None:
    folder = tmp_path / "not-git"
    folder.mkdir()
    (folder / CONFIG_NAME).write_text("", encoding="utf-8")  # the defaults, but no git
    done = subprocess.run(
        [str(POSTMORTEM), "--repo", str(folder), "new"],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "dumb"},
        check=False,
        timeout=30,
    )
    assert done.returncode == 1
    assert "not in a git repository" in done.stderr and "postmortem init" in done.stderr


async def test_authors_and_reviewers_complete_names_from_the_roster(repo: Path) -> None:
    config = repo / CONFIG_NAME
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "roster = []", 'roster = ["Priya Patel", "Sam Reviewer"]'
        ),
        encoding="utf-8",
    )
    app, _ = new_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await wait_until(pilot, lambda: screen.record.authors == [TEST_NAME])

        async def complete(widget_id: str, typed: str) -> str:
            field = screen.query_one(f"#{widget_id}")
            field.focus()
            await pilot.press("end", *[("space" if c == " " else c) for c in typed])
            await pilot.pause(0.1)  # the suggestion comes from a worker
            await pilot.press("right")  # accepts it
            await pilot.pause()
            return str(field.value)  # type: ignore[attr-defined]

        assert await complete("reviewers", "pr") == "Priya Patel"
        assert await complete("reviewers", ", SA") == "Priya Patel, Sam Reviewer"
        assert screen.record.reviewers == ["Priya Patel", "Sam Reviewer"]
        # The list's own case is kept; a name already listed is not offered again.
        assert await complete("authors", ", p") == f"{TEST_NAME}, Priya Patel"
        assert await complete("authors", ", p") == f"{TEST_NAME}, Priya Patel, p"
        # The people the report names are offered too (the author, from git).
        await pilot.press(*["backspace"] * len(", Priya Patel, p"))
        assert await complete("reviewers", ", av") == f"Priya Patel, Sam Reviewer, {TEST_NAME}"
        assert screen.record.authors == [TEST_NAME]


async def test_help_offers_the_section_keys_that_arrive_not_alt_digits(repo: Path) -> None:
    from postmortem.tui.screens.help import HelpScreen

    app, _ = new_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", "3")  # what a terminal delivers: ctrl+g, then the digit
        await pilot.pause()
        assert app.screen.query_one("#sections").active == "tab-timeline"  # type: ignore[attr-defined]
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert app.screen.query_one("#sections").active == "tab-response"  # type: ignore[attr-defined]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict((text, key) for key, text in app.screen.rows)
        assert rows["Go to a section: then press its number, 1 to 7"] == "^g"
        assert rows["Next section"] == "^pgdn" and rows["Previous section"] == "^pgup"
        assert not any("alt+" in key for key, _ in app.screen.rows)
        footer = " ".join(str(key.render()) for key in app.screen_stack[-2].query("FooterKey"))
        assert "alt+" not in footer and "Go to" in footer


async def test_a_section_key_remapped_to_one_that_arrives_is_in_the_help(repo: Path) -> None:
    from postmortem.tui.screens.help import HelpScreen

    app, _ = new_app(repo, keymap={"postmortem.section-2": "f5"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query_one("#sections").active == "tab-story"  # type: ignore[attr-defined]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert ("f5", "Go to Story") in app.screen.rows


async def test_the_preview_shows_the_author_once_git_gives_it(repo: Path) -> None:
    from textual.widgets import Markdown

    app, _ = new_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:  # wide: the preview is beside the form

        def previewed() -> str:
            found = app.screen.query("#preview-markdown")
            return found.first(Markdown).source if found else ""

        await wait_until(pilot, lambda: TEST_NAME in previewed())
        assert not app.dirty


async def test_help_stays_in_the_footer_at_80_columns_in_every_section(repo: Path) -> None:
    app, _ = new_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, 7):
            await pilot.press("ctrl+g", str(number))
            await pilot.pause(0.2)
            keys = {str(key.description): key for key in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
            assert "Help" in keys, number
            assert keys["Help"].region.right <= 80, (number, list(keys))
