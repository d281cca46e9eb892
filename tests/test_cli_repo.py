"""The repository commands run as the real `postmortem` program: exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import git

from postmortem.model import ActionItem, Postmortem, to_dict

POSTMORTEM = Path(sys.executable).parent / "postmortem"


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run(
        [str(POSTMORTEM), *args], cwd=cwd, capture_output=True, text=True, env=full, check=False
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("postmortem: ")
    return lines[0]


def record_json(path: Path, title: str = "Payments API timeouts", **changes: object) -> Postmortem:
    record = Postmortem(
        id="PM-20261110-7KQ3",
        title=title,
        severity="SEV3",
        incident_date=date(2026, 11, 10),
        summary="Payments timed out.",
        resolution="Rolled back the pool change.",
    )
    record.impact.description = "Card payments failed for 95 minutes."
    record.times.started = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
    record.times.resolved = record.times.started + timedelta(minutes=95)
    record.action_items.append(
        ActionItem(id="PM-20261110-7KQ3-A1", title="Raise pool size", owner="Kim")
    )
    for key, value in changes.items():
        setattr(record, key, value)
    path.write_text(json.dumps(to_dict(record)))
    return record


def added(tmp_path: Path, repo: Path) -> tuple[Path, Path]:
    """The example JSON record (at the first path), added and committed (at the second)."""
    source = tmp_path / "record.json"
    record_json(source)
    assert run(repo, "add", str(source)).returncode == 0
    return source, repo / "postmortems/2026/2026-11-10-payments-api-timeouts.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "pm"
    done = run(tmp_path, "init", str(root))
    assert done.returncode == 0, done.stderr
    return root


def test_init_then_again(tmp_path: Path, repo: Path) -> None:
    again = run(tmp_path, "init", str(repo))
    assert again.returncode == 0
    assert "nothing changed" in again.stdout
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def test_add_json_list_and_log(tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "record.json"
    record_json(source)
    done = run(repo, "add", str(source))
    assert done.returncode == 0, done.stderr
    assert "PM-20261110-7KQ3" in done.stdout
    placed = repo / "postmortems/2026/2026-11-10-payments-api-timeouts.md"
    assert placed.is_file()
    listed = run(repo / "postmortems", "list")
    assert listed.returncode == 0
    assert listed.stdout.split() == [
        "2026-11-10",
        "PM-20261110-7KQ3",
        "SEV3",
        "draft",
        "Payments",
        "API",
        "timeouts",
    ]
    # Edited in place (as in vim), then committed with no arguments.
    placed.write_text(placed.read_text().replace("status: draft", "status: in review"))
    done = run(repo, "commit")
    assert done.returncode == 0, done.stderr
    assert "in review" in git(repo, "log", "-1", "--format=%s")
    log = run(repo, "log", "PM-20261110-7KQ3")
    assert log.returncode == 0
    lines = log.stdout.strip().splitlines()
    assert len(lines) == 2
    assert "draft -> in review" in lines[0]
    assert "created as draft" in lines[1]
    assert "Avery Example" in lines[0] and "+" in lines[0]


def test_add_markdown_report(tmp_path: Path, repo: Path) -> None:
    from postmortem.markdown import render_report

    report = tmp_path / "from-elsewhere.md"
    report.write_text(render_report(record_json(tmp_path / "r.json", "Written elsewhere")))
    done = run(repo, "add", str(report))
    assert done.returncode == 0, done.stderr
    assert (repo / "postmortems/2026/2026-11-10-written-elsewhere.md").is_file()
    assert "Written elsewhere" in (repo / "README.md").read_text()


def test_add_invalid_lists_the_problems_and_commits_nothing(tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "bad.json"
    record_json(source, severity="SEV9")
    head = git(repo, "rev-parse", "HEAD")
    done = run(repo, "add", str(source))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "severity" in done.stderr and "SEV9" in done.stderr
    assert "nothing was committed" in done.stderr.strip().splitlines()[-1]
    assert git(repo, "rev-parse", "HEAD") == head


def test_add_over_uncommitted_edits_keeps_both(tmp_path: Path, repo: Path) -> None:
    source, placed = added(tmp_path, repo)
    edited = placed.read_text().replace("Payments timed out.", "Edited in place.")
    placed.write_text(edited)
    record_json(source, summary="From the JSON.")
    line = one_line_error(run(repo, "add", str(source)))
    assert "mine.md" in line
    assert placed.read_text() == edited
    mine = placed.with_name(placed.stem + ".mine.md")
    assert "From the JSON." in mine.read_text()


def test_errors_are_one_line(tmp_path: Path, repo: Path) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    assert "postmortem init" in one_line_error(run(tmp_path, "--repo", str(nowhere), "list"))
    env_line = one_line_error(run(tmp_path, "list", env={"POSTMORTEM_REPO": str(nowhere)}))
    assert str(nowhere) in env_line
    assert "no postmortem has the id" in one_line_error(run(repo, "log", "PM-20200101-AAAA"))
    (git_dir := repo / ".git" / "index.lock").write_text("")
    source = tmp_path / "record.json"
    record_json(source)
    assert "index.lock" in one_line_error(run(repo, "add", str(source)))
    git_dir.unlink()


def test_no_identity_is_one_line(tmp_path: Path, repo: Path, no_git_identity: None) -> None:
    source = tmp_path / "record.json"
    record_json(source)
    line = one_line_error(run(repo, "add", str(source)))
    assert 'git config --global user.name "Your Name"' in line


def test_default_repository_is_announced(tmp_path: Path) -> None:
    done = run(tmp_path, "list")
    assert done.returncode == 0
    assert "created your postmortem repository at" in done.stderr
    assert os.environ["XDG_DATA_HOME"] in done.stderr
    assert "created" not in run(tmp_path, "list").stderr


def _theirs_pushed_from_another_clone(tmp_path: Path, repo: Path) -> Path:
    """`repo` shares a report through a bare remote; another clone then replaces it with a
    "Theirs." summary and pushes. Returns the JSON record file both sides add."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    source = tmp_path / "record.json"
    record_json(source)
    assert run(repo, "add", str(source)).returncode == 0
    assert run(repo, "sync").returncode == 0
    git(tmp_path, "clone", "-q", str(remote), "other")
    record_json(source, summary="Theirs.")
    assert run(tmp_path / "other", "add", "--replace", str(source)).returncode == 0
    assert run(tmp_path / "other", "sync").returncode == 0
    return source


def test_sync_conflict_exits_1_and_names_the_kept_file(tmp_path: Path, repo: Path) -> None:
    source = _theirs_pushed_from_another_clone(tmp_path, repo)
    record_json(source, summary="Ours.")
    assert run(repo, "add", "--replace", str(source)).returncode == 0
    done = run(repo, "sync")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ".mine.md" in done.stderr and "conflict" in done.stderr
    assert "2026-11-10-payments-api-timeouts.md was changed on the remote too" in done.stderr
    assert not (repo / ".git" / "rebase-merge").exists()
    mine = next((repo / "postmortems/2026").glob("*.mine.md"))
    assert "Ours." in mine.read_text()


def test_commit_by_id_or_path_validates_and_normalises(tmp_path: Path, repo: Path) -> None:
    _source, placed = added(tmp_path, repo)
    committed = placed.read_text()
    # An edit that breaks validation is refused, with the problem, and nothing is committed.
    placed.write_text(committed.replace("severity: SEV3", "severity: SEV7"))
    head = git(repo, "rev-parse", "HEAD")
    done = run(repo, "commit", "PM-20261110-7KQ3")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "SEV7" in done.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    # A valid edit, by path: committed, the file normalised through parse and render (front
    # matter keys in their order, flow-style lists).
    edited = committed.replace("Payments timed out.", "Payments timed out badly.")
    edited = edited.replace("status: draft\nseverity: SEV3\n", "severity: SEV3\nstatus: draft\n")
    assert edited.index("severity:") < edited.index("status:")
    placed.write_text(edited)
    done = run(repo / "postmortems", "commit", "2026/" + placed.name)
    assert done.returncode == 0, done.stderr
    normalised = placed.read_text()
    assert "Payments timed out badly." in normalised
    assert normalised.index("status:") < normalised.index("severity:")
    assert git(repo, "status", "--porcelain") == ""
    assert run(repo, "commit").stdout.strip() == "no changed reports to commit"


def test_commit_or_add_of_a_report_as_committed_says_nothing_to_commit(
    tmp_path: Path, repo: Path
) -> None:
    source, placed = added(tmp_path, repo)
    committed = placed.read_text()
    head = git(repo, "rev-parse", "HEAD").strip()
    expected = f"nothing to commit: {placed.relative_to(repo)} is as committed in {head[:8]}"
    # Blank lines the renderer drops: the file is put back, and no (empty) commit is tried.
    placed.write_text(committed + "\n\n")
    done = run(repo, "commit")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
    assert placed.read_text() == committed and git(repo, "status", "--porcelain") == ""
    # The same record added again: the same words.
    done = run(repo, "add", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
    assert git(repo, "rev-parse", "HEAD").strip() == head


def test_commit_of_an_unreadable_report_is_one_line(tmp_path: Path, repo: Path) -> None:
    broken = repo / "postmortems/2026/2026-11-11-broken.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("---\nid: [unclosed\n---\n# Broken\n")
    line = one_line_error(run(repo, "commit"))
    assert "2026-11-11-broken.md" in line


def test_a_copied_report_cannot_reuse_an_id(tmp_path: Path, repo: Path) -> None:
    _source, placed = added(tmp_path, repo)
    copy = placed.with_name("2026-11-10-copy.md")
    copy.write_text(placed.read_text())
    assert "already belongs to" in one_line_error(run(repo, "commit", str(copy)))


def test_add_of_a_committed_id_refuses_and_replace_keeps_hand_edits(
    tmp_path: Path, repo: Path
) -> None:
    source, placed = added(tmp_path, repo)
    # A teammate's hand edits, committed: a paragraph in a list section, a section of its own.
    text = placed.read_text().replace(
        "## Contributing factors\n", "## Contributing factors\n\nWe argued about this one.\n", 1
    )
    text += "\n## Vendor follow-up\n\nAsk the vendor for the pool limits.\n"
    placed.write_text(text)
    assert run(repo, "commit").returncode == 0, "the hand edit commits"
    edited = placed.read_text()
    assert "We argued about this one." in edited and "## Vendor follow-up" in edited
    head = git(repo, "rev-parse", "HEAD")
    record_json(source, summary="Regenerated by the paging script.")
    line = one_line_error(run(repo, "add", str(source)))
    assert "PM-20261110-7KQ3 is already committed in postmortems/2026/" in line
    assert "--replace" in line and "postmortem commit PM-20261110-7KQ3" in line
    assert placed.read_text() == edited and git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""
    # --replace takes the record's data and keeps what a person wrote that it does not hold.
    done = run(repo, "add", "--replace", str(source))
    assert done.returncode == 0, done.stderr
    replaced = placed.read_text()
    assert "Regenerated by the paging script." in replaced
    assert "We argued about this one." in replaced
    assert "## Vendor follow-up\n\nAsk the vendor for the pool limits." in replaced
    # The same record again: nothing to do, no refusal.
    assert run(repo, "add", str(source)).returncode == 0


def test_add_json_takes_the_repository_zone_and_assigns_ids(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert (
        run(
            tmp_path, "init", "--timezone", "Europe/Berlin", "--prefix", "OPS", str(root)
        ).returncode
        == 0
    )
    source = tmp_path / "paged.json"
    source.write_text(
        json.dumps(
            {
                "title": "Search down",
                "severity": "SEV4",
                "summary": "Search was down.",
                "times": {"started": "2026-11-14T23:30:00", "resolved": "2026-11-15T01:00:00"},
                "action_items": [
                    {"title": "Page the search team", "owner": "Kim"},
                    {"title": "Add a canary"},
                ],
            }
        )
    )
    done = run(root, "add", str(source))
    assert done.returncode == 0, done.stderr
    placed = next((root / "postmortems/2026").glob("2026-11-14-search-down.md"))
    report = placed.read_text()
    from postmortem.markdown import parse_report

    record = parse_report(report)
    # No zone in the record: the repository's; a time without an offset is taken in it.
    assert record.timezone == "Europe/Berlin"
    assert record.times.started == datetime(2026, 11, 14, 22, 30, tzinfo=UTC)
    # No id: one from the prefix and the day it started (in its zone).
    assert record.id.startswith("OPS-20261114-") and record.id in done.stdout
    assert [item.id for item in record.action_items] == [f"{record.id}-A1", f"{record.id}-A2"]
    # With an incident date, that day; with neither, today.
    source.write_text(
        json.dumps({"title": "Dated", "severity": "SEV4", "incident_date": "2026-10-01"})
    )
    assert run(root, "add", str(source)).returncode == 0
    source.write_text(json.dumps({"title": "Undated", "severity": "SEV4"}))
    assert run(root, "add", str(source)).returncode == 0
    ids = run(root, "list").stdout
    assert "OPS-20261001-" in ids
    assert f"OPS-{datetime.now(ZoneInfo('Europe/Berlin')):%Y%m%d}-" in ids


def test_list_of_an_empty_repository_says_how_to_start(tmp_path: Path, repo: Path) -> None:
    done = run(repo, "list")
    assert done.returncode == 0
    assert done.stdout == ""
    assert "no postmortems yet" in done.stderr and "postmortem new" in done.stderr


def test_a_hook_refusing_silently_is_named(tmp_path: Path, repo: Path) -> None:
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "pre-commit").write_text("#!/bin/sh\nexit 1\n")
    (hooks / "pre-commit").chmod(0o755)
    source = tmp_path / "record.json"
    record_json(source)
    line = one_line_error(run(repo, "add", str(source)))
    assert "the pre-commit hook refused the commit (exit 1)" in line
    assert git(repo, "diff", "--cached", "--name-only") == ""


def test_sync_refuses_an_uncommitted_edit_that_clashes(tmp_path: Path, repo: Path) -> None:
    _theirs_pushed_from_another_clone(tmp_path, repo)
    placed = repo / "postmortems/2026/2026-11-10-payments-api-timeouts.md"
    mine = placed.read_text().replace("Payments timed out.", "Mine, not committed.")
    placed.write_text(mine)
    line = one_line_error(run(repo, "sync"))
    relpath = "postmortems/2026/2026-11-10-payments-api-timeouts.md"
    assert f"postmortem commit {relpath}" in line and "stash pop" not in line
    assert placed.read_text() == mine
    assert git(repo, "status", "--porcelain") == f" M {relpath}\n"
    assert git(repo, "stash", "list") == ""
