"""What the screens look like, as SVG snapshots at 80x24 and 120x40.

Deterministic: a fixed record (fixed id, times and words), no clock in the UI, no cursor blink,
no animation. Update after an intended change with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from postmortem.model.record import ExtraSection
from postmortem.store import Store
from postmortem.store.initialise import initialise
from postmortem.tui.app import PostmortemApp, create_app
from postmortem.tui.demo import demo_record

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    root = tmp_path / "postmortems"
    initialise(root)
    return Store.open(root)


def editor_app(store: Store, **changes: Any) -> PostmortemApp:
    record = demo_record()
    for name, value in changes.items():
        setattr(record, name, value)
    return create_app(
        store,
        record=record,
        keymap={},
        theme="textual-dark",
        cursor_blink=False,
        animations=False,
        offer_drafts=False,
    )


async def settle(pilot: Pilot[None]) -> None:
    """Let the timers fire and the preview worker render."""
    await pilot.pause(0.5)
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", SIZES)
def test_editor_facts(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(editor_app(store), run_before=settle, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_editor_timeline(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+pagedown", "ctrl+pagedown")
        await settle(pilot)

    assert snap_compare(editor_app(store), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_preview(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        if size[0] < 120:
            await pilot.press("f2")  # narrow: the preview takes the form's place
        await settle(pilot)

    assert snap_compare(editor_app(store), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_problems(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)  # the times are mounted just after the first frame
        await pilot.click("#times-detected")
        await pilot.press("ctrl+u", *"25:61")
        await pilot.press("f3")
        await settle(pilot)

    app = editor_app(store, title="", summary="")
    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_commit_dialog(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(editor_app(store), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_list(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    store.commit(demo_record(), base_text=None)
    app = create_app(store, keymap={}, cursor_blink=False, animations=False)
    assert snap_compare(app, run_before=settle, terminal_size=size)


def test_other_tab(store: Store, snap_compare: Any) -> None:
    """What people added by hand: a note in the Timeline and a section of their own."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)  # the tab is built just after the first frame
        await pilot.press("ctrl+g", "7")
        await settle(pilot)

    app = editor_app(
        store,
        notes={"timeline": "Times are from the load balancer's clock."},
        extra_sections=[
            ExtraSection("Review notes", "Reviewed with the payments team.", "lessons_learned")
        ],
    )
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_help(store: Store, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(editor_app(store), run_before=run_before, terminal_size=(80, 24))
