"""Every state git can be in that must stop a commit, with a message that says what to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import git

from postmortem.model import Postmortem
from postmortem.store.errors import IdentityMissing, NotARepository, RepositoryBusy
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store


def ready(root: Path) -> Store:
    initialise(root)
    store = Store.open(root)
    return store


def record(store: Store) -> Postmortem:
    new = store.new_record("Queue backlog", on=date(2026, 11, 2))
    new.severity = "SEV4"
    return new


def diverged(root: Path) -> None:
    """notes.txt differs on `other` and on main, so any merge of the two conflicts."""
    (root / "notes.txt").write_text("base\n")
    git(root, "add", "notes.txt")
    git(root, "commit", "-qm", "base")
    git(root, "switch", "-qc", "other")
    (root / "notes.txt").write_text("theirs\n")
    git(root, "commit", "-qam", "theirs")
    git(root, "switch", "-q", "main")
    (root / "notes.txt").write_text("ours\n")
    git(root, "commit", "-qam", "ours")


def fails(root: Path, *args: str) -> None:
    import subprocess

    done = subprocess.run(["git", *args], cwd=root, capture_output=True)
    assert done.returncode != 0


def start_merge(root: Path) -> None:
    diverged(root)
    fails(root, "merge", "other")


def start_rebase(root: Path) -> None:
    diverged(root)
    fails(root, "rebase", "other")


def start_cherry_pick(root: Path) -> None:
    diverged(root)
    fails(root, "cherry-pick", "other")


def start_revert(root: Path) -> None:
    diverged(root)
    (root / "notes.txt").write_text("later\n")
    git(root, "commit", "-qam", "later")
    fails(root, "revert", "--no-edit", "HEAD~1")


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (start_merge, "merge is in progress.*git merge --abort"),
        (start_rebase, "rebase is in progress.*git rebase --abort"),
        (start_cherry_pick, "cherry-pick is in progress.*git cherry-pick --abort"),
        (start_revert, "revert is in progress.*git revert --abort"),
    ],
)
def test_operation_in_progress_blocks_the_commit(
    tmp_path: Path, setup: Callable[[Path], None], words: str
) -> None:
    store = ready(tmp_path)
    setup(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    with pytest.raises(RepositoryBusy, match=words):
        store.commit(record(store), base_text=None)
    assert git(tmp_path, "rev-parse", "HEAD") == head


def test_detached_head(tmp_path: Path) -> None:
    store = ready(tmp_path)
    git(tmp_path, "checkout", "-q", "--detach")
    with pytest.raises(RepositoryBusy, match=r"detached.*git switch"):
        store.commit(record(store), base_text=None)


def test_index_lock_left_behind(tmp_path: Path) -> None:
    store = ready(tmp_path)
    lock = tmp_path / ".git" / "index.lock"
    lock.write_text("")
    with pytest.raises(RepositoryBusy, match=r"index.lock exists.*delete that file"):
        store.commit(record(store), base_text=None)
    lock.unlink()
    assert store.commit(record(store), base_text=None).changed


def test_no_git_identity(tmp_path: Path, no_git_identity: None) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Only A Name")
    initialise_error = None
    try:
        initialise(tmp_path)
    except IdentityMissing as error:
        initialise_error = str(error)
    assert initialise_error is not None
    assert "user.email" in initialise_error and 'user.name" is' not in initialise_error
    assert 'git config --global user.name "Your Name"' in initialise_error
    assert "git config --global user.email" in initialise_error
    assert "\n" not in initialise_error


def test_no_identity_blocks_a_commit_and_loses_nothing(tmp_path: Path, hermetic_env: Path) -> None:
    store = ready(tmp_path)
    (hermetic_env / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    head = git(tmp_path, "rev-parse", "HEAD")
    with pytest.raises(IdentityMissing, match=r"user.name and user.email"):
        store.commit(record(store), base_text=None)
    assert git(tmp_path, "rev-parse", "HEAD") == head


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(NotARepository, match=r"postmortem init"):
        Store.open(tmp_path)
    (tmp_path / ".postmortem.toml").write_text("")  # a config, but no git
    with pytest.raises(NotARepository, match=r"not in a git repository"):
        Store.open(tmp_path)
