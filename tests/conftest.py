"""Hermetic tests: no user config, no user git identity, no user data folder.

Every test gets its own HOME, XDG folders and a global git config holding a test identity; the
`no_git_identity` fixture empties it. Tests that need a repository make a real one in tmp_path.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_NAME = "Avery Example"
TEST_EMAIL = "avery@example.org"


def _write_git_config(path: Path, *, identity: bool) -> None:
    lines = [
        "[init]\n\tdefaultBranch = main\n",
        "[commit]\n\tgpgsign = false\n",
        "[advice]\n\tdetachedHead = false\n",
    ]
    if identity:
        lines.insert(0, f"[user]\n\tname = {TEST_NAME}\n\temail = {TEST_EMAIL}\n")
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    git_config = home / ".gitconfig"
    _write_git_config(git_config, identity=True)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(git_config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "POSTMORTEM_REPO",
        "POSTMORTEM_DEBUG",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    return home


@pytest.fixture
def no_git_identity(hermetic_env: Path) -> Iterator[None]:
    _write_git_config(hermetic_env / ".gitconfig", identity=False)
    yield


def git(cwd: Path, *args: str) -> str:
    """Run real git in `cwd` and return its stdout (tests use this to set up and inspect)."""
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout
