"""`locate_fields`: the line of each field path the validator reports, for `file:line`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from postmortem.markdown import locate_fields, parse_report, render_report
from postmortem.model import Policy, validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "payments-outage.md"


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_every_field_of_the_example_has_its_line() -> None:
    text = EXAMPLE.read_text("utf-8")
    fields = locate_fields(text)
    for path, fragment in {
        "id": "id:",
        "status": "status:",
        "severity": "severity:",
        "timezone": "timezone:",
        "incident_date": "incident_date:",
        "services": "services:",
        "times.started": "  started:",
        "times.resolved": "  resolved:",
        "title": "# Card payments",
        "summary": "## Summary",
        "figures": "## Key figures",
        "impact": "## Customer impact",
        "impact.users_affected": "| Users affected |",
        "timeline": "## Timeline",
        "timeline[0]": "| 2026-11-03 13:58 |",
        "timeline[11]": "| 2026-11-03 16:20 |",
        "response": "## Response",
        "response.failover": "| Failover used |",
        "response.failover.duration": "| Failover took |",
        "response.legal_engaged": "| Legal brought in |",
        "communications": "## Customer communications",
        "communications[4]": "| 2026-11-03 16:30 |",
        "contributing_factors[1]": "- The load test",
        "went_wrong[2]": "- The merchant's report",
        "lessons_learned": "## Lessons learned",
        "action_items": "## Action items",
        "action_items[0]": "| PM-20261103-4QZ7-A1 |",
        "action_items[4]": "| PM-20261103-4QZ7-A5 |",
    }.items():
        assert fields[path] == line_of(text, fragment), path
    assert "timeline[12]" not in fields and "action_items[5]" not in fields


def test_every_problem_the_validator_finds_has_a_line() -> None:
    record = parse_report(EXAMPLE.read_text("utf-8"))
    record.title = ""
    record.timeline[3].text = ""
    record.action_items[1].owner = ""
    record.response.communications[0].summary = ""
    record.went_well[1] = ""
    record.times.detected = record.times.started and record.times.started.replace(hour=13)
    text = render_report(record)
    fields = locate_fields(text)
    problems = validate(parse_report(text), Policy())
    assert len(problems) >= 6
    for problem in problems:
        path = problem.path
        while path not in fields:
            assert "." in path or "[" in path, problem.path
            path = path[: max(path.rfind("."), path.rfind("["))]
        assert fields[path] >= 1
    assert fields["timeline[3]"] == line_of(text, "| 2026-11-03 14:09 | detection |")


def test_rows_are_counted_over_every_table_of_a_section() -> None:
    original = EXAMPLE.read_text("utf-8")
    text = original.replace(
        "| 2026-11-03 14:06 | note |",
        "\nA remark.\n\n| Time (Europe/Berlin) | Kind | What happened | Source |\n"
        "| --- | --- | --- | --- |\n| 2026-11-03 14:06 | note |",
    )
    fields = locate_fields(text)
    assert fields["timeline[2]"] == line_of(text, "| 2026-11-03 14:06 | note |")
    assert len(parse_report(text).timeline) == 12 and "timeline[11]" in fields


def test_a_file_that_does_not_parse_still_gives_what_it_can() -> None:
    assert locate_fields("") == {}
    assert locate_fields("---\nid: [\n---\n\n# T\n\n## Summary\n") == {"title": 5, "summary": 7}
    assert locate_fields("\x00") == {}


def test_importing_locate_fields_loads_no_renderer() -> None:
    code = (
        "import sys; from pathlib import Path; from postmortem.markdown import locate_fields; "
        "locate_fields(Path('docs/examples/payments-outage.md').read_text('utf-8')); "
        "print('jinja2' in sys.modules, 'textual' in sys.modules, 'git' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["False", "False", "False"]
