"""Broken set-ups outside the postmortems (git config files, options typed to init): the real CLI
answers with one line that says what to fix, and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from test_cli_repo import one_line_error, run


def test_a_broken_global_git_config_is_one_line_naming_the_file(
    tmp_path: Path, hermetic_env: Path
) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    global_config = hermetic_env / ".gitconfig"
    global_config.write_text("[user\n", encoding="utf-8")
    line = one_line_error(run(tmp_path, "--repo", str(root), "list"))
    assert f"bad config line 1 in file {global_config}" in line
    assert "internal error" not in line and "fix" in line


def test_a_broken_repository_config_says_so_not_to_run_init(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    assert run(tmp_path, "init", str(root)).returncode == 0
    with (root / ".git/config").open("a", encoding="utf-8") as config:
        config.write("[core\n")
    for command in (["list"], ["log", "PM-20261103-4QZ7"], ["sync"]):
        line = one_line_error(run(tmp_path, "--repo", str(root), *command))
        assert "bad config line" in line and ".git/config" in line, line
        assert "postmortem init" not in line  # init would fail on the same file


def test_init_with_a_bad_option_names_it_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "pm"
    line = one_line_error(run(tmp_path, "init", "--timezone", "Mars/Olympus", str(folder)))
    assert line == (
        "postmortem: --timezone: 'Mars/Olympus' is not an IANA time zone such as Europe/Berlin"
    )
    assert not folder.exists()
    line = one_line_error(run(tmp_path, "init", "--prefix", "inc", str(folder)))
    assert line.startswith("postmortem: --prefix: 'inc' must be 1 to 10 capital letters")
    assert not folder.exists()
