"""`postmortem sync` through the real CLI, between two clones of a bare remote."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git
from test_cli_repo import run


def test_same_json_added_in_two_clones_keeps_both_postmortems(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    assert run(tmp_path, "init", str(alice)).returncode == 0
    git(alice, "remote", "add", "origin", str(remote))
    assert run(alice, "sync").returncode == 0
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    same = tmp_path / "same.json"  # no "id": each clone gives it one of its own
    same.write_text(
        json.dumps(
            {"title": "Same title both sides", "severity": "SEV4", "incident_date": "2026-11-07"}
        )
    )
    for clone in (alice, bob):
        assert run(clone, "add", str(same)).returncode == 0
    assert run(alice, "sync").returncode == 0

    done = run(bob, "sync")
    assert done.returncode == 0, done.stderr
    assert "conflict" not in done.stderr
    # One line says what happened to ours.
    assert done.stderr.strip().splitlines() == [
        "postmortem: postmortems/2026/2026-11-07-same-title-both-sides.md came in from the "
        "remote and is a different postmortem with the same date and title as yours; both are "
        "kept: yours is now postmortems/2026/2026-11-07-same-title-both-sides-2.md, committed"
    ]
    reports = sorted(p.name for p in (bob / "postmortems/2026").glob("*.md"))
    assert reports == [
        "2026-11-07-same-title-both-sides-2.md",
        "2026-11-07-same-title-both-sides.md",
    ]
    assert git(bob, "status", "--porcelain") == ""
    assert run(alice, "sync").returncode == 0
    listed = run(alice, "list").stdout
    assert listed.count("Same title both sides") == 2
