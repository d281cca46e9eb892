"""Bad input and odd surroundings give one line on stderr that says what to do, never a
traceback: real processes, real files, real git repositories in tmp_path."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_cli_format import EXAMPLE_JSON, EXAMPLE_MD, POSTMORTEM, run


def shell(command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`postmortem COMMAND` through bash, for redirections such as `<&-` and `| head -1`."""
    return subprocess.run(
        ["bash", "-c", f"{shlex.quote(POSTMORTEM)} {command}"],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("postmortem: "), lines[0]
    return lines[0]


def example(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    record.update(changes)
    return record


def write_json(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "pm"
    done = run("init", str(root), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return root


# --- 1. times at the ends of the calendar ------------------------------------------------------


def _extreme_record() -> dict[str, Any]:
    base = example()
    times = dict(base["times"])
    times["started"] = "0001-01-01T00:00:00+01:00"  # the year 0 in UTC
    times["resolved"] = "9999-12-31T23:59:00-12:00"  # the year 10000 in UTC
    timeline = [dict(base["timeline"][0], time="0001-01-01T00:00:00+01:00")]
    messages = [dict(base["response"]["communications"][0], time="0001-01-01T00:30:00+01:00")]
    return example(
        times=times, timeline=timeline, response=dict(base["response"], communications=messages)
    )


def test_times_at_the_ends_of_the_calendar_render_and_read_back(tmp_path: Path) -> None:
    source = write_json(tmp_path / "extreme.json", _extreme_record())
    rendered = run("render", str(source), "-o", str(tmp_path / "extreme.md"))
    assert rendered.returncode == 0, rendered.stderr
    text = (tmp_path / "extreme.md").read_text(encoding="utf-8")
    assert "started: 0001-01-01T00:00:00+01:00" in text
    assert "resolved: 9999-12-31T23:59:00-12:00" in text
    assert "| 0001-01-01 00:00 +01:00 |" in text  # a four-digit year, so it reads back
    parsed = run("parse", str(tmp_path / "extreme.md"))
    assert parsed.returncode == 0, parsed.stderr
    back = json.loads(parsed.stdout)
    assert back["times"]["started"].startswith("0001-01-01T00:00:00")
    assert run("validate", str(tmp_path / "extreme.md")).returncode == 0


def test_add_takes_times_at_the_ends_of_the_calendar(tmp_path: Path, repo: Path) -> None:
    source = write_json(tmp_path / "extreme.json", _extreme_record())
    done = run("add", str(source), cwd=repo)
    assert done.returncode == 0, done.stderr


# --- 2. standard streams the shell closed -----------------------------------------------------


@pytest.mark.parametrize("command", ["parse -", "render -"])
def test_a_closed_standard_input_is_one_line(command: str) -> None:
    line = one_line_error(shell(f"{command} <&-"))
    assert "standard input is closed; give a file name instead of -" in line


def test_validate_names_a_closed_standard_input_as_a_problem() -> None:
    done = shell("validate - <&-")
    assert done.returncode == 1
    assert done.stdout == "<stdin>: standard input is closed; give a file name instead of -\n"
    assert "internal error" not in done.stderr


def test_a_closed_standard_output_is_one_line_and_fails() -> None:
    line = one_line_error(shell(f"parse {shlex.quote(str(EXAMPLE_MD))} >&-"))
    assert "standard output is closed" in line


def test_a_closed_standard_error_does_not_fail_validate() -> None:
    done = shell(f"validate {shlex.quote(str(EXAMPLE_MD))} 2>&-")
    assert (done.returncode, done.stdout) == (0, "")


def test_list_with_a_closed_standard_error_or_output(tmp_path: Path, repo: Path) -> None:
    assert run("add", str(EXAMPLE_MD), cwd=repo).returncode == 0
    listed = shell("list 2>&-", cwd=repo)
    assert listed.returncode == 0
    assert "PM-20261103-4QZ7" in listed.stdout
    line = one_line_error(shell("list >&-", cwd=repo))
    assert "standard output is closed, so nothing could be written" in line


def test_an_error_with_standard_error_closed_goes_to_standard_output(tmp_path: Path) -> None:
    done = shell(f"parse {shlex.quote(str(tmp_path / 'missing.md'))} 2>&-")
    assert done.returncode == 1
    assert done.stdout.startswith("postmortem: ")
    assert len(done.stdout.splitlines()) == 1


# --- 3. JSON that Python's parser cannot hold ---------------------------------------------------

UNREADABLE_JSON = {
    "deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "digits": ('{"impact": {"users_affected": ' + "9" * 5000 + "}}", "too many digits"),
    "surrogate": ('{"title": "\\ud800"}', "title: '\\ud800' is half of a character"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_JSON))
@pytest.mark.parametrize("command", ["render", "add"])
def test_json_the_parser_cannot_hold_is_one_line(
    tmp_path: Path, repo: Path, command: str, case: str
) -> None:
    text, needle = UNREADABLE_JSON[case]
    source = tmp_path / "record.json"
    source.write_text(text, encoding="utf-8")
    line = one_line_error(run(command, str(source), cwd=repo))
    assert line.startswith(f"postmortem: {source}: ")
    assert needle in line
    assert "set_int_max_str_digits" not in line


def test_render_refuses_notes_of_an_unknown_section(tmp_path: Path) -> None:
    source = write_json(tmp_path / "record.json", example(notes={"nope": "x"}))
    line = one_line_error(run("render", str(source)))
    assert line.startswith(f"postmortem: {source}: ")
    assert "notes" in line and "nope" in line


# --- 4. records whose report would not read back -------------------------------------------------

UNREADABLE_RECORDS = {
    "fixed title": (
        {"extra_sections": [{"title": "Summary", "body": "More.", "after": "summary"}]},
        "extra_sections[0].title: 'Summary' is the title of one of the report's own sections",
    ),
    "NUL byte": ({"title": "Card\x00payments"}, "title: holds a NUL byte"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_RECORDS))
def test_render_refuses_a_record_whose_report_would_not_read_back(
    tmp_path: Path, case: str
) -> None:
    changes, needle = UNREADABLE_RECORDS[case]
    source = write_json(tmp_path / "record.json", example(**changes))
    output = tmp_path / "report.md"
    line = one_line_error(run("render", str(source), "-o", str(output)))
    assert line.startswith(f"postmortem: {source}: the report would not read back; ")
    assert "1 error: " in line and needle in line
    assert not output.exists()


def test_render_still_writes_a_readable_record_with_errors(tmp_path: Path) -> None:
    source = write_json(tmp_path / "record.json", example(severity="Critical", timezone="Mars/X"))
    done = run("render", str(source))
    assert done.returncode == 0, done.stderr
    assert "\nseverity: Critical\n" in done.stdout


# --- 5. a broken override template ---------------------------------------------------------------

BROKEN_TEMPLATES = {
    "{{ broken": "tpl/report.md.j2:1: ",
    "{{ 1/0 }}": "tpl/report.md.j2:1: division by zero",
    "{{ record.__class__ }}": "tpl/report.md.j2:1: not allowed in a repository's template",
    "{{ x.y }}": "tpl/report.md.j2:1: 'x' is undefined",
    "{{ range(10**9) }}": "tpl/report.md.j2:1: Range too big",
    '{% include "nope.j2" %}': "tpl/report.md.j2:1: no template named nope.j2",
}


@pytest.mark.parametrize("template", sorted(BROKEN_TEMPLATES))
def test_render_with_a_broken_template_names_it(tmp_path: Path, template: str) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.md.j2").write_text(template + "\n", encoding="utf-8")
    done = run("render", str(EXAMPLE_JSON), "--templates", "tpl", cwd=tmp_path)
    line = one_line_error(done)
    assert line.startswith("postmortem: the template failed in tpl/report.md.j2:1: ")
    assert BROKEN_TEMPLATES[template] in line
    assert line.endswith("; fix or remove it")


# --- 6. usage errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle", "see"),
    [
        (("--repo", "afile", "list"), "Invalid value for '--repo'", "postmortem"),
        (("add", "folder.md"), "Invalid value for 'SOURCE'", "postmortem add"),
        (("bogus",), "No such command 'bogus'", "postmortem"),
        (("list", "extra"), "Got unexpected extra argument (extra)", "postmortem list"),
        (("validate",), "Missing argument 'REPORTS...'", "postmortem validate"),
    ],
)
def test_usage_errors_are_one_line(
    tmp_path: Path, repo: Path, args: tuple[str, ...], needle: str, see: str
) -> None:
    (repo / "afile").write_text("x", encoding="utf-8")
    (repo / "folder.md").mkdir()
    line = one_line_error(run(*args, cwd=repo), code=2)
    assert needle in line
    assert line.endswith(f"; see {see} --help")


# --- 7. -o into a folder, a read-only folder, a folder that does not exist ---------------------


def test_output_into_a_folder_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "somefolder").mkdir()
    line = one_line_error(run("render", str(EXAMPLE_JSON), "-o", "somefolder", cwd=tmp_path))
    assert line == (
        "postmortem: somefolder: is a folder; give a file name to write, "
        "such as somefolder/report.md"
    )


def test_output_into_a_read_only_folder_names_the_target(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    target = "ro/x.json"
    if os.geteuid() == 0:  # root writes anywhere, but not into sysfs
        if not Path("/sys/kernel").is_dir():
            pytest.skip("root, and no sysfs to be refused by")
        target = "/sys/x.json"
    try:
        line = one_line_error(run("parse", str(EXAMPLE_MD), "-o", target, cwd=tmp_path))
    finally:
        folder.chmod(0o755)
    assert line.startswith(f"postmortem: {target}: cannot write it (permission denied); ")
    assert ".tmp" not in line


def test_output_into_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    done = run("render", str(EXAMPLE_JSON), "-o", "nonexist/dir/x.md", cwd=tmp_path)
    line = one_line_error(done)
    assert line == (
        "postmortem: nonexist/dir/x.md: the folder nonexist/dir does not exist; create it first"
    )
    assert not (tmp_path / "nonexist").exists()


# --- 8. a reader that went away ---------------------------------------------------------------


def run_into_closed_pipe(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command with its standard output a pipe nobody reads any more (`| head -1` after
    the first line, made certain)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [POSTMORTEM, *args], stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=cwd
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ("render", str(EXAMPLE_JSON)),
        ("parse", str(EXAMPLE_MD)),
        ("validate", "--json", str(EXAMPLE_MD)),
        ("list",),
        ("--version",),
    ],
)
def test_a_closed_pipe_ends_quietly_with_141(repo: Path, args: tuple[str, ...]) -> None:
    assert run("add", str(EXAMPLE_MD), cwd=repo).returncode == 0
    done = run_into_closed_pipe(*args, cwd=repo)
    assert (done.returncode, done.stderr) == (141, "")


def test_head_of_a_long_list_is_quiet(tmp_path: Path) -> None:
    big = example(timeline=[example()["timeline"][0]] * 3000)
    source = write_json(tmp_path / "big.json", big)
    done = shell(f"render {shlex.quote(str(source))} | head -1; echo ${{PIPESTATUS[0]}}")
    assert done.stdout.splitlines() == ["---", "141"]
    assert done.stderr == ""


# --- 9. the TUI without a terminal ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (("edit", "PM-20261103-4QZ7"), "postmortem edit"),
        (("new",), "postmortem new"),
        ((), "postmortem"),
    ],
)
def test_the_tui_without_a_terminal_is_refused(
    repo: Path, args: tuple[str, ...], command: str
) -> None:
    assert run("add", str(EXAMPLE_MD), cwd=repo).returncode == 0
    done = run(*args, cwd=repo, timeout=30, stdin=b"")
    line = one_line_error(done)
    assert line == (
        f"postmortem: {command} needs a terminal: run it in one; scripts use postmortem add/render"
    )
    assert done.stdout == ""
