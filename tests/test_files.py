"""Atomic writes (postmortem.store.files)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from postmortem.store.files import write_atomic


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_writes_text_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "Zürich\nline two\r\n")
    assert target.read_bytes() == "Zürich\nline two\r\n".encode()


def test_writes_bytes_as_given(tmp_path: Path) -> None:
    target = tmp_path / "blob.bin"
    write_atomic(target, b"\x00\xff\r\n")
    assert target.read_bytes() == b"\x00\xff\r\n"


def test_replaces_existing_content(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old content that is longer than the new one\n", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert os.listdir(tmp_path) == ["report.md"]


def test_replacement_is_a_rename_not_a_rewrite(tmp_path: Path) -> None:
    # An open reader keeps the old file whole: the new content arrives as a new inode.
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    before = target.stat().st_ino
    with target.open(encoding="utf-8") as reader:
        write_atomic(target, "new\n")
        assert reader.read() == "old\n"
    assert target.stat().st_ino != before
    assert target.read_text(encoding="utf-8") == "new\n"


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.json"
    write_atomic(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"


def test_leaves_no_temporary_files(tmp_path: Path) -> None:
    for index in range(5):
        write_atomic(tmp_path / "report.md", f"version {index}\n")
    assert sorted(os.listdir(tmp_path)) == ["report.md"]


def test_empty_content(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.write_text("something", encoding="utf-8")
    write_atomic(target, "")
    assert target.read_bytes() == b""


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "hook.sh"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o751)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o751


def test_failure_when_the_parent_is_a_file_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(blocker / "report.md", "x")
    assert os.listdir(tmp_path) == ["notes.txt"]
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_failure_at_the_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    # The target is a folder with something in it: even root cannot rename a file over it.
    target = tmp_path / "report.md"
    target.mkdir()
    (target / "inside").write_text("keep", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(target, "x")
    assert os.listdir(tmp_path) == ["report.md"]
    assert (target / "inside").read_text(encoding="utf-8") == "keep"


def test_text_that_cannot_be_encoded_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "\ud800")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["report.md"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_while_writing_keeps_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")

    def failing_fsync(fd: int) -> None:  # the disk fills up as the data is flushed
        raise error

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(type(error)):
        write_atomic(target, "new\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["report.md"]


def test_concurrent_writers_leave_one_whole_version(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    versions = [f"{index}\n" * 2000 for index in range(8)]
    threads = [
        threading.Thread(target=write_atomic, args=(target, version)) for version in versions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text(encoding="utf-8") in versions
    assert os.listdir(tmp_path) == ["report.md"]
