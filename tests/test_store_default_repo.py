"""The default repository works on a fresh machine: no git identity, no set-up by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.store import Store, resolve_repository
from postmortem.store.discovery import default_repository_path
from tests.conftest import git

POSTMORTEM = str(Path(sys.executable).with_name("postmortem"))


@pytest.mark.usefixtures("no_git_identity")
def test_default_repository_is_created_without_a_git_identity(tmp_path: Path) -> None:
    root, created = resolve_repository(None, tmp_path)
    assert created
    assert root == default_repository_path()
    assert git(root, "log", "--format=%an <%ae>|%s").strip() == (
        "postmortem <postmortem@localhost>|Set up the postmortem repository"
    )
    assert git(root, "status", "--porcelain") == ""
    store = Store.open(root)
    assert store.summaries() == []
    # The user's own report still needs their identity: nothing is made up for it.
    assert resolve_repository(None, tmp_path) == (root, False)


@pytest.mark.usefixtures("no_git_identity")
def test_explicit_init_still_asks_for_an_identity(tmp_path: Path) -> None:
    done = subprocess.run(
        [POSTMORTEM, "init", str(tmp_path / "team")], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "git config --global user.name" in done.stderr
    assert "Traceback" not in done.stderr
