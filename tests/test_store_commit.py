"""Saving and committing a report: only its files, the user's identity, hooks honoured."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import TEST_EMAIL, TEST_NAME, git

from postmortem.model import ActionItem, Postmortem, Status
from postmortem.store.errors import Conflict, GitFailed, ReportNotFound
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store


def make_store(root: Path) -> Store:
    initialise(root)
    return Store.open(root)


def filled(store: Store, title: str = "Checkout returns 500s", day: int = 20) -> Postmortem:
    record = store.new_record(title, on=date(2026, 11, day))
    record.severity = "SEV3"
    record.summary = "Checkout failed for two hours."
    record.times.started = datetime(2026, 11, day, 14, 0, tzinfo=UTC)
    record.times.resolved = record.times.started + timedelta(hours=2)
    record.action_items.append(
        ActionItem(id=record.next_action_id(), title="Alert on 5xx rate", owner="Sam")
    )
    return record


def hook(root: Path, name: str, body: str) -> None:
    path = Path(git(root, "rev-parse", "--git-path", "hooks").strip())
    path = path if path.is_absolute() else root / path
    path.mkdir(parents=True, exist_ok=True)
    script = path / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_new_record_uses_config_and_identity(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = store.new_record("DNS", on=date(2026, 11, 26))
    assert record.id.startswith("PM-20261126-")
    assert record.authors == [TEST_NAME]
    assert record.timezone == "UTC"
    assert record.incident_date == date(2026, 11, 26)
    assert len({store.new_record().id for _ in range(50)}) > 45  # random part differs


def test_a_deleted_action_items_number_is_not_given_out_again(tmp_path: Path) -> None:
    # Ids are for life: A2 was published, then deleted and committed; reopened, the report's
    # next item must not become a second, different A2.
    store = make_store(tmp_path)
    record = filled(store)
    record.action_items.append(ActionItem(id=record.next_action_id(), title="Cap the pool"))
    first = store.commit(record, base_text=None)
    assert [item.id for item in record.action_items][-1].endswith("-A2")
    record.action_items.pop()
    second = store.commit(record, base_text=first.text)
    reopened = Store.open(tmp_path).load(record.id)
    assert [item.id for item in reopened.record.action_items] == [f"{record.id}-A1"]
    assert reopened.record.next_action_id() == f"{record.id}-A3"
    # A report never committed has no history to consult.
    fresh = store.new_record("Fresh", on=date(2026, 11, 21))
    store.reserve_action_numbers(fresh)
    assert fresh.next_action_id() == f"{fresh.id}-A1"
    assert second.sha != first.sha


def test_commit_writes_the_file_and_commits_it_with_the_index_pages(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    result = store.commit(record, base_text=None)
    assert result.path == tmp_path / "postmortems/2026/2026-11-20-checkout-returns-500s.md"
    assert result.path.read_text() == result.text
    files = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == ["ACTIONS.md", "README.md", "postmortems/2026/" + result.path.name]
    message = git(tmp_path, "log", "-1", "--format=%s")
    assert record.id in message and "Checkout returns 500s" in message and "draft" in message
    assert git(tmp_path, "log", "-1", "--format=%an <%ae>").strip() == f"{TEST_NAME} <{TEST_EMAIL}>"
    assert result.sha == git(tmp_path, "rev-parse", "HEAD").strip()
    assert git(tmp_path, "status", "--porcelain") == ""


def test_commit_holds_nothing_else_the_user_had_staged_or_changed(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    (tmp_path / "staged.txt").write_text("mine\n")
    git(tmp_path, "add", "staged.txt")
    (tmp_path / ".postmortem.toml").write_text(
        (tmp_path / ".postmortem.toml").read_text() + "\n# an edit not yet committed\n"
    )
    store.commit(filled(store), base_text=None)
    files = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert "staged.txt" not in files and ".postmortem.toml" not in files
    assert git(tmp_path, "diff", "--cached", "--name-only").split() == ["staged.txt"]
    assert git(tmp_path, "diff", "--name-only").split() == [".postmortem.toml"]


def test_a_failing_pre_commit_hook_blocks_the_commit(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    hook(tmp_path, "pre-commit", "echo 'secret scanner: found a token' >&2\nexit 1\n")
    record = filled(store)
    with pytest.raises(GitFailed, match=r"secret scanner: found a token; nothing was committed"):
        store.commit(record, base_text=None)
    assert git(tmp_path, "rev-parse", "HEAD") == head
    # A new report is not left behind (the caller still holds it: the JSON, the TUI's draft).
    assert not store.path_for(record).exists()
    # Fixed: the same report commits at the same path, not at a second one.
    hook(tmp_path, "pre-commit", "exit 0\n")
    result = store.commit(record, base_text=None)
    assert result.path.name == "2026-11-20-checkout-returns-500s.md"
    assert len(list((tmp_path / "postmortems/2026").glob("*.md"))) == 1


def test_the_commit_msg_hook_sees_the_message(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    seen = tmp_path.parent / f"{tmp_path.name}-message.txt"
    hook(tmp_path, "commit-msg", f'cp "$1" "{seen}"\n')
    record = filled(store)
    store.commit(record, base_text=None)
    assert record.id in seen.read_text()


def test_unchanged_report_is_not_committed_again(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    again = store.commit(record, base_text=first.text)
    assert not again.changed
    assert again.sha == first.sha  # the commit that holds the report as it is
    assert git(tmp_path, "rev-list", "--count", "HEAD").strip() == "2"


def test_a_hand_edit_undone_in_the_record_is_put_back_not_committed(tmp_path: Path) -> None:
    # The file holds an uncommitted hand edit; the record, opened from it, undoes it. The report
    # renders as committed: nothing to commit (git would refuse an empty commit), and the file
    # is as committed again.
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    later = store.commit(filled(store, "Search is slow", day=21), base_text=None)
    first.path.write_text(first.text.replace("two hours.", "two long hours."), encoding="utf-8")
    opened = Store.open(tmp_path).load(record.id)
    assert opened.record.summary == "Checkout failed for two long hours."
    opened.record.summary = "Checkout failed for two hours."
    again = Store.open(tmp_path).commit(opened.record, base_text=opened.text)
    # The commit that last changed this report (what `postmortem log` lists), not HEAD.
    assert not again.changed and again.sha == first.sha != later.sha
    assert first.path.read_text(encoding="utf-8") == first.text
    assert git(tmp_path, "rev-list", "--count", "HEAD").strip() == "3"
    assert git(tmp_path, "status", "--porcelain") == ""


def test_update_after_commit_uses_the_same_file(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    record.status = Status.IN_REVIEW
    record.title = "Checkout returned 500s for two hours"
    second = store.commit(record, base_text=first.text)
    assert second.path == first.path  # a report never moves
    assert "Update" in second.message and "in review" in second.message


def test_conflict_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    loaded = store.load(record.id)
    theirs = loaded.text.replace("Checkout returns 500s", "Checkout outage (edited in vim)")
    first.path.write_text(theirs)
    loaded.record.summary = "Our edit."
    with pytest.raises(Conflict) as caught:
        store.commit(loaded.record, base_text=loaded.text)
    assert caught.value.theirs == theirs
    assert "Our edit." in caught.value.ours
    assert first.path.read_text() == theirs  # never overwritten
    kept = store.keep_mine(caught.value)
    assert kept.name.endswith(".mine.md") and "Our edit." in kept.read_text()
    # Trying the same commit again ("later", then commit) keeps no second identical copy...
    with pytest.raises(Conflict) as again:
        store.commit(loaded.record, base_text=loaded.text)
    assert store.keep_mine(again.value) == kept
    # ...but a different version of ours is kept beside it, not over it.
    loaded.record.summary = "Our second edit."
    with pytest.raises(Conflict) as different:
        store.commit(loaded.record, base_text=loaded.text)
    second = store.keep_mine(different.value)
    assert second.name.endswith(".2.mine.md") and "Our second edit." in second.read_text()
    assert "Our edit." in kept.read_text()
    assert sorted(p.name for p in first.path.parent.glob("*.mine.md")) == sorted(
        [kept.name, second.name]
    )


def test_conflict_when_another_commit_changed_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    opened = store.load(record.id)
    other = Store.open(tmp_path)  # another process committing meanwhile
    edited = other.load(record.id).record
    edited.summary = "Their edit."
    other.commit(edited, base_text=opened.text)
    opened.record.summary = "Our edit."
    with pytest.raises(Conflict) as caught:
        store.commit(opened.record, base_text=opened.text)
    assert "Their edit." in caught.value.theirs and "Our edit." in caught.value.ours
    assert "Their edit." in first.path.read_text()


def test_load_by_id_and_path_and_diff(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    assert store.diff(record).startswith("--- /dev/null")
    result = store.commit(record, base_text=None)
    by_id = store.load(record.id)
    by_path = store.load(str(result.path))
    assert by_id.path == by_path.path == result.path
    assert by_id.text == result.text and by_id.record.title == record.title
    record.title = "A new title"
    diff = store.diff(record)
    assert diff.startswith("--- a/postmortems/2026/")
    assert "+" in diff and "A new title" in diff
    with pytest.raises(ReportNotFound):
        store.load("PM-20200101-ZZZZ")


def test_summaries_newest_first(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    for day, title in ((3, "Old"), (25, "New"), (12, "Middle")):
        store.commit(filled(store, title, day), base_text=None)
    summaries = Store.open(tmp_path).summaries()
    assert [s.title for s in summaries] == ["New", "Middle", "Old"]
    first = summaries[0]
    assert first.time_to_resolve == timedelta(hours=2)
    assert first.open_action_items == 1
    assert first.severity == "SEV3" and first.status == "draft"
    assert first.path.is_file()


def test_cache_reparses_only_changed_reports(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    keep = store.commit(filled(store, "Kept", 3), base_text=None)
    change = store.commit(filled(store, "Changed", 4), base_text=None)
    # Doctor the cached row of "Kept": if it is not parsed again, the doctored title shows.
    cache_dir = Path(git(tmp_path, "rev-parse", "--absolute-git-dir").strip()) / "postmortem"
    Store.open(tmp_path).summaries()
    snapshot = cache_dir / "cache.json"
    journal = cache_dir / "cache.journal"
    data = json.loads(snapshot.read_text())
    for line in journal.read_text().splitlines() if journal.exists() else []:
        entry = json.loads(line)
        rows = {row[0]: row for row in data["rows"]}
        rows.update({row[0]: row for row in entry["set"]})
        data["rows"], data["head"] = list(rows.values()), entry["head"]
    for row in data["rows"]:
        if row[0].endswith(keep.path.name):
            row[3] = "FROM THE CACHE"
    snapshot.write_text(json.dumps(data))
    journal.unlink(missing_ok=True)
    # A commit made without the tool changes the other report.
    change.path.write_text(change.text.replace("Changed", "Changed by hand"))
    git(tmp_path, "commit", "-qam", "edit by hand")
    titles = {s.title for s in Store.open(tmp_path).summaries()}
    assert titles == {"FROM THE CACHE", "Changed by hand"}


def test_the_store_can_be_used_from_another_thread(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = make_store(tmp_path)
    with ThreadPoolExecutor(max_workers=1) as worker:
        result = worker.submit(lambda: store.commit(filled(store), base_text=None)).result()
    assert result.sha == git(tmp_path, "rev-parse", "HEAD").strip()
    assert os.getcwd() != str(tmp_path)  # git ran in the repository, not by chdir


def test_index_pages_deleted_by_hand_come_back(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    git(tmp_path, "rm", "-q", "README.md")
    git(tmp_path, "commit", "-qm", "remove the index")
    record.summary = "Changed again."
    store.commit(record, base_text=first.text)
    assert "README.md" in git(tmp_path, "ls-files").split()
    assert record.title in (tmp_path / "README.md").read_text()


def test_index_pages_unstaged_by_hand_are_committed_again(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    first = store.commit(record, base_text=None)
    git(tmp_path, "rm", "-q", "--cached", "ACTIONS.md")  # staged deletion, HEAD unchanged
    record.summary = "Changed again."
    store.commit(record, base_text=first.text)
    assert "ACTIONS.md" in git(tmp_path, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert git(tmp_path, "status", "--porcelain") == ""


def test_file_names_are_not_globs(tmp_path: Path) -> None:
    from postmortem.markdown import render_report

    store = make_store(tmp_path)
    folder = tmp_path / "postmortems/2026"
    folder.mkdir(parents=True, exist_ok=True)
    bystander = folder / "2026-11-01-a.md"  # matched by the glob 2026-11-01-[ab].md
    bystander.write_text(render_report(filled(store, "Bystander", 1)))
    odd = folder / "2026-11-01-[ab].md"
    record = filled(store, "Odd name", 1)
    odd.write_text(render_report(record))
    store.commit(record, base_text=odd.read_text(), path=odd)
    files = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert "postmortems/2026/2026-11-01-[ab].md" in files
    assert "postmortems/2026/2026-11-01-a.md" not in files
    assert "2026-11-01-a.md" in git(tmp_path, "status", "--porcelain")


@pytest.mark.parametrize("others_staged", [False, True])
def test_a_refused_commit_leaves_the_index_as_it_was(tmp_path: Path, others_staged: bool) -> None:
    store = make_store(tmp_path)
    committed = store.commit(filled(store, "Earlier outage", day=2), base_text=None)
    if others_staged:
        (tmp_path / "staged.txt").write_text("mine\n")
        git(tmp_path, "add", "staged.txt")
    before = git(tmp_path, "diff", "--cached", "--name-status")
    hook(tmp_path, "pre-commit", "exit 1\n")  # refuses without a word
    record = filled(store)
    with pytest.raises(GitFailed) as refused:
        store.commit(record, base_text=None)
    assert "the pre-commit hook refused the commit (exit 1)" in str(refused.value)
    assert "nothing was committed or left behind" in str(refused.value)
    # Nothing of the attempt is staged: a later plain `git commit` takes only the user's own.
    assert git(tmp_path, "diff", "--cached", "--name-status") == before
    assert not store.path_for(record).exists()  # a new report leaves no orphan file
    # Also for an update of a committed report (tracked, so `--include` stages it itself),
    # which stays saved in the work tree.
    loaded = store.load(str(committed.path))
    loaded.record.summary = "Changed."
    with pytest.raises(GitFailed, match=r"saved in postmortems/2026/2026-11-02-earlier-outage.md"):
        store.commit(loaded.record, base_text=loaded.text)
    assert git(tmp_path, "diff", "--cached", "--name-status") == before
    assert "Changed." in committed.path.read_text()
    hook(tmp_path, "pre-commit", "exit 0\n")
    store.commit(record, base_text=None)
    files = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert "staged.txt" not in files
    assert git(tmp_path, "diff", "--cached", "--name-only").strip() == (
        "staged.txt" if others_staged else ""
    )


def test_a_wanted_id_is_kept_only_when_no_report_has_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    store.commit(record, base_text=None)
    day = date(2026, 11, 20)
    assert store.is_taken(record.id)
    assert not store.is_taken("PM-20261120-ZZZZ")
    assert store.unused_id(day, wanted="PM-20261120-ZZZZ") == "PM-20261120-ZZZZ"
    other = store.unused_id(day, wanted=record.id)
    assert other != record.id and other.startswith("PM-20261120-")
