"""End to end: the installed `postmortem new` in a real terminal (tmux), typed into, committed.

Only what a person does: keys in through `tmux send-keys`, then the committed Markdown read back
with git. Slow (a few seconds), so there is one such test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import git

from postmortem.store.initialise import initialise

POSTMORTEM = Path(sys.executable).with_name("postmortem")

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed: the end-to-end test needs it"
)


class Tmux:
    def __init__(self, name: str, socket: str) -> None:
        self.name = name
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def keys(self, *keys: str, literal: bool = False, pause: float = 0.4) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, *(["-l"] if literal else []), key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen after {timeout} s:\n{screen}")


@pytest.fixture
def tmux(tmp_path: Path, hermetic_env: Path) -> Iterator[tuple[Tmux, Path]]:
    repo = tmp_path / "postmortems"
    initialise(repo)
    socket = f"pm-e2e-{uuid.uuid4().hex[:8]}"
    session = Tmux("e2e", socket)
    env = {
        "HOME": os.environ["HOME"],
        "GIT_CONFIG_GLOBAL": os.environ["GIT_CONFIG_GLOBAL"],
        "GIT_CONFIG_NOSYSTEM": "1",
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "POSTMORTEM_REPO": str(repo),
        "TERM": "xterm-256color",
        "TZ": "UTC",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    exports = " ".join(f"{key}={value!s}" for key, value in env.items())
    command = f"env -i {exports} {POSTMORTEM} new; echo EXITED $?; sleep 30"
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "80",
            "-y",
            "24",
            command,
        ],
        check=True,
    )
    try:
        yield session, repo
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False)


def test_new_postmortem_typed_and_committed_in_a_terminal(tmux: tuple[Tmux, Path]) -> None:
    session, repo = tmux
    session.wait_for("1 Facts")
    session.type("Search results empty after index swap")
    session.keys("Tab", "Enter")  # the severity list opens
    session.keys("Down", "Down", "Down", "Down", "Enter")  # SEV4
    session.wait_for("SEV4")
    session.keys("C-g")
    session.keys("2")  # section 2: the story, the summary first
    session.type("The new index was swapped in before it was fully built.")
    session.keys("C-s")
    session.wait_for("What will be committed")
    session.keys("C-s")
    session.wait_for("Committed")
    session.keys("C-q")
    session.wait_for("EXITED 0")

    subject = git(repo, "log", "-1", "--format=%s")
    assert "Search results empty after index swap" in subject
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    report = next(name for name in files if "search-results-empty" in name)
    committed = git(repo, "show", f"HEAD:{report}")
    assert "severity: SEV4" in committed
    assert "The new index was swapped in before it was fully built." in committed
