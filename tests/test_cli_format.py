"""`postmortem render`, `parse` and `validate` as scripts use them: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_JSON = ROOT / "docs" / "examples" / "payments-outage.json"
EXAMPLE_MD = ROOT / "docs" / "examples" / "payments-outage.md"
POSTMORTEM = str(Path(sys.executable).with_name("postmortem"))


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The installed `postmortem` with `args`; `kwargs` go to subprocess.run (env=...)."""
    return subprocess.run(
        [POSTMORTEM, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        **kwargs,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for needle in needles:
        assert needle in lines[0]


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("postmortem, version ")


def test_render_matches_the_checked_in_example() -> None:
    done = run("render", str(EXAMPLE_JSON))
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXAMPLE_MD.read_text(encoding="utf-8")


def test_render_reads_standard_input_and_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    done = run("render", "-", "-o", str(out), stdin=EXAMPLE_JSON.read_bytes())
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == EXAMPLE_MD.read_text(encoding="utf-8")


def test_parse_gives_back_the_json_record() -> None:
    done = run("parse", str(EXAMPLE_MD))
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    original = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    original.setdefault("schema", 1)
    assert parsed["id"] == original["id"]
    assert parsed["timeline"] == original["timeline"]
    assert parsed["action_items"] == original["action_items"]


def test_render_of_parse_is_byte_identical(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    assert run("parse", str(EXAMPLE_MD), "-o", str(record)).returncode == 0
    again = run("render", str(record))
    assert again.stdout == EXAMPLE_MD.read_text(encoding="utf-8")


def test_validate_clean_report_exits_zero() -> None:
    done = run("validate", str(EXAMPLE_MD))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no errors" in done.stderr


def test_validate_lists_every_problem_and_exits_one(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["severity"] = "SEV9"
    data["times"]["detected"] = "1999-01-01T00:00:00Z"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    report = tmp_path / "bad.md"
    assert run("render", str(source), "-o", str(report)).returncode == 0
    done = run("validate", str(report))
    assert done.returncode == 1
    # file:line, as compilers print it, so editors jump to the field.
    lines = report.read_text(encoding="utf-8").splitlines()
    severity_line = next(i for i, line in enumerate(lines, 1) if line.startswith("severity:"))
    detected_line = next(i for i, line in enumerate(lines, 1) if "detected:" in line)
    assert f"{report}:{severity_line}: error: severity:" in done.stdout
    assert f"{report}:{detected_line}: error: times.detected:" in done.stdout


@pytest.mark.parametrize("count", [1, 600])
def test_validate_delivers_all_its_output_before_the_process_ends(
    tmp_path: Path, count: int
) -> None:
    # The console script ends without the interpreter's teardown (cli.leave_now): what sits in
    # the output buffers must still arrive, for one line as for far more than a pipe holds.
    bad = EXAMPLE_MD.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9")
    paths = []
    for number in range(count):
        path = tmp_path / f"report-{number:03}.md"
        path.write_text(bad, encoding="utf-8")
        paths.append(str(path))
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for args in (["validate", *paths], ["validate", "--json", *paths]):
        done = subprocess.run([POSTMORTEM, *args], capture_output=True, text=True, env=buffered)
        assert done.returncode == 1
        if "--json" in args:
            assert len(json.loads(done.stdout)) == count
        else:
            lines = done.stdout.splitlines()
            assert len(lines) == count
            assert lines[-1].startswith(f"{paths[-1]}:4: error: severity: 'SEV9'")


def test_validate_json_output(tmp_path: Path) -> None:
    done = run("validate", "--json", str(EXAMPLE_MD))
    assert done.returncode == 0
    assert json.loads(done.stdout) == {str(EXAMPLE_MD): []}


def test_validate_json_output_gives_lines(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["action_items"][1]["owner"] = ""
    source = tmp_path / "record.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    report = tmp_path / "report.md"
    assert run("render", str(source), "-o", str(report)).returncode == 0
    done = run("validate", "--json", str(report))
    assert done.returncode == 0  # a warning only
    (problem,) = json.loads(done.stdout)[str(report)]
    assert problem["path"] == "action_items[1].owner"
    assert problem["level"] == "warning"
    row = report.read_text(encoding="utf-8").splitlines()[problem["line"] - 1]
    assert row.startswith(f"| {data['action_items'][1]['id']} |")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01\x02binary", "bad.md"),
        (b"---\ntitle: [unclosed\n---\n# x\n", "bad.md:"),
    ],
)
def test_broken_reports_give_one_line_errors(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    for command in ("parse", "validate"):
        done = run(command, str(path))
        assert done.returncode == 1
        assert "Traceback" not in done.stderr + done.stdout
        assert needle in done.stderr + done.stdout


def test_bad_json_gives_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"id": "PM-20261126-7KQ3",\n "title": }', encoding="utf-8")
    assert_one_line_error(run("render", str(path)), "record.json:2:", "not valid JSON")


def test_wrong_field_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text(
        json.dumps({"id": "PM-20261126-7KQ3", "timeline": [{"time": "soon", "text": "x"}]}),
        encoding="utf-8",
    )
    assert_one_line_error(run("render", str(path)), "timeline[0].time", "ISO 8601")


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(run("parse", str(tmp_path / "nope.md")), "no such file")


def test_fast_path_and_click_path_give_the_same_answer(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["severity"] = "SEV9"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    report = tmp_path / "bad.md"
    assert run("render", str(source), "-o", str(report)).returncode == 0
    fast = run("validate", "--strict", str(report), str(EXAMPLE_MD))
    # "--" is outside the fast grammar, so the same command goes through click.
    slow = run("validate", "--strict", "--", str(report), str(EXAMPLE_MD))
    assert fast.returncode == slow.returncode == 1
    assert fast.stdout == slow.stdout
    assert "severity" in fast.stdout
