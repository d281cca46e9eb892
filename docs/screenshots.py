"""Draw the user guide's screenshots from the app itself: `python docs/screenshots.py`.

Each one runs the real app headless on the fixed demo postmortem in a throw-away repository,
presses the keys a person would, and saves the screen as SVG in docs/screenshots/.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from postmortem.model import Postmortem
from postmortem.model.record import ExtraSection
from postmortem.store import Store
from postmortem.store.initialise import initialise
from postmortem.tui.app import PostmortemApp, create_app
from postmortem.tui.demo import demo_record

OUT = Path(__file__).resolve().parent / "screenshots"

Steps = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause(0.5)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)


def hand_written_record() -> Postmortem:
    """The demo with what a reviewer might add on GitHub: a note and a section of their own."""
    record = demo_record()
    record.notes = {"timeline": "Times are from the load balancer's clock, which runs 20 s fast."}
    record.extra_sections = [
        ExtraSection(
            "Review notes",
            "Reviewed with the payments team on 2026-11-24. The pool sizing rule goes into the "
            "service template.",
            "lessons_learned",
        )
    ]
    return record


def app_for(
    store: Store,
    *,
    browse: bool = False,
    theme: str = "textual-dark",
    record: Postmortem | None = None,
) -> PostmortemApp:
    return create_app(
        store,
        record=None if browse else (record or demo_record()),
        keymap={},
        theme=theme,
        cursor_blink=False,
        animations=False,
        offer_drafts=False,
    )


def keys(*pressed: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause(0.3)
        for key in pressed:
            await pilot.press(key)
            await pilot.pause(0.2)

    return steps


SHOTS: list[tuple[str, tuple[int, int], dict[str, object], Steps]] = [
    ("list", (80, 24), {"browse": True}, keys()),
    ("editor-facts", (80, 24), {}, keys()),
    ("editor-story", (80, 24), {}, keys("ctrl+pagedown")),
    ("timeline", (80, 24), {}, keys("ctrl+g", "3")),
    ("response", (80, 24), {}, keys("ctrl+g", "4")),
    ("actions", (80, 24), {}, keys("ctrl+g", "6")),
    ("other", (80, 24), {"hand_written": True}, keys("ctrl+g", "7")),
    ("preview-narrow", (80, 24), {}, keys("f2")),
    ("preview-wide", (160, 45), {}, keys()),
    ("problems", (80, 24), {}, keys("ctrl+a", "ctrl+k", "f3")),
    ("commit", (80, 24), {}, keys("ctrl+s")),
    ("help", (80, 24), {}, keys("f1")),
    ("jump", (80, 24), {}, keys("ctrl+g")),
    ("light-theme", (120, 40), {"theme": "textual-light"}, keys()),
]


async def shoot(name: str, size: tuple[int, int], options: dict[str, object], steps: Steps) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "postmortems"
        initialise(root)
        store = Store.open(root)
        if options.get("browse"):
            store.commit(demo_record(), base_text=None)
        app = app_for(
            store,
            browse=bool(options.get("browse")),
            theme=str(options.get("theme", "textual-dark")),
            record=hand_written_record() if options.get("hand_written") else None,
        )
        async with app.run_test(size=size) as pilot:
            await steps(pilot)
            await settle(pilot)
            svg = app.export_screenshot(title=f"postmortem: {name}")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


async def main() -> None:
    os.environ["TZ"] = "UTC"
    # The demo commits as a demo person, whoever runs this, with no user config involved.
    config = Path(tempfile.mkdtemp()) / "gitconfig"
    config.write_text(
        "[user]\n\tname = Avery Example\n\temail = avery@example.org\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    for name, size, options, steps in SHOTS:
        print(await shoot(name, size, options, steps))


if __name__ == "__main__":
    asyncio.run(main())
