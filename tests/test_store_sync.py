"""`sync` against a real bare remote with two real clones."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import git

from postmortem.model import Postmortem
from postmortem.store.errors import GitFailed, StoreError
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store
from postmortem.store.sync import SyncFailed, sync


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Store, Store, Path]:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    initialise(tmp_path / "alice")
    git(tmp_path / "alice", "remote", "add", "origin", str(remote))
    alice = Store.open(tmp_path / "alice")
    first = sync(alice)
    assert first.sent == 1
    git(tmp_path, "clone", "-q", str(remote), "bob")
    return alice, Store.open(tmp_path / "bob"), remote


def report(store: Store, title: str, day: int) -> Postmortem:
    record = store.new_record(title, on=date(2026, 11, day))
    record.severity = "SEV4"
    record.summary = f"{title}: what happened."
    record.times.started = datetime(2026, 11, day, 9, 0, tzinfo=UTC)
    return record


def not_mid_rebase(store: Store) -> bool:
    gd = store.git.git_dir
    return not (gd / "rebase-merge").exists() and not (gd / "rebase-apply").exists()


def test_different_reports_both_land(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, remote = clones
    alice.commit(report(alice, "Alice's outage", 3), base_text=None)
    bob.commit(report(bob, "Bob's outage", 4), base_text=None)
    assert sync(alice).sent == 1
    result = sync(bob)
    assert result.received == 1 and result.sent == 1 and result.kept == []
    assert not_mid_rebase(bob)
    sync(alice)
    for store in (alice, bob):
        assert sorted(s.title for s in store.summaries()) == ["Alice's outage", "Bob's outage"]
        readme = (store.root / "README.md").read_text()
        assert "Alice's outage" in readme and "Bob's outage" in readme
        # Bob's (newer incident) row comes first: the table was rebuilt, not merged by lines.
        assert readme.index("Bob's outage") < readme.index("Alice's outage")
        assert git(store.root, "status", "--porcelain") == ""
    assert git(alice.root, "rev-parse", "HEAD") == git(bob.root, "rev-parse", "HEAD")
    assert git(remote, "rev-parse", "main") == git(bob.root, "rev-parse", "HEAD")


def test_same_report_keeps_both_versions(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, _ = clones
    shared = alice.commit(report(alice, "Shared outage", 5), base_text=None)
    sync(alice)
    sync(bob)
    theirs = alice.load(shared.path.name and str(shared.path)).record
    theirs.summary = "Alice's account of it."
    alice.commit(theirs, base_text=shared.text)
    sync(alice)
    opened = bob.load(theirs.id)
    opened.record.summary = "Bob's account of it."
    bob.commit(opened.record, base_text=opened.text)
    bob_only = bob.commit(report(bob, "Bob's other outage", 6), base_text=None)

    result = sync(bob)
    assert not_mid_rebase(bob)
    assert len(result.kept) == 1
    kept = result.kept[0]
    assert kept.name.endswith(".mine.md")
    assert "Bob's account of it." in kept.read_text()  # ours, kept beside
    relpath = opened.path.relative_to(bob.root).as_posix()
    committed = git(bob.root, "show", f"HEAD:{relpath}")
    assert "Alice's account of it." in committed  # theirs, committed
    assert "Alice's account of it." in opened.path.read_text()
    # Bob's other work was not lost in the conflict: it is pushed.
    assert bob_only.path.is_file()
    assert bob_only.path.name in git(bob.root, "ls-tree", "-r", "--name-only", "origin/main")
    assert "Bob's other outage" in (bob.root / "README.md").read_text()


def test_sync_without_a_remote_says_what_to_do(tmp_path: Path) -> None:
    initialise(tmp_path)
    with pytest.raises(SyncFailed, match=r"git remote add origin"):
        sync(Store.open(tmp_path))


def test_sync_stops_cleanly_on_a_conflict_outside_the_reports(
    clones: tuple[Store, Store, Path],
) -> None:
    alice, bob, _ = clones
    for store, text in ((alice, "alice\n"), (bob, "bob\n")):
        (store.root / "notes.txt").write_text(text)
        git(store.root, "add", "notes.txt")
        git(store.root, "commit", "-qm", "notes")
    sync(alice)
    bob_head = git(bob.root, "rev-parse", "HEAD")
    with pytest.raises(StoreError, match=r"notes.txt.*undid the rebase"):
        sync(bob)
    assert not_mid_rebase(bob)
    assert git(bob.root, "rev-parse", "HEAD") == bob_head


def test_a_web_edit_is_picked_up_in_the_index_pages(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, _ = clones
    committed = alice.commit(report(alice, "Cache stampede", 7), base_text=None)
    sync(alice)
    sync(bob)
    # As on GitHub's web editor: a plain commit, the index pages untouched.
    mine = bob.root / committed.path.relative_to(alice.root)
    mine.write_text(mine.read_text().replace("# Cache stampede", "# Cache stampede on search"))
    git(bob.root, "commit", "-qam", "Edit on the web")
    git(bob.root, "push", "-q")
    result = sync(alice)
    assert result.received == 1 and result.regenerated
    assert "Cache stampede on search" in (alice.root / "README.md").read_text()
    assert git(alice.root, "status", "--porcelain") == ""


def test_uncommitted_changes_survive_a_sync(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, _ = clones
    shared = alice.commit(report(alice, "Queue backlog", 8), base_text=None)
    other = alice.commit(report(alice, "Disk full", 10), base_text=None)
    sync(alice)
    sync(bob)
    edited = alice.load(str(shared.path))
    edited.record.summary = "Alice's committed edit."
    alice.commit(edited.record, base_text=edited.text)
    sync(alice)
    # Bob edits another report without committing it, and has an untracked file: neither
    # changed on the remote, so both are put back after the rebase.
    bobs_other = bob.root / other.path.relative_to(alice.root)
    bobs_other.write_text(bobs_other.read_text().replace("Disk full: what", "Bob, unsaved:"))
    (bob.root / "scratch.txt").write_text("untracked\n")
    result = sync(bob)
    assert result.received == 1 and not result.stashed and result.kept == []
    assert not_mid_rebase(bob)
    assert "Bob, unsaved:" in bobs_other.read_text()
    assert (bob.root / "scratch.txt").read_text() == "untracked\n"
    assert "Alice's committed edit." in (bob.root / shared.path.relative_to(alice.root)).read_text()
    assert git(bob.root, "stash", "list") == ""


def _alice_pushed_an_edit(clones: tuple[Store, Store, Path]) -> tuple[Store, Path]:
    """Both clones share a report; Alice then commits and pushes an edit Bob has not pulled.
    Returns Bob and Bob's copy of the report's file."""
    alice, bob, _ = clones
    shared = alice.commit(report(alice, "Queue backlog", 8), base_text=None)
    sync(alice)
    sync(bob)
    edited = alice.load(str(shared.path))
    edited.record.summary = "Alice's committed edit."
    alice.commit(edited.record, base_text=edited.text)
    sync(alice)
    return bob, bob.root / shared.path.relative_to(alice.root).as_posix()


def test_uncommitted_edit_of_a_report_changed_on_the_remote_is_refused(
    clones: tuple[Store, Store, Path],
) -> None:
    bob, bobs = _alice_pushed_an_edit(clones)
    relpath = bobs.relative_to(bob.root).as_posix()
    mine = bobs.read_text().replace("Queue backlog: what happened.", "Bob, unsaved.")
    bobs.write_text(mine)
    head = git(bob.root, "rev-parse", "HEAD")
    with pytest.raises(SyncFailed) as refused:
        sync(bob)
    message = str(refused.value)
    assert relpath in message and f"postmortem commit {relpath}" in message
    assert "\n" not in message
    # Nothing happened: no rebase, no stash, no conflict markers, the edit as Bob left it.
    assert git(bob.root, "rev-parse", "HEAD") == head
    assert not_mid_rebase(bob)
    assert git(bob.root, "stash", "list") == ""
    assert git(bob.root, "status", "--porcelain") == f" M {relpath}\n"
    assert bobs.read_text() == mine
    # Doing what it says: commit, sync again; both versions are kept, nothing is lost.
    opened = bob.load(relpath)
    bob.commit(opened.record, base_text=opened.text)
    result = sync(bob)
    assert not_mid_rebase(bob)
    assert len(result.kept) == 1 and "Bob, unsaved." in result.kept[0].read_text()
    assert "Alice's committed edit." in bobs.read_text()


def test_stale_index_pages_do_not_block_a_sync(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, _ = clones
    alice.commit(report(alice, "Alice's outage", 3), base_text=None)
    sync(alice)
    # A failed commit leaves regenerated pages in the work tree: they are derived, not edits.
    (bob.root / "README.md").write_text("stale\n")
    result = sync(bob)
    assert result.received == 1
    assert "Alice's outage" in (bob.root / "README.md").read_text()
    assert git(bob.root, "status", "--porcelain") == ""


def test_a_sync_conflict_leaves_no_rebase_state(clones: tuple[Store, Store, Path]) -> None:
    alice, bob, _ = clones
    shared = alice.commit(report(alice, "Shared outage", 5), base_text=None)
    sync(alice)
    sync(bob)
    for store, text in ((alice, "Alice's account."), (bob, "Bob's account.")):
        opened = store.load(str(store.root / shared.path.relative_to(alice.root)))
        opened.record.summary = text
        store.commit(opened.record, base_text=opened.text)
    sync(alice)
    result = sync(bob)
    assert len(result.kept) == 1
    assert not (bob.git.git_dir / "REBASE_HEAD").exists()
    # git itself agrees: no rebase in progress, nothing to show or continue.
    status = git(bob.root, "status")
    assert "rebase" not in status.lower()
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "REBASE_HEAD"],
        cwd=bob.root,
        capture_output=True,
        check=False,
    )
    assert done.returncode != 0


def test_stash_that_does_not_apply_is_never_left_half_merged(
    clones: tuple[Store, Store, Path],
) -> None:
    """The net under the refusal above: if git's autostash still clashes, no conflict markers,
    no unmerged file; ours is kept as FILE.mine.md and in the stash."""
    from postmortem.store.sync import _rebase

    bob, bobs = _alice_pushed_an_edit(clones)
    relpath = bobs.relative_to(bob.root).as_posix()
    bobs.write_text(bobs.read_text().replace("Queue backlog: what happened.", "Bob, unsaved."))
    git(bob.root, "fetch", "-q", "origin")
    kept, stashed = _rebase(bob, "refs/remotes/origin/main")
    assert stashed and len(kept) == 1
    assert "Bob, unsaved." in kept[0].read_text()
    assert git(bob.root, "diff", "--name-only", "--diff-filter=U") == ""
    assert bobs.read_text() == git(bob.root, "show", f"HEAD:{relpath}")
    assert "<<<<<<<" not in bobs.read_text()
    assert "Bob, unsaved." in git(bob.root, "stash", "show", "-p")
    assert not_mid_rebase(bob)


def test_two_postmortems_with_the_same_date_and_title_are_both_kept(
    clones: tuple[Store, Store, Path],
) -> None:
    alice, bob, remote = clones
    theirs = alice.commit(report(alice, "Same title both sides", 7), base_text=None)
    sync(alice)
    ours = report(bob, "Same title both sides", 7)
    first = bob.commit(ours, base_text=None)
    assert first.path.relative_to(bob.root) == theirs.path.relative_to(alice.root)
    # A later edit of ours, before the sync: git would merge it into their report unseen.
    ours.summary = "Bob's own account, edited."
    bob.commit(ours, base_text=first.text)

    result = sync(bob)
    relpath = theirs.path.relative_to(alice.root).as_posix()
    moved_to = relpath.removesuffix(".md") + "-2.md"
    assert result.kept == [] and result.moved == [(relpath, moved_to)]
    assert "yours is now " + moved_to in result.notices[0]
    assert not_mid_rebase(bob)
    assert git(bob.root, "status", "--porcelain") == ""
    assert (bob.root / relpath).read_text() == theirs.text
    kept = bob.load(ours.id)
    assert kept.path == bob.root / moved_to and kept.record.summary == ours.summary
    sync(alice)
    assert sorted(s.id for s in alice.summaries()) == sorted(
        [alice.load(relpath).record.id, ours.id]
    )
    assert git(remote, "rev-parse", "main") == git(alice.root, "rev-parse", "HEAD")
    readme = (alice.root / "README.md").read_text()
    assert all(s.id in readme for s in alice.summaries())


@pytest.mark.parametrize("url", ["{tmp}/nonexistent-remote.git", "https://invalid.invalid/x.git"])
def test_a_failed_fetch_says_what_to_check(tmp_path: Path, url: str) -> None:
    initialise(tmp_path / "pm")
    git(tmp_path / "pm", "remote", "add", "origin", url.format(tmp=tmp_path))
    with pytest.raises(GitFailed, match=r"git fetch from origin failed: fatal: ") as raised:
        sync(Store.open(tmp_path / "pm"))
    line = str(raised.value)
    assert "\n" not in line and "git remote -v" in line and "network" in line
