"""How fast the TUI is where a person feels it: `python benchmarks/bench_tui.py`.

1. Time to the first screen of `postmortem new`, run as a real process in a pseudo-terminal
   with POSTMORTEM_EXIT_AFTER_FIRST_FRAME=FILE: when its first screen is mounted the app writes
   the time to FILE and exits. Against a minimal Textual app (one Input, one TextArea) that
   does the same from its on_mount: best of N, from process spawn.
2. `postmortem edit` of a committed report with a 2,000-entry timeline, to first frame.
3. Keystrokes with that report open, pressed through Textual's pilot: CPU time per key in the
   app (median), at 80x24 (form only) and 200x60 (live preview beside it), against the
   minimal app; and how long one preview refresh of that report takes.
4. Peak memory: the `edit` process's max RSS, and Python's peak (tracemalloc) in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import tracemalloc
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
KEYS = "the quick brown fox jumps over the lazy dog"
POSTMORTEM = Path(sys.executable).with_name("postmortem")

MINIMAL_APP = """
import os, time
from textual.app import App
from textual.widgets import Input, TextArea

class Minimal(App):
    def compose(self):
        yield Input()
        yield TextArea()

    def on_mount(self):
        with open(os.environ["POSTMORTEM_EXIT_AFTER_FIRST_FRAME"], "w") as out:
            out.write(repr(time.time()))
        self.call_after_refresh(self.exit)

Minimal().run()
"""


def run_in_pty(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn to the first screen, and the process's max RSS in KiB."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    marker = Path(env["POSTMORTEM_EXIT_AFTER_FIRST_FRAME"])
    marker.unlink(missing_ok=True)
    start = time.time()
    process = subprocess.Popen(args, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)

    def drain() -> None:
        with contextlib.suppress(OSError):
            while os.read(master, 65536):
                pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = float(marker.read_text(encoding="utf-8")) - start
    process.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    if process.returncode != 0:
        raise SystemExit(f"{args} exited with {process.returncode}")
    return elapsed, usage.ru_maxrss


def best(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    results = [run_in_pty(args, env) for _ in range(RUNS)]
    return min(r[0] for r in results), max(r[1] for r in results)


def environment(home: Path, repo: Path) -> dict[str, str]:
    config = home / "gitconfig"
    config.write_text(
        "[user]\n\tname = Bench Mark\n\temail = bench@example.org\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "POSTMORTEM_REPO": str(repo),
        "POSTMORTEM_EXIT_AFTER_FIRST_FRAME": str(home / "first-frame"),
        "TERM": "xterm-256color",
    }


async def keystrokes(app: object, size: tuple[int, int], focus: str) -> list[float]:
    from textual.app import App

    assert isinstance(app, App)
    cpu: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        app.screen.query_one(focus).focus()
        await pilot.pause()
        for key in KEYS:
            start = time.thread_time()  # the UI thread's own work, not the pilot's waiting
            await pilot.press("space" if key == " " else key)
            cpu.append(time.thread_time() - start)
    return cpu


async def preview_refresh(store: object, record: object) -> float:
    from postmortem.tui.app import create_app
    from postmortem.tui.screens.editor import EditorScreen

    app = create_app(store, record=record, keymap={}, cursor_blink=False, offer_drafts=False)  # type: ignore[arg-type]
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        report = app.render_report(record)  # type: ignore[arg-type]
        start = time.perf_counter()
        screen._show_preview(report + "\n")  # what the preview worker hands the UI thread
        await pilot.pause()
        return time.perf_counter() - start


def main() -> None:
    from postmortem.store import Store
    from postmortem.store.initialise import initialise
    from postmortem.tui.app import create_app
    from postmortem.tui.demo import demo_record

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir()
        repo = Path(folder) / "postmortems"
        env = environment(home, repo)
        os.environ.update({k: env[k] for k in ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")})
        initialise(repo)

        ours, ours_rss = best([str(POSTMORTEM), "new"], env)
        minimal_script = Path(folder) / "minimal.py"
        minimal_script.write_text(MINIMAL_APP, encoding="utf-8")
        minimal, minimal_rss = best([sys.executable, str(minimal_script)], env)
        print(f"first screen, postmortem new: {ours * 1000:.0f} ms (best of {RUNS})")
        print(f"first screen, minimal app:    {minimal * 1000:.0f} ms (best of {RUNS})")
        print(f"ratio: {ours / minimal:.2f}x (target <= 1.5x)")

        store = Store.open(repo)
        big = demo_record(timeline_entries=2000)
        store.commit(big, base_text=None)
        opened, edit_rss = best([str(POSTMORTEM), "edit", big.id], env)
        print(f"postmortem edit, 2,000-entry timeline, to first screen: {opened * 1000:.0f} ms")

        tracemalloc.start()
        loaded = store.load(big.id)
        _, peak = tracemalloc.get_traced_memory()  # the parsed record, in Python objects
        tracemalloc.stop()
        narrow = asyncio.run(
            keystrokes(
                create_app(store, loaded=loaded, keymap={}, cursor_blink=False, offer_drafts=False),
                (80, 24),
                "#title",
            )
        )
        wide = asyncio.run(
            keystrokes(
                create_app(
                    store,
                    loaded=store.load(big.id),
                    keymap={},
                    cursor_blink=False,
                    offer_drafts=False,
                ),
                (200, 60),
                "#title",
            )
        )

        from textual.app import App
        from textual.widgets import Input, TextArea

        class Minimal(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Input(id="title")
                yield TextArea()

        baseline = asyncio.run(keystrokes(Minimal(), (80, 24), "#title"))
        ms = 1000
        print(
            f"keystroke CPU, 2,000 entries open, median: {statistics.median(narrow) * ms:.1f} ms "
            f"at 80x24, {statistics.median(wide) * ms:.1f} ms at 200x60 with the preview "
            f"(max {max(wide) * ms:.1f} ms); minimal app {statistics.median(baseline) * ms:.1f} ms "
            "(target < 50 ms)"
        )
        refresh = asyncio.run(preview_refresh(store, big))
        print(f"one preview refresh of the 2,000-entry report: {refresh * ms:.0f} ms")
        scale = 1024 if sys.platform != "darwin" else 1024 * 1024
        print(
            f"peak memory: postmortem new {ours_rss / scale:.0f} MiB RSS, "
            f"edit 2,000 entries {edit_rss / scale:.0f} MiB RSS, minimal app "
            f"{minimal_rss / scale:.0f} MiB RSS; loading the 2,000-entry report peaks at "
            f"{peak / 2**20:.1f} MiB of Python objects"
        )


if __name__ == "__main__":
    main()
