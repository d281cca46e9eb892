"""A save that fails, is interrupted or races another leaves the repository as it found it:
nothing staged, no orphan file, the index pages as they were, and one line saying what to do.

Real git repositories, real hooks, and the real `postmortem` program where the CLI is involved.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import git
from test_cli_repo import POSTMORTEM, one_line_error, record_json, run
from test_store_commit import filled, hook, make_store

from postmortem.markdown import ReportError
from postmortem.store.errors import RepositoryBusy, StoreError
from postmortem.store.repository import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "docs/examples/payments-outage.json"


def status(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=all")


def wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def without_ids(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


@pytest.fixture
def two_edited(tmp_path: Path) -> tuple[Path, list[Path]]:
    """The repro of the audit: two added reports, both edited in place and not committed."""
    root = tmp_path / "cc"
    assert run(tmp_path, "init", str(root)).returncode == 0
    second = tmp_path / "second.json"
    payload = without_ids(json.loads(EXAMPLE.read_text()))
    assert isinstance(payload, dict)
    second.write_text(json.dumps({**payload, "title": "Second incident"}))
    for source in (EXAMPLE, second):
        done = run(tmp_path, "--repo", str(root), "add", str(source))
        assert done.returncode == 0, done.stderr
    reports = sorted((root / "postmortems/2026").glob("*.md"))
    assert len(reports) == 2
    for report in reports:
        report.write_text(report.read_text().replace("status: reviewed", "status: published"))
    return root, reports


# --- 1. two commits at once -----------------------------------------------------------------


def test_a_commit_racing_another_never_stages_a_reversal(
    two_edited: tuple[Path, list[Path]],
) -> None:
    # Deterministic interleaving of the race: the second save starts (and snapshots the index)
    # before the first one's commit lands. Its put-back of that snapshot used to stage a
    # reversal of the first one's commit.
    root, reports = two_edited
    first, second = Store.open(root), Store.open(root)
    loaded = second.load(str(reports[0]))
    refused: list[Exception] = []
    save_index = second.git._save_index

    def meanwhile() -> bytes | None:
        saved = save_index()
        other = first.load(str(reports[0]))
        try:
            first.commit(other.record, base_text=other.text, path=other.path)
        except RepositoryBusy as error:
            refused.append(error)
        return saved

    second.git._save_index = meanwhile  # type: ignore[method-assign]
    try:
        second.commit(loaded.record, base_text=loaded.text, path=loaded.path)
    except StoreError as error:
        refused.append(error)
    assert len(refused) == 1
    assert "another postmortem commit is running" in str(refused[0])
    assert "try again" in str(refused[0])
    assert git(root, "diff", "--cached", "--name-only") == ""
    relpath = reports[0].relative_to(root).as_posix()
    assert relpath not in status(root)
    assert "status: published" in git(root, "show", f"HEAD:{relpath}")


@contextlib.contextmanager
def commit_held_in_its_hook(root: Path, tmp_path: Path) -> Iterator[None]:
    """A `postmortem commit` process running, stopped in its pre-commit hook for the block;
    it must then finish cleanly."""
    started, release = tmp_path / "started", tmp_path / "release"
    # The first commit stops in its pre-commit hook until released; later ones pass.
    hook(
        root,
        "pre-commit",
        f'if [ ! -e "{started}" ]; then touch "{started}"; '
        f'while [ ! -e "{release}" ]; do sleep 0.05; done; fi\nexit 0\n',
    )
    first = subprocess.Popen(
        [str(POSTMORTEM), "--repo", str(root), "commit"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(started)
        yield
    finally:
        release.touch()
        _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err


def test_two_commit_commands_at_once_one_waits_its_turn(
    two_edited: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    root, _ = two_edited
    with commit_held_in_its_hook(root, tmp_path):
        index_before = (root / ".git/index").read_bytes()
        line = one_line_error(run(tmp_path, "--repo", str(root), "commit"))
        assert "another postmortem commit is running" in line and "try again" in line
        assert (root / ".git/index").read_bytes() == index_before
    assert status(root) == ""  # both committed, nothing staged, no reversal
    again = run(tmp_path, "--repo", str(root), "commit")
    assert again.returncode == 0 and "no changed reports" in again.stdout


def test_sync_is_refused_while_a_commit_is_running(
    two_edited: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    # A rebase under a save in progress would move HEAD beneath its commit: sync is refused.
    root, _ = two_edited
    with commit_held_in_its_hook(root, tmp_path):
        head = git(root, "rev-parse", "HEAD")
        line = one_line_error(run(tmp_path, "--repo", str(root), "sync"))
        assert "another postmortem commit is running" in line
        assert git(root, "rev-parse", "HEAD") == head


def test_a_git_command_holding_the_index_is_one_line_and_nothing_is_staged(
    tmp_path: Path,
) -> None:
    # Another git program takes the index between our checks and our commit.
    store = make_store(tmp_path)
    lock = tmp_path / ".git/index.lock"
    run_git = store.git.run

    def taken_meanwhile(*args: str, **kwargs: object) -> object:
        if args[:1] == ("add",):
            lock.write_text("")
        return run_git(*args, **kwargs)  # type: ignore[arg-type]

    store.git.run = taken_meanwhile  # type: ignore[assignment,method-assign]
    record = filled(store)
    with pytest.raises(RepositoryBusy, match="another git command is using") as busy:
        store.commit(record, base_text=None)
    assert "try again" in str(busy.value)
    lock.unlink()
    assert status(tmp_path) == ""
    assert not store.path_for(record).exists()


# --- 2. text a report cannot hold -------------------------------------------------------------


def test_add_of_a_title_holding_a_nul_is_refused_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    source = tmp_path / "nul.json"
    record_json(source, title="Payments\x00 timeouts")
    done = run(root, "add", str(source))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "title: holds a NUL byte (U+0000)" in done.stderr
    assert "nothing was committed" in done.stderr.strip().splitlines()[-1]
    assert status(root) == ""


def test_an_exception_inside_the_commit_puts_the_index_back(tmp_path: Path) -> None:
    # Past validation (a caller that skips it), git cannot take the message: the index, the
    # report and the pages are as before, not half staged.
    store = make_store(tmp_path)
    readme = (tmp_path / "README.md").read_bytes()
    record = filled(store, "Payments\x00 timeouts")
    with pytest.raises(ValueError, match="null"):
        store.commit(record, base_text=None)
    assert status(tmp_path) == ""
    assert (tmp_path / "README.md").read_bytes() == readme
    record.title = "Payments timeouts"
    assert store.commit(record, base_text=None).path.name == "2026-11-20-payments-timeouts.md"


# --- 3. no orphan file, no duplicate on retry -------------------------------------------------


def test_a_failed_add_leaves_no_file_and_a_retry_makes_one_report(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    source = tmp_path / "new.json"
    payload = without_ids(json.loads(EXAMPLE.read_text()))
    assert isinstance(payload, dict)
    source.write_text(json.dumps({**payload, "title": "Second incident"}))
    (root / "README.md").unlink()
    (root / "README.md").mkdir()
    line = one_line_error(run(root, "add", str(source)))
    assert "README.md cannot be written" in line
    assert not list((root / "postmortems").rglob("*.md"))
    assert git(root, "diff", "--cached", "--name-only") == ""
    (root / "README.md").rmdir()
    git(root, "checkout", "--", "README.md")
    assert status(root) == ""
    done = run(root, "add", str(source))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (root / "postmortems").rglob("*.md")] == [
        "2026-11-03-second-incident.md"
    ]


def test_a_refused_new_report_leaves_nothing_and_the_retry_commits_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    pages = {name: (tmp_path / name).read_bytes() for name in ("README.md", "ACTIONS.md")}
    hook(tmp_path, "pre-commit", "echo 'secret scanner: found a token' >&2\nexit 1\n")
    record = filled(store)
    with pytest.raises(StoreError, match="found a token; nothing was committed or left behind"):
        store.commit(record, base_text=None)
    assert status(tmp_path) == ""
    assert {name: (tmp_path / name).read_bytes() for name in pages} == pages
    hook(tmp_path, "pre-commit", "exit 0\n")
    assert store.commit(record, base_text=None).path.name == "2026-11-20-checkout-returns-500s.md"


def test_a_new_report_written_by_hand_is_kept_as_written_when_refused(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    record = filled(store)
    by_hand = store.path_for(record)
    by_hand.parent.mkdir(parents=True, exist_ok=True)
    written = store.render(record).replace("\n## ", "\n\n\n## ").encode()  # not normalised
    by_hand.write_bytes(written)
    hook(tmp_path, "pre-commit", "exit 1\n")
    loaded = store.load(str(by_hand))
    with pytest.raises(StoreError, match=r"is as it was"):
        store.commit(loaded.record, base_text=loaded.text, path=by_hand)
    assert by_hand.read_bytes() == written
    assert git(tmp_path, "diff", "--cached", "--name-only") == ""


# --- 4. Ctrl-C ---------------------------------------------------------------------------------


def test_ctrl_c_during_add_leaves_the_repository_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    started = tmp_path / "hook-started"
    hook(root, "pre-commit", f'touch "{started}"\nsleep 30\n')
    source = tmp_path / "record.json"
    record_json(source)
    before = status(root)
    readme = (root / "README.md").read_bytes()
    adding = subprocess.Popen(
        [str(POSTMORTEM), "add", str(source)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        wait_for(started)
        os.killpg(adding.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
        _, err = adding.communicate(timeout=30)
    finally:
        if adding.poll() is None:
            os.killpg(adding.pid, signal.SIGKILL)
    assert adding.returncode == 130, err
    assert "Traceback" not in err
    assert status(root) == before == ""
    assert (root / "README.md").read_bytes() == readme
    assert not (root / ".git/index.lock").exists()
    hook(root, "pre-commit", "exit 0\n")
    done = run(root, "add", str(source))  # no conflict with a leftover of the first try
    assert done.returncode == 0, done.stderr
    assert status(root) == ""


# --- 5. a report that is not UTF-8 -----------------------------------------------------------


def test_a_report_that_is_not_utf8_is_one_line_for_commit(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    source = tmp_path / "record.json"
    record_json(source)
    assert run(root, "add", str(source)).returncode == 0
    placed = root / "postmortems/2026/2026-11-10-payments-api-timeouts.md"
    lines = placed.read_bytes().split(b"\n")
    lines[9] += b" caf\xe9"  # Latin-1, as an old editor saves it
    placed.write_bytes(b"\n".join(lines))
    for args in (("commit",), ("commit", "PM-20261110-7KQ3"), ("commit", str(placed))):
        line = one_line_error(run(root, *args))
        assert "2026-11-10-payments-api-timeouts.md:10: not UTF-8 text" in line, args
    with pytest.raises(ReportError, match=r":10: not UTF-8 text"):
        Store.open(root).load("PM-20261110-7KQ3")
