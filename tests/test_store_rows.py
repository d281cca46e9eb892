"""Summary rows for many reports: parsed in worker processes with the same result as in this
one, and `postmortem list` shows how far it got on a terminal, and nothing elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git

from postmortem.store.initialise import initialise
from postmortem.store.repository import Store
from postmortem.store.row_parsing import PARALLEL_FROM, parse_many, parse_rows, usable_cores

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
POSTMORTEM = str(Path(sys.executable).with_name("postmortem"))
EXAMPLE_ID = "PM-20261103-4QZ7"


def report(number: int) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.replace(EXAMPLE_ID, f"PM-20261103-{number:04X}").encode()


def many_blobs(count: int) -> list[tuple[str, str, bytes | None]]:
    blobs: list[tuple[str, str, bytes | None]] = []
    for number in range(count):
        data: bytes | None = report(number)
        if number == 7:
            data = b"not a report"
        if number == 11:
            data = None  # git did not have the blob
        blobs.append((f"postmortems/2026/r-{number:04}.md", f"{number:040x}", data))
    return blobs


@pytest.mark.skipif(usable_cores() < 2, reason="one core: there are no worker processes to test")
def test_worker_processes_give_the_rows_this_process_gives() -> None:
    blobs = many_blobs(PARALLEL_FROM + 50)
    seen: list[tuple[int, int]] = []
    rows = parse_many(blobs, lambda done, total: seen.append((done, total)))
    assert rows == parse_rows(blobs)
    assert [row.path for row in rows] == [path for path, _, _ in blobs]
    assert rows[7].error and rows[7].status == "unreadable"
    assert "missing from git" in rows[11].error
    assert rows[0].id == "PM-20261103-0000" and not rows[0].error
    # Progress rises chunk by chunk to the total.
    assert seen[-1] == (len(blobs), len(blobs))
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    assert len(seen) > 1


def _repository_of(root: Path, count: int) -> None:
    initialise(root)
    folder = root / "postmortems" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"2026-11-03-report-{number:04}.md").write_bytes(report(number))
    git(root, "add", "postmortems")
    git(root, "commit", "-q", "-m", "Add reports")


def test_a_fresh_clone_of_many_reports_lists_them_all(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    count = PARALLEL_FROM + 20
    _repository_of(origin, count)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))  # no summary cache in a clone
    summaries = Store.open(clone).summaries()
    assert len(summaries) == count
    assert {summary.id for summary in summaries} == {
        f"PM-20261103-{number:04X}" for number in range(count)
    }
    # Not a terminal: no progress line mixed into what a script reads.
    done = subprocess.run(
        [POSTMORTEM, "--repo", str(clone), "list"], capture_output=True, text=True, check=True
    )
    assert "reading" not in done.stderr
    assert len(done.stdout.splitlines()) == count


@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux `script` is not installed")
def test_list_on_a_terminal_shows_progress_then_clears_it(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    count = PARALLEL_FROM + 20
    _repository_of(origin, count)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    typescript = tmp_path / "typescript"
    out = tmp_path / "out.txt"
    # `script` gives the command a real terminal and records every byte written to it.
    subprocess.run(
        ["script", "-q", "-e", "-c", f"{POSTMORTEM} --repo {clone} list > {out}", str(typescript)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    recorded = typescript.read_bytes().decode()
    # Between the lines `script` adds: "Script started ..." and "Script done ...".
    shown = recorded.split("\n", 1)[1].rsplit("\nScript done", 1)[0]
    assert f"\rpostmortem: reading {count:,} reports once, for the summary cache: " in shown
    # Rewritten in place, and erased at the end: the terminal is left as it was.
    assert shown.endswith("\r\x1b[K")
    assert "\n" not in shown.split("reading", 1)[1]
    assert len(out.read_text().splitlines()) == count
